#include "core/verify.hpp"

#include <sodium.h>

#include <map>
#include <string>
#include <utility>

#include "core/registry.hpp"
#include "core/secret.hpp"

namespace pwcheck::core {

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    // THE comparison site (STYLE rule 5): the length is public (fixed by the scheme), the bytes are
    // compared with sodium_memcmp, whose running time does not depend on where they differ.
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    ensure_sodium_initialized();
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

/// The part of verify() and inspect() that needs no password: picks the scheme, parses and checks the
/// limits. Fills `out`; returns the parsed hash when it is usable, else nullptr with `out.error` set.
std::unique_ptr<ParsedHash> parse_and_check(std::string_view text, const Scheme* named, const Limits& limits,
                                            Inspection& out) {
    out.scheme = named;
    if (named != nullptr) out.name = named->name;
    const Scheme* identified = identify_scheme(text);
    if (named != nullptr && !named->claims(text)) {
        std::string message = "not a " + std::string(named->name) + " hash";
        if (identified != nullptr) message += " (it looks like " + std::string(identified->name) + ")";
        out.error = make_error(ErrorCode::wrong_scheme, std::move(message));
        return nullptr;
    }
    const Scheme* scheme = named != nullptr ? named : identified;
    if (scheme == nullptr) {
        std::string message = "unrecognized hash format; supported schemes:";
        for (const Scheme* s : scheme_table()) message.append(" ").append(s->name);
        out.error = make_error(ErrorCode::unrecognized_hash, std::move(message));
        return nullptr;
    }
    out.scheme = scheme;
    out.name = scheme->name;
    out.weak = scheme->weak;

    auto parsed = scheme->parse(text);
    if (!parsed) {
        out.error = parsed.error();
        return nullptr;
    }
    std::unique_ptr<ParsedHash> hash = std::move(*parsed);
    out.params = hash->params();
    out.hash_params = hash->hash_params();
    if (auto name = hash->name(); !name.empty()) out.name = std::move(name);
    out.weak = out.weak || hash->weak();
    // Limits come before any work: a tampered hash cannot make pwcheck compute for hours (STYLE rule 8).
    if (auto over = hash->check_limits(limits)) {
        out.error = std::move(*over);
        return nullptr;
    }
    return hash;
}

}  // namespace

Inspection inspect(std::string_view hash, const Scheme* named, const Limits& limits) {
    Inspection out;
    (void)parse_and_check(hash, named, limits, out);
    return out;
}

namespace {

/// Everything verify() does before deriving: fills `result` and returns the parsed hash, or nullptr
/// when `result` already holds the answer (an empty hash) or an error.
std::unique_ptr<ParsedHash> prepare(const VerifyRequest& request, VerifyResult& result) {
    result.scheme = request.scheme;
    if (request.scheme != nullptr) result.name = request.scheme->name;

    // The original service's rule: no password matches an unspecified hash.
    if (request.hash.empty()) {
        result.match = false;
        return nullptr;
    }
    // passlib checks the password size before it looks at the hash (FORMATS.md §0.1).
    if (request.password.size() > k_max_password_size) {
        result.error = make_error(ErrorCode::password_refused,
                                  "password exceeds the maximum of " + std::to_string(k_max_password_size) + " bytes");
        return nullptr;
    }

    Inspection inspection;
    auto hash = parse_and_check(request.hash, request.scheme, request.limits, inspection);
    result.scheme = inspection.scheme;
    result.name = std::move(inspection.name);
    result.weak = inspection.weak;
    result.params = std::move(inspection.params);
    result.hash_params = inspection.hash_params;
    if (!hash) result.error = std::move(inspection.error);
    return hash;
}

/// The answer from what the scheme derived: an error, or THE comparison.
void finish(const ParsedHash& hash, const Result<Derived>& derived, VerifyResult& result) {
    if (!derived) {
        result.error = derived.error();
        return;
    }
    result.truncated = derived->truncated;
    result.match = constant_time_equal(derived->checksum.bytes(), hash.expected());
}

}  // namespace

VerifyResult verify(const VerifyRequest& request) {
    VerifyResult result;
    const auto hash = prepare(request, result);
    if (hash) finish(*hash, hash->derive(request.password), result);
    return result;
}

std::vector<VerifyResult> verify_batch(std::span<const VerifyRequest> requests) {
    std::vector<VerifyResult> results(requests.size());
    std::vector<std::unique_ptr<ParsedHash>> hashes(requests.size());
    // Groups of requests whose hashes can be derived together: (row, batch key) -> indices.
    std::map<std::pair<const Scheme*, std::string>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        hashes[i] = prepare(requests[i], results[i]);
        if (!hashes[i]) continue;
        groups[{results[i].scheme, hashes[i]->batch_key()}].push_back(i);
    }
    for (const auto& [key, indices] : groups) {
        if (key.second.empty() || indices.size() < 2) {
            for (const std::size_t i : indices) finish(*hashes[i], hashes[i]->derive(requests[i].password), results[i]);
            continue;
        }
        std::vector<const ParsedHash*> group;
        std::vector<std::span<const std::uint8_t>> passwords;
        for (const std::size_t i : indices) {
            group.push_back(hashes[i].get());
            passwords.push_back(requests[i].password);
        }
        const auto derived = group.front()->derive_batch(group, passwords);
        for (std::size_t k = 0; k < indices.size(); ++k) finish(*group[k], derived[k], results[indices[k]]);
    }
    return results;
}

}  // namespace pwcheck::core

#include "core/verify.hpp"

#include <sodium.h>

#include <string>

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

VerifyResult failed(VerifyResult result, Error error) {
    result.match.reset();
    result.error = std::move(error);
    return result;
}

}  // namespace

VerifyResult verify(const VerifyRequest& request) {
    VerifyResult result;
    result.scheme = request.scheme;
    if (request.scheme != nullptr) result.name = request.scheme->name;

    // The original service's rule: no password matches an unspecified hash.
    if (request.hash.empty()) {
        result.match = false;
        return result;
    }
    // passlib checks the password size before it looks at the hash (FORMATS.md §0.1).
    if (request.password.size() > k_max_password_size) {
        return failed(std::move(result), make_error(ErrorCode::password_refused,
                                                    "password exceeds the maximum of " +
                                                        std::to_string(k_max_password_size) + " bytes"));
    }

    const Scheme* identified = identify_scheme(request.hash);
    if (request.scheme != nullptr && !request.scheme->claims(request.hash)) {
        std::string message = "not a " + std::string(request.scheme->name) + " hash";
        if (identified != nullptr) message += " (it looks like " + std::string(identified->name) + ")";
        return failed(std::move(result), make_error(ErrorCode::wrong_scheme, std::move(message)));
    }
    const Scheme* scheme = request.scheme != nullptr ? request.scheme : identified;
    if (scheme == nullptr) {
        std::string message = "unrecognized hash format; supported schemes:";
        for (const Scheme* s : scheme_table()) message.append(" ").append(s->name);
        return failed(std::move(result), make_error(ErrorCode::unrecognized_hash, std::move(message)));
    }
    result.scheme = scheme;
    result.name = scheme->name;
    result.weak = scheme->weak;

    auto parsed = scheme->parse(request.hash);
    if (!parsed) return failed(std::move(result), parsed.error());
    const ParsedHash& hash = **parsed;
    result.params = hash.params();
    if (auto name = hash.name(); !name.empty()) result.name = std::move(name);
    result.weak = result.weak || hash.weak();

    if (auto over = hash.check_limits(request.limits)) return failed(std::move(result), std::move(*over));

    auto derived = hash.derive(request.password);
    if (!derived) return failed(std::move(result), derived.error());
    result.truncated = derived->truncated;
    result.match = constant_time_equal(derived->checksum.bytes(), hash.expected());
    return result;
}

}  // namespace pwcheck::core

#pragma once
// Reading the passlib vector files (tests/vectors/data/<row>.json, format in tests/vectors/README.md):
// each case's password and hash bytes, with `hash_hex` and the `repeat` recipe expanded.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/verify.hpp"

namespace pwcheck::test {

/// One case of a vector file, with the bytes pwcheck is given.
struct VectorCase {
    std::vector<std::uint8_t> password;
    std::string hash;       ///< The hash bytes: `hash` (UTF-8) or `hash_hex`, then `repeat` applied.
    std::string expect;     ///< match, no_match, malformed, password_refused, cost_over_limit.
    std::string passlib;    ///< passlib's verdict: true, false, error:X, not-run.
    std::string kind;       ///< random, wrong_password, edge, malformed, lenient, hostile, mutant.
    std::string category;   ///< The `hostile` category of a hostile case, the `mutation` of a mutant.
    std::string deviation;  ///< The deviation id, when there is one.
    std::string note;
};

/// Bytes of a lowercase hex string.
inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

/// The hash bytes of a case: `hash` or `hash_hex`, with `repeat` {"at", "text", "count"} inserted at byte `at`.
inline std::string case_hash(const nlohmann::json& c) {
    std::string hash;
    if (c.contains("hash_hex")) {
        const auto bytes = from_hex(c.at("hash_hex").get<std::string>());
        hash.assign(bytes.begin(), bytes.end());
    } else {
        hash = c.at("hash").get<std::string>();
    }
    if (c.contains("repeat")) {
        const auto& r = c.at("repeat");
        const auto at = r.at("at").get<std::size_t>();
        if (at > hash.size()) throw std::runtime_error("repeat.at beyond the hash");
        std::string run;
        const auto text = r.at("text").get<std::string>();
        const auto count = r.at("count").get<std::size_t>();
        run.reserve(text.size() * count);
        for (std::size_t i = 0; i < count; ++i) run += text;
        hash.insert(at, run);
    }
    return hash;
}

/// Every case of `tests/vectors/data/<scheme>.json`; throws when the file is missing or not for `scheme`.
inline std::vector<VectorCase> load_vectors(std::string_view scheme) {
    const auto path = std::filesystem::path(PWCHECK_VECTORS_DIR) / (std::string(scheme) + ".json");
    std::ifstream in(path);
    if (!in) throw std::runtime_error("no vector file " + path.string());
    const auto data = nlohmann::json::parse(in);
    if (data.at("scheme") != scheme) throw std::runtime_error(path.string() + " is not for " + std::string(scheme));
    std::vector<VectorCase> cases;
    for (const auto& c : data.at("cases")) {
        VectorCase v;
        v.password = from_hex(c.at("password_hex").get<std::string>());
        v.hash = case_hash(c);
        v.expect = c.at("expect").get<std::string>();
        v.passlib = c.at("passlib").get<std::string>();
        v.kind = c.at("kind").get<std::string>();
        v.category = c.value("hostile", c.value("mutation", std::string()));
        v.deviation = c.value("deviation", std::string());
        v.note = c.value("note", std::string());
        cases.push_back(std::move(v));
    }
    return cases;
}

/// pwcheck's answer in the files' words: match, no_match, password_refused, cost_over_limit or malformed
/// (every other error: malformed, unsupported, unrecognized, wrong scheme; all exit 3).
inline std::string outcome(const core::VerifyResult& r) {
    if (!r.error) return *r.match ? "match" : "no_match";
    switch (r.error->code) {
        case core::ErrorCode::password_refused: return "password_refused";
        case core::ErrorCode::cost_over_limit: return "cost_over_limit";
        default: return "malformed";
    }
}

/// A hash for a failure message: C-escaped, and cut after 120 bytes (the battery has 1 MiB hashes).
inline std::string printable(std::string_view hash) {
    std::string out;
    for (const char ch : hash.substr(0, 120)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += ch;
        } else {
            static constexpr char k_hex[] = "0123456789abcdef";
            out += "\\x";
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    if (hash.size() > 120) out += "...(" + std::to_string(hash.size()) + " bytes)";
    return out;
}

}  // namespace pwcheck::test

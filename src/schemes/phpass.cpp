// passlib's phpass (FORMATS.md §5.4): `$P$` (phpass portable hashes, WordPress) and `$H$` (phpBB3), the
// same algorithm: <ident><rounds char><salt 8><checksum>, X = MD5(salt || P), then 2^rounds times
// X = MD5(X || P), checksum = hash64(X).
#include <algorithm>
#include <array>
#include <string>

#include "core/encoding.hpp"
#include "primitives/message_digest.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using core::as_bytes;

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::DigestContext;
using primitives::MessageDigest;

constexpr std::uint64_t k_min_rounds = 7;   // passlib's range of the log2 rounds
constexpr std::uint64_t k_max_rounds = 30;
constexpr std::uint64_t k_default_rounds = 19;  // passlib 1.7.4's default ('H'); WordPress writes 13 ('B')
constexpr std::size_t k_salt_chars = 8;
constexpr std::size_t k_salt_size = 8;  // passlib's default (and only) salt size: 8 chars
constexpr std::size_t k_prefix_size = 3;  // `$P$` or `$H$`

constexpr std::array<std::string_view, 2> k_prefixes = {"$P$", "$H$"};

bool is_hash64(char c) { return core::hash64().value(c) >= 0; }

/// The 22-char checksum text of `password` with `salt` and 2^`rounds` iterations.
core::SecretBuffer derive_checksum(std::span<const std::uint8_t> password, std::string_view salt, unsigned rounds) {
    DigestContext md(MessageDigest::md5);
    core::SecretBuffer x(16);
    x.resize(16);
    md.update(as_bytes(salt));
    md.update(password);
    md.finish(x.bytes());
    for (std::uint64_t i = 0, n = std::uint64_t{1} << rounds; i < n; ++i) {
        md.reset();
        md.update(x.bytes());
        md.update(password);
        md.finish(x.bytes());
    }
    // hash64 of the 16 bytes, little-endian, no transposition (FORMATS.md §5.4): 22 characters.
    return core::encode_secret(core::hash64(), x.bytes());
}

class PhpassHash final : public core::ParsedHash {
public:
    PhpassHash(char ident, unsigned rounds, std::string salt, std::string checksum)
        : m_ident(ident), m_rounds(rounds), m_salt(std::move(salt)), m_checksum(std::move(checksum)) {}

    std::vector<core::Param> params() const override {
        return {{"ident", std::string(1, m_ident)},
                {"rounds", std::uint64_t{m_rounds}},
                {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return core::over_limit("phpass log2 rounds", m_rounds, limits, &core::Limits::max_phpass_rounds);
    }

    // NUL bytes are hashed like any other byte (FORMATS.md §0.1).
    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        return core::Derived{derive_checksum(password, m_salt, m_rounds), false};
    }

    // passlib compares the checksum text and does not check its length (FORMATS.md §5.4): a stored
    // checksum of another length is a mismatch, not an error.
    std::span<const std::uint8_t> expected() const override { return as_bytes(m_checksum); }

private:
    char m_ident;
    unsigned m_rounds;
    std::string m_salt;
    std::string m_checksum;
};

Error malformed(const std::string& why) { return core::malformed_hash("phpass", why); }

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    // passlib decodes the hash as ASCII first (FORMATS.md §0.2).
    if (!core::is_ascii(hash)) {
        return malformed("non-ASCII character");
    }
    const std::string_view rest = hash.substr(k_prefix_size);
    if (rest.empty()) return malformed("nothing after " + std::string(hash.substr(0, k_prefix_size)));
    const int rounds = core::hash64().value(rest[0]);
    if (rounds < 0) return malformed("rounds character " + core::quote_for_message(rest.substr(0, 1)) + " is not hash64");
    if (static_cast<std::uint64_t>(rounds) < k_min_rounds || static_cast<std::uint64_t>(rounds) > k_max_rounds) {
        return malformed("rounds " + std::to_string(rounds) + " out of range 7..30 (characters 5..S)");
    }
    // The salt is positional: the 8 characters after the rounds character.
    const std::string_view salt = rest.substr(1, k_salt_chars);
    if (salt.size() != k_salt_chars) return malformed("salt must be 8 characters, found " + std::to_string(salt.size()));
    if (!std::all_of(salt.begin(), salt.end(), is_hash64)) return malformed("salt has a character outside ./0-9A-Za-z");
    const std::string_view checksum = rest.substr(1 + k_salt_chars);
    if (checksum.empty()) return malformed("no checksum (a configuration string, not a hash)");
    if (!std::all_of(checksum.begin(), checksum.end(), is_hash64)) {
        return malformed("checksum has a character outside ./0-9A-Za-z");
    }
    return std::unique_ptr<core::ParsedHash>(
        std::make_unique<PhpassHash>(hash[1], static_cast<unsigned>(rounds), std::string(salt), std::string(checksum)));
}

core::Result<std::string> make_hash(std::span<const std::uint8_t> password, std::uint64_t rounds,
                                    std::span<const std::uint8_t> salt_bytes) {
    // One hash64 character per random byte: 256 is a multiple of 64, so each is uniform.
    std::string salt;
    for (std::size_t i = 0; i < std::min(salt_bytes.size(), k_salt_chars); ++i) salt += core::hash64().symbol(salt_bytes[i]);
    const auto r = static_cast<unsigned>(rounds);
    const core::SecretBuffer text = derive_checksum(password, salt, r);
    return std::string("$P$") + core::hash64().symbol(r) + salt +
           std::string(reinterpret_cast<const char*>(text.data()), text.size());
}

}  // namespace

const core::Scheme& phpass() {
    // Known answer: passlib 1.7.4, password "password", rounds 7, FORMATS.md §8.
    static const core::Scheme k_scheme{"phpass",
                                       {},
                                       k_prefixes,
                                       "phpass portable hashes ($P$ WordPress, $H$ phpBB3): 2^rounds MD5s; made as $P$",
                                       parse,
                                       {"rounds", true, k_default_rounds, k_min_rounds, k_max_rounds, {}, false, {}, &core::Limits::max_phpass_rounds},
                                       {"password", "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0"},
                                       make_hash,
                                       k_salt_size,
                                       true};
    return k_scheme;
}

}  // namespace pwcheck::schemes

// passlib's sha256_crypt and sha512_crypt (FORMATS.md §4.1): $5$[rounds=<R>$]<salt>$<checksum> (same with $6$).
#include <algorithm>
#include <array>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "primitives/sha_crypt.hpp"
#include "schemes/schemes.hpp"
#include "schemes/variant_row.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::ShaCryptDigest;

constexpr std::uint64_t k_min_rounds = 1000;       // passlib (and Drepper's spec) on verify
constexpr std::uint64_t k_max_rounds = 999999999;  // likewise
constexpr std::uint64_t k_implicit_rounds = 5000;  // no `rounds=` segment (FORMATS.md §4.1)
constexpr std::size_t k_max_salt_chars = 16;
constexpr std::size_t k_salt_size = 16;  // passlib's default: 16 salt characters
constexpr std::string_view k_rounds_prefix = "rounds=";

bool is_hash64(char c) { return core::hash64().value(c) >= 0; }

/// One member of the family: everything that differs between sha256_crypt and sha512_crypt.
struct Variant {
    std::string_view scheme_name;
    std::string_view prefix;
    ShaCryptDigest digest;
    std::span<const std::string_view> aliases;
    std::string_view description;
    std::uint64_t default_rounds;  // passlib 1.7.4's default
    std::size_t checksum_chars;    // 43 or 86
    std::string_view known_answer;  // of the password "password"
};

/// Drepper's byte transposition (FORMATS.md §4.1 step 6): the digest bytes in the order they are
/// encoded, three at a time as b0<<16 | b1<<8 | b2, each group emitted least significant 6 bits first.
/// The final partial group is (byte31 << 8 | byte30) for SHA-256 and byte63 alone for SHA-512.
constexpr std::array<std::uint8_t, 32> k_order_256 = {0,  10, 20, 21, 1,  11, 12, 22, 2,  3,  13, 23, 24, 4,  14, 15,
                                                      25, 5,  6,  16, 26, 27, 7,  17, 18, 28, 8,  9,  19, 29, 31, 30};
constexpr std::array<std::uint8_t, 64> k_order_512 = {
    0,  21, 42, 22, 43, 1,  44, 2,  23, 3,  24, 45, 25, 46, 4,  47, 5,  26, 6,  27, 48, 28,
    49, 7,  50, 8,  29, 9,  30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14,
    35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41, 63};

/// Encodes the raw digest C as the checksum text into `out` (43 or 86 bytes).
void encode_checksum(std::span<const std::uint8_t> raw, std::span<std::uint8_t> out) {
    const std::span<const std::uint8_t> order =
        raw.size() == 32 ? std::span<const std::uint8_t>(k_order_256) : std::span<const std::uint8_t>(k_order_512);
    std::size_t o = 0;
    const auto emit = [&](std::uint32_t v, int chars) {
        for (int i = 0; i < chars; ++i, v >>= 6) out[o++] = static_cast<std::uint8_t>(core::hash64().symbol(v & 63));
    };
    std::size_t i = 0;
    for (; i + 3 <= order.size(); i += 3) {
        emit(std::uint32_t{raw[order[i]]} << 16 | std::uint32_t{raw[order[i + 1]]} << 8 | raw[order[i + 2]], 4);
    }
    if (order.size() - i == 2) {
        emit(std::uint32_t{raw[order[i]]} << 8 | raw[order[i + 1]], 3);
    } else {
        emit(raw[order[i]], 2);
    }
}

/// The checksum text for `password`: password_refused on a NUL, as passlib ("null character in secret").
core::Result<core::SecretBuffer> derive_checksum(const Variant& v, std::span<const std::uint8_t> password,
                                                 std::string_view salt, std::uint32_t rounds) {
    if (std::find(password.begin(), password.end(), std::uint8_t{0}) != password.end()) {
        // FORMATS.md §0.1: passlib raises ValueError, after the hash has been parsed (as here).
        return make_error(ErrorCode::password_refused,
                          std::string(v.scheme_name) + " does not allow NUL bytes in the password");
    }
    const std::size_t size = primitives::sha_crypt_digest_size(v.digest);
    core::SecretBuffer raw(size);
    raw.resize(size);
    primitives::sha_crypt_raw(v.digest, password, core::as_bytes(salt), rounds, raw.bytes());
    core::SecretBuffer text(v.checksum_chars);
    text.resize(v.checksum_chars);
    encode_checksum(raw.bytes(), text.bytes());
    return text;
}

class ShaCryptHash final : public core::ParsedHash {
public:
    ShaCryptHash(const Variant& variant, std::uint32_t rounds, bool implicit_rounds, std::string salt,
                 std::string checksum)
        : m_variant(variant),
          m_rounds(rounds),
          m_implicit_rounds(implicit_rounds),
          m_salt(std::move(salt)),
          m_checksum(std::move(checksum)) {}

    std::vector<core::Param> params() const override {
        return {{"rounds", std::uint64_t{m_rounds}},
                {"implicit_rounds", std::string(m_implicit_rounds ? "yes" : "no")},
                {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return core::over_limit(std::string(m_variant.scheme_name) + " rounds", m_rounds, limits, &core::Limits::max_sha_crypt_rounds);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        auto text = derive_checksum(m_variant, password, m_salt, m_rounds);
        if (!text) return text.error();
        return core::Derived{std::move(*text), false};
    }

    // passlib compares the encoded checksum strings (FORMATS.md §0.2, §4.1): derive() returns the
    // canonical text, so a stored checksum whose last char has non-zero unused bits is a mismatch.
    std::span<const std::uint8_t> expected() const override {
        return core::as_bytes(m_checksum);
    }

    std::optional<core::HashParams> hash_params() const override { return core::HashParams{m_rounds}; }

private:
    const Variant& m_variant;
    std::uint32_t m_rounds;
    bool m_implicit_rounds;
    std::string m_salt;
    std::string m_checksum;
};

Error malformed(const Variant& v, const std::string& why) {
    return core::malformed_hash(v.scheme_name, why);
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(const Variant& v, std::string_view hash) {
    // passlib decodes the hash as ASCII first (FORMATS.md §0.2).
    if (!core::is_ascii(hash)) {
        return malformed(v, "non-ASCII character");
    }
    std::vector<std::string_view> fields = core::split(hash.substr(v.prefix.size()), '$');

    // Only the lowercase `rounds=` is a rounds segment; without one, R = 5000 (FORMATS.md §4.1).
    std::uint64_t rounds = k_implicit_rounds;
    const bool implicit = !fields.front().starts_with(k_rounds_prefix);
    if (!implicit) {
        const std::string_view text = fields.front().substr(k_rounds_prefix.size());
        // Stricter than passlib's int(): no sign, space or '_' (README, deviations); a leading zero
        // and an empty value are errors in passlib too.
        const core::Decimal d = core::parse_decimal(text, k_max_rounds);
        if (d.status == core::Decimal::Status::too_large) {
            return malformed(v, "rounds " + core::quote_for_message(text, 24) + " out of range 1000..999999999");
        }
        if (d.status != core::Decimal::Status::ok) return malformed(v, core::describe_decimal_error(d, "rounds", text));
        // passlib is strict here when a checksum is present, where glibc would clamp.
        if (d.value < k_min_rounds) {
            return malformed(v, "rounds " + std::to_string(d.value) + " out of range 1000..999999999");
        }
        rounds = d.value;
        fields.erase(fields.begin());
    }

    if (fields.size() == 1 || (fields.size() == 2 && fields[1].empty())) {
        return malformed(v, "no checksum (a configuration string, not a hash)");
    }
    if (fields.size() != 2) {
        return malformed(v, "expected the salt and the checksum after " + std::string(v.prefix) +
                                (implicit ? "" : "rounds=...$") + ", found " + std::to_string(fields.size()) +
                                " '$'-separated fields");
    }
    const std::string_view salt = fields[0];
    const std::string_view checksum = fields[1];
    // passlib refuses a salt over 16 chars on verify; glibc and libxcrypt would cut it (FORMATS.md §4.1).
    if (salt.size() > k_max_salt_chars) return malformed(v, "salt longer than 16 characters");
    if (!std::all_of(salt.begin(), salt.end(), is_hash64)) {
        return malformed(v, "salt has a character outside ./0-9A-Za-z");
    }
    if (checksum.size() != v.checksum_chars) {
        return malformed(v, "checksum must be " + std::to_string(v.checksum_chars) + " characters, found " +
                                std::to_string(checksum.size()));
    }
    if (!std::all_of(checksum.begin(), checksum.end(), is_hash64)) {
        return malformed(v, "checksum has a character outside ./0-9A-Za-z");
    }
    return std::unique_ptr<core::ParsedHash>(std::make_unique<ShaCryptHash>(
        v, static_cast<std::uint32_t>(rounds), implicit, std::string(salt), std::string(checksum)));
}

core::Result<std::string> make_hash(const Variant& v, std::span<const std::uint8_t> password, std::uint64_t rounds,
                                    std::span<const std::uint8_t> salt_bytes) {
    // One hash64 character per random byte: 256 is a multiple of 64, so each is uniform.
    std::string salt;
    for (std::size_t i = 0; i < std::min(salt_bytes.size(), k_max_salt_chars); ++i) salt += core::hash64().symbol(salt_bytes[i]);
    auto text = derive_checksum(v, password, salt, static_cast<std::uint32_t>(rounds));
    if (!text) return text.error();
    const std::string checksum(reinterpret_cast<const char*>(text->data()), text->size());
    // passlib writes the compact form when the rounds are 5000 (its `implicit_rounds`).
    if (rounds == k_implicit_rounds) return std::string(v.prefix) + salt + "$" + checksum;
    return std::string(v.prefix) + "rounds=" + std::to_string(rounds) + "$" + salt + "$" + checksum;
}

/// The table row of variant V.
template <const Variant& V>
const core::Scheme& scheme_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       V.aliases,
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse>,
                                       {"rounds", false, V.default_rounds, k_min_rounds, k_max_rounds, {}, false, {},
                                        &core::Limits::max_sha_crypt_rounds},
                                       {"password", V.known_answer},
                                       make_as<V, make_hash>,
                                       k_salt_size};
    return k_scheme;
}

// No aliases: `sha256-crypt` already normalises to the name, and a near miss such as libxcrypt's
// `sha256crypt` gets a "did you mean".
constexpr std::span<const std::string_view> k_no_aliases{};

// Known answers: passlib 1.7.4, password "password", FORMATS.md §8.
constexpr Variant k_sha256{"sha256_crypt", "$5$", ShaCryptDigest::sha256, k_no_aliases,
                           "SHA-256-crypt (Drepper), glibc/libxcrypt $5$; made with a 16-char salt", 535000, 43,
                           "$5$rounds=1000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9"};
constexpr Variant k_sha512{"sha512_crypt", "$6$", ShaCryptDigest::sha512, k_no_aliases,
                           "SHA-512-crypt (Drepper), glibc/libxcrypt $6$; made with a 16-char salt", 656000, 86,
                           "$6$rounds=1000$saltsalt$Z/J9iYO1iE9xnr8JPQL57ZWsVRtVjrUv3CiWc/wKWseqXgSqn3HFYJ/Ng7YXa8Xl"
                           "Lj.wpdAwHOJJzuGFqBBRa0"};

}  // namespace

const core::Scheme& sha256_crypt() { return scheme_row<k_sha256>(); }
const core::Scheme& sha512_crypt() { return scheme_row<k_sha512>(); }

}  // namespace pwcheck::schemes

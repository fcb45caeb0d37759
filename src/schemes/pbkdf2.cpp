// passlib's pbkdf2_sha1 / pbkdf2_sha256 / pbkdf2_sha512 (FORMATS.md §1):
//   <ident><rounds>$<salt ab64>$<checksum ab64>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "primitives/pbkdf2.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::HmacDigest;

constexpr std::uint64_t k_max_rounds = 4294967295u;  // passlib's range is 1 .. 2^32-1
constexpr std::size_t k_max_salt_bytes = 1024;

struct Variant {
    std::string_view scheme_name;
    std::string_view prefix;
    std::string_view digest_name;
    HmacDigest digest;
};

class Pbkdf2Hash final : public core::ParsedHash {
public:
    Pbkdf2Hash(const Variant& variant, std::uint32_t rounds, std::vector<std::uint8_t> salt,
               std::vector<std::uint8_t> checksum)
        : m_variant(variant), m_rounds(rounds), m_salt(std::move(salt)), m_checksum(std::move(checksum)) {}

    std::vector<core::Param> params() const override {
        return {{"digest", std::string(m_variant.digest_name)},
                {"rounds", std::uint64_t{m_rounds}},
                {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        if (m_rounds <= limits.max_pbkdf2_rounds) return std::nullopt;
        return make_error(ErrorCode::cost_over_limit,
                          std::string(m_variant.scheme_name) + " rounds " + std::to_string(m_rounds) +
                              " exceed the limit of " + std::to_string(limits.max_pbkdf2_rounds));
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        core::Derived out{core::SecretBuffer(m_checksum.size()), false};
        out.checksum.resize(m_checksum.size());
        primitives::pbkdf2_hmac(m_variant.digest, password, m_salt, m_rounds, out.checksum.bytes());
        return out;
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

private:
    const Variant& m_variant;
    std::uint32_t m_rounds;
    std::vector<std::uint8_t> m_salt;
    std::vector<std::uint8_t> m_checksum;
};

Error malformed(const Variant& v, const std::string& why) {
    return make_error(ErrorCode::malformed_hash, "malformed " + std::string(v.scheme_name) + " hash: " + why);
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(const Variant& v, std::string_view hash) {
    std::string_view rest = hash.substr(v.prefix.size());
    std::vector<std::string_view> fields;
    for (;;) {
        const auto dollar = rest.find('$');
        fields.push_back(rest.substr(0, dollar));
        if (dollar == std::string_view::npos) break;
        rest.remove_prefix(dollar + 1);
    }
    if (fields.size() == 2 || (fields.size() == 3 && fields[2].empty())) {
        return malformed(v, "no checksum (a configuration string, not a hash)");
    }
    if (fields.size() != 3) {
        return malformed(v, "expected 3 '$'-separated fields (rounds, salt, checksum) after " +
                                std::string(v.prefix) + ", found " + std::to_string(fields.size()));
    }

    // Stricter than passlib's int(): no sign, space, '_' or leading zero (README, deviations).
    const core::Decimal rounds = core::parse_decimal(fields[0], k_max_rounds);
    if (rounds.status != core::Decimal::Status::ok) {
        if (rounds.status == core::Decimal::Status::too_large) {
            return malformed(v, "rounds " + core::quote_for_message(fields[0], 24) + " out of range 1..4294967295");
        }
        return malformed(v, core::describe_decimal_error(rounds, "rounds", fields[0]));
    }
    if (rounds.value == 0) return malformed(v, "rounds must be at least 1");

    // Lenient where passlib is (`+` or `.`, unused bits), strict on junk and '=' (README, deviations).
    auto salt = core::ab64().decode(fields[1]);
    if (!salt) return malformed(v, "salt is not valid base64 (alphabet A-Za-z0-9./, no padding)");
    if (salt->size() > k_max_salt_bytes) return malformed(v, "salt longer than 1024 bytes");

    auto checksum = core::ab64().decode(fields[2]);
    if (!checksum) return malformed(v, "checksum is not valid base64 (alphabet A-Za-z0-9./, no padding)");
    const std::size_t want = primitives::digest_size(v.digest);
    if (checksum->size() != want) {
        return malformed(v, "checksum must be " + std::to_string(want) + " bytes, found " +
                                std::to_string(checksum->size()));
    }
    return std::unique_ptr<core::ParsedHash>(std::make_unique<Pbkdf2Hash>(
        v, static_cast<std::uint32_t>(rounds.value), std::move(*salt), std::move(*checksum)));
}

constexpr Variant k_sha1{"pbkdf2_sha1", "$pbkdf2$", "sha1", HmacDigest::sha1};
constexpr Variant k_sha256{"pbkdf2_sha256", "$pbkdf2-sha256$", "sha256", HmacDigest::sha256};
constexpr Variant k_sha512{"pbkdf2_sha512", "$pbkdf2-sha512$", "sha512", HmacDigest::sha512};

constexpr std::string_view k_sha1_aliases[] = {"sha1"};
constexpr std::string_view k_sha256_aliases[] = {"sha256"};
constexpr std::string_view k_sha512_aliases[] = {"sha512"};
constexpr std::string_view k_sha1_prefixes[] = {k_sha1.prefix};
constexpr std::string_view k_sha256_prefixes[] = {k_sha256.prefix};
constexpr std::string_view k_sha512_prefixes[] = {k_sha512.prefix};

}  // namespace

const core::Scheme& pbkdf2_sha1() {
    static const core::Scheme k_scheme{k_sha1.scheme_name, k_sha1_aliases, k_sha1_prefixes,
                                       "PBKDF2-HMAC-SHA1, passlib format (the original default)",
                                       [](std::string_view h) { return parse(k_sha1, h); }};
    return k_scheme;
}

const core::Scheme& pbkdf2_sha256() {
    static const core::Scheme k_scheme{k_sha256.scheme_name, k_sha256_aliases, k_sha256_prefixes,
                                       "PBKDF2-HMAC-SHA256, passlib format",
                                       [](std::string_view h) { return parse(k_sha256, h); }};
    return k_scheme;
}

const core::Scheme& pbkdf2_sha512() {
    static const core::Scheme k_scheme{k_sha512.scheme_name, k_sha512_aliases, k_sha512_prefixes,
                                       "PBKDF2-HMAC-SHA512, passlib format",
                                       [](std::string_view h) { return parse(k_sha512, h); }};
    return k_scheme;
}

}  // namespace pwcheck::schemes

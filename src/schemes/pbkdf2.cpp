// passlib's pbkdf2_sha1 / pbkdf2_sha256 / pbkdf2_sha512 (FORMATS.md §1):
//   <ident><rounds>$<salt ab64>$<checksum ab64>
#include <algorithm>
#include <optional>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "primitives/pbkdf2.hpp"
#include "schemes/schemes.hpp"
#include "schemes/variant_row.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::HmacDigest;

constexpr std::uint64_t k_max_rounds = 4294967295u;  // passlib's range is 1 .. 2^32-1
constexpr std::size_t k_max_salt_bytes = 1024;
constexpr std::size_t k_salt_size = 16;  // passlib's default salt size

/// One member of the family: everything that differs between pbkdf2_sha1, _sha256 and _sha512.
struct Variant {
    std::string_view scheme_name;
    std::string_view prefix;
    std::string_view digest_name;
    HmacDigest digest;
    std::span<const std::string_view> aliases;
    std::string_view description;
    std::uint64_t default_rounds;  // passlib 1.7.4's default
    std::string_view known_answer;  // of the password "password"
};

core::SecretBuffer derive_key(const Variant& v, std::span<const std::uint8_t> password,
                              std::span<const std::uint8_t> salt, std::uint32_t rounds) {
    const std::size_t size = primitives::digest_size(v.digest);
    core::SecretBuffer key(size);
    key.resize(size);
    primitives::pbkdf2_hmac(v.digest, password, salt, rounds, key.bytes());
    return key;
}

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
        return core::over_limit(std::string(m_variant.scheme_name) + " rounds", m_rounds, limits, &core::Limits::max_pbkdf2_rounds);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        return core::Derived{derive_key(m_variant, password, m_salt, m_rounds), false};
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

    std::optional<core::HashParams> hash_params() const override { return core::HashParams{m_rounds}; }

    // Only pbkdf2_sha256 has an interleaved path (its output is one SHA-256 block).
    std::string batch_key() const override {
        return m_variant.digest == HmacDigest::sha256 ? "rounds=" + std::to_string(m_rounds) : std::string();
    }

    std::vector<core::Result<core::Derived>> derive_batch(
        std::span<const core::ParsedHash* const> hashes,
        std::span<const std::span<const std::uint8_t>> passwords) const override {
        std::vector<std::optional<core::Result<core::Derived>>> out(hashes.size());
        std::vector<std::size_t> ready;
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            const auto* hash = dynamic_cast<const Pbkdf2Hash*>(hashes[i]);
            if (hash == nullptr || hash->m_variant.digest != HmacDigest::sha256 || hash->m_rounds != m_rounds ||
                m_variant.digest != HmacDigest::sha256) {
                out[i] = hashes[i]->derive(passwords[i]);
                continue;
            }
            ready.push_back(i);
        }
        for (std::size_t first = 0; first < ready.size(); first += primitives::k_pbkdf2_max_lanes) {
            const std::size_t n = std::min(primitives::k_pbkdf2_max_lanes, ready.size() - first);
            std::vector<core::SecretBuffer> keys;
            std::vector<primitives::Pbkdf2Lane> lanes;
            for (std::size_t k = 0; k < n; ++k) {
                keys.emplace_back(primitives::k_pbkdf2_sha256_size).resize(primitives::k_pbkdf2_sha256_size);
            }
            for (std::size_t k = 0; k < n; ++k) {
                const std::size_t i = ready[first + k];
                const auto* hash = static_cast<const Pbkdf2Hash*>(hashes[i]);
                lanes.push_back({passwords[i], hash->m_salt,
                                 std::span<std::uint8_t, primitives::k_pbkdf2_sha256_size>(keys[k].data(), keys[k].size())});
            }
            primitives::pbkdf2_hmac_sha256_lanes(lanes, m_rounds);
            for (std::size_t k = 0; k < n; ++k) out[ready[first + k]] = core::Derived{std::move(keys[k]), false};
        }
        std::vector<core::Result<core::Derived>> results;
        results.reserve(out.size());
        for (auto& r : out) results.push_back(std::move(*r));
        return results;
    }

private:
    const Variant& m_variant;
    std::uint32_t m_rounds;
    std::vector<std::uint8_t> m_salt;
    std::vector<std::uint8_t> m_checksum;
};

Error malformed(const Variant& v, const std::string& why) {
    return core::malformed_hash(v.scheme_name, why);
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(const Variant& v, std::string_view hash) {
    const std::vector<std::string_view> fields = core::split(hash.substr(v.prefix.size()), '$');
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

core::Result<std::string> make_hash(const Variant& v, std::span<const std::uint8_t> password, std::uint64_t rounds,
                                    std::span<const std::uint8_t> salt) {
    const core::SecretBuffer key = derive_key(v, password, salt, static_cast<std::uint32_t>(rounds));
    return std::string(v.prefix) + std::to_string(rounds) + "$" + core::ab64().encode(salt) + "$" +
           core::ab64().encode(key.bytes());
}

/// The table row of variant V: everything but the variant's own data is common to the family.
template <const Variant& V>
const core::Scheme& scheme_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       V.aliases,
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse>,
                                       {"rounds", false, V.default_rounds, 1, k_max_rounds, {}, false, {}, &core::Limits::max_pbkdf2_rounds},
                                       {"password", V.known_answer},
                                       make_as<V, make_hash>,
                                       k_salt_size};
    return k_scheme;
}

constexpr std::string_view k_sha1_aliases[] = {"sha1"};
constexpr std::string_view k_sha256_aliases[] = {"sha256"};
constexpr std::string_view k_sha512_aliases[] = {"sha512"};

// Known answers: passlib 1.7.4, password "password", FORMATS.md §8.
constexpr Variant k_sha1{"pbkdf2_sha1", "$pbkdf2$", "sha1", HmacDigest::sha1, k_sha1_aliases,
                         "PBKDF2-HMAC-SHA1, passlib format (the original default)", 131000,
                         "$pbkdf2$1000$c2FsdHNhbHRzYWx0c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM"};
constexpr Variant k_sha256{"pbkdf2_sha256", "$pbkdf2-sha256$", "sha256", HmacDigest::sha256, k_sha256_aliases,
                           "PBKDF2-HMAC-SHA256, passlib format", 29000,
                           "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA"};
constexpr Variant k_sha512{"pbkdf2_sha512", "$pbkdf2-sha512$", "sha512", HmacDigest::sha512, k_sha512_aliases,
                           "PBKDF2-HMAC-SHA512, passlib format", 25000,
                           "$pbkdf2-sha512$1000$c2FsdHNhbHRzYWx0c2FsdA$715rqIr5dXOVPpBhqqsugl037zT5bWJTWYmZtIcK8hB"
                           "nisKpwfY7kokvwjDrNHqHhF50Pb7MD6HvkJwiDQw4ww"};

}  // namespace

const core::Scheme& pbkdf2_sha1() { return scheme_row<k_sha1>(); }
const core::Scheme& pbkdf2_sha256() { return scheme_row<k_sha256>(); }
const core::Scheme& pbkdf2_sha512() { return scheme_row<k_sha512>(); }

}  // namespace pwcheck::schemes

// passlib's bcrypt (FORMATS.md §2.1): $<ident>$<cost 2 digits>$<salt 22 bcrypt64><checksum 31 bcrypt64>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "core/encoding.hpp"
#include "primitives/bcrypt.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;

constexpr std::size_t k_salt_chars = 22;      // 16 bytes + 4 unused bits
constexpr std::size_t k_checksum_chars = 31;  // 23 bytes + 2 unused bits
constexpr std::size_t k_checksum_bytes = 23;
constexpr unsigned k_min_cost = 4;
constexpr unsigned k_max_cost = 31;

/// How each ident turns the password into the key bytes (one table, not scattered ifs).
enum class KeyRule {
    nul_terminated,  ///< $2a$ $2b$ $2y$: P truncated to 72 bytes, then a NUL (pyca/bcrypt semantics).
    repeat_to_72,    ///< $2$: passlib's emulation: a non-empty P repeated cyclically to exactly 72 bytes.
    unsupported,     ///< $2x$: crypt_blowfish's buggy variant, which passlib refuses.
};

struct Ident {
    std::string_view prefix;
    std::string_view name;
    KeyRule rule;
};

// passlib's order of recognition (FORMATS.md §2.1).
constexpr std::array<Ident, 5> k_idents = {{
    {"$2$", "2", KeyRule::repeat_to_72},
    {"$2a$", "2a", KeyRule::nul_terminated},
    {"$2x$", "2x", KeyRule::unsupported},
    {"$2y$", "2y", KeyRule::nul_terminated},
    {"$2b$", "2b", KeyRule::nul_terminated},
}};
constexpr std::array<std::string_view, 5> k_prefixes = {"$2$", "$2a$", "$2x$", "$2y$", "$2b$"};

/// The 23 checksum bytes bcrypt computes for `password` under `rule`, `cost` and `salt`.
core::Result<core::SecretBuffer> derive_checksum(KeyRule rule, unsigned cost, std::span<const std::uint8_t, 16> salt,
                                                 std::span<const std::uint8_t> password) {
    if (std::find(password.begin(), password.end(), std::uint8_t{0}) != password.end()) {
        // passlib raises PasswordValueError: a NUL would end the key early in C implementations.
        return make_error(ErrorCode::password_refused, "bcrypt does not allow NUL bytes in the password");
    }
    constexpr std::size_t k_max = primitives::k_bcrypt_max_key_size;
    core::SecretBuffer key(k_max);
    if (rule == KeyRule::repeat_to_72 && !password.empty()) {
        key.resize(k_max);
        for (std::size_t i = 0; i < k_max; ++i) key.data()[i] = password[i % password.size()];
    } else {
        // Only the first 72 bytes of the cyclic stream P || NUL || P || NUL ... are ever used.
        const std::size_t n = std::min(password.size(), k_max);
        key.resize(std::min(n + 1, k_max));
        std::copy_n(password.begin(), n, key.data());
        if (n < k_max) key.data()[n] = 0;
    }
    core::SecretBuffer raw(primitives::k_bcrypt_output_size);
    raw.resize(primitives::k_bcrypt_output_size);
    primitives::bcrypt_raw(key.bytes(), salt, cost,
                           std::span<std::uint8_t, primitives::k_bcrypt_output_size>(raw.data(), raw.size()));
    raw.resize(k_checksum_bytes);  // the format keeps 23 of the 24 bytes; resize wipes the last one
    return raw;
}

class BcryptHash final : public core::ParsedHash {
public:
    BcryptHash(const Ident& ident, unsigned cost, std::array<std::uint8_t, 16> salt,
               std::array<std::uint8_t, k_checksum_bytes> checksum)
        : m_ident(ident), m_cost(cost), m_salt(salt), m_checksum(checksum) {}

    std::vector<core::Param> params() const override {
        return {{"ident", std::string(m_ident.name)}, {"cost", std::uint64_t{m_cost}}, {"salt_size", std::uint64_t{16}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        if (m_cost <= limits.max_bcrypt_cost) return std::nullopt;
        return make_error(ErrorCode::cost_over_limit, "bcrypt cost " + std::to_string(m_cost) +
                                                          " exceeds the limit of " +
                                                          std::to_string(limits.max_bcrypt_cost));
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        auto checksum = derive_checksum(m_ident.rule, m_cost, m_salt, password);
        if (!checksum) return checksum.error();
        return core::Derived{std::move(*checksum), password.size() > primitives::k_bcrypt_max_key_size};
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

private:
    const Ident& m_ident;
    unsigned m_cost;
    std::array<std::uint8_t, 16> m_salt;
    std::array<std::uint8_t, k_checksum_bytes> m_checksum;
};

Error malformed(const std::string& why) { return make_error(ErrorCode::malformed_hash, "malformed bcrypt hash: " + why); }

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    const Ident* ident = nullptr;
    for (const auto& candidate : k_idents) {
        if (hash.starts_with(candidate.prefix)) {
            ident = &candidate;
            break;
        }
    }
    if (ident == nullptr) return malformed("unknown bcrypt variant");
    if (ident->rule == KeyRule::unsupported) {
        return make_error(ErrorCode::unsupported_hash,
                          "bcrypt $2x$ hashes (crypt_blowfish's buggy variant) are not supported, as in passlib");
    }
    const std::string_view rest = hash.substr(ident->prefix.size());
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos) return malformed("expected '$' after the cost");
    const std::string_view cost_text = rest.substr(0, dollar);
    const std::string_view data = rest.substr(dollar + 1);
    if (data.find('$') != std::string_view::npos) return malformed("too many '$'-separated fields");

    // The cost is exactly two ASCII digits, as passlib requires ("%02d" round trip).
    if (cost_text.size() != 2 || cost_text[0] < '0' || cost_text[0] > '9' || cost_text[1] < '0' ||
        cost_text[1] > '9') {
        return malformed("cost " + core::quote_for_message(cost_text, 24) + " is not two decimal digits");
    }
    const unsigned cost = static_cast<unsigned>((cost_text[0] - '0') * 10 + (cost_text[1] - '0'));
    if (cost < k_min_cost || cost > k_max_cost) {
        return malformed("cost " + std::string(cost_text) + " outside the range 04..31");
    }

    if (data.size() < k_salt_chars) return malformed("salt shorter than 22 characters");
    const std::string_view salt_text = data.substr(0, k_salt_chars);
    const std::string_view checksum_text = data.substr(k_salt_chars);
    if (checksum_text.empty()) return malformed("no checksum (a configuration string, not a hash)");
    if (checksum_text.size() != k_checksum_chars) {
        return malformed("checksum must be 31 characters, found " + std::to_string(checksum_text.size()));
    }
    // Non-zero unused bits in the last salt/checksum character are repaired (ignored), as passlib does.
    const auto salt = core::bcrypt64().decode(salt_text);
    if (!salt) return malformed("salt has a character outside bcrypt's base64 alphabet ./A-Za-z0-9");
    const auto checksum = core::bcrypt64().decode(checksum_text);
    if (!checksum) return malformed("checksum has a character outside bcrypt's base64 alphabet ./A-Za-z0-9");

    std::array<std::uint8_t, 16> salt_bytes{};
    std::array<std::uint8_t, k_checksum_bytes> checksum_bytes{};
    std::copy_n(salt->begin(), salt_bytes.size(), salt_bytes.begin());
    std::copy_n(checksum->begin(), checksum_bytes.size(), checksum_bytes.begin());
    return std::unique_ptr<core::ParsedHash>(std::make_unique<BcryptHash>(*ident, cost, salt_bytes, checksum_bytes));
}

/// A canonical `$2b$` hash (zero unused bits), as passlib makes by default.
core::Result<std::string> make_hash(std::span<const std::uint8_t> password, std::uint64_t cost,
                                    std::span<const std::uint8_t> salt) {
    if (salt.size() != 16 || cost < k_min_cost || cost > k_max_cost) std::abort();  // the caller's contract
    auto checksum = derive_checksum(KeyRule::nul_terminated, static_cast<unsigned>(cost),
                                    std::span<const std::uint8_t, 16>(salt.data(), 16), password);
    if (!checksum) return checksum.error();
    const char cost_text[] = {static_cast<char>('0' + cost / 10), static_cast<char>('0' + cost % 10), 0};
    return "$2b$" + std::string(cost_text) + "$" + core::bcrypt64().encode(salt) +
           core::bcrypt64().encode(checksum->bytes());
}

}  // namespace

const core::Scheme& bcrypt() {
    static const core::Scheme k_scheme{"bcrypt",
                                       {},
                                       k_prefixes,
                                       "bcrypt ($2b$, $2a$, $2y$, $2$), passwords over 72 bytes truncated",
                                       parse,
                                       {"cost", true, 12, k_min_cost, k_max_cost},
                                       {"password", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"},
                                       make_hash,
                                       16};
    return k_scheme;
}

}  // namespace pwcheck::schemes

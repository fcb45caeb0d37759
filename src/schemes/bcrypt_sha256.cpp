// passlib's bcrypt_sha256 (FORMATS.md §2.2): bcrypt over a base-64 SHA-256 pre-hash of the password,
//   v2: $bcrypt-sha256$v=2,t=2b,r=<R>$<salt22>$<digest31>   key = b64(HMAC-SHA256(salt text, P))
//   v1: $bcrypt-sha256$<2a|2b>,<R>$<salt22>$<digest31>      key = b64(SHA256(P))
#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "schemes/bcrypt_parts.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using namespace bcrypt_parts;
using core::Error;
using core::ErrorCode;
using core::make_error;

constexpr std::string_view k_prefix = "$bcrypt-sha256$";
/// Padded standard base-64 of a 32-byte digest: 44 characters ending in '='.
constexpr std::size_t k_key_chars = 44;

class BcryptSha256Hash final : public core::ParsedHash {
public:
    BcryptSha256Hash(unsigned version, std::string_view ident, unsigned cost, Salt salt, Checksum checksum)
        : m_version(version), m_ident(ident), m_cost(cost), m_salt(salt), m_checksum(checksum) {}

    std::vector<core::Param> params() const override {
        return {{"version", std::uint64_t{m_version}},
                {"ident", std::string(m_ident)},
                {"cost", std::uint64_t{m_cost}},
                {"salt_size", std::uint64_t{16}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return check_cost_limit(m_cost, limits);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        core::SecretBuffer digest(crypto_auth_hmacsha256_BYTES);
        digest.resize(crypto_auth_hmacsha256_BYTES);
        core::ensure_sodium_initialized();
        if (m_version == 2) {
            // The HMAC key is the salt's text after passlib's padding-bit repair, not its bytes (§2.2).
            const std::string salt_text = encode_salt(m_salt);
            crypto_auth_hmacsha256_state state;
            crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(salt_text.data()), salt_text.size());
            crypto_auth_hmacsha256_update(&state, password.data(), password.size());
            crypto_auth_hmacsha256_final(&state, digest.data());
            sodium_memzero(&state, sizeof state);
        } else {
            crypto_hash_sha256(digest.data(), password.data(), password.size());
        }
        // A 44-character key: no NUL, under bcrypt's 72 bytes, so nothing is refused or truncated.
        core::SecretBuffer key(k_key_chars + 1);
        key.resize(k_key_chars + 1);
        sodium_bin2base64(reinterpret_cast<char*>(key.data()), key.size(), digest.data(), digest.size(),
                          sodium_base64_VARIANT_ORIGINAL);
        key.resize(k_key_chars);
        auto checksum = checksum_2b(key.bytes(), m_cost, m_salt);
        if (!checksum) return checksum.error();
        return core::Derived{std::move(*checksum), false};
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

    std::optional<core::HashParams> hash_params() const override {
        // Version 1 hashes plain SHA-256 of the password; passlib 1.7.4 makes version 2 (HMAC).
        core::HashParams hp{m_cost};
        hp.legacy_form = m_version < 2;
        return hp;
    }

private:
    unsigned m_version;
    std::string_view m_ident;
    unsigned m_cost;
    Salt m_salt;
    Checksum m_checksum;
};

Error malformed(const std::string& why) {
    return core::malformed_hash("bcrypt_sha256", why);
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// The cost field: one or two digits, not zero-padded, 4..31 (passlib's `\d{1,2}` and its zero-padding rule).
core::Result<unsigned> parse_cost(std::string_view text) {
    if (text.size() > 2 || !all_digits(text)) {
        return malformed("cost " + core::quote_for_message(text, 24) + " is not a 1- or 2-digit number");
    }
    if (text.size() == 2 && text[0] == '0') return malformed("cost " + std::string(text) + " is zero-padded");
    const auto cost = static_cast<unsigned>(core::parse_decimal(text, 99).value);
    if (cost < k_min_cost || cost > k_max_cost) return malformed("cost " + std::string(text) + " outside the range 4..31");
    return cost;
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    std::string_view rest = hash.substr(k_prefix.size());
    // passlib's regex ends in `$`, which also matches before one final newline (FORMATS.md §0.2, §10.11).
    if (rest.ends_with('\n')) rest.remove_suffix(1);

    const auto first = rest.find('$');
    if (first == std::string_view::npos) return malformed("expected '$'-separated parameters, salt and digest");
    const std::string_view params = rest.substr(0, first);
    const std::string_view tail = rest.substr(first + 1);
    const auto second = tail.find('$');
    if (second == std::string_view::npos || second + 1 == tail.size()) {
        return malformed("no digest (a configuration string, not a hash)");
    }
    const std::string_view salt_text = tail.substr(0, second);
    const std::string_view digest_text = tail.substr(second + 1);

    unsigned version = 0;
    std::string_view ident;
    std::string_view cost_text;
    if (params.starts_with("v=")) {
        // v2: exactly "v=<digits>,t=2b,r=<cost>", in that order.
        const auto comma = params.find(',');
        const std::string_view v = params.substr(2, comma == std::string_view::npos ? std::string_view::npos : comma - 2);
        const std::string_view after = comma == std::string_view::npos ? std::string_view{} : params.substr(comma + 1);
        if (!all_digits(v) || !after.starts_with("t=2b,r=")) {
            return malformed("parameters must be 'v=2,t=2b,r=<cost>'");
        }
        // passlib reads the version with int(): "02" is 2; below 2 is malformed, above is unknown.
        const std::string_view digits = v.substr(std::min(v.find_first_not_of('0'), v.size() - 1));
        if (digits.size() > 1 || digits[0] > '2') {
            return make_error(ErrorCode::unsupported_hash, "bcrypt_sha256 version " + core::quote_for_message(v, 24) +
                                                               " is not supported (only 1 and 2)");
        }
        if (digits != "2") return malformed("version " + std::string(v) + " in the v2 layout");
        version = 2;
        ident = "2b";
        cost_text = after.substr(7);
    } else {
        // v1: "<2a|2b>,<cost>".
        if (!(params.starts_with("2a,") || params.starts_with("2b,"))) {
            return malformed("parameters must be 'v=2,t=2b,r=<cost>' or, for version 1, '2a,<cost>' / '2b,<cost>'");
        }
        version = 1;
        ident = params.substr(0, 2);
        cost_text = params.substr(3);
    }
    auto cost = parse_cost(cost_text);
    if (!cost) return cost.error();

    if (salt_text.size() != k_salt_chars) return malformed("salt must be 22 characters");
    const auto salt = decode_salt(salt_text);
    if (!salt) return malformed("salt has a character outside bcrypt's base64 alphabet ./A-Za-z0-9");
    if (digest_text.size() != k_checksum_chars) {
        return malformed("digest must be 31 characters, found " + std::to_string(digest_text.size()));
    }
    const auto checksum = decode_checksum(digest_text);
    if (!checksum) return malformed("digest has a character outside bcrypt's base64 alphabet ./A-Za-z0-9");
    return std::unique_ptr<core::ParsedHash>(std::make_unique<BcryptSha256Hash>(version, ident, *cost, *salt, *checksum));
}

/// passlib's default form: version 2, `t=2b`, the cost without zero padding.
core::Result<std::string> make_hash(std::span<const std::uint8_t> password, std::uint64_t cost,
                                    std::span<const std::uint8_t> salt) {
    if (salt.size() != 16 || cost < k_min_cost || cost > k_max_cost) std::abort();  // the caller's contract
    Salt salt_bytes{};
    std::copy_n(salt.begin(), salt_bytes.size(), salt_bytes.begin());
    const BcryptSha256Hash hash(2, "2b", static_cast<unsigned>(cost), salt_bytes, Checksum{});
    auto derived = hash.derive(password);
    if (!derived) return derived.error();
    return std::string(k_prefix) + "v=2,t=2b,r=" + std::to_string(cost) + "$" + encode_salt(salt_bytes) + "$" +
           encode_checksum(derived->checksum.bytes());
}

constexpr std::string_view k_prefixes[] = {k_prefix};

}  // namespace

const core::Scheme& bcrypt_sha256() {
    static const core::Scheme k_scheme{
        "bcrypt_sha256",
        {},
        k_prefixes,
        "bcrypt over an HMAC-SHA256 pre-hash (passlib's v2; v1 read too): no 72-byte limit, NUL allowed",
        parse,
        {"cost", true, 12, k_min_cost, k_max_cost, {}, false, {}, &core::Limits::max_bcrypt_cost},
        {"password", "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG"},
        make_hash,
        16};
    return k_scheme;
}

}  // namespace pwcheck::schemes

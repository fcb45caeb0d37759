// passlib's scrypt (FORMATS.md §3.2, §3.3), through libsodium's scrypt:
//   $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt std-b64>$<checksum std-b64, 32 bytes>
//   $7$<N 1 char><r 5 chars><p 5 chars><salt text>$<checksum hash64, 32 bytes>
#include <sodium.h>

#include <algorithm>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;

constexpr std::string_view k_prefix_scrypt = "$scrypt$";
constexpr std::string_view k_prefix_7 = "$7$";
constexpr std::size_t k_checksum_bytes = 32;
constexpr std::size_t k_max_salt_bytes = 1024;  // passlib's max_salt_size
constexpr std::uint64_t k_max_ln = 31;           // passlib's max_rounds
constexpr std::uint64_t k_default_r = 8;         // passlib 1.7.4's defaults: ln=16, r=8, p=1
constexpr std::uint64_t k_default_p = 1;

/// scrypt's cost parameters: N = 2^ln, block size r, parallelism p.
struct Params {
    std::uint64_t ln;
    std::uint64_t r;
    std::uint64_t p;
};

class ScryptHash final : public core::ParsedHash {
public:
    ScryptHash(std::string_view format, Params params, std::vector<std::uint8_t> salt, std::vector<std::uint8_t> checksum)
        : m_format(format), m_params(params), m_salt(std::move(salt)), m_checksum(std::move(checksum)) {}

    std::vector<core::Param> params() const override {
        return {{"format", std::string(m_format)}, {"ln", m_params.ln},  {"r", m_params.r},
                {"p", m_params.p},                 {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return scrypt_over_limit("scrypt ln=" + std::to_string(m_params.ln) + ",r=" + std::to_string(m_params.r) +
                                     ",p=" + std::to_string(m_params.p),
                                 std::uint64_t{1} << m_params.ln, m_params.r, m_params.p, limits);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        core::SecretBuffer key(k_checksum_bytes);
        key.resize(k_checksum_bytes);
        static constexpr std::uint8_t k_empty = 0;  // libsodium wants a pointer even for zero bytes
        const std::uint8_t* pw = password.empty() ? &k_empty : password.data();
        const std::uint8_t* salt = m_salt.empty() ? &k_empty : m_salt.data();
        if (crypto_pwhash_scryptsalsa208sha256_ll(pw, password.size(), salt, m_salt.size(), std::uint64_t{1} << m_params.ln,
                                                  static_cast<std::uint32_t>(m_params.r),
                                                  static_cast<std::uint32_t>(m_params.p), key.data(), key.size()) != 0) {
            return make_error(ErrorCode::cost_over_limit, "scrypt could not allocate the memory these parameters need");
        }
        return core::Derived{std::move(key), false};
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

    std::optional<core::HashParams> hash_params() const override {
        // $7$ and $scrypt$ are the same computation; the format is not compared.
        return core::HashParams{m_params.ln, 0, m_params.p, m_params.r};
    }

private:
    std::string_view m_format;
    Params m_params;
    std::vector<std::uint8_t> m_salt;
    std::vector<std::uint8_t> m_checksum;
};

Error malformed(const std::string& why) { return core::malformed_hash("scrypt", why); }

/// passlib's ranges, and RFC 7914's N < 2^(16 r) (which passlib's OpenSSL backend enforces).
std::optional<Error> check_ranges(const Params& p) {
    if (p.ln < 1 || p.ln > k_max_ln) return malformed("ln " + std::to_string(p.ln) + " outside the range 1..31");
    if (p.r < 1) return malformed("r must be at least 1");
    if (p.p < 1) return malformed("p must be at least 1");
    if (p.r >= (std::uint64_t{1} << 30) || p.p >= (std::uint64_t{1} << 30) || p.r * p.p >= (std::uint64_t{1} << 30)) {
        return malformed("r * p must be below 2^30");
    }
    if (p.ln >= 16 * p.r) return malformed("N = 2^" + std::to_string(p.ln) + " must be below 2^(16 r)");
    return std::nullopt;
}

/// One `name=value` field of `$scrypt$`'s parameters: ASCII digits, where zero padding is allowed
/// (passlib reads them with int(); signs, spaces and '_' are refused: a listed deviation).
core::Result<std::uint64_t> parse_param(std::string_view field, std::string_view name) {
    if (!field.starts_with(name)) {
        return malformed("parameters must be 'ln=<log2 N>,r=<block size>,p=<parallelism>', in that order");
    }
    std::string_view digits = field.substr(name.size());
    const std::string_view label = name.substr(0, name.size() - 1);
    if (digits.empty()) return malformed(std::string(label) + " is empty");
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return malformed(std::string(label) + " " + core::quote_for_message(digits, 24) + " is not a plain decimal number");
    }
    digits.remove_prefix(std::min(digits.find_first_not_of('0'), digits.size() - 1));
    const core::Decimal d = core::parse_decimal(digits, 0xffffffffULL);
    if (d.status != core::Decimal::Status::ok) return malformed(std::string(label) + " is too large");
    return d.value;
}

core::Result<std::unique_ptr<core::ParsedHash>> parse_scrypt(std::string_view hash) {
    const std::vector<std::string_view> fields = core::split(hash.substr(k_prefix_scrypt.size()), '$');
    if (fields.size() == 2 || (fields.size() == 3 && fields[2].empty())) {
        return malformed("no checksum (a configuration string, not a hash)");
    }
    if (fields.size() != 3) return malformed("expected 3 '$'-separated fields (parameters, salt, checksum)");

    const std::vector<std::string_view> parts = core::split(fields[0], ',');
    if (parts.size() != 3) return malformed("parameters must be 'ln=<log2 N>,r=<block size>,p=<parallelism>'");
    auto ln = parse_param(parts[0], "ln=");
    if (!ln) return ln.error();
    auto r = parse_param(parts[1], "r=");
    if (!r) return r.error();
    auto p = parse_param(parts[2], "p=");
    if (!p) return p.error();
    const Params params{*ln, *r, *p};
    if (auto bad = check_ranges(params)) return *bad;

    // Standard base-64 without padding; unused bits are ignored as passlib's decoder does, junk and
    // '=' are refused (listed deviations).
    auto salt = core::std_b64().decode(fields[1]);
    if (!salt) return malformed("salt is not valid base64 (alphabet A-Za-z0-9+/, no padding)");
    if (salt->size() > k_max_salt_bytes) return malformed("salt longer than 1024 bytes");
    auto checksum = core::std_b64().decode(fields[2]);
    if (!checksum) return malformed("checksum is not valid base64 (alphabet A-Za-z0-9+/, no padding)");
    if (checksum->size() != k_checksum_bytes) {
        return malformed("checksum must be 32 bytes, found " + std::to_string(checksum->size()));
    }
    return std::unique_ptr<core::ParsedHash>(
        std::make_unique<ScryptHash>("scrypt", params, std::move(*salt), std::move(*checksum)));
}

core::Result<std::unique_ptr<core::ParsedHash>> parse_7(std::string_view hash) {
    const std::string_view rest = hash.substr(k_prefix_7.size());
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos || dollar + 1 == rest.size()) {
        return malformed("no checksum (a configuration string, not a hash)");
    }
    const std::string_view setting = rest.substr(0, dollar);
    const std::string_view checksum_text = rest.substr(dollar + 1);
    if (checksum_text.find('$') != std::string_view::npos) return malformed("too many '$'-separated fields");
    if (setting.size() < 11) return malformed("$7$ parameters must be 11 characters (N, r, p)");
    const auto ln = core::hash64().decode_uint(setting.substr(0, 1));
    const auto r = core::hash64().decode_uint(setting.substr(1, 5));
    const auto p = core::hash64().decode_uint(setting.substr(6, 5));
    if (!ln || !r || !p) return malformed("$7$ parameters have a character outside ./0-9A-Za-z");
    const Params params{*ln, *r, *p};
    if (auto bad = check_ranges(params)) return *bad;

    // The salt is the text itself, not decoded (FORMATS.md §3.3).
    const std::string_view salt_text = setting.substr(11);
    // passlib decodes the hash as ASCII first (FORMATS.md §0.2): a byte over 0x7f is an error, not salt.
    if (!core::is_ascii(salt_text)) {
        return malformed("$7$ salt has a non-ASCII byte");
    }
    std::vector<std::uint8_t> salt(salt_text.begin(), salt_text.end());
    if (checksum_text.size() != 43) {
        return malformed("checksum must be 43 characters, found " + std::to_string(checksum_text.size()));
    }
    auto checksum = core::hash64().decode(checksum_text);
    if (!checksum) return malformed("checksum has a character outside ./0-9A-Za-z");
    return std::unique_ptr<core::ParsedHash>(std::make_unique<ScryptHash>("7", params, std::move(salt), std::move(*checksum)));
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    if (hash.starts_with(k_prefix_7)) return parse_7(hash);
    return parse_scrypt(hash);
}

/// passlib's default format, `$scrypt$`, with ln, r and p as given.
core::Result<std::string> make_hash_with(std::span<const std::uint8_t> password, const core::HashParams& hp,
                                         std::span<const std::uint8_t> salt) {
    const Params params{hp.cost, hp.block_size, hp.parallelism};
    if (check_ranges(params)) std::abort();  // the caller's contract: check_params said yes
    const ScryptHash hash("scrypt", params, {salt.begin(), salt.end()}, {});
    auto derived = hash.derive(password);
    if (!derived) return derived.error();
    return std::string(k_prefix_scrypt) + "ln=" + std::to_string(params.ln) + ",r=" + std::to_string(params.r) +
           ",p=" + std::to_string(params.p) + "$" + core::std_b64().encode(salt) + "$" +
           core::std_b64().encode(derived->checksum.bytes());
}

/// passlib's default hash: make_hash_with at r=8, p=1.
core::Result<std::string> make_hash(std::span<const std::uint8_t> password, std::uint64_t ln,
                                    std::span<const std::uint8_t> salt) {
    return make_hash_with(password, {ln, 0, k_default_p, k_default_r}, salt);
}

/// The rules linking ln, r and p (passlib's and libsodium's).
std::optional<std::string> check_params(const core::HashParams& hp) {
    const Params params{hp.cost, hp.block_size, hp.parallelism};
    if (auto bad = check_ranges(params)) {
        return "scrypt parameters ln=" + std::to_string(params.ln) + ", r=" + std::to_string(params.r) + ", p=" +
               std::to_string(params.p) + ": " + bad->message.substr(bad->message.find(": ") + 2);
    }
    return std::nullopt;
}

std::optional<Error> params_over_limit(const core::HashParams& hp, const core::Limits& limits) {
    return scrypt_over_limit("scrypt ln=" + std::to_string(hp.cost) + ",r=" + std::to_string(hp.block_size) +
                                 ",p=" + std::to_string(hp.parallelism),
                             std::uint64_t{1} << hp.cost, hp.block_size, hp.parallelism, limits);
}

constexpr std::string_view k_prefixes[] = {k_prefix_scrypt, k_prefix_7};
constexpr std::uint64_t k_max_r_p = (std::uint64_t{1} << 30) - 1;  // r * p < 2^30
constexpr core::ExtraParam k_extra[] = {
    {core::ParamKind::block_size, "r", k_default_r, 1, k_max_r_p},
    {core::ParamKind::parallelism, "p", k_default_p, 1, k_max_r_p},
};

}  // namespace

std::optional<core::Error> scrypt_over_limit(std::string_view what, std::uint64_t n, std::uint64_t r, std::uint64_t p,
                                             const core::Limits& limits) {
    using core::saturating_mul;
    const std::uint64_t block = saturating_mul(128, r);
    return core::memory_hard_over_limit(what, saturating_mul(block, n + p + 2), saturating_mul(saturating_mul(block, n), p),
                                        limits);
}

const core::Scheme& scrypt() {
    static const core::Scheme k_scheme{
        "scrypt",
        {},
        k_prefixes,
        "scrypt, passlib's $scrypt$ format and the $7$ format of libsodium and libxcrypt (hashes made with r=8, p=1)",
        parse,
        {"ln", true, 16, 1, k_max_ln, k_extra},
        {"password", "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA"},
        make_hash,
        16,
        false,
        nullptr,
        make_hash_with,
        check_params,
        params_over_limit};
    return k_scheme;
}

}  // namespace pwcheck::schemes

// Werkzeug's (Flask's) password hashes, as werkzeug.security 3.x checks them (FORMATS.md §5.2):
//   pbkdf2:<hashlib name>:<iterations>$<salt>$<lowercase hex, digest size>
//   scrypt:<N>:<r>:<p>$<salt>$<lowercase hex, 64 bytes>
// The text is split on its first two '$'; the salt is used verbatim; the hex is compared as text.
#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdlib>
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

constexpr std::uint64_t k_int_max = 2147483647;  // CPython's limit on pbkdf2 iterations and scrypt maxmem
constexpr std::string_view k_salt_alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::size_t k_salt_chars = 16;  // Werkzeug 2.0 .. 3.1's gen_salt(16)

Error malformed(std::string_view scheme, const std::string& why) {
    return core::malformed_hash(scheme, why);
}


/// The salt text make_hash writes: a byte that is already in Werkzeug's SALT_CHARS stays, any other
/// byte b becomes SALT_CHARS[b % 62].
std::string salt_text_of(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (const std::uint8_t b : bytes) {
        const char c = static_cast<char>(b);
        out += k_salt_alphabet.find(c) != std::string_view::npos ? c : k_salt_alphabet[b % k_salt_alphabet.size()];
    }
    return out;
}

/// True when `text` is well-formed UTF-8 as Python's strict decoder reads it (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF).
bool is_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t n = 0;
        unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (b < 0x80) {
            ++i;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            n = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 2;
            if (b == 0xE0) lo = 0xA0;  // overlong
            if (b == 0xED) hi = 0x9F;  // surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 3;
            if (b == 0xF0) lo = 0x90;  // overlong
            if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
        } else {
            return false;  // a continuation byte, C0/C1 (overlong) or F5..FF
        }
        if (text.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return false;
        }
        i += n + 1;
    }
    return true;
}

/// A Werkzeug hash cut into its three parts: "<method>$<salt>$<hash>" (the hash part may hold '$').
struct Parts {
    std::vector<std::string_view> method;  ///< The method split on ':' ("pbkdf2", "sha256", "1000").
    std::string_view salt;
    std::string_view hashval;
};

core::Result<Parts> split_parts(std::string_view scheme, std::string_view hash) {
    // Werkzeug takes the hash as a str: bytes that do not decode as UTF-8 never reach it (issue 9's
    // battery: passlib-style verify of such bytes raises UnicodeDecodeError), so they are an error here
    // too, not a salt used verbatim.
    if (!is_utf8(hash)) return malformed(scheme, "the hash is not valid UTF-8");
    const auto first = hash.find('$');
    const auto second = first == std::string_view::npos ? first : hash.find('$', first + 1);
    if (second == std::string_view::npos) {
        // Werkzeug returns False here; pwcheck calls it malformed (README: werkzeug-missing-fields).
        return malformed(scheme, "expected '<method>$<salt>$<hash>' (fewer than two '$')");
    }
    const std::string_view hashval = hash.substr(second + 1);
    // Werkzeug's hmac.compare_digest raises TypeError on a non-ASCII str: an error, not a mismatch.
    if (!core::is_ascii(hashval)) {
        return malformed(scheme, "the hash part has a non-ASCII character");
    }
    return Parts{core::split(hash.substr(0, first), ':'), hash.substr(first + 1, second - first - 1), hashval};
}

/// A number as Werkzeug's int() reads it, restricted to ASCII digits (README: params-not-plain-decimal);
/// leading zeros are fine, as in Werkzeug. nullopt when it is not digits or over `max`.
std::optional<std::uint64_t> parse_number(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    text.remove_prefix(std::min(text.find_first_not_of('0'), text.size() - 1));
    const core::Decimal d = core::parse_decimal(text, max);
    if (d.status != core::Decimal::Status::ok) return std::nullopt;
    return d.value;
}

std::string unsupported_default(std::string_view what) {
    // Quoted: the method is the hash's own text, and a message is one line of printable ASCII.
    return "Werkzeug method " + core::quote_for_message(what, 40) +
           " leaves parameters to Werkzeug's defaults, which depend on its version; pwcheck does not guess them";
}

// ---------------------------------------------------------------------------------------------
// werkzeug_pbkdf2
// ---------------------------------------------------------------------------------------------

constexpr std::string_view k_pbkdf2 = "werkzeug_pbkdf2";

/// A hashlib digest name Werkzeug may write, and how pwcheck computes PBKDF2 with it.
struct Digest {
    std::string_view hashlib_name;  ///< As in the hash: hashlib's own name.
    const char* openssl_name;       ///< For EVP_get_digestbyname, when no fast path.
    std::optional<primitives::HmacDigest> fast;  ///< pwcheck's own PBKDF2 for SHA-1/256/512.
};

// hashlib.algorithms_available (CPython 3.11 on OpenSSL 3) minus shake_128/shake_256, which
// pbkdf2_hmac refuses. OpenSSL's other spellings ("SHA256", "sha-256") are refused (werkzeug-digest-name).
const std::array<Digest, 17> k_digests = {{
    {"sha256", "SHA256", primitives::HmacDigest::sha256},
    {"sha512", "SHA512", primitives::HmacDigest::sha512},
    {"sha1", "SHA1", primitives::HmacDigest::sha1},
    {"sha224", "SHA224", std::nullopt},
    {"sha384", "SHA384", std::nullopt},
    {"sha512_224", "SHA512-224", std::nullopt},
    {"sha512_256", "SHA512-256", std::nullopt},
    {"sha3_224", "SHA3-224", std::nullopt},
    {"sha3_256", "SHA3-256", std::nullopt},
    {"sha3_384", "SHA3-384", std::nullopt},
    {"sha3_512", "SHA3-512", std::nullopt},
    {"blake2b", "BLAKE2B-512", std::nullopt},
    {"blake2s", "BLAKE2S-256", std::nullopt},
    {"md5", "MD5", std::nullopt},
    {"md5-sha1", "MD5-SHA1", std::nullopt},
    {"sm3", "SM3", std::nullopt},
    {"ripemd160", "RIPEMD160", std::nullopt},
}};

class WerkzeugPbkdf2Hash final : public core::ParsedHash {
public:
    WerkzeugPbkdf2Hash(const Digest& digest, const EVP_MD* md, std::uint32_t iterations, std::string salt,
                       std::string hashval)
        : m_digest(digest), m_md(md), m_iterations(iterations), m_salt(std::move(salt)), m_hashval(std::move(hashval)) {}

    std::vector<core::Param> params() const override {
        return {{"digest", std::string(m_digest.hashlib_name)},
                {"rounds", std::uint64_t{m_iterations}},
                {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return core::over_limit("werkzeug_pbkdf2 iterations", m_iterations, limits, &core::Limits::max_pbkdf2_rounds);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        const std::size_t size = m_digest.fast ? primitives::digest_size(*m_digest.fast)
                                               : static_cast<std::size_t>(EVP_MD_get_size(m_md));
        core::SecretBuffer key(size);
        key.resize(size);
        if (m_digest.fast) {
            primitives::pbkdf2_hmac(*m_digest.fast, password, core::as_bytes(m_salt), m_iterations, key.bytes());
        } else {
            static constexpr char k_empty = 0;  // OpenSSL wants pointers even for zero bytes
            const char* pw = password.empty() ? &k_empty : reinterpret_cast<const char*>(password.data());
            const auto* salt = reinterpret_cast<const unsigned char*>(m_salt.empty() ? &k_empty : m_salt.data());
            if (PKCS5_PBKDF2_HMAC(pw, static_cast<int>(password.size()), salt, static_cast<int>(m_salt.size()),
                                  static_cast<int>(m_iterations), m_md, static_cast<int>(size), key.data()) != 1) {
                return make_error(ErrorCode::unsupported_hash,
                                  "OpenSSL could not compute PBKDF2 with " + std::string(m_digest.hashlib_name));
            }
        }
        return core::Derived{core::hex_secret(key.bytes()), false};
    }

    std::span<const std::uint8_t> expected() const override { return core::as_bytes(m_hashval); }

    std::optional<core::HashParams> hash_params() const override { return core::HashParams{m_iterations}; }

private:
    const Digest& m_digest;
    const EVP_MD* m_md;
    std::uint32_t m_iterations;
    std::string m_salt;
    std::string m_hashval;
};

core::Result<std::unique_ptr<core::ParsedHash>> parse_pbkdf2(std::string_view hash) {
    auto parts = split_parts(k_pbkdf2, hash);
    if (!parts) return parts.error();
    const auto& method = parts->method;
    if (method[0] != "pbkdf2") return malformed(k_pbkdf2, "method must be pbkdf2:<digest>:<iterations>");
    if (method.size() < 3) return make_error(ErrorCode::unsupported_hash, unsupported_default(hash.substr(0, hash.find('$'))));
    if (method.size() > 3) return malformed(k_pbkdf2, "pbkdf2 takes 2 arguments (<digest>:<iterations>)");

    const Digest* digest = nullptr;
    for (const auto& d : k_digests) {
        if (method[1] == d.hashlib_name) digest = &d;
    }
    if (digest == nullptr) {
        return make_error(ErrorCode::unsupported_hash, "werkzeug_pbkdf2 digest " + core::quote_for_message(method[1], 24) +
                                                           " is not supported (hashlib's names: sha256, sha512, sha1, "
                                                           "sha224, sha384, sha3_256, blake2b, md5, ...)");
    }
    const EVP_MD* md = digest->fast ? nullptr : EVP_get_digestbyname(digest->openssl_name);
    if (!digest->fast && md == nullptr) {
        return make_error(ErrorCode::unsupported_hash,
                          "this OpenSSL has no " + std::string(digest->hashlib_name) + " digest");
    }
    // CPython's pbkdf2_hmac refuses 0 (ValueError) and more than INT_MAX (OverflowError).
    const auto iterations = parse_number(method[2], k_int_max);
    if (!iterations) {
        return malformed(k_pbkdf2, "iterations " + core::quote_for_message(method[2], 24) +
                                       " is not a decimal number up to 2147483647");
    }
    if (*iterations == 0) return malformed(k_pbkdf2, "iterations must be at least 1");
    return std::unique_ptr<core::ParsedHash>(std::make_unique<WerkzeugPbkdf2Hash>(
        *digest, md, static_cast<std::uint32_t>(*iterations), std::string(parts->salt), std::string(parts->hashval)));
}

constexpr std::uint64_t k_pbkdf2_default_iterations = 1000000;  // Werkzeug 3.1

core::Result<std::string> make_pbkdf2(std::span<const std::uint8_t> password, std::uint64_t iterations,
                                      std::span<const std::uint8_t> salt) {
    if (iterations < 1 || iterations > k_int_max) std::abort();  // the caller's contract
    const std::string salt_text = salt_text_of(salt);
    const WerkzeugPbkdf2Hash hash(k_digests[0], nullptr, static_cast<std::uint32_t>(iterations), salt_text, {});
    auto derived = hash.derive(password);
    if (!derived) return derived.error();
    return "pbkdf2:sha256:" + std::to_string(iterations) + "$" + salt_text + "$" +
           std::string(reinterpret_cast<const char*>(derived->checksum.data()), derived->checksum.size());
}

// ---------------------------------------------------------------------------------------------
// werkzeug_scrypt
// ---------------------------------------------------------------------------------------------

constexpr std::string_view k_scrypt = "werkzeug_scrypt";
constexpr std::size_t k_scrypt_key_bytes = 64;  // hashlib.scrypt's default dklen, which Werkzeug keeps

/// Why Werkzeug (hashlib.scrypt on OpenSSL 3, maxmem = 132 N r p) cannot verify N, r, p, or nullopt.
/// FORMATS.md §5.2: "An implementation that verifies what Werkzeug can verify should copy these limits."
std::optional<std::string> werkzeug_scrypt_problem(std::uint64_t n, std::uint64_t r, std::uint64_t p) {
    if (n < 2 || (n & (n - 1)) != 0) return "N must be a power of 2, at least 2";
    if (r < 1 || p < 1) return "r and p must be at least 1";
    // CPython: maxmem = 132 N r p must not exceed INT_MAX (each factor is <= INT_MAX here, so no overflow).
    constexpr std::uint64_t k_max_nrp = k_int_max / 132;
    if (n > k_max_nrp || r > k_max_nrp / n || p > k_max_nrp / (n * r)) {
        return "132 N r p is over 2147483647, the largest maxmem hashlib.scrypt takes";
    }
    // OpenSSL: N < 2^(16 r), and the memory 128 r (N + 2) + 128 r p within maxmem.
    if (16 * r < 64 && n >= (std::uint64_t{1} << (16 * r))) return "N must be below 2^(16 r)";
    if (128 * r * (n + 2) + 128 * r * p > 132 * n * r * p) {
        return "needs more memory than Werkzeug's maxmem of 132 N r p bytes (at r=8, p=1 N must be at least 128)";
    }
    return std::nullopt;
}

class WerkzeugScryptHash final : public core::ParsedHash {
public:
    WerkzeugScryptHash(std::uint64_t n, std::uint32_t r, std::uint32_t p, std::string salt, std::string hashval)
        : m_n(n), m_r(r), m_p(p), m_salt(std::move(salt)), m_hashval(std::move(hashval)) {}

    std::vector<core::Param> params() const override {
        return {{"N", m_n}, {"r", std::uint64_t{m_r}}, {"p", std::uint64_t{m_p}}, {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return scrypt_over_limit("werkzeug_scrypt N=" + std::to_string(m_n) + ",r=" + std::to_string(m_r) + ",p=" +
                                     std::to_string(m_p),
                                 m_n, m_r, m_p, limits);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        core::SecretBuffer key(k_scrypt_key_bytes);
        key.resize(k_scrypt_key_bytes);
        static constexpr std::uint8_t k_empty = 0;  // libsodium wants a pointer even for zero bytes
        const std::uint8_t* pw = password.empty() ? &k_empty : password.data();
        const std::uint8_t* salt = m_salt.empty() ? &k_empty : reinterpret_cast<const std::uint8_t*>(m_salt.data());
        if (crypto_pwhash_scryptsalsa208sha256_ll(pw, password.size(), salt, m_salt.size(), m_n, m_r, m_p, key.data(),
                                                  key.size()) != 0) {
            return make_error(ErrorCode::cost_over_limit, "scrypt could not allocate the memory these parameters need");
        }
        return core::Derived{core::hex_secret(key.bytes()), false};
    }

    std::span<const std::uint8_t> expected() const override { return core::as_bytes(m_hashval); }

    std::optional<core::HashParams> hash_params() const override {
        // N is a power of 2 (parse checks it): the cost is its log2, as make_hash takes it.
        std::uint64_t ln = 0;
        while ((std::uint64_t{1} << ln) < m_n) ++ln;
        return core::HashParams{ln, 0, m_p, m_r};
    }

private:
    std::uint64_t m_n;
    std::uint32_t m_r;
    std::uint32_t m_p;
    std::string m_salt;
    std::string m_hashval;
};

core::Result<std::unique_ptr<core::ParsedHash>> parse_scrypt(std::string_view hash) {
    auto parts = split_parts(k_scrypt, hash);
    if (!parts) return parts.error();
    const auto& method = parts->method;
    if (method[0] != "scrypt") return malformed(k_scrypt, "method must be scrypt:<N>:<r>:<p>");
    if (method.size() == 1) return make_error(ErrorCode::unsupported_hash, unsupported_default("scrypt"));
    if (method.size() != 4) return malformed(k_scrypt, "scrypt takes 3 arguments (<N>:<r>:<p>)");
    std::array<std::uint64_t, 3> values{};
    for (std::size_t i = 0; i < 3; ++i) {
        // Any value over INT_MAX already breaks Werkzeug's maxmem rule.
        const auto v = parse_number(method[i + 1], k_int_max);
        if (!v) {
            return malformed(k_scrypt, "scrypt parameter " + core::quote_for_message(method[i + 1], 24) +
                                           " is not a decimal number up to 2147483647");
        }
        values[i] = *v;
    }
    if (auto problem = werkzeug_scrypt_problem(values[0], values[1], values[2])) {
        return malformed(k_scrypt, "Werkzeug cannot verify scrypt:" + std::to_string(values[0]) + ":" +
                                       std::to_string(values[1]) + ":" + std::to_string(values[2]) + ": " + *problem);
    }
    return std::unique_ptr<core::ParsedHash>(std::make_unique<WerkzeugScryptHash>(
        values[0], static_cast<std::uint32_t>(values[1]), static_cast<std::uint32_t>(values[2]),
        std::string(parts->salt), std::string(parts->hashval)));
}

constexpr std::uint64_t k_scrypt_r = 8;  // Werkzeug's default scrypt:32768:8:1
constexpr std::uint64_t k_scrypt_p = 1;
constexpr std::uint64_t k_scrypt_min_ln = 7;   // N = 128: the least Werkzeug's maxmem allows at r=8, p=1
constexpr std::uint64_t k_scrypt_max_ln = 20;  // 132 N r p must stay under 2^31

core::Result<std::string> make_scrypt_with(std::span<const std::uint8_t> password, const core::HashParams& params,
                                           std::span<const std::uint8_t> salt) {
    // The caller's contract: the cost in its range and check_scrypt said yes.
    if (params.cost < 1 || params.cost > k_scrypt_max_ln ||
        werkzeug_scrypt_problem(std::uint64_t{1} << params.cost, params.block_size, params.parallelism)) {
        std::abort();
    }
    const std::uint64_t n = std::uint64_t{1} << params.cost;
    const std::string salt_text = salt_text_of(salt);
    const WerkzeugScryptHash hash(n, static_cast<std::uint32_t>(params.block_size),
                                  static_cast<std::uint32_t>(params.parallelism), salt_text, {});
    auto derived = hash.derive(password);
    if (!derived) return derived.error();
    return "scrypt:" + std::to_string(n) + ":" + std::to_string(params.block_size) + ":" +
           std::to_string(params.parallelism) + "$" + salt_text + "$" +
           std::string(reinterpret_cast<const char*>(derived->checksum.data()), derived->checksum.size());
}

/// Werkzeug's default form: make_scrypt_with at r=8, p=1.
core::Result<std::string> make_scrypt(std::span<const std::uint8_t> password, std::uint64_t ln,
                                      std::span<const std::uint8_t> salt) {
    return make_scrypt_with(password, {ln, 0, k_scrypt_p, k_scrypt_r}, salt);
}

/// Werkzeug's own rules for N, r, p (what it can verify).
std::optional<std::string> check_scrypt(const core::HashParams& params) {
    const std::uint64_t n = std::uint64_t{1} << params.cost;
    if (auto problem = werkzeug_scrypt_problem(n, params.block_size, params.parallelism)) {
        return "Werkzeug cannot verify scrypt:" + std::to_string(n) + ":" + std::to_string(params.block_size) + ":" +
               std::to_string(params.parallelism) + ": " + *problem;
    }
    return std::nullopt;
}

constexpr core::ExtraParam k_scrypt_extra[] = {
    {core::ParamKind::block_size, "r", k_scrypt_r, 1, k_int_max / 132},
    {core::ParamKind::parallelism, "p", k_scrypt_p, 1, k_int_max / 132},
};

// "pbkdf2$" and "scrypt$" are claimed too, so that a method without parameters gets its own message.
constexpr std::string_view k_pbkdf2_prefixes[] = {"pbkdf2:", "pbkdf2$"};
constexpr std::string_view k_scrypt_prefixes[] = {"scrypt:", "scrypt$"};

}  // namespace

const core::Scheme& werkzeug_pbkdf2() {
    static const core::Scheme k_scheme{
        "werkzeug_pbkdf2",
        {},
        k_pbkdf2_prefixes,
        "Werkzeug/Flask pbkdf2:<digest>:<iterations>$salt$hex (any hashlib digest; SHA-1/256/512 on pwcheck's "
        "PBKDF2); new hashes: pbkdf2:sha256, 16-char salt",
        parse_pbkdf2,
        {"rounds", false, k_pbkdf2_default_iterations, 1, k_int_max, {}, false, {}, &core::Limits::max_pbkdf2_rounds},
        {"password",
         "pbkdf2:sha256:1000$saltsaltsaltsalt$f275fb870144cc807c68f6a325360af3078741ce4d833d2915500abd2bb88d00"},
        make_pbkdf2,
        k_salt_chars};
    return k_scheme;
}

const core::Scheme& werkzeug_scrypt() {
    static const core::Scheme k_scheme{
        "werkzeug_scrypt",
        {},
        k_scrypt_prefixes,
        "Werkzeug/Flask scrypt:<N>:<r>:<p>$salt$hex (64-byte key); cost is log2 N, new hashes use r=8, p=1 and a "
        "16-char salt",
        parse_scrypt,
        {"ln", true, 15, k_scrypt_min_ln, k_scrypt_max_ln, k_scrypt_extra},
        {"password",
         "scrypt:1024:8:1$saltsaltsaltsalt$0553112aa7625588a428068f475c2e72c2942afc384ee3cb91d118b684876ace4b6c4f0900"
         "6a03e7db0fb5dc05fff1ce3112cd6fbbb2e2d9c77b01066a6d275c"},
        make_scrypt,
        k_salt_chars,
        false,
        nullptr,
        make_scrypt_with,
        check_scrypt,
        scrypt().params_over_limit};
    return k_scheme;
}

}  // namespace pwcheck::schemes

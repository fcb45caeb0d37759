// Django's stored hash formats as passlib 1.7.4 reads them (FORMATS.md §5.1):
//   pbkdf2_sha256$<rounds>$<salt>$<std base64, padded>   pbkdf2_sha1$...        (PBKDF2 on the salt text)
//   bcrypt_sha256$<bcrypt hash>   bcrypt$<bcrypt hash>   argon2$argon2<t>$...    (another row's hash, wrapped)
//   sha1$<salt>$<hex40>   md5$<salt>$<hex32>                                      (one salted digest: weak)
// Checksums are compared as the text passlib compares: derive() writes the canonical text.
#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "primitives/argon2.hpp"
#include "primitives/pbkdf2.hpp"
#include "schemes/schemes.hpp"
#include "schemes/variant_row.hpp"
#include "schemes/wrapped.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;

constexpr std::uint64_t k_max_rounds = 4294967295u;  // passlib's range is 1 .. 2^32-1
constexpr std::size_t k_salt_chars = 12;             // passlib's default salt size, in characters
constexpr std::string_view k_salt_alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view k_hex = "0123456789abcdef";

Error malformed(std::string_view scheme, const std::string& why) {
    return core::malformed_hash(scheme, why);
}

bool is_salt_char(char c) { return k_salt_alphabet.find(c) != std::string_view::npos; }

/// passlib's salt rule for every Django salt: characters of [A-Za-z0-9] only (Django itself takes more).
bool is_salt_text(std::string_view salt) { return std::all_of(salt.begin(), salt.end(), is_salt_char); }

/// The salt text make_hash writes for `bytes`: a byte that is already a salt character stays, any other
/// byte b becomes alphabet[b % 62] (passlib draws its salts from the same 62 characters).
std::string salt_text_of(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (const std::uint8_t b : bytes) {
        const char c = static_cast<char>(b);
        out += is_salt_char(c) ? c : k_salt_alphabet[b % k_salt_alphabet.size()];
    }
    return out;
}


// ---------------------------------------------------------------------------------------------
// django_pbkdf2_sha256 / django_pbkdf2_sha1
// ---------------------------------------------------------------------------------------------

struct Pbkdf2Variant {
    std::string_view scheme_name;
    std::string_view prefix;
    std::string_view digest_name;
    primitives::HmacDigest digest;
    std::size_t checksum_chars;  // padded base64 of the digest: 44 (SHA-256) or 28 (SHA-1)
    std::uint64_t default_rounds;
    std::string_view description;
    std::string_view known_answer;  // of "password", FORMATS.md §8
};

/// Standard base64 with '=' padding, as Python's b64encode writes it.
core::SecretBuffer padded_b64(std::span<const std::uint8_t> bytes) { return core::encode_secret(core::std_b64(), bytes, true); }

core::SecretBuffer pbkdf2_checksum(const Pbkdf2Variant& v, std::span<const std::uint8_t> password,
                                   std::string_view salt, std::uint32_t rounds) {
    const std::size_t size = primitives::digest_size(v.digest);
    core::SecretBuffer key(size);
    key.resize(size);
    // The salt is the text itself, as ASCII bytes (FORMATS.md §5.1), not decoded.
    primitives::pbkdf2_hmac(v.digest, password, core::as_bytes(salt), rounds, key.bytes());
    return padded_b64(key.bytes());
}

class DjangoPbkdf2Hash final : public core::ParsedHash {
public:
    DjangoPbkdf2Hash(const Pbkdf2Variant& variant, std::uint32_t rounds, std::string salt, std::string checksum)
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
        return core::Derived{pbkdf2_checksum(m_variant, password, m_salt, m_rounds), false};
    }

    // passlib compares the base64 text, so a non-canonical spelling of the right bytes gives False.
    std::span<const std::uint8_t> expected() const override { return core::as_bytes(m_checksum); }

    std::optional<core::HashParams> hash_params() const override { return core::HashParams{m_rounds}; }

private:
    const Pbkdf2Variant& m_variant;
    std::uint32_t m_rounds;
    std::string m_salt;
    std::string m_checksum;
};

core::Result<std::unique_ptr<core::ParsedHash>> parse_pbkdf2(const Pbkdf2Variant& v, std::string_view hash) {
    const std::string_view name = v.scheme_name;
    const std::vector<std::string_view> fields = core::split(hash.substr(v.prefix.size()), '$');
    if (fields.size() == 2 || (fields.size() == 3 && fields[2].empty())) {
        return malformed(name, "no checksum (a configuration string, not a hash)");
    }
    if (fields.size() != 3) {
        return malformed(name, "expected 3 '$'-separated fields (rounds, salt, checksum) after " +
                                   std::string(v.prefix) + ", found " + std::to_string(fields.size()));
    }
    // Stricter than passlib's int(): no sign, space or '_' (README, deviations); a leading zero is an
    // error in passlib too.
    const core::Decimal rounds = core::parse_decimal(fields[0], k_max_rounds);
    if (rounds.status == core::Decimal::Status::too_large) {
        return malformed(name, "rounds " + core::quote_for_message(fields[0], 24) + " out of range 1..4294967295");
    }
    if (rounds.status != core::Decimal::Status::ok) {
        return malformed(name, core::describe_decimal_error(rounds, "rounds", fields[0]));
    }
    if (rounds.value == 0) return malformed(name, "rounds must be at least 1");
    if (fields[1].empty()) return malformed(name, "empty salt");
    if (!is_salt_text(fields[1])) return malformed(name, "salt has a character outside A-Za-z0-9 (passlib's rule)");
    const std::string_view checksum = fields[2];
    if (checksum.size() != v.checksum_chars) {
        return malformed(name, "checksum must be " + std::to_string(v.checksum_chars) + " characters, found " +
                                   std::to_string(checksum.size()));
    }
    if (checksum.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") !=
        std::string_view::npos) {
        return malformed(name, "checksum has a character outside base64's A-Za-z0-9+/=");
    }
    return std::unique_ptr<core::ParsedHash>(std::make_unique<DjangoPbkdf2Hash>(
        v, static_cast<std::uint32_t>(rounds.value), std::string(fields[1]), std::string(checksum)));
}

core::Result<std::string> make_pbkdf2(const Pbkdf2Variant& v, std::span<const std::uint8_t> password,
                                      std::uint64_t rounds, std::span<const std::uint8_t> salt) {
    if (rounds < 1 || rounds > k_max_rounds || salt.empty()) std::abort();  // the caller's contract
    const std::string salt_text = salt_text_of(salt);
    const core::SecretBuffer checksum = pbkdf2_checksum(v, password, salt_text, static_cast<std::uint32_t>(rounds));
    return std::string(v.prefix) + std::to_string(rounds) + "$" + salt_text + "$" +
           std::string(reinterpret_cast<const char*>(checksum.data()), checksum.size());
}

template <const Pbkdf2Variant& V>
const core::Scheme& pbkdf2_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       {},
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse_pbkdf2>,
                                       {"rounds", false, V.default_rounds, 1, k_max_rounds, {}, false, {}, &core::Limits::max_pbkdf2_rounds},
                                       {"password", V.known_answer},
                                       make_as<V, make_pbkdf2>,
                                       k_salt_chars};
    return k_scheme;
}

constexpr Pbkdf2Variant k_pbkdf2_sha256{
    "django_pbkdf2_sha256", "pbkdf2_sha256$", "sha256", primitives::HmacDigest::sha256, 44, 29000,
    "Django's PBKDF2-HMAC-SHA256 (pbkdf2_sha256$); new hashes: passlib's 29000 rounds, 12-char salt",
    "pbkdf2_sha256$1000$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY="};
constexpr Pbkdf2Variant k_pbkdf2_sha1{
    "django_pbkdf2_sha1", "pbkdf2_sha1$", "sha1", primitives::HmacDigest::sha1, 28, 131000,
    "Django's PBKDF2-HMAC-SHA1 (pbkdf2_sha1$); new hashes: passlib's 131000 rounds, 12-char salt",
    "pbkdf2_sha1$1000$saltsalt$6f6/9Uv85mj94wGsyFVjzJ3HHvY="};

// ---------------------------------------------------------------------------------------------
// django_salted_sha1 / django_salted_md5: hex(digest(salt || P)), weak
// ---------------------------------------------------------------------------------------------

struct SaltedVariant {
    std::string_view scheme_name;
    std::string_view prefix;
    const EVP_MD* (*digest)();
    std::size_t digest_size;
    std::string_view description;
    std::string_view known_answer;  // of "password"
};

core::SecretBuffer salted_checksum(const SaltedVariant& v, std::span<const std::uint8_t> password, std::string_view salt) {
    core::SecretBuffer digest(EVP_MAX_MD_SIZE);
    digest.resize(v.digest_size);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned int size = 0;
    const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, v.digest(), nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, salt.data(), salt.size()) == 1 &&
                    EVP_DigestUpdate(ctx, password.data(), password.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, digest.data(), &size) == 1 && size == v.digest_size;
    EVP_MD_CTX_free(ctx);  // frees and cleanses the digest state
    if (!ok) std::abort();  // MD5 and SHA-1 are always in OpenSSL's default provider
    return core::hex_secret(digest.bytes());
}

class SaltedHash final : public core::ParsedHash {
public:
    SaltedHash(const SaltedVariant& variant, std::string salt, std::string checksum)
        : m_variant(variant), m_salt(std::move(salt)), m_checksum(std::move(checksum)) {}

    std::vector<core::Param> params() const override { return {{"salt_size", std::uint64_t{m_salt.size()}}}; }

    std::optional<Error> check_limits(const core::Limits&) const override { return std::nullopt; }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        return core::Derived{salted_checksum(m_variant, password, m_salt), false};
    }

    std::span<const std::uint8_t> expected() const override { return core::as_bytes(m_checksum); }

private:
    const SaltedVariant& m_variant;
    std::string m_salt;
    std::string m_checksum;
};

core::Result<std::unique_ptr<core::ParsedHash>> parse_salted(const SaltedVariant& v, std::string_view hash) {
    const std::string_view name = v.scheme_name;
    const std::vector<std::string_view> fields = core::split(hash.substr(v.prefix.size()), '$');
    if (fields.size() == 1 || (fields.size() == 2 && fields[1].empty())) {
        return malformed(name, "no checksum (a configuration string, not a hash)");
    }
    if (fields.size() != 2) {
        return malformed(name, "expected 2 '$'-separated fields (salt, checksum) after " + std::string(v.prefix) +
                                   ", found " + std::to_string(fields.size()));
    }
    // An empty salt is allowed here (passlib's min_salt_size is 0 for these two).
    if (!is_salt_text(fields[0])) return malformed(name, "salt has a character outside A-Za-z0-9 (passlib's rule)");
    const std::string_view checksum = fields[1];
    if (checksum.size() != v.digest_size * 2) {
        return malformed(name, "checksum must be " + std::to_string(v.digest_size * 2) + " hex digits, found " +
                                   std::to_string(checksum.size()));
    }
    // passlib requires lowercase hex: upper case is a ValueError, not a mismatch (FORMATS.md §5.1).
    if (checksum.find_first_not_of(k_hex) != std::string_view::npos) {
        return malformed(name, "checksum is not lowercase hex");
    }
    return std::unique_ptr<core::ParsedHash>(
        std::make_unique<SaltedHash>(v, std::string(fields[0]), std::string(checksum)));
}

core::Result<std::string> make_salted(const SaltedVariant& v, std::span<const std::uint8_t> password,
                                      std::span<const std::uint8_t> salt) {
    const std::string salt_text = salt_text_of(salt);
    const core::SecretBuffer checksum = salted_checksum(v, password, salt_text);
    return std::string(v.prefix) + salt_text + "$" +
           std::string(reinterpret_cast<const char*>(checksum.data()), checksum.size());
}

template <const SaltedVariant& V>
core::Result<std::string> make_salted_variant(std::span<const std::uint8_t> password, std::uint64_t,
                                              std::span<const std::uint8_t> salt) {
    return make_salted(V, password, salt);
}

template <const SaltedVariant& V>
const core::Scheme& salted_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       {},
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse_salted>,
                                       {"rounds", false, 1, 1, 1},  // one digest, no cost to choose
                                       {"password", V.known_answer},
                                       make_salted_variant<V>,
                                       k_salt_chars,
                                       true};
    return k_scheme;
}

constexpr SaltedVariant k_salted_sha1{"django_salted_sha1", "sha1$", EVP_sha1, 20,
                                      "Django's salted SHA-1 (sha1$salt$hex): one digest of salt||password, weak",
                                      "sha1$saltsalt$fd5538aabcab06d6c9f6a2bae06401274ea33a3b"};
constexpr SaltedVariant k_salted_md5{"django_salted_md5", "md5$", EVP_md5, 16,
                                     "Django's salted MD5 (md5$salt$hex): one digest of salt||password, weak",
                                     "md5$saltsalt$ae7cf6d3a33a2117fa4f008d66f6d26f"};

// ---------------------------------------------------------------------------------------------
// django_bcrypt, django_bcrypt_sha256, django_argon2: another row's full hash behind a prefix
// ---------------------------------------------------------------------------------------------

constexpr std::string_view k_bcrypt_prefix = "bcrypt$";
constexpr std::string_view k_bcrypt_sha256_prefix = "bcrypt_sha256$";
// passlib's prefix is "argon2" and the inner hash keeps its leading '$'; the row claims "argon2$" so
// that every prefix in the table ends at a delimiter.
constexpr std::string_view k_argon2_prefix = "argon2$";

core::Result<std::unique_ptr<core::ParsedHash>> parse_bcrypt(std::string_view hash) {
    // Plain bcrypt under a prefix: its NUL and 72-byte rules apply (FORMATS.md §5.1).
    return parse_wrapped(bcrypt(), hash.substr(k_bcrypt_prefix.size()), {"django_bcrypt", false, nullptr});
}

core::Result<std::string> make_bcrypt(std::span<const std::uint8_t> password, std::uint64_t cost,
                                      std::span<const std::uint8_t> salt) {
    auto inner = bcrypt().make_hash(password, cost, salt);
    if (!inner) return inner.error();
    return std::string(k_bcrypt_prefix) + *inner;
}

/// Django's bcrypt_sha256 key: the lowercase hex SHA-256 of the password (64 bytes: no NUL, under
/// bcrypt's 72, so nothing is refused or truncated whatever the password holds).
core::Result<core::SecretBuffer> sha256_hex(std::span<const std::uint8_t> password) {
    core::SecretBuffer digest(crypto_hash_sha256_BYTES);
    digest.resize(crypto_hash_sha256_BYTES);
    core::ensure_sodium_initialized();
    crypto_hash_sha256(digest.data(), password.data(), password.size());
    return core::hex_secret(digest.bytes());
}

core::Result<std::unique_ptr<core::ParsedHash>> parse_bcrypt_sha256(std::string_view hash) {
    return parse_wrapped(bcrypt(), hash.substr(k_bcrypt_sha256_prefix.size()),
                         {"django_bcrypt_sha256", false, sha256_hex});
}

core::Result<std::string> make_bcrypt_sha256(std::span<const std::uint8_t> password, std::uint64_t cost,
                                             std::span<const std::uint8_t> salt) {
    auto key = sha256_hex(password);
    if (!key) return key.error();
    auto inner = bcrypt().make_hash(key->bytes(), cost, salt);
    if (!inner) return inner.error();
    return std::string(k_bcrypt_sha256_prefix) + *inner;
}

core::Result<std::unique_ptr<core::ParsedHash>> parse_argon2(std::string_view hash) {
    // Any type the argon2 row verifies (i, d, id; v=16, v=19) verifies here too, as in passlib.
    return parse_wrapped(argon2(), hash.substr(k_argon2_prefix.size() - 1), {"django_argon2", false, nullptr});
}

// passlib's django_argon2 makes argon2 *i* with argon2's other defaults (FORMATS.md §7).
constexpr std::uint32_t k_argon2_memory_kib = 102400;
constexpr std::uint32_t k_argon2_lanes = 8;
constexpr std::size_t k_argon2_salt_bytes = 16;
constexpr std::size_t k_argon2_tag_bytes = 16;

core::Result<std::string> make_argon2_with(std::span<const std::uint8_t> password, const core::HashParams& params,
                                           std::span<const std::uint8_t> salt) {
    // The caller's contract: every parameter in its range and m >= 8 p (check_argon2).
    if (salt.size() < 8 || params.cost < 1 || params.cost > 0xFFFFFFFFu || params.parallelism < 1 ||
        params.parallelism > 0xFFFFFFu || params.memory > 0xFFFFFFFFu || params.memory < 8 * params.parallelism) {
        std::abort();
    }
    core::SecretBuffer tag(k_argon2_tag_bytes);
    tag.resize(k_argon2_tag_bytes);
    primitives::argon2_hash({primitives::Argon2Type::i, primitives::k_argon2_version_13,
                             static_cast<std::uint32_t>(params.memory), static_cast<std::uint32_t>(params.cost),
                             static_cast<std::uint32_t>(params.parallelism)},
                            password, salt, tag.bytes());
    return std::string(k_argon2_prefix) + "argon2i$v=19$m=" + std::to_string(params.memory) +
           ",t=" + std::to_string(params.cost) + ",p=" + std::to_string(params.parallelism) + "$" +
           core::std_b64().encode(salt) + "$" + core::std_b64().encode(tag.bytes());
}

core::Result<std::string> make_argon2(std::span<const std::uint8_t> password, std::uint64_t rounds,
                                      std::span<const std::uint8_t> salt) {
    return make_argon2_with(password, {rounds, k_argon2_memory_kib, k_argon2_lanes}, salt);
}


constexpr std::string_view k_bcrypt_prefixes[] = {k_bcrypt_prefix};
constexpr std::string_view k_bcrypt_sha256_prefixes[] = {k_bcrypt_sha256_prefix};
constexpr std::string_view k_argon2_prefixes[] = {k_argon2_prefix};

}  // namespace

const core::Scheme& django_pbkdf2_sha256() { return pbkdf2_row<k_pbkdf2_sha256>(); }
const core::Scheme& django_pbkdf2_sha1() { return pbkdf2_row<k_pbkdf2_sha1>(); }
const core::Scheme& django_salted_sha1() { return salted_row<k_salted_sha1>(); }
const core::Scheme& django_salted_md5() { return salted_row<k_salted_md5>(); }

const core::Scheme& django_bcrypt() {
    static const core::Scheme k_scheme{
        "django_bcrypt",
        {},
        k_bcrypt_prefixes,
        "Django's bcrypt (bcrypt$ + a bcrypt hash): plain bcrypt, passwords over 72 bytes truncated",
        parse_bcrypt,
        {"cost", true, 12, 4, 31, {}, false, {}, &core::Limits::max_bcrypt_cost},
        {"password", "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"},
        make_bcrypt,
        16};
    return k_scheme;
}

const core::Scheme& django_bcrypt_sha256() {
    static const core::Scheme k_scheme{
        "django_bcrypt_sha256",
        {},
        k_bcrypt_sha256_prefixes,
        "Django's bcrypt_sha256 (bcrypt_sha256$ + a bcrypt hash of the hex SHA-256 of the password)",
        parse_bcrypt_sha256,
        {"cost", true, 12, 4, 31, {}, false, {}, &core::Limits::max_bcrypt_cost},
        {"password", "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2"},
        make_bcrypt_sha256,
        16};
    return k_scheme;
}

const core::Scheme& django_argon2() {
    static const core::Scheme k_scheme{
        "django_argon2",
        {},
        k_argon2_prefixes,
        "Django's argon2 (argon2$ + an argon2 PHC string); rounds is t, new hashes use argon2i v=19 m=102400 p=8 "
        "with a 16-byte salt and tag, as passlib makes them",
        parse_argon2,
        {"rounds", false, 2, 1, 0xFFFFFFFFu, argon2().cost.extra, true, {}, &core::Limits::max_argon2_time},
        {"password", "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ODPV9uOZt2teFmYWQx7Yow"},
        make_argon2,
        k_argon2_salt_bytes,
        false,
        nullptr,
        make_argon2_with,
        argon2().check_params,
        argon2().params_over_limit};
    return k_scheme;
}

}  // namespace pwcheck::schemes

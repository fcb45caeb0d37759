// passlib's LDAP (RFC 2307 style) formats (FORMATS.md §5.3):
//   {MD5} / {SHA}                      base64 of one digest of the password, compared as text;
//   {SMD5} / {SSHA} / {SSHA256} / {SSHA512}  base64 of digest(P || salt) || salt;
//   {PBKDF2} / {PBKDF2-SHA256} / {PBKDF2-SHA512}  a pbkdf2 hash with its `$pbkdf2...$` ident replaced;
//   {CRYPT}<crypt hash>                the crypt scheme that claims the rest (passlib's ldap_*_crypt).
#include <algorithm>
#include <array>
#include <string>

#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "primitives/message_digest.hpp"
#include "schemes/schemes.hpp"
#include "schemes/variant_row.hpp"
#include "schemes/wrapped.hpp"

namespace pwcheck::schemes {
namespace {

using core::as_bytes;

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::MessageDigest;

constexpr std::size_t k_min_salt_bytes = 4;   // passlib's range for the salted formats
constexpr std::size_t k_max_salt_bytes = 16;

/// Standard base64 with `=` padding, as Python's b64encode writes it.
std::string padded_b64(std::span<const std::uint8_t> bytes) {
    std::string out = core::std_b64().encode(bytes);
    out.append((4 - out.size() % 4) % 4, '=');
    return out;
}

// ------------------------------------------------------------------------------------------------
// The digest formats: {MD5}, {SHA}, {SMD5}, {SSHA}, {SSHA256}, {SSHA512}
// ------------------------------------------------------------------------------------------------

/// One digest format: everything that differs between ldap_md5, ldap_sha1 and the ldap_salted_* rows.
struct DigestVariant {
    std::string_view scheme_name;
    std::string_view prefix;
    std::string_view digest_name;
    MessageDigest digest;
    bool salted;
    std::size_t min_chars;     // salted: passlib's regex minimum of base64 characters before the padding
    std::size_t salt_size;     // salted: passlib's default salt size in bytes; 0 for the unsalted formats
    std::string_view description;
    std::string_view known_answer;  // of the password "password"
};

core::SecretBuffer digest_of(const DigestVariant& v, std::span<const std::uint8_t> password,
                             std::span<const std::uint8_t> salt) {
    const std::size_t size = primitives::message_digest_size(v.digest);
    primitives::DigestContext md(v.digest);
    md.update(password);
    md.update(salt);
    core::SecretBuffer out(size);
    out.resize(size);
    md.finish(out.bytes());
    return out;
}

/// {MD5} / {SHA}: passlib compares the stored base64 text with the canonical one (FORMATS.md §5.3), so a
/// missing `=` or any other length is a mismatch, not an error.
class UnsaltedHash final : public core::ParsedHash {
public:
    UnsaltedHash(const DigestVariant& variant, std::string text) : m_variant(variant), m_text(std::move(text)) {}

    std::vector<core::Param> params() const override { return {{"digest", std::string(m_variant.digest_name)}}; }

    std::optional<Error> check_limits(const core::Limits&) const override { return std::nullopt; }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        // An unsalted digest is as good as the password: its text stays in secret memory too.
        const core::SecretBuffer raw = digest_of(m_variant, password, {});
        return core::Derived{core::encode_secret(core::std_b64(), raw.bytes(), true), false};
    }

    std::span<const std::uint8_t> expected() const override { return as_bytes(m_text); }

private:
    const DigestVariant& m_variant;
    std::string m_text;
};

/// {SMD5} / {SSHA} / {SSHA256} / {SSHA512}: passlib compares the decoded digest bytes.
class SaltedHash final : public core::ParsedHash {
public:
    SaltedHash(const DigestVariant& variant, std::vector<std::uint8_t> checksum, std::vector<std::uint8_t> salt)
        : m_variant(variant), m_checksum(std::move(checksum)), m_salt(std::move(salt)) {}

    std::vector<core::Param> params() const override {
        return {{"digest", std::string(m_variant.digest_name)}, {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits&) const override { return std::nullopt; }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        return core::Derived{digest_of(m_variant, password, m_salt), false};
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

private:
    const DigestVariant& m_variant;
    std::vector<std::uint8_t> m_checksum;
    std::vector<std::uint8_t> m_salt;
};

Error malformed(std::string_view scheme_name, const std::string& why) {
    return core::malformed_hash(scheme_name, why);
}

bool is_b64_data(char c) { return core::std_b64().is_valid(c); }

core::Result<std::unique_ptr<core::ParsedHash>> parse_digest(const DigestVariant& v, std::string_view hash) {
    // passlib decodes the hash as ASCII first (FORMATS.md §0.2).
    if (!core::is_ascii(hash)) return malformed(v.scheme_name, "non-ASCII character");
    std::string_view rest = hash.substr(v.prefix.size());
    if (!v.salted) {
        // passlib checks only the characters, not the length (FORMATS.md §5.3, §9).
        if (!std::all_of(rest.begin(), rest.end(), [](char c) { return c == '=' || is_b64_data(c); })) {
            return malformed(v.scheme_name, "a character outside the base64 alphabet A-Za-z0-9+/=");
        }
        return std::unique_ptr<core::ParsedHash>(std::make_unique<UnsaltedHash>(v, std::string(rest)));
    }

    // passlib's regex `[+/A-Za-z0-9]{N,}={0,2}$`: Python's `$` also matches before one final newline,
    // which passlib therefore accepts (FORMATS.md §0.2, §9); so does pwcheck.
    if (rest.ends_with('\n')) rest.remove_suffix(1);
    const std::size_t data = static_cast<std::size_t>(
        std::find_if_not(rest.begin(), rest.end(), is_b64_data) - rest.begin());
    const std::string_view padding = rest.substr(data);
    if (!std::all_of(padding.begin(), padding.end(), [](char c) { return c == '='; }) || padding.size() > 2) {
        return malformed(v.scheme_name, "a character outside the base64 alphabet A-Za-z0-9+/ or misplaced '='");
    }
    if (data < v.min_chars) {
        return malformed(v.scheme_name, "at least " + std::to_string(v.min_chars) +
                                            " base64 characters are needed (digest and a 4-byte salt), found " +
                                            std::to_string(data));
    }
    // Padding must be present and correct (passlib: binascii's "Incorrect padding"); the extra `=` that
    // Python would skip are refused too (README, deviation ldap-base64-padding).
    if (data % 4 == 1) return malformed(v.scheme_name, "base64 length " + std::to_string(data) + " is impossible");
    if (padding.size() != (4 - data % 4) % 4) {
        return malformed(v.scheme_name, "base64 padding must be " + std::to_string((4 - data % 4) % 4) +
                                            " '=' for " + std::to_string(data) + " characters");
    }
    auto bytes = core::std_b64().decode(rest.substr(0, data));  // unused low bits ignored, as in passlib
    if (!bytes) return malformed(v.scheme_name, "invalid base64");
    const std::size_t digest_size = primitives::message_digest_size(v.digest);
    const std::size_t salt_size = bytes->size() - digest_size;  // data >= min_chars: at least digest + 4
    if (salt_size < k_min_salt_bytes || salt_size > k_max_salt_bytes) {
        return malformed(v.scheme_name, "salt must be 4 to 16 bytes, found " + std::to_string(salt_size));
    }
    std::vector<std::uint8_t> checksum(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(digest_size));
    std::vector<std::uint8_t> salt(bytes->begin() + static_cast<std::ptrdiff_t>(digest_size), bytes->end());
    return std::unique_ptr<core::ParsedHash>(std::make_unique<SaltedHash>(v, std::move(checksum), std::move(salt)));
}

core::Result<std::string> make_digest_hash(const DigestVariant& v, std::span<const std::uint8_t> password,
                                           std::span<const std::uint8_t> salt) {
    if (!v.salted) return std::string(v.prefix) + padded_b64(digest_of(v, password, {}).bytes());
    const std::span<const std::uint8_t> used = salt.first(std::min(salt.size(), k_max_salt_bytes));
    const core::SecretBuffer digest = digest_of(v, password, used);
    std::vector<std::uint8_t> data(digest.bytes().begin(), digest.bytes().end());
    data.insert(data.end(), used.begin(), used.end());
    return std::string(v.prefix) + padded_b64(data);
}

template <const DigestVariant& V>
core::Result<std::string> make_digest_variant_hash(std::span<const std::uint8_t> password, std::uint64_t,
                                                   std::span<const std::uint8_t> salt) {
    return make_digest_hash(V, password, salt);
}

/// One pass of one digest: no cost, and weak (FORMATS.md §5.3; JSON says "weak": true).
constexpr core::CostSpec k_single_pass{"rounds", false, 1, 1, 1};

template <const DigestVariant& V>
const core::Scheme& digest_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       {},
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse_digest>,
                                       k_single_pass,
                                       {"password", V.known_answer},
                                       make_digest_variant_hash<V>,
                                       V.salt_size,
                                       true};
    return k_scheme;
}

// Known answers: passlib 1.7.4, password "password"; {SSHA} and {SHA} are FORMATS.md §8's.
constexpr DigestVariant k_md5{"ldap_md5", "{MD5}", "md5", MessageDigest::md5, false, 0, 0,
                              "LDAP {MD5}: unsalted MD5 of the password, base64", "{MD5}X03MO1qnZdYdgyfeuILPmQ=="};
constexpr DigestVariant k_sha1{"ldap_sha1", "{SHA}", "sha1", MessageDigest::sha1, false, 0, 0,
                               "LDAP {SHA}: unsalted SHA-1 of the password, base64",
                               "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="};
constexpr DigestVariant k_salted_md5{"ldap_salted_md5", "{SMD5}", "md5", MessageDigest::md5, true, 27, 4,
                                     "LDAP {SMD5}: MD5(password || salt) || salt, base64; made with a 4-byte salt",
                                     "{SMD5}swXK27O85U86pZxk/sAN6nNhbHQ="};
constexpr DigestVariant k_salted_sha1{"ldap_salted_sha1", "{SSHA}", "sha1", MessageDigest::sha1, true, 32, 4,
                                      "LDAP {SSHA}: SHA-1(password || salt) || salt, base64; made with a 4-byte salt",
                                      "{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0"};
constexpr DigestVariant k_salted_sha256{
    "ldap_salted_sha256", "{SSHA256}", "sha256", MessageDigest::sha256, true, 48, 8,
    "LDAP {SSHA256}: SHA-256(password || salt) || salt, base64; made with an 8-byte salt",
    "{SSHA256}DIzeh0gCRMTRu9dAH3C3rr7fWkRT0Bp2ZdtRqvTX3XJzYWx0c2FsdA=="};
constexpr DigestVariant k_salted_sha512{
    "ldap_salted_sha512", "{SSHA512}", "sha512", MessageDigest::sha512, true, 91, 8,
    "LDAP {SSHA512}: SHA-512(password || salt) || salt, base64; made with an 8-byte salt",
    "{SSHA512}9ZxHVj4YomwqqFiYKcIjExMLx2ZblYfXRGc4KMqbgvHq2+HOgwiTIi+eO/Uam/8D0beDAkGpvx14+UFlfBskLnNhbHRzYWx0"};

// ------------------------------------------------------------------------------------------------
// {PBKDF2}, {PBKDF2-SHA256}, {PBKDF2-SHA512}: passlib's PrefixWrapper over pbkdf2_* (FORMATS.md §6)
// ------------------------------------------------------------------------------------------------

/// One LDAP-prefixed pbkdf2 format: the body after the prefix is the pbkdf2 hash after its ident.
struct PrefixVariant {
    std::string_view scheme_name;
    std::string_view prefix;
    const core::Scheme& (*inner)();
    std::string_view description;
    std::string_view known_answer;  // of the password "password"
};

/// Errors of the inner scheme, told as errors of the LDAP format.
Error outer_error(std::string_view scheme_name, const Error& inner) {
    return make_error(inner.code, std::string(scheme_name) + ": " + inner.message);
}

core::Result<std::unique_ptr<core::ParsedHash>> parse_prefixed(const PrefixVariant& v, std::string_view hash) {
    const core::Scheme& inner = v.inner();
    // As passlib does: the same text with the pbkdf2 ident in place of the LDAP prefix.
    const std::string inner_text = std::string(inner.prefixes.front()) + std::string(hash.substr(v.prefix.size()));
    auto parsed = parse_wrapped(inner, inner_text, Wrapping{std::string(v.scheme_name), false, nullptr});
    if (!parsed) return outer_error(v.scheme_name, parsed.error());
    return parsed;
}

core::Result<std::string> make_prefixed_hash(const PrefixVariant& v, std::span<const std::uint8_t> password,
                                             std::uint64_t rounds, std::span<const std::uint8_t> salt) {
    const core::Scheme& inner = v.inner();
    auto made = inner.make_hash(password, rounds, salt);
    if (!made) return made.error();
    return std::string(v.prefix) + made->substr(inner.prefixes.front().size());
}

template <const PrefixVariant& V>
const core::Scheme& prefixed_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       {},
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse_prefixed>,
                                       V.inner().cost,
                                       {"password", V.known_answer},
                                       make_as<V, make_prefixed_hash>,
                                       V.inner().salt_size};
    return k_scheme;
}

constexpr PrefixVariant k_pbkdf2_sha1{"ldap_pbkdf2_sha1", "{PBKDF2}", pbkdf2_sha1,
                                      "LDAP {PBKDF2}: pbkdf2_sha1's format after the prefix",
                                      "{PBKDF2}1000$c2FsdHNhbHRzYWx0c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM"};
constexpr PrefixVariant k_pbkdf2_sha256{
    "ldap_pbkdf2_sha256", "{PBKDF2-SHA256}", pbkdf2_sha256, "LDAP {PBKDF2-SHA256}: pbkdf2_sha256's format after the prefix",
    "{PBKDF2-SHA256}1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA"};
constexpr PrefixVariant k_pbkdf2_sha512{
    "ldap_pbkdf2_sha512", "{PBKDF2-SHA512}", pbkdf2_sha512, "LDAP {PBKDF2-SHA512}: pbkdf2_sha512's format after the prefix",
    "{PBKDF2-SHA512}1000$c2FsdHNhbHRzYWx0c2FsdA$715rqIr5dXOVPpBhqqsugl037zT5bWJTWYmZtIcK8hBnisKpwfY7kokvwjDrNHqHhF50Pb7MD6HvkJwiDQw4ww"};

// ------------------------------------------------------------------------------------------------
// {CRYPT}: passlib's ldap_<crypt scheme> wrappers (FORMATS.md §5.3, §6)
// ------------------------------------------------------------------------------------------------

constexpr std::string_view k_crypt_prefix = "{CRYPT}";

/// The crypt schemes passlib wraps under {CRYPT} (passlib.utils.unix_crypt_schemes), looked up in the
/// table by name, so a row added for one of them is wrapped too; a name not in the table is skipped.
/// Only crypt formats: never another LDAP or Django row.
constexpr std::array<std::string_view, 7> k_crypt_inner = {"sha512_crypt", "sha256_crypt", "sha1_crypt", "bcrypt",
                                                           "md5_crypt",    "bsdi_crypt",   "des_crypt"};

/// "{CRYPT} followed by any crypt hash": also the crypt(3) formats passlib does not wrap, scrypt's `$7$`
/// and whatever the system's crypt(3) takes (yescrypt, DES...). A listed deviation (crypt-beyond-passlib).
const core::Scheme* crypt_beyond_passlib(std::string_view rest) {
    if (rest.starts_with("$7$")) return core::find_scheme("scrypt");
    const core::Scheme* system = core::find_scheme("system_crypt");
    return system != nullptr && system->claims(rest) ? system : nullptr;
}

core::Result<std::unique_ptr<core::ParsedHash>> parse_crypt(std::string_view hash) {
    const std::string_view rest = hash.substr(k_crypt_prefix.size());
    const auto wrap = [&](const core::Scheme& inner) -> core::Result<std::unique_ptr<core::ParsedHash>> {
        const std::string name = "ldap_" + std::string(inner.name);
        auto parsed = parse_wrapped(inner, rest, Wrapping{name, false, nullptr});
        if (!parsed) return outer_error(name, parsed.error());
        return parsed;
    };
    for (const std::string_view name : k_crypt_inner) {
        const core::Scheme* inner = core::find_scheme(name);
        if (inner != nullptr && inner->claims(rest)) return wrap(*inner);
    }
    if (const core::Scheme* other = crypt_beyond_passlib(rest)) return wrap(*other);
    std::string supported;
    for (const std::string_view name : k_crypt_inner) {
        if (core::find_scheme(name) != nullptr) supported.append(supported.empty() ? "" : ", ").append(name);
    }
    return make_error(ErrorCode::unsupported_hash,
                      "{CRYPT} followed by " + core::quote_for_message(rest, 12) +
                          ", not a crypt hash (supported here: " + supported + ", scrypt $7$, system_crypt)");
}

}  // namespace

const core::Scheme& ldap_md5() { return digest_row<k_md5>(); }
const core::Scheme& ldap_sha1() { return digest_row<k_sha1>(); }
const core::Scheme& ldap_salted_md5() { return digest_row<k_salted_md5>(); }
const core::Scheme& ldap_salted_sha1() { return digest_row<k_salted_sha1>(); }
const core::Scheme& ldap_salted_sha256() { return digest_row<k_salted_sha256>(); }
const core::Scheme& ldap_salted_sha512() { return digest_row<k_salted_sha512>(); }
const core::Scheme& ldap_pbkdf2_sha1() { return prefixed_row<k_pbkdf2_sha1>(); }
const core::Scheme& ldap_pbkdf2_sha256() { return prefixed_row<k_pbkdf2_sha256>(); }
const core::Scheme& ldap_pbkdf2_sha512() { return prefixed_row<k_pbkdf2_sha512>(); }

const core::Scheme& ldap_crypt() {
    // No make_hash: passlib has no single ldap_crypt to make; the hashes are ldap_md5_crypt, ldap_bcrypt...
    static const core::Scheme k_scheme{"ldap_crypt",
                                       {},
                                       std::span<const std::string_view>(&k_crypt_prefix, 1),
                                       "LDAP {CRYPT} + a crypt hash (passlib's ldap_md5_crypt, ldap_bcrypt, "
                                       "ldap_sha256_crypt, ldap_sha512_crypt); verify only",
                                       parse_crypt,
                                       {"rounds", false, 1, 1, 1},
                                       {"password", "{CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"},
                                       nullptr,
                                       0};
    return k_scheme;
}

}  // namespace pwcheck::schemes

// passlib's md5_crypt (`$1$`, PHK's FreeBSD MD5-crypt) and apr_md5_crypt (`$apr1$`, Apache htpasswd's
// default) (FORMATS.md §4.2): <ident><salt>$<checksum>, salt 0–8 hash64 chars, checksum 22 hash64 chars.
#include <algorithm>
#include <array>
#include <string>

#include "core/encoding.hpp"
#include "primitives/message_digest.hpp"
#include "schemes/schemes.hpp"
#include "schemes/variant_row.hpp"

namespace pwcheck::schemes {
namespace {

using core::as_bytes;

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::DigestContext;
using primitives::MessageDigest;

constexpr std::uint64_t k_rounds = 1000;  // fixed by the algorithm: there is no cost parameter
constexpr std::size_t k_max_salt_chars = 8;
constexpr std::size_t k_salt_size = 8;  // passlib's default: 8 salt characters
constexpr std::size_t k_checksum_chars = 22;

bool is_hash64(char c) { return core::hash64().value(c) >= 0; }

/// One member of the family: md5_crypt and apr_md5_crypt differ only in the magic hashed into A.
struct Variant {
    std::string_view scheme_name;
    std::string_view prefix;  // also the magic M of step 2
    std::string_view description;
    std::string_view known_answer;  // of the password "password"
};

/// The order in which the 16 digest bytes are encoded (FORMATS.md §4.2 step 4): five 24-bit groups
/// (x<<16 | y<<8 | z, least significant 6 bits first), then byte 11 alone as 2 characters.
constexpr std::array<std::uint8_t, 16> k_order = {0, 6, 12, 1, 7, 13, 2, 8, 14, 3, 9, 15, 4, 10, 5, 11};

/// The checksum text (22 chars) for `password` under `salt`: password_refused on a NUL (FORMATS.md §0.1;
/// passlib raises after parsing the hash, as here).
core::Result<core::SecretBuffer> derive_checksum(const Variant& v, std::span<const std::uint8_t> password,
                                                 std::string_view salt_text) {
    if (std::find(password.begin(), password.end(), std::uint8_t{0}) != password.end()) {
        return make_error(ErrorCode::password_refused,
                          std::string(v.scheme_name) + " does not allow NUL bytes in the password");
    }
    const auto salt = as_bytes(salt_text);
    DigestContext md(MessageDigest::md5);
    core::SecretBuffer b(16), c(16);
    b.resize(16);
    c.resize(16);

    // Step 1: B = MD5(P || S || P).
    md.update(password);
    md.update(salt);
    md.update(password);
    md.finish(b.bytes());

    // Step 2: A = MD5(P || M || S || B repeated to |P| || one byte per bit of |P|).
    md.reset();
    md.update(password);
    md.update(as_bytes(v.prefix));
    md.update(salt);
    for (std::size_t left = password.size(); left > 0; left -= std::min<std::size_t>(left, 16)) {
        md.update(b.bytes().first(std::min<std::size_t>(left, 16)));
    }
    const std::uint8_t zero = 0;
    for (std::size_t n = password.size(); n > 0; n >>= 1) {
        // A 1 bit adds a NUL byte, a 0 bit the first password byte (PHK's code, kept as passlib keeps it).
        md.update((n & 1) != 0 ? std::span<const std::uint8_t>(&zero, 1) : password.first(1));
    }
    md.finish(c.bytes());

    // Step 3: 1000 rounds of C = MD5((P|C) || S? || P? || (C|P)).
    for (std::uint64_t i = 0; i < k_rounds; ++i) {
        md.reset();
        const bool odd = (i & 1) != 0;
        md.update(odd ? password : std::span<const std::uint8_t>(c.bytes()));
        if (i % 3 != 0) md.update(salt);
        if (i % 7 != 0) md.update(password);
        md.update(odd ? std::span<const std::uint8_t>(c.bytes()) : password);
        md.finish(c.bytes());
    }

    // Step 4: hash64 in the transposed order.
    core::SecretBuffer text(k_checksum_chars);
    text.resize(k_checksum_chars);
    std::size_t o = 0;
    const auto emit = [&](std::uint32_t value, int chars) {
        for (int k = 0; k < chars; ++k, value >>= 6) {
            text.data()[o++] = static_cast<std::uint8_t>(core::hash64().symbol(value & 63));
        }
    };
    const std::uint8_t* raw = c.data();
    for (std::size_t g = 0; g + 3 <= 15; g += 3) {
        emit(std::uint32_t{raw[k_order[g]]} << 16 | std::uint32_t{raw[k_order[g + 1]]} << 8 | raw[k_order[g + 2]], 4);
    }
    emit(raw[k_order[15]], 2);
    return text;
}

class Md5CryptHash final : public core::ParsedHash {
public:
    Md5CryptHash(const Variant& variant, std::string salt, std::string checksum)
        : m_variant(variant), m_salt(std::move(salt)), m_checksum(std::move(checksum)) {}

    std::vector<core::Param> params() const override {
        return {{"rounds", k_rounds}, {"salt_size", std::uint64_t{m_salt.size()}}};
    }

    // 1000 MD5s: nothing to limit.
    std::optional<Error> check_limits(const core::Limits&) const override { return std::nullopt; }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        auto text = derive_checksum(m_variant, password, m_salt);
        if (!text) return text.error();
        return core::Derived{std::move(*text), false};
    }

    // passlib compares the checksum text (FORMATS.md §0.2): a non-canonical last char is a mismatch.
    std::span<const std::uint8_t> expected() const override { return as_bytes(m_checksum); }

private:
    const Variant& m_variant;
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
    const std::vector<std::string_view> fields = core::split(hash.substr(v.prefix.size()), '$');
    if (fields.size() == 1 || (fields.size() == 2 && fields[1].empty())) {
        return malformed(v, "no checksum (a configuration string, not a hash)");
    }
    if (fields.size() != 2) {
        return malformed(v, "expected salt and checksum after " + std::string(v.prefix) + ", found " +
                                std::to_string(fields.size()) + " '$'-separated fields");
    }
    const std::string_view salt = fields[0];
    const std::string_view checksum = fields[1];
    // passlib refuses a salt over 8 chars on verify, where libxcrypt would truncate (FORMATS.md §4.2).
    if (salt.size() > k_max_salt_chars) {
        return malformed(v, "salt longer than 8 characters (" + std::to_string(salt.size()) + ")");
    }
    if (!std::all_of(salt.begin(), salt.end(), is_hash64)) return malformed(v, "salt has a character outside ./0-9A-Za-z");
    if (checksum.size() != k_checksum_chars) {
        return malformed(v, "checksum must be 22 characters, found " + std::to_string(checksum.size()));
    }
    if (!std::all_of(checksum.begin(), checksum.end(), is_hash64)) {
        return malformed(v, "checksum has a character outside ./0-9A-Za-z");
    }
    return std::unique_ptr<core::ParsedHash>(std::make_unique<Md5CryptHash>(v, std::string(salt), std::string(checksum)));
}

core::Result<std::string> make_hash(const Variant& v, std::span<const std::uint8_t> password, std::uint64_t,
                                    std::span<const std::uint8_t> salt_bytes) {
    // One hash64 character per random byte: 256 is a multiple of 64, so each is uniform.
    std::string salt;
    for (std::size_t i = 0; i < std::min(salt_bytes.size(), k_max_salt_chars); ++i) salt += core::hash64().symbol(salt_bytes[i]);
    auto text = derive_checksum(v, password, salt);
    if (!text) return text.error();
    return std::string(v.prefix) + salt + "$" + std::string(reinterpret_cast<const char*>(text->data()), text->size());
}

/// The table row of variant V: weak (1000 MD5s are nothing to a GPU).
template <const Variant& V>
const core::Scheme& scheme_row() {
    static const core::Scheme k_scheme{V.scheme_name,
                                       {},
                                       std::span<const std::string_view>(&V.prefix, 1),
                                       V.description,
                                       parse_as<V, parse>,
                                       {"rounds", false, k_rounds, k_rounds, k_rounds},
                                       {"password", V.known_answer},
                                       make_as<V, make_hash>,
                                       k_salt_size,
                                       true};
    return k_scheme;
}

// Known answers: passlib 1.7.4, password "password", FORMATS.md §8.
constexpr Variant k_md5_crypt{"md5_crypt", "$1$", "MD5-crypt (PHK, FreeBSD/glibc $1$), 1000 fixed rounds; made with an 8-char salt",
                              "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"};
constexpr Variant k_apr_md5_crypt{"apr_md5_crypt", "$apr1$",
                                  "Apache htpasswd's MD5-crypt ($apr1$), 1000 fixed rounds; made with an 8-char salt",
                                  "$apr1$saltsalt$yAAkm4libquA.ZWLHbSBq/"};

}  // namespace

const core::Scheme& md5_crypt() { return scheme_row<k_md5_crypt>(); }
const core::Scheme& apr_md5_crypt() { return scheme_row<k_apr_md5_crypt>(); }

}  // namespace pwcheck::schemes

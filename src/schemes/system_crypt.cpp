// Whatever else /etc/shadow holds, through the system's crypt(3) (libxcrypt's crypt_rn, FORMATS.md §5.5):
// yescrypt `$y$` (Debian's default), gost-yescrypt `$gy$`, NetBSD sha1crypt `$sha1$`, Sun MD5 `$md5$`,
// NT `$3$`, BSDi DES `_...` and traditional DES / bigcrypt (13 or 13 + 11k characters, no prefix).
// The row comes last in the table: it claims only what no native row claims.
#include <crypt.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/encoding.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;

Error malformed(const std::string& why) {
    return core::malformed_hash("system crypt", why);
}

/// The method libxcrypt will use for `hash`, by its prefix, for JSON and identify.
std::string_view method_of(std::string_view hash) {
    if (hash.starts_with("$y$")) return "yescrypt";
    if (hash.starts_with("$gy$")) return "gost-yescrypt";
    if (hash.starts_with("$sha1$")) return "sha1crypt";
    if (hash.starts_with("$md5")) return "sunmd5";
    if (hash.starts_with("$3$")) return "nt";
    if (hash.starts_with("_")) return "bsdicrypt";
    return hash.size() == 13 ? "descrypt" : "bigcrypt";
}

/// Traditional DES (13 hash64 characters) and bigcrypt (13 + 11 k): the formats without a prefix.
bool claims_des(std::string_view hash) {
    if (hash.size() < 13 || (hash.size() - 13) % 11 != 0) return false;
    return std::all_of(hash.begin(), hash.end(), [](char c) { return core::hash64().value(c) >= 0; });
}

/// One of yescrypt's variable-length parameter numbers (its `$y$` setting encoding): the first
/// character's value says how many more follow and carries the high bits; `min` is added.
std::optional<std::uint64_t> yescrypt_number(std::string_view& text, std::uint64_t min) {
    if (text.empty()) return std::nullopt;
    int c = core::hash64().value(text.front());
    if (c < 0) return std::nullopt;
    text.remove_prefix(1);
    std::uint64_t value = min;
    unsigned start = 0, end = 47, more = 0, bits = 0;
    while (static_cast<unsigned>(c) > end) {
        value += std::uint64_t{end + 1 - start} << bits;
        start = end + 1;
        end = start + (62 - end) / 2;
        ++more;
        bits += 6;
    }
    value += std::uint64_t{static_cast<unsigned>(c) - start} << bits;
    for (; more > 0; --more) {
        if (text.empty() || (c = core::hash64().value(text.front())) < 0) return std::nullopt;
        text.remove_prefix(1);
        bits -= 6;
        value += std::uint64_t{static_cast<unsigned>(c)} << bits;
    }
    return value;
}

/// The rounds libxcrypt will compute for a sha1crypt, SunMD5 or BSDi DES hash, which no memory bound
/// covers: 2^32 of them take an hour (issue 9). sha1crypt reads them with strtoul ('+' and '-' taken, "-1"
/// wraps to ULONG_MAX, overflow saturates to ULONG_MAX whatever the sign); SunMD5 takes a plain decimal up to 2^32 - 1 and refuses the
/// rest itself; BSDi DES (`_` + 4 characters of count + 4 of salt) a 24-bit hash64 count, ~4 s at 2^24 - 1.
std::uint64_t crypt_rounds(std::string_view hash) {
    constexpr std::uint64_t k_max = UINT64_MAX;
    if (hash.starts_with("$sha1$")) {
        std::string_view text = hash.substr(6);
        const bool negative = text.starts_with('-');
        if (negative || text.starts_with('+')) text.remove_prefix(1);
        std::uint64_t value = 0;
        bool overflow = false;
        for (std::size_t i = 0; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            const auto d = static_cast<std::uint64_t>(text[i] - '0');
            overflow = overflow || value > (k_max - d) / 10;
            value = overflow ? k_max : value * 10 + d;
        }
        // Out of range, with a sign or not, strtoul gives ULONG_MAX; in range, it negates in unsigned arithmetic.
        if (overflow) return k_max;
        return negative ? (~value + 1) : value;
    }
    if (hash.starts_with('_') && hash.size() >= 5) {
        std::uint64_t count = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            const int v = core::hash64().value(hash[1 + i]);
            if (v < 0) return 0;  // crypt(3) refuses it
            count |= static_cast<std::uint64_t>(v) << (6 * i);
        }
        return count;
    }
    for (const std::string_view prefix : {"$md5,rounds=", "$md5$rounds="}) {
        if (!hash.starts_with(prefix)) continue;
        const auto digits = hash.substr(prefix.size(), hash.find_first_not_of("0123456789", prefix.size()) - prefix.size());
        if (digits.empty() || digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) return 0;
        const auto value = std::stoull(std::string(digits));
        return value <= 0xFFFFFFFF ? value : 0;
    }
    return 0;
}

class SystemCryptHash final : public core::ParsedHash {
public:
    SystemCryptHash(std::string hash, bool legacy, std::uint64_t memory)
        : m_hash(std::move(hash)), m_legacy(legacy), m_memory(memory), m_rounds(crypt_rounds(m_hash)) {}

    std::vector<core::Param> params() const override {
        std::vector<core::Param> p{{"method", std::string(method_of(m_hash))}};
        if (m_memory > 0) p.push_back({"memory", m_memory});
        return p;
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        // sha1crypt's rounds are HMAC-SHA1 iterations, PBKDF2's bound; SunMD5's are crypt rounds like sha-crypt's.
        if (m_hash.starts_with("$sha1$")) return core::over_limit("sha1crypt rounds", m_rounds, limits, &core::Limits::max_pbkdf2_rounds);
        if (m_hash.starts_with("$md5")) return core::over_limit("sunmd5 rounds", m_rounds, limits, &core::Limits::max_sha_crypt_rounds);
        if (m_hash.starts_with('_')) return core::over_limit("bsdicrypt rounds", m_rounds, limits, &core::Limits::max_sha_crypt_rounds);
        // yescrypt is scrypt's successor: the same memory bound applies.
        return core::over_limit("yescrypt memory", m_memory, limits, &core::Limits::max_memory);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        if (std::find(password.begin(), password.end(), std::uint8_t{0}) != password.end()) {
            return make_error(ErrorCode::password_refused, "crypt(3) cannot take a NUL byte in the password");
        }
        // crypt_rn works on C strings and keeps its intermediate state in `data`: both in wiped memory.
        core::SecretBuffer key(password.size() + 1);
        key.resize(password.size() + 1);
        std::copy(password.begin(), password.end(), key.data());
        key.data()[password.size()] = 0;
        core::SecretBuffer data(sizeof(struct crypt_data));
        data.resize(sizeof(struct crypt_data));
        std::memset(data.data(), 0, data.size());
        const char* out = crypt_rn(reinterpret_cast<const char*>(key.data()), m_hash.c_str(), data.data(),
                                   static_cast<int>(data.size()));
        if (out == nullptr || out[0] == '*') {
            return make_error(ErrorCode::malformed_hash, "the system's crypt(3) does not accept this hash");
        }
        const std::size_t n = std::strlen(out);
        core::SecretBuffer result(std::max<std::size_t>(n, 1));
        result.resize(n);
        std::copy_n(reinterpret_cast<const std::uint8_t*>(out), n, result.data());
        return core::Derived{std::move(result), false};
    }

    // crypt(3) gives the whole hash string: compare it with the stored one as it is.
    std::span<const std::uint8_t> expected() const override {
        return core::as_bytes(m_hash);
    }

    bool weak() const override { return m_legacy; }

private:
    std::string m_hash;
    bool m_legacy;
    std::uint64_t m_memory;
    std::uint64_t m_rounds;  ///< crypt_rounds(): sha1crypt / SunMD5 / BSDi DES rounds, 0 for the other methods.
};

/// yescrypt's memory, 128 r N bytes, from a `$y$` / `$gy$` setting: flavor, log2 N, r (FORMATS.md §5.5).
core::Result<std::uint64_t> yescrypt_memory(std::string_view hash) {
    const auto fields = core::split(hash, '$');  // "", "y", params, salt, hash
    if (fields.size() != 5 || fields[4].empty()) return malformed("yescrypt hashes are $y$<params>$<salt>$<hash>");
    std::string_view params = fields[2];
    const auto flavor = yescrypt_number(params, 0);
    const auto log2_n = yescrypt_number(params, 1);
    const auto r = yescrypt_number(params, 1);
    if (!flavor || !log2_n || !r) return malformed("yescrypt parameters are not valid");
    if (*log2_n > 63 || *r > (std::uint64_t{1} << 30)) return std::uint64_t{UINT64_MAX};  // absurd: over any limit
    const std::uint64_t n = std::uint64_t{1} << *log2_n;
    if (n > UINT64_MAX / 128 / *r) return std::uint64_t{UINT64_MAX};
    return 128 * *r * n;
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    // A field of /etc/shadow or htpasswd: printable ASCII without ':' (FORMATS.md §0.2).
    for (const char c : hash) {
        if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e || c == ':') {
            return malformed("a byte crypt(3) hashes never contain (" + core::quote_for_message(std::string_view(&c, 1)) + ")");
        }
    }
    const std::string text(hash);
    const int check = crypt_checksalt(text.c_str());
    if (check == CRYPT_SALT_INVALID) return malformed("not a hash the system's crypt(3) accepts");
    if (check == CRYPT_SALT_METHOD_DISABLED) {
        return make_error(ErrorCode::unsupported_hash, "the system's crypt(3) has this method disabled");
    }
    std::uint64_t memory = 0;
    if (hash.starts_with("$y$") || hash.starts_with("$gy$")) {
        auto m = yescrypt_memory(hash);
        if (!m) return m.error();
        memory = *m;
    }
    return std::unique_ptr<core::ParsedHash>(
        std::make_unique<SystemCryptHash>(text, check == CRYPT_SALT_METHOD_LEGACY, memory));
}

constexpr std::string_view k_prefixes[] = {"$y$", "$gy$", "$sha1$", "$md5$", "$md5,", "$3$", "_"};

}  // namespace

const core::Scheme& system_crypt() {
    static const core::Scheme k_scheme{
        "system_crypt",
        {},
        k_prefixes,
        "the system's crypt(3) (libxcrypt) for what no native row claims: yescrypt $y$, gost-yescrypt $gy$, "
        "sha1crypt, SunMD5, NT, BSDi and traditional DES",
        parse,
        {"rounds", false, 0, 0, 0},
        {"password", "$y$j75$LdJMENpBABJJ3hIHjB1Bi.$AwSWBvo9otG8BLH4EfD1adasacj5dqew9dxGW5j5f24"},
        nullptr,
        0,
        false,
        claims_des};
    return k_scheme;
}

}  // namespace pwcheck::schemes

// Werkzeug's rows (FORMATS.md §5.2): exact make_hash text, the refusals pwcheck chooses (unsupported
// defaults and digest spellings, missing fields), and the limits.
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <string>

#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::ErrorCode;
using pwcheck::core::find_scheme;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

pwcheck::core::VerifyResult check(std::string_view password, std::string_view hash, pwcheck::core::Limits limits = {}) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.limits = limits;
    return pwcheck::core::verify(r);
}

std::optional<ErrorCode> error_of(std::string_view hash) {
    const auto r = check("password", hash);
    if (!r.error) return std::nullopt;
    return r.error->code;
}

constexpr std::string_view k_hex = "f275fb870144cc807c68f6a325360af3078741ce4d833d2915500abd2bb88d00";

/// PBKDF2 by OpenSSL alone, as lowercase hex: the independent reference for the digests without a fast path.
std::string openssl_pbkdf2_hex(const char* digest, std::string_view password, std::string_view salt, int iterations) {
    const EVP_MD* md = EVP_get_digestbyname(digest);
    if (md == nullptr) return {};
    std::vector<unsigned char> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                      static_cast<int>(salt.size()), iterations, md, static_cast<int>(out.size()), out.data());
    std::string hex;
    for (const unsigned char b : out) {
        hex += "0123456789abcdef"[b >> 4];
        hex += "0123456789abcdef"[b & 15];
    }
    return hex;
}

}  // namespace

TEST(Werkzeug, MadeHashesReproduceWerkzeugText) {
    const auto salt = bytes("saltsaltsaltsalt");
    EXPECT_EQ(*find_scheme("werkzeug_pbkdf2")->make_hash(bytes("password"), 1000, salt),
              "pbkdf2:sha256:1000$saltsaltsaltsalt$" + std::string(k_hex));
    EXPECT_EQ(*find_scheme("werkzeug_scrypt")->make_hash(bytes("password"), 10, salt),
              "scrypt:1024:8:1$saltsaltsaltsalt$0553112aa7625588a428068f475c2e72c2942afc384ee3cb91d118b684876ace4b6c4f09006a03"
              "e7db0fb5dc05fff1ce3112cd6fbbb2e2d9c77b01066a6d275c");
}

TEST(Werkzeug, DigestsWithoutAFastPathGoThroughOpenSSL) {
    for (const auto& [name, openssl] : std::vector<std::pair<std::string, const char*>>{
             {"sha224", "SHA224"}, {"sha384", "SHA384"}, {"sha3_256", "SHA3-256"}, {"blake2b", "BLAKE2B-512"}, {"md5", "MD5"}}) {
        const std::string hex = openssl_pbkdf2_hex(openssl, "pw", "NaCl", 3);
        ASSERT_FALSE(hex.empty()) << name;
        const std::string hash = "pbkdf2:" + name + ":3$NaCl$" + hex;
        EXPECT_EQ(check("pw", hash).match, std::optional<bool>(true)) << hash;
        EXPECT_EQ(check("pW", hash).match, std::optional<bool>(false)) << hash;
    }
}

TEST(Werkzeug, VersionDependentDefaultsAreUnsupported) {
    const std::string tail = "$saltsaltsaltsalt$" + std::string(k_hex);
    EXPECT_EQ(error_of("pbkdf2:sha256" + tail), ErrorCode::unsupported_hash);
    EXPECT_EQ(error_of("pbkdf2" + tail), ErrorCode::unsupported_hash);
    EXPECT_EQ(error_of("scrypt" + tail), ErrorCode::unsupported_hash);
    // OpenSSL's spellings that hashlib also takes are refused: only hashlib's own names are supported.
    EXPECT_EQ(error_of("pbkdf2:SHA256:1000" + tail), ErrorCode::unsupported_hash);
    EXPECT_EQ(error_of("pbkdf2:nosuch:1000" + tail), ErrorCode::unsupported_hash);
}

TEST(Werkzeug, TheSplitIsOnTheFirstTwoDollars) {
    const std::string good = "pbkdf2:sha256:1000$saltsaltsaltsalt$" + std::string(k_hex);
    EXPECT_EQ(check("password", good).match, std::optional<bool>(true));
    EXPECT_EQ(check("password", good + "$").match, std::optional<bool>(false));  // '$' belongs to the hex part
    // Fewer than two '$': Werkzeug says False, pwcheck says malformed (werkzeug-missing-fields).
    EXPECT_EQ(error_of("pbkdf2:sha256:1000$" + std::string(k_hex)), ErrorCode::malformed_hash);
    EXPECT_EQ(error_of("pbkdf2:sha256:1000"), ErrorCode::malformed_hash);
    // Upper-case hex is compared as text: no match; non-ASCII there is Werkzeug's TypeError.
    std::string upper = good;
    for (auto& c : upper) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 32 : c);
    EXPECT_EQ(check("password", upper.replace(0, 14, "pbkdf2:sha256:")).match, std::optional<bool>(false));
    EXPECT_EQ(error_of(good + "\xc3\xa9"), ErrorCode::malformed_hash);
}

TEST(Werkzeug, ScryptCopiesWerkzeugsMaxmemRules) {
    // A hash that parses meets the (here tiny) memory limit and is refused before any work: no scrypt runs.
    pwcheck::core::Limits none;
    none.max_memory = 0;
    const auto parses = [&](const std::string& params) {
        const auto r = check("password", "scrypt:" + params + "$s$" + std::string(128, '0'), none);
        EXPECT_TRUE(r.error) << params;
        return r.error && r.error->code == ErrorCode::cost_over_limit;
    };
    EXPECT_TRUE(parses("128:8:1"));
    EXPECT_FALSE(parses("64:8:1"));  // 128 r (N + 2) + 128 r p over maxmem = 132 N r p
    EXPECT_TRUE(parses("4:1:2"));
    EXPECT_FALSE(parses("2:1:2"));
    EXPECT_TRUE(parses("32768:1:1"));
    EXPECT_FALSE(parses("65536:1:1"));  // N < 2^(16 r)
    EXPECT_TRUE(parses("1048576:8:1"));
    EXPECT_FALSE(parses("2097152:8:1"));  // 132 N r p over INT_MAX
    EXPECT_FALSE(parses("1000:8:1"));
    EXPECT_FALSE(parses("1024:0:1"));
    EXPECT_TRUE(parses("01024:08:01"));  // int() takes leading zeros
}

TEST(Werkzeug, LimitsComeBeforeAnyWork) {
    const auto many = check("password", "pbkdf2:sha256:20000001$s$" + std::string(k_hex));
    EXPECT_EQ(many.error->code, ErrorCode::cost_over_limit);
    EXPECT_EQ(error_of("pbkdf2:sha256:2147483648$s$" + std::string(k_hex)), ErrorCode::malformed_hash);  // hashlib's bound
    pwcheck::core::Limits low;
    low.max_memory = 1 << 20;
    const auto r = check("password", "scrypt:1024:8:1$saltsaltsaltsalt$" + std::string(128, '0'), low);
    EXPECT_EQ(r.error->code, ErrorCode::cost_over_limit);
}

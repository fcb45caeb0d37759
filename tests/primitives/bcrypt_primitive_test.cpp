// Tests for pwcheck::primitives::bcrypt_raw: known answers taken from passlib 1.7.4 and the classic
// OpenBSD / crypt_blowfish vectors (all re-checked against libxcrypt), plus a differential test
// against the system's libxcrypt on random inputs.
#include "primitives/bcrypt.hpp"

#include <gtest/gtest.h>

#if PWCHECK_HAVE_LIBXCRYPT
#include <crypt.h>
#endif

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using pwcheck::primitives::bcrypt_raw;
using pwcheck::primitives::k_bcrypt_output_size;
using pwcheck::primitives::k_bcrypt_salt_size;

using Salt = std::array<std::uint8_t, k_bcrypt_salt_size>;
using Output = std::array<std::uint8_t, k_bcrypt_output_size>;

// bcrypt's own base-64 alphabet (not RFC 4648's): "./" first, then A-Z, a-z, 0-9.
constexpr std::string_view k_alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t k_checksum_bytes = 23;  // the format drops the 24th output byte

// Minimal test-only decoder (the project's real codec lives in src/core): big-endian bit order,
// no padding, trailing partial bits dropped. Returns nothing on a character outside the alphabet.
std::optional<std::vector<std::uint8_t>> bcrypt64_decode(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const auto v = k_alphabet.find(c);
        if (v == std::string_view::npos) {
            return std::nullopt;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<std::uint8_t>(acc >> bits));
            acc &= (1U << bits) - 1U;
        }
    }
    return bytes;
}

// Test-only encoder, the inverse of bcrypt64_decode (pads the last character with zero bits).
std::string bcrypt64_encode(const std::uint8_t* data, std::size_t size) {
    std::string text;
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        acc = (acc << 8) | data[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            text.push_back(k_alphabet[(acc >> bits) & 0x3fU]);
        }
        acc &= (1U << bits) - 1U;
    }
    if (bits > 0) {
        text.push_back(k_alphabet[(acc << (6 - bits)) & 0x3fU]);
    }
    return text;
}

// The parts of a "$2?$NN$<22 salt><31 checksum>" hash that bcrypt_raw consumes or produces.
struct ParsedHash {
    unsigned cost;
    Salt salt;
    std::vector<std::uint8_t> checksum;  // 23 bytes
};

ParsedHash parse_hash(std::string_view hash) {
    // Layout is fixed-width: "$2b$" (4) + 2 cost digits + "$" + 22 + 31 = 60 characters.
    if (hash.size() != 60 || hash[0] != '$' || hash[3] != '$' || hash[6] != '$') {
        throw std::invalid_argument("test helper: not a 60-character bcrypt hash");
    }
    ParsedHash parsed{};
    parsed.cost = static_cast<unsigned>((hash[4] - '0') * 10 + (hash[5] - '0'));
    const auto salt = bcrypt64_decode(hash.substr(7, 22));
    const auto checksum = bcrypt64_decode(hash.substr(29, 31));
    if (!salt || salt->size() != k_bcrypt_salt_size || !checksum || checksum->size() != k_checksum_bytes) {
        throw std::invalid_argument("test helper: bad bcrypt base-64");
    }
    std::memcpy(parsed.salt.data(), salt->data(), k_bcrypt_salt_size);
    parsed.checksum = *checksum;
    return parsed;
}

// The key bcrypt ($2b$) derives from a password: its bytes plus the C string's NUL, cut at 72.
std::vector<std::uint8_t> key_from_password(std::string_view password) {
    std::vector<std::uint8_t> key(password.begin(), password.end());
    key.push_back(0);
    if (key.size() > pwcheck::primitives::k_bcrypt_max_key_size) {
        key.resize(pwcheck::primitives::k_bcrypt_max_key_size);
    }
    return key;
}

std::vector<std::uint8_t> checksum_of(std::string_view password, const Salt& salt, unsigned cost) {
    const auto key = key_from_password(password);
    Output out{};
    bcrypt_raw(key, salt, cost, out);
    return {out.begin(), out.begin() + k_checksum_bytes};
}

void expect_hash(std::string_view password, std::string_view hash) {
    const ParsedHash parsed = parse_hash(hash);
    EXPECT_EQ(checksum_of(password, parsed.salt, parsed.cost), parsed.checksum) << "hash " << hash;
}

TEST(BcryptPrimitive, Bcrypt64HelperRoundTrips) {
    const auto salt = bcrypt64_decode("abcdefghijklmnopqrstuu");
    ASSERT_TRUE(salt.has_value());
    ASSERT_EQ(salt->size(), k_bcrypt_salt_size);
    EXPECT_EQ(bcrypt64_encode(salt->data(), salt->size()), "abcdefghijklmnopqrstuu");
    EXPECT_FALSE(bcrypt64_decode("abc+").has_value());
}

// Hashes produced by passlib 1.7.4 (salt "abcdefghijklmnopqrstuu", cost 4).
TEST(BcryptPrimitive, PasslibKnownAnswers) {
    expect_hash("password", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    expect_hash("", "$2b$04$abcdefghijklmnopqrstuubyCG3zY1GIXMyxfivm.ClDiInHzxjiq");
    expect_hash(std::string(72, 'x'), "$2b$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i");
}

// The classic OpenBSD / crypt_blowfish vectors. The $2a$ ones use ASCII passwords shorter than
// 255 bytes, where $2a$ and $2b$ agree; the 8-bit ones are $2y$/$2b$, i.e. without the historic
// sign-extension bug. Each was confirmed against libxcrypt's crypt_rn.
TEST(BcryptPrimitive, ClassicKnownAnswers) {
    expect_hash("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW");
    expect_hash("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW");
    expect_hash("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK");
    expect_hash("U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a");
    expect_hash("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy");
    expect_hash("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored",
                "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui");
    expect_hash("\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq");
    expect_hash("\xff\xff\xa3", "$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e");
}

// The 24th output byte is not in the hash format; pin the whole output once so it is covered too.
TEST(BcryptPrimitive, FullOutputIncludesLastByte) {
    const ParsedHash parsed = parse_hash("$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    const auto key = key_from_password("password");
    Output a{};
    Output b{};
    bcrypt_raw(key, parsed.salt, 4, a);
    bcrypt_raw(key, parsed.salt, 4, b);
    EXPECT_EQ(a, b);
    EXPECT_TRUE(std::equal(parsed.checksum.begin(), parsed.checksum.end(), a.begin()));
}

// Calls libxcrypt; returns nothing if it refuses the setting.
std::optional<std::string> libxcrypt_hash(const std::string& password, const std::string& setting) {
#if !PWCHECK_HAVE_LIBXCRYPT
    static_cast<void>(password);
    static_cast<void>(setting);
    return std::nullopt;
#else
    crypt_data data{};
    const char* result = crypt_rn(password.c_str(), setting.c_str(), &data, static_cast<int>(sizeof data));
    // crypt_rn signals failure with NULL; some builds return a "*0"/"*1" failure token instead.
    if (result == nullptr || result[0] == '*') {
        return std::nullopt;
    }
    return std::string(result);
#endif
}

std::string make_setting(unsigned cost, const Salt& salt) {
    std::string setting = "$2b$";
    setting.push_back(static_cast<char>('0' + cost / 10));
    setting.push_back(static_cast<char>('0' + cost % 10));
    setting.push_back('$');
    setting += bcrypt64_encode(salt.data(), salt.size());
    return setting;
}

// Checks one password against libxcrypt; false if libxcrypt refused.
bool compare_with_libxcrypt(const std::string& password, const Salt& salt, unsigned cost) {
    const std::string setting = make_setting(cost, salt);
    const auto reference = libxcrypt_hash(password, setting);
    if (!reference) {
        return false;
    }
    const ParsedHash parsed = parse_hash(*reference);
    EXPECT_EQ(parsed.salt, salt) << "setting " << setting;
    EXPECT_EQ(checksum_of(password, salt, cost), parsed.checksum)
        << "setting " << setting << ", password length " << password.size();
    return true;
}

bool libxcrypt_supports_2b() {
    return libxcrypt_hash("probe", "$2b$04$abcdefghijklmnopqrstuu").has_value();
}

TEST(BcryptPrimitive, MatchesLibxcryptOnRandomInputs) {
    if (!libxcrypt_supports_2b()) {
        GTEST_SKIP() << "libxcrypt is absent or its crypt_rn rejects $2b$ settings on this system";
    }
    // Fixed seed so that any failure reproduces; the message prints the failing setting.
    std::mt19937_64 rng(0x5eed'b0c1'2b2bULL);
    std::uniform_int_distribution<std::size_t> length(0, 100);
    std::uniform_int_distribution<int> byte(1, 255);  // no NUL: crypt takes C strings
    std::uniform_int_distribution<int> salt_byte(0, 255);
    std::uniform_int_distribution<unsigned> cost(4, 6);
    constexpr int k_cases = 400;
    for (int i = 0; i < k_cases; ++i) {
        std::string password(length(rng), '\0');
        for (char& c : password) {
            c = static_cast<char>(byte(rng));
        }
        Salt salt{};
        for (auto& b : salt) {
            b = static_cast<std::uint8_t>(salt_byte(rng));
        }
        const unsigned case_cost = cost(rng);
        SCOPED_TRACE("case " + std::to_string(i));
        ASSERT_TRUE(compare_with_libxcrypt(password, salt, case_cost));
        if (HasFailure()) {
            break;
        }
    }
}

// Key-length boundary: 71 password bytes + NUL is a full 72-byte key; a 72-byte password fills
// the key without its NUL; anything longer must give the same result as 72 bytes (the caller
// truncates before calling bcrypt_raw).
TEST(BcryptPrimitive, SeventyTwoByteKeyBoundary) {
    if (!libxcrypt_supports_2b()) {
        GTEST_SKIP() << "libxcrypt is absent or its crypt_rn rejects $2b$ settings on this system";
    }
    Salt salt{};
    for (std::size_t i = 0; i < salt.size(); ++i) {
        salt[i] = static_cast<std::uint8_t>(0x9e * i + 7);
    }
    std::string base;
    for (int i = 0; i < 80; ++i) {
        base.push_back(static_cast<char>(0x21 + (i * 37) % 0xde));  // printable and 8-bit bytes
    }
    for (std::size_t len : {70U, 71U, 72U, 73U, 80U}) {
        SCOPED_TRACE("password length " + std::to_string(len));
        EXPECT_TRUE(compare_with_libxcrypt(base.substr(0, len), salt, 4));
    }

    // Directly at the primitive: a 71+NUL key and a 72-byte key are different keys.
    const std::string p72 = base.substr(0, 72);
    std::vector<std::uint8_t> key71(p72.begin(), p72.begin() + 71);
    key71.push_back(0);
    const std::vector<std::uint8_t> key72(p72.begin(), p72.end());
    ASSERT_EQ(key71.size(), 72U);
    ASSERT_EQ(key72.size(), 72U);
    Output a{};
    Output b{};
    bcrypt_raw(key71, salt, 4, a);
    bcrypt_raw(key72, salt, 4, b);
    EXPECT_NE(a, b);
}

// A key shorter than 72 bytes is cycled; so the key "ab" and the key "abab" fill P identically.
// This is the property that makes appending the NUL (done by the caller) security-relevant.
TEST(BcryptPrimitive, KeyIsCycledOverThePArray) {
    const Salt salt{};
    const std::vector<std::uint8_t> ab{'a', 'b'};
    const std::vector<std::uint8_t> abab{'a', 'b', 'a', 'b'};
    Output a{};
    Output b{};
    bcrypt_raw(ab, salt, 0, a);
    bcrypt_raw(abab, salt, 0, b);
    EXPECT_EQ(a, b);
}

TEST(BcryptPrimitive, SaltAndCostChangeTheOutput) {
    const auto key = key_from_password("password");
    Salt s1{};
    Salt s2{};
    s2[15] = 1;
    Output a{};
    Output b{};
    Output c{};
    bcrypt_raw(key, s1, 4, a);
    bcrypt_raw(key, s2, 4, b);
    bcrypt_raw(key, s1, 5, c);
    EXPECT_NE(a, b);
    EXPECT_NE(a, c);
}

TEST(BcryptPrimitive, RejectsOutOfContractArguments) {
    const Salt salt{};
    Output out{};
    const std::vector<std::uint8_t> empty;
    const std::vector<std::uint8_t> too_long(73, 'a');
    const std::vector<std::uint8_t> ok{'a', 0};
    EXPECT_THROW(bcrypt_raw(empty, salt, 4, out), std::invalid_argument);
    EXPECT_THROW(bcrypt_raw(too_long, salt, 4, out), std::invalid_argument);
    EXPECT_THROW(bcrypt_raw(ok, salt, 32, out), std::invalid_argument);
    EXPECT_NO_THROW(bcrypt_raw(ok, salt, 0, out));
}

}  // namespace

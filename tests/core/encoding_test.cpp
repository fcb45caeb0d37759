#include "core/encoding.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

using pwcheck::core::ab64;
using pwcheck::core::bcrypt64;

namespace {
std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

TEST(Ab64, EncodesLikePasslib) {
    EXPECT_EQ(ab64().encode(bytes("saltsaltsaltsalt")), "c2FsdHNhbHRzYWx0c2FsdA");
    EXPECT_EQ(ab64().encode(std::vector<std::uint8_t>{0xff, 0x00, 0xfe, 0x01}), "/wD.AQ");
    EXPECT_EQ(ab64().encode({}), "");
}

TEST(Ab64, DecodesDotAndPlusAlikeAndIgnoresUnusedBits) {
    const std::vector<std::uint8_t> want{0xff, 0x00, 0xfe, 0x01};
    EXPECT_EQ(ab64().decode("/wD.AQ"), want);
    EXPECT_EQ(ab64().decode("/wD+AQ"), want);
    EXPECT_EQ(ab64().decode("c2FsdHNhbHRzYWx0c2FsdB"), bytes("saltsaltsaltsalt"));  // pad bits set
}

TEST(Ab64, RejectsJunkPaddingAndImpossibleLengths) {
    EXPECT_FALSE(ab64().decode("c2Fs!!!!dHNh"));
    EXPECT_FALSE(ab64().decode("c2FsdA=="));
    EXPECT_FALSE(ab64().decode("c2FsdA="));
    EXPECT_FALSE(ab64().decode("c2Fsd"));  // length 1 mod 4
    EXPECT_FALSE(ab64().decode("c2F\xc3\xa9"));
    EXPECT_FALSE(ab64().decode(std::string("c2\0s", 4)));
}

TEST(Bcrypt64, RoundTripsAndDecodesKnownSalt) {
    // "abcdefghijklmnopqrstuu" is passlib's bcrypt test salt; it decodes to 16 bytes.
    const auto salt = bcrypt64().decode("abcdefghijklmnopqrstuu");
    ASSERT_TRUE(salt);
    EXPECT_EQ(salt->size(), 16u);
    EXPECT_EQ(bcrypt64().encode(*salt), "abcdefghijklmnopqrstuu");
    // 'v' differs from 'u' only in the 4 unused bits.
    EXPECT_EQ(bcrypt64().decode("abcdefghijklmnopqrstuv"), salt);
    EXPECT_FALSE(bcrypt64().decode("abcdefghijklmnopqrst+u"));
}

TEST(Base64, RandomRoundTrip) {
    std::mt19937 rng(7);
    for (int i = 0; i < 500; ++i) {
        std::vector<std::uint8_t> data(rng() % 70);
        for (auto& b : data) b = static_cast<std::uint8_t>(rng());
        for (const auto* codec : {&ab64(), &bcrypt64()}) {
            const std::string text = codec->encode(data);
            EXPECT_EQ(text.size() % 4 == 1, false);
            EXPECT_EQ(codec->decode(text), data);
        }
    }
}

TEST(QuoteForMessage, EscapesAndCuts) {
    EXPECT_EQ(pwcheck::core::quote_for_message("ab"), "'ab'");
    EXPECT_EQ(pwcheck::core::quote_for_message(std::string("a\0\n\xff", 4)), "'a\\x00\\x0a\\xff'");
    EXPECT_EQ(pwcheck::core::quote_for_message("abcdef", 3), "'abc...'");
}

TEST(StdB64, EncodesAndDecodesTheStandardAlphabetWithoutPadding) {
    using pwcheck::core::std_b64;
    EXPECT_EQ(std_b64().encode(bytes("saltsaltsaltsalt")), "c2FsdHNhbHRzYWx0c2FsdA");
    EXPECT_EQ(std_b64().encode(std::vector<std::uint8_t>{0xfb, 0xff}), "+/8");
    EXPECT_EQ(std_b64().decode("+/8"), (std::vector<std::uint8_t>{0xfb, 0xff}));
    EXPECT_FALSE(std_b64().decode("./8"));   // '.' is ab64's, not std's
    EXPECT_FALSE(std_b64().decode("+/8="));  // no padding
}

TEST(Hash64, IsLittleEndianOverCryptsAlphabet) {
    using pwcheck::core::hash64;
    // passlib's h64: 0x01 -> "/." (value 1 in the low 6 bits first); $7$'s r=8 is "6....".
    EXPECT_EQ(hash64().encode(std::vector<std::uint8_t>{0x01}), "/.");
    EXPECT_EQ(hash64().encode(std::vector<std::uint8_t>{0x00, 0x00, 0x00}), "....");
    EXPECT_EQ(hash64().encode(std::vector<std::uint8_t>{0xff, 0xff, 0xff}), "zzzz");
    EXPECT_EQ(hash64().value('.'), 0);
    EXPECT_EQ(hash64().value('6'), 8);
    EXPECT_EQ(hash64().value('z'), 63);
    EXPECT_EQ(hash64().value('+'), -1);
    EXPECT_EQ(hash64().decode_uint("6...."), std::optional<std::uint64_t>(8));
    EXPECT_EQ(hash64().decode_uint("/6"), std::optional<std::uint64_t>(1 + (8 << 6)));
    EXPECT_FALSE(hash64().decode_uint("6..!."));
}

TEST(Hash64, RoundTripsRandomBytesAndIgnoresUnusedBits) {
    using pwcheck::core::hash64;
    std::mt19937 rng(7);
    for (std::size_t n = 0; n < 70; ++n) {
        std::vector<std::uint8_t> data(n);
        for (auto& b : data) b = static_cast<std::uint8_t>(rng());
        const std::string text = hash64().encode(data);
        EXPECT_EQ(text.size(), (n * 4 + 2) / 3);
        EXPECT_EQ(hash64().decode(text), data) << text;
    }
    // 32 bytes = 43 chars with 2 unused high bits in the last one: '1' (3) and 'n' (51 = 3 | 48) alike.
    const std::vector<std::uint8_t> zero(32, 0);
    const std::string text = hash64().encode(zero);
    EXPECT_EQ(hash64().decode(text.substr(0, 42) + "1"), hash64().decode(text.substr(0, 42) + "n").value());
    EXPECT_NE(hash64().decode(text.substr(0, 42) + "1"), hash64().decode(text.substr(0, 42) + "2").value());
    EXPECT_FALSE(hash64().decode("....."));  // length 1 mod 4
    EXPECT_FALSE(hash64().decode("..+."));
}

TEST(Encoding, EncodeSecretWritesWhatEncodeWritesIntoSecretMemory) {
    using pwcheck::core::encode_secret;
    std::vector<std::uint8_t> bytes;
    for (std::size_t n = 0; n < 70; ++n) {
        const auto text = [](const pwcheck::core::SecretBuffer& b) { return std::string(b.data(), b.data() + b.size()); };
        EXPECT_EQ(text(encode_secret(pwcheck::core::std_b64(), bytes)), pwcheck::core::std_b64().encode(bytes)) << n;
        EXPECT_EQ(text(encode_secret(pwcheck::core::hash64(), bytes)), pwcheck::core::hash64().encode(bytes)) << n;
        std::string padded = pwcheck::core::std_b64().encode(bytes);
        padded.append((4 - padded.size() % 4) % 4, '=');
        EXPECT_EQ(text(encode_secret(pwcheck::core::std_b64(), bytes, true)), padded) << n;
        bytes.push_back(static_cast<std::uint8_t>(n * 37 + 11));
    }
    const std::uint8_t some[] = {0x00, 0x0f, 0xa5, 0xff};
    const auto hex = pwcheck::core::hex_secret(some);
    EXPECT_EQ(std::string(hex.data(), hex.data() + hex.size()), "000fa5ff");
}

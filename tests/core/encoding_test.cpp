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

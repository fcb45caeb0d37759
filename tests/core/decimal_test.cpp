#include "core/decimal.hpp"

#include <gtest/gtest.h>

#include <string>

using pwcheck::core::Decimal;
using pwcheck::core::parse_decimal;

TEST(Decimal, AcceptsPlainDigits) {
    EXPECT_EQ(parse_decimal("0", 10).value, 0u);
    EXPECT_EQ(parse_decimal("29000", 4294967295u).value, 29000u);
    EXPECT_EQ(parse_decimal("4294967295", 4294967295u).status, Decimal::Status::ok);
    EXPECT_EQ(parse_decimal("4294967295", 4294967295u).value, 4294967295u);
}

TEST(Decimal, RejectsWhatPythonIntAccepts) {
    for (const char* text : {"+1000", "-1", " 1000", "1000 ", "1_000", "1e3", "0x10", "١٠٠٠", "10\n"}) {
        EXPECT_EQ(parse_decimal(text, 4294967295u).status, Decimal::Status::not_decimal) << text;
    }
}

TEST(Decimal, RejectsLeadingZeroAndEmpty) {
    EXPECT_EQ(parse_decimal("01000", 4294967295u).status, Decimal::Status::leading_zero);
    EXPECT_EQ(parse_decimal("00", 4294967295u).status, Decimal::Status::leading_zero);
    EXPECT_EQ(parse_decimal("", 4294967295u).status, Decimal::Status::empty);
}

TEST(Decimal, RejectsValuesOverTheMaximumWithoutOverflow) {
    EXPECT_EQ(parse_decimal("4294967296", 4294967295u).status, Decimal::Status::too_large);
    EXPECT_EQ(parse_decimal("99999999999999999999", UINT64_MAX).status, Decimal::Status::too_large);
    EXPECT_EQ(parse_decimal("18446744073709551615", UINT64_MAX).value, UINT64_MAX);
    EXPECT_EQ(parse_decimal(std::string(100000, '9'), 4294967295u).status, Decimal::Status::too_large);
    EXPECT_EQ(parse_decimal("9", 5).status, Decimal::Status::too_large);
    EXPECT_EQ(parse_decimal("5", 5).value, 5u);
}

TEST(Decimal, DescribesEachFailure) {
    EXPECT_EQ(pwcheck::core::describe_decimal_error(parse_decimal("01", 9), "rounds", "01"),
              "rounds '01' has a leading zero");
    EXPECT_EQ(pwcheck::core::describe_decimal_error(parse_decimal("", 9), "rounds", ""), "rounds is empty");
}

#include "cli/password_input.hpp"

#include <gtest/gtest.h>

#include <string>

using pwcheck::cli::PasswordMode;
using pwcheck::core::SecretBuffer;

namespace {

SecretBuffer input(std::string_view s) {
    SecretBuffer b(pwcheck::cli::k_password_input_capacity);
    const std::size_t n = std::min(s.size(), b.capacity());
    b.resize(n);
    std::copy_n(s.begin(), n, b.data());
    return b;
}

std::string take(std::string_view s, bool at_eof, PasswordMode mode = PasswordMode::first_line) {
    auto r = pwcheck::cli::password_from_input(input(s), at_eof, mode);
    if (!r) return "<refused: " + r.error().message + ">";
    return {reinterpret_cast<const char*>(r->data()), r->size()};
}

}  // namespace

TEST(PasswordInput, FirstLineWithoutItsLineEnd) {
    EXPECT_EQ(take("password\n", false), "password");
    EXPECT_EQ(take("password\r\n", false), "password");
    EXPECT_EQ(take("password\nsecond line\n", false), "password");
    EXPECT_EQ(take("password", true), "password");  // no final newline
    EXPECT_EQ(take("pass\rword\n", false), "pass\rword");
    EXPECT_EQ(take("password\r", true), "password\r");  // a lone CR at EOF is part of the password
}

TEST(PasswordInput, EmptyLineIsTheEmptyPasswordButNoInputIsRefused) {
    EXPECT_EQ(take("\n", false), "");
    EXPECT_EQ(take("\r\n", false), "");
    EXPECT_EQ(take("", true), "<refused: no password on standard input>");
    EXPECT_EQ(take("", true, PasswordMode::raw), "<refused: no password on standard input>");
}

TEST(PasswordInput, RawKeepsEveryByte) {
    EXPECT_EQ(take("pass\nword\r\n", true, PasswordMode::raw), "pass\nword\r\n");
    EXPECT_EQ(take(std::string("a\0b", 3), true, PasswordMode::raw), std::string("a\0b", 3));
}

TEST(PasswordInput, LimitIs4096Bytes) {
    EXPECT_EQ(take(std::string(4096, 'a') + "\n", false).size(), 4096u);
    EXPECT_EQ(take(std::string(4096, 'a') + "\r\n", false).size(), 4096u);
    EXPECT_EQ(take(std::string(4096, 'a'), true).size(), 4096u);
    EXPECT_EQ(take(std::string(4097, 'a') + "\n", false), "<refused: password exceeds the maximum of 4096 bytes>");
    EXPECT_EQ(take(std::string(5000, 'a'), false), "<refused: password exceeds the maximum of 4096 bytes>");
    EXPECT_EQ(take(std::string(4096, 'a'), true, PasswordMode::raw).size(), 4096u);
    EXPECT_EQ(take(std::string(4097, 'a'), true, PasswordMode::raw), "<refused: password exceeds the maximum of 4096 bytes>");
    EXPECT_EQ(take(std::string(5000, 'a'), false, PasswordMode::raw), "<refused: password exceeds the maximum of 4096 bytes>");
}

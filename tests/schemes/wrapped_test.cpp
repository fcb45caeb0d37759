// The wrapper for hashes stored inside another format: it delegates to the inner scheme, names the
// whole hash, and may transform the password first.
#include "schemes/wrapped.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::SecretBuffer;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

bool derives_expected(const pwcheck::core::ParsedHash& h, std::string_view password) {
    auto d = h.derive(bytes(password));
    return d && pwcheck::core::constant_time_equal(d->checksum.bytes(), h.expected());
}

/// A transform for the test: the password reversed.
pwcheck::core::Result<SecretBuffer> reversed(std::span<const std::uint8_t> password) {
    SecretBuffer out(std::max<std::size_t>(password.size(), 1));
    out.resize(password.size());
    std::reverse_copy(password.begin(), password.end(), out.data());
    return out;
}

constexpr std::string_view k_inner = "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";

}  // namespace

TEST(Wrapped, DelegatesToTheInnerSchemeAndNamesTheWhole) {
    const auto* inner = pwcheck::core::find_scheme("pbkdf2_sha256");
    auto h = pwcheck::schemes::parse_wrapped(*inner, k_inner, {"ldap_pbkdf2_sha256", false, nullptr});
    ASSERT_TRUE(h);
    EXPECT_TRUE(derives_expected(**h, "password"));
    EXPECT_FALSE(derives_expected(**h, "Password"));
    EXPECT_EQ((*h)->name(), "ldap_pbkdf2_sha256");
    EXPECT_FALSE((*h)->weak());
    EXPECT_EQ((*h)->params().size(), 3u);
    pwcheck::core::Limits low;
    low.max_pbkdf2_rounds = 999;
    EXPECT_TRUE((*h)->check_limits(low));
}

TEST(Wrapped, TransformsThePasswordAndKeepsInnerErrors) {
    const auto* inner = pwcheck::core::find_scheme("pbkdf2_sha256");
    auto h = pwcheck::schemes::parse_wrapped(*inner, k_inner, {"test", true, reversed});
    ASSERT_TRUE(h);
    EXPECT_TRUE(derives_expected(**h, "drowssap"));
    EXPECT_FALSE(derives_expected(**h, "password"));
    EXPECT_TRUE((*h)->weak());
    auto bad = pwcheck::schemes::parse_wrapped(*inner, "$pbkdf2-sha256$0$$", {"test", false, nullptr});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, pwcheck::core::ErrorCode::malformed_hash);
}

// sha256_crypt / sha512_crypt specifics beyond the shared conformance suite: the exact text make_hash
// writes (passlib's), the NUL and limit rules, and the string comparison of checksums.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::ErrorCode;

std::span<const std::uint8_t> bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

pwcheck::core::VerifyResult check(std::string_view password, std::string_view hash,
                                  pwcheck::core::Limits limits = {}) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.limits = limits;
    return pwcheck::core::verify(r);
}

std::vector<std::uint8_t> salt_bytes() {
    // Maps to the hash64 salt "18FMTahov07ELSZg" (one character per byte, value = byte & 63).
    std::vector<std::uint8_t> salt;
    for (int i = 0; i < 16; ++i) salt.push_back(static_cast<std::uint8_t>(i * 7 + 3 + (i % 4) * 64));
    return salt;
}

// Expected texts from passlib 1.7.4: handler.using(salt="18FMTahov07ELSZg", rounds=N).hash(password).
TEST(ShaCrypt, MakeHashWritesPasslibsText) {
    const auto* sha256 = pwcheck::core::find_scheme("sha256_crypt");
    const auto* sha512 = pwcheck::core::find_scheme("sha512-crypt");
    ASSERT_NE(sha256, nullptr);
    ASSERT_NE(sha512, nullptr);
    EXPECT_EQ(sha256->salt_size, 16u);
    EXPECT_EQ(*sha256->make_hash(bytes("password"), 1000, salt_bytes()),
              "$5$rounds=1000$18FMTahov07ELSZg$EdesY3mbp6UznRttAInyQpt8csNbiN7Vf0k9ye7oHF3");
    // passlib writes the compact form for 5000 rounds.
    EXPECT_EQ(*sha256->make_hash(bytes("password"), 5000, salt_bytes()),
              "$5$18FMTahov07ELSZg$DtL9nQGo2nRnFgdqZA.VvriDYLg0jCh2n4ZNNua/2.2");
    EXPECT_EQ(*sha512->make_hash(bytes("password"), 1000, salt_bytes()),
              "$6$rounds=1000$18FMTahov07ELSZg$6d9/cDKJ5KvVzit6Kuog7lw.ntDFbwB.VOwOTsyR7fueeF2.VZzAZqGNomFrVegRnXaFUx"
              "V7joW76m/85sVqy.");
    EXPECT_EQ(*sha512->make_hash(bytes(""), 5000, salt_bytes()),
              "$6$18FMTahov07ELSZg$ltO6zR2iBpEvaBbooigSa5pxCnlvvrK49mgSvonvI9PG5hNzF06XZtDBuZFPyAHezQELG34W/G4rBBinI9"
              "Jkb.");
    const auto nul = sha256->make_hash(bytes(std::string_view("a\0b", 3)), 1000, salt_bytes());
    ASSERT_FALSE(nul);
    EXPECT_EQ(nul.error().code, ErrorCode::password_refused);
}

TEST(ShaCrypt, NamesAndAliases) {
    EXPECT_EQ(pwcheck::core::find_scheme("sha256-crypt"), pwcheck::core::find_scheme("sha256_crypt"));
    EXPECT_EQ(pwcheck::core::suggest_digest("sha256crypt"), "sha256_crypt");
    EXPECT_EQ(pwcheck::core::find_scheme("SHA512-CRYPT"), pwcheck::core::find_scheme("sha512_crypt"));
    EXPECT_EQ(pwcheck::core::identify_scheme("$5$x$y"), pwcheck::core::find_scheme("sha256_crypt"));
    EXPECT_EQ(pwcheck::core::identify_scheme("$6$x$y"), pwcheck::core::find_scheme("sha512_crypt"));
}

// FORMATS.md §9: a NUL is refused after the hash is parsed, so a malformed hash wins.
TEST(ShaCrypt, NulPasswordIsRefusedAfterParsing) {
    const std::string_view nul("pa\0ss", 5);
    auto r = check(nul, "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, ErrorCode::password_refused);
    r = check(nul, "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, ErrorCode::malformed_hash);
}

// Compared as text: SHA-256's last char holds 4 bits and 2 unused ones; '.' (0) -> 'E' (16) sets one.
TEST(ShaCrypt, NonCanonicalLastCharIsNoMatch) {
    EXPECT_EQ(check("password", "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.").match,
              std::optional<bool>(true));
    const auto r = check("password", "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtCE");
    EXPECT_FALSE(r.error);
    EXPECT_EQ(r.match, std::optional<bool>(false));
}

TEST(ShaCrypt, RoundsOverTheLimitAreRefusedBeforeAnyWork) {
    pwcheck::core::Limits limits;
    EXPECT_EQ(limits.max_sha_crypt_rounds, 10'000'000u);
    // 999,999,999 rounds would take minutes: the answer must come at once.
    for (const char* hash : {"$5$rounds=999999999$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.",
                             "$6$rounds=10000001$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnS"
                             "q.qc.eoxqOmSuNp2xS0ktL3nh/"}) {
        const auto r = check("password", hash);
        ASSERT_TRUE(r.error) << hash;
        EXPECT_EQ(r.error->code, ErrorCode::cost_over_limit) << hash;
    }
    limits.max_sha_crypt_rounds = 999;
    const auto r = check("password", "$5$rounds=1000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", limits);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, ErrorCode::cost_over_limit);
    limits.max_sha_crypt_rounds = 1000;
    EXPECT_EQ(check("password", "$5$rounds=1000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9", limits).match,
              std::optional<bool>(true));
}

TEST(ShaCrypt, ParamsAreReported) {
    const auto r = check("password", "$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.");
    ASSERT_EQ(r.params.size(), 3u);
    EXPECT_EQ(r.params[0].name, "rounds");
    EXPECT_EQ(std::get<std::uint64_t>(r.params[0].value), 5000u);
    EXPECT_EQ(std::get<std::string>(r.params[1].value), "yes");
    EXPECT_EQ(std::get<std::uint64_t>(r.params[2].value), 8u);
}

}  // namespace

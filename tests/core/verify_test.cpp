#include "core/verify.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/registry.hpp"

using pwcheck::core::ErrorCode;
using pwcheck::core::find_scheme;
using pwcheck::core::Scheme;
using pwcheck::core::scheme_table;
using pwcheck::core::VerifyRequest;
using pwcheck::core::VerifyResult;

namespace {

VerifyResult check(std::string_view password, std::string_view hash, const char* digest = nullptr) {
    VerifyRequest r;
    r.password = {reinterpret_cast<const std::uint8_t*>(password.data()), password.size()};
    r.hash = hash;
    if (digest != nullptr) r.scheme = find_scheme(digest);
    return pwcheck::core::verify(r);
}

std::optional<ErrorCode> code(const VerifyResult& r) {
    return r.error ? std::optional<ErrorCode>(r.error->code) : std::nullopt;
}

// The original service's unit tests (password "password").
constexpr const char* k_sha1 = "$pbkdf2$131000$rVUq5VxLKcWYkxKiVOq99w$5zoSk15EHe9N1nmRfyFoPIIRy/Y";
constexpr const char* k_sha256 = "$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY";
constexpr const char* k_sha512 =
    "$pbkdf2-sha512$25000$ltLae69VihFirDVGSOmdUw$pcLVv3Vnm3XRx9aHNUgI1FQaF8.UmKHBYt.Hs2EI7at/"
    "V80kbsb2P1A2t9akjNom8ZUgVJ4AcbA5vk/7QTgEJQ";
constexpr const char* k_bcrypt = "$2b$12$44roRI0Ftbbvoy6V1YQebOKeO7a7WhzRvv.X194BMxykDT0nQGcS2";

}  // namespace

TEST(Verify, OriginalServiceHashesMatchPasswordOnly) {
    const std::pair<const char*, const char*> cases[] = {
        {"sha1", k_sha1}, {"sha256", k_sha256}, {"sha512", k_sha512}, {"bcrypt", k_bcrypt}};
    for (const auto& [digest, hash] : cases) {
        EXPECT_EQ(check("password", hash, digest).match, std::optional<bool>(true)) << digest;
        EXPECT_EQ(check("this is not the password", hash, digest).match, std::optional<bool>(false)) << digest;
    }
    EXPECT_EQ(check("password", k_sha1).match, std::optional<bool>(true));  // no digest: identified
}

TEST(Verify, EmptyHashMatchesNothing) {
    const auto r = check("password", "", "bcrypt");
    EXPECT_EQ(r.match, std::optional<bool>(false));
    EXPECT_FALSE(r.error);
    EXPECT_EQ(check("", "").match, std::optional<bool>(false));
}

TEST(Verify, NamedDigestMustMatchTheHash) {
    const auto r = check("password", k_sha1, "sha256");
    EXPECT_EQ(code(r), ErrorCode::wrong_scheme);
    EXPECT_EQ(r.error->message, "not a pbkdf2_sha256 hash (it looks like pbkdf2_sha1)");
    EXPECT_EQ(check("password", "garbage", "bcrypt").error->message, "not a bcrypt hash");
    EXPECT_EQ(code(check("password", "garbage")), ErrorCode::unrecognized_hash);
}

TEST(Verify, PasswordSizeLimitIsCheckedBeforeTheHash) {
    EXPECT_EQ(check(std::string(4096, 'a'), "$pbkdf2$1$$h1TDLGSw9ST8UMAPeIE13i0t12c").match, std::optional<bool>(false));
    EXPECT_EQ(code(check(std::string(4097, 'a'), "$pbkdf2$1$$h1TDLGSw9ST8UMAPeIE13i0t12c")), ErrorCode::password_refused);
    EXPECT_EQ(code(check(std::string(4097, 'a'), "not a hash")), ErrorCode::password_refused);
}

TEST(Verify, BcryptRefusesNulButPbkdf2TakesIt) {
    EXPECT_EQ(code(check(std::string("pass\0word", 9), "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")),
              ErrorCode::password_refused);
    EXPECT_EQ(check(std::string("pass\0word", 9), "$pbkdf2$1$$h1TDLGSw9ST8UMAPeIE13i0t12c").match,
              std::optional<bool>(false));
}

TEST(Verify, BcryptTruncatesAt72BytesAndSaysSo) {
    const char* h72 = "$2b$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i";  // 'x' * 72
    const auto exact = check(std::string(72, 'x'), h72);
    EXPECT_EQ(exact.match, std::optional<bool>(true));
    EXPECT_FALSE(exact.truncated);
    const auto longer = check(std::string(73, 'x'), h72);
    EXPECT_EQ(longer.match, std::optional<bool>(true));
    EXPECT_TRUE(longer.truncated);
    EXPECT_EQ(check(std::string(71, 'x'), h72).match, std::optional<bool>(false));
}

TEST(Verify, MalformedAndUnsupportedStayDistinct) {
    EXPECT_EQ(code(check("password", "$2x$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")),
              ErrorCode::unsupported_hash);
    EXPECT_EQ(code(check("password", "$2b$4$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")),
              ErrorCode::malformed_hash);
    EXPECT_EQ(code(check("password", "$pbkdf2-sha256$01000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA")),
              ErrorCode::malformed_hash);
}

TEST(Verify, UnrecognizedHashesListTheSupportedSchemes) {
    const auto r = check("password", "hello");
    ASSERT_EQ(code(r), ErrorCode::unrecognized_hash);
    for (const Scheme* s : scheme_table()) {
        EXPECT_NE(r.error->message.find(s->name), std::string::npos) << s->name << ": " << r.error->message;
    }
}

TEST(Verify, CostsOverTheLimitsAreRefusedBeforeAnyWork) {
    const auto r = check("password", "$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    EXPECT_EQ(code(r), ErrorCode::cost_over_limit);
    EXPECT_EQ(code(check("password", "$pbkdf2$4294967295$c2FsdA$h1TDLGSw9ST8UMAPeIE13i0t12c")), ErrorCode::cost_over_limit);
}

TEST(Verify, ReportsParameters) {
    const auto r = check("password", "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA");
    ASSERT_EQ(r.match, std::optional<bool>(true));
    ASSERT_EQ(r.params.size(), 3u);
    EXPECT_EQ(r.params[1].name, "rounds");
    EXPECT_EQ(std::get<std::uint64_t>(r.params[1].value), 1000u);
    EXPECT_EQ(std::get<std::uint64_t>(r.params[2].value), 16u);
}

TEST(ConstantTimeEqual, ComparesLengthThenBytes) {
    const std::uint8_t a[] = {1, 2, 3};
    const std::uint8_t b[] = {1, 2, 4};
    EXPECT_TRUE(pwcheck::core::constant_time_equal(a, a));
    EXPECT_FALSE(pwcheck::core::constant_time_equal(a, b));
    EXPECT_FALSE(pwcheck::core::constant_time_equal(std::span(a, 2), a));
    EXPECT_TRUE(pwcheck::core::constant_time_equal({}, {}));
}

TEST(Inspect, TellsSchemeParametersAndWhyAHashCannotBeUsed) {
    using pwcheck::core::inspect;
    const auto ok = inspect("$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY");
    EXPECT_EQ(ok.name, "pbkdf2_sha256");
    EXPECT_FALSE(ok.error);
    ASSERT_EQ(ok.params.size(), 3u);
    EXPECT_EQ(ok.params[1].name, "rounds");
    EXPECT_EQ(std::get<std::uint64_t>(ok.params[1].value), 29000u);

    const auto bad = inspect("$pbkdf2-sha256$01000$c2FsdA$x");
    EXPECT_EQ(bad.name, "pbkdf2_sha256");
    ASSERT_TRUE(bad.error);
    EXPECT_EQ(bad.error->code, pwcheck::core::ErrorCode::malformed_hash);

    const auto unknown = inspect("$9$whatever");
    EXPECT_EQ(unknown.scheme, nullptr);
    ASSERT_TRUE(unknown.error);
    EXPECT_EQ(unknown.error->code, pwcheck::core::ErrorCode::unrecognized_hash);

    const auto costly = inspect("$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    ASSERT_TRUE(costly.error);
    EXPECT_EQ(costly.error->code, pwcheck::core::ErrorCode::cost_over_limit);
    EXPECT_EQ(costly.params.size(), 3u);  // parsed: what it asks for is known

    const auto named = inspect("$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", pwcheck::core::find_scheme("sha256"));
    ASSERT_TRUE(named.error);
    EXPECT_EQ(named.error->code, pwcheck::core::ErrorCode::wrong_scheme);
}

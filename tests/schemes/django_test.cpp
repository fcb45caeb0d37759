// Django's rows (FORMATS.md §5.1): what the shared vector suite does not show on its own — exact
// make_hash text, the rows' limits through their inner schemes, names, weakness and identification.
#include <gtest/gtest.h>

#include <string>

#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::ErrorCode;
using pwcheck::core::find_scheme;
using pwcheck::core::identify_scheme;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

pwcheck::core::VerifyResult check(std::string_view password, std::string_view hash, pwcheck::core::Limits limits = {}) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.limits = limits;
    return pwcheck::core::verify(r);
}

std::string make(std::string_view scheme, std::string_view password, std::uint64_t cost, std::span<const std::uint8_t> salt) {
    auto h = find_scheme(scheme)->make_hash(bytes(password), cost, salt);
    EXPECT_TRUE(h) << scheme;
    return h ? *h : std::string();
}

}  // namespace

TEST(Django, IdentifiesEachRowByItsPrefix) {
    EXPECT_EQ(identify_scheme("pbkdf2_sha256$1000$saltsalt$x")->name, "django_pbkdf2_sha256");
    EXPECT_EQ(identify_scheme("pbkdf2_sha1$1000$saltsalt$x")->name, "django_pbkdf2_sha1");
    EXPECT_EQ(identify_scheme("bcrypt_sha256$$2b$04$x")->name, "django_bcrypt_sha256");
    EXPECT_EQ(identify_scheme("bcrypt$$2b$04$x")->name, "django_bcrypt");
    EXPECT_EQ(identify_scheme("argon2$argon2id$v=19$x")->name, "django_argon2");
    EXPECT_EQ(identify_scheme("sha1$salt$x")->name, "django_salted_sha1");
    EXPECT_EQ(identify_scheme("md5$salt$x")->name, "django_salted_md5");
    EXPECT_EQ(identify_scheme("pbkdf2_sha512$1000$saltsalt$x"), nullptr);  // Django has no such hasher
    EXPECT_EQ(identify_scheme("PBKDF2_SHA256$1000$saltsalt$x"), nullptr);  // prefixes are case-sensitive
    EXPECT_EQ(identify_scheme("!disabled")->name, "unix_disabled");         // django_disabled's '!' too
}

TEST(Django, DjangoAndWerkzeugPbkdf2AreToldApartByPrefix) {
    // The case: `pbkdf2_sha256$` (Django, base64) and `pbkdf2:sha256:` (Werkzeug, hex) differ in one character.
    constexpr std::string_view django = "pbkdf2_sha256$1000$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=";
    constexpr std::string_view werkzeug =
        "pbkdf2:sha256:1000$saltsaltsaltsalt$f275fb870144cc807c68f6a325360af3078741ce4d833d2915500abd2bb88d00";
    EXPECT_EQ(identify_scheme(django)->name, "django_pbkdf2_sha256");
    EXPECT_EQ(identify_scheme(werkzeug)->name, "werkzeug_pbkdf2");
    EXPECT_EQ(check("password", django).match, std::optional<bool>(true));
    EXPECT_EQ(check("password", werkzeug).match, std::optional<bool>(true));
    // Each row refuses the other's hash when named.
    pwcheck::core::VerifyRequest r;
    r.password = bytes("password");
    r.hash = werkzeug;
    r.scheme = find_scheme("django_pbkdf2_sha256");
    EXPECT_EQ(pwcheck::core::verify(r).error->code, ErrorCode::wrong_scheme);
    r.hash = django;
    r.scheme = find_scheme("werkzeug_pbkdf2");
    EXPECT_EQ(pwcheck::core::verify(r).error->code, ErrorCode::wrong_scheme);
}

TEST(Django, MadeHashesReproducePasslibText) {
    EXPECT_EQ(make("django_pbkdf2_sha256", "password", 1000, bytes("saltsalt")),
              "pbkdf2_sha256$1000$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=");
    EXPECT_EQ(make("django_pbkdf2_sha1", "", 1000, bytes("saltsalt")),
              "pbkdf2_sha1$1000$saltsalt$Zc5RufN5hqJyaKcBOBegJ4MpZ88=");
    EXPECT_EQ(make("django_salted_sha1", "password", 1, bytes("saltsalt")),
              "sha1$saltsalt$fd5538aabcab06d6c9f6a2bae06401274ea33a3b");
    EXPECT_EQ(make("django_salted_md5", "password", 1, bytes("saltsalt")), "md5$saltsalt$ae7cf6d3a33a2117fa4f008d66f6d26f");
    const auto bcrypt_salt = pwcheck::core::bcrypt64().decode("abcdefghijklmnopqrstuu");
    EXPECT_EQ(make("django_bcrypt", "password", 4, *bcrypt_salt),
              "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    EXPECT_EQ(make("django_bcrypt_sha256", "pässwörd€🔑", 4, *bcrypt_salt),
              "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuANzh.EiQ6QaaUAU7xXQjYpIzxsYLNQS");
}

TEST(Django, MadeSaltsAreTakenFromPasslibsAlphabet) {
    const std::uint8_t raw[] = {0x00, 0xff, '$', '_', 'A', '9'};
    const std::string h = make("django_pbkdf2_sha256", "pw", 1, raw);
    // 0 -> "a", 255 % 62 = 7 -> "h", "$" (36) -> "K", "_" (95 % 62 = 33) -> "H"; "A" and "9" stay.
    EXPECT_EQ(h.substr(0, 23), "pbkdf2_sha256$1$ahKHA9$");
    EXPECT_EQ(check("pw", h).match, std::optional<bool>(true));
}

TEST(Django, Argon2MakesTypeIAsPasslib) {
    const std::vector<std::uint8_t> salt(16, 's');
    const std::string h = make("django_argon2", "password", 1, salt);
    EXPECT_TRUE(h.starts_with("argon2$argon2i$v=19$m=102400,t=1,p=8$c3Nzc3Nzc3Nzc3Nzc3Nzcw$")) << h;
    EXPECT_EQ(check("password", h).match, std::optional<bool>(true));
}

TEST(Django, LimitsAreTheInnerSchemes) {
    pwcheck::core::Limits low;
    low.max_pbkdf2_rounds = 999;
    low.max_bcrypt_cost = 3;
    low.max_memory = 7 * 1024;
    for (const std::string_view h : {
             "pbkdf2_sha256$1000$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=",
             "pbkdf2_sha1$1000$saltsalt$6f6/9Uv85mj94wGsyFVjzJ3HHvY=",
             "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
             "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2",
             "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ODPV9uOZt2teFmYWQx7Yow",
         }) {
        const auto r = check("password", h, low);
        ASSERT_TRUE(r.error) << h;
        EXPECT_EQ(r.error->code, ErrorCode::cost_over_limit) << h;
        EXPECT_EQ(check("password", h).match, std::optional<bool>(true)) << h;
    }
    // Over the default 20,000,000 rounds: refused before any work (exit 5), not malformed.
    const auto big = check("password", "pbkdf2_sha256$4294967295$saltsalt$E196ZhRPzw+wA84EjzHwJO1cv/MFJdO6C/sxmUeTYqY=");
    EXPECT_EQ(big.error->code, ErrorCode::cost_over_limit);
}

TEST(Django, NamesWeaknessAndPasswordRules) {
    const auto md5 = check("password", "md5$saltsalt$ae7cf6d3a33a2117fa4f008d66f6d26f");
    EXPECT_TRUE(md5.weak);
    EXPECT_EQ(md5.name, "django_salted_md5");
    const auto wrapped = check("password", "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    EXPECT_FALSE(wrapped.weak);
    EXPECT_EQ(wrapped.name, "django_bcrypt");
    // django_bcrypt keeps bcrypt's NUL refusal; django_bcrypt_sha256's hex pre-hash has no NUL to refuse.
    const auto nul = check(std::string_view("pass\0word", 9), "bcrypt$$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    EXPECT_EQ(nul.error->code, ErrorCode::password_refused);
    const auto nul256 =
        check(std::string_view("pass\0word", 9), "bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuavYyybW8SwBYgHrVfEOHIljvgCGgHr2");
    EXPECT_EQ(nul256.match, std::optional<bool>(false));
    // Upper-case hex is an error in passlib (ValueError), not a mismatch.
    EXPECT_EQ(check("password", "sha1$saltsalt$FD5538AABCAB06D6C9F6A2BAE06401274EA33A3B").error->code,
              ErrorCode::malformed_hash);
}

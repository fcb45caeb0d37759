// Generic checks every row of the scheme table must pass: its known answer, and that the hashes it
// makes verify (and are canonical where a passlib vector pins the exact text).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::Scheme;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::optional<bool> verify(std::string_view password, std::string_view hash, const Scheme* scheme) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.scheme = scheme;
    return pwcheck::core::verify(r).match;
}

std::uint64_t cheap_cost(const Scheme& s) {
    if (s.name == "argon2" || s.name == "django_argon2") return 1;  // t=1 at passlib's fixed m=102400 KiB, p=8
    return s.cost.log2 ? s.cost.min : std::clamp<std::uint64_t>(1000, s.cost.min, s.cost.max); }

}  // namespace

TEST(SchemeRows, KnownAnswersVerify) {
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        if (s->known_answer.hash.empty()) continue;  // a row nothing matches (disabled accounts)
        EXPECT_EQ(verify(s->known_answer.password, s->known_answer.hash, s), std::optional<bool>(true)) << s->name;
        EXPECT_EQ(verify("not the password", s->known_answer.hash, s), std::optional<bool>(false)) << s->name;
        EXPECT_TRUE(s->claims(s->known_answer.hash)) << s->name;
    }
}

TEST(SchemeRows, CostSpecsAreConsistent) {
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        EXPECT_LE(s->cost.min, s->cost.default_value) << s->name;
        EXPECT_LE(s->cost.default_value, s->cost.max) << s->name;
        // 0 only for a row whose hashes have no salt ({SHA}, {MD5}) or that makes none.
        EXPECT_TRUE(s->salt_size > 0 || s->make_hash == nullptr || s->name == "ldap_sha1" || s->name == "ldap_md5")
            << s->name;
    }
}

TEST(SchemeRows, MadeHashesVerifyAndDiffer) {
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        if (s->make_hash == nullptr) continue;  // a verify-only row (system crypt, disabled accounts)
        std::vector<std::uint8_t> salt1(s->salt_size, 0x11), salt2(s->salt_size, 0x22);
        const auto h1 = s->make_hash(bytes("correct horse"), cheap_cost(*s), salt1);
        const auto h2 = s->make_hash(bytes("correct horse"), cheap_cost(*s), salt2);
        ASSERT_TRUE(h1) << s->name;
        ASSERT_TRUE(h2) << s->name;
        if (s->salt_size > 0) {
            EXPECT_NE(*h1, *h2) << s->name;
        }
        EXPECT_EQ(pwcheck::core::identify_scheme(*h1), s) << *h1;
        EXPECT_EQ(verify("correct horse", *h1, s), std::optional<bool>(true)) << *h1;
        EXPECT_EQ(verify("correct horsE", *h1, s), std::optional<bool>(false)) << *h1;
    }
}

TEST(SchemeRows, MadeHashesReproducePasslibText) {
    const auto salt = bytes("saltsaltsaltsalt");
    EXPECT_EQ(*pwcheck::core::find_scheme("pbkdf2_sha256")->make_hash(bytes("password"), 1000, salt),
              "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA");
    EXPECT_EQ(*pwcheck::core::find_scheme("pbkdf2_sha1")->make_hash(bytes("password"), 1000, salt),
              "$pbkdf2$1000$c2FsdHNhbHRzYWx0c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM");
    const auto bcrypt_salt = pwcheck::core::bcrypt64().decode("abcdefghijklmnopqrstuu");
    EXPECT_EQ(*pwcheck::core::find_scheme("bcrypt")->make_hash(bytes("password"), 4, *bcrypt_salt),
              "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm");
    EXPECT_EQ(*pwcheck::core::find_scheme("bcrypt")->make_hash(bytes(""), 4, *bcrypt_salt),
              "$2b$04$abcdefghijklmnopqrstuubyCG3zY1GIXMyxfivm.ClDiInHzxjiq");
    EXPECT_EQ(*pwcheck::core::find_scheme("bcrypt_sha256")->make_hash(bytes("password"), 4, *bcrypt_salt),
              "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG");
    EXPECT_EQ(*pwcheck::core::find_scheme("bcrypt_sha256")->make_hash(bytes(std::string_view("pass\0word", 9)), 4, *bcrypt_salt),
              "$bcrypt-sha256$v=2,t=2b,r=4$abcdefghijklmnopqrstuu$1VvoNuZ0sds31bOGAGVLxmD/x8Cooom");
}

TEST(SchemeRows, BcryptMakeHashRefusesNul) {
    const std::vector<std::uint8_t> salt(16, 0);
    const auto r = pwcheck::core::find_scheme("bcrypt")->make_hash(bytes(std::string_view("a\0b", 3)), 4, salt);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, pwcheck::core::ErrorCode::password_refused);
}

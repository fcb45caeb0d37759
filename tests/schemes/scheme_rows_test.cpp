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

namespace {

/// A row's parameters at their cheapest: cheap_cost() and each extra at its smallest valid value.
pwcheck::core::HashParams cheap_params(const Scheme& s) {
    pwcheck::core::HashParams p{cheap_cost(s)};
    for (const auto& e : s.cost.extra) p.at(e.kind) = e.default_value;
    if (s.cost.is_time) p.memory = 64;  // argon2: m=64 KiB, p=2 (m >= 8 p)
    for (const auto& e : s.cost.extra) {
        if (e.kind == pwcheck::core::ParamKind::parallelism) p.parallelism = 2;
    }
    return p;
}

}  // namespace

TEST(SchemeRows, RowsWithExtraParametersMakeHashesWithThem) {
    int tuned = 0;
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        if (s->cost.extra.empty()) {
            EXPECT_EQ(s->make_hash_with, nullptr) << s->name;
            continue;
        }
        ++tuned;
        ASSERT_NE(s->make_hash_with, nullptr) << s->name;
        ASSERT_NE(s->make_hash, nullptr) << s->name;
        const std::vector<std::uint8_t> salt(s->salt_size, 0x33);
        // make_hash is make_hash_with at the extras' defaults.
        pwcheck::core::HashParams defaults{cheap_cost(*s)};
        for (const auto& e : s->cost.extra) defaults.at(e.kind) = e.default_value;
        EXPECT_EQ(*s->make_hash(bytes("pw"), defaults.cost, salt), *s->make_hash_with(bytes("pw"), defaults, salt))
            << s->name;
        // Other values are written into the hash and read back by hash_params().
        const auto params = cheap_params(*s);
        if (s->check_params != nullptr) {
            ASSERT_FALSE(s->check_params(params)) << s->name;
        }
        const auto made = s->make_hash_with(bytes("pw"), params, salt);
        ASSERT_TRUE(made) << s->name;
        EXPECT_EQ(verify("pw", *made, s), std::optional<bool>(true)) << *made;
        const auto parsed = s->parse(*made);
        ASSERT_TRUE(parsed) << *made;
        const auto back = (*parsed)->hash_params();
        ASSERT_TRUE(back) << *made;
        EXPECT_EQ(back->cost, params.cost) << *made;
        for (const auto& e : s->cost.extra) EXPECT_EQ(back->at(e.kind), params.at(e.kind)) << *made << " " << e.name;
        EXPECT_FALSE(back->legacy_form) << *made;
    }
    EXPECT_EQ(tuned, 4);  // argon2, django_argon2, scrypt, werkzeug_scrypt
}

TEST(SchemeRows, MadeHashesReportTheirCost) {
    // verify --check-update compares hash_params() of stored hashes: every strong row that makes hashes has it.
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        if (s->make_hash == nullptr || s->weak) continue;
        const std::vector<std::uint8_t> salt(s->salt_size, 0x44);
        const auto made = s->make_hash(bytes("pw"), cheap_cost(*s), salt);
        ASSERT_TRUE(made) << s->name;
        const auto parsed = s->parse(*made);
        ASSERT_TRUE(parsed) << *made;
        const auto back = (*parsed)->hash_params();
        ASSERT_TRUE(back) << *made;
        EXPECT_EQ(back->cost, cheap_cost(*s)) << *made;
        EXPECT_FALSE(back->legacy_form) << *made;
    }
}

TEST(SchemeRows, CheckParamsRefusesWhatCannotBeMade) {
    using pwcheck::core::find_scheme;
    EXPECT_TRUE(find_scheme("argon2")->check_params({1, 15, 2}));      // m < 8 p
    EXPECT_FALSE(find_scheme("argon2")->check_params({1, 16, 2}));
    EXPECT_TRUE(find_scheme("scrypt")->check_params({16, 0, 1, 1}));   // N must be below 2^(16 r)
    EXPECT_FALSE(find_scheme("scrypt")->check_params({20, 0, 1, 8}));
    EXPECT_TRUE(find_scheme("werkzeug_scrypt")->check_params({7, 0, 1, 1 << 20}));  // 132 N r p over INT_MAX
}

TEST(SchemeRows, MemoryHardRowsCheckTheirParamsAgainstTheLimits) {
    using pwcheck::core::find_scheme;
    const pwcheck::core::Limits defaults;
    // Every row that takes a memory or block-size parameter bounds it before making a hash.
    for (const auto* s : pwcheck::core::scheme_table()) {
        for (const auto& e : s->cost.extra) {
            if (e.kind == pwcheck::core::ParamKind::memory || e.kind == pwcheck::core::ParamKind::block_size) {
                EXPECT_NE(s->params_over_limit, nullptr) << s->name;
            }
        }
    }
    const auto limit_of = [&](const char* name, pwcheck::core::HashParams p) {
        const auto over = find_scheme(name)->params_over_limit(p, defaults);
        return over ? std::string(over->limit) : std::string();
    };
    EXPECT_EQ(limit_of("scrypt", {21, 0, 1, 8}), "memory");  // 2 GiB + 3 KiB
    EXPECT_EQ(limit_of("scrypt", {20, 0, 1, 8}), "");
    EXPECT_EQ(limit_of("scrypt", {16, 0, 255, 8}), "memory-work");
    EXPECT_EQ(limit_of("werkzeug_scrypt", {21, 0, 1, 8}), "memory");
    EXPECT_EQ(limit_of("argon2", {1, 2097152, 4}), "");
    EXPECT_EQ(limit_of("argon2", {1, 2097153, 4}), "memory");
    EXPECT_EQ(limit_of("argon2", {5, 2097152, 4}), "memory-work");
    EXPECT_EQ(limit_of("argon2", {1001, 8, 1}), "argon2-time");
    EXPECT_EQ(limit_of("django_argon2", {1, 4096, 256}), "argon2-lanes");
    EXPECT_EQ(limit_of("argon2", {0xFFFFFFFFu, 0xFFFFFFFFu, 1}), "memory");  // no overflow
}

TEST(SchemeRows, LegacyFormsAreFlagged) {
    const auto params_of = [](std::string_view hash) {
        const auto* s = pwcheck::core::identify_scheme(hash);
        return (*s->parse(hash))->hash_params();
    };
    EXPECT_TRUE(params_of("$2a$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")->legacy_form);
    EXPECT_FALSE(params_of("$2y$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")->legacy_form);
    EXPECT_TRUE(params_of("$argon2id$v=16$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw")->legacy_form);
    EXPECT_TRUE(params_of("$bcrypt-sha256$2b,12$n79VH.0Q2TMWmt3Oqt9uku$Kq4Noyk3094Y2QlB8NdRT8SvGiI4ft2")->legacy_form);
}

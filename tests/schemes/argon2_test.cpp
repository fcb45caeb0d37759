// The argon2 row: identification, libargon2's strict parsing (FORMATS.md §3.1, §9), limits before any
// allocation, parameters for JSON, and make_hash reproducing passlib's text. The bulk of the
// passlib-generated cases is in tests/vectors/data/argon2.json (the shared conformance suite).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::ErrorCode;
using pwcheck::core::VerifyResult;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

const pwcheck::core::Scheme& argon2() { return *pwcheck::core::find_scheme("argon2"); }

VerifyResult check(std::string_view password, std::string_view hash, const pwcheck::core::Scheme* scheme = &argon2()) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.scheme = scheme;
    return pwcheck::core::verify(r);
}

constexpr std::string_view k_p1 = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw";

TEST(Argon2Scheme, IdentifiesExactlyTheThreeTypes) {
    EXPECT_EQ(pwcheck::core::identify_scheme("$argon2id$v=19$")->name, "argon2");
    EXPECT_EQ(pwcheck::core::identify_scheme("$argon2i$v=19$")->name, "argon2");
    EXPECT_EQ(pwcheck::core::identify_scheme("$argon2d$m=8")->name, "argon2");
    // passlib claims any $argon2<lowercase>$ and then fails: pwcheck does not claim them (exit 3 either way).
    EXPECT_EQ(pwcheck::core::identify_scheme("$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw"), nullptr);
    EXPECT_EQ(pwcheck::core::identify_scheme("$argon2ID$v=19$"), nullptr);  // prefixes are case-sensitive
    EXPECT_EQ(pwcheck::core::identify_scheme("argon2$argon2id$v=19$")->name, "django_argon2");  // another scheme: Django's wrapper
}

TEST(Argon2Scheme, FormatsVectors) {
    EXPECT_EQ(check("password", k_p1).match, std::optional<bool>(true));
    EXPECT_EQ(check("password", "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ODPV9uOZt2teFmYWQx7Yow").match,
              std::optional<bool>(true));
    EXPECT_EQ(check("password", "$argon2d$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$rxzv34AuunzDLlk/mmC5GQ").match,
              std::optional<bool>(true));
    // No v= is version 16, and v=16 written out is the same.
    EXPECT_EQ(check("password", "$argon2i$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$dUjq8zHFk5QdgjXKBs0fOA").match,
              std::optional<bool>(true));
    EXPECT_EQ(check("password", "$argon2i$v=16$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$dUjq8zHFk5QdgjXKBs0fOA").match,
              std::optional<bool>(true));
    // §9: v=19 removed means v1.0 semantics: a different tag, no match (not an error).
    EXPECT_EQ(check("password", "$argon2id$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw").match,
              std::optional<bool>(false));
    // §9: $argon2i$ applied to an id hash is another algorithm: no match.
    EXPECT_EQ(check("password", "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw").match,
              std::optional<bool>(false));
    EXPECT_EQ(check("password", "$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nzg$oITkzoDc/DryampHafFUF9s6JTyyPMk7S9kbihdyLs4").match,
              std::optional<bool>(true));
}

TEST(Argon2Scheme, StrictLikeLibargon2) {
    const std::string_view malformed[] = {
        "$argon2id$v=19$m=08,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // leading zero
        "$argon2id$v=019$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // leading zero
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA==$8pAsPOMpkWtPlqOyXPzdRw",  // padding
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRx",    // unused bits set
        "$argon2id$v=19$m=8,t=1,p=1$MTIzNDU2Nw$8pAsPOMpkWtPlqOyXPzdRw",                // 7-byte salt
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAs",                      // 3-byte tag
        "$argon2id$v=19$m=8,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // t=0
        "$argon2id$v=19$m=8,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // p=0
        "$argon2id$v=19$m=15,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",   // m < 8p
        "$argon2id$v=19$t=1,m=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // reordered
        "$argon2id$m=8,t=1,p=1$v=19$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // v= after params
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw\n",  // trailing newline
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw$",   // trailing $
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA",                            // config string
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$",                           // empty tag
        "$argon2id$v=19$m=4294967296,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",  // > 2^32-1
        "$argon2id$v=19$m=8,t=1,p=16777216$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",    // p > 2^24-1
        "$argon2id$v=19$m=+8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",   // sign
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPz.Rw",    // '.' is not std base64
    };
    for (const auto h : malformed) {
        const auto r = check("password", h);
        ASSERT_TRUE(r.error.has_value()) << h;
        EXPECT_EQ(r.error->code, ErrorCode::malformed_hash) << h << ": " << r.error->message;
        EXPECT_EQ(r.error->message.find('\n'), std::string::npos);
    }
}

TEST(Argon2Scheme, UnsupportedVariants) {
    // keyid/data (passlib: NotImplementedError) and versions other than 16/19 (README: argon2-version).
    for (const auto h : {"$argon2id$v=19$m=8,t=1,p=1,keyid=AAAA$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
                         "$argon2id$v=19$m=8,t=1,p=1,data=AAAA$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
                         "$argon2id$v=20$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$IGJK4UqnmGyr8fKmS0pT1g",
                         "$argon2id$v=0$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$IGJK4UqnmGyr8fKmS0pT1g"}) {
        const auto r = check("password", h);
        ASSERT_TRUE(r.error.has_value()) << h;
        EXPECT_EQ(r.error->code, ErrorCode::unsupported_hash) << h;
    }
}

TEST(Argon2Scheme, UnknownTypeIsRefused) {
    const auto r = check("password", "$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", nullptr);
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->code, ErrorCode::unrecognized_hash);
    const auto named = check("password", "$argon2x$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw");
    ASSERT_TRUE(named.error.has_value());
    EXPECT_EQ(named.error->code, ErrorCode::wrong_scheme);
}

TEST(Argon2Scheme, HugeCostsAreRefusedBeforeAnyWork) {
    const std::string_view huge[] = {
        "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",         // 4 TiB
        "$argon2id$v=19$m=8,t=4294967295,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",         // t = 2^32-1
        "$argon2id$v=19$m=4294967295,t=1,p=16777215$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",  // p = 2^24-1
        "$argon2id$v=19$m=2097152,t=1,p=256$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
        "$argon2id$v=19$m=2097153,t=1,p=4$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
    };
    for (const auto h : huge) {
        const auto start = std::chrono::steady_clock::now();
        const auto r = check("password", h);
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50)) << h;
        ASSERT_TRUE(r.error.has_value()) << h;
        EXPECT_EQ(r.error->code, ErrorCode::cost_over_limit) << h;
    }
    // RFC 9106's first recommendation (t=1, p=4, m=2 GiB) is within the default limits.
    pwcheck::core::Limits limits;
    EXPECT_GE(limits.max_memory, std::uint64_t{2097152} * 1024);
    EXPECT_GE(limits.max_argon2_parallelism, 8u);
    EXPECT_GE(limits.max_argon2_time, 10u);
}

TEST(Argon2Scheme, ParamsForJson) {
    const auto r = check("password", "$argon2i$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$dUjq8zHFk5QdgjXKBs0fOA");
    ASSERT_EQ(r.params.size(), 7u);
    EXPECT_EQ(r.params[0].name, "type");
    EXPECT_EQ(std::get<std::string>(r.params[0].value), "i");
    EXPECT_EQ(std::get<std::uint64_t>(r.params[1].value), 16u);  // the implicit version
    EXPECT_EQ(r.params[2].name, "memory_cost");
    EXPECT_EQ(std::get<std::uint64_t>(r.params[3].value), 1u);
    EXPECT_EQ(r.params[4].name, "parallelism");
    EXPECT_EQ(std::get<std::uint64_t>(r.params[5].value), 16u);
    EXPECT_EQ(std::get<std::uint64_t>(r.params[6].value), 16u);
}

TEST(Argon2Scheme, MakeHashIsPasslibsText) {
    // passlib 1.7.4: argon2.using(salt=b"saltsaltsaltsalt", rounds=1).hash(pw) (argon2-cffi 21.1.0 defaults).
    const auto salt = bytes("saltsaltsaltsalt");
    EXPECT_EQ(*argon2().make_hash(bytes("password"), 1, salt),
              "$argon2id$v=19$m=102400,t=1,p=8$c2FsdHNhbHRzYWx0c2FsdA$pDtSzSJsvO6YFaJ7H3K5Uw");
    EXPECT_EQ(*argon2().make_hash(bytes(""), 1, salt),
              "$argon2id$v=19$m=102400,t=1,p=8$c2FsdHNhbHRzYWx0c2FsdA$clMDaci0t5geszmep4qZew");
}

TEST(Argon2Scheme, PasslibDefaultHashVerifies) {
    // passlib 1.7.4 default: argon2id m=102400, t=2, p=8.
    constexpr std::string_view h = "$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHRzYWx0c2FsdA$QVPHaDbgLG5NTYm/53coqg";
    EXPECT_EQ(check("correct horse battery staple", h).match, std::optional<bool>(true));
    EXPECT_EQ(check("correct horse battery stable", h).match, std::optional<bool>(false));
}

}  // namespace

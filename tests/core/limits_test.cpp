// Cost limits (issue 9): the defaults take every real-world parameter set and refuse absurd ones before
// any work, each refusal naming its limit; every limit can be raised.
#include "core/limits.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>

#include "core/verify.hpp"

namespace {

using pwcheck::core::ErrorCode;
using pwcheck::core::inspect;
using pwcheck::core::Limits;

// Real-world parameter sets (the checksums are arbitrary: inspect() parses and checks limits only).
constexpr const char* k_real_world[] = {
    // Django 5.0 / 5.1 PBKDF2 (870,000 / 1,000,000 rounds) and more.
    "pbkdf2_sha256$1000000$c2FsdHNhbHRzYWx0$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY=",
    "pbkdf2_sha256$1200000$c2FsdHNhbHRzYWx0$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY=",
    // Werkzeug 3 pbkdf2 default (1,000,000 rounds).
    "pbkdf2:sha256:1000000$c2FsdHNhbHRz$0bd2d2b1c5b2e1ac9f1a6e3b3f1b0b3c8e0c2e4a1b6e2c7d8e9f0a1b2c3d4e5f",
    "$pbkdf2-sha512$10000000$c2FsdA$" "yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRYyYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRQ",
    // bcrypt up to cost 16.
    "$2b$16$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",
    "$bcrypt-sha256$v=2,t=2b,r=16$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG",
    // RFC 9106's first recommendation (m = 2 GiB, t = 1, p = 4), its second (64 MiB, t = 3), libsodium's
    // SENSITIVE (1 GiB, t = 4).
    "$argon2id$v=19$m=2097152,t=1,p=4$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
    "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
    "$argon2id$v=19$m=1048576,t=4,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw",
    // scrypt up to ln = 20 with r = 8 (1 GiB).
    "$scrypt$ln=20,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA",
    // sha-crypt at 5,000,000 rounds (ten times passlib's default).
    "$6$rounds=5000000$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",
    // BSDi DES at FreeBSD's 725 rounds and at 2^23.
    "_J9..saltAAAAAAAAAAA",
    "_...UsaltAAAAAAAAAAA",
};

TEST(Limits, DefaultsAcceptRealWorldParameters) {
    for (const char* hash : k_real_world) {
        const auto i = inspect(hash);
        EXPECT_FALSE(i.error) << hash << ": " << (i.error ? i.error->message : "");
    }
}

// Absurd but well-formed parameter sets, and the limit key each must name.
struct Absurd {
    const char* hash;
    const char* limit;
};
constexpr Absurd k_absurd[] = {
    {"$pbkdf2-sha256$4294967295$c2FsdHNhbHQ$Q7Zc6ymn6lDXAaEnGNdkdwYMr6stJWpeuNWyUKNIQVg", "pbkdf2-rounds"},
    {"pbkdf2_sha256$2147483647$c2FsdHNhbHRzYWx0$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY=", "pbkdf2-rounds"},
    {"$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "bcrypt-cost"},
    {"$bcrypt-sha256$v=2,t=2b,r=31$abcdefghijklmnopqrstuu$6eeTxYH54oiZ0Z7.zjNaUH4ORExX7RG", "bcrypt-cost"},
    {"$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "memory"},
    {"$argon2id$v=19$m=8,t=4294967295,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "argon2-time"},
    {"$argon2id$v=19$m=4294967295,t=1,p=16777215$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "memory"},
    {"$argon2id$v=19$m=2048,t=1,p=256$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "argon2-lanes"},
    // Within the memory and time limits one by one, but 2 GiB x 1000 passes would run for half an hour.
    {"$argon2id$v=19$m=2097152,t=1000,p=4$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "memory-work"},
    {"$scrypt$ln=31,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "memory"},
    {"$scrypt$ln=4,r=1,p=1073741823$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "memory"},
    // 64 MiB, but 255 sequential passes over it.
    {"$scrypt$ln=16,r=8,p=255$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "memory-work"},
    {"$5$rounds=999999999$saltsalt$0000000000000000000000000000000000000000000", "crypt-rounds"},
    {"$P$Ssaltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", "phpass-cost"},
    // The system's crypt(3): sha1crypt's HMAC-SHA1 iterations, SunMD5's and BSDi DES's rounds.
    {"$sha1$4294967295$saltsalt$qLTwH9Ud0BMs5ixYAnbQFgGb0yMH", "pbkdf2-rounds"},
    {"$sha1$-1$saltsalt$qLTwH9Ud0BMs5ixYAnbQFgGb0yMH", "pbkdf2-rounds"},  // strtoul: 2^64 - 1
    // Out of range with a sign: strtoul gives ULONG_MAX, not its negation (found by the fuzzer).
    {"$sha1$-166666666666666666666666666$saltsalt$qLTwH9Ud0BMs5ixYAnbQFgGb0yMH", "pbkdf2-rounds"},
    {"$md5,rounds=4000000000$saltsalt$AAAAAAAAAAAAAAAAAAAAAA", "crypt-rounds"},
    {"_zzzzsaltAAAAAAAAAAA", "crypt-rounds"},
};

TEST(Limits, AbsurdParametersAreRefusedAtOnceNamingTheirLimit) {
    for (const Absurd& c : k_absurd) {
        const auto start = std::chrono::steady_clock::now();
        const auto i = inspect(c.hash);
        ASSERT_TRUE(i.error) << c.hash;
        EXPECT_EQ(i.error->code, ErrorCode::cost_over_limit) << c.hash << ": " << i.error->message;
        EXPECT_EQ(i.error->limit, c.limit) << c.hash << ": " << i.error->message;
        EXPECT_NE(i.error->message.find("exceeds the limit of"), std::string::npos) << i.error->message;
        // A hang guard, not a speed target: refusing is parsing, nothing is computed.
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1)) << c.hash;
    }
}

TEST(Limits, RaisingTheNamedLimitLetsTheHashThrough) {
    for (const Absurd& c : k_absurd) {
        const auto* info = pwcheck::core::find_limit(c.limit);
        ASSERT_NE(info, nullptr) << c.limit;
        Limits raised;
        raised.*(info->field) = Limits::none().*(info->field);
        const auto i = inspect(c.hash, nullptr, raised);
        // Either usable now, or refused by another limit than the one raised.
        if (i.error) {
            EXPECT_EQ(i.error->code, ErrorCode::cost_over_limit) << c.hash;
            EXPECT_NE(i.error->limit, c.limit) << c.hash;
        }
        EXPECT_FALSE(inspect(c.hash, nullptr, Limits::none()).error) << c.hash;
    }
}

TEST(Limits, TheTableNamesEveryLimitOnce) {
    std::set<std::string> keys;
    std::set<const void*> fields;
    for (const auto& info : pwcheck::core::limit_table()) {
        EXPECT_TRUE(keys.insert(std::string(info.key)).second) << info.key;
        EXPECT_FALSE(info.description.empty()) << info.key;
        EXPECT_EQ(pwcheck::core::find_limit(info.key), &info);
        // Every default is finite, and none() lifts every one.
        EXPECT_LT(Limits{}.*(info.field), Limits::none().*(info.field)) << info.key;
    }
    EXPECT_EQ(keys.size(), 8u);
    EXPECT_EQ(pwcheck::core::find_limit("no-such-limit"), nullptr);
}

TEST(Limits, SizesAreWrittenInTheLargestExactUnit) {
    using pwcheck::core::format_size;
    EXPECT_EQ(format_size(std::uint64_t{2} << 30), "2 GiB");
    EXPECT_EQ(format_size(std::uint64_t{4} << 40), "4 TiB");
    EXPECT_EQ(format_size(std::uint64_t{3} << 20), "3 MiB");
    EXPECT_EQ(format_size(1025 * 1024), "1025 KiB");
    EXPECT_EQ(format_size(1000), "1000 bytes");
}

TEST(Limits, ParseSizeTakesBinarySuffixes) {
    using pwcheck::core::parse_size;
    EXPECT_EQ(parse_size("2G"), std::uint64_t{2} << 30);
    EXPECT_EQ(parse_size("2GiB"), std::uint64_t{2} << 30);
    EXPECT_EQ(parse_size("512m"), std::uint64_t{512} << 20);
    EXPECT_EQ(parse_size("4T"), std::uint64_t{4} << 40);
    EXPECT_EQ(parse_size("64K"), std::uint64_t{64} << 10);
    EXPECT_EQ(parse_size("1000"), 1000u);
    EXPECT_EQ(parse_size("1000B"), 1000u);
    for (const char* bad : {"", "G", "-1", "+1", "1.5G", "1X", "1 G", "99999999999999999999", "16777216T", "0x10"}) {
        EXPECT_FALSE(parse_size(bad)) << bad;
    }
}

}  // namespace

// scrypt beyond the passlib vectors: hashes made by libsodium and libxcrypt ($7$), passlib's exact
// text from make_hash, and the memory limit checked before any work.
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <random>
#include <string>

#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

#if PWCHECK_HAVE_LIBXCRYPT
#include <crypt.h>
#endif

namespace {

using pwcheck::core::VerifyRequest;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

pwcheck::core::VerifyResult check(std::string_view password, std::string_view hash) {
    VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.scheme = pwcheck::core::find_scheme("scrypt");
    return pwcheck::core::verify(r);
}

std::string random_password(std::mt19937& rng) {
    std::string pw(rng() % 40, '\0');
    for (auto& c : pw) c = static_cast<char>(1 + rng() % 255);  // 8-bit bytes, no NUL (crypt(3) strings)
    return pw;
}

}  // namespace

TEST(Scrypt, VerifiesHashesMadeByLibsodium) {
    ASSERT_GE(sodium_init(), 0);
    std::mt19937 rng(11);
    for (int i = 0; i < 12; ++i) {
        const std::string pw = random_password(rng);
        char out[crypto_pwhash_scryptsalsa208sha256_STRBYTES];
        // opslimit/memlimit small enough for N = 2^10..2^12 (libsodium picks N, r=8, p=1 from them).
        ASSERT_EQ(crypto_pwhash_scryptsalsa208sha256_str(out, pw.data(), pw.size(), 32768, 1u << 20 << (i % 3)), 0);
        const std::string hash(out);
        ASSERT_EQ(hash.rfind("$7$", 0), 0u) << hash;
        EXPECT_EQ(check(pw, hash).match, std::optional<bool>(true)) << hash;
        EXPECT_EQ(check(pw + "x", hash).match, std::optional<bool>(false)) << hash;
    }
}

TEST(Scrypt, AgreesWithLibxcryptOnDollar7) {
#if PWCHECK_HAVE_LIBXCRYPT
    std::mt19937 rng(12);
    for (int i = 0; i < 12; ++i) {
        const std::string pw = random_password(rng);
        // A cheap setting of our own (libxcrypt's crypt_gensalt starts at N = 2^13, r = 32):
        // log2 N 2..8 (libxcrypt refuses N = 2), r 1..8 and p 1..3 as 5-character little-endian hash64 numbers, a random salt.
        const auto& h64 = pwcheck::core::hash64();
        std::string setting = "$7$";
        setting += h64.symbol(2 + static_cast<unsigned>(rng() % 7));
        for (const unsigned v : {1 + static_cast<unsigned>(rng() % 8), 1 + static_cast<unsigned>(rng() % 3)}) {
            for (int k = 0; k < 5; ++k) setting += h64.symbol(v >> (6 * k));
        }
        for (auto n = rng() % 20; n > 0; --n) setting += h64.symbol(static_cast<unsigned>(rng()));
        struct crypt_data data {};
        const char* hashed = crypt_rn(pw.c_str(), setting.c_str(), &data, sizeof data);
        ASSERT_NE(hashed, nullptr);
        const std::string hash(hashed);
        EXPECT_EQ(check(pw, hash).match, std::optional<bool>(true)) << hash;
        EXPECT_EQ(check(pw.substr(1), hash).match, std::optional<bool>(false)) << hash;
    }
#else
    GTEST_SKIP() << "libxcrypt is not installed: no differential test against crypt_rn";
#endif
}

TEST(Scrypt, MakeHashWritesPasslibsText) {
    const auto* s = pwcheck::core::find_scheme("scrypt");
    EXPECT_EQ(*s->make_hash(bytes("password"), 4, bytes("saltsaltsaltsalt")),
              "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA");
}

TEST(Scrypt, MemoryOverTheLimitIsRefusedBeforeAnyWork) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = check("password", "$scrypt$ln=31,r=8,p=1$c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, pwcheck::core::ErrorCode::cost_over_limit);
    EXPECT_NE(r.error->message.find("exceeds the limit of 2 GiB"), std::string::npos) << r.error->message;

    // ln=20, r=8 (1 GiB) is within the default limit; a smaller configured limit refuses it.
    VerifyRequest q;
    q.password = bytes("password");
    q.hash = "$scrypt$ln=20,r=8,p=1$c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA";
    q.limits.max_memory = 512u << 20;
    const auto limited = pwcheck::core::verify(q);
    ASSERT_TRUE(limited.error);
    EXPECT_EQ(limited.error->code, pwcheck::core::ErrorCode::cost_over_limit);
}

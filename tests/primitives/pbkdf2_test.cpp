// PBKDF2-HMAC-SHA1/256/512: published vectors, and a differential test against OpenSSL's
// PKCS5_PBKDF2_HMAC, each on the fast (SHA-NI / OpenSSL block) and the forced portable path.
#include "primitives/pbkdf2.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "primitives/sha.hpp"

namespace pwcheck::primitives {
namespace {

enum class Path { fast, portable };

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string hex(std::span<const std::uint8_t> data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (auto b : data) s += digits[b >> 4], s += digits[b & 15];
  return s;
}

std::string derive_hex(HmacDigest d, std::string_view password, std::string_view salt, std::uint32_t rounds,
                       std::size_t length) {
  std::vector<std::uint8_t> out(length);
  pbkdf2_hmac(d, bytes(password), bytes(salt), rounds, out);
  return hex(out);
}

const EVP_MD* openssl_md(HmacDigest d) {
  switch (d) {
    case HmacDigest::sha1: return EVP_sha1();
    case HmacDigest::sha256: return EVP_sha256();
    case HmacDigest::sha512: return EVP_sha512();
  }
  return nullptr;
}

std::string digest_name(HmacDigest d) {
  switch (d) {
    case HmacDigest::sha1: return "sha1";
    case HmacDigest::sha256: return "sha256";
    case HmacDigest::sha512: return "sha512";
  }
  return "?";
}

// Runs each test once per digest and path; the fast path of SHA-1/SHA-256 needs SHA-NI.
class Pbkdf2Paths : public testing::TestWithParam<std::tuple<HmacDigest, Path>> {
 protected:
  HmacDigest digest() const { return std::get<0>(GetParam()); }
  void SetUp() override {
    const bool portable = std::get<1>(GetParam()) == Path::portable;
    if (!portable && digest() != HmacDigest::sha512 && !cpu_has_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
    set_force_portable_sha(portable);
  }
  void TearDown() override { set_force_portable_sha(false); }
};

std::string param_name(const testing::TestParamInfo<std::tuple<HmacDigest, Path>>& info) {
  return digest_name(std::get<0>(info.param)) + (std::get<1>(info.param) == Path::fast ? "_fast" : "_portable");
}

struct Vector {
  HmacDigest digest;
  std::string_view password;
  std::string_view salt;
  std::uint32_t rounds;
  std::string_view expected_hex;
};

// RFC 6070 (SHA-1), RFC 7914 §11 (SHA-256), and SHA-256/512 vectors in wide use (checked with
// `openssl kdf ... PBKDF2`).
constexpr Vector k_vectors[] = {
    {HmacDigest::sha1, "password", "salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
    {HmacDigest::sha1, "password", "salt", 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
    {HmacDigest::sha1, "password", "salt", 4096, "4b007901b765489abead49d926f721d065a429c1"},
    {HmacDigest::sha1, "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
     "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
    {HmacDigest::sha1, std::string_view("pass\0word", 9), std::string_view("sa\0lt", 5), 4096,
     "56fa6aa75548099dcc37d7f03425e0c3"},
    {HmacDigest::sha256, "password", "salt", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"},
    {HmacDigest::sha256, "password", "salt", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"},
    {HmacDigest::sha256, "passwd", "salt", 1,
     "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd5"
     "09112041d3a19783"},
    {HmacDigest::sha256, "Password", "NaCl", 80000,
     "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078"
     "478f62b397f33c8d"},
    {HmacDigest::sha512, "password", "salt", 1,
     "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da5"
     "5e63f73b60a57fce"},
    {HmacDigest::sha512, "password", "salt", 2,
     "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e"
     "04112754f27ccf4e"},
    {HmacDigest::sha512, "password", "salt", 4096,
     "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5143f30602641b3d55cd335988cb36b84376060ecd532e039"
     "b742a239434af2d5"},
    {HmacDigest::sha512, "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
     "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82b"
     "d4daea9724a3d3b8"},
};

TEST_P(Pbkdf2Paths, PublishedVectors) {
  int checked = 0;
  for (const Vector& v : k_vectors) {
    if (v.digest != digest()) continue;
    EXPECT_EQ(derive_hex(v.digest, v.password, v.salt, v.rounds, v.expected_hex.size() / 2), v.expected_hex)
        << "password \"" << v.password << "\", rounds " << v.rounds;
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

// What a random case looks like; the first cases of each run cycle through the edge shapes.
struct CaseShape {
  std::size_t password_min, password_max, salt_min, salt_max;
  std::uint32_t rounds_min, rounds_max;
  std::size_t length_min, length_max;
};

constexpr CaseShape k_shapes[] = {
    {0, 64, 0, 40, 1, 40, 1, 130},       // ordinary
    {65, 300, 0, 40, 1, 20, 1, 130},     // password longer than a SHA-1/SHA-256 block: hashed first
    {129, 300, 0, 40, 1, 20, 1, 130},    // longer than a SHA-512 block too
    {0, 0, 0, 40, 1, 20, 1, 130},        // empty password
    {0, 64, 0, 0, 1, 20, 1, 130},        // empty salt
    {0, 0, 0, 0, 1, 20, 1, 70},          // both empty
    {0, 200, 0, 200, 1, 1, 1, 300},      // rounds = 1: U_1 only
    {0, 200, 0, 200, 1, 8, 129, 400},    // several output blocks, mostly not a multiple of the digest
    {60, 140, 50, 140, 1, 8, 1, 64},     // lengths around the block sizes
    {0, 40, 0, 16, 100, 400, 20, 70},    // more rounds
};

std::size_t pick(std::mt19937_64& rng, std::size_t lo, std::size_t hi) { return lo + rng() % (hi - lo + 1); }

TEST_P(Pbkdf2Paths, MatchesOpensslOnRandomCases) {
  constexpr int k_cases = 2000;
  std::mt19937_64 rng(0x70776368 + static_cast<int>(digest()));
  const EVP_MD* md = openssl_md(digest());
  for (int i = 0; i < k_cases; ++i) {
    const CaseShape& shape = k_shapes[i % std::size(k_shapes)];
    std::vector<std::uint8_t> password(pick(rng, shape.password_min, shape.password_max));
    std::vector<std::uint8_t> salt(pick(rng, shape.salt_min, shape.salt_max));
    for (auto& b : password) b = static_cast<std::uint8_t>(rng());
    for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
    const auto rounds = static_cast<std::uint32_t>(pick(rng, shape.rounds_min, shape.rounds_max));
    const std::size_t length = pick(rng, shape.length_min, shape.length_max);

    std::vector<std::uint8_t> ours(length), theirs(length);
    pbkdf2_hmac(digest(), password, salt, rounds, ours);
    ASSERT_EQ(PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                                salt.data(), static_cast<int>(salt.size()), static_cast<int>(rounds), md,
                                static_cast<int>(length), theirs.data()),
              1);
    ASSERT_EQ(hex(ours), hex(theirs)) << "case " << i << ": password " << password.size() << " bytes, salt "
                                      << salt.size() << " bytes, rounds " << rounds << ", length " << length;
  }
}

// Passwords right at and around the HMAC block size, where the key switches to being hashed.
TEST_P(Pbkdf2Paths, PasswordsAroundTheBlockSize) {
  const EVP_MD* md = openssl_md(digest());
  for (std::size_t n : {0, 1, 19, 20, 21, 32, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 256, 1000}) {
    const std::vector<std::uint8_t> password(n, static_cast<std::uint8_t>(0xa5 ^ n));
    const auto salt = bytes("NaCl");
    std::vector<std::uint8_t> ours(2 * digest_size(digest()) + 3), theirs(ours.size());
    pbkdf2_hmac(digest(), password, salt, 3, ours);
    PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(n), salt.data(),
                      static_cast<int>(salt.size()), 3, md, static_cast<int>(theirs.size()), theirs.data());
    EXPECT_EQ(hex(ours), hex(theirs)) << "password length " << n;
  }
}

INSTANTIATE_TEST_SUITE_P(DigestsAndPaths, Pbkdf2Paths,
                         testing::Combine(testing::Values(HmacDigest::sha1, HmacDigest::sha256, HmacDigest::sha512),
                                          testing::Values(Path::fast, Path::portable)),
                         param_name);

TEST(Pbkdf2, DigestSizes) {
  EXPECT_EQ(digest_size(HmacDigest::sha1), 20u);
  EXPECT_EQ(digest_size(HmacDigest::sha256), 32u);
  EXPECT_EQ(digest_size(HmacDigest::sha512), 64u);
}

TEST(Pbkdf2, ZeroRoundsIsRejected) {
  std::array<std::uint8_t, 20> out{};
  EXPECT_THROW(pbkdf2_hmac(HmacDigest::sha1, bytes("password"), bytes("salt"), 0, out), std::invalid_argument);
}

TEST(Pbkdf2, EmptyOutputIsANoOp) {
  EXPECT_NO_THROW(pbkdf2_hmac(HmacDigest::sha256, bytes("password"), bytes("salt"), 1, {}));
}

}  // namespace
}  // namespace pwcheck::primitives

// Tests for pwcheck::primitives::sha_crypt_raw and the sha256_crypt / sha512_crypt rows on both SHA paths:
// against a direct transcription of FORMATS.md §4.1 on OpenSSL's one-shot SHA functions (every
// password and salt length that changes the round-buffer layout), and against libxcrypt's crypt_rn
// on random inputs.
#include "primitives/sha_crypt.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#if PWCHECK_HAVE_LIBXCRYPT
#include <crypt.h>
#endif

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/registry.hpp"
#include "core/verify.hpp"
#include "primitives/sha.hpp"

namespace {

using pwcheck::primitives::set_force_portable_sha;
using pwcheck::primitives::sha_crypt_digest_size;
using pwcheck::primitives::sha_crypt_raw;
using pwcheck::primitives::ShaCryptDigest;
using Bytes = std::vector<std::uint8_t>;

enum class Path { fast, portable };

std::string path_name(const testing::TestParamInfo<Path>& info) {
  return info.param == Path::fast ? "fast" : "portable";
}

Bytes evp_digest(ShaCryptDigest d, const Bytes& message) {
  Bytes out(sha_crypt_digest_size(d));
  unsigned int n = 0;
  EVP_Digest(message.data(), message.size(), out.data(), &n, d == ShaCryptDigest::sha256 ? EVP_sha256() : EVP_sha512(),
             nullptr);
  return out;
}

void append(Bytes& to, const Bytes& what, std::size_t n) { to.insert(to.end(), what.begin(), what.begin() + n); }

// FORMATS.md §4.1 steps 1-5, written as plainly as possible: whole messages, one-shot hashes.
Bytes reference_sha_crypt(ShaCryptDigest d, const Bytes& p, const Bytes& s, std::uint32_t rounds) {
  const std::size_t l = sha_crypt_digest_size(d);
  Bytes m = p;
  append(m, s, s.size());
  append(m, p, p.size());
  const Bytes b = evp_digest(d, m);

  m = p;
  append(m, s, s.size());
  for (std::size_t i = 0; i < p.size(); ++i) m.push_back(b[i % l]);
  for (std::size_t n = p.size(); n > 0; n >>= 1) {
    if (n & 1) {
      append(m, b, l);
    } else {
      append(m, p, p.size());
    }
  }
  const Bytes a = evp_digest(d, m);

  m.clear();
  for (std::size_t i = 0; i < p.size(); ++i) append(m, p, p.size());
  const Bytes dp = evp_digest(d, m);
  m.clear();
  for (unsigned i = 0; i < 16u + a[0]; ++i) append(m, s, s.size());
  const Bytes ds = evp_digest(d, m);
  Bytes pp, sp;
  for (std::size_t i = 0; i < p.size(); ++i) pp.push_back(dp[i % l]);
  append(sp, ds, s.size());

  Bytes c = a;
  for (std::uint32_t i = 0; i < rounds; ++i) {
    m.clear();
    if (i & 1) {
      append(m, pp, pp.size());
    } else {
      append(m, c, l);
    }
    if (i % 3 != 0) append(m, sp, sp.size());
    if (i % 7 != 0) append(m, pp, pp.size());
    if (i & 1) {
      append(m, c, l);
    } else {
      append(m, pp, pp.size());
    }
    c = evp_digest(d, m);
  }
  return c;
}

Bytes pwcheck_sha_crypt(ShaCryptDigest d, const Bytes& p, const Bytes& s, std::uint32_t rounds) {
  Bytes out(sha_crypt_digest_size(d));
  sha_crypt_raw(d, p, s, rounds, out);
  return out;
}

class ShaCryptPrimitive : public testing::TestWithParam<Path> {
 protected:
  void SetUp() override { set_force_portable_sha(GetParam() == Path::portable); }
  void TearDown() override { set_force_portable_sha(false); }
};

// Every password length up to 300 bytes (round messages of 1 to 11 blocks, C's slot at every offset
// and behind 0 to 9 constant blocks) and every salt length, with NUL and 8-bit bytes in the password.
TEST_P(ShaCryptPrimitive, MatchesTheSpecTranscriptionForEveryLayout) {
  std::mt19937_64 rng(0x5ca1ab1e);
  for (const auto d : {ShaCryptDigest::sha256, ShaCryptDigest::sha512}) {
    for (std::size_t p_len = 0; p_len <= 300; ++p_len) {
      Bytes p(p_len), s(rng() % 17);
      for (auto& c : p) c = static_cast<std::uint8_t>(rng());
      for (auto& c : s) c = static_cast<std::uint8_t>(rng());
      // 43 rounds: every shape of the 42-round cycle, and the wrap back to the first.
      const std::uint32_t rounds = p_len % 5 == 0 ? 43 : static_cast<std::uint32_t>(rng() % 50);
      ASSERT_EQ(pwcheck_sha_crypt(d, p, s, rounds), reference_sha_crypt(d, p, s, rounds))
          << (d == ShaCryptDigest::sha256 ? "sha256" : "sha512") << " password length " << p_len << " salt length "
          << s.size() << " rounds " << rounds;
    }
  }
}

TEST_P(ShaCryptPrimitive, RefusesBadArguments) {
  Bytes out(32), salt(17);
  EXPECT_THROW(sha_crypt_raw(ShaCryptDigest::sha256, {}, salt, 1000, out), std::invalid_argument);
  salt.resize(16);
  EXPECT_THROW(sha_crypt_raw(ShaCryptDigest::sha512, {}, salt, 1000, out), std::invalid_argument);
  EXPECT_NO_THROW(sha_crypt_raw(ShaCryptDigest::sha256, {}, salt, 1000, out));
}

// Calls libxcrypt; returns nothing if it is absent or refuses the setting.
std::optional<std::string> libxcrypt_hash(const std::string& password, const std::string& setting) {
#if !PWCHECK_HAVE_LIBXCRYPT
  static_cast<void>(password);
  static_cast<void>(setting);
  return std::nullopt;
#else
  crypt_data data{};
  const char* result = crypt_rn(password.c_str(), setting.c_str(), &data, static_cast<int>(sizeof data));
  if (result == nullptr || result[0] == '*') return std::nullopt;
  return std::string(result);
#endif
}

std::optional<bool> verify(const std::string& password, const std::string& hash) {
  pwcheck::core::VerifyRequest r;
  r.password = {reinterpret_cast<const std::uint8_t*>(password.data()), password.size()};
  r.hash = hash;
  return pwcheck::core::verify(r).match;
}

// libxcrypt's hashes verify in pwcheck, and pwcheck makes the same text from the same inputs.
TEST_P(ShaCryptPrimitive, MatchesLibxcryptOnRandomInputs) {
  if (!libxcrypt_hash("probe", "$5$rounds=1000$salt") || !libxcrypt_hash("probe", "$6$salt")) {
    GTEST_SKIP() << "libxcrypt is absent or its crypt_rn rejects $5$/$6$ settings on this system";
  }
  constexpr std::string_view k_hash64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::mt19937_64 rng(0x5ac3'17ULL);
  std::uniform_int_distribution<int> byte(1, 255);  // no NUL: crypt takes C strings
  for (int i = 0; i < 240; ++i) {
    const bool sha256 = i % 2 == 0;
    std::string password(rng() % (i % 8 == 0 ? 201 : 40), '\0');
    for (char& c : password) c = static_cast<char>(byte(rng));
    std::string salt;
    Bytes salt_bytes(rng() % 17);
    for (auto& b : salt_bytes) {
      b = static_cast<std::uint8_t>(rng());
      salt += k_hash64[b & 63];
    }
    const bool implicit = i % 5 == 0;
    const std::uint32_t rounds = implicit ? 5000 : static_cast<std::uint32_t>(1000 + rng() % 4000);
    std::string setting = sha256 ? "$5$" : "$6$";
    if (!implicit) setting += "rounds=" + std::to_string(rounds) + "$";
    setting += salt;
    SCOPED_TRACE("case " + std::to_string(i) + ", setting " + setting + ", password length " +
                 std::to_string(password.size()));
    const auto reference = libxcrypt_hash(password, setting);
    ASSERT_TRUE(reference);
    EXPECT_EQ(verify(password, *reference), std::optional<bool>(true)) << *reference;
    std::string wrong = password + "x";
    EXPECT_EQ(verify(wrong, *reference), std::optional<bool>(false)) << *reference;

    // make_hash takes salt bytes and maps each to one hash64 character, as done above.
    const auto* scheme = pwcheck::core::find_scheme(sha256 ? "sha256_crypt" : "sha512_crypt");
    ASSERT_NE(scheme, nullptr);
    const auto made = scheme->make_hash({reinterpret_cast<const std::uint8_t*>(password.data()), password.size()},
                                        rounds, salt_bytes);
    ASSERT_TRUE(made);
    EXPECT_EQ(*made, *reference);
    if (HasFailure()) break;
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, ShaCryptPrimitive, testing::Values(Path::fast, Path::portable), path_name);

}  // namespace

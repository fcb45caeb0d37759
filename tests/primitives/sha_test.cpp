// SHA-1/256/512 block functions, hashing and the PBKDF2 loop, on the fast and the portable paths,
// checked against OpenSSL and against each other.
#include "primitives/sha.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <random>
#include <string>
#include <vector>

namespace pwcheck::primitives {
namespace {

enum class Path { fast, portable };

std::string path_name(const testing::TestParamInfo<Path>& info) {
  return info.param == Path::fast ? "fast" : "portable";
}

std::vector<std::uint8_t> random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

template <class H>
typename H::State random_state(std::mt19937_64& rng) {
  typename H::State s;
  for (auto& w : s) w = static_cast<typename H::Word>(rng());
  return s;
}

struct OpensslSha1 {
  using H = Sha1;
  static void hash(const std::vector<std::uint8_t>& m, std::uint8_t* out) { SHA1(m.data(), m.size(), out); }
};
struct OpensslSha256 {
  using H = Sha256;
  static void hash(const std::vector<std::uint8_t>& m, std::uint8_t* out) { SHA256(m.data(), m.size(), out); }
};
struct OpensslSha512 {
  using H = Sha512;
  static void hash(const std::vector<std::uint8_t>& m, std::uint8_t* out) { SHA512(m.data(), m.size(), out); }
};

// Selects the path for the test's duration and restores the default afterwards.
class ShaPaths : public testing::TestWithParam<Path> {
 protected:
  void SetUp() override { set_force_portable_sha(GetParam() == Path::portable); }
  void TearDown() override { set_force_portable_sha(false); }
  // SHA-1 and SHA-256 have a fast path only with SHA-NI; SHA-512's (OpenSSL's) always exists.
  bool fast_path_missing_for_sha_ni() const { return GetParam() == Path::fast && !cpu_has_sha_ni(); }
};

// Random messages of every length across a few blocks, fed in random pieces, against OpenSSL.
template <class Ref>
void check_hashing_against_openssl(std::uint64_t seed) {
  using H = typename Ref::H;
  std::mt19937_64 rng(seed);
  for (std::size_t len = 0; len <= 3 * H::k_block_size + 3; ++len) {
    for (int trial = 0; trial < 3; ++trial) {
      const auto message = random_bytes(rng, len);
      ShaHasher<H> hasher(H::impl());
      std::size_t pos = 0;
      while (pos < len) {
        const std::size_t piece = std::min<std::size_t>(len - pos, rng() % (2 * H::k_block_size + 1));
        hasher.update(std::span(message).subspan(pos, piece));
        pos += piece;
      }
      std::array<std::uint8_t, H::k_digest_size> ours{}, theirs{};
      hasher.finish(ours);
      Ref::hash(message, theirs.data());
      ASSERT_EQ(ours, theirs) << "length " << len;
    }
  }
}

TEST_P(ShaPaths, Sha1MatchesOpenssl) {
  if (fast_path_missing_for_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
  check_hashing_against_openssl<OpensslSha1>(1);
}

TEST_P(ShaPaths, Sha256MatchesOpenssl) {
  if (fast_path_missing_for_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
  check_hashing_against_openssl<OpensslSha256>(256);
}

TEST_P(ShaPaths, Sha512MatchesOpenssl) { check_hashing_against_openssl<OpensslSha512>(512); }

// Block functions from random (not just initial) states, several blocks per call, against the
// portable implementation (itself checked against OpenSSL above).
template <class H>
void check_compress_against_portable(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t blocks = 1 + rng() % 4;
    const auto data = random_bytes(rng, blocks * H::k_block_size);
    auto ours = random_state<H>(rng);
    auto reference = ours;
    H::impl().compress(ours, data.data(), blocks);
    for (std::size_t i = 0; i < blocks; ++i) H::portable_impl().compress(reference, data.data() + i * H::k_block_size, 1);
    ASSERT_EQ(ours, reference) << "trial " << trial;
  }
}

TEST_P(ShaPaths, CompressFromRandomStates) {
  check_compress_against_portable<Sha512>(5120);
  if (fast_path_missing_for_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
  check_compress_against_portable<Sha1>(10);
  check_compress_against_portable<Sha256>(2560);
}

// The fused PBKDF2 loop against the same computation spelled out with byte blocks and compress.
template <class H>
void check_hmac_chain(std::uint64_t seed) {
  using State = typename H::State;
  std::mt19937_64 rng(seed);
  for (int trial = 0; trial < 50; ++trial) {
    const State inner = random_state<H>(rng), outer = random_state<H>(rng);
    State u = random_state<H>(rng), acc = random_state<H>(rng);
    const std::uint32_t count = static_cast<std::uint32_t>(rng() % 40);

    State ref_u = u, ref_acc = acc;
    std::array<std::uint8_t, H::k_block_size> block{};
    block[H::k_digest_size] = 0x80;
    store_be<std::uint64_t>(block.data() + H::k_block_size - 8, (H::k_block_size + H::k_digest_size) * 8);
    for (std::uint32_t i = 0; i < count; ++i) {
      store_state<H>(std::span<std::uint8_t, H::k_digest_size>(block.data(), H::k_digest_size), ref_u);
      State s = inner;
      H::portable_impl().compress(s, block.data(), 1);
      store_state<H>(std::span<std::uint8_t, H::k_digest_size>(block.data(), H::k_digest_size), s);
      ref_u = outer;
      H::portable_impl().compress(ref_u, block.data(), 1);
      for (std::size_t w = 0; w < ref_acc.size(); ++w) ref_acc[w] ^= ref_u[w];
    }

    H::impl().hmac_chain(inner, outer, u, acc, count);
    ASSERT_EQ(u, ref_u) << "trial " << trial << ", count " << count;
    ASSERT_EQ(acc, ref_acc) << "trial " << trial << ", count " << count;
  }
}

TEST_P(ShaPaths, HmacChainMatchesSpelledOutLoop) {
  check_hmac_chain<Sha512>(51200);
  if (fast_path_missing_for_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
  check_hmac_chain<Sha1>(100);
  check_hmac_chain<Sha256>(25600);
}

TEST_P(ShaPaths, SelectsTheRequestedImplementation) {
  if (GetParam() == Path::portable) {
    EXPECT_STREQ(Sha1::impl().name, "portable");
    EXPECT_STREQ(Sha256::impl().name, "portable");
    EXPECT_STREQ(Sha512::impl().name, "portable");
    return;
  }
  EXPECT_STREQ(Sha512::impl().name, "openssl");
  if (fast_path_missing_for_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
  EXPECT_STREQ(Sha1::impl().name, "sha-ni");
  EXPECT_STREQ(Sha256::impl().name, "sha-ni");
}

INSTANTIATE_TEST_SUITE_P(Paths, ShaPaths, testing::Values(Path::fast, Path::portable), path_name);

// FIPS 180-4 example "abc", independent of OpenSSL.
TEST(Sha, AbcExample) {
  const std::uint8_t abc[] = {'a', 'b', 'c'};
  ShaHasher<Sha256> hasher(Sha256::portable_impl());
  hasher.update(abc);
  EXPECT_EQ(hasher.finish_state(), (Sha256::State{0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223, 0xb00361a3, 0x96177a9c,
                                                  0xb410ff61, 0xf20015ad}));
}

}  // namespace
}  // namespace pwcheck::primitives

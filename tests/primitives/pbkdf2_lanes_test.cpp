// Differential test: pbkdf2_hmac_sha256_lanes (several PBKDF2-HMAC-SHA256 chains stepped together in
// one thread) is bit-exact with pbkdf2_hmac, the one-hash-at-a-time path, on random passwords (empty
// and longer than a block included), salts, rounds and lane counts, on the SHA-NI and portable paths.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "primitives/pbkdf2.hpp"
#include "primitives/sha.hpp"

namespace pwcheck::primitives {
namespace {

using Output = std::array<std::uint8_t, k_pbkdf2_sha256_size>;

Output single(const std::vector<std::uint8_t>& password, const std::vector<std::uint8_t>& salt, std::uint32_t rounds) {
  Output out{};
  pbkdf2_hmac(HmacDigest::sha256, password, salt, rounds, out);
  return out;
}

class Pbkdf2Lanes : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (!GetParam() && !cpu_has_sha_ni()) GTEST_SKIP() << "CPU lacks SHA-NI";
    set_force_portable_sha(GetParam());
  }
  void TearDown() override { set_force_portable_sha(false); }
};

TEST_P(Pbkdf2Lanes, BitExactWithTheSingleHashPathOnRandomInputs) {
  std::mt19937 rng(20261204);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> password_length(0, 150);
  std::uniform_int_distribution<std::size_t> salt_length(0, 80);
  std::uniform_int_distribution<std::uint32_t> some_rounds(1, 3000);
  int compared = 0;
  for (int round = 0; round < 40; ++round) {
    const std::size_t lanes = 1 + static_cast<std::size_t>(round) % k_pbkdf2_max_lanes;
    const std::uint32_t rounds = round % 8 == 0 ? 1 : round % 8 == 1 ? 2 : some_rounds(rng);
    std::vector<std::vector<std::uint8_t>> passwords(lanes), salts(lanes);
    std::vector<Output> outs(lanes);
    for (std::size_t k = 0; k < lanes; ++k) {
      const std::size_t length = k == 0 && round % 5 == 0 ? 0 : password_length(rng);
      passwords[k].resize(length);
      for (auto& b : passwords[k]) b = static_cast<std::uint8_t>(byte(rng));
      salts[k].resize(salt_length(rng));
      for (auto& b : salts[k]) b = static_cast<std::uint8_t>(byte(rng));
      if (k == 1 && round % 3 == 0) {  // equal inputs in two lanes must still give equal outputs
        passwords[1] = passwords[0];
        salts[1] = salts[0];
      }
    }
    std::vector<Pbkdf2Lane> work;
    for (std::size_t k = 0; k < lanes; ++k) work.push_back({passwords[k], salts[k], outs[k]});
    pbkdf2_hmac_sha256_lanes(work, rounds);
    for (std::size_t k = 0; k < lanes; ++k) {
      EXPECT_EQ(outs[k], single(passwords[k], salts[k], rounds)) << "round " << round << " lane " << k;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 100);  // 10 rounds each of 1, 2, 3 and 4 lanes
}

TEST_P(Pbkdf2Lanes, KnownAnswerInEveryLane) {
  // RFC 7914 §11's PBKDF2-HMAC-SHA256 vector ("passwd", "salt", c = 1), first 32 bytes.
  const std::vector<std::uint8_t> password = {'p', 'a', 's', 's', 'w', 'd'};
  const std::vector<std::uint8_t> salt = {'s', 'a', 'l', 't'};
  const Output expected = {0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91,
                           0xc2, 0x25, 0x44, 0xb6, 0x05, 0xf9, 0x41, 0x85, 0x21, 0x6d, 0xde,
                           0x04, 0x65, 0xe6, 0x8b, 0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc};
  std::array<Output, k_pbkdf2_max_lanes> outs{};
  std::vector<Pbkdf2Lane> work;
  for (auto& out : outs) work.push_back({password, salt, out});
  pbkdf2_hmac_sha256_lanes(work, 1);
  for (const auto& out : outs) EXPECT_EQ(out, expected);
}

TEST_P(Pbkdf2Lanes, RefusesZeroRoundsAndTooManyLanes) {
  Output out{};
  std::vector<std::uint8_t> empty;
  std::vector<Pbkdf2Lane> one = {{empty, empty, out}};
  EXPECT_THROW(pbkdf2_hmac_sha256_lanes(one, 0), std::invalid_argument);
  std::vector<Pbkdf2Lane> too_many(k_pbkdf2_max_lanes + 1, one[0]);
  EXPECT_THROW(pbkdf2_hmac_sha256_lanes(too_many, 1), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Paths, Pbkdf2Lanes, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& p) { return p.param ? "portable" : "sha_ni"; });

}  // namespace
}  // namespace pwcheck::primitives

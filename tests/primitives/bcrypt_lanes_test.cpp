// Differential test: bcrypt_raw_lanes (several EksBlowfish states stepped together in one thread) is
// bit-exact with bcrypt_raw, the one-hash-at-a-time path, on random keys, salts and lane counts.
#include "primitives/bcrypt.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

using pwcheck::primitives::bcrypt_raw;
using pwcheck::primitives::bcrypt_raw_lanes;
using pwcheck::primitives::BcryptLane;
using pwcheck::primitives::k_bcrypt_max_key_size;
using pwcheck::primitives::k_bcrypt_max_lanes;
using pwcheck::primitives::k_bcrypt_output_size;
using pwcheck::primitives::k_bcrypt_salt_size;

using Salt = std::array<std::uint8_t, k_bcrypt_salt_size>;
using Output = std::array<std::uint8_t, k_bcrypt_output_size>;

Output single(const std::vector<std::uint8_t>& key, const Salt& salt, unsigned cost) {
    Output out{};
    bcrypt_raw(key, salt, cost, out);
    return out;
}

TEST(BcryptLanes, BitExactWithTheSingleHashPathOnRandomInputs) {
    std::mt19937 rng(20240607);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> length(1, k_bcrypt_max_key_size);
    int compared = 0;
    for (int round = 0; round < 40; ++round) {
        const std::size_t lanes = 1 + static_cast<std::size_t>(round) % k_bcrypt_max_lanes;
        const unsigned cost = round % 5 == 0 ? 5 : 4;
        std::vector<std::vector<std::uint8_t>> keys(lanes);
        std::vector<Salt> salts(lanes);
        std::vector<Output> outs(lanes);
        std::vector<BcryptLane> work;
        for (std::size_t k = 0; k < lanes; ++k) {
            keys[k].resize(length(rng));
            for (auto& b : keys[k]) b = static_cast<std::uint8_t>(byte(rng));
            for (auto& b : salts[k]) b = static_cast<std::uint8_t>(byte(rng));
            if (k == 1 && round % 3 == 0) {  // equal inputs in two lanes must still give equal outputs
                keys[1] = keys[0];
                salts[1] = salts[0];
            }
        }
        for (std::size_t k = 0; k < lanes; ++k) work.push_back({keys[k], salts[k], outs[k]});
        bcrypt_raw_lanes(work, cost);
        for (std::size_t k = 0; k < lanes; ++k) {
            EXPECT_EQ(outs[k], single(keys[k], salts[k], cost)) << "round " << round << " lane " << k;
            ++compared;
        }
    }
    EXPECT_EQ(compared, 79);  // 14 rounds of 1 lane, 13 of 2, 13 of 3
}

TEST(BcryptLanes, RefusesWhatBcryptRawRefuses) {
    Salt salt{};
    Output out{};
    std::vector<std::uint8_t> key(1, 'a'), empty;
    std::vector<BcryptLane> bad_key{{key, salt, out}, {empty, salt, out}};
    EXPECT_THROW(bcrypt_raw_lanes(bad_key, 4), std::invalid_argument);
    std::vector<BcryptLane> too_many(k_bcrypt_max_lanes + 1, BcryptLane{key, salt, out});
    EXPECT_THROW(bcrypt_raw_lanes(too_many, 4), std::invalid_argument);
    std::vector<BcryptLane> one{{key, salt, out}};
    EXPECT_THROW(bcrypt_raw_lanes(one, 32), std::invalid_argument);
}

}  // namespace

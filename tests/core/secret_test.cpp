#include "core/secret.hpp"

#include <gtest/gtest.h>

#include <utility>

using pwcheck::core::SecretBuffer;

TEST(SecretBuffer, ResizesWithinCapacityAndWipesTheTail) {
    SecretBuffer b(8);
    EXPECT_EQ(b.size(), 0u);
    EXPECT_EQ(b.capacity(), 8u);
    b.resize(8);
    for (std::size_t i = 0; i < 8; ++i) b.data()[i] = 0xAA;
    b.resize(2);
    b.resize(8);
    EXPECT_EQ(b.data()[1], 0xAA);
    EXPECT_EQ(b.data()[2], 0u);  // wiped when the size shrank
}

TEST(SecretBuffer, MovesOwnership) {
    SecretBuffer a(4);
    a.resize(3);
    a.data()[0] = 7;
    SecretBuffer b(std::move(a));
    EXPECT_EQ(b.size(), 3u);
    EXPECT_EQ(b.data()[0], 7);
    EXPECT_EQ(a.data(), nullptr);  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    a = std::move(b);
    EXPECT_EQ(a.size(), 3u);
}

TEST(SecretBuffer, ZeroCapacityStillGivesAValidPointer) {
    SecretBuffer b(0);
    EXPECT_NE(b.data(), nullptr);
    EXPECT_EQ(b.bytes().size(), 0u);
}

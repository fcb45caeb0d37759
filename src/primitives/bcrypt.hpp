#pragma once
// EksBlowfish / bcrypt raw primitive (Provos & Mazieres, "A Future-Adaptable Password Scheme", 1999).
// Formats (ident handling, $2$ emulation, base-64) live in src/schemes/bcrypt.cpp, not here.
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::primitives {

/// Size in bytes of the salt bcrypt takes.
inline constexpr std::size_t k_bcrypt_salt_size = 16;
/// Size in bytes of the raw output (the format keeps the first 23).
inline constexpr std::size_t k_bcrypt_output_size = 24;
/// The most key bytes bcrypt uses (18 P-array words of 4 bytes).
inline constexpr std::size_t k_bcrypt_max_key_size = 72;

/// Computes bcrypt's 24-byte output: EksBlowfishSetup(cost, salt, key) then 64 encryptions of
/// "OrpheanBeholderScryDoubt". `key` is the byte sequence that is cycled to fill the P-array (the
/// caller appends the NUL terminator where the variant wants one); it must hold 1..72 bytes.
/// `cost` is the log2 of the number of expensive rounds, 0..31. Wipes its internal state.
void bcrypt_raw(std::span<const std::uint8_t> key, std::span<const std::uint8_t, k_bcrypt_salt_size> salt,
                unsigned cost, std::span<std::uint8_t, k_bcrypt_output_size> out);

/// The most independent bcrypt computations bcrypt_raw_lanes steps together in one thread.
inline constexpr std::size_t k_bcrypt_max_lanes = 3;

/// One computation for bcrypt_raw_lanes: the key and salt it reads and the 24 bytes it writes.
struct BcryptLane {
    std::span<const std::uint8_t> key;
    std::span<const std::uint8_t, k_bcrypt_salt_size> salt;
    std::span<std::uint8_t, k_bcrypt_output_size> out;
};

/// bcrypt_raw for 1..k_bcrypt_max_lanes independent (key, salt) pairs of one `cost`, with their
/// EksBlowfish states stepped together so the CPU overlaps their dependency chains (more hashes per
/// core than one at a time); bit-exact with bcrypt_raw. Same preconditions; wipes its state.
void bcrypt_raw_lanes(std::span<const BcryptLane> lanes, unsigned cost);

}  // namespace pwcheck::primitives

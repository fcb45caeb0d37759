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

}  // namespace pwcheck::primitives

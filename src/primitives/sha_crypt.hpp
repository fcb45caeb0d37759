#pragma once
// Drepper's SHA-crypt digest (the algorithm of `$5$` / `$6$`, FORMATS.md §4.1 steps 1-5), without the
// text format: password, salt bytes and rounds in, the raw 32- or 64-byte digest C out.
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::primitives {

/// The two members of the family: SHA-256 (`$5$`) and SHA-512 (`$6$`).
enum class ShaCryptDigest { sha256, sha512 };

/// Size in bytes of the digest C of `d` (32 or 64).
std::size_t sha_crypt_digest_size(ShaCryptDigest d);

/// Largest salt the algorithm takes, in bytes (longer salts are an error in passlib, cut by glibc).
inline constexpr std::size_t k_sha_crypt_max_salt = 16;

/// Computes C over `rounds` rounds of `d` (any count; the formats allow 1000..999999999) from `password`
/// (any bytes, any length) and `salt` (at most 16 bytes, taken as they are) into `out` (exactly
/// sha_crypt_digest_size(d) bytes).
/// Throws std::invalid_argument on a longer salt or a wrong output size. Wipes its intermediates.
void sha_crypt_raw(ShaCryptDigest d, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                   std::uint32_t rounds, std::span<std::uint8_t> out);

/// Number of block-function calls `sha_crypt_raw` makes in its rounds loop (step 5) for these sizes;
/// for benchmarks, which time that many raw compressions as the lower bound.
std::uint64_t sha_crypt_round_compressions(ShaCryptDigest d, std::size_t password_size, std::size_t salt_size,
                                           std::uint32_t rounds);

}  // namespace pwcheck::primitives

#pragma once
// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA1, HMAC-SHA256 or HMAC-SHA512.
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::primitives {

/// The hash functions PBKDF2 is offered with.
enum class HmacDigest { sha1, sha256, sha512 };

/// Output size in bytes of the digest `d` (20, 32 or 64).
std::size_t digest_size(HmacDigest d);

/// Derives `out.size()` bytes with PBKDF2-HMAC-`d` from `password` and `salt` over `rounds` (>= 1)
/// iterations. Any password, salt and output length (>= 1) are accepted. Wipes its internal state.
void pbkdf2_hmac(HmacDigest d, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                 std::uint32_t rounds, std::span<std::uint8_t> out);

/// Size in bytes of a PBKDF2-HMAC-SHA256 output block (what pbkdf2_hmac_sha256_lanes derives).
inline constexpr std::size_t k_pbkdf2_sha256_size = 32;

/// The most independent derivations pbkdf2_hmac_sha256_lanes steps together in one thread.
inline constexpr std::size_t k_pbkdf2_max_lanes = 4;

/// One derivation for pbkdf2_hmac_sha256_lanes: the password and salt it reads and the 32 bytes it writes.
struct Pbkdf2Lane {
  std::span<const std::uint8_t> password;
  std::span<const std::uint8_t> salt;
  std::span<std::uint8_t, k_pbkdf2_sha256_size> out;
};

/// pbkdf2_hmac(sha256, ...) with a 32-byte output for 1..k_pbkdf2_max_lanes independent (password, salt)
/// pairs of one `rounds` (>= 1), their HMAC chains stepped together so the CPU overlaps their SHA-256
/// dependency chains (more hashes per core than one at a time); bit-exact with pbkdf2_hmac. Wipes its state.
void pbkdf2_hmac_sha256_lanes(std::span<const Pbkdf2Lane> lanes, std::uint32_t rounds);

}  // namespace pwcheck::primitives

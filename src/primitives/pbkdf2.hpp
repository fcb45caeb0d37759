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

}  // namespace pwcheck::primitives

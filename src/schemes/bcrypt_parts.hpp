#pragma once
// What bcrypt's formats share (FORMATS.md §2): the 22-character salt, the 31-character checksum and
// the $2b$ key rule. Used by bcrypt.cpp and by the schemes that run bcrypt on a pre-hash
// (bcrypt_sha256, Django's bcrypt wrappers).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/secret.hpp"

namespace pwcheck::schemes::bcrypt_parts {

inline constexpr std::size_t k_salt_chars = 22;      ///< 16 bytes + 4 unused bits.
inline constexpr std::size_t k_checksum_chars = 31;  ///< 23 bytes + 2 unused bits.
inline constexpr std::size_t k_checksum_bytes = 23;  ///< The format keeps 23 of bcrypt's 24 output bytes.
inline constexpr unsigned k_min_cost = 4;
inline constexpr unsigned k_max_cost = 31;

using Salt = std::array<std::uint8_t, 16>;
using Checksum = std::array<std::uint8_t, k_checksum_bytes>;

/// Decodes a 22-character salt; non-zero unused bits are repaired (ignored) as passlib does. nullopt
/// when the length is wrong or a character is outside `./A-Za-z0-9`.
std::optional<Salt> decode_salt(std::string_view text);

/// Decodes a 31-character checksum, ignoring its unused bits as passlib does; nullopt as decode_salt.
std::optional<Checksum> decode_checksum(std::string_view text);

/// The canonical 22-character text of `salt` (unused bits zero), as passlib holds it after repair.
std::string encode_salt(const Salt& salt);

/// The canonical 31-character text of `checksum`.
std::string encode_checksum(std::span<const std::uint8_t> checksum);

/// The 23 checksum bytes of `password` under $2a$/$2b$/$2y$ rules at `cost` (4..31): the first 72 bytes,
/// NUL-terminated when shorter. password_refused when it holds a NUL (FORMATS.md §0.1).
core::Result<core::SecretBuffer> checksum_2b(std::span<const std::uint8_t> password, unsigned cost, const Salt& salt);

/// The 23 checksum bytes of passlib's $2$ emulation: a non-empty password repeated to exactly 72 bytes.
core::Result<core::SecretBuffer> checksum_2(std::span<const std::uint8_t> password, unsigned cost, const Salt& salt);

/// "bcrypt cost NN exceeds the limit of M" when `cost` is over limits.max_bcrypt_cost (exit 5), else nullopt.
std::optional<core::Error> check_cost_limit(unsigned cost, const core::Limits& limits);

}  // namespace pwcheck::schemes::bcrypt_parts

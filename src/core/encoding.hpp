#pragma once
// Base-64 variants of FORMATS.md §0.5 and text helpers for messages.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"

namespace pwcheck::core {

/// A big-endian (RFC 4648 bit order) base-64 codec over a 64-character alphabet, unpadded.
class Base64Codec {
public:
    /// `alphabet` maps values 0..63 to characters; `alt62`, when not 0, also decodes to value 62.
    Base64Codec(std::string_view alphabet, char alt62);
    /// Encodes `bytes` without padding; unused low bits of the last character are zero.
    std::string encode(std::span<const std::uint8_t> bytes) const;
    /// Encodes `bytes` into `out`, which holds exactly base64_encoded_size(bytes.size()) characters.
    void encode_into(std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out) const;
    /// Decodes unpadded text. Fails (nullopt) on a character outside the alphabet (so also on `=`)
    /// or a length ≡ 1 (mod 4). Unused low bits of the last character are ignored, as passlib does.
    std::optional<std::vector<std::uint8_t>> decode(std::string_view text) const;
    /// True when `c` decodes to a value.
    bool is_valid(char c) const { return m_decode[static_cast<unsigned char>(c)] >= 0; }
    /// The value 0..63 of a valid character.
    int value(char c) const { return m_decode[static_cast<unsigned char>(c)]; }
    /// The character for value 0..63.
    char symbol(int v) const { return m_alphabet[static_cast<std::size_t>(v)]; }

private:
    std::string_view m_alphabet;
    std::array<signed char, 256> m_decode{};
};

/// passlib's "adapted base64" for pbkdf2 (std alphabet with `.` for 62; `+` accepted on decode).
const Base64Codec& ab64();
/// bcrypt's base-64: alphabet `./A-Za-z0-9`, RFC 4648 bit order.
const Base64Codec& bcrypt64();
/// Standard base-64 (`A-Za-z0-9+/`), unpadded: scrypt's `$scrypt$`, argon2, LDAP.
const Base64Codec& std_b64();

/// crypt's "hash64" (FORMATS.md §0.5): alphabet `./0-9A-Za-z`, little-endian: bytes taken 3 at a time
/// as b0 | b1<<8 | b2<<16 and written 6 bits at a time from the least significant end.
class Hash64Codec {
public:
    Hash64Codec();
    /// Encodes `bytes`; a final 1 byte gives 2 characters, 2 bytes give 3.
    std::string encode(std::span<const std::uint8_t> bytes) const;
    /// Encodes `bytes` into `out`, which holds exactly base64_encoded_size(bytes.size()) characters.
    void encode_into(std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out) const;
    /// Decodes text of length not ≡ 1 (mod 4); unused high bits of the last character are ignored.
    std::optional<std::vector<std::uint8_t>> decode(std::string_view text) const;
    /// An integer of up to 10 characters, the first holding the lowest 6 bits ($7$'s N, r and p).
    std::optional<std::uint64_t> decode_uint(std::string_view text) const;
    /// The value 0..63 of `c`, or -1.
    int value(char c) const { return m_decode[static_cast<unsigned char>(c)]; }
    /// The character for value 0..63.
    char symbol(unsigned v) const { return k_alphabet[v & 63]; }

private:
    static constexpr std::string_view k_alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::array<signed char, 256> m_decode{};
};

/// The hash64 codec.
const Hash64Codec& hash64();

/// Number of characters of unpadded base-64 (either bit order) for `bytes` bytes.
constexpr std::size_t base64_encoded_size(std::size_t bytes) { return (bytes * 4 + 2) / 3; }

/// `bytes` encoded by `codec` (a Base64Codec or the Hash64Codec), `=`-padded to a multiple of 4 when
/// `pad`, straight into a secret buffer: the text of a derived checksum, never in a std::string.
template <class Codec>
SecretBuffer encode_secret(const Codec& codec, std::span<const std::uint8_t> bytes, bool pad = false) {
    const std::size_t n = base64_encoded_size(bytes.size());
    const std::size_t total = pad ? (n + 3) / 4 * 4 : n;
    SecretBuffer out(total);
    out.resize(total);
    codec.encode_into(bytes, out.bytes().first(n));
    for (std::size_t i = n; i < total; ++i) out.data()[i] = '=';
    return out;
}

/// Lowercase hex of `bytes` in a secret buffer (a derived checksum, or a password's pre-hash).
SecretBuffer hex_secret(std::span<const std::uint8_t> bytes);

/// Number of bytes in `chars` characters of unpadded base-64 (chars mod 4 != 1).
constexpr std::size_t base64_decoded_size(std::size_t chars) { return chars / 4 * 3 + (chars % 4 == 0 ? 0 : chars % 4 - 1); }

/// The bytes of `text` (hash strings and checksum texts compared as bytes).
inline std::span<const std::uint8_t> as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

/// True when every byte of `text` is ASCII (below 0x80): passlib decodes hashes as ASCII first (FORMATS.md §0.2).
bool is_ascii(std::string_view text);

/// The fields of `text` between the `separator`s ("a$$b" gives "a", "", "b"; "" gives one empty field).
std::vector<std::string_view> split(std::string_view text, char separator);

/// `text` quoted for a one-line message: printable ASCII as is, anything else as \xNN, cut after
/// `max_chars` characters with "..." appended.
std::string quote_for_message(std::string_view text, std::size_t max_chars = 64);

}  // namespace pwcheck::core

#pragma once
// BLAKE2b (RFC 7693), unkeyed, with any digest length 1..64: Argon2 (RFC 9106 §3.2, §3.3) needs
// lengths below 16, which libsodium's crypto_generichash refuses.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::primitives {

/// Incremental unkeyed BLAKE2b with a digest length fixed at construction. Wipes its state when destroyed.
class Blake2b {
public:
    /// Largest digest length in bytes.
    static constexpr std::size_t k_max_digest = 64;
    /// Starts a hash with a digest of `digest_size` bytes (1..64; other values abort).
    explicit Blake2b(std::size_t digest_size);
    Blake2b(const Blake2b&) = delete;
    Blake2b& operator=(const Blake2b&) = delete;
    ~Blake2b();
    /// Absorbs `data`.
    void update(std::span<const std::uint8_t> data);
    /// Absorbs a 32-bit value in little-endian order (Argon2's LE32).
    void update_le32(std::uint32_t v);
    /// Writes the digest into `out` (exactly digest_size bytes); the object must not be used afterwards.
    void final(std::span<std::uint8_t> out);

private:
    void compress(const std::uint8_t* block, bool last);
    std::array<std::uint64_t, 8> m_h{};
    std::array<std::uint8_t, 128> m_buf{};
    std::size_t m_buf_len = 0;
    std::uint64_t m_counter = 0;  // bytes compressed so far (inputs here stay far below 2^64)
    std::size_t m_digest_size;
};

}  // namespace pwcheck::primitives

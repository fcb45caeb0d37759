#pragma once
// A self-wiping buffer for passwords and derived keys (STYLE rule 6).
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::core {

/// Fixed-capacity byte buffer in guarded, locked memory (libsodium `sodium_malloc`, which also
/// `mlock`s where the system allows) that is wiped when freed. Move-only; never copied into a string.
/// Each thread keeps up to 32 freed (wiped, still locked) allocations for reuse at the same capacity.
class SecretBuffer {
public:
    /// Allocates `capacity` bytes (at least 1); size() starts at 0. Throws std::bad_alloc on failure.
    explicit SecretBuffer(std::size_t capacity);
    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;
    ~SecretBuffer();

    /// Pointer to the first byte.
    std::uint8_t* data() { return m_data; }
    const std::uint8_t* data() const { return m_data; }
    /// Number of bytes in use.
    std::size_t size() const { return m_size; }
    /// Number of bytes allocated.
    std::size_t capacity() const { return m_capacity; }
    /// Sets the number of bytes in use; `n` must not exceed capacity(). Bytes past `n` are wiped.
    void resize(std::size_t n);
    /// The bytes in use.
    std::span<std::uint8_t> bytes() { return {m_data, m_size}; }
    std::span<const std::uint8_t> bytes() const { return {m_data, m_size}; }

private:
    void release() noexcept;
    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

/// Wipes `bytes` in a way the compiler cannot optimise away.
void secure_wipe(std::span<std::uint8_t> bytes);

/// Initialises libsodium once; safe to call from any thread, any number of times.
void ensure_sodium_initialized();

}  // namespace pwcheck::core

#include "core/secret.hpp"

#include <sodium.h>

#include <cstdlib>
#include <new>
#include <utility>

namespace pwcheck::core {

void ensure_sodium_initialized() {
    // sodium_init() is thread-safe and idempotent; a negative result means libsodium is unusable.
    static const bool k_ok = sodium_init() >= 0;
    if (!k_ok) std::abort();
}

void secure_wipe(std::span<std::uint8_t> bytes) {
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

SecretBuffer::SecretBuffer(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {
    ensure_sodium_initialized();
    m_data = static_cast<std::uint8_t*>(sodium_malloc(m_capacity));
    if (m_data == nullptr) throw std::bad_alloc();
    sodium_memzero(m_data, m_capacity);
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)),
      m_capacity(std::exchange(other.m_capacity, 0)) {}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
    }
    return *this;
}

SecretBuffer::~SecretBuffer() { release(); }

void SecretBuffer::release() noexcept {
    // sodium_free wipes the whole allocation before unmapping it.
    if (m_data != nullptr) sodium_free(m_data);
    m_data = nullptr;
    m_size = m_capacity = 0;
}

void SecretBuffer::resize(std::size_t n) {
    if (n > m_capacity) std::abort();  // a programming error, never input-driven
    if (n < m_size) sodium_memzero(m_data + n, m_size - n);
    m_size = n;
}

}  // namespace pwcheck::core

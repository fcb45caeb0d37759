#include "core/secret.hpp"

#include <sodium.h>

#include <array>
#include <cstdlib>
#include <new>
#include <utility>

namespace pwcheck::core {
namespace {

// sodium_malloc maps fresh pages with guard pages and mlocks them: several system calls, tens of
// microseconds, more than a cheap hash costs (`pwcheck batch` makes millions). Each thread keeps a
// few freed allocations, already wiped, for reuse at the same capacity: the guard pages, the lock
// and the wipe on release all stay; only the unmapping is deferred.
constexpr std::size_t k_cached_blocks = 32;

thread_local bool t_cache_gone = false;

struct FreeBlocks {
    struct Block {
        std::uint8_t* data = nullptr;
        std::size_t capacity = 0;
    };
    std::array<Block, k_cached_blocks> blocks{};
    std::size_t next_evict = 0;

    ~FreeBlocks() {
        for (auto& b : blocks) {
            if (b.data != nullptr) sodium_free(b.data);
        }
        t_cache_gone = true;
    }

    std::uint8_t* take(std::size_t capacity) {
        for (auto& b : blocks) {
            if (b.data != nullptr && b.capacity == capacity) return std::exchange(b.data, nullptr);
        }
        return nullptr;
    }

    /// Keeps `data` (already wiped) for reuse, unmapping the block it replaces, if any.
    void put(std::uint8_t* data, std::size_t capacity) {
        for (auto& b : blocks) {
            if (b.data == nullptr) {
                b = {data, capacity};
                return;
            }
        }
        Block& victim = blocks[next_evict];
        next_evict = (next_evict + 1) % k_cached_blocks;
        sodium_free(victim.data);
        victim = {data, capacity};
    }
};

thread_local FreeBlocks t_cache;

}  // namespace

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
    if (!t_cache_gone) m_data = t_cache.take(m_capacity);  // wiped when it was released
    if (m_data != nullptr) return;
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
    // The whole allocation is wiped whether it is cached for reuse or unmapped (sodium_free wipes too).
    if (m_data != nullptr) {
        if (t_cache_gone) {
            sodium_free(m_data);
        } else {
            sodium_memzero(m_data, m_capacity);
            t_cache.put(m_data, m_capacity);
        }
    }
    m_data = nullptr;
    m_size = m_capacity = 0;
}

void SecretBuffer::resize(std::size_t n) {
    if (n > m_capacity) std::abort();  // a programming error, never input-driven
    if (n < m_size) sodium_memzero(m_data + n, m_size - n);
    m_size = n;
}

}  // namespace pwcheck::core

#include "primitives/blake2b.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

#include "core/secret.hpp"

namespace pwcheck::primitives {
namespace {

// RFC 7693 §2.6: the SHA-512 initial values.
constexpr std::array<std::uint64_t, 8> k_iv = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                               0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                               0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};

// RFC 7693 §2.7: message word permutations, rounds 0..9 (rounds 10 and 11 repeat 0 and 1).
constexpr std::uint8_t k_sigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

inline std::uint64_t load_le64(const std::uint8_t* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
}

inline void mix(std::uint64_t* v, int a, int b, int c, int d, std::uint64_t x, std::uint64_t y) {
    v[a] = v[a] + v[b] + x;
    v[d] = std::rotr(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = std::rotr(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = std::rotr(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = std::rotr(v[b] ^ v[c], 63);
}

}  // namespace

Blake2b::Blake2b(std::size_t digest_size) : m_digest_size(digest_size) {
    if (digest_size == 0 || digest_size > k_max_digest) std::abort();  // a programming error
    m_h = k_iv;
    // Parameter block word 0: digest length, key length 0, fanout 1, depth 1 (RFC 7693 §2.5).
    m_h[0] ^= 0x01010000u ^ static_cast<std::uint64_t>(digest_size);
}

Blake2b::~Blake2b() {
    core::secure_wipe({reinterpret_cast<std::uint8_t*>(m_h.data()), sizeof m_h});
    core::secure_wipe(m_buf);
}

void Blake2b::compress(const std::uint8_t* block, bool last) {
    std::uint64_t m[16];
    std::uint64_t v[16];
    for (int i = 0; i < 16; ++i) m[i] = load_le64(block + 8 * i);
    for (int i = 0; i < 8; ++i) {
        v[i] = m_h[i];
        v[i + 8] = k_iv[i];
    }
    v[12] ^= m_counter;  // the high word of the 128-bit counter stays 0
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; ++r) {
        const std::uint8_t* s = k_sigma[r % 10];
        mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; ++i) m_h[i] ^= v[i] ^ v[i + 8];
    core::secure_wipe({reinterpret_cast<std::uint8_t*>(m), sizeof m});
    core::secure_wipe({reinterpret_cast<std::uint8_t*>(v), sizeof v});
}

void Blake2b::update(std::span<const std::uint8_t> data) {
    // The last block must be compressed with the final flag, so a full buffer waits for more input.
    while (!data.empty()) {
        if (m_buf_len == m_buf.size()) {
            m_counter += m_buf.size();
            compress(m_buf.data(), false);
            m_buf_len = 0;
        }
        const std::size_t n = std::min(data.size(), m_buf.size() - m_buf_len);
        std::memcpy(m_buf.data() + m_buf_len, data.data(), n);
        m_buf_len += n;
        data = data.subspan(n);
    }
}

void Blake2b::update_le32(std::uint32_t v) {
    const std::uint8_t b[4] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                               static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)};
    update(b);
}

void Blake2b::final(std::span<std::uint8_t> out) {
    if (out.size() != m_digest_size) std::abort();
    m_counter += m_buf_len;
    std::memset(m_buf.data() + m_buf_len, 0, m_buf.size() - m_buf_len);
    compress(m_buf.data(), true);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(m_h[i / 8] >> (8 * (i % 8)));
}

}  // namespace pwcheck::primitives

// EksBlowfish / bcrypt raw primitive, written from the published descriptions:
// Schneier, "Description of a New Variable-Length Key, 64-Bit Block Cipher (Blowfish)", 1993, and
// Provos & Mazieres, "A Future-Adaptable Password Scheme", USENIX 1999. Byte order and the
// salt-cycling details follow OpenBSD's bcrypt ($2b$): big-endian words, unsigned key bytes.
#include "primitives/bcrypt.hpp"

#include <openssl/crypto.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace pwcheck::primitives {
namespace {

#include "primitives/blowfish_pi.inc"

constexpr std::size_t k_p_words = 18;
constexpr std::size_t k_s_words = 256;
constexpr std::size_t k_salt_words = k_bcrypt_salt_size / 4;
constexpr unsigned k_max_cost = 31;
// "OrpheanBeholderScryDoubt" as six big-endian words; bcrypt's fixed plaintext.
constexpr std::uint32_t k_magic_words[6] = {0x4f727068U, 0x65616e42U, 0x65686f6cU,
                                            0x64657253U, 0x63727944U, 0x6f756274U};
constexpr unsigned k_magic_encryptions = 64;

// The whole keyed Blowfish state. Kept in one struct on the stack so it can be wiped in one call.
// S-boxes first so that all four are addressed from one base register in the round function.
struct BlowfishState {
    std::uint32_t s[4][k_s_words];
    std::uint32_t p[k_p_words];
};

[[gnu::always_inline]] inline std::uint32_t feistel(const BlowfishState& st, std::uint32_t x) {
    return ((st.s[0][x >> 24] + st.s[1][(x >> 16) & 0xffU]) ^ st.s[2][(x >> 8) & 0xffU]) +
           st.s[3][x & 0xffU];
}

// One Feistel round: `a` takes F of the other half and the round's subkey.
[[gnu::always_inline]] inline void feistel_round(const BlowfishState& st, std::uint32_t& a, std::uint32_t b,
                                                 std::size_t i) {
    a ^= feistel(st, b) ^ st.p[i];
}

// Blowfish block encryption in place on (l, r), 16 rounds unrolled.
[[gnu::always_inline]] inline void encrypt(const BlowfishState& st, std::uint32_t& l, std::uint32_t& r) {
    std::uint32_t xl = l ^ st.p[0];
    std::uint32_t xr = r;
    feistel_round(st, xr, xl, 1);
    feistel_round(st, xl, xr, 2);
    feistel_round(st, xr, xl, 3);
    feistel_round(st, xl, xr, 4);
    feistel_round(st, xr, xl, 5);
    feistel_round(st, xl, xr, 6);
    feistel_round(st, xr, xl, 7);
    feistel_round(st, xl, xr, 8);
    feistel_round(st, xr, xl, 9);
    feistel_round(st, xl, xr, 10);
    feistel_round(st, xr, xl, 11);
    feistel_round(st, xl, xr, 12);
    feistel_round(st, xr, xl, 13);
    feistel_round(st, xl, xr, 14);
    feistel_round(st, xr, xl, 15);
    feistel_round(st, xl, xr, 16);
    l = xr ^ st.p[17];
    r = xl;
}

// Re-keys the whole state by chaining encryptions of an all-zero block through P then S
// ("ExpandKey(state, 0, key)" after the P-array was XORed with the key). No salt is mixed in.
[[gnu::always_inline]] inline void rekey_chain(BlowfishState& st) {
    std::uint32_t l = 0;
    std::uint32_t r = 0;
    for (std::size_t i = 0; i < k_p_words; i += 2) {
        encrypt(st, l, r);
        st.p[i] = l;
        st.p[i + 1] = r;
    }
    std::uint32_t* s = &st.s[0][0];
    std::uint32_t* const end = s + 4 * k_s_words;
    for (; s != end; s += 2) {
        encrypt(st, l, r);
        s[0] = l;
        s[1] = r;
    }
}

[[gnu::always_inline]] inline void xor_p(BlowfishState& st, const std::uint32_t (&words)[k_p_words]) {
    for (std::size_t i = 0; i < k_p_words; ++i) {
        st.p[i] ^= words[i];
    }
}

// The salted key schedule of the setup: like rekey_chain, but each block is XORed with the next
// two salt words (cycling through all four) before being encrypted.
void rekey_chain_salted(BlowfishState& st, const std::uint32_t (&salt)[k_salt_words]) {
    std::uint32_t l = 0;
    std::uint32_t r = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < k_p_words; i += 2) {
        l ^= salt[j];
        r ^= salt[j + 1];
        j ^= 2;
        encrypt(st, l, r);
        st.p[i] = l;
        st.p[i + 1] = r;
    }
    std::uint32_t* s = &st.s[0][0];
    std::uint32_t* const end = s + 4 * k_s_words;
    for (; s != end; s += 2) {
        l ^= salt[j];
        r ^= salt[j + 1];
        j ^= 2;
        encrypt(st, l, r);
        s[0] = l;
        s[1] = r;
    }
}

// Reads 4 bytes big-endian from a cyclic byte sequence; the cursor wraps at `data.size()`.
std::uint32_t next_word_cyclic(std::span<const std::uint8_t> data, std::size_t& pos) {
    std::uint32_t w = 0;
    for (int k = 0; k < 4; ++k) {
        // Unsigned bytes: the $2a$ sign-extension bug of crypt_blowfish is not reproduced here.
        w = (w << 8) | data[pos];
        pos = pos + 1 == data.size() ? 0 : pos + 1;
    }
    return w;
}

// The 2^cost expensive loop, kept out of line so the hot code is compiled as one tight unit.
[[gnu::noinline]] void expensive_loop(BlowfishState& st, const std::uint32_t (&key)[k_p_words],
                                      const std::uint32_t (&salt_cycled)[k_p_words], std::uint64_t rounds) {
    for (std::uint64_t n = 0; n < rounds; ++n) {
        xor_p(st, key);
        rekey_chain(st);
        xor_p(st, salt_cycled);
        rekey_chain(st);
    }
}

// Interleaved lanes: N states side by side in one array, so one base register addresses all of them
// and each lane's S-box loads are independent of the others' (the CPU runs N chains at once).
template <std::size_t N>
[[gnu::always_inline]] inline void encrypt_lanes(const BlowfishState (&st)[N], std::uint32_t (&l)[N],
                                                 std::uint32_t (&r)[N]) {
    std::uint32_t xl[N];
    std::uint32_t xr[N];
    for (std::size_t k = 0; k < N; ++k) {
        xl[k] = l[k] ^ st[k].p[0];
        xr[k] = r[k];
    }
#pragma GCC unroll 16
    for (std::size_t i = 1; i <= 16; i += 2) {
        for (std::size_t k = 0; k < N; ++k) feistel_round(st[k], xr[k], xl[k], i);
        for (std::size_t k = 0; k < N; ++k) feistel_round(st[k], xl[k], xr[k], i + 1);
    }
    for (std::size_t k = 0; k < N; ++k) {
        l[k] = xr[k] ^ st[k].p[17];
        r[k] = xl[k];
    }
}

// rekey_chain for N states at once.
template <std::size_t N>
[[gnu::always_inline]] inline void rekey_chain_lanes(BlowfishState (&st)[N]) {
    std::uint32_t l[N] = {};
    std::uint32_t r[N] = {};
    for (std::size_t i = 0; i < k_p_words; i += 2) {
        encrypt_lanes(st, l, r);
        for (std::size_t k = 0; k < N; ++k) {
            st[k].p[i] = l[k];
            st[k].p[i + 1] = r[k];
        }
    }
    for (std::size_t i = 0; i < 4 * k_s_words; i += 2) {
        encrypt_lanes(st, l, r);
        for (std::size_t k = 0; k < N; ++k) {
            std::uint32_t* s = &st[k].s[0][0];
            s[i] = l[k];
            s[i + 1] = r[k];
        }
    }
}

// expensive_loop for N states of one cost.
template <std::size_t N>
[[gnu::noinline]] void expensive_loop_lanes(BlowfishState (&st)[N], const std::uint32_t (&key)[N][k_p_words],
                                            const std::uint32_t (&salt_cycled)[N][k_p_words], std::uint64_t rounds) {
    for (std::uint64_t n = 0; n < rounds; ++n) {
        for (std::size_t k = 0; k < N; ++k) xor_p(st[k], key[k]);
        rekey_chain_lanes(st);
        for (std::size_t k = 0; k < N; ++k) xor_p(st[k], salt_cycled[k]);
        rekey_chain_lanes(st);
    }
}

// The key, salt and starting state of one lane (EksBlowfishSetup before the expensive loop).
void setup_lane(std::span<const std::uint8_t> key, std::span<const std::uint8_t, k_bcrypt_salt_size> salt,
                BlowfishState& st, std::uint32_t (&key_words)[k_p_words], std::uint32_t (&salt_cycled)[k_p_words]) {
    std::uint32_t salt_words[k_salt_words];
    std::size_t pos = 0;
    for (auto& kw : key_words) kw = next_word_cyclic(key, pos);
    pos = 0;
    for (auto& sw : salt_words) sw = next_word_cyclic(salt, pos);
    for (std::size_t i = 0; i < k_p_words; ++i) salt_cycled[i] = salt_words[i % k_salt_words];
    for (std::size_t b = 0; b < 4; ++b) {
        for (std::size_t i = 0; i < k_s_words; ++i) st.s[b][i] = k_pi_s[b][i];
    }
    for (std::size_t i = 0; i < k_p_words; ++i) st.p[i] = k_pi_p[i] ^ key_words[i];
    rekey_chain_salted(st, salt_words);
}

// The 64 encryptions of the magic text and the big-endian output of one lane.
void finish_lane(const BlowfishState& st, std::span<std::uint8_t, k_bcrypt_output_size> out) {
    std::uint32_t data[6];
    for (std::size_t i = 0; i < 6; ++i) data[i] = k_magic_words[i];
    for (unsigned n = 0; n < k_magic_encryptions; ++n) {
        for (std::size_t i = 0; i < 6; i += 2) encrypt(st, data[i], data[i + 1]);
    }
    for (std::size_t i = 0; i < 6; ++i) {
        out[4 * i] = static_cast<std::uint8_t>(data[i] >> 24);
        out[4 * i + 1] = static_cast<std::uint8_t>(data[i] >> 16);
        out[4 * i + 2] = static_cast<std::uint8_t>(data[i] >> 8);
        out[4 * i + 3] = static_cast<std::uint8_t>(data[i]);
    }
    OPENSSL_cleanse(data, sizeof data);
}

template <std::size_t N>
void run_lanes(std::span<const BcryptLane> lanes, unsigned cost) {
    struct Work {
        BlowfishState st[N];
        std::uint32_t key_words[N][k_p_words];
        std::uint32_t salt_cycled[N][k_p_words];
    };
    // On the heap (N x 4 KiB): the work is password-equivalent and wiped below whatever N is.
    auto w = std::make_unique<Work>();
    for (std::size_t k = 0; k < N; ++k) setup_lane(lanes[k].key, lanes[k].salt, w->st[k], w->key_words[k], w->salt_cycled[k]);
    expensive_loop_lanes<N>(w->st, w->key_words, w->salt_cycled, std::uint64_t{1} << cost);
    for (std::size_t k = 0; k < N; ++k) finish_lane(w->st[k], lanes[k].out);
    OPENSSL_cleanse(w.get(), sizeof(Work));
}

}  // namespace

void bcrypt_raw_lanes(std::span<const BcryptLane> lanes, unsigned cost) {
    if (lanes.empty() || lanes.size() > k_bcrypt_max_lanes) {
        throw std::invalid_argument("bcrypt_raw_lanes: 1..3 lanes");
    }
    for (const auto& lane : lanes) {
        if (lane.key.empty() || lane.key.size() > k_bcrypt_max_key_size) {
            throw std::invalid_argument("bcrypt_raw_lanes: key must hold 1..72 bytes");
        }
    }
    if (cost > k_max_cost) {
        throw std::invalid_argument("bcrypt_raw_lanes: cost must be 0..31");
    }
    switch (lanes.size()) {
        case 1: run_lanes<1>(lanes, cost); break;
        case 2: run_lanes<2>(lanes, cost); break;
        default: run_lanes<3>(lanes, cost); break;
    }
}

void bcrypt_raw(std::span<const std::uint8_t> key, std::span<const std::uint8_t, k_bcrypt_salt_size> salt,
                unsigned cost, std::span<std::uint8_t, k_bcrypt_output_size> out) {
    // Refuse rather than silently truncate: a key over 72 bytes here means a caller bug that would
    // make distinct passwords collide, and an empty key would divide the cycle by zero.
    if (key.empty() || key.size() > k_bcrypt_max_key_size) {
        throw std::invalid_argument("bcrypt_raw: key must hold 1..72 bytes");
    }
    if (cost > k_max_cost) {
        throw std::invalid_argument("bcrypt_raw: cost must be 0..31");
    }

    struct Work {
        BlowfishState st;
        std::uint32_t key_words[k_p_words];
        std::uint32_t salt_words[k_salt_words];
        std::uint32_t salt_cycled[k_p_words];
        std::uint32_t data[6];
    } w;

    std::size_t pos = 0;
    for (auto& kw : w.key_words) {
        kw = next_word_cyclic(key, pos);
    }
    pos = 0;
    for (auto& sw : w.salt_words) {
        sw = next_word_cyclic(salt, pos);
    }
    for (std::size_t i = 0; i < k_p_words; ++i) {
        w.salt_cycled[i] = w.salt_words[i % k_salt_words];
    }

    // EksBlowfishSetup: start from pi, mix in key and salt, then 2^cost rounds of plain re-keying
    // alternately with the key and the salt.
    for (std::size_t b = 0; b < 4; ++b) {
        for (std::size_t i = 0; i < k_s_words; ++i) {
            w.st.s[b][i] = k_pi_s[b][i];
        }
    }
    for (std::size_t i = 0; i < k_p_words; ++i) {
        w.st.p[i] = k_pi_p[i] ^ w.key_words[i];
    }
    rekey_chain_salted(w.st, w.salt_words);
    expensive_loop(w.st, w.key_words, w.salt_cycled, std::uint64_t{1} << cost);

    // Encrypt the magic text 64 times in ECB mode, then serialise big-endian.
    for (std::size_t i = 0; i < 6; ++i) {
        w.data[i] = k_magic_words[i];
    }
    for (unsigned n = 0; n < k_magic_encryptions; ++n) {
        for (std::size_t i = 0; i < 6; i += 2) {
            encrypt(w.st, w.data[i], w.data[i + 1]);
        }
    }
    for (std::size_t i = 0; i < 6; ++i) {
        out[4 * i] = static_cast<std::uint8_t>(w.data[i] >> 24);
        out[4 * i + 1] = static_cast<std::uint8_t>(w.data[i] >> 16);
        out[4 * i + 2] = static_cast<std::uint8_t>(w.data[i] >> 8);
        out[4 * i + 3] = static_cast<std::uint8_t>(w.data[i]);
    }

    // The final state and the key words are password-equivalent: wipe them with a call the
    // optimiser may not elide.
    OPENSSL_cleanse(&w, sizeof w);
}

}  // namespace pwcheck::primitives

// SHA-256 (FIPS 180-4 §6.2): a portable block function and one on the SHA-NI instructions, with the
// PBKDF2 loop on each.
#include <bit>
#include <stdexcept>
#include <string>

#include "primitives/sha.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PWCHECK_HAVE_SHA_NI 1
// Only these functions may use SHA-NI and SSE4.1; the rest of the build stays generic x86-64.
#define PWCHECK_SHA_NI_TARGET __attribute__((target("sha,sse4.1")))
#endif

namespace pwcheck::primitives {

namespace {

using Word = Sha256::Word;
using State = Sha256::State;

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2).
alignas(16) constexpr std::array<Word, 64> k_round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// The fixed tail of a block holding one digest as the whole rest of an HMAC message: the 0x80 marker
// word at index 8, zeros, and the bit length (key block + digest) in the last word.
constexpr Word k_digest_block_marker = 0x80000000;
constexpr Word k_digest_block_bits = (Sha256::k_block_size + Sha256::k_digest_size) * 8;

// ---------------------------------------------------------------------------------------------
// Portable implementation.

inline Word big_sigma0(Word x) { return std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22); }
inline Word big_sigma1(Word x) { return std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25); }
inline Word small_sigma0(Word x) { return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3); }
inline Word small_sigma1(Word x) { return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10); }
inline Word choose(Word x, Word y, Word z) { return z ^ (x & (y ^ z)); }
inline Word majority(Word x, Word y, Word z) { return (x & y) | (z & (x | y)); }

// One round with the working variables passed in rotated order, so eight calls make a full rotation
// without moving values between registers: only d and h change.
[[gnu::always_inline]] inline void round(Word a, Word b, Word c, Word& d, Word e, Word f, Word g, Word& h, Word kw) {
  const Word t1 = h + big_sigma1(e) + choose(e, f, g) + kw;
  d += t1;
  h = t1 + big_sigma0(a) + majority(a, b, c);
}

// Compresses one block given as its 16 message words (already big-endian decoded).
[[gnu::always_inline]] inline void compress_words(State& state, const Word* message) {
  Word w[64];
  for (int t = 0; t < 16; ++t) w[t] = message[t];
  for (int t = 16; t < 64; ++t) w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
  Word a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; t += 8) {
    round(a, b, c, d, e, f, g, h, k_round_constants[t + 0] + w[t + 0]);
    round(h, a, b, c, d, e, f, g, k_round_constants[t + 1] + w[t + 1]);
    round(g, h, a, b, c, d, e, f, k_round_constants[t + 2] + w[t + 2]);
    round(f, g, h, a, b, c, d, e, k_round_constants[t + 3] + w[t + 3]);
    round(e, f, g, h, a, b, c, d, k_round_constants[t + 4] + w[t + 4]);
    round(d, e, f, g, h, a, b, c, k_round_constants[t + 5] + w[t + 5]);
    round(c, d, e, f, g, h, a, b, k_round_constants[t + 6] + w[t + 6]);
    round(b, c, d, e, f, g, h, a, k_round_constants[t + 7] + w[t + 7]);
  }
  state[0] += a, state[1] += b, state[2] += c, state[3] += d;
  state[4] += e, state[5] += f, state[6] += g, state[7] += h;
}

void compress_portable(State& state, const std::uint8_t* blocks, std::size_t count) {
  Word message[16];
  for (; count > 0; --count, blocks += Sha256::k_block_size) {
    for (int t = 0; t < 16; ++t) message[t] = load_be<Word>(blocks + 4 * t);
    compress_words(state, message);
  }
}

void hmac_chain_portable(const State& inner, const State& outer, State& u, State& acc, std::uint32_t count) {
  // The U block is prepared once; each iteration only rewrites its first eight words, from the
  // state words directly, with no byte conversion in between.
  Word block[16] = {};
  block[8] = k_digest_block_marker;
  block[15] = k_digest_block_bits;
  for (int i = 0; i < 8; ++i) block[i] = u[i];
  State state;
  for (; count > 0; --count) {
    state = inner;
    compress_words(state, block);
    for (int i = 0; i < 8; ++i) block[i] = state[i];
    state = outer;
    compress_words(state, block);
    for (int i = 0; i < 8; ++i) block[i] = state[i], acc[i] ^= state[i];
  }
  for (int i = 0; i < 8; ++i) u[i] = block[i];
  // Intermediate U values are as secret as the derived key.
  OPENSSL_cleanse(block, sizeof(block));
  OPENSSL_cleanse(state.data(), sizeof(state));
}

constexpr ShaImpl<Sha256> k_portable = {compress_portable, hmac_chain_portable, "portable"};

// ---------------------------------------------------------------------------------------------
// SHA-NI implementation (Intel SHA extensions). SHA256RNDS2 keeps the eight working variables in two
// registers, "ABEF" (A in the top lane, F in the bottom) and "CDGH", and runs two rounds from the
// low two lanes of a W+K register. Message registers hold W[4g..4g+3] with W[4g] in the bottom lane,
// the same order as the state words H0..H7 in memory, which lets U go from output to input in a
// couple of shuffles.

#if PWCHECK_HAVE_SHA_NI

// State words {H0..H3}, {H4..H7} (bottom lane first) to ABEF, CDGH.
[[gnu::always_inline]] PWCHECK_SHA_NI_TARGET inline void words_to_abef_cdgh(__m128i abcd, __m128i efgh, __m128i& abef,
                                                                            __m128i& cdgh) {
  const __m128i badc = _mm_shuffle_epi32(abcd, 0xb1);  // lanes B, A, D, C
  const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);  // lanes H, G, F, E
  abef = _mm_alignr_epi8(badc, hgfe, 8);               // lanes F, E, B, A
  cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);            // lanes H, G, D, C
}

// ABEF, CDGH back to {H0..H3}, {H4..H7}.
[[gnu::always_inline]] PWCHECK_SHA_NI_TARGET inline void abef_cdgh_to_words(__m128i abef, __m128i cdgh, __m128i& abcd,
                                                                            __m128i& efgh) {
  abcd = _mm_shuffle_epi32(_mm_unpackhi_epi64(cdgh, abef), 0x1b);  // from lanes D, C, B, A
  efgh = _mm_shuffle_epi32(_mm_unpacklo_epi64(cdgh, abef), 0x1b);  // from lanes H, G, F, E
}

// The 64 rounds and the feed-forward on one block whose message words are m0..m3.
[[gnu::always_inline]] PWCHECK_SHA_NI_TARGET inline void compress_sha_ni_block(__m128i& abef, __m128i& cdgh, __m128i m0,
                                                                              __m128i m1, __m128i m2, __m128i m3) {
  const __m128i abef_in = abef;
  const __m128i cdgh_in = cdgh;
  __m128i m[4] = {m0, m1, m2, m3};
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {
    __m128i& w = m[g % 4];
    if (g >= 4) {
      // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] for t = 4g..4g+3: MSG1 adds s0 to the
      // W[t-16] group, the W[t-7] group straddles two registers, MSG2 adds the s1 terms.
      const __m128i& prev = m[(g + 3) % 4];
      const __m128i w_minus_7 = _mm_alignr_epi8(prev, m[(g + 2) % 4], 4);
      w = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w, m[(g + 1) % 4]), w_minus_7), prev);
    }
    __m128i wk = _mm_add_epi32(w, _mm_load_si128(reinterpret_cast<const __m128i*>(k_round_constants.data() + 4 * g)));
    // After two rounds the old ABEF is the new CDGH, so the two registers swap roles.
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    wk = _mm_shuffle_epi32(wk, 0x0e);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);
  }
  abef = _mm_add_epi32(abef, abef_in);
  cdgh = _mm_add_epi32(cdgh, cdgh_in);
}

PWCHECK_SHA_NI_TARGET void compress_sha_ni(State& state, const std::uint8_t* blocks, std::size_t count) {
  // Byte order inside each 32-bit lane reversed: the message is big-endian.
  const __m128i bswap32 = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i abef, cdgh;
  words_to_abef_cdgh(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data())),
                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data() + 4)), abef, cdgh);
  for (; count > 0; --count, blocks += Sha256::k_block_size) {
    const auto* p = reinterpret_cast<const __m128i*>(blocks);
    compress_sha_ni_block(abef, cdgh, _mm_shuffle_epi8(_mm_loadu_si128(p + 0), bswap32),
                          _mm_shuffle_epi8(_mm_loadu_si128(p + 1), bswap32),
                          _mm_shuffle_epi8(_mm_loadu_si128(p + 2), bswap32),
                          _mm_shuffle_epi8(_mm_loadu_si128(p + 3), bswap32));
  }
  __m128i abcd, efgh;
  abef_cdgh_to_words(abef, cdgh, abcd, efgh);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data()), abcd);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data() + 4), efgh);
}

PWCHECK_SHA_NI_TARGET void hmac_chain_sha_ni(const State& inner, const State& outer, State& u, State& acc,
                                             std::uint32_t count) {
  // Everything stays in registers: key states, U as message words, the fixed padding words
  // (W8 = marker, W15 = bit length) and the accumulator.
  __m128i inner_abef, inner_cdgh, outer_abef, outer_cdgh;
  words_to_abef_cdgh(_mm_loadu_si128(reinterpret_cast<const __m128i*>(inner.data())),
                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(inner.data() + 4)), inner_abef, inner_cdgh);
  words_to_abef_cdgh(_mm_loadu_si128(reinterpret_cast<const __m128i*>(outer.data())),
                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(outer.data() + 4)), outer_abef, outer_cdgh);
  const __m128i pad_marker = _mm_setr_epi32(static_cast<int>(k_digest_block_marker), 0, 0, 0);
  const __m128i pad_length = _mm_setr_epi32(0, 0, 0, static_cast<int>(k_digest_block_bits));
  __m128i u_lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u.data()));
  __m128i u_hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u.data() + 4));
  __m128i acc_lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(acc.data()));
  __m128i acc_hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(acc.data() + 4));
  for (; count > 0; --count) {
    __m128i abef = inner_abef, cdgh = inner_cdgh;
    compress_sha_ni_block(abef, cdgh, u_lo, u_hi, pad_marker, pad_length);
    abef_cdgh_to_words(abef, cdgh, u_lo, u_hi);
    abef = outer_abef, cdgh = outer_cdgh;
    compress_sha_ni_block(abef, cdgh, u_lo, u_hi, pad_marker, pad_length);
    abef_cdgh_to_words(abef, cdgh, u_lo, u_hi);
    acc_lo = _mm_xor_si128(acc_lo, u_lo);
    acc_hi = _mm_xor_si128(acc_hi, u_hi);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(u.data()), u_lo);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(u.data() + 4), u_hi);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(acc.data()), acc_lo);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(acc.data() + 4), acc_hi);
}

constexpr ShaImpl<Sha256> k_sha_ni = {compress_sha_ni, hmac_chain_sha_ni, "sha-ni"};

// compress_sha_ni_block on N independent blocks at once, their 16 groups of four rounds interleaved:
// one chain's SHA256RNDS2 waits several cycles on the previous one, and the other chains' instructions
// fill those cycles (the whole gain of running PBKDF2 chains together).
template <std::size_t N>
[[gnu::always_inline]] PWCHECK_SHA_NI_TARGET inline void compress_sha_ni_blocks(__m128i (&abef)[N], __m128i (&cdgh)[N],
                                                                               __m128i (&m)[N][4]) {
  __m128i abef_in[N], cdgh_in[N];
#pragma GCC unroll 4
  for (std::size_t k = 0; k < N; ++k) abef_in[k] = abef[k], cdgh_in[k] = cdgh[k];
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {
    const __m128i round_k = _mm_load_si128(reinterpret_cast<const __m128i*>(k_round_constants.data() + 4 * g));
#pragma GCC unroll 4
    for (std::size_t k = 0; k < N; ++k) {
      __m128i& w = m[k][g % 4];
      if (g >= 4) {
        // The message schedule as in compress_sha_ni_block.
        const __m128i& prev = m[k][(g + 3) % 4];
        const __m128i w_minus_7 = _mm_alignr_epi8(prev, m[k][(g + 2) % 4], 4);
        w = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w, m[k][(g + 1) % 4]), w_minus_7), prev);
      }
      __m128i wk = _mm_add_epi32(w, round_k);
      cdgh[k] = _mm_sha256rnds2_epu32(cdgh[k], abef[k], wk);
      wk = _mm_shuffle_epi32(wk, 0x0e);
      abef[k] = _mm_sha256rnds2_epu32(abef[k], cdgh[k], wk);
    }
  }
#pragma GCC unroll 4
  for (std::size_t k = 0; k < N; ++k) {
    abef[k] = _mm_add_epi32(abef[k], abef_in[k]);
    cdgh[k] = _mm_add_epi32(cdgh[k], cdgh_in[k]);
  }
}

// hmac_chain_sha_ni for N independent chains in one loop; the key states stay in memory (there are
// too few registers for N of them) and are loaded at each use, which L1 serves without stalling.
template <std::size_t N>
PWCHECK_SHA_NI_TARGET void hmac_chain_sha_ni_lanes(const Sha256Chain* chains, std::uint32_t count) {
  alignas(16) __m128i inner_abef[N], inner_cdgh[N], outer_abef[N], outer_cdgh[N];
  __m128i u_lo[N], u_hi[N], acc_lo[N], acc_hi[N];
  for (std::size_t k = 0; k < N; ++k) {
    const Sha256Chain& c = chains[k];
    words_to_abef_cdgh(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c.inner->data())),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.inner->data() + 4)), inner_abef[k],
                       inner_cdgh[k]);
    words_to_abef_cdgh(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c.outer->data())),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.outer->data() + 4)), outer_abef[k],
                       outer_cdgh[k]);
    u_lo[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.u->data()));
    u_hi[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.u->data() + 4));
    acc_lo[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.acc->data()));
    acc_hi[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.acc->data() + 4));
  }
  const __m128i pad_marker = _mm_setr_epi32(static_cast<int>(k_digest_block_marker), 0, 0, 0);
  const __m128i pad_length = _mm_setr_epi32(0, 0, 0, static_cast<int>(k_digest_block_bits));
  __m128i abef[N], cdgh[N], m[N][4];
  for (; count > 0; --count) {
#pragma GCC unroll 4
    for (std::size_t k = 0; k < N; ++k) {
      abef[k] = inner_abef[k], cdgh[k] = inner_cdgh[k];
      m[k][0] = u_lo[k], m[k][1] = u_hi[k], m[k][2] = pad_marker, m[k][3] = pad_length;
    }
    compress_sha_ni_blocks<N>(abef, cdgh, m);
#pragma GCC unroll 4
    for (std::size_t k = 0; k < N; ++k) {
      abef_cdgh_to_words(abef[k], cdgh[k], m[k][0], m[k][1]);
      m[k][2] = pad_marker, m[k][3] = pad_length;
      abef[k] = outer_abef[k], cdgh[k] = outer_cdgh[k];
    }
    compress_sha_ni_blocks<N>(abef, cdgh, m);
#pragma GCC unroll 4
    for (std::size_t k = 0; k < N; ++k) {
      abef_cdgh_to_words(abef[k], cdgh[k], u_lo[k], u_hi[k]);
      acc_lo[k] = _mm_xor_si128(acc_lo[k], u_lo[k]);
      acc_hi[k] = _mm_xor_si128(acc_hi[k], u_hi[k]);
    }
  }
  for (std::size_t k = 0; k < N; ++k) {
    const Sha256Chain& c = chains[k];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c.u->data()), u_lo[k]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c.u->data() + 4), u_hi[k]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c.acc->data()), acc_lo[k]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c.acc->data() + 4), acc_hi[k]);
  }
  // The spilled key states and message words are password-derived.
  OPENSSL_cleanse(inner_abef, sizeof(inner_abef));
  OPENSSL_cleanse(inner_cdgh, sizeof(inner_cdgh));
  OPENSSL_cleanse(outer_abef, sizeof(outer_abef));
  OPENSSL_cleanse(outer_cdgh, sizeof(outer_cdgh));
  OPENSSL_cleanse(m, sizeof(m));
  OPENSSL_cleanse(abef, sizeof(abef));
  OPENSSL_cleanse(cdgh, sizeof(cdgh));
}

#endif  // PWCHECK_HAVE_SHA_NI

}  // namespace

const ShaImpl<Sha256>& Sha256::impl() {
#if PWCHECK_HAVE_SHA_NI
  if (cpu_has_sha_ni() && !sha_portable_forced()) return k_sha_ni;
#endif
  return k_portable;
}

const ShaImpl<Sha256>& Sha256::portable_impl() { return k_portable; }

void sha256_hmac_chains(std::span<const Sha256Chain> chains, std::uint32_t count) {
  if (chains.empty() || chains.size() > k_sha256_max_chains) {
    throw std::invalid_argument("sha256_hmac_chains: 1.." + std::to_string(k_sha256_max_chains) + " chains");
  }
#if PWCHECK_HAVE_SHA_NI
  if (&Sha256::impl() == &k_sha_ni) {
    switch (chains.size()) {
      case 1: return hmac_chain_sha_ni(*chains[0].inner, *chains[0].outer, *chains[0].u, *chains[0].acc, count);
      case 2: return hmac_chain_sha_ni_lanes<2>(chains.data(), count);
      case 3: return hmac_chain_sha_ni_lanes<3>(chains.data(), count);
      case 4: return hmac_chain_sha_ni_lanes<4>(chains.data(), count);
      default: break;
    }
  }
#endif
  // Portable fallback: one chain after another (the C++ rounds leave little latency to overlap).
  const ShaImpl<Sha256>& impl = Sha256::impl();
  for (const Sha256Chain& c : chains) impl.hmac_chain(*c.inner, *c.outer, *c.u, *c.acc, count);
}

}  // namespace pwcheck::primitives

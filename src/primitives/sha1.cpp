// SHA-1 (FIPS 180-4 §6.1): a portable block function and one on the SHA-NI instructions, with the
// PBKDF2 loop on each. (SHA-1 is here only because PBKDF2-HMAC-SHA1 hashes exist in the wild.)
#include <bit>

#include "primitives/sha.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PWCHECK_HAVE_SHA_NI 1
// Only these functions may use SHA-NI and SSE4.1; the rest of the build stays generic x86-64.
#define PWCHECK_SHA_NI_TARGET __attribute__((target("sha,sse4.1")))
#endif

namespace pwcheck::primitives {

namespace {

using Word = Sha1::Word;
using State = Sha1::State;

// floor(2^30 * sqrt(n)) for n = 2, 3, 5, 10, one per 20 rounds (§4.2.1).
constexpr std::array<Word, 4> k_round_constants = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};

// The fixed tail of a block holding one digest as the whole rest of an HMAC message: the 0x80 marker
// word right after the five digest words, zeros, and the bit length (key block + digest).
constexpr Word k_digest_block_marker = 0x80000000;
constexpr Word k_digest_block_bits = (Sha1::k_block_size + Sha1::k_digest_size) * 8;

// ---------------------------------------------------------------------------------------------
// Portable implementation.

// The round function f_t of §4.1.1 for rounds 20*phase .. 20*phase+19.
template <int Phase>
inline Word round_function(Word b, Word c, Word d) {
  if constexpr (Phase == 0) return d ^ (b & (c ^ d));        // Ch
  if constexpr (Phase == 2) return (b & c) | (d & (b | c));  // Maj
  return b ^ c ^ d;                                          // Parity
}

// Five rounds with the working variables passed in rotated order, so no values move between
// registers: each round changes only the variable that becomes the new "a" and rotates b by 30.
template <int Phase>
[[gnu::always_inline]] inline void five_rounds(Word& a, Word& b, Word& c, Word& d, Word& e, const Word* w) {
  constexpr Word k = k_round_constants[Phase];
  e += std::rotl(a, 5) + round_function<Phase>(b, c, d) + k + w[0], b = std::rotl(b, 30);
  d += std::rotl(e, 5) + round_function<Phase>(a, b, c) + k + w[1], a = std::rotl(a, 30);
  c += std::rotl(d, 5) + round_function<Phase>(e, a, b) + k + w[2], e = std::rotl(e, 30);
  b += std::rotl(c, 5) + round_function<Phase>(d, e, a) + k + w[3], d = std::rotl(d, 30);
  a += std::rotl(b, 5) + round_function<Phase>(c, d, e) + k + w[4], c = std::rotl(c, 30);
}

// Compresses one block given as its 16 message words (already big-endian decoded).
[[gnu::always_inline]] inline void compress_words(State& state, const Word* message) {
  Word w[80];
  for (int t = 0; t < 16; ++t) w[t] = message[t];
  for (int t = 16; t < 80; ++t) w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  Word a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
  for (int t = 0; t < 20; t += 5) five_rounds<0>(a, b, c, d, e, w + t);
  for (int t = 20; t < 40; t += 5) five_rounds<1>(a, b, c, d, e, w + t);
  for (int t = 40; t < 60; t += 5) five_rounds<2>(a, b, c, d, e, w + t);
  for (int t = 60; t < 80; t += 5) five_rounds<3>(a, b, c, d, e, w + t);
  state[0] += a, state[1] += b, state[2] += c, state[3] += d, state[4] += e;
}

void compress_portable(State& state, const std::uint8_t* blocks, std::size_t count) {
  Word message[16];
  for (; count > 0; --count, blocks += Sha1::k_block_size) {
    for (int t = 0; t < 16; ++t) message[t] = load_be<Word>(blocks + 4 * t);
    compress_words(state, message);
  }
}

void hmac_chain_portable(const State& inner, const State& outer, State& u, State& acc, std::uint32_t count) {
  // The U block is prepared once; each iteration only rewrites its first five words, from the
  // state words directly, with no byte conversion in between.
  Word block[16] = {};
  block[5] = k_digest_block_marker;
  block[15] = k_digest_block_bits;
  for (int i = 0; i < 5; ++i) block[i] = u[i];
  State state;
  for (; count > 0; --count) {
    state = inner;
    compress_words(state, block);
    for (int i = 0; i < 5; ++i) block[i] = state[i];
    state = outer;
    compress_words(state, block);
    for (int i = 0; i < 5; ++i) block[i] = state[i], acc[i] ^= state[i];
  }
  for (int i = 0; i < 5; ++i) u[i] = block[i];
  // Intermediate U values are as secret as the derived key.
  OPENSSL_cleanse(block, sizeof(block));
  OPENSSL_cleanse(state.data(), sizeof(state));
}

constexpr ShaImpl<Sha1> k_portable = {compress_portable, hmac_chain_portable, "portable"};

// ---------------------------------------------------------------------------------------------
// SHA-NI implementation (Intel SHA extensions). A, B, C, D live in one register with A in the top
// lane, E in the top lane of another. Message registers hold W[4g..4g+3] with W[4g] in the top lane,
// so the ABCD register of an output is already the first message register of a U block, and E
// (plus the fixed marker word) the second.

#if PWCHECK_HAVE_SHA_NI

// The 80 rounds and the feed-forward on one block whose message words are m0..m3.
[[gnu::always_inline]] PWCHECK_SHA_NI_TARGET inline void compress_sha_ni_block(__m128i& abcd, __m128i& e, __m128i m0,
                                                                              __m128i m1, __m128i m2, __m128i m3) {
  const __m128i abcd_in = abcd;
  const __m128i e_in = e;
  __m128i m[4] = {m0, m1, m2, m3};
  __m128i group_start = abcd;  // ABCD when the previous group of four rounds began
#pragma GCC unroll 20
  for (int g = 0; g < 20; ++g) {
    __m128i& w = m[g % 4];
    if (g >= 4) {
      // W[t] = rol1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) for t = 4g..4g+3: MSG1 XORs the W[t-16]
      // and W[t-14] terms, then W[t-8], and MSG2 the W[t-3] terms and the rotation.
      w = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w, m[(g + 1) % 4]), m[(g + 2) % 4]), m[(g + 3) % 4]);
    }
    // The first round of a group adds E: the initial one, then (after four rounds) rol30 of the A
    // that began the group before, which SHA1NEXTE computes.
    const __m128i e_plus_w = g == 0 ? _mm_add_epi32(e, w) : _mm_sha1nexte_epu32(group_start, w);
    group_start = abcd;
    switch (g / 5) {  // the immediate picks f and K for rounds 20*i .. 20*i+19
      case 0: abcd = _mm_sha1rnds4_epu32(abcd, e_plus_w, 0); break;
      case 1: abcd = _mm_sha1rnds4_epu32(abcd, e_plus_w, 1); break;
      case 2: abcd = _mm_sha1rnds4_epu32(abcd, e_plus_w, 2); break;
      default: abcd = _mm_sha1rnds4_epu32(abcd, e_plus_w, 3); break;
    }
  }
  e = _mm_sha1nexte_epu32(group_start, e_in);
  abcd = _mm_add_epi32(abcd, abcd_in);
}

PWCHECK_SHA_NI_TARGET void compress_sha_ni(State& state, const std::uint8_t* blocks, std::size_t count) {
  // All 16 bytes reversed: big-endian words, and W[4g] into the top lane.
  const __m128i reverse = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state.data())), 0x1b);
  __m128i e = _mm_setr_epi32(0, 0, 0, static_cast<int>(state[4]));
  for (; count > 0; --count, blocks += Sha1::k_block_size) {
    const auto* p = reinterpret_cast<const __m128i*>(blocks);
    compress_sha_ni_block(abcd, e, _mm_shuffle_epi8(_mm_loadu_si128(p + 0), reverse),
                          _mm_shuffle_epi8(_mm_loadu_si128(p + 1), reverse),
                          _mm_shuffle_epi8(_mm_loadu_si128(p + 2), reverse),
                          _mm_shuffle_epi8(_mm_loadu_si128(p + 3), reverse));
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state.data()), _mm_shuffle_epi32(abcd, 0x1b));
  state[4] = static_cast<Word>(_mm_extract_epi32(e, 3));
}

PWCHECK_SHA_NI_TARGET void hmac_chain_sha_ni(const State& inner, const State& outer, State& u, State& acc,
                                             std::uint32_t count) {
  // Everything stays in registers: key states, U as message words, the fixed padding words
  // (W5 = marker, W15 = bit length) and the accumulator. E registers keep their low lanes zero.
  const __m128i inner_abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(inner.data())), 0x1b);
  const __m128i inner_e = _mm_setr_epi32(0, 0, 0, static_cast<int>(inner[4]));
  const __m128i outer_abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(outer.data())), 0x1b);
  const __m128i outer_e = _mm_setr_epi32(0, 0, 0, static_cast<int>(outer[4]));
  const __m128i pad_marker = _mm_setr_epi32(0, 0, static_cast<int>(k_digest_block_marker), 0);
  const __m128i zero = _mm_setzero_si128();
  const __m128i pad_length = _mm_setr_epi32(static_cast<int>(k_digest_block_bits), 0, 0, 0);
  __m128i u_abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(u.data())), 0x1b);
  __m128i u_e = _mm_setr_epi32(0, 0, 0, static_cast<int>(u[4]));
  __m128i acc_abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(acc.data())), 0x1b);
  __m128i acc_e = _mm_setr_epi32(0, 0, 0, static_cast<int>(acc[4]));
  for (; count > 0; --count) {
    __m128i abcd = inner_abcd, e = inner_e;
    compress_sha_ni_block(abcd, e, u_abcd, _mm_or_si128(u_e, pad_marker), zero, pad_length);
    u_abcd = abcd, u_e = e;
    abcd = outer_abcd, e = outer_e;
    compress_sha_ni_block(abcd, e, u_abcd, _mm_or_si128(u_e, pad_marker), zero, pad_length);
    u_abcd = abcd, u_e = e;
    acc_abcd = _mm_xor_si128(acc_abcd, u_abcd);
    acc_e = _mm_xor_si128(acc_e, u_e);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(u.data()), _mm_shuffle_epi32(u_abcd, 0x1b));
  u[4] = static_cast<Word>(_mm_extract_epi32(u_e, 3));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(acc.data()), _mm_shuffle_epi32(acc_abcd, 0x1b));
  acc[4] = static_cast<Word>(_mm_extract_epi32(acc_e, 3));
}

constexpr ShaImpl<Sha1> k_sha_ni = {compress_sha_ni, hmac_chain_sha_ni, "sha-ni"};

#endif  // PWCHECK_HAVE_SHA_NI

}  // namespace

const ShaImpl<Sha1>& Sha1::impl() {
#if PWCHECK_HAVE_SHA_NI
  if (cpu_has_sha_ni() && !sha_portable_forced()) return k_sha_ni;
#endif
  return k_portable;
}

const ShaImpl<Sha1>& Sha1::portable_impl() { return k_portable; }

}  // namespace pwcheck::primitives

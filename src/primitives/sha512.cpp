// SHA-512 (FIPS 180-4 §6.4): a portable block function and OpenSSL's, with the PBKDF2 loop on each.
//
// OpenSSL's block function is assembly that uses AVX2/BMI2 where present; measured on the target
// machine (bench/pbkdf2_bench.cpp, BM_block_sha512_*) it beats the portable C++ one, so it is the
// default and the portable code is the fallback that tests force. SHA512_Transform is deprecated in
// OpenSSL 3 but still exported, and it is the only public way to reach that block function.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "primitives/sha.hpp"

namespace pwcheck::primitives {

namespace {

using Word = Sha512::Word;
using State = Sha512::State;

// The first 64 bits of the fractional parts of the cube roots of the first 80 primes (§4.2.3).
constexpr std::array<Word, 80> k_round_constants = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL,
    0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
    0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL, 0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL, 0x983e5152ee66dfabULL,
    0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL,
    0x53380d139d95b3dfULL, 0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL, 0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
    0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL,
    0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL, 0xca273eceea26619cULL,
    0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
    0x113f9804bef90daeULL, 0x1b710b35131c471bULL, 0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

// The fixed tail of a block holding one digest as the whole rest of an HMAC message: the 0x80 marker
// word at index 8, zeros, and the bit length (key block + digest) in the last word.
constexpr Word k_digest_block_marker = Word{1} << 63;
constexpr Word k_digest_block_bits = (Sha512::k_block_size + Sha512::k_digest_size) * 8;

inline Word big_sigma0(Word x) { return std::rotr(x, 28) ^ std::rotr(x, 34) ^ std::rotr(x, 39); }
inline Word big_sigma1(Word x) { return std::rotr(x, 14) ^ std::rotr(x, 18) ^ std::rotr(x, 41); }
inline Word small_sigma0(Word x) { return std::rotr(x, 1) ^ std::rotr(x, 8) ^ (x >> 7); }
inline Word small_sigma1(Word x) { return std::rotr(x, 19) ^ std::rotr(x, 61) ^ (x >> 6); }
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
  Word w[80];
  for (int t = 0; t < 16; ++t) w[t] = message[t];
  for (int t = 16; t < 80; ++t) w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
  Word a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 80; t += 8) {
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
  for (; count > 0; --count, blocks += Sha512::k_block_size) {
    for (int t = 0; t < 16; ++t) message[t] = load_be<Word>(blocks + 8 * t);
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

void compress_openssl(State& state, const std::uint8_t* blocks, std::size_t count) {
  SHA512_CTX ctx;  // SHA512_Transform reads and writes only ctx.h
  for (int i = 0; i < 8; ++i) ctx.h[i] = state[i];
  for (; count > 0; --count, blocks += Sha512::k_block_size) SHA512_Transform(&ctx, blocks);
  for (int i = 0; i < 8; ++i) state[i] = ctx.h[i];
  OPENSSL_cleanse(ctx.h, sizeof(ctx.h));
}

// Writes two state words big-endian to 16 bytes of the U block with one 16-byte store. OpenSSL's
// AVX/AVX2 block functions read the message 16 bytes at a time, and a load that spans two smaller
// stores cannot be forwarded from them; with 8-byte stores each compression waited for the stores to
// retire first (about 15% slower in the chain, measured).
inline void store_be_pair(std::uint8_t* p, Word first, Word second) {
#if defined(__SSE2__)
  _mm_store_si128(reinterpret_cast<__m128i*>(p), _mm_set_epi64x(static_cast<long long>(__builtin_bswap64(second)),
                                                                 static_cast<long long>(__builtin_bswap64(first))));
#else
  store_be(p, first);
  store_be(p + 8, second);
#endif
}

void hmac_chain_openssl(const State& inner, const State& outer, State& u, State& acc, std::uint32_t count) {
  // OpenSSL's block function takes bytes, so the U words are serialised into the fixed block: eight
  // byte swaps per compression, small next to the compression itself.
  alignas(16) std::uint8_t block[Sha512::k_block_size] = {};
  store_be(block + 64, k_digest_block_marker);
  store_be(block + 120, k_digest_block_bits);
  for (int i = 0; i < 8; ++i) store_be(block + 8 * i, u[i]);
  SHA512_CTX ctx;
  for (; count > 0; --count) {
    for (int i = 0; i < 8; ++i) ctx.h[i] = inner[i];
    SHA512_Transform(&ctx, block);
    for (int i = 0; i < 8; i += 2) store_be_pair(block + 8 * i, ctx.h[i], ctx.h[i + 1]);
    for (int i = 0; i < 8; ++i) ctx.h[i] = outer[i];
    SHA512_Transform(&ctx, block);
    for (int i = 0; i < 8; i += 2) store_be_pair(block + 8 * i, ctx.h[i], ctx.h[i + 1]);
    for (int i = 0; i < 8; ++i) acc[i] ^= ctx.h[i];
  }
  for (int i = 0; i < 8; ++i) u[i] = load_be<Word>(block + 8 * i);
  OPENSSL_cleanse(block, sizeof(block));
  OPENSSL_cleanse(ctx.h, sizeof(ctx.h));
}

constexpr ShaImpl<Sha512> k_portable = {compress_portable, hmac_chain_portable, "portable"};
constexpr ShaImpl<Sha512> k_openssl = {compress_openssl, hmac_chain_openssl, "openssl"};

}  // namespace

const ShaImpl<Sha512>& Sha512::impl() { return sha_portable_forced() ? k_portable : k_openssl; }

const ShaImpl<Sha512>& Sha512::portable_impl() { return k_portable; }

}  // namespace pwcheck::primitives

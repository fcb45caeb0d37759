#pragma once
// SHA-1, SHA-256 and SHA-512 (FIPS 180-4) for the primitives: block functions, incremental hashing
// and the fused PBKDF2 iteration loop. Internal to src/primitives and its tests and benchmarks.
//
// Each digest has a portable C++ implementation that runs anywhere and a faster one where the CPU
// allows it (SHA-NI for SHA-1 and SHA-256, OpenSSL's assembly block function for SHA-512), picked at
// run time by `H::impl()`. States are the FIPS 180-4 working words H0..Hn as native integers.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include <openssl/crypto.h>

namespace pwcheck::primitives {

template <class H>
struct ShaImpl;

/// SHA-1: 160-bit state of 32-bit words, 64-byte blocks.
struct Sha1 {
  using Word = std::uint32_t;
  using State = std::array<Word, 5>;
  static constexpr std::size_t k_block_size = 64;
  static constexpr std::size_t k_digest_size = 20;
  static constexpr std::size_t k_length_size = 8;
  static constexpr State k_initial_state = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
  /// The implementation in use: SHA-NI where the CPU has it, unless the portable one is forced.
  static const ShaImpl<Sha1>& impl();
  /// The portable C++ implementation, which runs on any CPU.
  static const ShaImpl<Sha1>& portable_impl();
};

/// SHA-256: 256-bit state of 32-bit words, 64-byte blocks.
struct Sha256 {
  using Word = std::uint32_t;
  using State = std::array<Word, 8>;
  static constexpr std::size_t k_block_size = 64;
  static constexpr std::size_t k_digest_size = 32;
  static constexpr std::size_t k_length_size = 8;
  static constexpr State k_initial_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  /// The implementation in use: SHA-NI where the CPU has it, unless the portable one is forced.
  static const ShaImpl<Sha256>& impl();
  /// The portable C++ implementation, which runs on any CPU.
  static const ShaImpl<Sha256>& portable_impl();
};

/// SHA-512: 512-bit state of 64-bit words, 128-byte blocks.
struct Sha512 {
  using Word = std::uint64_t;
  using State = std::array<Word, 8>;
  static constexpr std::size_t k_block_size = 128;
  static constexpr std::size_t k_digest_size = 64;
  static constexpr std::size_t k_length_size = 16;
  static constexpr State k_initial_state = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                                            0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                                            0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
  /// The implementation in use: OpenSSL's block function (measured fastest), unless the portable one is forced.
  static const ShaImpl<Sha512>& impl();
  /// The portable C++ implementation, which runs on any CPU.
  static const ShaImpl<Sha512>& portable_impl();
};

/// One way of computing the block function of digest `H`, with the PBKDF2 loop built on it.
template <class H>
struct ShaImpl {
  using State = typename H::State;
  /// Compresses `count` consecutive blocks of big-endian message bytes into `state`.
  void (*compress)(State& state, const std::uint8_t* blocks, std::size_t count);
  /// Runs `count` PBKDF2 iterations (RFC 8018 §5.2, function F) with two compressions each:
  /// u = HMAC(u) from the key states `inner`/`outer` (after the ipad/opad block), then acc ^= u.
  void (*hmac_chain)(const State& inner, const State& outer, State& u, State& acc, std::uint32_t count);
  /// Short name for tests and benchmarks, e.g. "sha-ni", "openssl" or "portable".
  const char* name;
};

/// The most PBKDF2-HMAC-SHA256 chains sha256_hmac_chains steps together.
inline constexpr std::size_t k_sha256_max_chains = 4;

/// One PBKDF2-HMAC-SHA256 chain for sha256_hmac_chains: its key states, U and accumulator, as taken
/// by ShaImpl::hmac_chain.
struct Sha256Chain {
  const Sha256::State* inner;
  const Sha256::State* outer;
  Sha256::State* u;
  Sha256::State* acc;
};

/// Sha256::impl().hmac_chain for 1..k_sha256_max_chains independent chains with the same `count`: on
/// SHA-NI their rounds are interleaved so the CPU overlaps the chains' latencies; the portable path
/// runs them one after another. Same results as hmac_chain on each.
void sha256_hmac_chains(std::span<const Sha256Chain> chains, std::uint32_t count);

/// Makes `H::impl()` return the portable implementations (true) or the fastest ones (false); for tests.
void set_force_portable_sha(bool force);

/// Whether `set_force_portable_sha(true)` is in effect.
bool sha_portable_forced();

/// Whether this CPU has the SHA-NI instructions (and the SSSE3/SSE4.1 ones they are used with).
bool cpu_has_sha_ni();

/// Reads a big-endian word of type `Word` from `p`.
template <class Word>
constexpr Word load_be(const std::uint8_t* p) {
  Word w = 0;
  for (std::size_t i = 0; i < sizeof(Word); ++i) w = static_cast<Word>((w << 8) | p[i]);
  return w;
}

/// Writes `w` big-endian to `p`.
template <class Word>
constexpr void store_be(std::uint8_t* p, Word w) {
  for (std::size_t i = 0; i < sizeof(Word); ++i) p[i] = static_cast<std::uint8_t>(w >> (8 * (sizeof(Word) - 1 - i)));
}

/// Writes the state words big-endian to `out` (the digest bytes).
template <class H>
void store_state(std::span<std::uint8_t, H::k_digest_size> out, const typename H::State& state) {
  for (std::size_t i = 0; i < state.size(); ++i) store_be(out.data() + i * sizeof(typename H::Word), state[i]);
}

/// Reads state words from digest bytes (the inverse of `store_state`).
template <class H>
typename H::State load_state(std::span<const std::uint8_t, H::k_digest_size> in) {
  typename H::State state{};
  for (std::size_t i = 0; i < state.size(); ++i) state[i] = load_be<typename H::Word>(in.data() + i * sizeof(typename H::Word));
  return state;
}

/// Incremental SHA hashing with a chosen implementation; wipes its buffer and state when destroyed.
template <class H>
class ShaHasher {
 public:
  using State = typename H::State;

  /// Starts a new hash.
  explicit ShaHasher(const ShaImpl<H>& impl) : impl_(impl), state_(H::k_initial_state) {}

  /// Continues from `state`, reached after `absorbed` bytes (whole blocks), e.g. an HMAC key state.
  ShaHasher(const ShaImpl<H>& impl, const State& state, std::uint64_t absorbed)
      : impl_(impl), state_(state), total_(absorbed) {}

  ShaHasher(const ShaHasher&) = delete;
  ShaHasher& operator=(const ShaHasher&) = delete;

  ~ShaHasher() {
    // The buffer and state hold password-derived bytes when used for HMAC keys.
    OPENSSL_cleanse(buffer_.data(), buffer_.size());
    OPENSSL_cleanse(state_.data(), sizeof(state_));
  }

  /// Absorbs `data`.
  void update(std::span<const std::uint8_t> data) {
    total_ += data.size();
    if (data.empty()) return;  // an empty span's data() may be null, which memcpy must not get
    if (buffered_ > 0) {
      const std::size_t take = std::min(H::k_block_size - buffered_, data.size());
      std::memcpy(buffer_.data() + buffered_, data.data(), take);
      buffered_ += take;
      data = data.subspan(take);
      if (buffered_ < H::k_block_size) return;
      impl_.compress(state_, buffer_.data(), 1);
      buffered_ = 0;
    }
    const std::size_t full = data.size() / H::k_block_size;
    if (full > 0) {
      impl_.compress(state_, data.data(), full);
      data = data.subspan(full * H::k_block_size);
    }
    if (!data.empty()) std::memcpy(buffer_.data(), data.data(), data.size());
    buffered_ = data.size();
  }

  /// Pads (FIPS 180-4 §5.1) and returns the final state words; the hasher is spent afterwards.
  State finish_state() {
    const std::uint64_t bit_length = total_ * 8;  // messages stay far below 2^61 bytes
    buffer_[buffered_++] = 0x80;
    if (buffered_ > H::k_block_size - H::k_length_size) {
      std::memset(buffer_.data() + buffered_, 0, H::k_block_size - buffered_);
      impl_.compress(state_, buffer_.data(), 1);
      buffered_ = 0;
    }
    std::memset(buffer_.data() + buffered_, 0, H::k_block_size - 8 - buffered_);
    store_be(buffer_.data() + H::k_block_size - 8, bit_length);
    impl_.compress(state_, buffer_.data(), 1);
    buffered_ = 0;
    return state_;
  }

  /// Pads and writes the digest to `out`; the hasher is spent afterwards.
  void finish(std::span<std::uint8_t, H::k_digest_size> out) {
    State state = finish_state();
    store_state<H>(out, state);
    OPENSSL_cleanse(state.data(), sizeof(state));
  }

 private:
  const ShaImpl<H>& impl_;
  State state_;
  std::array<std::uint8_t, H::k_block_size> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace pwcheck::primitives

// SHA-crypt (Drepper, "Unix crypt using SHA-256 and SHA-512"; FORMATS.md §4.1) on pwcheck's SHA block
// functions.
//
// Steps 1-4 hash a few messages once and use the incremental hasher. Step 5 is where the time goes:
// R rounds, each hashing one short message built from C, P' and S'. Only eight message shapes exist
// (i odd or even, i mod 3 = 0 or not, i mod 7 = 0 or not), and in each one everything but C is fixed.
// So each shape gets its own block buffer, prepared once with P' and S' in place and the padding and bit
// length already written; a round stores C into its slot and calls the block function on the buffer
// directly. When C comes last (odd rounds), the whole blocks before it hold only P' and S', so they are
// compressed once, ahead of the loop, and each round starts from that midstate.
#include "primitives/sha_crypt.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "primitives/sha.hpp"

namespace pwcheck::primitives {

namespace {

/// Heap bytes wiped before they are freed (P' and S' copies, the round buffers).
class WipedBytes {
 public:
  explicit WipedBytes(std::size_t size) : bytes_(size) {}
  WipedBytes(const WipedBytes&) = delete;
  WipedBytes& operator=(const WipedBytes&) = delete;
  ~WipedBytes() {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
  }
  std::uint8_t* data() { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }

 private:
  std::vector<std::uint8_t> bytes_;
};

/// The round shape of round i, as bits: 4 = C comes last (i odd), 2 = S' present, 1 = P' in the middle.
constexpr unsigned shape_of(unsigned i) {
  return ((i & 1) != 0 ? 4u : 0u) | (i % 3 != 0 ? 2u : 0u) | (i % 7 != 0 ? 1u : 0u);
}

/// The shapes of one full cycle of 42 rounds (lcm of 2, 3 and 7).
constexpr std::array<std::uint8_t, 42> k_shape_cycle = [] {
  std::array<std::uint8_t, 42> cycle{};
  for (unsigned i = 0; i < cycle.size(); ++i) cycle[i] = static_cast<std::uint8_t>(shape_of(i));
  return cycle;
}();

/// Message length in bytes of a round of `shape`.
constexpr std::size_t message_length(unsigned shape, std::size_t digest, std::size_t p, std::size_t s) {
  return digest + p + ((shape & 2) != 0 ? s : 0) + ((shape & 1) != 0 ? p : 0);
}

/// Whole blocks needed for `length` message bytes plus the 0x80 marker and the length field.
template <class H>
constexpr std::size_t padded_blocks(std::size_t length) {
  return (length + 1 + H::k_length_size + H::k_block_size - 1) / H::k_block_size;
}

/// One round shape: its prepared blocks, where C goes, and the state to start each round from.
template <class H>
struct Shape {
  std::uint8_t* blocks = nullptr;  // first block compressed in each round
  std::size_t count = 0;           // blocks compressed in each round
  std::uint8_t* c_slot = nullptr;  // where C's digest bytes go
  typename H::State start{};       // initial state, or the midstate after the constant leading blocks
};

/// Writes C's state words big-endian at `p` (any alignment).
template <class H>
[[gnu::always_inline]] inline void store_c(std::uint8_t* p, const typename H::State& c) {
  using Word = typename H::Word;
#if defined(__SSE2__)
  if constexpr (sizeof(Word) == 8) {
    // 16-byte stores: OpenSSL's SHA-512 block function reads the message 16 bytes at a time, and a
    // load can only be forwarded from a single store that covers it (see sha512.cpp, store_be_pair).
    for (std::size_t i = 0; i < c.size(); i += 2) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i * 8),
                       _mm_set_epi64x(static_cast<long long>(__builtin_bswap64(c[i + 1])),
                                      static_cast<long long>(__builtin_bswap64(c[i]))));
    }
    return;
  }
#endif
  for (std::size_t i = 0; i < c.size(); ++i) {
    Word w;
    if constexpr (sizeof(Word) == 4) {
      w = __builtin_bswap32(c[i]);
    } else {
      w = __builtin_bswap64(c[i]);
    }
    std::memcpy(p + i * sizeof(Word), &w, sizeof(Word));
  }
}

template <class H>
void sha_crypt_with(std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt, std::uint32_t rounds,
                    std::span<std::uint8_t> out) {
  using State = typename H::State;
  constexpr std::size_t L = H::k_digest_size;
  constexpr std::size_t B = H::k_block_size;
  using Digest = std::array<std::uint8_t, L>;
  const ShaImpl<H>& impl = H::impl();
  const std::size_t p_len = password.size();
  const std::size_t s_len = salt.size();

  // Every intermediate below derives from the password: wiped on every way out (scope exit).
  struct Scratch {
    Digest a{}, b{}, dp{}, ds{};
    State c{};
    std::array<Shape<H>, 8> shapes{};
    ~Scratch() {
      OPENSSL_cleanse(a.data(), L);
      OPENSSL_cleanse(b.data(), L);
      OPENSSL_cleanse(dp.data(), L);
      OPENSSL_cleanse(ds.data(), L);
      OPENSSL_cleanse(c.data(), sizeof(c));
      OPENSSL_cleanse(shapes.data(), sizeof(shapes));
    }
  } x;
  const auto digest_span = [](Digest& d) { return std::span<std::uint8_t, L>(d.data(), L); };

  // Step 1: B = H(P || S || P).
  {
    ShaHasher<H> h(impl);
    h.update(password);
    h.update(salt);
    h.update(password);
    h.finish(digest_span(x.b));
  }
  // Step 2: A = H(P || S || B repeated to |P| bytes || for each bit of |P|, low first: B if 1, else P).
  {
    ShaHasher<H> h(impl);
    h.update(password);
    h.update(salt);
    std::size_t n = p_len;
    for (; n > L; n -= L) h.update(x.b);
    h.update(std::span<const std::uint8_t>(x.b.data(), n));
    for (n = p_len; n > 0; n >>= 1) {
      if ((n & 1) != 0) {
        h.update(x.b);
      } else {
        h.update(password);
      }
    }
    h.finish(digest_span(x.a));
  }
  // Step 3: DP = H(P repeated |P| times).
  {
    ShaHasher<H> h(impl);
    for (std::size_t i = 0; i < p_len; ++i) h.update(password);
    h.finish(digest_span(x.dp));
  }
  // Step 4: DS = H(S repeated 16 + A[0] times).
  {
    ShaHasher<H> h(impl);
    for (unsigned i = 0; i < 16u + x.a[0]; ++i) h.update(salt);
    h.finish(digest_span(x.ds));
  }

  // P' = DP repeated and cut to |P| bytes; S' = DS cut to |S| bytes (|S| <= 16 < L).
  WipedBytes p_prime(p_len);
  for (std::size_t i = 0; i < p_len; ++i) p_prime.data()[i] = x.dp[i % L];
  const std::uint8_t* const s_prime = x.ds.data();

  // The eight round buffers, each laid out as the padded message of its shape (FIPS 180-4 §5.1.1/§5.1.2).
  std::array<std::size_t, 8> offsets{};
  std::size_t total = 0;
  for (unsigned shape = 0; shape < 8; ++shape) {
    offsets[shape] = total;
    total += padded_blocks<H>(message_length(shape, L, p_len, s_len)) * B;
  }
  WipedBytes buffers(total);
  std::fill(buffers.data(), buffers.data() + total, std::uint8_t{0});
  for (unsigned shape = 0; shape < 8; ++shape) {
    const bool c_last = (shape & 4) != 0;
    const std::size_t length = message_length(shape, L, p_len, s_len);
    const std::size_t blocks = padded_blocks<H>(length);
    std::uint8_t* const base = buffers.data() + offsets[shape];
    std::uint8_t* p = base;
    std::uint8_t* c_slot = nullptr;
    // (i odd ? P' : C) || (i mod 3 != 0 ? S') || (i mod 7 != 0 ? P') || (i odd ? C : P')
    if (c_last) {
      p = std::copy_n(p_prime.data(), p_len, p);
    } else {
      c_slot = p;
      p += L;
    }
    if ((shape & 2) != 0) p = std::copy_n(s_prime, s_len, p);
    if ((shape & 1) != 0) p = std::copy_n(p_prime.data(), p_len, p);
    if (c_last) {
      c_slot = p;
      p += L;
    } else {
      p = std::copy_n(p_prime.data(), p_len, p);
    }
    *p = 0x80;
    store_be<std::uint64_t>(base + blocks * B - 8, static_cast<std::uint64_t>(length) * 8);

    Shape<H>& sh = x.shapes[shape];
    sh.start = H::k_initial_state;
    // The blocks wholly before C's slot never change: compress them once.
    const std::size_t fixed = static_cast<std::size_t>(c_slot - base) / B;
    if (fixed > 0) impl.compress(sh.start, base, fixed);
    sh.blocks = base + fixed * B;
    sh.count = blocks - fixed;
    sh.c_slot = c_slot;
  }

  // Step 5: C = A, then R rounds.
  x.c = load_state<H>(std::span<const std::uint8_t, L>(x.a.data(), L));
  const auto compress = impl.compress;
  unsigned k = 0;
  for (std::uint32_t i = 0; i < rounds; ++i) {
    const Shape<H>& sh = x.shapes[k_shape_cycle[k]];
    if (++k == k_shape_cycle.size()) k = 0;
    store_c<H>(sh.c_slot, x.c);
    x.c = sh.start;
    compress(x.c, sh.blocks, sh.count);
  }
  store_state<H>(std::span<std::uint8_t, L>(out.data(), L), x.c);
}

}  // namespace

std::size_t sha_crypt_digest_size(ShaCryptDigest d) {
  return d == ShaCryptDigest::sha256 ? Sha256::k_digest_size : Sha512::k_digest_size;
}

void sha_crypt_raw(ShaCryptDigest d, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                   std::uint32_t rounds, std::span<std::uint8_t> out) {
  if (salt.size() > k_sha_crypt_max_salt) throw std::invalid_argument("sha_crypt_raw: salt longer than 16 bytes");
  if (out.size() != sha_crypt_digest_size(d)) throw std::invalid_argument("sha_crypt_raw: wrong output size");
  if (d == ShaCryptDigest::sha256) {
    sha_crypt_with<Sha256>(password, salt, rounds, out);
  } else {
    sha_crypt_with<Sha512>(password, salt, rounds, out);
  }
}

std::uint64_t sha_crypt_round_compressions(ShaCryptDigest d, std::size_t password_size, std::size_t salt_size,
                                           std::uint32_t rounds) {
  const auto per_round = [&]<class H>(unsigned shape) -> std::uint64_t {
    const std::size_t length = message_length(shape, H::k_digest_size, password_size, salt_size);
    const std::size_t before_c = (shape & 4) != 0 ? length - H::k_digest_size : 0;
    return padded_blocks<H>(length) - before_c / H::k_block_size;
  };
  std::uint64_t total = 0;
  for (std::uint32_t i = 0; i < rounds; ++i) {
    total += d == ShaCryptDigest::sha256 ? per_round.template operator()<Sha256>(shape_of(i))
                                         : per_round.template operator()<Sha512>(shape_of(i));
  }
  return total;
}

}  // namespace pwcheck::primitives

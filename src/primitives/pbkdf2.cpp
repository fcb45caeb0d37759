// PBKDF2 (RFC 8018 §5.2) with HMAC (RFC 2104) over SHA-1, SHA-256 or SHA-512.
//
// The HMAC key is fixed for the whole derivation, so the states after absorbing the ipad and opad
// key blocks are computed once. Every iteration after the first hashes exactly one digest, so its
// message block (digest words, the 0x80 marker, zeros, the bit length) has a fixed shape; the
// implementations in sha*.cpp prepare it once and run two compressions per iteration, keeping U as
// state words throughout.
#include "primitives/pbkdf2.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <openssl/crypto.h>

#include "primitives/sha.hpp"

namespace pwcheck::primitives {

namespace {

// The HMAC key states (RFC 2104 §2): `inner`/`outer` after absorbing K0 ^ ipad / K0 ^ opad, where K0 is
// the password, hashed first if longer than a block, zero-padded.
template <class H>
void key_states(const ShaImpl<H>& impl, std::span<const std::uint8_t> password, typename H::State& inner,
                typename H::State& outer) {
  constexpr std::size_t block_size = H::k_block_size;
  constexpr std::size_t digest_size = H::k_digest_size;
  std::array<std::uint8_t, block_size> key{};
  if (password.size() > block_size) {
    ShaHasher<H> hasher(impl);
    hasher.update(password);
    hasher.finish(std::span<std::uint8_t, digest_size>(key.data(), digest_size));
  } else if (!password.empty()) {
    std::copy(password.begin(), password.end(), key.begin());
  }
  std::array<std::uint8_t, block_size> pad;
  inner = H::k_initial_state;
  std::transform(key.begin(), key.end(), pad.begin(), [](std::uint8_t b) { return static_cast<std::uint8_t>(b ^ 0x36); });
  impl.compress(inner, pad.data(), 1);
  outer = H::k_initial_state;
  std::transform(key.begin(), key.end(), pad.begin(), [](std::uint8_t b) { return static_cast<std::uint8_t>(b ^ 0x5c); });
  impl.compress(outer, pad.data(), 1);
  // Enough to recompute the password's HMAC key.
  OPENSSL_cleanse(key.data(), key.size());
  OPENSSL_cleanse(pad.data(), pad.size());
}

// U_1 = HMAC(P, S || INT(i)) of output block `block_index`: the only iteration whose message has a
// variable length.
template <class H>
typename H::State first_u(const ShaImpl<H>& impl, const typename H::State& inner, const typename H::State& outer,
                          std::span<const std::uint8_t> salt, std::uint32_t block_index) {
  const std::array<std::uint8_t, 4> index_be = {
      static_cast<std::uint8_t>(block_index >> 24), static_cast<std::uint8_t>(block_index >> 16),
      static_cast<std::uint8_t>(block_index >> 8), static_cast<std::uint8_t>(block_index)};
  std::array<std::uint8_t, H::k_digest_size> digest;
  {
    ShaHasher<H> inner_hash(impl, inner, H::k_block_size);
    inner_hash.update(salt);
    inner_hash.update(index_be);
    inner_hash.finish(digest);
  }
  ShaHasher<H> outer_hash(impl, outer, H::k_block_size);
  outer_hash.update(digest);
  OPENSSL_cleanse(digest.data(), digest.size());
  return outer_hash.finish_state();
}

template <class H>
void pbkdf2_with(std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt, std::uint32_t rounds,
                 std::span<std::uint8_t> out) {
  using State = typename H::State;
  constexpr std::size_t digest_size = H::k_digest_size;
  // RFC 8018 §5.2 step 1: at most 2^32 - 1 output blocks.
  if (out.size() > 0xffffffffULL * digest_size) throw std::invalid_argument("pbkdf2_hmac: derived key too long");

  const ShaImpl<H>& impl = H::impl();

  // The key states, computed once for all blocks and iterations.
  State inner;
  State outer;
  key_states<H>(impl, password, inner, outer);

  std::array<std::uint8_t, digest_size> digest;
  State u;
  State acc;
  std::uint32_t block_index = 0;
  for (std::size_t offset = 0; offset < out.size(); offset += digest_size) {
    ++block_index;
    u = first_u<H>(impl, inner, outer, salt, block_index);
    // T_i = U_1 ^ U_2 ^ ... ^ U_c.
    acc = u;
    impl.hmac_chain(inner, outer, u, acc, rounds - 1);
    store_state<H>(digest, acc);
    const std::size_t take = std::min(digest_size, out.size() - offset);
    std::copy_n(digest.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(offset));
  }

  // Everything below is enough to recompute the derived key (or the password's HMAC key).
  OPENSSL_cleanse(inner.data(), sizeof(inner));
  OPENSSL_cleanse(outer.data(), sizeof(outer));
  OPENSSL_cleanse(digest.data(), digest.size());
  OPENSSL_cleanse(u.data(), sizeof(u));
  OPENSSL_cleanse(acc.data(), sizeof(acc));
}

}  // namespace

std::size_t digest_size(HmacDigest d) {
  switch (d) {
    case HmacDigest::sha1: return Sha1::k_digest_size;
    case HmacDigest::sha256: return Sha256::k_digest_size;
    case HmacDigest::sha512: return Sha512::k_digest_size;
  }
  throw std::invalid_argument("digest_size: unknown digest");
}

void pbkdf2_hmac(HmacDigest d, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                 std::uint32_t rounds, std::span<std::uint8_t> out) {
  // Zero rounds is undefined in RFC 8018 and would skip the derivation: refuse rather than guess.
  if (rounds == 0) throw std::invalid_argument("pbkdf2_hmac: rounds must be at least 1");
  switch (d) {
    case HmacDigest::sha1: return pbkdf2_with<Sha1>(password, salt, rounds, out);
    case HmacDigest::sha256: return pbkdf2_with<Sha256>(password, salt, rounds, out);
    case HmacDigest::sha512: return pbkdf2_with<Sha512>(password, salt, rounds, out);
  }
  throw std::invalid_argument("pbkdf2_hmac: unknown digest");
}

void pbkdf2_hmac_sha256_lanes(std::span<const Pbkdf2Lane> lanes, std::uint32_t rounds) {
  static_assert(k_pbkdf2_max_lanes <= k_sha256_max_chains && k_pbkdf2_sha256_size == Sha256::k_digest_size);
  if (rounds == 0) throw std::invalid_argument("pbkdf2_hmac_sha256_lanes: rounds must be at least 1");
  if (lanes.empty() || lanes.size() > k_pbkdf2_max_lanes) {
    throw std::invalid_argument("pbkdf2_hmac_sha256_lanes: 1.." + std::to_string(k_pbkdf2_max_lanes) + " lanes");
  }
  using State = Sha256::State;
  const ShaImpl<Sha256>& impl = Sha256::impl();
  // Per lane as in pbkdf2_with for its single output block; only the long chains run together.
  std::array<State, k_pbkdf2_max_lanes> inner, outer, u, acc;
  std::array<Sha256Chain, k_pbkdf2_max_lanes> chains;
  for (std::size_t k = 0; k < lanes.size(); ++k) {
    key_states<Sha256>(impl, lanes[k].password, inner[k], outer[k]);
    u[k] = first_u<Sha256>(impl, inner[k], outer[k], lanes[k].salt, 1);
    acc[k] = u[k];
    chains[k] = {&inner[k], &outer[k], &u[k], &acc[k]};
  }
  sha256_hmac_chains(std::span<const Sha256Chain>(chains.data(), lanes.size()), rounds - 1);
  for (std::size_t k = 0; k < lanes.size(); ++k) store_state<Sha256>(lanes[k].out, acc[k]);
  // Enough to recompute the derived keys (or the passwords' HMAC keys).
  OPENSSL_cleanse(inner.data(), sizeof(inner));
  OPENSSL_cleanse(outer.data(), sizeof(outer));
  OPENSSL_cleanse(u.data(), sizeof(u));
  OPENSSL_cleanse(acc.data(), sizeof(acc));
}

}  // namespace pwcheck::primitives

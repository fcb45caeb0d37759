// PBKDF2 speed, side by side at passlib 1.7.4's default rounds (sha1 131000, sha256 29000, sha512 25000):
//   BM_pwcheck_pbkdf2_<d>               pwcheck's pbkdf2_hmac (the implementation in use is the label)
//   BM_openssl_PKCS5_PBKDF2_HMAC_<d>    OpenSSL's PKCS5_PBKDF2_HMAC, same inputs
//   BM_two_compressions_<d>             2 x rounds calls of the raw block function alone: the limit
// plus BM_pwcheck_pbkdf2_<d>_portable (the fallback for CPUs without SHA-NI) and BM_block_sha512_<impl>,
// which backs the choice of SHA-512 block function.
//
// Run: pbkdf2_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

// The SHA-512 limit calls SHA512_Transform directly (deprecated in OpenSSL 3, still exported).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <vector>

#include "primitives/pbkdf2.hpp"
#include "primitives/sha.hpp"

namespace {

using namespace pwcheck::primitives;

// passlib's defaults: 16-byte salt, digest-sized checksum.
constexpr std::array<std::uint8_t, 8> k_password = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd'};
constexpr std::array<std::uint8_t, 16> k_salt = {0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
                                                 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
constexpr std::uint32_t k_rounds_sha1 = 131000;
constexpr std::uint32_t k_rounds_sha256 = 29000;
constexpr std::uint32_t k_rounds_sha512 = 25000;

void run_pwcheck(benchmark::State& state, HmacDigest d, std::uint32_t rounds, bool portable, const char* label) {
  set_force_portable_sha(portable);
  std::vector<std::uint8_t> out(digest_size(d));
  for (auto _ : state) {
    pbkdf2_hmac(d, k_password, k_salt, rounds, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_force_portable_sha(false);
  state.SetLabel(label);
}

void run_openssl(benchmark::State& state, const EVP_MD* md, std::uint32_t rounds) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  for (auto _ : state) {
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(k_password.data()), static_cast<int>(k_password.size()),
                          k_salt.data(), static_cast<int>(k_salt.size()), static_cast<int>(rounds), md,
                          static_cast<int>(out.size()), out.data()) != 1) {
      state.SkipWithError("PKCS5_PBKDF2_HMAC failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
}

// The U block of an iteration: digest, 0x80, zeros, bit length.
template <class H>
std::array<std::uint8_t, H::k_block_size> padded_digest_block() {
  std::array<std::uint8_t, H::k_block_size> block{};
  for (std::size_t i = 0; i < H::k_digest_size; ++i) block[i] = static_cast<std::uint8_t>(i * 37 + 1);
  block[H::k_digest_size] = 0x80;
  store_be<std::uint64_t>(block.data() + H::k_block_size - 8, (H::k_block_size + H::k_digest_size) * 8);
  return block;
}

// Each call continues from the previous call's state, so the calls are as serial as PBKDF2's; the
// message stays fixed, which lets the CPU run ahead on it and makes this a strict lower bound.
template <class H>
void run_compressions(benchmark::State& state, const ShaImpl<H>& impl, std::uint64_t calls) {
  const auto block = padded_digest_block<H>();
  typename H::State s = H::k_initial_state;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < calls; ++i) impl.compress(s, block.data(), 1);
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(impl.name);
}

// SHA512_Transform with no wrapper at all, the fastest way to call OpenSSL's SHA-512 block function.
void run_sha512_transform(benchmark::State& state, std::uint64_t calls) {
  const auto block = padded_digest_block<Sha512>();
  SHA512_CTX ctx;
  SHA512_Init(&ctx);
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < calls; ++i) SHA512_Transform(&ctx, block.data());
    benchmark::DoNotOptimize(ctx.h);
    benchmark::ClobberMemory();
  }
  state.SetLabel("SHA512_Transform");
}

void BM_pwcheck_pbkdf2_sha1(benchmark::State& s) {
  run_pwcheck(s, HmacDigest::sha1, k_rounds_sha1, false, Sha1::impl().name);
}
void BM_openssl_PKCS5_PBKDF2_HMAC_sha1(benchmark::State& s) { run_openssl(s, EVP_sha1(), k_rounds_sha1); }
void BM_two_compressions_sha1(benchmark::State& s) { run_compressions<Sha1>(s, Sha1::impl(), 2ULL * k_rounds_sha1); }

void BM_pwcheck_pbkdf2_sha256(benchmark::State& s) {
  run_pwcheck(s, HmacDigest::sha256, k_rounds_sha256, false, Sha256::impl().name);
}
void BM_openssl_PKCS5_PBKDF2_HMAC_sha256(benchmark::State& s) { run_openssl(s, EVP_sha256(), k_rounds_sha256); }
void BM_two_compressions_sha256(benchmark::State& s) {
  run_compressions<Sha256>(s, Sha256::impl(), 2ULL * k_rounds_sha256);
}

void BM_pwcheck_pbkdf2_sha512(benchmark::State& s) {
  run_pwcheck(s, HmacDigest::sha512, k_rounds_sha512, false, Sha512::impl().name);
}
void BM_openssl_PKCS5_PBKDF2_HMAC_sha512(benchmark::State& s) { run_openssl(s, EVP_sha512(), k_rounds_sha512); }
void BM_two_compressions_sha512(benchmark::State& s) { run_sha512_transform(s, 2ULL * k_rounds_sha512); }

void BM_pwcheck_pbkdf2_sha1_portable(benchmark::State& s) {
  run_pwcheck(s, HmacDigest::sha1, k_rounds_sha1, true, "portable");
}
void BM_pwcheck_pbkdf2_sha256_portable(benchmark::State& s) {
  run_pwcheck(s, HmacDigest::sha256, k_rounds_sha256, true, "portable");
}
void BM_pwcheck_pbkdf2_sha512_portable(benchmark::State& s) {
  run_pwcheck(s, HmacDigest::sha512, k_rounds_sha512, true, "portable");
}

void BM_block_sha512_openssl(benchmark::State& s) {
  set_force_portable_sha(false);
  run_compressions<Sha512>(s, Sha512::impl(), 2ULL * k_rounds_sha512);
}
void BM_block_sha512_portable(benchmark::State& s) {
  run_compressions<Sha512>(s, Sha512::portable_impl(), 2ULL * k_rounds_sha512);
}

}  // namespace

BENCHMARK(BM_pwcheck_pbkdf2_sha1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_openssl_PKCS5_PBKDF2_HMAC_sha1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_two_compressions_sha1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_pbkdf2_sha256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_openssl_PKCS5_PBKDF2_HMAC_sha256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_two_compressions_sha256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_pbkdf2_sha512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_openssl_PKCS5_PBKDF2_HMAC_sha512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_two_compressions_sha512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_pbkdf2_sha1_portable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_pbkdf2_sha256_portable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_pbkdf2_sha512_portable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_block_sha512_openssl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_block_sha512_portable)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

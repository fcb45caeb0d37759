// SHA-crypt speed, side by side at passlib 1.7.4's default rounds (sha256_crypt 535000, sha512_crypt
// 656000), password "password", a 16-character salt:
//   BM_pwcheck_<d>_crypt             pwcheck's sha_crypt_raw (the block function in use is the label)
//   BM_pwcheck_<d>_crypt_verify      the whole core::verify of the same hash (parse, derive, compare)
//   BM_libxcrypt_<d>_crypt           libxcrypt's crypt_rn on the same setting
//   BM_compressions_<d>              the rounds loop's block-function calls alone: the limit
// plus BM_pwcheck_<d>_crypt_portable, the fallback for CPUs without SHA-NI.
// Targets (issue 4): sha256_crypt <= 0.35x libxcrypt, sha512_crypt <= 0.9x libxcrypt.
//
// Run: sha_crypt_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <crypt.h>

// The SHA-512 limit also calls SHA512_Transform directly (deprecated in OpenSSL 3, still exported).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <array>
#include <string>
#include <vector>

#include "core/verify.hpp"
#include "primitives/sha.hpp"
#include "primitives/sha_crypt.hpp"

namespace {

using namespace pwcheck::primitives;

constexpr std::string_view k_password = "password";
constexpr std::string_view k_salt = "18FMTahov07ELSZg";  // passlib's default size: 16 characters
constexpr std::uint32_t k_rounds_sha256 = 535000;
constexpr std::uint32_t k_rounds_sha512 = 656000;

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string setting(ShaCryptDigest d, std::uint32_t rounds) {
  return std::string(d == ShaCryptDigest::sha256 ? "$5$" : "$6$") + "rounds=" + std::to_string(rounds) + "$" +
         std::string(k_salt);
}

void run_pwcheck(benchmark::State& state, ShaCryptDigest d, std::uint32_t rounds, bool portable) {
  set_force_portable_sha(portable);
  std::vector<std::uint8_t> out(sha_crypt_digest_size(d));
  for (auto _ : state) {
    sha_crypt_raw(d, bytes(k_password), bytes(k_salt), rounds, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(d == ShaCryptDigest::sha256 ? Sha256::impl().name : Sha512::impl().name);
  set_force_portable_sha(false);
}

std::string libxcrypt_hash(ShaCryptDigest d, std::uint32_t rounds) {
  crypt_data data{};
  const std::string config = setting(d, rounds);
  const char* result = crypt_rn(std::string(k_password).c_str(), config.c_str(), &data, static_cast<int>(sizeof data));
  return result != nullptr && result[0] != '*' ? std::string(result) : std::string();
}

void run_verify(benchmark::State& state, ShaCryptDigest d, std::uint32_t rounds) {
  const std::string hash = libxcrypt_hash(d, rounds);
  pwcheck::core::VerifyRequest r;
  r.password = bytes(k_password);
  r.hash = hash;
  for (auto _ : state) {
    const auto result = pwcheck::core::verify(r);
    if (result.match != std::optional<bool>(true)) {
      state.SkipWithError("pwcheck did not verify libxcrypt's hash");
      break;
    }
  }
}

void run_libxcrypt(benchmark::State& state, ShaCryptDigest d, std::uint32_t rounds) {
  const std::string config = setting(d, rounds);
  const std::string password(k_password);
  crypt_data data{};
  for (auto _ : state) {
    const char* result = crypt_rn(password.c_str(), config.c_str(), &data, static_cast<int>(sizeof data));
    if (result == nullptr || result[0] == '*') {
      state.SkipWithError("crypt_rn refused the setting");
      break;
    }
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
}

// As many serial block-function calls as the rounds loop makes, on a fixed block: a strict lower bound.
template <class H>
void run_compressions(benchmark::State& state, ShaCryptDigest d, std::uint32_t rounds) {
  const std::uint64_t calls = sha_crypt_round_compressions(d, k_password.size(), k_salt.size(), rounds);
  std::array<std::uint8_t, H::k_block_size> block{};
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<std::uint8_t>(i * 37 + 1);
  typename H::State s = H::k_initial_state;
  const ShaImpl<H>& impl = H::impl();
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < calls; ++i) impl.compress(s, block.data(), 1);
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(std::string(impl.name) + ", " + std::to_string(calls) + " calls");
}

// SHA512_Transform with no wrapper at all, the fastest way to call OpenSSL's SHA-512 block function.
void run_sha512_transform(benchmark::State& state, std::uint32_t rounds) {
  const std::uint64_t calls =
      sha_crypt_round_compressions(ShaCryptDigest::sha512, k_password.size(), k_salt.size(), rounds);
  std::array<std::uint8_t, 128> block{};
  SHA512_CTX ctx;
  SHA512_Init(&ctx);
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < calls; ++i) SHA512_Transform(&ctx, block.data());
    benchmark::DoNotOptimize(ctx.h);
    benchmark::ClobberMemory();
  }
  state.SetLabel("SHA512_Transform, " + std::to_string(calls) + " calls");
}

void BM_pwcheck_sha256_crypt(benchmark::State& s) { run_pwcheck(s, ShaCryptDigest::sha256, k_rounds_sha256, false); }
void BM_pwcheck_sha256_crypt_verify(benchmark::State& s) { run_verify(s, ShaCryptDigest::sha256, k_rounds_sha256); }
void BM_libxcrypt_sha256_crypt(benchmark::State& s) { run_libxcrypt(s, ShaCryptDigest::sha256, k_rounds_sha256); }
void BM_compressions_sha256(benchmark::State& s) {
  run_compressions<Sha256>(s, ShaCryptDigest::sha256, k_rounds_sha256);
}
void BM_pwcheck_sha512_crypt(benchmark::State& s) { run_pwcheck(s, ShaCryptDigest::sha512, k_rounds_sha512, false); }
void BM_pwcheck_sha512_crypt_verify(benchmark::State& s) { run_verify(s, ShaCryptDigest::sha512, k_rounds_sha512); }
void BM_libxcrypt_sha512_crypt(benchmark::State& s) { run_libxcrypt(s, ShaCryptDigest::sha512, k_rounds_sha512); }
void BM_compressions_sha512(benchmark::State& s) {
  run_compressions<Sha512>(s, ShaCryptDigest::sha512, k_rounds_sha512);
}
void BM_compressions_sha512_transform(benchmark::State& s) { run_sha512_transform(s, k_rounds_sha512); }
void BM_pwcheck_sha256_crypt_portable(benchmark::State& s) {
  run_pwcheck(s, ShaCryptDigest::sha256, k_rounds_sha256, true);
}
void BM_pwcheck_sha512_crypt_portable(benchmark::State& s) {
  run_pwcheck(s, ShaCryptDigest::sha512, k_rounds_sha512, true);
}

}  // namespace

BENCHMARK(BM_pwcheck_sha256_crypt)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_sha256_crypt_verify)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_libxcrypt_sha256_crypt)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compressions_sha256)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_sha512_crypt)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_sha512_crypt_verify)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_libxcrypt_sha512_crypt)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compressions_sha512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compressions_sha512_transform)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_sha256_crypt_portable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pwcheck_sha512_crypt_portable)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

// Per-core throughput of verifying many records: one hash at a time against several independent
// computations interleaved in one thread (bcrypt_raw_lanes, core::verify_batch). Compare the
// items_per_second (hashes per second) of the rows side by side within one run.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/registry.hpp"
#include "core/verify.hpp"
#include "primitives/bcrypt.hpp"
#include "primitives/pbkdf2.hpp"
#include "primitives/sha.hpp"

namespace {

using namespace pwcheck;

constexpr unsigned k_cost = 8;

std::vector<std::uint8_t> key_for(std::size_t i) {
    std::string text = "password-" + std::to_string(i);
    std::vector<std::uint8_t> key(text.begin(), text.end());
    key.push_back(0);
    return key;
}

// One bcrypt at a time (the verify path).
void BM_bcrypt_raw_single(benchmark::State& state) {
    const auto key = key_for(0);
    std::array<std::uint8_t, 16> salt{};
    std::array<std::uint8_t, 24> out{};
    for (auto _ : state) {
        primitives::bcrypt_raw(key, salt, k_cost, out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_bcrypt_raw_single)->Unit(benchmark::kMillisecond);

// N bcrypts of one cost stepped together in one thread.
void BM_bcrypt_raw_lanes(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<std::vector<std::uint8_t>> keys;
    std::vector<std::array<std::uint8_t, 16>> salts(n);
    std::vector<std::array<std::uint8_t, 24>> outs(n);
    std::vector<primitives::BcryptLane> lanes;
    for (std::size_t k = 0; k < n; ++k) keys.push_back(key_for(k));
    for (std::size_t k = 0; k < n; ++k) {
        salts[k][0] = static_cast<std::uint8_t>(k);
        lanes.push_back({keys[k], salts[k], outs[k]});
    }
    for (auto _ : state) {
        primitives::bcrypt_raw_lanes(lanes, k_cost);
        benchmark::DoNotOptimize(outs);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_bcrypt_raw_lanes)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

// PBKDF2-HMAC-SHA256 chains of 29000 iterations (pbkdf2_sha256's default): 1 chain (the verify path's
// hmac_chain) against 2, 3 or 4 interleaved by sha256_hmac_chains.
void BM_pbkdf2_sha256_chains(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<primitives::Sha256::State> inner(n), outer(n), u(n), acc(n);
    std::vector<primitives::Sha256Chain> chains;
    for (std::size_t k = 0; k < n; ++k) {
        inner[k].fill(static_cast<std::uint32_t>(k + 1));
        outer[k].fill(static_cast<std::uint32_t>(k + 7));
        u[k].fill(static_cast<std::uint32_t>(k));
        acc[k] = u[k];
        chains.push_back({&inner[k], &outer[k], &u[k], &acc[k]});
    }
    for (auto _ : state) {
        primitives::sha256_hmac_chains(chains, 29000 - 1);
        benchmark::DoNotOptimize(acc);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.SetLabel(primitives::Sha256::impl().name);
}
BENCHMARK(BM_pbkdf2_sha256_chains)->Arg(1)->Arg(2)->Arg(3)->Arg(4)->Unit(benchmark::kMillisecond);

// Whole derivations: pbkdf2_hmac one at a time against pbkdf2_hmac_sha256_lanes, 29000 rounds.
void BM_pbkdf2_sha256_single(benchmark::State& state) {
    const auto key = key_for(0);
    std::array<std::uint8_t, 16> salt{};
    std::array<std::uint8_t, 32> out{};
    for (auto _ : state) {
        primitives::pbkdf2_hmac(primitives::HmacDigest::sha256, key, salt, 29000, out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_pbkdf2_sha256_single)->Unit(benchmark::kMillisecond);

void BM_pbkdf2_sha256_lanes(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<std::vector<std::uint8_t>> keys;
    std::vector<std::array<std::uint8_t, 16>> salts(n);
    std::vector<std::array<std::uint8_t, 32>> outs(n);
    std::vector<primitives::Pbkdf2Lane> lanes;
    for (std::size_t k = 0; k < n; ++k) keys.push_back(key_for(k));
    for (std::size_t k = 0; k < n; ++k) {
        salts[k][0] = static_cast<std::uint8_t>(k);
        lanes.push_back({keys[k], salts[k], outs[k]});
    }
    for (auto _ : state) {
        primitives::pbkdf2_hmac_sha256_lanes(lanes, 29000);
        benchmark::DoNotOptimize(outs);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_pbkdf2_sha256_lanes)->Arg(1)->Arg(2)->Arg(3)->Arg(4)->Unit(benchmark::kMillisecond);

// Whole records: `pwcheck batch`'s core call against verify() one at a time, 12 bcrypt records of
// cost 8 (a chunk of the batch command).
struct Records {
    std::vector<std::string> passwords;
    std::vector<std::string> hashes;
    std::vector<core::VerifyRequest> requests;
};

Records make_records(std::string_view scheme, std::uint64_t cost, std::size_t n) {
    Records r;
    const auto& row = *core::find_scheme(scheme);
    for (std::size_t i = 0; i < n; ++i) {
        r.passwords.push_back("password-" + std::to_string(i));
        std::vector<std::uint8_t> salt(row.salt_size, static_cast<std::uint8_t>(i));
        const auto& p = r.passwords.back();
        r.hashes.push_back(*row.make_hash({reinterpret_cast<const std::uint8_t*>(p.data()), p.size()}, cost, salt));
    }
    for (std::size_t i = 0; i < n; ++i) {
        core::VerifyRequest q;
        q.password = {reinterpret_cast<const std::uint8_t*>(r.passwords[i].data()), r.passwords[i].size()};
        q.hash = r.hashes[i];
        r.requests.push_back(q);
    }
    return r;
}

void BM_records_verify_one_at_a_time(benchmark::State& state, std::string_view scheme, std::uint64_t cost) {
    const Records r = make_records(scheme, cost, 12);
    for (auto _ : state) {
        for (const auto& q : r.requests) benchmark::DoNotOptimize(core::verify(q));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * r.requests.size()));
}

void BM_records_verify_batch(benchmark::State& state, std::string_view scheme, std::uint64_t cost) {
    const Records r = make_records(scheme, cost, 12);
    for (auto _ : state) benchmark::DoNotOptimize(core::verify_batch(r.requests));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * r.requests.size()));
}

BENCHMARK_CAPTURE(BM_records_verify_one_at_a_time, bcrypt_8, "bcrypt", 8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_records_verify_batch, bcrypt_8, "bcrypt", 8)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_records_verify_one_at_a_time, pbkdf2_sha256_29000, "pbkdf2_sha256", 29000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_records_verify_batch, pbkdf2_sha256_29000, "pbkdf2_sha256", 29000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

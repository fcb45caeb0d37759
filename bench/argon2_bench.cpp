// Side-by-side timing of argon2 verification at passlib 1.7.4's defaults (argon2id m=102400 KiB,
// t=2, p=8, 16-byte salt and tag): pwcheck's core::verify, libsodium's crypto_pwhash_argon2id_str_verify
// on the same string, and Debian's libargon2 (loaded with dlopen: its static archive and libsodium's
// define the same global internal symbols) with threads = min(p, cores), with its own allocator and
// with an mmap + MADV_HUGEPAGE one. The acceptance bar is pwcheck <= 1.05x libsodium.
#include <benchmark/benchmark.h>
#include <dlfcn.h>
#include <sodium.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <thread>

#if __has_include(<argon2.h>)
#include <argon2.h>
#define PWCHECK_HAVE_ARGON2_H 1
#endif

#include "core/registry.hpp"
#include "core/verify.hpp"
#include "primitives/argon2.hpp"

namespace {

constexpr char k_password[] = "correct horse battery staple";
constexpr char k_salt[] = "saltsaltsaltsalt";
// passlib 1.7.4: argon2.using(salt=b"saltsaltsaltsalt").hash("correct horse battery staple").
constexpr char k_hash[] = "$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHRzYWx0c2FsdA$QVPHaDbgLG5NTYm/53coqg";
constexpr std::uint32_t k_m = 102400, k_t = 2, k_p = 8;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

unsigned lane_threads() { return std::min(k_p, std::max(1u, std::thread::hardware_concurrency())); }

void BM_pwcheck_verify(benchmark::State& state) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(k_password);
    r.hash = k_hash;
    r.scheme = pwcheck::core::find_scheme("argon2");
    for (auto _ : state) {
        const auto result = pwcheck::core::verify(r);
        if (result.match != std::optional<bool>(true)) {
            state.SkipWithError("pwcheck did not match");
            break;
        }
    }
}

void BM_pwcheck_argon2_one_thread(benchmark::State& state) {
    std::uint8_t tag[16];
    for (auto _ : state) {
        pwcheck::primitives::argon2_hash({pwcheck::primitives::Argon2Type::id, 19, k_m, k_t, k_p}, bytes(k_password),
                                         bytes(k_salt), tag, 1);
        benchmark::DoNotOptimize(tag);
    }
}

void BM_libsodium_str_verify(benchmark::State& state) {
    if (sodium_init() < 0) state.SkipWithError("sodium_init failed");
    for (auto _ : state) {
        if (crypto_pwhash_argon2id_str_verify(k_hash, k_password, std::strlen(k_password)) != 0) {
            state.SkipWithError("libsodium did not match");
            break;
        }
    }
}

#ifdef PWCHECK_HAVE_ARGON2_H
using Argon2CtxFn = int (*)(argon2_context*, argon2_type);

Argon2CtxFn libargon2_ctx() {
    // RTLD_DEEPBIND: libargon2's internal calls must bind inside it, not to libsodium's same-named globals.
    static void* const k_handle = dlopen("libargon2.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    return k_handle == nullptr ? nullptr : reinterpret_cast<Argon2CtxFn>(dlsym(k_handle, "argon2_ctx"));
}

int huge_alloc(std::uint8_t** memory, std::size_t size) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return -1;
    madvise(p, size, MADV_HUGEPAGE);
    *memory = static_cast<std::uint8_t*>(p);
    return 0;
}

void huge_free(std::uint8_t* memory, std::size_t size) {
    sodium_memzero(memory, size);  // libargon2 wipes before calling free_cbk only with the flag; do it here
    munmap(memory, size);
}

void BM_libargon2_ctx(benchmark::State& state) {
    const Argon2CtxFn ctx_fn = libargon2_ctx();
    if (ctx_fn == nullptr) {
        state.SkipWithError("libargon2.so.1 not found");
        return;
    }
    const bool hugepages = state.range(0) != 0;
    std::uint8_t tag[16];
    std::uint8_t password[sizeof k_password];
    for (auto _ : state) {
        std::memcpy(password, k_password, sizeof k_password);
        argon2_context c{};
        c.out = tag;
        c.outlen = sizeof tag;
        c.pwd = password;
        c.pwdlen = static_cast<std::uint32_t>(std::strlen(k_password));
        c.salt = reinterpret_cast<std::uint8_t*>(const_cast<char*>(k_salt));
        c.saltlen = 16;
        c.t_cost = k_t;
        c.m_cost = k_m;
        c.lanes = k_p;
        c.threads = lane_threads();
        c.version = ARGON2_VERSION_13;
        c.flags = ARGON2_FLAG_CLEAR_PASSWORD;
        if (hugepages) {
            c.allocate_cbk = huge_alloc;
            c.free_cbk = huge_free;
        }
        if (ctx_fn(&c, Argon2_id) != ARGON2_OK) {
            state.SkipWithError("argon2_ctx failed");
            break;
        }
        benchmark::DoNotOptimize(tag);
    }
    state.counters["threads"] = lane_threads();
}
#endif

BENCHMARK(BM_pwcheck_verify)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_libsodium_str_verify)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_pwcheck_argon2_one_thread)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifdef PWCHECK_HAVE_ARGON2_H
BENCHMARK(BM_libargon2_ctx)->ArgName("hugepages")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();

// Side-by-side timing of pwcheck's bcrypt_raw and libxcrypt's crypt_rn on the same password,
// salt and cost. The acceptance bar is pwcheck <= 1.05x libxcrypt at cost 12.
#include "primitives/bcrypt.hpp"

#include <benchmark/benchmark.h>
#include <crypt.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

using pwcheck::primitives::bcrypt_raw;
using pwcheck::primitives::k_bcrypt_output_size;
using pwcheck::primitives::k_bcrypt_salt_size;

constexpr char k_password[] = "correct horse battery staple";
// Salt "abcdefghijklmnopqrstuu" in bcrypt's base-64, decoded to its 16 bytes.
constexpr std::array<std::uint8_t, k_bcrypt_salt_size> k_salt = {
    0x71, 0xd7, 0x9f, 0x82, 0x18, 0xa3, 0x92, 0x59, 0xa7, 0xa2, 0x9a, 0xab, 0xb2, 0xdb, 0xaf, 0xc3};
constexpr char k_salt_text[] = "abcdefghijklmnopqrstuu";

void BM_pwcheck_bcrypt(benchmark::State& state) {
    const auto cost = static_cast<unsigned>(state.range(0));
    // Key as the $2b$ scheme builds it: the password bytes plus the C string's NUL.
    const std::size_t key_size = std::strlen(k_password) + 1;
    const auto* key_bytes = reinterpret_cast<const std::uint8_t*>(k_password);
    std::array<std::uint8_t, k_bcrypt_output_size> out{};
    for (auto _ : state) {
        bcrypt_raw({key_bytes, key_size}, k_salt, cost, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

void BM_libxcrypt_crypt_rn(benchmark::State& state) {
    const auto cost = static_cast<unsigned>(state.range(0));
    std::string setting = "$2b$";
    setting.push_back(static_cast<char>('0' + cost / 10));
    setting.push_back(static_cast<char>('0' + cost % 10));
    setting.push_back('$');
    setting += k_salt_text;
    crypt_data data{};
    for (auto _ : state) {
        const char* result = crypt_rn(k_password, setting.c_str(), &data, static_cast<int>(sizeof data));
        if (result == nullptr || result[0] == '*') {
            state.SkipWithError("crypt_rn rejected the $2b$ setting");
            break;
        }
        benchmark::DoNotOptimize(result);
    }
}

BENCHMARK(BM_pwcheck_bcrypt)->ArgName("cost")->Arg(10)->Arg(12)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_libxcrypt_crypt_rn)->ArgName("cost")->Arg(10)->Arg(12)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

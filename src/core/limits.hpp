#pragma once
// Caps on the work an untrusted hash string may ask for, checked before any computing (STYLE rule 8).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pwcheck::core {

/// Upper bounds on hash cost parameters; the one place the defaults live.
struct Limits {
    /// No limits at all: for `pwcheck bench`, which chooses its own costs.
    static constexpr Limits none();

    /// Largest PBKDF2 iteration count (Django 5 / Werkzeug 3 use ~1,000,000; passlib allows 2^32-1).
    std::uint64_t max_pbkdf2_rounds = 20'000'000;
    /// Largest bcrypt log2 cost (16 is ~4 s here; passlib allows 31, which would run for days).
    std::uint64_t max_bcrypt_cost = 18;
    /// Largest memory in bytes a scrypt hash may need, 128 r (N + p + 2): 2 GiB, about passlib's own
    /// bound (its OpenSSL backend refuses maxmem >= 2^31 - 1). ln=20, r=8 (1 GiB) passes.
    std::uint64_t max_scrypt_memory = std::uint64_t{2} << 30;
    /// Largest sha256_crypt / sha512_crypt rounds (passlib's defaults are 535,000 / 656,000; 10,000,000 is
    /// ~0.6 s / ~1.8 s here; passlib allows 999,999,999).
    std::uint64_t max_sha_crypt_rounds = 10'000'000;
    /// Largest argon2 memory m in KiB: 2 GiB, RFC 9106's first recommended setting (passlib allows 2^32-1 KiB = 4 TiB).
    std::uint64_t max_argon2_memory_kib = 2'097'152;
    /// Largest argon2 time cost t (passes); real-world hashes use 1..10 (passlib allows 2^32-1).
    std::uint64_t max_argon2_time = 1000;
    /// Largest argon2 parallelism p (lanes); real-world hashes use 1..64 (passlib allows 2^24-1).
    std::uint64_t max_argon2_parallelism = 255;
    /// Largest phpass log2 rounds: 2^24 MD5s (~2.7 s here; passlib's default is 2^19, WordPress writes 2^13).
    /// passlib allows 2^30, about two minutes of work for one hash string.
    std::uint64_t max_phpass_rounds = 24;
};

/// nullopt when `value` is within `limit`; else cost_over_limit (exit 5), "<what> <value> exceeds the
/// limit of <limit>", e.g. "pbkdf2_sha256 rounds 30000000 exceeds the limit of 20000000".
inline std::optional<Error> over_limit(std::string_view what, std::uint64_t value, std::uint64_t limit) {
    if (value <= limit) return std::nullopt;
    return make_error(ErrorCode::cost_over_limit, std::string(what) + " " + std::to_string(value) +
                                                      " exceeds the limit of " + std::to_string(limit));
}

constexpr Limits Limits::none() {
    constexpr auto k_max = std::numeric_limits<std::uint64_t>::max();
    Limits l;
    l.max_pbkdf2_rounds = k_max;
    l.max_bcrypt_cost = k_max;
    l.max_scrypt_memory = k_max;
    l.max_sha_crypt_rounds = k_max;
    l.max_argon2_memory_kib = k_max;
    l.max_argon2_time = k_max;
    l.max_argon2_parallelism = k_max;
    l.max_phpass_rounds = k_max;
    return l;
}

}  // namespace pwcheck::core

#pragma once
// Caps on the work an untrusted hash string may ask for, checked before any computing (STYLE rule 8).
#include <cstdint>

namespace pwcheck::core {

/// Upper bounds on hash cost parameters; the one place the defaults live.
struct Limits {
    /// Largest PBKDF2 iteration count (Django 5 / Werkzeug 3 use ~1,000,000; passlib allows 2^32-1).
    std::uint64_t max_pbkdf2_rounds = 20'000'000;
    /// Largest bcrypt log2 cost (16 is ~4 s here; passlib allows 31, which would run for days).
    std::uint64_t max_bcrypt_cost = 18;
    /// Largest argon2 memory m in KiB: 2 GiB, RFC 9106's first recommended setting (passlib allows 2^32-1 KiB = 4 TiB).
    std::uint64_t max_argon2_memory_kib = 2'097'152;
    /// Largest argon2 time cost t (passes); real-world hashes use 1..10 (passlib allows 2^32-1).
    std::uint64_t max_argon2_time = 1000;
    /// Largest argon2 parallelism p (lanes); real-world hashes use 1..64 (passlib allows 2^24-1).
    std::uint64_t max_argon2_parallelism = 255;
};

}  // namespace pwcheck::core

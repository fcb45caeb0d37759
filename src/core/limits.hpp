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
    /// Largest sha256_crypt / sha512_crypt rounds (passlib's defaults are 535,000 / 656,000; 10,000,000 is
    /// ~0.6 s / ~1.8 s here; passlib allows 999,999,999).
    std::uint64_t max_sha_crypt_rounds = 10'000'000;
};

}  // namespace pwcheck::core

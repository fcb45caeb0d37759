#pragma once
// Caps on the work an untrusted hash string may ask for, checked before any computing (STYLE rule 8).
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace pwcheck::core {

/// Upper bounds on hash cost parameters; the one place the defaults live. The defaults take every
/// real-world parameter set (Django 5 / Werkzeug 3 PBKDF2 at 1,000,000+ rounds, bcrypt 16, argon2id at
/// RFC 9106's m = 2 GiB, scrypt ln = 20, r = 8) and refuse what would run for minutes or exhaust memory.
struct Limits {
    /// No limits at all: for `pwcheck bench`, which chooses its own costs.
    static constexpr Limits none();

    /// Largest PBKDF2 iteration count (Django 5 / Werkzeug 3 use ~1,000,000; passlib allows 2^32-1).
    std::uint64_t max_pbkdf2_rounds = 20'000'000;
    /// Largest bcrypt log2 cost (16 is ~4 s here; passlib allows 31, which would run for days).
    std::uint64_t max_bcrypt_cost = 18;
    /// Largest sha256_crypt / sha512_crypt rounds (passlib's defaults are 535,000 / 656,000; 10,000,000 is
    /// ~0.6 s / ~1.8 s here; passlib allows 999,999,999), and the rounds of the other crypt(3) methods
    /// that count them: SunMD5 (up to 2^32-1 in libxcrypt) and BSDi DES (up to 2^24-1, ~4 s).
    std::uint64_t max_sha_crypt_rounds = 10'000'000;
    /// Largest phpass log2 rounds: 2^24 MD5s (~2.7 s here; passlib's default is 2^19, WordPress writes 2^13).
    /// passlib allows 2^30, about two minutes of work for one hash string.
    std::uint64_t max_phpass_rounds = 24;
    /// Largest memory in bytes one hash may make pwcheck allocate: scrypt's 128 r (N + p + 2), argon2's
    /// m KiB, yescrypt's. 2 GiB is RFC 9106's first argon2 setting and about passlib's own scrypt bound
    /// (its OpenSSL backend refuses maxmem >= 2^31 - 1); passlib allows argon2 m = 2^32-1 KiB = 4 TiB.
    std::uint64_t max_memory = std::uint64_t{2} << 30;
    /// Largest memory x passes in bytes of a memory-hard hash: argon2's m KiB x t, scrypt's 128 r N x p.
    /// Memory and passes can each be within their limits and still take half an hour together
    /// (argon2 m = 2 GiB, t = 1000); 8 GiB (~6 s here) takes m = 2 GiB at t = 4 and libsodium's SENSITIVE.
    std::uint64_t max_memory_work = std::uint64_t{8} << 30;
    /// Largest argon2 time cost t (passes); real-world hashes use 1..10 (passlib allows 2^32-1).
    std::uint64_t max_argon2_time = 1000;
    /// Largest argon2 parallelism p (lanes); real-world hashes use 1..64 (passlib allows 2^24-1).
    std::uint64_t max_argon2_parallelism = 255;
};

/// One limit of Limits, for the CLI's `--max-<key>` options, their help and the refusal messages.
struct LimitInfo {
    std::string_view key;             ///< e.g. "pbkdf2-rounds"; the CLI's option is --max-<key>.
    std::uint64_t Limits::*field;     ///< The bound in Limits.
    std::string_view description;     ///< What it bounds, for --help and the man page.
    bool is_size;                     ///< A number of bytes (taken with K/M/G/T suffixes, written as "2 GiB").
};

/// Every limit, once, in the order --help lists them.
const std::array<LimitInfo, 8>& limit_table();

/// The row of limit_table() with `key`, or nullptr.
const LimitInfo* find_limit(std::string_view key);

/// nullopt when `value` is within the limit `field` of `limits`; else cost_over_limit (exit 5) with
/// Error::limit set to the key: "<what> <value> exceeds the limit of <limit>", e.g. "pbkdf2_sha256
/// rounds 30000000 exceeds the limit of 20000000". Size limits write both numbers with format_size.
std::optional<Error> over_limit(std::string_view what, std::uint64_t value, const Limits& limits,
                                std::uint64_t Limits::*field);

/// The memory and memory x passes limits of a memory-hard hash, in that order; `what` names the hash
/// and its parameters ("scrypt ln=16,r=8,p=255"), both amounts are bytes.
std::optional<Error> memory_hard_over_limit(std::string_view what, std::uint64_t memory, std::uint64_t work,
                                            const Limits& limits);

/// `a * b`, or the largest uint64 when that overflows (work estimates from untrusted parameters).
constexpr std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
    return a * b;
}

/// A byte count in the largest binary unit that divides it: "2 GiB", "1025 KiB", "1000 bytes".
std::string format_size(std::uint64_t bytes);

/// A byte count as the CLI takes it: decimal digits and an optional K, M, G or T suffix (binary,
/// any case, optionally followed by "iB" or "B"), or a plain number of bytes ("1000", "1000B").
std::optional<std::uint64_t> parse_size(std::string_view text);

constexpr Limits Limits::none() {
    constexpr auto k_max = std::numeric_limits<std::uint64_t>::max();
    Limits l;
    l.max_pbkdf2_rounds = k_max;
    l.max_bcrypt_cost = k_max;
    l.max_sha_crypt_rounds = k_max;
    l.max_phpass_rounds = k_max;
    l.max_memory = k_max;
    l.max_memory_work = k_max;
    l.max_argon2_time = k_max;
    l.max_argon2_parallelism = k_max;
    return l;
}

}  // namespace pwcheck::core

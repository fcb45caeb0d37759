#pragma once
// Argon2d / Argon2i / Argon2id (RFC 9106), versions 0x10 and 0x13, any number of lanes, computed on
// several threads when the memory is large enough. Returns the raw tag: comparing it is the caller's job.
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::primitives {

/// Argon2's type y (RFC 9106 §3.1): the value fed into H0 and the address blocks.
enum class Argon2Type : std::uint32_t { d = 0, i = 1, id = 2 };

/// Version 1.0 (0x10): later passes overwrite blocks. What a PHC string without `v=` means.
inline constexpr std::uint32_t k_argon2_version_10 = 0x10;
/// Version 1.3 (0x13 = 19): later passes XOR into blocks (RFC 9106).
inline constexpr std::uint32_t k_argon2_version_13 = 0x13;
/// Largest number of lanes (2^24 - 1, RFC 9106 §3.1).
inline constexpr std::uint32_t k_argon2_max_lanes = 0xFFFFFF;

/// The cost and variant parameters of one Argon2 computation.
struct Argon2Params {
    Argon2Type type;
    std::uint32_t version;     ///< k_argon2_version_10 or k_argon2_version_13 (others are fed into H0 as v1.3).
    std::uint32_t memory_kib;  ///< m: KiB of memory, >= 8 * lanes.
    std::uint32_t passes;      ///< t: >= 1.
    std::uint32_t lanes;       ///< p: 1 .. k_argon2_max_lanes.
};

/// Which implementation of the compression function G runs.
enum class Argon2Backend {
    automatic,  ///< AVX2 where the CPU has it, else portable.
    portable,   ///< Plain C++ on 64-bit words.
    avx2,       ///< 256-bit vectors; only where argon2_avx2_available().
};

/// True when this CPU can run Argon2Backend::avx2.
bool argon2_avx2_available();

/// Number of threads argon2_hash uses for `params` when asked for 0 (automatic): min(lanes, hardware
/// threads), or 1 when the memory is too small for threads to pay off.
unsigned argon2_default_threads(const Argon2Params& params);

/// Computes the Argon2 tag of `password` and `salt` (>= 8 bytes) into `tag` (>= 4 bytes) with no
/// secret key and no associated data. Invalid parameters abort (callers validate untrusted input
/// first). `threads` = 0 picks argon2_default_threads(). The block memory (mmap'd, transparent
/// hugepages advised) and every intermediate are wiped before returning. Throws std::bad_alloc when
/// the memory cannot be had.
void argon2_hash(const Argon2Params& params, std::span<const std::uint8_t> password,
                 std::span<const std::uint8_t> salt, std::span<std::uint8_t> tag, unsigned threads = 0,
                 Argon2Backend backend = Argon2Backend::automatic);

}  // namespace pwcheck::primitives

// Argon2 (RFC 9106), written from the RFC. Memory is a lane-major array of 1 KiB blocks; each pass
// is four slices, and within a slice the lanes are independent, so they run on several threads with
// a join between slices (§3.4: a block may only reference segments of finished slices).
#include "primitives/argon2.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PWCHECK_ARGON2_X86 1
#endif

#include "core/secret.hpp"
#include "primitives/blake2b.hpp"

namespace pwcheck::primitives {
namespace {

constexpr std::size_t k_block_words = 128;
constexpr std::size_t k_block_bytes = 1024;
constexpr std::uint32_t k_sync_points = 4;          // slices per pass
constexpr std::uint32_t k_addresses_per_block = 128;  // J1/J2 pairs in one address block
constexpr std::size_t k_h0_size = 64;
constexpr std::size_t k_huge_page = 2u << 20;
// Below this many blocks per slice and lane, starting threads costs more than it saves.
constexpr std::uint32_t k_min_segment_blocks_for_threads = 64;

struct alignas(64) Block {
    std::uint64_t v[k_block_words];
};

void wipe(void* p, std::size_t n) { core::secure_wipe({static_cast<std::uint8_t*>(p), n}); }

// ---- the compression function G (RFC 9106 §3.5, §3.6) ----------------------------------------

/// Working blocks of G, owned by the caller so they are wiped once per segment, not once per block.
struct Scratch {
    Block r;
    Block keep;
};

/// Computes next = G(prev, ref), or next ^= G(prev, ref) when `with_xor` (v1.3, passes after the first).
using FillBlock = void (*)(const Block& prev, const Block& ref, Block& next, bool with_xor, Scratch& s);

inline std::uint64_t blamka(std::uint64_t x, std::uint64_t y) {
    // The BlaMka multiplication: x + y + 2 * lo32(x) * lo32(y), all mod 2^64.
    return x + y + 2 * (x & 0xFFFFFFFFu) * (y & 0xFFFFFFFFu);
}

inline void gb(std::uint64_t& a, std::uint64_t& b, std::uint64_t& c, std::uint64_t& d) {
    a = blamka(a, b);
    d = std::rotr(d ^ a, 32);
    c = blamka(c, d);
    b = std::rotr(b ^ c, 24);
    a = blamka(a, b);
    d = std::rotr(d ^ a, 16);
    c = blamka(c, d);
    b = std::rotr(b ^ c, 63);
}

/// The permutation P on the 16 words w[idx[0..15]] of `w`, seen as a 4x4 matrix in row order.
inline void permute(std::uint64_t* w, const std::uint8_t* idx) {
    std::uint64_t* v[16];
    for (int k = 0; k < 16; ++k) v[k] = &w[idx[k]];
    gb(*v[0], *v[4], *v[8], *v[12]);
    gb(*v[1], *v[5], *v[9], *v[13]);
    gb(*v[2], *v[6], *v[10], *v[14]);
    gb(*v[3], *v[7], *v[11], *v[15]);
    gb(*v[0], *v[5], *v[10], *v[15]);
    gb(*v[1], *v[6], *v[11], *v[12]);
    gb(*v[2], *v[7], *v[8], *v[13]);
    gb(*v[3], *v[4], *v[9], *v[14]);
}

constexpr std::uint8_t k_row_index[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
// Column c of the 8x8 matrix of 16-byte registers: words 2c, 2c+1 of each of the 8 rows.
constexpr std::uint8_t k_column_index[16] = {0, 1, 16, 17, 32, 33, 48, 49, 64, 65, 80, 81, 96, 97, 112, 113};

void fill_block_portable(const Block& prev, const Block& ref, Block& next, bool with_xor, Scratch& s) {
    Block& r = s.r;
    Block& keep = s.keep;
    for (std::size_t i = 0; i < k_block_words; ++i) r.v[i] = prev.v[i] ^ ref.v[i];
    for (std::size_t i = 0; i < k_block_words; ++i) keep.v[i] = with_xor ? r.v[i] ^ next.v[i] : r.v[i];
    for (int row = 0; row < 8; ++row) permute(r.v + 16 * row, k_row_index);
    for (int col = 0; col < 8; ++col) permute(r.v + 2 * col, k_column_index);
    for (std::size_t i = 0; i < k_block_words; ++i) next.v[i] = r.v[i] ^ keep.v[i];
}

#ifdef PWCHECK_ARGON2_X86

#define PWCHECK_AVX2 __attribute__((target("avx2")))

PWCHECK_AVX2 inline __m256i blamka_avx2(__m256i x, __m256i y) {
    const __m256i xy = _mm256_mul_epu32(x, y);  // lo32(x) * lo32(y) in each 64-bit lane
    return _mm256_add_epi64(_mm256_add_epi64(x, y), _mm256_add_epi64(xy, xy));
}

PWCHECK_AVX2 inline void gb_avx2(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
    const __m256i rot24 = _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1,
                                           2, 11, 12, 13, 14, 15, 8, 9, 10);
    const __m256i rot16 = _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0,
                                           1, 10, 11, 12, 13, 14, 15, 8, 9);
    a = blamka_avx2(a, b);
    d = _mm256_shuffle_epi32(_mm256_xor_si256(d, a), _MM_SHUFFLE(2, 3, 0, 1));  // rotr 32
    c = blamka_avx2(c, d);
    b = _mm256_shuffle_epi8(_mm256_xor_si256(b, c), rot24);
    a = blamka_avx2(a, b);
    d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), rot16);
    c = blamka_avx2(c, d);
    b = _mm256_xor_si256(b, c);
    b = _mm256_xor_si256(_mm256_add_epi64(b, b), _mm256_srli_epi64(b, 63));  // rotr 63 = rotl 1
}

/// P on a 4x4 matrix held one row per register: the column step, then the diagonal step.
PWCHECK_AVX2 inline void permute_avx2(__m256i& a, __m256i& b, __m256i& c, __m256i& d) {
    gb_avx2(a, b, c, d);
    b = _mm256_permute4x64_epi64(b, _MM_SHUFFLE(0, 3, 2, 1));
    c = _mm256_permute4x64_epi64(c, _MM_SHUFFLE(1, 0, 3, 2));
    d = _mm256_permute4x64_epi64(d, _MM_SHUFFLE(2, 1, 0, 3));
    gb_avx2(a, b, c, d);
    b = _mm256_permute4x64_epi64(b, _MM_SHUFFLE(2, 1, 0, 3));
    c = _mm256_permute4x64_epi64(c, _MM_SHUFFLE(1, 0, 3, 2));
    d = _mm256_permute4x64_epi64(d, _MM_SHUFFLE(0, 3, 2, 1));
}

PWCHECK_AVX2 inline __m256i load_halves(const std::uint64_t* lo, const std::uint64_t* hi) {
    return _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(lo))),
        _mm_load_si128(reinterpret_cast<const __m128i*>(hi)), 1);
}

PWCHECK_AVX2 inline void store_halves(std::uint64_t* lo, std::uint64_t* hi, __m256i v) {
    _mm_store_si128(reinterpret_cast<__m128i*>(lo), _mm256_castsi256_si128(v));
    _mm_store_si128(reinterpret_cast<__m128i*>(hi), _mm256_extracti128_si256(v, 1));
}

PWCHECK_AVX2 void fill_block_avx2(const Block& prev, const Block& ref, Block& next, bool with_xor, Scratch& s) {
    Block& r = s.r;
    __m256i* keep = reinterpret_cast<__m256i*>(s.keep.v);
    for (int i = 0; i < 32; ++i) {
        const __m256i x = _mm256_xor_si256(_mm256_load_si256(reinterpret_cast<const __m256i*>(prev.v) + i),
                                           _mm256_load_si256(reinterpret_cast<const __m256i*>(ref.v) + i));
        _mm256_store_si256(reinterpret_cast<__m256i*>(r.v) + i, x);
        keep[i] = with_xor ? _mm256_xor_si256(x, _mm256_load_si256(reinterpret_cast<const __m256i*>(next.v) + i)) : x;
    }
    for (int row = 0; row < 8; ++row) {
        __m256i* p = reinterpret_cast<__m256i*>(r.v + 16 * row);
        __m256i a = _mm256_load_si256(p), b = _mm256_load_si256(p + 1), c = _mm256_load_si256(p + 2),
                d = _mm256_load_si256(p + 3);
        permute_avx2(a, b, c, d);
        _mm256_store_si256(p, a);
        _mm256_store_si256(p + 1, b);
        _mm256_store_si256(p + 2, c);
        _mm256_store_si256(p + 3, d);
    }
    for (int col = 0; col < 8; ++col) {
        std::uint64_t* w = r.v + 2 * col;
        __m256i a = load_halves(w, w + 16), b = load_halves(w + 32, w + 48), c = load_halves(w + 64, w + 80),
                d = load_halves(w + 96, w + 112);
        permute_avx2(a, b, c, d);
        store_halves(w, w + 16, a);
        store_halves(w + 32, w + 48, b);
        store_halves(w + 64, w + 80, c);
        store_halves(w + 96, w + 112, d);
    }
    for (int i = 0; i < 32; ++i) {
        _mm256_store_si256(reinterpret_cast<__m256i*>(next.v) + i,
                           _mm256_xor_si256(_mm256_load_si256(reinterpret_cast<const __m256i*>(r.v) + i), keep[i]));
    }
}

#endif  // PWCHECK_ARGON2_X86

FillBlock pick_fill_block(Argon2Backend backend) {
    switch (backend) {
        case Argon2Backend::portable: return fill_block_portable;
        case Argon2Backend::avx2:
#ifdef PWCHECK_ARGON2_X86
            if (argon2_avx2_available()) return fill_block_avx2;
#endif
            std::abort();  // asked for an implementation this CPU cannot run
        case Argon2Backend::automatic: break;
    }
#ifdef PWCHECK_ARGON2_X86
    if (argon2_avx2_available()) return fill_block_avx2;
#endif
    return fill_block_portable;
}

// ---- H' (RFC 9106 §3.3) -----------------------------------------------------------------------

/// The variable-length hash H'^T of the concatenation of `parts` into `out` (T = out.size() >= 1).
void hash_long(std::span<std::uint8_t> out, std::initializer_list<std::span<const std::uint8_t>> parts) {
    const auto t = static_cast<std::uint32_t>(out.size());
    if (out.size() <= Blake2b::k_max_digest) {
        Blake2b h(out.size());
        h.update_le32(t);
        for (const auto p : parts) h.update(p);
        h.final(out);
        return;
    }
    // r = ceil(T/32) - 2 blocks V_1..V_r of which the first 32 bytes are kept, then V_{r+1} of T - 32r bytes.
    std::uint8_t v[Blake2b::k_max_digest];
    {
        Blake2b h(Blake2b::k_max_digest);
        h.update_le32(t);
        for (const auto p : parts) h.update(p);
        h.final(v);
    }
    std::size_t done = 0;
    const std::size_t r = (out.size() + 31) / 32 - 2;
    for (std::size_t i = 1; i < r; ++i) {
        std::memcpy(out.data() + done, v, 32);
        done += 32;
        Blake2b h(Blake2b::k_max_digest);
        h.update(v);
        h.final(v);
    }
    std::memcpy(out.data() + done, v, 32);
    done += 32;
    Blake2b h(out.size() - done);
    h.update(v);
    h.final(out.subspan(done));
    wipe(v, sizeof v);
}

std::span<const std::uint8_t> bytes_of(const void* p, std::size_t n) { return {static_cast<const std::uint8_t*>(p), n}; }

// ---- block memory ------------------------------------------------------------------------------

/// m' blocks in an anonymous mapping aligned to 2 MiB with transparent hugepages advised: the page
/// faults of first touch cost ~4x less than with 4 KiB pages. Wiped, then unmapped, on destruction.
class BlockMemory {
public:
    explicit BlockMemory(std::size_t blocks) : m_count(blocks) {
        const std::size_t bytes = blocks * k_block_bytes;
        m_map_size = bytes >= k_huge_page ? bytes + k_huge_page : bytes;
        m_map = mmap(nullptr, m_map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m_map == MAP_FAILED) throw std::bad_alloc();
        auto addr = reinterpret_cast<std::uintptr_t>(m_map);
        if (bytes >= k_huge_page) {
            addr = (addr + k_huge_page - 1) & ~(std::uintptr_t{k_huge_page} - 1);
#ifdef MADV_HUGEPAGE
            madvise(reinterpret_cast<void*>(addr), bytes, MADV_HUGEPAGE);  // advice only: failure is fine
#endif
        }
        m_blocks = reinterpret_cast<Block*>(addr);
    }
    BlockMemory(const BlockMemory&) = delete;
    BlockMemory& operator=(const BlockMemory&) = delete;
    ~BlockMemory() {
        // Blocks are derived from the password: wipe them before the pages go back (STYLE rule 6).
        // Lanes wipe their own blocks on their threads (wipe_lane); this covers whatever is left.
        if (!m_wiped) wipe(m_blocks, m_count * k_block_bytes);
        munmap(m_map, m_map_size);
    }
    Block* blocks() { return m_blocks; }
    void mark_wiped() { m_wiped = true; }

private:
    std::size_t m_count;
    void* m_map = nullptr;
    std::size_t m_map_size = 0;
    Block* m_blocks = nullptr;
    bool m_wiped = false;
};

// ---- filling (RFC 9106 §3.4) -------------------------------------------------------------------

struct Instance {
    Argon2Params params;
    std::uint32_t lane_length;     // q = m' / p
    std::uint32_t segment_length;  // q / 4
    std::uint32_t total_blocks;    // m'
    Block* memory;
    FillBlock fill;
};

/// The index of the reference block within its lane (RFC 9106 §3.4.1.2, "mapping J1 to a block").
std::uint32_t reference_index(const Instance& in, std::uint32_t pass, std::uint32_t slice, std::uint32_t index,
                              std::uint32_t j1, bool same_lane) {
    // W: the blocks of finished segments (all but the current segment's in later passes), plus the
    // ones already made in this segment when in the same lane; never the previous block.
    std::uint64_t area;
    if (pass == 0) {
        if (same_lane) {
            area = std::uint64_t{slice} * in.segment_length + index - 1;
        } else {
            area = std::uint64_t{slice} * in.segment_length - (index == 0 ? 1 : 0);
        }
    } else {
        if (same_lane) {
            area = std::uint64_t{in.lane_length} - in.segment_length + index - 1;
        } else {
            area = std::uint64_t{in.lane_length} - in.segment_length - (index == 0 ? 1 : 0);
        }
    }
    std::uint64_t x = std::uint64_t{j1} * j1 >> 32;
    x = area - 1 - (area * x >> 32);
    const std::uint64_t start = (pass == 0 || slice == k_sync_points - 1) ? 0 : std::uint64_t{slice + 1} * in.segment_length;
    return static_cast<std::uint32_t>((start + x) % in.lane_length);
}

void fill_segment(const Instance& in, std::uint32_t pass, std::uint32_t slice, std::uint32_t lane) {
    const Argon2Type type = in.params.type;
    const bool independent = type == Argon2Type::i || (type == Argon2Type::id && pass == 0 && slice < 2);
    Block zero{};
    Block input{};
    Block address{};
    Block tmp{};
    Scratch scratch;
    if (independent) {
        input.v[0] = pass;
        input.v[1] = lane;
        input.v[2] = slice;
        input.v[3] = in.total_blocks;
        input.v[4] = in.params.passes;
        input.v[5] = static_cast<std::uint64_t>(type);
    }
    auto next_addresses = [&] {
        ++input.v[6];
        in.fill(zero, input, tmp, false, scratch);
        in.fill(zero, tmp, address, false, scratch);
    };
    const std::uint32_t first = (pass == 0 && slice == 0) ? 2 : 0;  // blocks 0 and 1 come from H0
    if (independent && first != 0) next_addresses();
    const bool with_xor = pass > 0 && in.params.version != k_argon2_version_10;

    std::uint64_t curr = std::uint64_t{lane} * in.lane_length + std::uint64_t{slice} * in.segment_length + first;
    for (std::uint32_t index = first; index < in.segment_length; ++index, ++curr) {
        const std::uint64_t prev = (curr % in.lane_length == 0) ? curr + in.lane_length - 1 : curr - 1;
        std::uint64_t pseudo_rand;
        if (independent) {
            if (index % k_addresses_per_block == 0) next_addresses();
            pseudo_rand = address.v[index % k_addresses_per_block];
        } else {
            pseudo_rand = in.memory[prev].v[0];
        }
        std::uint32_t ref_lane = static_cast<std::uint32_t>((pseudo_rand >> 32) % in.params.lanes);
        if (pass == 0 && slice == 0) ref_lane = lane;  // the first slice references only its own lane
        const std::uint32_t ref_index = reference_index(in, pass, slice, index, static_cast<std::uint32_t>(pseudo_rand),
                                                        ref_lane == lane);
        const Block& ref = in.memory[std::uint64_t{ref_lane} * in.lane_length + ref_index];
        in.fill(in.memory[prev], ref, in.memory[curr], with_xor, scratch);
    }
    wipe(&address, sizeof address);
    wipe(&tmp, sizeof tmp);
    wipe(&scratch, sizeof scratch);
}

void wipe_lane(const Instance& in, std::uint32_t lane) {
    wipe(in.memory + std::uint64_t{lane} * in.lane_length, std::size_t{in.lane_length} * k_block_bytes);
}

/// Runs `work(lane)` for every lane, spread over `threads` threads (the caller's included), and returns
/// when all are done. When a thread cannot be started, the calling thread does its lanes.
template <class Work>
void for_each_lane(std::uint32_t lanes, unsigned threads, const Work& work) {
    if (threads <= 1) {
        for (std::uint32_t l = 0; l < lanes; ++l) work(l);
        return;
    }
    auto run_share = [&](unsigned k) {
        for (std::uint32_t l = k; l < lanes; l += threads) work(l);
    };
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    unsigned k = 1;
    try {
        for (; k < threads; ++k) pool.emplace_back(run_share, k);
    } catch (const std::system_error&) {
        // Fewer threads than hoped: do the shares that found no thread here.
    }
    run_share(0);
    for (unsigned rest = k; rest < threads; ++rest) run_share(rest);
    for (auto& t : pool) t.join();
}

void check_params(const Argon2Params& p, std::size_t salt_size, std::size_t tag_size) {
    // Programming errors: the parsers reject these before any call (FORMATS.md §3.1).
    const bool ok = p.lanes >= 1 && p.lanes <= k_argon2_max_lanes && p.passes >= 1 &&
                    std::uint64_t{p.memory_kib} >= 8ull * p.lanes && salt_size >= 8 && tag_size >= 4 &&
                    tag_size <= 0xFFFFFFFFu && salt_size <= 0xFFFFFFFFu;
    if (!ok) std::abort();
}

}  // namespace

bool argon2_avx2_available() {
#ifdef PWCHECK_ARGON2_X86
    static const bool k_avx2 = __builtin_cpu_supports("avx2");
    return k_avx2;
#else
    return false;
#endif
}

unsigned argon2_default_threads(const Argon2Params& params) {
    const std::uint64_t segment = std::uint64_t{params.memory_kib} / (4ull * params.lanes);
    if (params.lanes <= 1 || segment < k_min_segment_blocks_for_threads) return 1;
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::uint64_t>(params.lanes, hw));
}

void argon2_hash(const Argon2Params& params, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                 std::span<std::uint8_t> tag, unsigned threads, Argon2Backend backend) {
    check_params(params, salt.size(), tag.size());
    if (password.size() > 0xFFFFFFFFu) std::abort();
    if (threads == 0) threads = argon2_default_threads(params);
    threads = std::min<unsigned>(threads, params.lanes);

    Instance in{};
    in.params = params;
    // m' = 4p * floor(m / 4p): whole segments in every lane (RFC 9106 §3.2 step 5).
    in.segment_length = params.memory_kib / (k_sync_points * params.lanes);
    in.lane_length = in.segment_length * k_sync_points;
    in.total_blocks = in.lane_length * params.lanes;
    in.fill = pick_fill_block(backend);
    BlockMemory memory(in.total_blocks);
    in.memory = memory.blocks();

    // H0 = H^64(LE32(p) || LE32(T) || LE32(m) || LE32(t) || LE32(v) || LE32(y) || LE32(|P|) || P ||
    //           LE32(|S|) || S || LE32(|K|) || K || LE32(|X|) || X), with K and X empty (§3.2 step 1).
    std::uint8_t h0[k_h0_size];
    {
        Blake2b h(k_h0_size);
        for (const std::uint32_t v : {params.lanes, static_cast<std::uint32_t>(tag.size()), params.memory_kib,
                                      params.passes, params.version, static_cast<std::uint32_t>(params.type)}) {
            h.update_le32(v);
        }
        h.update_le32(static_cast<std::uint32_t>(password.size()));
        h.update(password);
        h.update_le32(static_cast<std::uint32_t>(salt.size()));
        h.update(salt);
        h.update_le32(0);
        h.update_le32(0);
        h.final(h0);
    }

    // B[i][0] = H'^1024(H0 || LE32(0) || LE32(i)), B[i][1] = H'^1024(H0 || LE32(1) || LE32(i)); then the
    // slices. Each lane's first blocks are made on the thread that fills the lane, so first touch of its
    // pages happens there too.
    for (std::uint32_t pass = 0; pass < params.passes; ++pass) {
        for (std::uint32_t slice = 0; slice < k_sync_points; ++slice) {
            for_each_lane(params.lanes, threads, [&](std::uint32_t lane) {
                if (pass == 0 && slice == 0) {
                    for (std::uint32_t j = 0; j < 2; ++j) {
                        const std::uint32_t le[2] = {j, lane};  // little-endian on the targets we build for
                        static_assert(std::endian::native == std::endian::little);
                        hash_long({reinterpret_cast<std::uint8_t*>(in.memory[std::uint64_t{lane} * in.lane_length + j].v),
                                   k_block_bytes},
                                  {bytes_of(h0, sizeof h0), bytes_of(le, sizeof le)});
                    }
                }
                fill_segment(in, pass, slice, lane);
            });
        }
    }
    wipe(h0, sizeof h0);

    // C = XOR of the last block of every lane; tag = H'^T(C) (§3.2 steps 7, 8).
    Block last = in.memory[in.lane_length - 1];
    for (std::uint32_t l = 1; l < params.lanes; ++l) {
        const Block& b = in.memory[std::uint64_t{l} * in.lane_length + in.lane_length - 1];
        for (std::size_t w = 0; w < k_block_words; ++w) last.v[w] ^= b.v[w];
    }
    for_each_lane(params.lanes, threads, [&](std::uint32_t lane) { wipe_lane(in, lane); });
    memory.mark_wiped();
    hash_long(tag, {bytes_of(last.v, k_block_bytes)});
    wipe(&last, sizeof last);
}

}  // namespace pwcheck::primitives

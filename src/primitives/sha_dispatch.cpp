// Run-time choice between the portable and the CPU-specific SHA implementations.
#include <atomic>
#if defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#include <cpuid.h>
#endif

#include "primitives/sha.hpp"

namespace pwcheck::primitives {

namespace {

// Only tests flip this, but an atomic keeps a concurrent reader well-defined.
std::atomic<bool> g_force_portable{false};

bool detect_sha_ni() {
#if defined(__x86_64__) || defined(__i386__)
  // SHA-NI (CPUID.7.0:EBX[29]); the SHA code also uses PSHUFB (SSSE3) and PBLENDW (SSE4.1).
#if defined(__clang__)
  // clang 14's __builtin_cpu_supports does not know "sha" (the fuzz build): the same bits from CPUID.
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
  const bool ssse3 = (ecx & bit_SSSE3) != 0, sse41 = (ecx & bit_SSE4_1) != 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  return ssse3 && sse41 && (ebx & bit_SHA) != 0;
#else
  __builtin_cpu_init();
  return __builtin_cpu_supports("sha") && __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("sse4.1");
#endif
#else
  return false;
#endif
}

}  // namespace

void set_force_portable_sha(bool force) { g_force_portable.store(force, std::memory_order_relaxed); }

bool sha_portable_forced() { return g_force_portable.load(std::memory_order_relaxed); }

bool cpu_has_sha_ni() {
  static const bool has = detect_sha_ni();
  return has;
}

}  // namespace pwcheck::primitives

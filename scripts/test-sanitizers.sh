#!/usr/bin/env bash
# The whole unit and CLI test suite under AddressSanitizer + UndefinedBehaviorSanitizer (with
# LeakSanitizer), in its own build directory (build-asan); .ci/run runs it after scripts/test.sh. About
# 10 minutes on 2 cores. The sanitizer build links the shared libraries (static libstdc++ and ASan do not mix).
# Usage: scripts/test-sanitizers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPWCHECK_STATIC_DEPS=OFF \
  -DPWCHECK_BUILD_BENCH=OFF -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -LE packaging

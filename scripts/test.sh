#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds every target in build/ (Release,
# warnings as errors) and runs all tests with CTest. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPWCHECK_WERROR=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"

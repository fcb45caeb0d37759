#!/usr/bin/env bash
# Quick start: install what is missing, build pwcheck (Release) and check a sample password.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target pwcheck

sample='$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY'
echo
echo "\$ printf 'password\\n' | build/pwcheck --hash '$sample'"
printf 'password\n' | build/pwcheck --hash "$sample"
echo "\$ printf 'password\\n' | build/pwcheck --json --hash '$sample'"
printf 'password\n' | build/pwcheck --json --hash "$sample"

#!/usr/bin/env bash
# Whole-process timings with hyperfine (Debian package `hyperfine`), for the README's performance
# section:
#   1. start-up: pwcheck checking a password against an empty hash (CLI parsing, table set-up, reading
#      stdin, no derivation) next to a C program that does nothing;
#   2. pwcheck -q --hash <the sha256 sample hash> next to the smallest C program doing the same
#      verification with OpenSSL's PKCS5_PBKDF2_HMAC (bench/process/openssl_verify.c).
# hyperfine runs each command through sh and subtracts the shell's own start-up.
# Usage: scripts/bench-process.sh [build-dir]   (after building; exports markdown to build-dir)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
command -v hyperfine >/dev/null || { echo "bench-process: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cmake --build "$build" --target pwcheck trivial openssl_verify >/dev/null

input=$(mktemp)
trap 'rm -f "$input"' EXIT
printf 'password\n' >"$input"
sample='$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY'

hyperfine --shell=sh --warmup 20 --min-runs 300 --ignore-failure \
  --export-markdown "$build/startup.md" \
  -n 'trivial C program' "$build/bench/trivial" \
  -n 'pwcheck start-up (empty hash)' "$build/pwcheck -q --hash '' < $input"

hyperfine --shell=sh --warmup 10 --min-runs 100 \
  --export-markdown "$build/process.md" \
  -n 'OpenSSL C program' "$build/bench/openssl_verify '$sample' < $input" \
  -n 'pwcheck' "$build/pwcheck -q --hash '$sample' < $input"

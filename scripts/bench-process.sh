#!/usr/bin/env bash
# Whole-process timings with hyperfine (Debian package `hyperfine`), for the README's performance
# section:
#   1. start-up: pwcheck checking a password against an empty hash (CLI parsing, table set-up, reading
#      stdin, no derivation) next to a C program that does nothing;
#   2. pwcheck -q --hash <the sha256 sample hash> next to the smallest C program doing the same
#      verification with OpenSSL's PKCS5_PBKDF2_HMAC (bench/process/openssl_verify.c);
#   3. honesty: every original sample hash timed from outside, then `pwcheck bench` on the same
#      digests, whose per-verification means should be these minus start-up.
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

samples=(
  '$pbkdf2$131000$rVUq5VxLKcWYkxKiVOq99w$5zoSk15EHe9N1nmRfyFoPIIRy/Y'
  "$sample"
  '$pbkdf2-sha512$25000$ltLae69VihFirDVGSOmdUw$pcLVv3Vnm3XRx9aHNUgI1FQaF8.UmKHBYt.Hs2EI7at/V80kbsb2P1A2t9akjNom8ZUgVJ4AcbA5vk/7QTgEJQ'
  '$2b$12$44roRI0Ftbbvoy6V1YQebOKeO7a7WhzRvv.X194BMxykDT0nQGcS2'
)
names=(pbkdf2_sha1 pbkdf2_sha256 pbkdf2_sha512 bcrypt)
args=()
for i in "${!samples[@]}"; do
  args+=(-n "${names[$i]}" "$build/pwcheck -q --hash '${samples[$i]}' < $input")
done
hyperfine --shell=sh --warmup 3 --min-runs 20 --export-markdown "$build/outside.md" "${args[@]}"
"$build/pwcheck" bench --min-time 2 --digest sha1 --digest sha256 --digest sha512 --digest bcrypt

#!/usr/bin/env bash
# Installs pwcheck's build and test dependencies from Debian 12's packages (idempotent: does nothing
# when they are all present). Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libssl-dev libsodium-dev libcrypt-dev
  libargon2-dev  # argon2 reference: differential tests and bench only (pwcheck does not link it)
  libcli11-dev nlohmann-json3-dev
  libgtest-dev libbenchmark-dev
  python3-passlib python3-bcrypt python3-argon2  # the test that hashes pwcheck makes verify in passlib
  mandoc bash-completion zsh fish  # man page lint and the completion tests (each skips without its tool)
  dpkg-dev                         # cpack -G DEB computes the package's dependencies with dpkg-shlibdeps
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer and the sanitizers' runtimes
  parallel  # GNU parallel: the README's sharding example and its test (skipped without it)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

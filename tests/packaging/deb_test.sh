#!/usr/bin/env bash
# `cpack -G DEB` makes a .deb whose Depends are exactly the packages owning the shared libraries
# the binary needs (computed by dpkg-shlibdeps, never a hand-written list), that holds the installed
# files under /usr, and whose binary runs from an unpacked scratch root.
# Usage: deb_test.sh PWCHECK SOURCE_DIR BUILD_DIR. Exit 77 (skipped) without dpkg-deb or dpkg-shlibdeps.
set -uo pipefail
PWCHECK=$(realpath "$1")
build_dir=$(realpath "$3")
for tool in cpack dpkg-deb dpkg-shlibdeps readelf; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (dpkg-dev, binutils)"; exit 77; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if ! cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/log" 2>&1; then
    cat "$scratch/log"
    echo "FAIL: cpack -G DEB failed" >&2
    exit 1
fi
debs=("$scratch"/out/*.deb)
[ "${#debs[@]}" -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: expected one .deb, got: ${debs[*]}" >&2; exit 1; }
deb=${debs[0]}
field() { dpkg-deb -f "$deb" "$1"; }

version=$("$PWCHECK" --version | awk '{ print $2 }')
[ "$(field Package)" = pwcheck ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version '$(field Version)' is not pwcheck --version's $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
for name in Maintainer Description Section; do
    [ -n "$(field "$name")" ] || fail "no $name field"
done
[ "$(basename "$deb")" = "pwcheck_${version}_$(dpkg --print-architecture).deb" ] || fail "file name $(basename "$deb")"

# Depends names exactly the packages that own the libraries in the binary's NEEDED entries.
depends=$(field Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sed '/^$/d' | sort -u)
needed_packages=$(
    for soname in $(readelf -d "$PWCHECK" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        # "libc.so.6 => /lib/.../libc.so.6 (...)", or the loader's "/lib64/ld-linux-x86-64.so.2 (...)".
        path=$(ldd "$PWCHECK" | awk -v s="$soname" '$1 == s { print $3 } $1 ~ /^\// && $1 ~ ("/" s "$") { print $1 }')
        [ -n "$path" ] || { echo "cannot resolve $soname" >&2; continue; }
        dpkg -S "$path" 2>/dev/null || dpkg -S "$(realpath "$path")"
    done | sed 's/[:,].*//' | sort -u)
[ -n "$needed_packages" ] || fail "cannot find the packages of the binary's libraries"
[ "$depends" = "$needed_packages" ] ||
    fail "Depends ($(field Depends)) is not the packages of the libraries pwcheck needs ($(echo $needed_packages))"
grep -q 'libc6 (>= ' <<<"$(field Depends)" || fail "Depends has no versioned libc6: $(field Depends)"

# The files, under /usr.
contents=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sort)
expected="./usr/bin/pwcheck
./usr/share/bash-completion/completions/pwcheck
./usr/share/fish/vendor_completions.d/pwcheck.fish
./usr/share/man/man1/pwcheck.1
./usr/share/zsh/vendor-completions/_pwcheck"
[ "$contents" = "$expected" ] || fail "contents differ:"$'\n'"$contents"
grep -q '^-rwxr-xr-x root/root .* \./usr/bin/pwcheck$' <<<"$(dpkg-deb -c "$deb")" || fail "usr/bin/pwcheck is not root's 0755"

# Unpacked, the binary runs, with no environment, and verifies a password.
dpkg-deb -x "$deb" "$scratch/root"
binary=$scratch/root/usr/bin/pwcheck
[ "$(env -i "$binary" --version)" = "pwcheck $version" ] || fail "the packaged binary does not say pwcheck $version"
printf 'password\n' | env -i "$binary" -q \
    --hash '$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY' ||
    fail "the packaged binary does not verify the sample hash"

[ "$failures" -eq 0 ] && echo "deb: $(basename "$deb"), Depends: $(field Depends); all checks passed"
exit $((failures > 0))

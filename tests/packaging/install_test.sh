#!/usr/bin/env bash
# `cmake --install` places exactly the binary, the man page and the three completions, under a
# DESTDIR and under a plain --prefix; the installed files are found where each tool looks.
# Usage: install_test.sh PWCHECK SOURCE_DIR BUILD_DIR.
set -uo pipefail
source_dir=$(realpath "$2")
build_dir=$(realpath "$3")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

expected_files="bin/pwcheck
share/bash-completion/completions/pwcheck
share/fish/vendor_completions.d/pwcheck.fish
share/man/man1/pwcheck.1
share/zsh/vendor-completions/_pwcheck"

check_tree() {  # check_tree WHAT ROOT: ROOT holds exactly the expected files, with the right contents
    local what=$1 root=$2
    [ "$(cd "$root" && find . -type f -o -type l | sed 's|^\./||' | sort)" = "$expected_files" ] ||
        fail "$what: installed files differ:"$'\n'"$(cd "$root" && find . -type f -o -type l | sort)"
    [ -x "$root/bin/pwcheck" ] && grep -q '^pwcheck [0-9]' <<<"$("$root/bin/pwcheck" --version)" ||
        fail "$what: bin/pwcheck does not run"
    cmp -s "$source_dir/man/pwcheck.1" "$root/share/man/man1/pwcheck.1" || fail "$what: the man page differs"
    cmp -s "$source_dir/completions/pwcheck.bash" "$root/share/bash-completion/completions/pwcheck" ||
        fail "$what: the bash completion differs"
    cmp -s "$source_dir/completions/_pwcheck" "$root/share/zsh/vendor-completions/_pwcheck" ||
        fail "$what: the zsh completion differs"
    cmp -s "$source_dir/completions/pwcheck.fish" "$root/share/fish/vendor_completions.d/pwcheck.fish" ||
        fail "$what: the fish completion differs"
}

DESTDIR="$scratch/dest" cmake --install "$build_dir" --prefix /usr >"$scratch/log" 2>&1 || { cat "$scratch/log"; fail "cmake --install with DESTDIR failed"; }
check_tree "DESTDIR=... --prefix /usr" "$scratch/dest/usr"
cmake --install "$build_dir" --prefix "$scratch/prefix" >"$scratch/log" 2>&1 || { cat "$scratch/log"; fail "cmake --install --prefix failed"; }
check_tree "--prefix DIR" "$scratch/prefix"

# Where the tools look for them, given the installed share/ (as /usr/share is on Debian).
share=$scratch/prefix/share
if command -v man >/dev/null; then
    grep -q "^$share/man/man1/pwcheck.1" <<<"$(MANPATH=$share/man man -w pwcheck 2>/dev/null)" || fail "man does not find pwcheck(1)"
fi
if [ -r /usr/share/bash-completion/bash_completion ]; then
    XDG_DATA_DIRS=$share bash -c '. /usr/share/bash-completion/bash_completion; __load_completion pwcheck; complete -p pwcheck' 2>/dev/null |
        grep -q -- '-F _pwcheck' || fail "bash-completion does not load the installed completion"
fi
if command -v fish >/dev/null; then
    # fish autoloads a completion for a command on its PATH, with its own config (not the user's).
    [ "$(PATH=$scratch/prefix/bin:$PATH XDG_DATA_DIRS=$share XDG_CONFIG_HOME=$scratch/config \
        fish -c 'complete --do-complete="pwcheck ident"' | cut -f1)" = identify ] ||
        fail "fish does not load the installed completion"
fi
if command -v zsh >/dev/null; then
    # Debian's zsh has /usr/share/zsh/vendor-completions in its fpath: share/zsh/vendor-completions of /usr.
    grep -qx /usr/share/zsh/vendor-completions <<<"$(zsh -fc 'print -l $fpath')" || fail "zsh's fpath has no /usr/share/zsh/vendor-completions"
fi

[ "$failures" -eq 0 ] && echo "install: all checks passed"
exit $((failures > 0))

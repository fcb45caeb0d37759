#!/usr/bin/env bash
# completions/_pwcheck, loaded by zsh's compinit and run by a real TAB in an interactive zsh,
# agrees with what `pwcheck --help`, `pwcheck CMD --help` and `pwcheck --list-digests` say.
# Usage: completion_zsh_test.sh PWCHECK SOURCE_DIR. Exit 77 (skipped) without zsh.
set -uo pipefail
PWCHECK=$(realpath "$1")
source_dir=$(realpath "$2")
. "$source_dir/tests/packaging/surface.sh"

if ! command -v zsh >/dev/null; then
    echo "SKIP: zsh is not installed"
    exit 77
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" && touch alpha.txt

# compinit must find _pwcheck by its #compdef line.
registered=$(zsh -fc "fpath=(${source_dir@Q}/completions \$fpath); autoload -U compinit; compinit -u -D; print -r -- \${_comps[pwcheck]}")
if [ "$registered" != "_pwcheck" ]; then
    echo "FAIL: compinit does not register _pwcheck for pwcheck (got '$registered')" >&2
    exit 1
fi

# One interactive zsh answers every query (starting one per query would take a second each).
coproc ZSH { exec zsh -f "$source_dir/tests/packaging/zsh_complete.zsh" "$source_dir/completions"; }
complete_words() {
    local line
    printf '%s\n' "$*" >&"${ZSH[1]}"
    while IFS= read -r -t 30 line <&"${ZSH[0]}"; do
        [ "$line" = "--end--" ] && return 0
        printf '%s\n' "$line"
    done
    echo "FAIL: no answer from zsh for: $*" >&2
    return 1
}

. "$source_dir/tests/packaging/completion_checks.sh"
[ "$failures" -eq 0 ] && echo "zsh completion: all checks passed"
exit $((failures > 0))

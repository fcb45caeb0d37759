#!/usr/bin/env bash
# completions/pwcheck.bash, called as bash-completion calls it (COMP_WORDS, COMP_CWORD), agrees with
# what `pwcheck --help`, `pwcheck CMD --help` and `pwcheck --list-digests` say.
# Usage: completion_bash_test.sh PWCHECK SOURCE_DIR. Exit 77 (skipped) without bash-completion.
set -uo pipefail
PWCHECK=$(realpath "$1")
source_dir=$(realpath "$2")
. "$source_dir/tests/packaging/surface.sh"

bash_completion=/usr/share/bash-completion/bash_completion
if [ ! -r "$bash_completion" ]; then
    echo "SKIP: bash-completion is not installed ($bash_completion)"
    exit 77
fi
# bash_completion only defines functions here (it is meant for interactive shells).
. "$bash_completion"
. "$source_dir/completions/pwcheck.bash"
complete -p pwcheck >/dev/null || { echo "FAIL: completions/pwcheck.bash registers no completion for pwcheck" >&2; exit 1; }
function=$(complete -p pwcheck | sed -n 's/.*-F \([^ ]*\).*/\1/p')

complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    "$function" pwcheck "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    [ "${#COMPREPLY[@]}" -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" && touch alpha.txt
. "$source_dir/tests/packaging/completion_checks.sh"
[ "$failures" -eq 0 ] && echo "bash completion: all checks passed"
exit $((failures > 0))

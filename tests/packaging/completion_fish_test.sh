#!/usr/bin/env bash
# completions/pwcheck.fish, asked through fish's `complete -C`, agrees with what `pwcheck --help`,
# `pwcheck CMD --help` and `pwcheck --list-digests` say.
# Usage: completion_fish_test.sh PWCHECK SOURCE_DIR. Exit 77 (skipped) without fish.
set -uo pipefail
PWCHECK=$(realpath "$1")
source_dir=$(realpath "$2")
. "$source_dir/tests/packaging/surface.sh"

if ! command -v fish >/dev/null; then
    echo "SKIP: fish is not installed"
    exit 77
fi

complete_words() {
    # complete -C prints "candidate<TAB>description".
    fish --no-config -c 'source $argv[1]; and complete --do-complete=$argv[2]' \
        "$source_dir/completions/pwcheck.fish" "$*" | cut -f1
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" && touch alpha.txt
. "$source_dir/tests/packaging/completion_checks.sh"
[ "$failures" -eq 0 ] && echo "fish completion: all checks passed"
exit $((failures > 0))

#!/usr/bin/env bash
# `pwcheck --version` says CMake's project version, and every command's --help (each command that
# `pwcheck --help` lists) exits 0 and shows an example of its use.
# Usage: help_test.sh PWCHECK SOURCE_DIR PROJECT_VERSION.
set -uo pipefail
PWCHECK=$(realpath "$1")
source_dir=$(realpath "$2")
project_version=$3
. "$source_dir/tests/packaging/surface.sh"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

[ "$("$PWCHECK" --version)" = "pwcheck $project_version" ] ||
    fail "pwcheck --version says '$("$PWCHECK" --version)', not 'pwcheck $project_version'"

commands=$(pw_commands)
[ -n "$commands" ] || fail "pwcheck --help lists no commands"
for command in $commands; do
    help=$("$PWCHECK" "$command" --help) || fail "pwcheck $command --help exits $?"
    # "Example:" or "Examples:", then at least one indented line running pwcheck.
    printf '%s\n' "$help" | awk '/^Examples?:/ { on = 1; next } on && /^  .*pwcheck/ { found = 1 } on && /^$/ { on = 0 } END { exit !found }' ||
        fail "pwcheck $command --help shows no example (an 'Example:' line followed by '  ... pwcheck ...')"
done

[ "$failures" -eq 0 ] && echo "help: --version and an example in every command's --help"
exit $((failures > 0))

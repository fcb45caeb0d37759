#!/usr/bin/env bash
# man/pwcheck.1 is clean under `mandoc -T lint` and documents what pwcheck offers: every command,
# every option of every command (from its --help), every digest name (--list-digests), every exit
# status (from --help's table), the version (--version), and the sections a man page needs.
# Usage: man_test.sh PWCHECK SOURCE_DIR. Exit 77 (skipped) without mandoc.
set -uo pipefail
PWCHECK=$(realpath "$1")
source_dir=$(realpath "$2")
. "$source_dir/tests/packaging/surface.sh"
page=$source_dir/man/pwcheck.1

# Options documented ahead of the branches that add them (issue 6's verify --check-update); remove
# a name here once pwcheck verify --help shows it (the test says so).
pending_verify_options=""

if ! command -v mandoc >/dev/null; then
    echo "SKIP: mandoc is not installed"
    exit 77
fi
[ -r "$page" ] || { echo "FAIL: no $page" >&2; exit 1; }
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

lint=$(mandoc -T lint -W all "$page" 2>&1)
[ -z "$lint" ] || fail "mandoc -T lint -W all:"$'\n'"$lint"

# The rendered text, overstrikes removed: section headings at column 0, subsections at 3, tags at 7.
text=$(mandoc -T ascii "$page" | sed 's/.\x08//g')
section() {  # the text of section $1 (up to the next heading)
    printf '%s\n' "$text" | awk -v s="$1" '/^[A-Z]/ { on = ($0 == s); next } on'
}
# The option names tagged in subsection $1 of OPTIONS, read from the source: the words of the line after
# each .TP that look like options (".BR \-q \", \" \-\-quiet" -> -q --quiet).
tagged_options() {
    awk -v s="$1" '
        /^\.S[HS] / { t = $0; sub(/^\.S[HS] +/, "", t); gsub(/"/, "", t); on = ($1 == ".SS" && t == s); next }
        on && /^\.TP/ { tag = 1; next }
        on && tag { tag = 0; while (match($0, /\\-(\\-)?[a-zA-Z][-a-zA-Z0-9\\]*/)) {
            w = substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH); gsub(/\\/, "", w); print w } }
    ' "$page"
}

for heading in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "SUPPORTED SCHEMES" "EXIT STATUS" ENVIRONMENT FILES \
    SECURITY EXAMPLES "SEE ALSO"; do
    grep -qx -- "$heading" <<<"$text" || fail "no section $heading"
done

version=$("$PWCHECK" --version | awk '{ print $2 }')
grep -q "^\.TH PWCHECK 1 [^ ]* \"pwcheck $version\"" "$page" || fail ".TH does not name pwcheck $version (pwcheck --version)"

commands=$(pw_commands)
for command in $commands; do
    grep -q "^   $command\( \|$\)" <<<"$(section COMMANDS)" || fail "COMMANDS has no subsection for '$command'"
    # Its options are the tags of "OPTIONS / <command> options", both ways (help is in general options).
    documented=$(tagged_options "$command options")
    expected=$(pw_option_names "$command" | grep -vx -- '-h\|--help')
    [ "$command" = verify ] && documented=$(printf '%s\n' "$documented" | grep -vxF -e "${pending_verify_options// /$'\n'}")
    pw_same "OPTIONS / '$command options' against pwcheck $command --help" "$expected" "$documented" ||
        failures=$((failures + 1))
done
for name in $pending_verify_options; do
    grep -qxF -- "$name" <<<"$(pw_option_names verify)" && fail "$name is in pwcheck verify --help now: remove it from pending_verify_options"
done
pw_same "OPTIONS / 'General options' against pwcheck --help" "$(pw_option_names '')" \
    "$(tagged_options "General options")" || failures=$((failures + 1))

schemes=$(section "SUPPORTED SCHEMES")
for digest in $(pw_digests); do
    grep -qw -- "$digest" <<<"$schemes" || fail "SUPPORTED SCHEMES does not name $digest"
done

# Every status in --help's table ("  0  match") is a tag in EXIT STATUS.
statuses=$("$PWCHECK" --help | awk '/^Exit status:/ { on = 1; next } on && /^  [0-9]+ / { print $1 }')
[ -n "$statuses" ] || fail "cannot read the exit statuses from pwcheck --help"
for status in $statuses; do
    grep -q "^       $status\( \|$\)" <<<"$(section "EXIT STATUS")" || fail "EXIT STATUS does not document $status"
done

[ "$failures" -eq 0 ] && echo "man page: all checks passed"
exit $((failures > 0))

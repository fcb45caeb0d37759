# The checks every shell's completion test runs, against the surface pwcheck's --help shows.
# Sourced after surface.sh by a script that defines `complete_words WORD...`: it prints the candidates
# the shell's completion offers for the command line WORD... (the last word being completed), one per
# line. Runs in a scratch directory holding alpha.txt, so file completion can be told apart.
# Sets `failures` to the number of failed checks.

failures=0
check() {  # check WHAT EXPECTED GOT
    pw_same "$1" "$2" "$3" || failures=$((failures + 1))
}
check_has() {  # check_has WHAT WORD GOT
    if ! grep -qxF -- "$2" <<<"$3"; then
        echo "FAIL: $1: '$2' not offered (got: $(printf '%s' "$3" | tr '\n' ' '))" >&2
        failures=$((failures + 1))
    fi
}
check_none() {  # check_none WHAT REGEX GOT
    if grep -qE -- "$2" <<<"$3"; then
        echo "FAIL: $1: offered $(printf '%s\n' "$3" | grep -E -- "$2" | tr '\n' ' ')" >&2
        failures=$((failures + 1))
    fi
}

commands=$(pw_commands)
digests=$(pw_digests)
[ -n "$commands" ] && [ -n "$digests" ] || { echo "FAIL: cannot read pwcheck's commands or digests" >&2; exit 1; }

check "subcommands at the first word" "$commands" "$(complete_words pwcheck '')"
# Without a command, verify is assumed: the top level's options and verify's.
check "options at the first word (top level + verify)" \
    "$(pw_option_names ''; pw_option_names verify)" "$(complete_words pwcheck -)"

# The command's words, with an empty prefix standing for the default command.
for command in '' $commands; do
    words=(pwcheck)
    [ -n "$command" ] && words+=("$command")
    label=${command:-"(default verify)"}
    if [ -n "$command" ]; then
        check "$label: options" "$(pw_option_names "$command")" "$(complete_words "${words[@]}" -)"
    fi
    while read -r option type; do
        [ "$type" = "-" ] && continue
        case "$option" in -[a-zA-Z]) continue ;; esac  # short aliases are checked through their long names
        got=$(complete_words "${words[@]}" "$option" '')
        if [ "$option" = "--digest" ]; then
            check "$label $option: the digest names of --list-digests" "$digests" "$got"
        elif [ "${type%%:*}" = "FILE" ]; then
            check_has "$label $option: files" alpha.txt "$(complete_words "${words[@]}" "$option" al)"
            check_none "$label $option: files only" '^-' "$got"
        elif values=$(pw_type_values "$type") && [ -n "$values" ]; then
            check "$label $option: its values" "$values" "$got"
        else
            check_none "$label $option: a free value (no options, no files)" '^-|alpha\.txt' "$got"
        fi
        # Past an option's value, options are offered again.
        check_has "$label $option VALUE: options again" --help "$(complete_words "${words[@]}" "$option" x -)"
    done < <(pw_options "${command:-verify}")
done

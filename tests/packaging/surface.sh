# The command-line surface of a pwcheck binary, read from its own --help output, so that the
# completion and man page tests demand whatever the program offers (a new command or option fails
# them until the completions and the man page know it). Sourced by the tests; needs PWCHECK set.

# The subcommands listed under "Subcommands:" in `pwcheck --help`, one per line.
pw_commands() {
    "$PWCHECK" --help | awk '/^Subcommands:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }'
}

# The options of command $1 ("" for the top level), one per line as "NAME TYPE": TYPE is the value's
# type name as --help shows it (FILE, NAME, TEXT:{text,json}=text...), or "-" for a flag. An option
# with aliases ("-q,--quiet") gives one line per name.
pw_options() {
    local help
    if [ -z "$1" ]; then help=$("$PWCHECK" --help); else help=$("$PWCHECK" "$1" --help); fi
    printf '%s\n' "$help" | awk '
        /^  -[-a-zA-Z]/ {
            type = "-"
            if ($2 ~ /^[A-Z][A-Z_]*([:=]|$)/) type = $2
            n = split($1, names, ",")
            for (i = 1; i <= n; i++) print names[i], type
        }'
}

# The option names of command $1, one per line, sorted.
pw_option_names() { pw_options "$1" | awk '{ print $1 }' | sort -u; }

# The values a TYPE lists in braces ("TEXT:{text,json}=text" -> text json), one per line.
pw_type_values() { printf '%s\n' "$1" | sed -n 's/.*{\([^}]*\)}.*/\1/p' | tr ',' '\n' | sed '/^$/d'; }

# The names --digest accepts (the hidden --list-digests), one per line, sorted.
pw_digests() { "$PWCHECK" --list-digests | sort -u; }

# Fails with a diff when the sorted lines of $2 and $3 differ; $1 says what is compared.
pw_same() {
    if [ "$(printf '%s\n' "$2" | sed '/^$/d' | sort -u)" != "$(printf '%s\n' "$3" | sed '/^$/d' | sort -u)" ]; then
        echo "FAIL: $1" >&2
        diff <(printf '%s\n' "$2" | sed '/^$/d' | sort -u) <(printf '%s\n' "$3" | sed '/^$/d' | sort -u) | sed 's/^</  expected:/; s/^>/  got:     /' | grep -v '^[0-9]' >&2
        return 1
    fi
}

# Prints the candidates zsh's completion system offers for command lines, one per line, each
# list followed by a line "--end--". Usage: zsh -f zsh_complete.zsh FPATH_DIR < lines, one command line
# (the text typed before TAB) per input line.
# It drives an interactive zsh in a pseudo-terminal (zsh/zpty) with compinit loaded from FPATH_DIR,
# presses TAB, and records every word the completion functions hand to compadd that matches.
zmodload zsh/zpty || exit 1
fpath_dir=$1
out=$(mktemp) || exit 1
trap 'rm -f $out' EXIT

zpty z zsh -f -i || exit 1
zpty -w z "PS1='> '; bindkey -e; unsetopt autolist listambiguous listbeep beep; fpath=(${(q)fpath_dir} \$fpath)"
zpty -w z "autoload -U compinit && compinit -u -D"
# Calls with -O, -A or -D only ask what would match (they add nothing): passed on as they are.
zpty -w z 'compadd() { if (( $@[(I)-[OAD]*] )); then builtin compadd "$@"; return; fi;'\
' local -a __m; builtin compadd -O __m "$@"; (( $#__m )) && print -rl -- $__m >> '${(q)out}'; builtin compadd "$@" }'

n=0
while IFS= read -r line; do
    : > $out
    (( n++ ))
    zpty -w -n z "$line"$'\t'
    # Clear the line, then a marker whose text only appears once the shell has run it.
    zpty -w z $'\C-a\C-k'"print MARK-\$(( $n * 1000 + 7 ))"
    SECONDS=0
    while (( SECONDS < 20 )); do
        zpty -r -t z chunk 2>/dev/null || { sleep 0.02; continue; }
        [[ $chunk == *MARK-$(( n * 1000 + 7 ))* ]] && break
    done
    (( SECONDS >= 20 )) && { print -u2 "zsh_complete: no answer for: $line"; exit 1; }
    cat $out
    print -- --end--
done
zpty -d z

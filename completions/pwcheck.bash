# bash completion for pwcheck                                               -*- shell-script -*-
# Installed as share/bash-completion/completions/pwcheck. tests/packaging/completion_bash_test.sh
# checks these lists against `pwcheck --help`, `pwcheck CMD --help` and `pwcheck --list-digests`.

# A command is a word in _pwcheck_commands and a list _pwcheck_options_<command>.
_pwcheck_commands="verify hash identify bench batch"
# The cost limits of every command that reads or makes hashes.
_pwcheck_limit_options="--max-pbkdf2-rounds --max-bcrypt-cost --max-crypt-rounds --max-phpass-cost --max-memory --max-memory-work --max-argon2-time --max-argon2-lanes"
_pwcheck_options_verify="-h --help --hash --hash-file --user --from --digest --json -q --quiet --raw
    --check-update --target --rounds --cost --memory --time --parallelism --block-size --type --rehash
    $_pwcheck_limit_options"
_pwcheck_options_hash="-h --help --digest --rounds --cost --memory --time --parallelism --block-size --type --target-ms
    --allow-empty --truncate --json --raw $_pwcheck_limit_options"
_pwcheck_options_identify="-h --help --hash --json $_pwcheck_limit_options"
_pwcheck_options_bench="-h --help --digest --min-time --min-runs --warmup --format --output --target-ms --rounds --cost"
_pwcheck_options_batch="-h --help -j --jobs --input $_pwcheck_limit_options"
# Only before any other word (verify is the command when none is named).
_pwcheck_top_options="-h --help --version"

# Options taking a value in the next word, in any command; those whose value is a file.
_pwcheck_value_options="--hash --hash-file --user --from --digest --min-time --min-runs --warmup --format
    --output --target-ms --rounds --cost --target --memory --time --parallelism --block-size --type -j --jobs --input
    $_pwcheck_limit_options"
_pwcheck_file_options="--hash-file --from --output --input"
_pwcheck_digests="pbkdf2_sha1 pbkdf2_sha256 pbkdf2_sha512 bcrypt bcrypt_sha256 scrypt sha256_crypt sha512_crypt argon2 md5_crypt apr_md5_crypt phpass ldap_md5 ldap_sha1 ldap_salted_md5 ldap_salted_sha1 ldap_salted_sha256 ldap_salted_sha512 ldap_pbkdf2_sha1 ldap_pbkdf2_sha256 ldap_pbkdf2_sha512 ldap_crypt django_pbkdf2_sha256 django_pbkdf2_sha1 django_bcrypt_sha256 django_bcrypt django_argon2 django_salted_sha1 django_salted_md5 werkzeug_pbkdf2 werkzeug_scrypt unix_disabled system_crypt sha1 sha256 sha512"

_pwcheck() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -s || return
    else
        cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    fi

    local command=verify
    [[ $cword -gt 1 && " $_pwcheck_commands " == *" ${words[1]} "* ]] && command=${words[1]}

    # The value of the option before.
    case "$command:$prev" in
        *:--digest | verify:--target) COMPREPLY=($(compgen -W "$_pwcheck_digests" -- "$cur")); return ;;
        bench:--format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
        *:--type) COMPREPLY=($(compgen -W "id i d" -- "$cur")); return ;;
    esac
    if [[ " $_pwcheck_file_options " == *" $prev "* ]]; then
        if declare -F _filedir >/dev/null; then
            _filedir
        else
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        fi
        return
    fi
    [[ " $(echo $_pwcheck_value_options) " == *" $prev "* ]] && return  # a free value: nothing to offer

    if [[ $cword -eq 1 && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$_pwcheck_commands" -- "$cur"))
        return
    fi
    local options_name=_pwcheck_options_$command
    local options=$(echo ${!options_name})
    [[ $cword -eq 1 ]] && options+=" $_pwcheck_top_options"
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
} &&
    complete -F _pwcheck pwcheck

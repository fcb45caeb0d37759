# fish completion for pwcheck. Installed as share/fish/vendor_completions.d/pwcheck.fish.
# tests/packaging/completion_fish_test.sh checks it against `pwcheck --help`, `pwcheck CMD --help`
# and `pwcheck --list-digests`.

# A command is a word in __pwcheck_commands and its "complete" lines below, under "__pwcheck_in NAME".
set -g __pwcheck_commands verify hash identify bench batch
set -l digests pbkdf2_sha1 pbkdf2_sha256 pbkdf2_sha512 bcrypt bcrypt_sha256 scrypt sha256_crypt sha512_crypt argon2 md5_crypt apr_md5_crypt phpass ldap_md5 ldap_sha1 ldap_salted_md5 ldap_salted_sha1 ldap_salted_sha256 ldap_salted_sha512 ldap_pbkdf2_sha1 ldap_pbkdf2_sha256 ldap_pbkdf2_sha512 ldap_crypt django_pbkdf2_sha256 django_pbkdf2_sha1 django_bcrypt_sha256 django_bcrypt django_argon2 django_salted_sha1 django_salted_md5 werkzeug_pbkdf2 werkzeug_scrypt unix_disabled system_crypt sha1 sha256 sha512

# The command of the line being completed: its first word when that is a command, else verify.
function __pwcheck_command
    set -l tokens (commandline -opc)
    if set -q tokens[2]; and contains -- $tokens[2] $__pwcheck_commands
        echo $tokens[2]
    else
        echo verify
    end
end

# True when the line's command is $argv[1].
function __pwcheck_in
    test (__pwcheck_command) = $argv[1]
end

# True while nothing follows "pwcheck" (where a command or a top-level option may come).
function __pwcheck_first_word
    test (count (commandline -opc)) -eq 1
end

complete -c pwcheck -f  # file names only where an option takes a file
complete -c pwcheck -s h -l help -d 'Print help and exit'
complete -c pwcheck -n __pwcheck_first_word -l version -d 'Print the version and exit'

complete -c pwcheck -n __pwcheck_first_word -a verify -d 'Check a password from stdin against a hash (default)'
complete -c pwcheck -n __pwcheck_first_word -a hash -d 'Make a new hash of a password from stdin'
complete -c pwcheck -n __pwcheck_first_word -a identify -d 'Name the scheme of hashes, their parameters'
complete -c pwcheck -n __pwcheck_first_word -a batch -d 'Verify NDJSON records from stdin on every core'
complete -c pwcheck -n __pwcheck_first_word -a bench -d 'Time verification per digest, or calibrate costs'

complete -c pwcheck -n '__pwcheck_in verify' -l hash -x -d 'The stored hash to check the password against'
complete -c pwcheck -n '__pwcheck_in verify' -l hash-file -r -F -d 'Read the hash from the first line of FILE'
complete -c pwcheck -n '__pwcheck_in verify' -l user -x -d 'Check the password of user NAME in --from FILE'
complete -c pwcheck -n '__pwcheck_in verify' -l from -r -F -d 'A file of users: htpasswd or /etc/shadow'
complete -c pwcheck -n '__pwcheck_in verify' -l digest -x -a "$digests" -d 'The scheme of the hash'
complete -c pwcheck -n '__pwcheck_in verify' -l json -d 'Print one JSON object with the result'
complete -c pwcheck -n '__pwcheck_in verify' -s q -l quiet -d 'Print nothing; answer through the exit status'
complete -c pwcheck -n '__pwcheck_in verify' -l raw -d 'The password is all of stdin, byte for byte'
complete -c pwcheck -n '__pwcheck_in verify' -l check-update -d 'Exit 6 when the matching hash is weaker than the target'
complete -c pwcheck -n '__pwcheck_in verify' -l target -x -a "$digests" -d 'With --check-update: the scheme new hashes use'
complete -c pwcheck -n '__pwcheck_in verify' -l rehash -d 'With --check-update: print the new hash when needed'

# The cost flags of hash and verify --check-update.
for command in verify hash
    complete -c pwcheck -n "__pwcheck_in $command" -l rounds -x -d 'Primary cost: rounds, bcrypt/scrypt log2, argon2 t'
    complete -c pwcheck -n "__pwcheck_in $command" -l cost -x -d 'Primary cost (alias of --rounds)'
    complete -c pwcheck -n "__pwcheck_in $command" -l memory -x -d 'argon2 memory in KiB'
    complete -c pwcheck -n "__pwcheck_in $command" -l time -x -d 'argon2 time cost t'
    complete -c pwcheck -n "__pwcheck_in $command" -l parallelism -x -d 'argon2 lanes p, scrypt p'
    complete -c pwcheck -n "__pwcheck_in $command" -l block-size -x -d 'scrypt block size r'
    complete -c pwcheck -n "__pwcheck_in $command" -l type -x -a 'id i d' -d 'argon2 type (default id)'
end

complete -c pwcheck -n '__pwcheck_in hash' -l digest -x -a "$digests" -d 'The scheme of the new hash (default argon2)'
complete -c pwcheck -n '__pwcheck_in hash' -l target-ms -x -d 'Pick the cost that takes about MS ms here'
complete -c pwcheck -n '__pwcheck_in hash' -l allow-empty -d 'Hash an empty password'
complete -c pwcheck -n '__pwcheck_in hash' -l truncate -d 'bcrypt: hash a password over 72 bytes'
complete -c pwcheck -n '__pwcheck_in hash' -l json -d 'Print one JSON object'
complete -c pwcheck -n '__pwcheck_in hash' -l raw -d 'The password is all of stdin, byte for byte'

complete -c pwcheck -n '__pwcheck_in identify' -l hash -x -d 'The hash to identify (default: stdin, one per line)'
complete -c pwcheck -n '__pwcheck_in identify' -l json -d 'Print one JSON object per hash'

complete -c pwcheck -n '__pwcheck_in bench' -l digest -x -a "$digests" -d 'A scheme to time (repeatable)'
complete -c pwcheck -n '__pwcheck_in bench' -l min-time -x -d 'Minimum seconds of timed runs per digest'
complete -c pwcheck -n '__pwcheck_in bench' -l min-runs -x -d 'Minimum number of timed runs per digest'
complete -c pwcheck -n '__pwcheck_in bench' -l warmup -x -d 'Untimed runs before timing'
complete -c pwcheck -n '__pwcheck_in bench' -l format -x -a 'text json' -d 'Output format'
complete -c pwcheck -n '__pwcheck_in bench' -l output -r -F -d 'Write the report to FILE instead of stdout'
complete -c pwcheck -n '__pwcheck_in bench' -l target-ms -x -d 'Calibrate: the cost giving MS ms per verification'
complete -c pwcheck -n '__pwcheck_in bench' -l rounds -x -d 'Time this cost instead of the default'
complete -c pwcheck -n '__pwcheck_in bench' -l cost -x -d 'Time this cost instead of the default (alias of --rounds)'

complete -c pwcheck -n '__pwcheck_in batch' -s j -l jobs -x -d 'Worker threads (default: the number of cores)'
complete -c pwcheck -n '__pwcheck_in batch' -l input -r -F -d 'Read the records from FILE instead of stdin'

# The cost limits of every command that reads or makes hashes.
for command in verify hash identify batch
    complete -c pwcheck -n "__pwcheck_in $command" -l max-pbkdf2-rounds -x -d 'Largest PBKDF2 rounds a hash may ask for'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-bcrypt-cost -x -d 'Largest bcrypt log2 cost'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-crypt-rounds -x -d 'Largest crypt(3) rounds: sha-crypt, SunMD5, BSDi'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-phpass-cost -x -d 'Largest phpass log2 rounds'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-memory -x -d 'Largest memory one hash may need (K/M/G/T)'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-memory-work -x -d 'Largest memory x passes of one hash (K/M/G/T)'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-argon2-time -x -d 'Largest argon2 time cost t'
    complete -c pwcheck -n "__pwcheck_in $command" -l max-argon2-lanes -x -d 'Largest argon2 parallelism p'
end

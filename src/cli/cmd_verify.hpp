#pragma once
// `pwcheck verify` (the default command).
#include <optional>
#include <string>

#include "cli/app.hpp"
#include "cli/exit_code.hpp"
#include "cli/new_hash.hpp"
#include "core/limits.hpp"

namespace CLI {
class App;
}

namespace pwcheck::cli {

/// Options of `pwcheck verify`.
struct VerifyOptions {
    std::optional<std::string> hash;       ///< The stored hash (--hash); may be empty.
    std::optional<std::string> hash_file;  ///< --hash-file FILE: the hash is its first line.
    std::optional<std::string> user;       ///< --user NAME with --from FILE: that user's entry.
    std::optional<std::string> from;       ///< --from FILE: colon-separated (htpasswd, /etc/shadow).
    std::optional<std::string> digest;  ///< --digest NAME, or identification by prefix.
    bool json = false;                  ///< --json: one JSON object on stdout.
    bool quiet = false;                 ///< -q: nothing on stdout.
    bool raw = false;                   ///< --raw: all of stdin is the password.
    bool check_update = false;          ///< --check-update: exit 6 when a matching hash is weaker than the target.
    std::optional<std::string> target;  ///< --target DIGEST: the scheme hashes should be in (default argon2).
    CostFlags costs;                    ///< The target's parameters (default: passlib's).
    bool rehash = false;                ///< --rehash: print the password's new hash when it needs updating.
    core::Limits limits;                ///< --max-*: the cost limits (core::Limits' defaults).
};

/// A user's entry in a colon-separated file (`user:hash[:...]` per line, '#' comments).
struct UserLookup {
    bool found = false;
    std::string hash;  ///< The user's hash field; for an unknown user, the first entry's (a decoy).
};

/// Finds `user` in `file_text`, reading every line whatever it finds so the time taken does not
/// depend on where (or whether) the user is.
UserLookup find_user(std::string_view file_text, std::string_view user);

/// Binds the verify options to `command`.
void setup_verify(CLI::App& command, VerifyOptions& options);

/// Runs verify: reads the password from io.password, prints the answer, returns the exit status.
ExitCode run_verify(const VerifyOptions& options, Io& io);

}  // namespace pwcheck::cli

#pragma once
// `pwcheck hash`: a new hash of the password read from stdin, as passlib's hash() makes it.
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

/// The scheme `pwcheck hash` uses without --digest (and `verify --check-update` without --target).
inline constexpr std::string_view k_default_hash_digest = "argon2";

/// Options of `pwcheck hash`.
struct HashOptions {
    std::optional<std::string> digest;  ///< --digest NAME; default k_default_hash_digest.
    CostFlags costs;                    ///< --rounds/--cost, --memory, --time, --parallelism, --block-size.
    std::optional<double> target_ms;    ///< --target-ms MS: pick the primary cost by measuring.
    bool allow_empty = false;           ///< --allow-empty: hash an empty password.
    bool truncate = false;              ///< --truncate: let bcrypt ignore bytes past the 72nd.
    bool json = false;                  ///< --json: one JSON object on stdout.
    bool raw = false;                   ///< --raw: all of stdin is the password.
    core::Limits limits;                ///< --max-*: costs over these are refused (exit 5).
};

/// Binds the hash options to `command`.
void setup_hash(CLI::App& command, HashOptions& options);

/// Runs hash: reads the password from io.password, prints the new hash and a newline.
ExitCode run_hash(const HashOptions& options, Io& io);

}  // namespace pwcheck::cli

#pragma once
// The one exit-status enum (STYLE rule 10), mirrored in --help, the man page and the README.
#include <string_view>

#include "core/error.hpp"

namespace pwcheck::cli {

/// pwcheck's exit statuses.
enum class ExitCode : int {
    match = 0,             ///< The password matches (or the command succeeded).
    no_match = 1,          ///< The password does not match (an empty hash matches nothing).
    usage = 2,             ///< Bad command line: unknown option or digest, missing --hash.
    bad_hash = 3,          ///< Hash malformed, unsupported, unrecognized, or not of the named digest.
    password_refused = 4,  ///< No password on input, over 4096 bytes, or not allowed by the scheme.
    cost_over_limit = 5,   ///< The hash asks for more work than the configured limits.
    needs_update = 6,      ///< verify --check-update: the password matches, the hash is weaker than the target.
};

/// The exit status for a core error.
constexpr ExitCode exit_code_for(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::password_refused: return ExitCode::password_refused;
        case core::ErrorCode::cost_over_limit: return ExitCode::cost_over_limit;
        case core::ErrorCode::malformed_hash:
        case core::ErrorCode::unsupported_hash:
        case core::ErrorCode::unrecognized_hash:
        case core::ErrorCode::wrong_scheme: return ExitCode::bad_hash;
    }
    return ExitCode::bad_hash;
}

/// The exit-status table as shown at the end of --help.
inline constexpr std::string_view k_exit_status_help =
    "Exit status:\n"
    "  0  match\n"
    "  1  no match (an empty --hash matches nothing)\n"
    "  2  usage error (unknown option or digest, missing --hash)\n"
    "  3  hash malformed, unsupported, unrecognized, or not of the named --digest\n"
    "  4  password refused (no input, over 4096 bytes, NUL byte for bcrypt)\n"
    "  5  hash cost over pwcheck's limits\n"
    "  6  match, but the hash is weaker than the target (verify --check-update)\n";

}  // namespace pwcheck::cli

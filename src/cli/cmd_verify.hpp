#pragma once
// `pwcheck verify` (the default command).
#include <optional>
#include <string>

#include "cli/app.hpp"
#include "cli/exit_code.hpp"

namespace CLI {
class App;
}

namespace pwcheck::cli {

/// Options of `pwcheck verify`.
struct VerifyOptions {
    std::optional<std::string> hash;    ///< The stored hash (--hash); may be empty, must be given.
    std::optional<std::string> digest;  ///< --digest NAME, or identification by prefix.
    bool json = false;                  ///< --json: one JSON object on stdout.
    bool quiet = false;                 ///< -q: nothing on stdout.
    bool raw = false;                   ///< --raw: all of stdin is the password.
};

/// Binds the verify options to `command`.
void setup_verify(CLI::App& command, VerifyOptions& options);

/// Runs verify: reads the password from io.password, prints the answer, returns the exit status.
ExitCode run_verify(const VerifyOptions& options, Io& io);

}  // namespace pwcheck::cli

#pragma once
// `pwcheck identify`: which scheme a hash is, what it carries, whether it is well-formed and weak.
#include <optional>
#include <string>

#include "cli/app.hpp"
#include "cli/exit_code.hpp"
#include "core/limits.hpp"

namespace CLI {
class App;
}

namespace pwcheck::cli {

/// Options of `pwcheck identify`.
struct IdentifyOptions {
    std::optional<std::string> hash;  ///< --hash HASH; without it, hashes are read from stdin, one per line.
    bool json = false;                ///< --json: one JSON object per hash.
    core::Limits limits;              ///< --max-*: the cost limits a hash is reported over.
};

/// Binds the identify options to `command`.
void setup_identify(CLI::App& command, IdentifyOptions& options);

/// Runs identify: exit 0 when every hash was identified, 3 when one was not.
ExitCode run_identify(const IdentifyOptions& options, Io& io);

}  // namespace pwcheck::cli

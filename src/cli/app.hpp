#pragma once
// The command-line application: subcommand table, option parsing, dispatch.
#include <iosfwd>
#include <istream>
#include <string>
#include <vector>

#include "cli/password_input.hpp"

namespace pwcheck::cli {

/// Everything a command touches outside the process: injected so commands run in unit tests.
struct Io {
    std::ostream& out;          ///< Results (stdout).
    std::ostream& err;          ///< Diagnostics, one line each (stderr).
    PasswordSource& password;   ///< Where the password comes from (stdin / the terminal).
    std::istream* in = nullptr; ///< Standard input as lines, for commands that read no password (identify).
};

/// Runs pwcheck with `args` (without the program name) and returns the exit status.
int run_app(std::vector<std::string> args, Io& io);

}  // namespace pwcheck::cli

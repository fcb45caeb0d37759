#include "cli/cmd_identify.hpp"

#include <CLI/CLI.hpp>

#include <istream>
#include <ostream>

#include "cli/limit_options.hpp"
#include "cli/output.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {

void setup_identify(CLI::App& command, IdentifyOptions& options) {
    command.add_option("--hash", options.hash, "The hash to identify (default: read hashes from stdin, one per line)")
        ->type_name("HASH");
    command.add_flag("--json", options.json, "Print one JSON object per hash");
    add_limit_options(command, options.limits);
    command.footer(
        "Prints passlib's name of each hash's scheme, its parameters, and whether it is weak or malformed.\n"
        "Example:\n"
        "  cut -d: -f2 /etc/shadow | pwcheck identify --json | jq -r .scheme | sort | uniq -c\n\n"
        "Exit status: 0 every hash identified, 2 usage error, 3 a hash not identified.\n");
}

ExitCode run_identify(const IdentifyOptions& options, Io& io) {
    bool all_identified = true;
    const auto one = [&](std::string_view hash) {
        const core::Inspection inspection = core::inspect(hash, nullptr, options.limits);
        print_inspection(io.out, inspection, options.json);
        if (inspection.scheme == nullptr) all_identified = false;
        return inspection;
    };
    if (options.hash) {
        const core::Inspection inspection = one(*options.hash);
        // One hash asked about: its problem is the command's error, on stderr too.
        if (inspection.error && inspection.error->code != core::ErrorCode::cost_over_limit) {
            print_error(io.err, error_text(*inspection.error));
        }
    } else if (io.in != nullptr) {
        std::string line;
        while (std::getline(*io.in, line)) {
            if (line.ends_with('\r')) line.pop_back();
            one(line);
        }
    }
    return all_identified ? ExitCode::match : ExitCode::bad_hash;
}

}  // namespace pwcheck::cli

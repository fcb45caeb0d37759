#include "cli/cmd_verify.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/output.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {

void setup_verify(CLI::App& command, VerifyOptions& options) {
    // Required, but checked in run_verify: CLI11 checks requirements before unknown arguments, and
    // "--hash is required" would hide a mistyped option.
    command.add_option("--hash", options.hash, "The stored hash to check the password against ('' never matches; required)")
        ->type_name("HASH");
    command
        .add_option_function<std::string>(
            "--digest", [&options](const std::string& name) { options.digest = name; },
            "Scheme of the hash: sha1, sha256, sha512, bcrypt or a passlib name such as pbkdf2_sha256 "
            "(default: identify it from its prefix)")
        ->type_name("NAME");
    auto* json = command.add_flag("--json", options.json, "Print one JSON object with the result");
    auto* quiet = command.add_flag("-q,--quiet", options.quiet, "Print nothing; answer through the exit status");
    json->excludes(quiet);
    command.add_flag("--raw", options.raw, "The password is all of standard input, byte for byte (default: the first line)");
    command.footer(
        "The password is read from standard input (a no-echo prompt on a terminal), never from the command line.\n"
        "Example:\n"
        "  printf '%s\\n' \"$pw\" | pwcheck -q --hash '$pbkdf2-sha256$29000$...' && echo ok\n\n" +
        std::string(k_exit_status_help));
}

ExitCode run_verify(const VerifyOptions& options, Io& io) {
    Report report(io, options.json ? Report::Style::json : options.quiet ? Report::Style::quiet : Report::Style::text);

    if (!options.hash) return report.usage_error("--hash is required (see 'pwcheck --help')");
    core::VerifyRequest request;
    request.hash = *options.hash;
    if (options.digest) {
        request.scheme = core::find_scheme(*options.digest);
        if (request.scheme == nullptr) return report.usage_error(unknown_digest_message(*options.digest));
    }

    auto password = io.password.read(options.raw ? PasswordMode::raw : PasswordMode::first_line);
    if (!password) {
        core::VerifyResult known;
        if (request.scheme != nullptr) known.name = request.scheme->name;
        return report.failure(password.error(), known);
    }
    request.password = password->bytes();

    const core::VerifyResult result = core::verify(request);
    return report.result(result);
}

}  // namespace pwcheck::cli

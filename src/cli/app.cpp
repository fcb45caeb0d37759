#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <ostream>

#include "cli/cmd_batch.hpp"
#include "cli/cmd_bench.hpp"
#include "cli/cmd_hash.hpp"
#include "cli/cmd_identify.hpp"
#include "cli/cmd_verify.hpp"
#include "cli/output.hpp"
#include "core/registry.hpp"

namespace pwcheck::cli {
namespace {

/// Every command's options; each row of k_commands binds and reads its own member.
struct Options {
    VerifyOptions verify;
    IdentifyOptions identify;
    HashOptions hash;
    BenchOptions bench;
    BatchOptions batch;
};

/// One subcommand: a name, a line of help, how it binds its options and how it runs (ninja's kTools).
struct Command {
    std::string_view name;
    std::string_view description;
    void (*setup)(CLI::App& command, Options& options);
    ExitCode (*run)(const Options& options, Io& io);
};

constexpr std::string_view k_default_command = "verify";

constexpr std::array<Command, 5> k_commands = {{
    {"verify", "Check a password read from stdin against --hash (the default command)",
     [](CLI::App& c, Options& o) { setup_verify(c, o.verify); },
     [](const Options& o, Io& io) { return run_verify(o.verify, io); }},
    {"identify", "Name the scheme of hashes (--hash, or stdin one per line), their parameters, weak or malformed",
     [](CLI::App& c, Options& o) { setup_identify(c, o.identify); },
     [](const Options& o, Io& io) { return run_identify(o.identify, io); }},
    {"hash", "Make a new hash of a password read from stdin (default argon2 at passlib's defaults)",
     [](CLI::App& c, Options& o) { setup_hash(c, o.hash); },
     [](const Options& o, Io& io) { return run_hash(o.hash, io); }},
    {"bench", "Time verification per digest at passlib's default costs, or calibrate costs (--target-ms)",
     [](CLI::App& c, Options& o) { setup_bench(c, o.bench); },
     [](const Options& o, Io& io) { return run_bench(o.bench, io); }},
    {"batch", "Verify NDJSON records (hash, password) from stdin on every core, one JSON result per line in order",
     [](CLI::App& c, Options& o) { setup_batch(c, o.batch); },
     [](const Options& o, Io& io) { return run_batch(o.batch, io); }},
}};

/// True when `word` is handled by the top level rather than the default command.
bool is_top_level_word(std::string_view word) {
    if (word == "-h" || word == "--help" || word == "--version" || word == "--list-digests") return true;
    return std::any_of(k_commands.begin(), k_commands.end(), [&](const Command& c) { return c.name == word; });
}

}  // namespace

int run_app(std::vector<std::string> args, Io& io) {
    CLI::App app{"pwcheck: check a password against a stored password hash (passlib 1.7.4 compatible)", "pwcheck"};
    app.set_version_flag("--version", "pwcheck " PWCHECK_VERSION);
    bool list_digests = false;
    app.add_flag("--list-digests", list_digests, "List the names --digest accepts")->group("");  // hidden
    app.require_subcommand(0, 1);
    app.footer("Without a command, 'verify' is assumed: pwcheck --hash HASH < password-file\n\n" +
               std::string(k_exit_status_help));

    Options options;
    std::vector<std::pair<CLI::App*, const Command*>> commands;
    for (const Command& command : k_commands) {
        CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.description));
        command.setup(*sub, options);
        commands.emplace_back(sub, &command);
    }

    if (args.empty() || !is_top_level_word(args.front())) args.insert(args.begin(), std::string(k_default_command));
    std::reverse(args.begin(), args.end());  // CLI11 takes the argument vector in reverse order
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
            return app.exit(e, io.out, io.err);  // --help, --version
        }
        // CLI11's own codes (100+) all mean a usage error.
        print_error(io.err, std::string(e.what()) + " (see 'pwcheck --help')");
        return static_cast<int>(ExitCode::usage);
    }

    if (list_digests) {
        for (const auto& name : core::digest_names()) io.out << name << '\n';
        return static_cast<int>(ExitCode::match);
    }
    for (const auto& [sub, command] : commands) {
        if (sub->parsed()) return static_cast<int>(command->run(options, io));
    }
    io.err << app.help();
    return static_cast<int>(ExitCode::usage);
}

}  // namespace pwcheck::cli

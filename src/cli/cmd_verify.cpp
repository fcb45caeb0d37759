#include "cli/cmd_verify.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/cmd_hash.hpp"
#include "cli/limit_options.hpp"
#include "cli/output.hpp"
#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {

namespace {

/// The whole of `path`, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(text).str();
}

/// `line` without a final "\r" (files written on Windows).
std::string_view without_cr(std::string_view line) { return line.ends_with('\r') ? line.substr(0, line.size() - 1) : line; }

}  // namespace

UserLookup find_user(std::string_view file_text, std::string_view user) {
    UserLookup result;
    bool have_decoy = false;
    std::string decoy;
    for (const std::string_view raw : core::split(file_text, '\n')) {
        const std::string_view line = without_cr(raw);
        if (line.empty() || line.front() == '#') continue;
        const auto fields = core::split(line, ':');
        const std::string_view hash = fields.size() > 1 ? fields[1] : std::string_view{};
        if (!have_decoy) {
            decoy = hash;
            have_decoy = true;
        }
        if (!result.found && fields[0] == user) {
            result.found = true;
            result.hash = hash;
        }
    }
    if (!result.found) result.hash = std::move(decoy);
    return result;
}

void setup_verify(CLI::App& command, VerifyOptions& options) {
    // Where the hash comes from is checked in run_verify: CLI11 checks requirements before unknown
    // arguments, and "--hash is required" would hide a mistyped option.
    command.add_option("--hash", options.hash, "The stored hash to check the password against ('' never matches)")
        ->type_name("HASH");
    command.add_option("--hash-file", options.hash_file, "Read the hash from the first line of FILE instead")
        ->type_name("FILE");
    command.add_option("--user", options.user, "Check the password of user NAME in --from FILE")->type_name("NAME");
    command
        .add_option("--from", options.from,
                    "A colon-separated file of users: htpasswd (user:hash) or /etc/shadow (user:hash:...)")
        ->type_name("FILE");
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
    command.add_flag("--check-update", options.check_update,
                     "When the password matches, exit 6 if the hash is weaker than --target's (another scheme, a "
                     "lower cost, a weak or legacy form)");
    command
        .add_option("--target", options.target,
                    "With --check-update: the scheme new hashes use (default: argon2 at passlib's defaults)")
        ->type_name("DIGEST");
    add_cost_flags(command, options.costs);
    command.add_flag("--rehash", options.rehash,
                     "With --check-update: print the password's new hash under the target when it needs updating");
    add_limit_options(command, options.limits);
    command.footer(
        "The password is read from standard input (a no-echo prompt on a terminal), never from the command line.\n"
        "Examples:\n"
        "  printf '%s\\n' \"$pw\" | pwcheck -q --hash '$pbkdf2-sha256$29000$...' && echo ok\n"
        "  new=$(printf '%s\\n' \"$pw\" | pwcheck -q --check-update --rehash --hash \"$stored\"); [ $? = 6 ] && "
        "store \"$new\"\n\n" +
        std::string(k_exit_status_help));
}

ExitCode run_verify(const VerifyOptions& options, Io& io) {
    Report report(io, options.json ? Report::Style::json : options.quiet ? Report::Style::quiet : Report::Style::text);

    const int sources = (options.hash ? 1 : 0) + (options.hash_file ? 1 : 0) + (options.user || options.from ? 1 : 0);
    if (sources == 0) return report.usage_error("--hash is required (or --hash-file FILE, or --user NAME --from FILE)");
    if (sources > 1) return report.usage_error("give the hash one way: --hash, --hash-file or --user with --from");
    if (options.user.has_value() != options.from.has_value()) {
        return report.usage_error(options.user ? "--user needs --from FILE" : "--from needs --user NAME");
    }

    // Where the hash comes from; all files are read before the password is.
    std::string hash;
    bool known_user = true;
    if (options.hash) {
        hash = *options.hash;
    } else {
        const std::string& path = options.hash_file ? *options.hash_file : *options.from;
        const auto text = read_file(path);
        if (!text) {
            return report.usage_error("cannot read " + std::string(options.hash_file ? "--hash-file" : "--from") + " '" +
                                      path + "': " + std::strerror(errno));
        }
        if (options.hash_file) {
            hash = without_cr(core::split(*text, '\n').front());
        } else {
            UserLookup entry = find_user(*text, *options.user);
            known_user = entry.found;
            hash = std::move(entry.hash);
        }
    }

    // The target of --check-update, checked before the password is read.
    const core::Scheme* target = nullptr;
    core::HashParams target_params;
    if (!options.check_update && (options.target || options.costs.any() || options.rehash)) {
        return report.usage_error("--target, --rehash and the cost flags go with --check-update");
    }
    if (options.check_update) {
        const std::string name = options.target.value_or(std::string(k_default_hash_digest));
        target = core::find_scheme(name);
        if (target == nullptr) return report.usage_error(unknown_digest_message(name));
        if (auto why = cannot_make(*target)) return report.usage_error("--target: " + *why);
        auto resolved = resolve_params(*target, options.costs);
        if (auto* message = std::get_if<std::string>(&resolved)) return report.usage_error(*message);
        target_params = std::get<core::HashParams>(resolved);
        if (auto over = params_over_limits(*target, target_params, options.limits)) return report.failure(*over);
    }

    core::VerifyRequest request;
    request.hash = hash;
    request.limits = options.limits;
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
    if (!known_user) {
        // The work above was done on another entry's hash, so an unknown user takes as long as a known
        // one; its answer is thrown away (no timing hint that the user does not exist).
        return report.unknown_user("no user '" + *options.user + "' in '" + *options.from + "'");
    }
    if (target == nullptr || result.error || result.match != std::optional<bool>(true)) return report.result(result);

    UpdateCheck update;
    update.needs_update = needs_update(result, *target, target_params);
    if (update.needs_update && options.rehash) {
        // The replacement must not be weaker than what it replaces: no silent bcrypt truncation.
        if (truncates_password(*target) && password->size() > 72) {
            return report.failure(core::make_error(core::ErrorCode::password_refused,
                                                   "cannot rehash: the password is over 72 bytes and " +
                                                       std::string(target->name) + " uses only the first 72"),
                                  result);
        }
        auto made = make_new_hash(*target, target_params, password->bytes());
        if (!made) return report.failure(made.error(), result);
        update.new_hash = std::move(*made);
    }
    return report.result(result, update);
}

}  // namespace pwcheck::cli

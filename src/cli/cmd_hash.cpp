#include "cli/cmd_hash.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/limit_options.hpp"
#include "cli/output.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {
namespace {

using Json = nlohmann::ordered_json;

/// bcrypt's key is at most 72 bytes; longer passwords are silently cut by every bcrypt.
constexpr std::size_t k_bcrypt_max_password = 72;

/// Prints the outcome of `pwcheck hash` in the style asked for.
class HashReport {
public:
    HashReport(Io& io, bool json) : m_io(io), m_json(json) {}

    ExitCode fail(ExitCode code, std::string_view error_code, const std::string& message) {
        print_error(m_io.err, message);
        if (m_json) print(Json{{"schema_version", k_json_schema_version}, {"hash", nullptr}, {"scheme", nullptr},
                               {"params", Json::object()}, {"weak", false},
                               {"error", Json{{"code", std::string(error_code)}, {"message", message}}}});
        return code;
    }

    ExitCode made(const std::string& hash, const core::Inspection& inspection) {
        if (!m_json) {
            m_io.out << hash << '\n';
            return ExitCode::match;
        }
        Json params = Json::object();
        for (const auto& p : inspection.params) std::visit([&](const auto& v) { params[p.name] = v; }, p.value);
        print(Json{{"schema_version", k_json_schema_version}, {"hash", hash}, {"scheme", inspection.name},
                   {"params", params}, {"weak", inspection.weak}, {"error", nullptr}});
        return ExitCode::match;
    }

private:
    void print(const Json& j) { m_io.out << j.dump(-1, ' ', true, Json::error_handler_t::replace) << '\n'; }

    Io& m_io;
    bool m_json;
};

}  // namespace

void setup_hash(CLI::App& command, HashOptions& options) {
    command
        .add_option_function<std::string>(
            "--digest", [&options](const std::string& name) { options.digest = name; },
            "Scheme of the new hash: a passlib name such as argon2, bcrypt, pbkdf2_sha256, scrypt, sha512_crypt "
            "(default: argon2, i.e. argon2id m=102400 t=2 p=8)")
        ->type_name("NAME");
    add_cost_flags(command, options.costs);
    command.add_option("--target-ms", options.target_ms, "Pick the primary cost that takes about MS ms here (as bench --target-ms)")
        ->check(CLI::PositiveNumber)
        ->type_name("MS");
    command.add_flag("--allow-empty", options.allow_empty, "Hash an empty password (refused by default)");
    command.add_flag("--truncate", options.truncate,
                     "bcrypt, django_bcrypt: hash a password over 72 bytes, of which bcrypt uses the first 72");
    command.add_flag("--json", options.json, "Print one JSON object: hash, scheme, params, weak, error");
    command.add_flag("--raw", options.raw, "The password is all of standard input, byte for byte (default: the first line)");
    add_limit_options(command, options.limits);
    command.footer(
        "The password is read from standard input (a no-echo prompt on a terminal), never from the command line.\n"
        "Salts come from the system's CSPRNG; parameters default to passlib 1.7.4's.\n"
        "Examples:\n"
        "  printf '%s\\n' \"$pw\" | pwcheck hash                          # $argon2id$v=19$m=102400,t=2,p=8$...\n"
        "  printf '%s\\n' \"$pw\" | pwcheck hash --digest bcrypt --cost 13\n"
        "  printf '%s\\n' \"$pw\" | pwcheck hash --digest pbkdf2_sha256 --target-ms 250\n\n"
        "Exit status: 0 hash printed, 2 usage error (unknown digest, a cost out of range or not taken by the\n"
        "scheme, a verify-only scheme), 4 password refused (none, empty without --allow-empty, over 4096 bytes,\n"
        "over 72 bytes for bcrypt without --truncate, a NUL byte for bcrypt), 5 a cost over the --max-* limits\n"
        "(pwcheck verify would refuse the hash).\n");
}

ExitCode run_hash(const HashOptions& options, Io& io) {
    HashReport report(io, options.json);
    const auto usage = [&](const std::string& message) { return report.fail(ExitCode::usage, "usage", message); };

    // Everything the command line decides is checked before the password is read.
    const std::string digest = options.digest.value_or(std::string(k_default_hash_digest));
    const core::Scheme* scheme = core::find_scheme(digest);
    if (scheme == nullptr) return usage(unknown_digest_message(digest));
    if (auto why = cannot_make(*scheme)) return usage(*why);
    if (options.target_ms && (options.costs.rounds || options.costs.time)) {
        return usage("--target-ms picks the cost: give it or --rounds/--time, not both");
    }
    auto resolved = resolve_params(*scheme, options.costs);
    if (auto* message = std::get_if<std::string>(&resolved)) return usage(*message);
    core::HashParams params = std::get<core::HashParams>(resolved);
    const auto over = [&](const core::Error& e) { return report.fail(ExitCode::cost_over_limit, "cost_over_limit", error_text(e)); };
    if (auto e = params_over_limits(*scheme, params, options.limits)) return over(*e);
    if (scheme->weak) {
        io.err << "pwcheck: warning: " << scheme->name
               << " is a legacy weak scheme (MD5-, DES-based or a single digest); use it only for systems that "
                  "accept nothing better\n";
    }

    auto password = io.password.read(options.raw ? PasswordMode::raw : PasswordMode::first_line);
    if (!password) return report.fail(ExitCode::password_refused, "password_refused", password.error().message);
    if (password->size() == 0 && !options.allow_empty) {
        return report.fail(ExitCode::password_refused, "password_refused",
                           "the password is empty (give --allow-empty to hash it anyway)");
    }
    if (truncates_password(*scheme) && password->size() > k_bcrypt_max_password && !options.truncate) {
        return report.fail(ExitCode::password_refused, "password_refused",
                           "the password is " + std::to_string(password->size()) + " bytes and " +
                               std::string(scheme->name) +
                               " uses only the first 72 (give --truncate to accept that, or use bcrypt_sha256)");
    }

    if (options.target_ms) {
        const auto cost = calibrate_cost(*scheme, params, *options.target_ms);
        if (!cost) {
            return report.fail(ExitCode::no_match, "self_check",
                               "a timed " + std::string(scheme->name) + " verification did not match: this build is broken");
        }
        params.cost = *cost;
        if (auto e = params_over_limits(*scheme, params, options.limits)) return over(*e);
    }

    auto hash = make_new_hash(*scheme, params, password->bytes());
    if (!hash) {
        return report.fail(exit_code_for(hash.error().code), core::error_code_name(hash.error().code),
                           hash.error().message);
    }
    // Never hand out a hash pwcheck itself would refuse to verify (its cost limits, exit 5 there).
    const core::Inspection inspection = core::inspect(*hash, scheme, options.limits);
    if (inspection.error) {
        return report.fail(exit_code_for(inspection.error->code), core::error_code_name(inspection.error->code),
                           "not printing a hash pwcheck verify would refuse: " + error_text(*inspection.error));
    }
    return report.made(*hash, inspection);
}

}  // namespace pwcheck::cli

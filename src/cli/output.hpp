#pragma once
// How verify-style commands print their answer: text, quiet, or one JSON object.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cli/app.hpp"
#include "cli/exit_code.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {

/// Version of the JSON output's field set; bumped on any incompatible change.
inline constexpr int k_json_schema_version = 1;

/// What `verify --check-update` found for a password that matches.
struct UpdateCheck {
    bool needs_update = false;            ///< The stored hash is weaker than the target.
    std::optional<std::string> new_hash;  ///< With --rehash: the password's hash under the target.
};

/// Prints one verification outcome and returns its exit status. Never prints the password.
class Report {
public:
    enum class Style { text, quiet, json };
    Report(Io& io, Style style) : m_io(io), m_style(style) {}
    /// A match / no-match answer, or the error inside `result`; with `update` (--check-update) also
    /// whether the hash needs replacing (exit 6) and its replacement.
    ExitCode result(const core::VerifyResult& result, const std::optional<UpdateCheck>& update = std::nullopt);
    /// An error, with what is known of the hash (its scheme's name, parameters...) in `known`.
    ExitCode failure(const core::Error& error, const core::VerifyResult& known = {});
    /// No match for a user that is not in the --from file: `message` on stderr, exit 1.
    ExitCode unknown_user(const std::string& message);
    /// A usage error found after option parsing (e.g. an unknown --digest): exit 2.
    ExitCode usage_error(const std::string& message);

private:
    Io& m_io;
    Style m_style;
};

/// Prints what `pwcheck identify` learnt of one hash: one text line (name, parameters, "weak") or one
/// JSON object (scheme, params, well_formed, weak, error).
void print_inspection(std::ostream& out, const core::Inspection& inspection, bool json);

/// "unknown digest 'X' (did you mean 'Y'?); valid digests: ..." for an unknown --digest.
std::string unknown_digest_message(std::string_view name);

/// An error's one-line message as pwcheck prints it: over a cost limit, with the option that raises it,
/// "... exceeds the limit of 18 (raise it with --max-bcrypt-cost)".
std::string error_text(const core::Error& error);

/// Writes "pwcheck: error: MESSAGE" on one line of `err`.
void print_error(std::ostream& err, std::string_view message);

}  // namespace pwcheck::cli

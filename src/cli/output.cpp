#include "cli/output.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/limit_options.hpp"
#include "core/registry.hpp"

namespace pwcheck::cli {
namespace {

using Json = nlohmann::ordered_json;

Json json_base() {
    return Json{{"schema_version", k_json_schema_version}, {"match", nullptr},   {"scheme", nullptr},
                {"params", Json::object()},                {"weak", false},      {"truncated", false},
                {"error", nullptr}};
}

Json params_json(std::span<const core::Param> params) {
    Json j = Json::object();
    for (const auto& p : params) {
        std::visit([&](const auto& v) { j[p.name] = v; }, p.value);
    }
    return j;
}

/// The JSON object with what is known of the hash: its scheme's name, the parameters it parsed to and
/// whether it is weak.
Json hash_json(const core::VerifyResult& result) {
    Json j = json_base();
    if (!result.name.empty()) j["scheme"] = result.name;
    j["weak"] = result.weak;
    j["params"] = params_json(result.params);
    return j;
}

Json error_json(std::string_view code, const std::string& message) {
    return Json{{"code", std::string(code)}, {"message", message}};
}

/// {"code", "message"} of a core error; over a limit also "limit_option", the option that raises it.
Json error_json(const core::Error& error) {
    Json j = error_json(core::error_code_name(error.code), error_text(error));
    if (!error.limit.empty()) j["limit_option"] = limit_option(error.limit);
    return j;
}

void print_json(std::ostream& out, const Json& j) {
    // ensure_ascii keeps the output valid even if a message quotes odd bytes of the hash.
    out << j.dump(-1, ' ', true, Json::error_handler_t::replace) << '\n';
}

}  // namespace

std::string error_text(const core::Error& error) {
    if (error.limit.empty()) return error.message;
    return error.message + " (raise it with " + limit_option(error.limit) + ")";
}

void print_error(std::ostream& err, std::string_view message) { err << "pwcheck: error: " << message << '\n'; }

std::string unknown_digest_message(std::string_view name) {
    std::string message = "unknown digest '" + std::string(name) + "'";
    const std::string suggestion = core::suggest_digest(name);
    if (!suggestion.empty()) message += " (did you mean '" + suggestion + "'?)";
    message += "; valid digests:";
    bool first = true;
    for (const auto& n : core::digest_names()) {
        message += (first ? " " : ", ") + n;
        first = false;
    }
    return message;
}

void print_inspection(std::ostream& out, const core::Inspection& inspection, bool json) {
    // Well-formed: it parsed; an over-limit hash is well-formed but refused before any work.
    const bool well_formed = !inspection.error || inspection.error->code == core::ErrorCode::cost_over_limit;
    if (json) {
        Json j{{"schema_version", k_json_schema_version},
               {"scheme", inspection.name.empty() ? Json(nullptr) : Json(inspection.name)},
               {"params", params_json(inspection.params)},
               {"well_formed", well_formed},
               {"weak", inspection.weak},
               {"error", nullptr}};
        if (inspection.error) j["error"] = error_json(*inspection.error);
        print_json(out, j);
        return;
    }
    if (inspection.scheme == nullptr) {
        out << "unknown\n";
        return;
    }
    out << inspection.name;
    if (!well_formed) {
        out << " malformed: " << error_text(*inspection.error) << '\n';
        return;
    }
    for (const auto& p : inspection.params) {
        out << ' ' << p.name << '=';
        std::visit([&](const auto& v) { out << v; }, p.value);
    }
    if (inspection.weak) out << " weak";
    if (inspection.error) out << " (" << error_text(*inspection.error) << ")";
    out << '\n';
}

ExitCode Report::result(const core::VerifyResult& result, const std::optional<UpdateCheck>& update) {
    if (result.error) return failure(*result.error, result);
    const bool match = result.match.value_or(false);
    const bool stale = match && update && update->needs_update;
    const std::optional<std::string> new_hash = match && update ? update->new_hash : std::nullopt;
    if (m_style == Style::json) {
        Json j = hash_json(result);
        j["match"] = match;
        j["truncated"] = result.truncated;
        if (update) {
            j["needs_update"] = match ? Json(stale) : Json(nullptr);
            j["new_hash"] = new_hash ? Json(*new_hash) : Json(nullptr);
        }
        print_json(m_io.out, j);
    } else {
        if (m_style == Style::text) m_io.out << (!match ? "no match" : stale ? "match, needs update" : "match") << '\n';
        // The replacement is the point of --rehash: printed even with -q.
        if (new_hash) m_io.out << *new_hash << '\n';
    }
    if (!match) return ExitCode::no_match;
    return stale ? ExitCode::needs_update : ExitCode::match;
}

ExitCode Report::failure(const core::Error& error, const core::VerifyResult& known) {
    print_error(m_io.err, error_text(error));
    if (m_style == Style::json) {
        Json j = hash_json(known);
        j["error"] = error_json(error);
        print_json(m_io.out, j);
    }
    return exit_code_for(error.code);
}

ExitCode Report::unknown_user(const std::string& message) {
    print_error(m_io.err, message);
    if (m_style == Style::json) {
        Json j = json_base();
        j["match"] = false;
        print_json(m_io.out, j);
    } else if (m_style == Style::text) {
        m_io.out << "no match\n";
    }
    return ExitCode::no_match;
}

ExitCode Report::usage_error(const std::string& message) {
    print_error(m_io.err, message);
    if (m_style == Style::json) {
        Json j = json_base();
        j["error"] = error_json("usage", message);
        print_json(m_io.out, j);
    }
    return ExitCode::usage;
}

}  // namespace pwcheck::cli

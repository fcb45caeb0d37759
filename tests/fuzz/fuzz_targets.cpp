#include "fuzz_targets.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

#include "cli/app.hpp"
#include "cli/cmd_batch.hpp"
#include "cli/cmd_identify.hpp"
#include "cli/exit_code.hpp"
#include "cli/output.hpp"
#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace pwcheck::fuzz {
namespace {

using core::ErrorCode;

// The passwords are fixed, so that a finding replays exactly. Each holds non-ASCII bytes, which
// core::quote_for_message always escapes: a message that quotes the hash cannot spell them out by
// accident (the fuzzer made "a\xeanother" for an ASCII "another"), so finding one in a message
// means the password itself was copied there.
/// UTF-8 "fuzz pässwörd".
constexpr std::uint8_t k_password[] = {'f', 'u', 'z', 'z', ' ', 'p', 0xc3, 0xa4, 's', 's',
                                       'w', 0xc3, 0xb6, 'r', 'd'};
/// UTF-8 "anöther", for the batch lanes: a lane must not see its neighbour's password.
constexpr std::uint8_t k_other_password[] = {'a', 'n', 0xc3, 0xb6, 't', 'h', 'e', 'r'};

std::string_view as_text(std::span<const std::uint8_t> data) {
    return {reinterpret_cast<const char*>(data.data()), data.size()};
}

/// A broken invariant: a finding. Aborts so that libFuzzer keeps the input (and the replay test fails).
[[noreturn]] void fail(std::string_view what, std::string_view input) {
    std::fprintf(stderr, "pwcheck fuzz: invariant broken: %.*s\n  input: %s\n", static_cast<int>(what.size()),
                 what.data(), core::quote_for_message(input, 300).c_str());
    std::abort();
}

void check(bool ok, std::string_view what, std::string_view input) {
    if (!ok) fail(what, input);
}

bool contains(std::string_view text, std::span<const std::uint8_t> needle) {
    return text.find(as_text(needle)) != std::string_view::npos;
}

/// Every error message is one non-empty line and never quotes the password (core/error.hpp); it may
/// quote the hash, so a password the fuzzer copied into the hash (it learns the strings compared here)
/// may appear.
void check_message(const core::Error& error, std::string_view input) {
    check(!error.message.empty(), "an error without a message", input);
    check(error.message.find_first_of("\r\n") == std::string::npos,
          "an error message of more than one line: " + error.message, input);
    for (const auto password : {std::span<const std::uint8_t>(k_password), std::span<const std::uint8_t>(k_other_password)}) {
        check(contains(input, password) || !contains(error.message, password), "an error message quotes the password",
              input);
    }
}

/// Reads every byte and value of `params` (so that the sanitizers see any bad reference in them).
std::size_t touch(const std::vector<core::Param>& params, std::string_view input) {
    std::size_t n = 0;
    for (const auto& p : params) {
        check(!p.name.empty(), "a parameter without a name", input);
        n += p.name.size();
        std::visit(
            [&](const auto& v) {
                if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
                    n += static_cast<std::size_t>(std::count(v.begin(), v.end(), '$'));
                } else {
                    n += static_cast<std::size_t>(v & 1);
                }
            },
            p.value);
    }
    return n;
}

bool same_answer(const core::VerifyResult& a, const core::VerifyResult& b) {
    if (a.match != b.match || a.error.has_value() != b.error.has_value()) return false;
    return !a.error || a.error->code == b.error->code;
}

/// The lines batch and identify read from `text` (std::getline's: a last line without "\n" counts
/// when it is not empty).
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::vector<std::string> output_lines(const std::string& out, std::string_view input, std::string_view what) {
    check(out.empty() || out.back() == '\n', std::string(what) + ": output does not end in a newline", input);
    std::vector<std::string> lines;
    for (const auto line : lines_of(out)) lines.emplace_back(line);
    return lines;
}

nlohmann::json parse_json_line(const std::string& line, std::string_view input, std::string_view what) {
    try {
        return nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
        fail(std::string(what) + ": output line is not JSON: " + line, input);
    }
}

/// A password source for commands that must not read one.
class NoPassword final : public cli::PasswordSource {
public:
    core::Result<core::SecretBuffer> read(cli::PasswordMode) override {
        std::fprintf(stderr, "pwcheck fuzz: a command read a password it must not read\n");
        std::abort();
    }
};

}  // namespace

core::Limits tight_limits() {
    core::Limits l;
    l.max_pbkdf2_rounds = 2000;         // the vectors use 1000
    l.max_bcrypt_cost = 5;              // 4 is bcrypt's least
    l.max_sha_crypt_rounds = 2000;      // 1000 is sha-crypt's least
    l.max_phpass_rounds = 9;            // 7 is phpass's least
    l.max_memory = 2u << 20;            // werkzeug_scrypt's N=1024, r=8 takes 1 MiB
    l.max_memory_work = 2u << 20;       // scrypt 128 r N p, argon2 m t: ~2000 blocks
    l.max_argon2_time = 2;
    l.max_argon2_parallelism = 4;
    return l;
}

std::span<const std::uint8_t> fuzz_password() { return k_password; }

void fuzz_parse(const core::Scheme& row, std::span<const std::uint8_t> data) {
    const std::string_view text = as_text(data);
    const core::Limits tight = tight_limits();
    if (!row.claims(text)) {
        // The CLI never hands the parser a hash its row does not claim: --digest ROW says wrong_scheme.
        const core::Inspection inspection = core::inspect(text, &row, tight);
        check(inspection.error && inspection.error->code == ErrorCode::wrong_scheme,
              "a hash the row does not claim is not wrong_scheme", text);
        check_message(*inspection.error, text);
        return;
    }
    auto parsed = row.parse(text);
    const core::Inspection inspection = core::inspect(text, &row, {});
    if (!parsed) {
        const core::Error& error = parsed.error();
        check(error.code == ErrorCode::malformed_hash || error.code == ErrorCode::unsupported_hash,
              "parse() failed with neither malformed_hash nor unsupported_hash", text);
        check_message(error, text);
        check(inspection.error && inspection.error->code == error.code, "inspect() disagrees with parse()", text);
        return;
    }
    const core::ParsedHash& hash = **parsed;

    // What identify and --json report, with no password involved.
    std::size_t seen = touch(hash.params(), text);
    if (const auto hp = hash.hash_params()) seen += static_cast<std::size_t>(hp->cost + hp->memory + hp->variant.size());
    const std::string name = hash.name();
    seen += name.size() + static_cast<std::size_t>(hash.weak()) + hash.batch_key().size();
    for (const std::uint8_t b : hash.expected()) seen += b;
    (void)seen;
    check(inspection.name == (name.empty() ? std::string(row.name) : name), "inspect() names the hash otherwise",
          text);
    check(inspection.params.size() == hash.params().size(), "inspect() reports other parameters", text);

    // Limits: none is never exceeded; tight ones are exceeded whenever the defaults are.
    check(!hash.check_limits(core::Limits::none()), "a hash over Limits::none()", text);
    const auto over_default = hash.check_limits(core::Limits{});
    const auto over_tight = hash.check_limits(tight);
    for (const auto* over : {&over_default, &over_tight}) {
        if (!*over) continue;
        check((*over)->code == ErrorCode::cost_over_limit, "check_limits() failed with another code", text);
        check_message(**over, text);
    }
    check(!over_default || over_tight, "over the default limits but within the tight ones", text);
    check(inspection.error.has_value() == over_default.has_value(), "inspect() disagrees with check_limits()", text);
    if (over_tight) return;

    // Within the tight limits: the real computation, on whatever parameters the input carries.
    core::VerifyRequest request{k_password, text, &row, tight};
    const core::VerifyResult result = core::verify(request);
    check(result.match.has_value() != result.error.has_value(), "verify() gave both or neither of match and error",
          text);
    if (result.error) {
        check(result.error->code != ErrorCode::cost_over_limit, "verify() over limits check_limits() accepted", text);
        check_message(*result.error, text);
    }
    if (hash.batch_key().empty()) return;
    // Interleaved derivation (pwcheck batch): the same answers as one at a time, whatever the neighbours.
    core::VerifyRequest other = request;
    other.password = k_other_password;
    const core::VerifyResult other_result = core::verify(other);
    const core::VerifyRequest requests[] = {request, other, request, request};
    const auto batch = core::verify_batch(requests);
    check(batch.size() == 4, "verify_batch() lost answers", text);
    for (std::size_t i = 0; i < 4; ++i) {
        check(same_answer(batch[i], i == 1 ? other_result : result), "verify_batch() answers otherwise than verify()",
              text);
    }
}

void fuzz_identify(std::span<const std::uint8_t> data) {
    const std::string_view text = as_text(data);
    const core::Inspection inspection = core::inspect(text);
    if (inspection.scheme != nullptr) {
        check(inspection.scheme == core::identify_scheme(text) && inspection.scheme->claims(text),
              "inspect() chose a row that is not the first to claim the hash", text);
    } else {
        check(inspection.error && inspection.error->code == ErrorCode::unrecognized_hash,
              "no row, but not unrecognized_hash", text);
    }
    if (inspection.error) check_message(*inspection.error, text);

    std::ostringstream line_text, line_json;
    cli::print_inspection(line_text, inspection, false);
    cli::print_inspection(line_json, inspection, true);
    check(output_lines(line_text.str(), text, "identify").size() == 1, "identify printed other than one line", text);
    const auto json_lines = output_lines(line_json.str(), text, "identify --json");
    check(json_lines.size() == 1, "identify --json printed other than one line", text);
    const auto j = parse_json_line(json_lines[0], text, "identify --json");
    check(j.is_object() && j.contains("scheme") && j["scheme"].is_null() == inspection.name.empty(),
          "identify --json's scheme is not the inspected name", text);

    NoPassword no_password;
    for (const bool json : {false, true}) {
        // --hash TEXT: what print_inspection printed, and exit 0 exactly when a row claims it.
        std::ostringstream out, err;
        cli::Io io{out, err, no_password, nullptr};
        const auto status = cli::run_identify({std::string(text), json, core::Limits{}}, io);
        check((status == cli::ExitCode::match) == (inspection.scheme != nullptr), "identify --hash: wrong exit status",
              text);
        check(out.str() == (json ? line_json : line_text).str(), "identify --hash printed otherwise", text);

        // The same bytes as lines on stdin: one answer per line.
        std::istringstream in{std::string(text)};
        std::ostringstream lines_out, lines_err;
        cli::Io lines_io{lines_out, lines_err, no_password, &in};
        const auto lines_status = cli::run_identify({std::nullopt, json, core::Limits{}}, lines_io);
        check(lines_status == cli::ExitCode::match || lines_status == cli::ExitCode::bad_hash,
              "identify: an exit status other than 0 or 3", text);
        const auto answers = output_lines(lines_out.str(), text, "identify (stdin)");
        check(answers.size() == lines_of(text).size(), "identify (stdin): not one answer per line", text);
        if (json) {
            for (const auto& answer : answers) (void)parse_json_line(answer, text, "identify --json (stdin)");
        }
    }
}

void fuzz_batch(std::span<const std::uint8_t> data) {
    const std::string_view text = as_text(data);
    const core::Limits tight = tight_limits();
    const auto lines = lines_of(text);
    for (std::string_view line : lines) {
        if (line.size() > cli::k_batch_max_line) continue;  // answered without parsing
        if (line.ends_with('\r')) line.remove_suffix(1);
        const cli::BatchRecord record = cli::parse_batch_record(line);
        if (record.error) {
            check(!record.error->empty(), "a bad record without a reason", text);
            continue;
        }
        check(record.password.has_value(), "a usable record without a password", text);
    }
    // The whole input as one line too: the parser takes any bytes, "\n" included.
    const cli::BatchRecord whole = cli::parse_batch_record(text);
    check(whole.error.has_value() || whole.password.has_value(), "a usable record without a password", text);
    std::istringstream in{std::string(text)};
    std::ostringstream out, err;
    NoPassword no_password;
    cli::Io io{out, err, no_password, &in};
    cli::BatchOptions options;
    options.jobs = 1;
    options.limits = tight;  // --max-* as tight as the parse targets'
    const auto status = cli::run_batch(options, io);
    check(status == cli::ExitCode::match || status == cli::ExitCode::bad_hash, "batch: an exit status other than 0 or 3",
          text);
    const auto answers = output_lines(out.str(), text, "batch");
    check(answers.size() == lines.size(), "batch: not one answer per input line", text);
    bool any_error = false;
    for (const auto& answer : answers) {
        const auto j = parse_json_line(answer, text, "batch");
        check(j.is_object() && j.contains("id") && j.contains("match") && j.contains("scheme") && j.contains("error"),
              "batch: an answer without id, match, scheme and error", text);
        check(j["match"].is_null() != j["error"].is_null(), "batch: an answer with both or neither of match and error",
              text);
        any_error = any_error || !j["error"].is_null();
    }
    check((status == cli::ExitCode::bad_hash) == any_error, "batch: exit status disagrees with the answers", text);
}

std::vector<std::string> target_names() {
    std::vector<std::string> names;
    for (const core::Scheme* row : core::scheme_table()) names.push_back("parse_" + std::string(row->name));
    names.emplace_back("identify");
    names.emplace_back("batch");
    return names;
}

Target find_target(std::string_view name) {
    if (name == "identify") return fuzz_identify;
    if (name == "batch") return fuzz_batch;
    for (const core::Scheme* row : core::scheme_table()) {
        if (name == "parse_" + std::string(row->name)) {
            return [row](std::span<const std::uint8_t> data) { fuzz_parse(*row, data); };
        }
    }
    return {};
}

}  // namespace pwcheck::fuzz

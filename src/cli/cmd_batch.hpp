#pragma once
// `pwcheck batch`: NDJSON records in, one NDJSON result per input line out, in input order, on every core.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/exit_code.hpp"
#include "core/limits.hpp"
#include "core/secret.hpp"

namespace CLI {
class App;
}

namespace pwcheck::cli {

/// Options of `pwcheck batch`.
struct BatchOptions {
    std::optional<unsigned> jobs;       ///< --jobs N: worker threads (default: the number of cores).
    std::optional<std::string> input;   ///< --input FILE: read records from FILE instead of stdin.
    core::Limits limits;                ///< --max-*: the cost limits for every record.
};

/// The longest input line batch reads, in bytes; a longer line is answered with an error and skipped.
inline constexpr std::size_t k_batch_max_line = 65536;

/// One input line read as a record: what to verify, or why the line is not a record.
struct BatchRecord {
    nlohmann::ordered_json id;          ///< The record's "id", any JSON value; null when absent.
    std::string hash;                   ///< "hash" (or the original service's "hash_pass").
    std::optional<std::string> digest;  ///< "digest", when given.
    std::optional<core::SecretBuffer> password;  ///< "password" (UTF-8 text) or the bytes of "password_b64".
    std::optional<std::string> error;   ///< Why the line is not a usable record; never quotes the password.
};

/// Reads `line` (without its "\n") as a record. The password goes from nlohmann's lexer buffer
/// straight into a SecretBuffer and that buffer is wiped; the line itself is the caller's to wipe.
BatchRecord parse_batch_record(std::span<const char> line);

/// Binds the batch options to `command`.
void setup_batch(CLI::App& command, BatchOptions& options);

/// Runs batch: exit 0 when every record got a match or no-match answer, 3 when one got an error
/// (all are still answered), 2 for a usage error.
ExitCode run_batch(const BatchOptions& options, Io& io);

}  // namespace pwcheck::cli

#pragma once
// The bodies of pwcheck's fuzz targets, compiled into the libFuzzer binary (clang, sanitizers) and into
// the normal test suite, whose replay test runs every committed finding through the same function.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.hpp"
#include "core/scheme.hpp"

namespace pwcheck::fuzz {

/// Limits so small that verifying one fuzzed hash within them takes a few milliseconds under the
/// sanitizers; every field is at most core::Limits{}'s.
core::Limits tight_limits();

/// The password every fuzzed verify uses (no NUL, non-ASCII, under bcrypt's 72 bytes).
std::span<const std::uint8_t> fuzz_password();

/// Fuzzes `row`'s parser with `data` as the hash text, as the CLI would use the result without a
/// password (params, names, limits), then verifies it with fuzz_password() when its cost is within
/// tight_limits(). Aborts, naming the broken invariant, when an answer is inconsistent.
void fuzz_parse(const core::Scheme& row, std::span<const std::uint8_t> data);

/// Fuzzes identification: core::inspect() with no named scheme and `pwcheck identify`'s text and JSON
/// output for `data` (as --hash, and as lines on stdin).
void fuzz_identify(std::span<const std::uint8_t> data);

/// Fuzzes batch's record parser on every line of `data`, then `pwcheck batch` over all of `data` with
/// tight_limits() as its --max-* limits.
void fuzz_batch(std::span<const std::uint8_t> data);

/// The name of each fuzz target: "parse_<row>" for each row of the scheme table, "identify", "batch".
std::vector<std::string> target_names();

/// One fuzz target's body.
using Target = std::function<void(std::span<const std::uint8_t> data)>;

/// The target named `name` (one of target_names()); empty when there is no such target.
Target find_target(std::string_view name);

}  // namespace pwcheck::fuzz

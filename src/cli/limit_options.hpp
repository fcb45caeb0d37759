#pragma once
// The --max-<limit> options that raise (or lower) pwcheck's cost limits, shared by every command that
// reads hashes: verify, identify, hash and batch.
#include <CLI/CLI.hpp>

#include <string>

#include "core/limits.hpp"

namespace pwcheck::cli {

/// Adds one --max-<key> option per row of core::limit_table() to `command`, in the "Cost limits" group
/// of its --help, each writing its field of `limits` (sizes take K/M/G/T suffixes).
void add_limit_options(CLI::App& command, core::Limits& limits);

/// The option that raises `limit` (a core::LimitInfo key): "--max-pbkdf2-rounds".
std::string limit_option(std::string_view limit);

}  // namespace pwcheck::cli

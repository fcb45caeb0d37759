#pragma once
// `pwcheck bench`: time verification per digest, or calibrate costs (--target-ms).
#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/bench_engine.hpp"
#include "cli/exit_code.hpp"

namespace CLI {
class App;
}

namespace pwcheck::cli {

/// Options of `pwcheck bench`.
struct BenchOptions {
    std::vector<std::string> digests;     ///< --digest NAME (repeatable); empty means every scheme.
    BenchSettings settings;               ///< --min-time, --min-runs, --warmup.
    std::string format = "text";          ///< --format text|json.
    std::string output;                   ///< --output FILE; empty means stdout.
    std::optional<double> target_ms;      ///< --target-ms MS: calibrate instead of timing defaults.
    std::optional<std::uint64_t> cost;    ///< --rounds / --cost N: time this cost instead of the default.
};

/// Binds the bench options to `command`.
void setup_bench(CLI::App& command, BenchOptions& options);

/// Runs bench with the system clock and a progress line on stderr when it is a terminal.
ExitCode run_bench(const BenchOptions& options, Io& io);

/// The real workload: a hash of the bench password made by the scheme at `cost`, with a fixed salt.
Workload make_workload(const core::Scheme& scheme, std::uint64_t cost);

/// Runs bench with an injected clock, workload maker and verifier (unit tests); `terminal` turns the
/// progress line on.
ExitCode run_bench_with(const BenchOptions& options, Io& io, Clock& clock, const MakeWorkloadFn& make,
                        const VerifyFn& verify, bool terminal);

}  // namespace pwcheck::cli

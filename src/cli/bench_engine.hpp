#pragma once
// The timing engine behind `pwcheck bench`: runs, statistics and cost calibration. It reads time only
// through an injected Clock and verifies only through an injected function, so it is unit-testable.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheme.hpp"

namespace pwcheck::cli {

/// A source of time, in seconds from an arbitrary origin.
class Clock {
public:
    virtual ~Clock() = default;
    /// Wall-clock (monotonic) time.
    virtual double now() = 0;
    /// CPU time consumed by this process.
    virtual double cpu_now() = 0;
};

/// The system's monotonic clock and process CPU clock.
class SystemClock final : public Clock {
public:
    double now() override;
    double cpu_now() override;
};

/// Statistics of a set of timings (seconds per verification).
struct Summary {
    std::size_t runs = 0;
    double mean = 0, stddev = 0, median = 0, min = 0, max = 0;
    double cpu_mean = 0;        ///< Mean CPU time per run.
    std::size_t outliers = 0;   ///< Runs whose modified Z-score exceeds 10 (as hyperfine flags them)
                                ///< and that are more than 2% off the median.
};

/// Summarises `samples`; `cpu_samples` (same length, or empty) gives cpu_mean.
Summary summarize(std::vector<double> samples, const std::vector<double>& cpu_samples = {});

/// How long to measure: at least `min_runs` runs and `min_time` seconds, after `warmup` runs.
struct BenchSettings {
    double min_time = 1.0;
    std::size_t min_runs = 10;
    std::size_t warmup = 1;
};

/// One verification to time: a hash of `password` made by `scheme` at `cost`.
struct Workload {
    const core::Scheme* scheme = nullptr;
    std::uint64_t cost = 0;
    std::string hash;
};

/// One real, timed verification of `password` against the workload's hash, with no cost limits (the
/// costs are the caller's own choice); true when it matched, as it must.
bool verifies(const Workload& w, std::string_view password);

/// Builds the workload for a scheme at a cost (the real one makes a hash, which costs one derivation).
using MakeWorkloadFn = std::function<Workload(const core::Scheme&, std::uint64_t cost)>;
/// Performs one verification of a workload; returns false when it did not match (a broken build).
using VerifyFn = std::function<bool(const Workload&)>;
/// Told before each timed run (0-based index), for a progress line.
using ProgressFn = std::function<void(const Workload&, std::size_t run)>;

/// The cost that makes one verification take about the target time on this machine.
struct Calibration {
    const core::Scheme* scheme = nullptr;
    double target = 0;          ///< Seconds asked for.
    std::uint64_t cost = 0;     ///< Recommended cost: the closest to the target (linear schemes) or
                                ///< cost_below (log2 schemes, whose next step doubles the time).
    double time = 0;            ///< Measured seconds per verification at `cost`.
    /// For log2-cost schemes (bcrypt): the costs either side of the target and their times.
    std::optional<std::uint64_t> cost_below, cost_above;
    double time_below = 0, time_above = 0;
};

/// Runs workloads and measures them.
class BenchEngine {
public:
    /// Times with `clock`, verifies with `verify`; `progress` may be empty.
    BenchEngine(Clock& clock, VerifyFn verify, ProgressFn progress = {})
        : m_clock(clock), m_verify(std::move(verify)), m_progress(std::move(progress)) {}
    /// Times `workload` as `settings` say. Empty when a verification failed to match.
    std::optional<Summary> measure(const Workload& workload, const BenchSettings& settings);
    /// Finds the cost of `scheme` for `target` seconds, starting from a probe at `probe_cost`.
    /// `make` builds the workload for a cost. Empty when a verification failed to match.
    std::optional<Calibration> calibrate(const core::Scheme& scheme, double target, std::uint64_t probe_cost,
                                         const std::function<Workload(std::uint64_t)>& make);

private:
    Clock& m_clock;
    VerifyFn m_verify;
    ProgressFn m_progress;
};

}  // namespace pwcheck::cli

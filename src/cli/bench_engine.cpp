#include "cli/bench_engine.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <numeric>

#include "core/encoding.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {
namespace {

double clock_seconds(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median_of(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// A calibration probe: enough runs for a stable median, no minimum time.
constexpr BenchSettings k_probe{0.0, 3, 1};

}  // namespace

double SystemClock::now() { return clock_seconds(CLOCK_MONOTONIC); }
double SystemClock::cpu_now() { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }

Summary summarize(std::vector<double> samples, const std::vector<double>& cpu_samples) {
    Summary s;
    s.runs = samples.size();
    if (samples.empty()) return s;
    const double n = static_cast<double>(samples.size());
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
    double squares = 0;
    for (const double x : samples) squares += (x - s.mean) * (x - s.mean);
    s.stddev = samples.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
    s.median = median_of(samples);
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    s.min = *lo;
    s.max = *hi;
    if (!cpu_samples.empty()) {
        s.cpu_mean = std::accumulate(cpu_samples.begin(), cpu_samples.end(), 0.0) / static_cast<double>(cpu_samples.size());
    }
    // Modified Z-score (Iglewicz & Hoaglin) with the median absolute deviation, as hyperfine does.
    std::vector<double> deviations;
    deviations.reserve(samples.size());
    for (const double x : samples) deviations.push_back(std::abs(x - s.median));
    // When more than half the runs took exactly the median time the MAD is 0; the mean absolute
    // deviation then stands in for it (Iglewicz & Hoaglin's fallback).
    double scale = 1.4826 * median_of(deviations);
    if (scale == 0) scale = 1.253314 * std::accumulate(deviations.begin(), deviations.end(), 0.0) / n;
    if (scale > 0) {
        for (const double x : samples) {
            // A run must also be practically far off (2% of the median): with few runs and a tight
            // cluster, a scale of microseconds would otherwise flag sub-percent differences.
            const double deviation = std::abs(x - s.median);
            if (deviation / scale > 10.0 && deviation > 0.02 * s.median) ++s.outliers;
        }
    }
    return s;
}

std::optional<Summary> BenchEngine::measure(const Workload& workload, const BenchSettings& settings) {
    for (std::size_t i = 0; i < settings.warmup; ++i) {
        if (!m_verify(workload)) return std::nullopt;
    }
    std::vector<double> wall, cpu;
    const double start = m_clock.now();
    while (wall.size() < settings.min_runs || m_clock.now() - start < settings.min_time) {
        if (m_progress) m_progress(workload, wall.size());
        const double t0 = m_clock.now();
        const double c0 = m_clock.cpu_now();
        const bool ok = m_verify(workload);
        const double c1 = m_clock.cpu_now();
        const double t1 = m_clock.now();
        if (!ok) return std::nullopt;
        wall.push_back(t1 - t0);
        cpu.push_back(c1 - c0);
    }
    return summarize(std::move(wall), cpu);
}

std::optional<Calibration> BenchEngine::calibrate(const core::Scheme& scheme, double target, std::uint64_t probe_cost,
                                                  const std::function<Workload(std::uint64_t)>& make) {
    const auto& spec = scheme.cost;
    const auto clamp = [&](double c) {
        if (!(c >= static_cast<double>(spec.min))) return spec.min;  // also catches NaN
        if (c >= static_cast<double>(spec.max)) return spec.max;
        return static_cast<std::uint64_t>(c);
    };
    const auto time_at = [&](std::uint64_t cost) -> std::optional<double> {
        const auto s = measure(make(cost), k_probe);
        if (!s) return std::nullopt;
        return s->median;
    };

    Calibration c;
    c.scheme = &scheme;
    c.target = target;
    const auto t0 = time_at(probe_cost);
    if (!t0) return std::nullopt;
    const double per_step_time = std::max(*t0, 1e-9);

    if (spec.log2) {
        // One more cost step doubles the time: t(c) = t0 * 2^(c - c0).
        const double steps = std::floor(std::log2(target / per_step_time));
        const std::uint64_t below = clamp(static_cast<double>(probe_cost) + steps);
        const std::uint64_t above = std::min(below + 1, spec.max);
        const auto tb = time_at(below);
        const auto ta = above == below ? tb : time_at(above);
        if (!tb || !ta) return std::nullopt;
        c.cost_below = below;
        c.cost_above = above;
        c.time_below = *tb;
        c.time_above = *ta;
        c.cost = below;
        c.time = *tb;
        return c;
    }
    // Linear cost: scale from the probe, then correct once from a measurement at the estimate.
    const std::uint64_t first = clamp(std::round(target * static_cast<double>(probe_cost) / per_step_time));
    const auto t1 = time_at(first);
    if (!t1) return std::nullopt;
    const std::uint64_t second = clamp(std::round(static_cast<double>(first) * target / std::max(*t1, 1e-9)));
    const auto t2 = second == first ? t1 : time_at(second);
    if (!t2) return std::nullopt;
    c.cost = second;
    c.time = *t2;
    return c;
}

bool verifies(const Workload& w, std::string_view password) {
    core::VerifyRequest r;
    r.password = core::as_bytes(password);
    r.hash = w.hash;
    r.scheme = w.scheme;
    r.limits = core::Limits::none();
    return core::verify(r).match == std::optional<bool>(true);
}

}  // namespace pwcheck::cli

// pwcheck bench with an injected clock: statistics, calibration and both output formats.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "cli/bench_engine.hpp"
#include "cli/cmd_bench.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

using namespace pwcheck::cli;

namespace {

/// Time moves only when a fake verification says so.
class FakeClock final : public Clock {
public:
    double now() override { return t; }
    double cpu_now() override { return t * 0.5; }
    double t = 100.0;
};

/// A verifier that "takes" cost × 1 µs (linear schemes) or 2^cost µs (log2 schemes).
VerifyFn fake_verify(FakeClock& clock, double jitter_every = 0) {
    auto count = std::make_shared<int>(0);
    return [&clock, count, jitter_every](const Workload& w) {
        double seconds = w.scheme->cost.log2 ? std::ldexp(1e-6, static_cast<int>(w.cost)) : static_cast<double>(w.cost) * 1e-6;
        if (jitter_every > 0 && ++*count % static_cast<int>(jitter_every) == 0) seconds *= 10;  // an outlier
        clock.t += seconds;
        return true;
    };
}

class NoPassword final : public PasswordSource {
public:
    pwcheck::core::Result<pwcheck::core::SecretBuffer> read(PasswordMode) override {
        return pwcheck::core::make_error(pwcheck::core::ErrorCode::password_refused, "bench reads no password");
    }
};

struct Run {
    ExitCode status;
    std::string out, err;
};

Run bench(BenchOptions options, const VerifyFn& verify, FakeClock& clock, bool terminal = false) {
    std::ostringstream out, err;
    NoPassword none;
    Io io{out, err, none};
    // The fake verifier never reads the hash, so the workload needs none (making one costs a derivation).
    const auto make = [](const pwcheck::core::Scheme& s, std::uint64_t cost) { return Workload{&s, cost, ""}; };
    const ExitCode status = run_bench_with(options, io, clock, make, verify, terminal);
    return {status, out.str(), err.str()};
}

const pwcheck::core::Scheme& scheme(const char* name) { return *pwcheck::core::find_scheme(name); }

}  // namespace

TEST(BenchStats, Summary) {
    const Summary s = summarize({4, 1, 3, 2, 5}, {2, 2, 2, 2, 2});
    EXPECT_EQ(s.runs, 5u);
    EXPECT_DOUBLE_EQ(s.mean, 3.0);
    EXPECT_DOUBLE_EQ(s.median, 3.0);
    EXPECT_DOUBLE_EQ(s.min, 1.0);
    EXPECT_DOUBLE_EQ(s.max, 5.0);
    EXPECT_NEAR(s.stddev, std::sqrt(2.5), 1e-12);  // sample standard deviation
    EXPECT_DOUBLE_EQ(s.cpu_mean, 2.0);
    EXPECT_EQ(s.outliers, 0u);
    EXPECT_DOUBLE_EQ(summarize({1, 2, 3, 4}).median, 2.5);
}

TEST(BenchStats, FlagsOutliers) {
    std::vector<double> v(20, 1.0);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] += 0.01 * static_cast<double>(i % 5);
    v.push_back(10.0);
    EXPECT_EQ(summarize(v).outliers, 1u);
    EXPECT_EQ(summarize(std::vector<double>(5, 2.0)).outliers, 0u);  // no spread: nothing to flag
}

TEST(BenchStats, TightClustersAreNotNoisy) {
    // Two runs almost equal make the MAD tiny; a run 0.4% away is then "far" in Z terms but is
    // not noise anyone should be warned about.
    EXPECT_EQ(summarize({0.227738, 0.228671, 0.228673}).outliers, 0u);
    EXPECT_EQ(summarize({0.2277, 0.2286, 0.2287, 0.2286, 0.2287, 0.2286, 0.50}).outliers, 1u);
}

TEST(BenchEngine, MeetsMinRunsAndMinTime) {
    FakeClock clock;
    BenchEngine engine(clock, fake_verify(clock));
    const Workload w{&scheme("pbkdf2_sha256"), 10000, ""};  // 10 ms per run
    const auto few = engine.measure(w, BenchSettings{0.0, 7, 2});
    ASSERT_TRUE(few);
    EXPECT_EQ(few->runs, 7u);
    EXPECT_NEAR(few->mean, 0.010, 1e-9);
    EXPECT_NEAR(few->cpu_mean, 0.005, 1e-9);
    const auto timed = engine.measure(w, BenchSettings{0.1, 1, 0});
    ASSERT_TRUE(timed);
    EXPECT_GE(timed->runs, 10u);
    EXPECT_LE(timed->runs, 11u);
}

TEST(BenchEngine, StopsWhenAVerificationFails) {
    FakeClock clock;
    BenchEngine engine(clock, [](const Workload&) { return false; });
    EXPECT_FALSE(engine.measure(Workload{&scheme("bcrypt"), 4, ""}, BenchSettings{}));
}

TEST(BenchEngine, CalibratesLinearCost) {
    FakeClock clock;
    BenchEngine engine(clock, fake_verify(clock));
    const auto& s = scheme("pbkdf2_sha256");
    const auto c = engine.calibrate(s, 0.250, 29000, [&](std::uint64_t k) { return Workload{&s, k, ""}; });
    ASSERT_TRUE(c);
    EXPECT_EQ(c->cost, 250000u);
    EXPECT_NEAR(c->time, 0.250, 1e-9);
    EXPECT_FALSE(c->cost_below);
}

TEST(BenchEngine, CalibratesLog2CostWithBothNeighbours) {
    FakeClock clock;
    BenchEngine engine(clock, fake_verify(clock));
    const auto& s = scheme("bcrypt");
    const auto c = engine.calibrate(s, 0.100, 12, [&](std::uint64_t k) { return Workload{&s, k, ""}; });
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->cost_below);
    EXPECT_EQ(*c->cost_below, 16u);  // 65.5 ms
    EXPECT_EQ(*c->cost_above, 17u);  // 131 ms
    EXPECT_NEAR(c->time_below, 0.065536, 1e-9);
    EXPECT_NEAR(c->time_above, 0.131072, 1e-9);
    EXPECT_EQ(c->cost, 16u);
}

TEST(BenchCommand, TextReportsEveryStatistic) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"sha256"};
    o.settings = BenchSettings{0.0, 5, 1};
    const auto r = bench(o, fake_verify(clock), clock);
    EXPECT_EQ(r.status, ExitCode::match) << r.err;
    for (const char* s : {"pbkdf2_sha256 (rounds 29000)", "Time (mean ± σ):     29.000 ms ± 0.000 ms", "Median:",
                          "Range (min … max):   29.000 ms … 29.000 ms    5 runs", "34.5 verifications/s",
                          "1.00 M PBKDF2 iterations/s"}) {
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
    }
    EXPECT_EQ(r.out.find("Warning"), std::string::npos);
    EXPECT_EQ(r.err, "");  // no terminal, no progress line
}

TEST(BenchCommand, WarnsAboutOutliers) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"bcrypt"};
    o.cost = 4;
    o.settings = BenchSettings{0.0, 30, 0};
    const auto r = bench(o, fake_verify(clock, 29), clock);
    EXPECT_NE(r.out.find("Warning: 1 statistical outlier was detected"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("iterations/s"), std::string::npos);  // bcrypt has no PBKDF2 iterations
}

TEST(BenchCommand, JsonFollowsGoogleBenchmarkSchema) {
    FakeClock clock;
    BenchOptions o;
    o.format = "json";
    o.settings = BenchSettings{0.0, 3, 0};
    const auto r = bench(o, fake_verify(clock), clock);
    ASSERT_EQ(r.status, ExitCode::match) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    for (const char* k : {"date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "caches", "library_build_type"}) {
        EXPECT_TRUE(j["context"].contains(k)) << k;
    }
    const auto& b = j["benchmarks"];
    // every scheme that makes hashes, one entry each (verify-only rows have nothing to time)
    const auto timed = std::count_if(pwcheck::core::scheme_table().begin(), pwcheck::core::scheme_table().end(),
                                     [](const auto* s) { return s->make_hash != nullptr; });
    ASSERT_EQ(b.size(), static_cast<std::size_t>(timed));
    EXPECT_EQ(b[1]["name"], "pbkdf2_sha256/rounds:29000");
    EXPECT_EQ(b[1]["run_name"], b[1]["name"]);
    EXPECT_EQ(b[1]["run_type"], "iteration");
    EXPECT_EQ(b[1]["repetitions"], 1);
    EXPECT_EQ(b[1]["repetition_index"], 0);
    EXPECT_EQ(b[1]["threads"], 1);
    EXPECT_EQ(b[1]["iterations"], 3);
    EXPECT_EQ(b[1]["time_unit"], "ms");
    EXPECT_NEAR(b[1]["real_time"].get<double>(), 29.0, 1e-6);
    EXPECT_NEAR(b[1]["cpu_time"].get<double>(), 14.5, 1e-6);
    EXPECT_NEAR(b[1]["items_per_second"].get<double>(), 1 / 0.029, 1e-6);
    EXPECT_NEAR(b[1]["rounds_per_second"].get<double>(), 29000 / 0.029, 1e-3);
    EXPECT_EQ(b[3]["name"], "bcrypt/cost:12");
    EXPECT_FALSE(b[3].contains("rounds_per_second"));
    // Schemes with several parameters name the ones make_hash fixes at passlib's defaults too.
    std::vector<std::string> names;
    for (const auto& e : b) names.push_back(e["name"]);
    EXPECT_NE(std::find(names.begin(), names.end(), "argon2/t:2/m:102400/p:8"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "scrypt/ln:16/r:8/p:1"), names.end());
}

TEST(BenchCommand, TextNamesEveryParameterOfTheTimedHash) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"argon2"};
    o.settings = BenchSettings{0.0, 3, 0};
    const auto r = bench(o, fake_verify(clock), clock);
    EXPECT_NE(r.out.find("argon2 (t 2, m 102400, p 8)"), std::string::npos) << r.out;
}

TEST(BenchCommand, CalibrationAsTableAndJson) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"bcrypt", "sha512"};
    o.target_ms = 100;
    const auto text = bench(o, fake_verify(clock), clock);
    EXPECT_NE(text.out.find("bcrypt          cost 16 (65.536 ms) … cost 17 (131.072 ms)"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("pbkdf2_sha512   rounds 100000 (100.000 ms)"), std::string::npos) << text.out;
    o.format = "json";
    const auto j = nlohmann::json::parse(bench(o, fake_verify(clock), clock).out);
    EXPECT_EQ(j["calibration"][0]["name"], "bcrypt");
    EXPECT_EQ(j["calibration"][0]["cost_below"], 16);
    EXPECT_EQ(j["calibration"][1]["cost"], 100000);
}

TEST(BenchCommand, ProgressLineOnlyOnATerminal) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"sha1"};
    o.settings = BenchSettings{0.0, 2, 0};
    const auto r = bench(o, fake_verify(clock), clock, true);
    EXPECT_NE(r.err.find("bench: [1/1] pbkdf2_sha1 rounds 131000, run 2"), std::string::npos) << r.err;
}

TEST(BenchCommand, RefusesBadDigestsAndCostsBeforeWork) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"sha265"};
    auto r = bench(o, fake_verify(clock), clock);
    EXPECT_EQ(r.status, ExitCode::usage);
    EXPECT_NE(r.err.find("did you mean 'sha256'?"), std::string::npos);
    o.digests = {"bcrypt"};
    o.cost = 40;
    r = bench(o, fake_verify(clock), clock);
    EXPECT_EQ(r.status, ExitCode::usage);
    EXPECT_NE(r.err.find("outside bcrypt's cost range 4..31"), std::string::npos) << r.err;
    EXPECT_EQ(clock.t, 100.0);  // nothing was timed
}

TEST(BenchCommand, AFailedVerificationIsNotReported) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"sha1"};
    const auto r = bench(o, [](const Workload&) { return false; }, clock);
    EXPECT_EQ(r.status, ExitCode::no_match);
    EXPECT_NE(r.err.find("did not match"), std::string::npos);
    EXPECT_EQ(r.out, "");
}

TEST(BenchCommand, RealWorkloadIsAHashOfTheBenchPasswordAtThatCost) {
    for (const pwcheck::core::Scheme* scheme : pwcheck::core::scheme_table()) {
        if (scheme->make_hash == nullptr) continue;  // verify-only rows are never timed
        const pwcheck::core::Scheme& s = *scheme;
        if (s.make_hash == nullptr) continue;  // a verify-only row: bench skips it
        const std::uint64_t cost = s.cost.min;
        const Workload w = make_workload(s, cost);
        EXPECT_EQ(w.scheme, &s);
        EXPECT_EQ(w.cost, cost);
        const std::string_view password = "password";
        pwcheck::core::VerifyRequest r;
        r.password = {reinterpret_cast<const std::uint8_t*>(password.data()), password.size()};
        r.hash = w.hash;
        r.scheme = &s;
        const auto result = pwcheck::core::verify(r);
        EXPECT_EQ(result.match, std::optional<bool>(true)) << s.name << ": " << w.hash;
        EXPECT_EQ(result.scheme, &s);
    }
}

TEST(BenchCommand, AVerifyOnlyDigestIsAUsageError) {
    FakeClock clock;
    BenchOptions o;
    o.digests = {"system_crypt"};
    const auto r = bench(o, fake_verify(clock), clock);
    EXPECT_EQ(r.status, ExitCode::usage);
    EXPECT_NE(r.err.find("system_crypt only verifies hashes made elsewhere"), std::string::npos) << r.err;
}

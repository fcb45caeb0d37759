#include "cli/cmd_bench.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

#include "cli/output.hpp"
#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"

namespace pwcheck::cli {
namespace {

using core::as_bytes;

using Json = nlohmann::ordered_json;

constexpr std::string_view k_bench_password = "password";

/// One verification as pwcheck does it, with no cost limits (bench chooses its own costs).
bool verify_workload(const Workload& w) { return verifies(w, k_bench_password); }

/// The known-answer self-check: never time a broken build.
bool self_check(const core::Scheme& s) {
    core::VerifyRequest r;
    r.password = as_bytes(s.known_answer.password);
    r.hash = s.known_answer.hash;
    r.scheme = &s;
    if (core::verify(r).match != std::optional<bool>(true)) return false;
    const std::string wrong = std::string(s.known_answer.password) + "!";
    r.password = as_bytes(wrong);
    return core::verify(r).match == std::optional<bool>(false);
}

std::string benchmark_name(const core::Scheme& s, std::uint64_t cost) {
    std::string name = std::string(s.name) + "/" + std::string(s.cost.name) + ":" + std::to_string(cost);
    for (const auto& f : s.cost.extra) name += "/" + std::string(f.name) + ":" + std::to_string(f.default_value);
    return name;
}

/// "t 2, m 102400, p 8": the timed cost and the parameters make_hash fixed.
std::string cost_text(const core::Scheme& s, std::uint64_t cost) {
    std::string text = std::string(s.cost.name) + " " + std::to_string(cost);
    for (const auto& f : s.cost.extra) text += ", " + std::string(f.name) + " " + std::to_string(f.default_value);
    return text;
}

/// Seconds as a number in the unit that suits `reference` ("s", "ms" or "us").
struct Unit {
    const char* name;
    double scale;
};
Unit unit_for(double reference) {
    if (reference >= 1.0) return {"s", 1.0};
    if (reference >= 1e-3) return {"ms", 1e3};
    return {"us", 1e6};
}

std::string fixed(double v, int digits) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(digits) << v;
    return o.str();
}

std::string with_unit(double seconds, const Unit& u) { return fixed(seconds * u.scale, 3) + " " + u.name; }

std::string si(double v) {
    if (v >= 1e9) return fixed(v / 1e9, 2) + " G";
    if (v >= 1e6) return fixed(v / 1e6, 2) + " M";
    if (v >= 1e3) return fixed(v / 1e3, 2) + " k";
    return fixed(v, 1);
}

std::string read_first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

/// Google Benchmark's `context` object, as its JSON reporter writes it.
Json context_json() {
    Json c;
    char date[64] = {0};
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S%z", &local);
    std::string d = date;
    if (d.size() > 5) d.insert(d.size() - 2, ":");  // +0000 -> +00:00, as Google Benchmark writes it
    c["date"] = d;
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    c["host_name"] = host;
    std::error_code ec;
    c["executable"] = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    c["num_cpus"] = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
    double mhz = 0;
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("cpu MHz", 0) == 0) {
            mhz = std::atof(line.substr(line.find(':') + 1).c_str());
            break;
        }
    }
    c["mhz_per_cpu"] = static_cast<int>(std::lround(mhz));
    const std::string governor = read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
    c["cpu_scaling_enabled"] = !governor.empty() && governor != "performance";
    Json caches = Json::array();
    for (int i = 0; i < 16; ++i) {
        const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
        const std::string type = read_first_line(dir + "type");
        if (type.empty()) break;
        std::string size = read_first_line(dir + "size");
        long long bytes = std::atoll(size.c_str());
        if (!size.empty() && size.back() == 'K') bytes *= 1024;
        if (!size.empty() && size.back() == 'M') bytes *= 1024 * 1024;
        // shared_cpu_list is like "0-1" or "0,2": count the CPUs sharing this cache.
        const std::string shared = read_first_line(dir + "shared_cpu_list");
        int sharing = 0;
        std::stringstream parts(shared);
        for (std::string part; std::getline(parts, part, ',');) {
            const auto dash = part.find('-');
            sharing += dash == std::string::npos ? 1 : std::atoi(part.substr(dash + 1).c_str()) - std::atoi(part.c_str()) + 1;
        }
        caches.push_back({{"type", type}, {"level", std::atoi(read_first_line(dir + "level").c_str())},
                          {"size", bytes}, {"num_sharing", sharing}});
    }
    c["caches"] = caches;
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) == 3) c["load_avg"] = {load[0], load[1], load[2]};
#ifdef NDEBUG
    c["library_build_type"] = "release";
#else
    c["library_build_type"] = "debug";
#endif
    c["pwcheck_version"] = PWCHECK_VERSION;
    return c;
}

struct Measured {
    const core::Scheme* scheme;
    std::uint64_t cost;
    Summary summary;
};

Json benchmark_json(const Measured& m, int index) {
    const std::string name = benchmark_name(*m.scheme, m.cost);
    const double per_second = m.summary.mean > 0 ? 1.0 / m.summary.mean : 0.0;
    Json b{{"name", name},
           {"family_index", index},
           {"per_family_instance_index", 0},
           {"run_name", name},
           {"run_type", "iteration"},
           {"repetitions", 1},
           {"repetition_index", 0},
           {"threads", 1},
           {"iterations", m.summary.runs},
           {"real_time", m.summary.mean * 1e3},
           {"cpu_time", m.summary.cpu_mean * 1e3},
           {"time_unit", "ms"},
           {"items_per_second", per_second}};
    if (m.scheme->name.starts_with("pbkdf2")) b["rounds_per_second"] = per_second * static_cast<double>(m.cost);
    b["median"] = m.summary.median * 1e3;
    b["stddev"] = m.summary.stddev * 1e3;
    b["min"] = m.summary.min * 1e3;
    b["max"] = m.summary.max * 1e3;
    b["outliers"] = m.summary.outliers;
    return b;
}

void write_text(std::ostream& out, const Measured& m) {
    const Summary& s = m.summary;
    const Unit u = unit_for(s.mean);
    const double per_second = s.mean > 0 ? 1.0 / s.mean : 0.0;
    out << m.scheme->name << " (" << cost_text(*m.scheme, m.cost) << ")\n";
    out << "  Time (mean ± σ):     " << with_unit(s.mean, u) << " ± " << with_unit(s.stddev, u) << "    [CPU "
        << with_unit(s.cpu_mean, u) << "]\n";
    out << "  Median:              " << with_unit(s.median, u) << "\n";
    out << "  Range (min … max):   " << with_unit(s.min, u) << " … " << with_unit(s.max, u) << "    " << s.runs
        << " runs\n";
    out << "  Rate:                " << fixed(per_second, 1) << " verifications/s";
    if (m.scheme->name.starts_with("pbkdf2")) out << ", " << si(per_second * static_cast<double>(m.cost)) << " PBKDF2 iterations/s";
    out << "\n";
    if (s.outliers > 0) {
        out << "  Warning: " << s.outliers << " statistical outlier" << (s.outliers == 1 ? " was" : "s were")
            << " detected; other programs may have interfered. Consider re-running on a quiet system,\n"
            << "  or with a longer --min-time.\n";
    }
    out << "\n";
}

Json calibration_json(const Calibration& c) {
    Json j{{"name", std::string(c.scheme->name)},
           {"target_ms", c.target * 1e3},
           {"cost_name", std::string(c.scheme->cost.name)},
           {"cost", c.cost},
           {"time_ms", c.time * 1e3}};
    if (c.cost_below) {
        j["cost_below"] = *c.cost_below;
        j["time_below_ms"] = c.time_below * 1e3;
        j["cost_above"] = *c.cost_above;
        j["time_above_ms"] = c.time_above * 1e3;
    }
    return j;
}

void write_calibration_text(std::ostream& out, const Calibration& c) {
    const Unit u = unit_for(c.target);
    out << "  " << std::left << std::setw(16) << c.scheme->name << std::right;
    if (c.cost_below) {
        out << c.scheme->cost.name << " " << *c.cost_below << " (" << with_unit(c.time_below, u) << ") … "
            << c.scheme->cost.name << " " << *c.cost_above << " (" << with_unit(c.time_above, u) << ")\n";
    } else {
        out << c.scheme->cost.name << " " << c.cost << " (" << with_unit(c.time, u) << ")\n";
    }
}

}  // namespace

Workload make_workload(const core::Scheme& s, std::uint64_t cost) {
    // A fixed salt keeps runs comparable; the hash is a real one of k_bench_password.
    const std::vector<std::uint8_t> salt(s.salt_size, 0x5a);
    auto hash = s.make_hash(as_bytes(k_bench_password), cost, salt);
    return Workload{&s, cost, hash ? *hash : std::string()};
}

void setup_bench(CLI::App& command, BenchOptions& options) {
    command.add_option("--digest", options.digests, "Scheme to time (repeatable; default: every scheme)")
        ->type_name("NAME");
    command.add_option("--min-time", options.settings.min_time, "Minimum seconds of timed runs per digest")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str()
        ->type_name("SECONDS");
    command.add_option("--min-runs", options.settings.min_runs, "Minimum number of timed runs per digest")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str()
        ->type_name("N");
    command.add_option("--warmup", options.settings.warmup, "Untimed runs before timing")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str()
        ->type_name("N");
    command.add_option("--format", options.format, "Output format: text, or json (Google Benchmark's schema)")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    command.add_option("--output", options.output, "Write the report to FILE instead of stdout")->type_name("FILE");
    command.add_option("--target-ms", options.target_ms, "Calibrate: find the cost giving MS milliseconds per verification")
        ->check(CLI::PositiveNumber)
        ->type_name("MS");
    command.add_option("--rounds,--cost", options.cost,
                       "Time this cost instead of passlib's default (PBKDF2 rounds; bcrypt's log2 cost)")
        ->type_name("N");
    command.footer(
        "Examples:\n"
        "  pwcheck bench --digest sha256 --digest bcrypt\n"
        "  pwcheck bench --format json --output bench.json   # for github-action-benchmark (googlecpp)\n"
        "  pwcheck bench --target-ms 250                      # costs that take 250 ms here");
}

ExitCode run_bench(const BenchOptions& options, Io& io) {
    SystemClock clock;
    return run_bench_with(options, io, clock, make_workload, verify_workload, isatty(STDERR_FILENO) == 1);
}

ExitCode run_bench_with(const BenchOptions& options, Io& io, Clock& clock, const MakeWorkloadFn& make,
                        const VerifyFn& verify, bool terminal) {
    // Resolve the digests and check the cost against each before doing any work.
    std::vector<const core::Scheme*> schemes;
    for (const auto& name : options.digests) {
        const core::Scheme* s = core::find_scheme(name);
        if (s == nullptr) {
            print_error(io.err, unknown_digest_message(name));
            return ExitCode::usage;
        }
        if (s->make_hash == nullptr) {
            print_error(io.err, std::string(s->name) + " only verifies hashes made elsewhere: there is nothing to time");
            return ExitCode::usage;
        }
        if (std::find(schemes.begin(), schemes.end(), s) == schemes.end()) schemes.push_back(s);
    }
    if (options.digests.empty()) {
        for (const core::Scheme* s : core::scheme_table()) {
            if (s->make_hash != nullptr) schemes.push_back(s);
        }
    }
    if (options.cost) {
        for (const auto* s : schemes) {
            if (*options.cost < s->cost.min || *options.cost > s->cost.max) {
                print_error(io.err, "--rounds " + std::to_string(*options.cost) + " is outside " + std::string(s->name) +
                                        "'s " + std::string(s->cost.name) + " range " + std::to_string(s->cost.min) +
                                        ".." + std::to_string(s->cost.max));
                return ExitCode::usage;
            }
        }
    }

    std::ofstream file;
    if (!options.output.empty()) {
        file.open(options.output, std::ios::out | std::ios::trunc);
        if (!file) {
            print_error(io.err, "cannot write --output file '" + options.output + "'");
            return ExitCode::usage;
        }
    }
    std::ostream& out = options.output.empty() ? io.out : file;
    const bool json = options.format == "json";

    std::size_t index = 0;
    const auto progress = [&](const Workload& w, std::size_t run) {
        if (!terminal) return;
        io.err << "\r\x1b[K" << "bench: [" << index + 1 << "/" << schemes.size() << "] " << w.scheme->name << " "
               << w.scheme->cost.name << " " << w.cost << ", run " << run + 1 << std::flush;
    };
    BenchEngine engine(clock, verify, progress);

    Json report{{"context", context_json()}};
    Json entries = Json::array();
    if (!json && options.target_ms) {
        out << "Costs for about " << fixed(*options.target_ms, 1) << " ms per verification on this machine:\n";
    }
    for (; index < schemes.size(); ++index) {
        const core::Scheme& s = *schemes[index];
        if (!self_check(s)) {
            if (terminal) io.err << "\r\x1b[K";
            print_error(io.err, "self-check failed for " + std::string(s.name) +
                                    ": this build computes wrong hashes; not timing it");
            return ExitCode::no_match;
        }
        const std::uint64_t cost = options.cost.value_or(s.cost.default_value);
        const auto broken = [&] {
            if (terminal) io.err << "\r\x1b[K";
            print_error(io.err, "a timed " + std::string(s.name) + " verification did not match; not reporting it");
            return ExitCode::no_match;
        };
        if (options.target_ms) {
            const auto c = engine.calibrate(s, *options.target_ms / 1e3, cost, [&](std::uint64_t k) { return make(s, k); });
            if (!c) return broken();
            if (json) {
                entries.push_back(calibration_json(*c));
            } else {
                write_calibration_text(out, *c);
            }
        } else {
            const auto summary = engine.measure(make(s, cost), options.settings);
            if (!summary) return broken();
            const Measured m{&s, cost, *summary};
            if (json) {
                entries.push_back(benchmark_json(m, static_cast<int>(index)));
            } else {
                write_text(out, m);
            }
        }
        if (terminal) io.err << "\r\x1b[K" << std::flush;
    }
    if (json) {
        report[options.target_ms ? "calibration" : "benchmarks"] = entries;
        out << report.dump(2) << '\n';
    }
    out.flush();
    return ExitCode::match;
}

}  // namespace pwcheck::cli

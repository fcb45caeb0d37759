#include "cli/new_hash.hpp"

#include <CLI/CLI.hpp>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <vector>

#include "cli/bench_engine.hpp"
#include "core/encoding.hpp"
#include "core/secret.hpp"

namespace pwcheck::cli {
namespace {

using core::as_bytes;

/// One cost flag: its name, the kind of parameter it sets and where its value is.
struct FlagRef {
    std::string_view flag;
    core::ParamKind kind;
    const std::optional<std::uint64_t>& value;
};

std::string range_text(std::uint64_t min, std::uint64_t max) { return std::to_string(min) + ".." + std::to_string(max); }

/// "--memory (argon2's m, KiB)" style list of what a scheme takes, for messages.
std::string flags_taken(const core::Scheme& s) {
    std::string text = "--rounds (" + std::string(s.cost.name) + " " + range_text(s.cost.min, s.cost.max) + ")";
    if (s.cost.is_time) text += ", --time";
    for (const auto& e : s.cost.extra) {
        switch (e.kind) {
            case core::ParamKind::memory: text += ", --memory"; break;
            case core::ParamKind::parallelism: text += ", --parallelism"; break;
            case core::ParamKind::block_size: text += ", --block-size"; break;
            case core::ParamKind::time: text += ", --time"; break;
        }
        text += " (" + std::string(e.name) + " " + range_text(e.min, e.max) + ")";
    }
    return text;
}

constexpr std::string_view k_calibration_password = "pwcheck calibration";

/// make_hash_with for rows that have it, else make_hash with the cost alone.
core::Result<std::string> make_with(const core::Scheme& s, const core::HashParams& params,
                                    std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt) {
    if (s.make_hash_with != nullptr) return s.make_hash_with(password, params, salt);
    return s.make_hash(password, params.cost, salt);
}

}  // namespace

void add_cost_flags(CLI::App& command, CostFlags& flags) {
    command
        .add_option("--rounds,--cost", flags.rounds,
                    "Primary cost: pbkdf2 and sha-crypt rounds, bcrypt's log2 cost, scrypt's log2 N, argon2's t")
        ->type_name("N");
    command.add_option("--memory", flags.memory, "argon2 memory m, in KiB (passlib's default 102400)")->type_name("KIB");
    command.add_option("--time", flags.time, "argon2 time cost t (the same as --rounds for argon2)")->type_name("N");
    command.add_option("--parallelism", flags.parallelism, "argon2 lanes p, scrypt p")->type_name("N");
    command.add_option("--block-size", flags.block_size, "scrypt block size r")->type_name("N");
    command.add_option("--type", flags.type, "argon2 type: id (the default), i or d")->type_name("TYPE");
}

std::variant<core::HashParams, std::string> resolve_params(const core::Scheme& s, const CostFlags& flags) {
    const std::string name(s.name);
    core::HashParams params{s.cost.default_value};
    for (const auto& e : s.cost.extra) params.at(e.kind) = e.default_value;
    if (!s.cost.variants.empty()) params.variant = s.cost.variants.front();
    if (flags.type) {
        if (s.cost.variants.empty()) return name + " does not take --type; it takes " + flags_taken(s);
        const auto chosen = std::find(s.cost.variants.begin(), s.cost.variants.end(), *flags.type);
        if (chosen == s.cost.variants.end()) {
            std::string choices;
            for (const auto v : s.cost.variants) choices.append(choices.empty() ? "" : ", ").append(v);
            return name + " --type must be one of: " + choices;
        }
        params.variant = *chosen;
    }

    std::optional<std::uint64_t> cost = flags.rounds;
    if (flags.time) {
        if (!s.cost.is_time) return name + " does not take --time; it takes " + flags_taken(s);
        if (cost && *cost != *flags.time) return "--rounds and --time are both argon2's t: give one";
        cost = flags.time;
    }
    if (cost) {
        if (*cost < s.cost.min || *cost > s.cost.max) {
            return "--rounds " + std::to_string(*cost) + " is outside " + name + "'s " + std::string(s.cost.name) +
                   " range " + range_text(s.cost.min, s.cost.max);
        }
        params.cost = *cost;
    }
    const std::array<FlagRef, 3> extras = {{{"--memory", core::ParamKind::memory, flags.memory},
                                            {"--parallelism", core::ParamKind::parallelism, flags.parallelism},
                                            {"--block-size", core::ParamKind::block_size, flags.block_size}}};
    for (const auto& f : extras) {
        if (!f.value) continue;
        const core::ExtraParam* spec = nullptr;
        for (const auto& e : s.cost.extra) {
            if (e.kind == f.kind) spec = &e;
        }
        if (spec == nullptr) return name + " does not take " + std::string(f.flag) + "; it takes " + flags_taken(s);
        if (*f.value < spec->min || *f.value > spec->max) {
            return std::string(f.flag) + " " + std::to_string(*f.value) + " is outside " + name + "'s " +
                   std::string(spec->name) + " range " + range_text(spec->min, spec->max);
        }
        params.at(f.kind) = *f.value;
    }
    if (s.check_params != nullptr) {
        if (auto problem = s.check_params(params)) return *problem;
    }
    return params;
}

std::optional<core::Error> params_over_limits(const core::Scheme& s, const core::HashParams& params,
                                              const core::Limits& limits) {
    // Within the format's range, bcrypt cost 31 or 2^32-1 PBKDF2 rounds would compute for days: the
    // same limits as verify's, before any work.
    if (s.cost.limit != nullptr) {
        if (auto over = core::over_limit(std::string(s.name) + " " + std::string(s.cost.name), params.cost, limits,
                                         s.cost.limit)) {
            return over;
        }
    }
    if (s.params_over_limit != nullptr) return s.params_over_limit(params, limits);
    return std::nullopt;
}

std::optional<std::string> cannot_make(const core::Scheme& s) {
    if (s.make_hash != nullptr) return std::nullopt;
    return std::string(s.name) + " only verifies hashes made elsewhere; pwcheck cannot make " + std::string(s.name) +
           " hashes";
}

core::Result<std::string> make_new_hash(const core::Scheme& s, const core::HashParams& params,
                                        std::span<const std::uint8_t> password) {
    // Salts come from the system CSPRNG (libsodium: getrandom(2)), passlib's default size per scheme;
    // the row encodes them canonically (a bcrypt salt's unused bits zero).
    core::SecretBuffer salt(s.salt_size);
    salt.resize(s.salt_size);
    core::ensure_sodium_initialized();
    if (salt.size() > 0) randombytes_buf(salt.data(), salt.size());
    return make_with(s, params, password, salt.bytes());
}

bool truncates_password(const core::Scheme& s) {
    // The rows that hand the password to bcrypt as it is; bcrypt_sha256 and django_bcrypt_sha256 hash it first.
    return s.name == "bcrypt" || s.name == "django_bcrypt";
}

std::optional<std::uint64_t> calibrate_cost(const core::Scheme& s, const core::HashParams& params, double target_ms) {
    SystemClock clock;
    const auto verify = [](const Workload& w) { return verifies(w, k_calibration_password); };
    BenchEngine engine(clock, verify);
    const std::vector<std::uint8_t> salt(s.salt_size, 0x5a);
    const auto make = [&](std::uint64_t cost) {
        core::HashParams p = params;
        p.cost = cost;
        auto hash = make_with(s, p, as_bytes(k_calibration_password), salt);
        return Workload{&s, cost, hash ? *hash : std::string()};
    };
    // As bench does: probe at passlib's default cost, then scale (log2 costs step by doubling).
    const auto c = engine.calibrate(s, target_ms / 1e3, s.cost.default_value, make);
    if (!c) return std::nullopt;
    return c->cost;
}

bool needs_update(const core::VerifyResult& stored, const core::Scheme& target, const core::HashParams& params) {
    if (stored.weak || stored.scheme != &target) return true;
    // A wrapped form of the target's hash (its row is the target, its name another) is another scheme too.
    if (stored.name != target.name) return true;
    if (!stored.hash_params) return false;  // nothing to compare (a row without costs)
    const core::HashParams& have = *stored.hash_params;
    if (have.legacy_form || have.cost < params.cost) return true;
    if (!target.cost.variants.empty() && have.variant != params.variant) return true;  // another argon2 type
    for (const auto& e : target.cost.extra) {
        if (have.at(e.kind) < params.at(e.kind)) return true;
    }
    return false;
}

}  // namespace pwcheck::cli

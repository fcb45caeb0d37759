#pragma once
// Making new hashes, shared by `pwcheck hash` and `pwcheck verify --check-update --rehash`: cost flags
// with passlib's meanings, their ranges per scheme, random salts, calibration and the "weaker than"
// comparison of a stored hash with a target.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "core/error.hpp"
#include "core/scheme.hpp"
#include "core/verify.hpp"

namespace CLI {
class App;
}

namespace pwcheck::cli {

/// The cost flags, unset unless given on the command line.
struct CostFlags {
    std::optional<std::uint64_t> rounds;       ///< --rounds / --cost: the scheme's primary cost.
    std::optional<std::uint64_t> memory;       ///< --memory KiB (argon2 m).
    std::optional<std::uint64_t> time;         ///< --time N (argon2 t: the same as --rounds there).
    std::optional<std::uint64_t> parallelism;  ///< --parallelism N (argon2 p, scrypt p).
    std::optional<std::uint64_t> block_size;   ///< --block-size N (scrypt r).
    std::optional<std::string> type;           ///< --type NAME (argon2's id, i or d).

    /// True when any flag is set.
    bool any() const { return rounds || memory || time || parallelism || block_size || type; }
};

/// Binds --rounds/--cost, --memory, --time, --parallelism and --block-size to `command`.
void add_cost_flags(CLI::App& command, CostFlags& flags);

/// The parameters for a new `scheme` hash: passlib's defaults, overridden by `flags`. A message that
/// names the flag and the scheme's range when a value is out of range, or the scheme does not take it.
std::variant<core::HashParams, std::string> resolve_params(const core::Scheme& scheme, const CostFlags& flags);

/// cost_over_limit when a hash made with `params` would be refused by `limits` (pwcheck verify would
/// refuse it with exit 5), checked before any work; else nullopt.
std::optional<core::Error> params_over_limits(const core::Scheme& scheme, const core::HashParams& params,
                                              const core::Limits& limits);

/// Why `scheme` cannot make new hashes (a verify-only row), or nullopt.
std::optional<std::string> cannot_make(const core::Scheme& scheme);

/// A new hash of `password` under `scheme` with `params` (from resolve_params) and a fresh salt of
/// scheme.salt_size bytes from the system CSPRNG (libsodium's randombytes_buf). The scheme's refusals
/// (password_refused) are returned as they are.
core::Result<std::string> make_new_hash(const core::Scheme& scheme, const core::HashParams& params,
                                        std::span<const std::uint8_t> password);

/// True for the schemes that use only the first 72 bytes of the password (bcrypt, django_bcrypt).
bool truncates_password(const core::Scheme& scheme);

/// The primary cost of `scheme` (the other parameters as in `params`) for about `target_ms` per
/// verification on this machine, measured as `pwcheck bench --target-ms` does; nullopt when a timed
/// verification failed (a broken build).
std::optional<std::uint64_t> calibrate_cost(const core::Scheme& scheme, const core::HashParams& params, double target_ms);

/// True when `stored` (a matching verification) is weaker than a new hash under `target` with
/// `params` would be: a weak scheme, another scheme, a legacy form, or any parameter lower.
bool needs_update(const core::VerifyResult& stored, const core::Scheme& target, const core::HashParams& params);

}  // namespace pwcheck::cli

#pragma once
// Verification: scheme selection, limits, derivation and the one constant-time comparison site.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/scheme.hpp"

namespace pwcheck::core {

/// passlib's MAX_PASSWORD_SIZE, counted in bytes: longer passwords are refused before parsing.
inline constexpr std::size_t k_max_password_size = 4096;

/// What to verify. The password is borrowed, never copied.
struct VerifyRequest {
    std::span<const std::uint8_t> password;
    std::string_view hash;
    const Scheme* scheme = nullptr;  ///< The scheme named with --digest; nullptr identifies by prefix.
    Limits limits{};
};

/// The answer: match true/false, or an error; plus what was learnt about the hash.
struct VerifyResult {
    std::optional<bool> match;         ///< Empty when `error` is set.
    const Scheme* scheme = nullptr;    ///< The scheme used (or named), when known.
    std::string name;                  ///< passlib's name of the hash: the row's, or ParsedHash::name().
    bool weak = false;                 ///< The hash is of a legacy weak scheme.
    std::vector<Param> params;         ///< The hash's parameters, when it parsed.
    std::optional<HashParams> hash_params;  ///< Its costs in make_hash's units (ParsedHash::hash_params()).
    bool truncated = false;            ///< The scheme ignored part of the password.
    std::optional<Error> error;
};

/// What a hash says about itself, before any password is involved (`pwcheck identify`).
struct Inspection {
    const Scheme* scheme = nullptr;  ///< The row that claims the hash (or the one named), when known.
    std::string name;                ///< passlib's name of the hash: the row's, or ParsedHash::name().
    bool weak = false;               ///< The hash is of a legacy weak scheme.
    std::vector<Param> params;       ///< The hash's parameters, when it parsed.
    std::optional<HashParams> hash_params;  ///< Its costs in make_hash's units (ParsedHash::hash_params()).
    std::optional<Error> error;      ///< Why it cannot be verified: unrecognized, wrong scheme, malformed,
                                     ///< unsupported or over `limits`; empty when it is usable.
};

/// Identifies and parses `hash` as verify() does, without a password; `named` (may be null) is the
/// scheme it must be of. Over-limit costs are reported, not computed.
[[nodiscard]] Inspection inspect(std::string_view hash, const Scheme* named = nullptr, const Limits& limits = {});

/// Verifies `request.password` against `request.hash` with passlib 1.7.4's semantics (FORMATS.md):
/// an empty hash matches nothing; a hash of another scheme than the one named is an error.
[[nodiscard]] VerifyResult verify(const VerifyRequest& request);

/// verify() on each request, in order, with the same answers; requests whose hashes share a row and a
/// batch_key() are derived together (interleaved computations, `pwcheck batch`).
[[nodiscard]] std::vector<VerifyResult> verify_batch(std::span<const VerifyRequest> requests);

/// Constant-time equality of two byte strings (lengths compared first; lengths are not secret).
[[nodiscard]] bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace pwcheck::core

#pragma once
// The scheme interface: one row of the scheme table and the hash it parses.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/secret.hpp"

namespace pwcheck::core {

/// One named parameter of a parsed hash, for display (JSON `params`); never secret.
struct Param {
    std::string name;
    std::variant<std::uint64_t, std::string> value;
};

/// What a scheme derives from a password, ready for the single comparison in verify.cpp.
struct Derived {
    SecretBuffer checksum;   ///< Compared byte for byte with ParsedHash::expected().
    bool truncated = false;  ///< The scheme ignored part of the password (bcrypt's 72-byte limit).
};

/// A parameter of make_hash_with besides the primary cost, named after its command-line flag.
enum class ParamKind {
    memory,       ///< --memory KiB (argon2's m).
    time,         ///< --time N (argon2's t, which is argon2's primary cost).
    parallelism,  ///< --parallelism N (argon2's p, scrypt's p).
    block_size,   ///< --block-size N (scrypt's r).
};

/// Every parameter a new hash is made with, in make_hash's units (log2 for bcrypt and scrypt's cost).
/// Extras a row does not take stay 0.
struct HashParams {
    std::uint64_t cost = 0;         ///< The primary cost (CostSpec): rounds, bcrypt cost, scrypt ln, argon2 t.
    std::uint64_t memory = 0;       ///< argon2 m, KiB.
    std::uint64_t parallelism = 0;  ///< argon2 p, scrypt p.
    std::uint64_t block_size = 0;   ///< scrypt r.
    std::string_view variant = {};  ///< argon2's type ("id", "i", "d"), one of CostSpec::variants; empty elsewhere.
    /// The hash is in a form make_hash no longer writes, at any cost: argon2 v=16, bcrypt $2a$ / $2$,
    /// bcrypt_sha256 version 1. Only ParsedHash::hash_params() sets it.
    bool legacy_form = false;

    /// The extra parameter of `kind` (time is the primary cost).
    std::uint64_t& at(ParamKind kind) {
        switch (kind) {
            case ParamKind::memory: return memory;
            case ParamKind::parallelism: return parallelism;
            case ParamKind::block_size: return block_size;
            case ParamKind::time: break;
        }
        return cost;
    }
    /// The extra parameter of `kind` (time is the primary cost).
    std::uint64_t at(ParamKind kind) const { return const_cast<HashParams&>(*this).at(kind); }
};

/// A hash string parsed by its scheme: parameters, salt and the stored checksum.
class ParsedHash {
public:
    virtual ~ParsedHash() = default;
    /// Parameters to report (rounds, cost, salt size...), in display order.
    virtual std::vector<Param> params() const = 0;
    /// An error when the hash asks for more work than `limits` allow; checked before derive().
    virtual std::optional<Error> check_limits(const Limits& limits) const = 0;
    /// Computes the checksum for `password`; an Error (password_refused) when the scheme cannot take it.
    virtual Result<Derived> derive(std::span<const std::uint8_t> password) const = 0;
    /// The stored checksum, in the same representation derive() produces.
    virtual std::span<const std::uint8_t> expected() const = 0;
    /// The passlib name of this hash when it is more specific than its row's (an LDAP `{CRYPT}$6$...`
    /// hash is "ldap_sha512_crypt"); empty to use the row's name.
    virtual std::string name() const { return {}; }
    /// True when this hash is weak although its row is not (`{CRYPT}` over md5_crypt).
    virtual bool weak() const { return false; }
    /// The hash's parameters in its row's make_hash units (for `verify --check-update`), or nullopt for
    /// a hash whose row makes none or has no parameters to compare.
    virtual std::optional<HashParams> hash_params() const { return std::nullopt; }
    /// Hashes with the same non-empty key (and row) can be derived together by derive_batch() (bcrypt:
    /// the same cost); empty when the scheme has no faster path for several hashes at once.
    virtual std::string batch_key() const { return {}; }
    /// derive() for each of `hashes` (all sharing this hash's row and batch_key(), this one usually among
    /// them) with `passwords[i]` for `hashes[i]`, computed together where the scheme interleaves
    /// independent computations in one thread; the same answers as derive() on each.
    virtual std::vector<Result<Derived>> derive_batch(std::span<const ParsedHash* const> hashes,
                                                      std::span<const std::span<const std::uint8_t>> passwords) const {
        std::vector<Result<Derived>> out;
        out.reserve(hashes.size());
        for (std::size_t i = 0; i < hashes.size(); ++i) out.push_back(hashes[i]->derive(passwords[i]));
        return out;
    }
};

/// A parameter besides the primary cost: make_hash fixes it at passlib's default, make_hash_with takes
/// any value in min..max. Named as the hash format writes it.
struct ExtraParam {
    ParamKind kind;
    std::string_view name;        ///< "m", "p", "r".
    std::uint64_t default_value;  ///< passlib 1.7.4's default, what make_hash uses.
    std::uint64_t min;            ///< Smallest value make_hash_with takes.
    std::uint64_t max;            ///< Largest value make_hash_with takes (within pwcheck's verify limits).
};

/// The cost parameter of a scheme, with passlib's default and the range a hash may carry.
struct CostSpec {
    std::string_view name;        ///< As the format writes it: "rounds" (PBKDF2), "cost" (bcrypt), "t" (argon2).
    bool log2;                    ///< True when one step doubles the work (bcrypt).
    std::uint64_t default_value;  ///< passlib 1.7.4's default.
    std::uint64_t min;            ///< Smallest valid value.
    std::uint64_t max;            ///< Largest valid value.
    std::span<const ExtraParam> extra = {};  ///< The other parameters (argon2's m and p), see make_hash_with.
    bool is_time = false;                    ///< The cost is a time cost: --time sets it too (argon2's t).
    std::span<const std::string_view> variants = {};  ///< Choices for --type (argon2's), the default first.
    /// The core::Limits field that bounds the primary cost when verifying (nullptr: none), so `pwcheck hash`
    /// refuses a cost verify would refuse before computing it.
    std::uint64_t Limits::*limit = nullptr;
};

/// A password and a passlib-made hash of it: the self-check run before timing (never time a broken build).
struct KnownAnswer {
    std::string_view password;
    std::string_view hash;
};

/// One row of the scheme table.
struct Scheme {
    std::string_view name;                          ///< passlib's name, e.g. "pbkdf2_sha256".
    std::span<const std::string_view> aliases;      ///< Other --digest names, e.g. "sha256".
    std::span<const std::string_view> prefixes;     ///< Identifying prefixes, each ending in `$`.
    std::string_view description;                   ///< One line for --help and docs.
    /// Parses a hash that starts with one of `prefixes`.
    Result<std::unique_ptr<ParsedHash>> (*parse)(std::string_view hash);
    /// The scheme's cost parameter.
    CostSpec cost;
    /// A known answer from passlib at a low cost.
    KnownAnswer known_answer;
    /// Makes a hash of `password` in the scheme's canonical format at `cost` (within cost.min..max)
    /// with `salt` (the scheme's default salt size); password_refused when the scheme cannot take it.
    /// nullptr for a row that only verifies (system crypt, disabled accounts): bench and hash skip it.
    Result<std::string> (*make_hash)(std::span<const std::uint8_t> password, std::uint64_t cost,
                                     std::span<const std::uint8_t> salt);
    /// Salt size in bytes that make_hash expects (passlib's default).
    std::size_t salt_size;
    /// A legacy scheme too weak for new hashes (MD5- or DES-based, unsalted digests): JSON says "weak".
    bool weak = false;
    /// Claims hashes that have no identifying prefix (traditional DES); nullptr where prefixes say it all.
    bool (*claim)(std::string_view hash) = nullptr;
    /// Makes a hash with every parameter in `params` (the cost and each of cost.extra, in their ranges):
    /// for rows with cost.extra; make_hash(p, c, s) is make_hash_with(p, {c, extra defaults}, s).
    Result<std::string> (*make_hash_with)(std::span<const std::uint8_t> password, const HashParams& params,
                                          std::span<const std::uint8_t> salt) = nullptr;
    /// Why `params` (each in range) cannot make a hash together (argon2 m < 8 p), or nullopt; may be nullptr.
    std::optional<std::string> (*check_params)(const HashParams& params) = nullptr;
    /// cost_over_limit when a hash made with `params` would be over `limits` in more than its primary cost
    /// (cost.limit): memory, memory x passes, lanes. The same check as the parsed hash's check_limits.
    std::optional<Error> (*params_over_limit)(const HashParams& params, const Limits& limits) = nullptr;

    /// True when `hash` starts with one of this scheme's prefixes, or `claim` accepts it.
    bool claims(std::string_view hash) const {
        for (const auto p : prefixes) {
            if (hash.starts_with(p)) return true;
        }
        return claim != nullptr && claim(hash);
    }
};

}  // namespace pwcheck::core

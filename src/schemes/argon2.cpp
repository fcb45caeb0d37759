// passlib's argon2 (FORMATS.md §3.1): the PHC string libargon2 reads,
//   $argon2<i|d|id>$[v=<16|19>$]m=<KiB>,t=<passes>,p=<lanes>$<salt std64>$<tag std64>
// passlib (argon2_cffi backend) hands the whole string to libargon2's argon2_verify, so these are
// libargon2's strict rules: fixed layout, plain decimals, unpadded base64 with zero unused bits.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <new>
#include <string>

#include "core/decimal.hpp"
#include "core/encoding.hpp"
#include "primitives/argon2.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

using core::Error;
using core::ErrorCode;
using core::make_error;
using primitives::Argon2Type;

constexpr std::uint64_t k_max_u32 = 0xFFFFFFFFu;
constexpr std::size_t k_min_salt_bytes = 8;  // libargon2's ARGON2_MIN_SALT_LENGTH
constexpr std::size_t k_min_tag_bytes = 4;   // ARGON2_MIN_OUTLEN
// passlib 1.7.4's defaults, taken from argon2-cffi 21.1.0's PasswordHasher (FORMATS.md §3.1).
constexpr std::uint32_t k_default_memory_kib = 102400;
constexpr std::uint32_t k_default_time = 2;
constexpr std::uint32_t k_default_lanes = 8;
constexpr std::size_t k_default_salt_bytes = 16;
constexpr std::size_t k_default_tag_bytes = 16;

struct TypeName {
    std::string_view prefix;
    std::string_view name;
    Argon2Type type;
};

// Each prefix ends in '$', so "$argon2i$" is not a prefix of "$argon2id$" (STYLE rule 3).
constexpr std::array<TypeName, 3> k_types = {{
    {"$argon2i$", "i", Argon2Type::i},
    {"$argon2d$", "d", Argon2Type::d},
    {"$argon2id$", "id", Argon2Type::id},
}};
constexpr std::array<std::string_view, 3> k_prefixes = {"$argon2i$", "$argon2d$", "$argon2id$"};

/// RFC 4648 base64 as libargon2 writes it: no padding, unused low bits zero.
const core::Base64Codec& std64() {
    static const core::Base64Codec k_codec("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 0);
    return k_codec;
}

/// libargon2's strict decoder (FORMATS.md §3.1): '=' and other characters outside the alphabet are
/// errors, and so is a last character with non-zero unused bits, the opposite of pbkdf2's leniency.
std::optional<std::vector<std::uint8_t>> decode_strict(std::string_view text) {
    auto out = std64().decode(text);
    if (!out || text.empty()) return out;
    const std::size_t unused_bits = text.size() % 4 == 2 ? 4 : text.size() % 4 == 3 ? 2 : 0;
    if ((std64().value(text.back()) & ((1 << unused_bits) - 1)) != 0) return std::nullopt;
    return out;
}

/// Checked before the block memory is allocated (STYLE rule 8): m KiB is what a hash makes us map, t and
/// p bound the passes and the threads, and m x t is the memory it makes us fill.
std::optional<Error> params_over_limit(const core::HashParams& hp, const core::Limits& limits) {
    const std::uint64_t memory = core::saturating_mul(hp.memory, 1024);
    const std::string what = "argon2 m=" + std::to_string(hp.memory) + ",t=" + std::to_string(hp.cost);
    if (auto over = core::over_limit(what + " memory", memory, limits, &core::Limits::max_memory)) return over;
    if (auto over = core::over_limit("argon2 time cost t", hp.cost, limits, &core::Limits::max_argon2_time)) return over;
    if (auto over = core::over_limit("argon2 parallelism p", hp.parallelism, limits, &core::Limits::max_argon2_parallelism)) {
        return over;
    }
    return core::memory_hard_over_limit(what, memory, core::saturating_mul(memory, hp.cost), limits);
}

class Argon2Hash final : public core::ParsedHash {
public:
    Argon2Hash(const TypeName& type, std::uint32_t version, std::uint32_t m, std::uint32_t t, std::uint32_t p,
               std::vector<std::uint8_t> salt, std::vector<std::uint8_t> tag)
        : m_type(type), m_version(version), m_memory(m), m_time(t), m_lanes(p), m_salt(std::move(salt)),
          m_tag(std::move(tag)) {}

    std::vector<core::Param> params() const override {
        // passlib's attribute names: type, version, memory_cost (KiB), rounds (t), parallelism.
        return {{"type", std::string(m_type.name)},
                {"version", std::uint64_t{m_version}},
                {"memory_cost", std::uint64_t{m_memory}},
                {"rounds", std::uint64_t{m_time}},
                {"parallelism", std::uint64_t{m_lanes}},
                {"salt_size", std::uint64_t{m_salt.size()}},
                {"checksum_size", std::uint64_t{m_tag.size()}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return params_over_limit({m_time, m_memory, m_lanes}, limits);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        core::SecretBuffer tag(m_tag.size());
        tag.resize(m_tag.size());
        try {
            primitives::argon2_hash({m_type.type, m_version, m_memory, m_time, m_lanes}, password, m_salt, tag.bytes());
        } catch (const std::bad_alloc&) {
            return make_error(ErrorCode::cost_over_limit,
                              "argon2 memory_cost " + std::to_string(m_memory) + " KiB could not be allocated");
        }
        return core::Derived{std::move(tag), false};
    }

    std::span<const std::uint8_t> expected() const override { return m_tag; }

    std::optional<core::HashParams> hash_params() const override {
        // v=16 (argon2 1.0) is the older, weaker compression; another type than the target's needs an update.
        core::HashParams hp{m_time, m_memory, m_lanes};
        hp.variant = m_type.name;
        hp.legacy_form = m_version != primitives::k_argon2_version_13;
        return hp;
    }

private:
    const TypeName& m_type;
    std::uint32_t m_version;
    std::uint32_t m_memory;
    std::uint32_t m_time;
    std::uint32_t m_lanes;
    std::vector<std::uint8_t> m_salt;
    std::vector<std::uint8_t> m_tag;
};

Error malformed(const std::string& why) { return core::malformed_hash("argon2", why); }

/// Reads `name` then a libargon2 decimal (digits, no leading zero, <= 2^32-1) from the front of `rest`.
std::optional<Error> take_decimal(std::string_view& rest, std::string_view name, std::uint32_t& value) {
    if (!rest.starts_with(name)) {
        return malformed("expected '" + std::string(name) + "' at " + core::quote_for_message(rest, 24));
    }
    rest.remove_prefix(name.size());
    const std::size_t digits = std::min(rest.find_first_not_of("0123456789"), rest.size());
    const std::string_view text = rest.substr(0, digits);
    const core::Decimal d = core::parse_decimal(text, k_max_u32);
    const std::string field(name.substr(name.find_first_not_of(",$"), 1));
    if (d.status != core::Decimal::Status::ok) return malformed(core::describe_decimal_error(d, field, text));
    value = static_cast<std::uint32_t>(d.value);
    rest.remove_prefix(digits);
    return std::nullopt;
}

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    const TypeName* type = nullptr;
    for (const auto& candidate : k_types) {
        if (hash.starts_with(candidate.prefix)) type = &candidate;
    }
    if (type == nullptr) return malformed("unknown argon2 type (expected $argon2i$, $argon2d$ or $argon2id$)");
    std::string_view rest = hash.substr(type->prefix.size());

    // A missing v= means version 0x10 (FORMATS.md §3.1); the field order is fixed: v, then m, t, p.
    std::uint32_t version = primitives::k_argon2_version_10;
    if (rest.starts_with("v=")) {
        if (auto e = take_decimal(rest, "v=", version)) return *e;
        if (!rest.starts_with("$")) return malformed("expected '$' after the version");
        rest.remove_prefix(1);
    }
    std::uint32_t m = 0, t = 0, p = 0;
    if (auto e = take_decimal(rest, "m=", m)) return *e;
    if (auto e = take_decimal(rest, ",t=", t)) return *e;
    if (auto e = take_decimal(rest, ",p=", p)) return *e;
    if (rest.starts_with(",keyid=") || rest.starts_with(",data=")) {
        // libargon2 does not read them and passlib raises NotImplementedError (FORMATS.md §0.3).
        return make_error(ErrorCode::unsupported_hash, "argon2 hashes with keyid= or data= are not supported, as in passlib");
    }
    if (!rest.starts_with("$")) return malformed("expected '$' and the salt after p=");
    rest.remove_prefix(1);
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos) return malformed("no checksum (a configuration string, not a hash)");
    const std::string_view salt_text = rest.substr(0, dollar);
    const std::string_view tag_text = rest.substr(dollar + 1);

    auto salt = decode_strict(salt_text);
    if (!salt) return malformed("salt is not canonical unpadded base64 (A-Za-z0-9+/, unused bits zero)");
    auto tag = decode_strict(tag_text);
    if (!tag) {
        return malformed("checksum is not canonical unpadded base64 (A-Za-z0-9+/, unused bits zero, nothing after it)");
    }
    // libargon2's validate_inputs (FORMATS.md §3.1).
    if (salt->size() < k_min_salt_bytes) return malformed("salt shorter than 8 bytes");
    if (tag->empty()) return malformed("no checksum (a configuration string, not a hash)");
    if (tag->size() < k_min_tag_bytes) return malformed("checksum shorter than 4 bytes");
    if (t < 1) return malformed("t (time cost) must be at least 1");
    if (p < 1 || p > primitives::k_argon2_max_lanes) return malformed("p (parallelism) outside 1..16777215");
    if (std::uint64_t{m} < 8ull * p) return malformed("m (memory, KiB) must be at least 8 * p");

    // libargon2 hashes any version number it is given; pwcheck knows 16 and 19 (README: argon2-version).
    if (version != primitives::k_argon2_version_10 && version != primitives::k_argon2_version_13) {
        return make_error(ErrorCode::unsupported_hash,
                          "argon2 version " + std::to_string(version) + " is not supported (only v=16 and v=19)");
    }
    return std::unique_ptr<core::ParsedHash>(
        std::make_unique<Argon2Hash>(*type, version, m, t, p, std::move(*salt), std::move(*tag)));
}

/// The canonical string argon2-cffi makes through passlib: argon2id (or the --type asked for), v=19, a
/// 16-byte tag, m, t, p as given.
core::Result<std::string> make_hash_with(std::span<const std::uint8_t> password, const core::HashParams& params,
                                         std::span<const std::uint8_t> salt) {
    // The caller's contract: every parameter in its range (CostSpec, k_extra) and m >= 8 p.
    if (salt.size() < k_min_salt_bytes || params.cost < 1 || params.cost > k_max_u32 || params.parallelism < 1 ||
        params.parallelism > primitives::k_argon2_max_lanes || params.memory > k_max_u32 ||
        params.memory < 8 * params.parallelism) {
        std::abort();
    }
    core::SecretBuffer tag(k_default_tag_bytes);
    tag.resize(k_default_tag_bytes);
    // The type asked for (--type), argon2id by default as passlib makes it.
    const TypeName* type = &k_types[2];
    for (const auto& t : k_types) {
        if (t.name == params.variant) type = &t;
    }
    primitives::argon2_hash({type->type, primitives::k_argon2_version_13, static_cast<std::uint32_t>(params.memory),
                             static_cast<std::uint32_t>(params.cost), static_cast<std::uint32_t>(params.parallelism)},
                            password, salt, tag.bytes());
    return std::string(type->prefix) + "v=19$m=" + std::to_string(params.memory) + ",t=" + std::to_string(params.cost) +
           ",p=" + std::to_string(params.parallelism) + "$" + std64().encode(salt) + "$" + std64().encode(tag.bytes());
}

/// passlib's default hash: make_hash_with at m=102400, p=8.
core::Result<std::string> make_hash(std::span<const std::uint8_t> password, std::uint64_t rounds,
                                    std::span<const std::uint8_t> salt) {
    return make_hash_with(password, {rounds, k_default_memory_kib, k_default_lanes}, salt);
}

/// libargon2's rule linking the parameters: at least 8 KiB of memory per lane.
std::optional<std::string> check_params(const core::HashParams& params) {
    if (params.memory >= 8 * params.parallelism) return std::nullopt;
    return "argon2 --memory must be at least 8 KiB per lane (8 * --parallelism = " +
           std::to_string(8 * params.parallelism) + ")";
}

// argon2's types for new hashes, passlib's default (id) first.
constexpr std::string_view k_variants[] = {"id", "i", "d"};

// Ranges for new hashes stay within what pwcheck verifies by default (core::Limits).
constexpr core::ExtraParam k_extra[] = {
    {core::ParamKind::memory, "m", k_default_memory_kib, 8, k_max_u32},
    {core::ParamKind::parallelism, "p", k_default_lanes, 1, primitives::k_argon2_max_lanes},
};

}  // namespace

const core::Scheme& argon2() {
    static const core::Scheme k_scheme{
        "argon2",
        {},
        k_prefixes,
        "Argon2 PHC strings ($argon2id$, $argon2i$, $argon2d$; v=19, v=16 or none); new hashes use "
        "argon2id v=19 m=102400 p=8 with a 16-byte salt and tag (passlib 1.7.4 on argon2-cffi 21.1)",
        parse,
        {"t", false, k_default_time, 1, k_max_u32, k_extra, true, k_variants, &core::Limits::max_argon2_time},
        {"password", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw"},
        make_hash,
        k_default_salt_bytes,
        false,
        nullptr,
        make_hash_with,
        check_params,
        params_over_limit};
    return k_scheme;
}

}  // namespace pwcheck::schemes

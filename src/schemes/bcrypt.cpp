// passlib's bcrypt (FORMATS.md §2.1): $<ident>$<cost 2 digits>$<salt 22 bcrypt64><checksum 31 bcrypt64>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/encoding.hpp"
#include "primitives/bcrypt.hpp"
#include "schemes/bcrypt_parts.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {

using core::Error;
using core::ErrorCode;
using core::make_error;

namespace bcrypt_parts {
namespace {

/// bcrypt's output for `key` (1..72 bytes), cut to the 23 bytes the format keeps.
core::SecretBuffer run_bcrypt(const core::SecretBuffer& key, unsigned cost, const Salt& salt) {
    core::SecretBuffer raw(primitives::k_bcrypt_output_size);
    raw.resize(primitives::k_bcrypt_output_size);
    primitives::bcrypt_raw(key.bytes(), salt, cost,
                           std::span<std::uint8_t, primitives::k_bcrypt_output_size>(raw.data(), raw.size()));
    raw.resize(k_checksum_bytes);  // resize wipes the dropped byte
    return raw;
}

std::optional<Error> refuse_nul(std::span<const std::uint8_t> password) {
    if (std::find(password.begin(), password.end(), std::uint8_t{0}) == password.end()) return std::nullopt;
    // passlib raises PasswordValueError: a NUL would end the key early in C implementations.
    return make_error(ErrorCode::password_refused, "bcrypt does not allow NUL bytes in the password");
}

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> decode_exact(std::string_view text, std::size_t chars) {
    if (text.size() != chars) return std::nullopt;
    const auto bytes = core::bcrypt64().decode(text);  // unused low bits are ignored: passlib's repair
    if (!bytes) return std::nullopt;
    std::array<std::uint8_t, N> out{};
    std::copy_n(bytes->begin(), N, out.begin());
    return out;
}

}  // namespace

std::optional<Salt> decode_salt(std::string_view text) { return decode_exact<16>(text, k_salt_chars); }

std::optional<Checksum> decode_checksum(std::string_view text) {
    return decode_exact<k_checksum_bytes>(text, k_checksum_chars);
}

std::string encode_salt(const Salt& salt) { return core::bcrypt64().encode(salt); }

std::string encode_checksum(std::span<const std::uint8_t> checksum) { return core::bcrypt64().encode(checksum); }

namespace {

/// The $2a$/$2b$/$2y$ key: the password cut to 72 bytes, then a NUL where it fits.
core::Result<core::SecretBuffer> key_2b(std::span<const std::uint8_t> password) {
    if (auto refused = refuse_nul(password)) return *refused;
    // Only the first 72 bytes of the cyclic stream P || NUL || P || NUL ... are ever used.
    constexpr std::size_t k_max = primitives::k_bcrypt_max_key_size;
    const std::size_t n = std::min(password.size(), k_max);
    core::SecretBuffer key(k_max);
    key.resize(std::min(n + 1, k_max));
    std::copy_n(password.begin(), n, key.data());
    if (n < k_max) key.data()[n] = 0;
    return key;
}

/// passlib's $2$ key: a non-empty password repeated to exactly 72 bytes.
core::Result<core::SecretBuffer> key_2(std::span<const std::uint8_t> password) {
    if (password.empty()) return key_2b(password);  // passlib hashes "" as $2b$ does
    if (auto refused = refuse_nul(password)) return *refused;
    constexpr std::size_t k_max = primitives::k_bcrypt_max_key_size;
    core::SecretBuffer key(k_max);
    key.resize(k_max);
    for (std::size_t i = 0; i < k_max; ++i) key.data()[i] = password[i % password.size()];
    return key;
}

}  // namespace

core::Result<core::SecretBuffer> checksum_2b(std::span<const std::uint8_t> password, unsigned cost, const Salt& salt) {
    auto key = key_2b(password);
    if (!key) return key.error();
    return run_bcrypt(*key, cost, salt);
}

core::Result<core::SecretBuffer> checksum_2(std::span<const std::uint8_t> password, unsigned cost, const Salt& salt) {
    auto key = key_2(password);
    if (!key) return key.error();
    return run_bcrypt(*key, cost, salt);
}

std::optional<Error> check_cost_limit(unsigned cost, const core::Limits& limits) {
    return core::over_limit("bcrypt cost", cost, limits, &core::Limits::max_bcrypt_cost);
}

}  // namespace bcrypt_parts

namespace {

using namespace bcrypt_parts;

/// How each ident turns the password into the key bytes (one table, not scattered ifs).
enum class KeyRule {
    nul_terminated,  ///< $2a$ $2b$ $2y$: P truncated to 72 bytes, then a NUL (pyca/bcrypt semantics).
    repeat_to_72,    ///< $2$: passlib's emulation: a non-empty P repeated cyclically to exactly 72 bytes.
    unsupported,     ///< $2x$: crypt_blowfish's buggy variant, which passlib refuses.
};

struct Ident {
    std::string_view prefix;
    std::string_view name;
    KeyRule rule;
};

// passlib's order of recognition (FORMATS.md §2.1).
constexpr std::array<Ident, 5> k_idents = {{
    {"$2$", "2", KeyRule::repeat_to_72},
    {"$2a$", "2a", KeyRule::nul_terminated},
    {"$2x$", "2x", KeyRule::unsupported},
    {"$2y$", "2y", KeyRule::nul_terminated},
    {"$2b$", "2b", KeyRule::nul_terminated},
}};
constexpr std::array<std::string_view, 5> k_prefixes = {"$2$", "$2a$", "$2x$", "$2y$", "$2b$"};

class BcryptHash final : public core::ParsedHash {
public:
    BcryptHash(const Ident& ident, unsigned cost, Salt salt, Checksum checksum)
        : m_ident(ident), m_cost(cost), m_salt(salt), m_checksum(checksum) {}

    std::vector<core::Param> params() const override {
        return {{"ident", std::string(m_ident.name)}, {"cost", std::uint64_t{m_cost}}, {"salt_size", std::uint64_t{16}}};
    }

    std::optional<Error> check_limits(const core::Limits& limits) const override {
        return check_cost_limit(m_cost, limits);
    }

    core::Result<core::Derived> derive(std::span<const std::uint8_t> password) const override {
        auto checksum = m_ident.rule == KeyRule::repeat_to_72 ? checksum_2(password, m_cost, m_salt)
                                                               : checksum_2b(password, m_cost, m_salt);
        if (!checksum) return checksum.error();
        return core::Derived{std::move(*checksum), password.size() > primitives::k_bcrypt_max_key_size};
    }

    std::span<const std::uint8_t> expected() const override { return m_checksum; }

    std::optional<core::HashParams> hash_params() const override {
        // $2$ and $2a$ are the forms with known implementation bugs (FORMATS.md); $2y$ is $2b$.
        core::HashParams hp{m_cost};
        hp.legacy_form = m_ident.name == "2" || m_ident.name == "2a";
        return hp;
    }

    // Hashes of one cost share the interleaved primitive (bcrypt_raw_lanes); the ident only changes
    // how each key is built.
    std::string batch_key() const override { return "cost=" + std::to_string(m_cost); }

    std::vector<core::Result<core::Derived>> derive_batch(
        std::span<const core::ParsedHash* const> hashes,
        std::span<const std::span<const std::uint8_t>> passwords) const override {
        std::vector<std::optional<core::Result<core::Derived>>> out(hashes.size());
        // Keys first: a refused password (NUL) or a hash of another shape is answered on its own.
        std::vector<std::size_t> ready;
        std::vector<core::SecretBuffer> keys;
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            const auto* hash = dynamic_cast<const BcryptHash*>(hashes[i]);
            if (hash == nullptr || hash->m_cost != m_cost) {
                out[i] = hashes[i]->derive(passwords[i]);
                continue;
            }
            auto key = hash->m_ident.rule == KeyRule::repeat_to_72 ? key_2(passwords[i]) : key_2b(passwords[i]);
            if (!key) {
                out[i] = key.error();
                continue;
            }
            ready.push_back(i);
            keys.push_back(std::move(*key));
        }
        for (std::size_t first = 0; first < ready.size(); first += primitives::k_bcrypt_max_lanes) {
            const std::size_t n = std::min(primitives::k_bcrypt_max_lanes, ready.size() - first);
            std::vector<core::SecretBuffer> raws;
            std::vector<primitives::BcryptLane> lanes;
            for (std::size_t k = 0; k < n; ++k) {
                raws.emplace_back(primitives::k_bcrypt_output_size).resize(primitives::k_bcrypt_output_size);
            }
            for (std::size_t k = 0; k < n; ++k) {
                const auto* hash = static_cast<const BcryptHash*>(hashes[ready[first + k]]);
                lanes.push_back({keys[first + k].bytes(), hash->m_salt,
                                 std::span<std::uint8_t, primitives::k_bcrypt_output_size>(raws[k].data(), raws[k].size())});
            }
            primitives::bcrypt_raw_lanes(lanes, m_cost);
            for (std::size_t k = 0; k < n; ++k) {
                const std::size_t i = ready[first + k];
                raws[k].resize(k_checksum_bytes);  // resize wipes the dropped byte
                out[i] = core::Derived{std::move(raws[k]), passwords[i].size() > primitives::k_bcrypt_max_key_size};
            }
        }
        std::vector<core::Result<core::Derived>> results;
        results.reserve(out.size());
        for (auto& r : out) results.push_back(std::move(*r));
        return results;
    }

private:
    const Ident& m_ident;
    unsigned m_cost;
    Salt m_salt;
    Checksum m_checksum;
};

Error malformed(const std::string& why) { return core::malformed_hash("bcrypt", why); }

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    const Ident* ident = nullptr;
    for (const auto& candidate : k_idents) {
        if (hash.starts_with(candidate.prefix)) {
            ident = &candidate;
            break;
        }
    }
    if (ident == nullptr) return malformed("unknown bcrypt variant");
    if (ident->rule == KeyRule::unsupported) {
        return make_error(ErrorCode::unsupported_hash,
                          "bcrypt $2x$ hashes (crypt_blowfish's buggy variant) are not supported, as in passlib");
    }
    const std::string_view rest = hash.substr(ident->prefix.size());
    const auto dollar = rest.find('$');
    if (dollar == std::string_view::npos) return malformed("expected '$' after the cost");
    const std::string_view cost_text = rest.substr(0, dollar);
    const std::string_view data = rest.substr(dollar + 1);
    if (data.find('$') != std::string_view::npos) return malformed("too many '$'-separated fields");

    // The cost is exactly two ASCII digits, as passlib requires ("%02d" round trip).
    if (cost_text.size() != 2 || cost_text[0] < '0' || cost_text[0] > '9' || cost_text[1] < '0' ||
        cost_text[1] > '9') {
        return malformed("cost " + core::quote_for_message(cost_text, 24) + " is not two decimal digits");
    }
    const unsigned cost = static_cast<unsigned>((cost_text[0] - '0') * 10 + (cost_text[1] - '0'));
    if (cost < k_min_cost || cost > k_max_cost) {
        return malformed("cost " + std::string(cost_text) + " outside the range 04..31");
    }

    if (data.size() < k_salt_chars) return malformed("salt shorter than 22 characters");
    const std::string_view salt_text = data.substr(0, k_salt_chars);
    const std::string_view checksum_text = data.substr(k_salt_chars);
    if (checksum_text.empty()) return malformed("no checksum (a configuration string, not a hash)");
    if (checksum_text.size() != k_checksum_chars) {
        return malformed("checksum must be 31 characters, found " + std::to_string(checksum_text.size()));
    }
    // Non-zero unused bits in the last salt/checksum character are repaired (ignored), as passlib does.
    const auto salt = decode_salt(salt_text);
    if (!salt) return malformed("salt has a character outside bcrypt's base64 alphabet ./A-Za-z0-9");
    const auto checksum = decode_checksum(checksum_text);
    if (!checksum) return malformed("checksum has a character outside bcrypt's base64 alphabet ./A-Za-z0-9");
    return std::unique_ptr<core::ParsedHash>(std::make_unique<BcryptHash>(*ident, cost, *salt, *checksum));
}

/// A canonical `$2b$` hash (zero unused bits), as passlib makes by default.
core::Result<std::string> make_hash(std::span<const std::uint8_t> password, std::uint64_t cost,
                                    std::span<const std::uint8_t> salt) {
    if (salt.size() != 16 || cost < k_min_cost || cost > k_max_cost) std::abort();  // the caller's contract
    Salt salt_bytes{};
    std::copy_n(salt.begin(), salt_bytes.size(), salt_bytes.begin());
    auto checksum = checksum_2b(password, static_cast<unsigned>(cost), salt_bytes);
    if (!checksum) return checksum.error();
    const char cost_text[] = {static_cast<char>('0' + cost / 10), static_cast<char>('0' + cost % 10), 0};
    return "$2b$" + std::string(cost_text) + "$" + encode_salt(salt_bytes) + encode_checksum(checksum->bytes());
}

}  // namespace

const core::Scheme& bcrypt() {
    static const core::Scheme k_scheme{"bcrypt",
                                       {},
                                       k_prefixes,
                                       "bcrypt ($2b$, $2a$, $2y$, $2$), passwords over 72 bytes truncated",
                                       parse,
                                       {"cost", true, 12, k_min_cost, k_max_cost, {}, false, {}, &core::Limits::max_bcrypt_cost},
                                       {"password", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"},
                                       make_hash,
                                       16};
    return k_scheme;
}

}  // namespace pwcheck::schemes

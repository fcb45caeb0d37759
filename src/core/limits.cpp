#include "core/limits.hpp"

#include <algorithm>
#include <cctype>

#include "core/decimal.hpp"

namespace pwcheck::core {

const std::array<LimitInfo, 8>& limit_table() {
    static constexpr std::array<LimitInfo, 8> k_table = {{
        {"pbkdf2-rounds", &Limits::max_pbkdf2_rounds,
         "PBKDF2 rounds (pbkdf2_*, ldap_pbkdf2_*, django_pbkdf2_*, werkzeug_pbkdf2, sha1crypt)", false},
        {"bcrypt-cost", &Limits::max_bcrypt_cost, "bcrypt log2 cost (bcrypt, bcrypt_sha256, django_bcrypt*)", false},
        {"crypt-rounds", &Limits::max_sha_crypt_rounds, "crypt(3) rounds (sha256_crypt, sha512_crypt, SunMD5, BSDi DES)",
         false},
        {"phpass-cost", &Limits::max_phpass_rounds, "phpass log2 rounds a hash may ask for", false},
        {"memory", &Limits::max_memory, "memory one hash may make pwcheck allocate (scrypt, argon2, yescrypt)", true},
        {"memory-work", &Limits::max_memory_work, "memory x passes of one hash (argon2 m x t, scrypt 128 r N x p)",
         true},
        {"argon2-time", &Limits::max_argon2_time, "argon2 time cost t a hash may ask for", false},
        {"argon2-lanes", &Limits::max_argon2_parallelism, "argon2 parallelism p a hash may ask for", false},
    }};
    return k_table;
}

const LimitInfo* find_limit(std::string_view key) {
    const auto& table = limit_table();
    const auto it = std::find_if(table.begin(), table.end(), [&](const LimitInfo& l) { return l.key == key; });
    return it == table.end() ? nullptr : &*it;
}

std::optional<Error> over_limit(std::string_view what, std::uint64_t value, const Limits& limits,
                                std::uint64_t Limits::*field) {
    const std::uint64_t limit = limits.*field;
    if (value <= limit) return std::nullopt;
    const auto& table = limit_table();
    const auto it = std::find_if(table.begin(), table.end(), [&](const LimitInfo& l) { return l.field == field; });
    const bool size = it != table.end() && it->is_size;
    const auto show = [&](std::uint64_t v) { return size ? format_size(v) : std::to_string(v); };
    Error e = make_error(ErrorCode::cost_over_limit,
                         std::string(what) + " " + show(value) + " exceeds the limit of " + show(limit));
    if (it != table.end()) e.limit = it->key;
    return e;
}

std::optional<Error> memory_hard_over_limit(std::string_view what, std::uint64_t memory, std::uint64_t work,
                                            const Limits& limits) {
    if (auto over = over_limit(std::string(what) + " memory", memory, limits, &Limits::max_memory)) return over;
    return over_limit(std::string(what) + " memory x passes", work, limits, &Limits::max_memory_work);
}

namespace {
constexpr std::array<std::string_view, 5> k_units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
}  // namespace

std::string format_size(std::uint64_t bytes) {
    std::size_t unit = 0;
    while (unit + 1 < k_units.size() && bytes != 0 && bytes % 1024 == 0) {
        bytes /= 1024;
        ++unit;
    }
    return std::to_string(bytes) + " " + std::string(k_units[unit]);
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    const Decimal number = parse_decimal(text.substr(0, digits), std::numeric_limits<std::uint64_t>::max());
    if (number.status != Decimal::Status::ok) return std::nullopt;
    std::string suffix(text.substr(digits));
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
    unsigned shift = 0;
    if (!suffix.empty() && suffix != "b") {
        constexpr std::string_view k_letters = "kmgt";
        const auto at = k_letters.find(suffix.front());
        if (at == std::string_view::npos) return std::nullopt;
        const std::string_view rest = std::string_view(suffix).substr(1);
        if (!rest.empty() && rest != "b" && rest != "ib") return std::nullopt;
        shift = 10 * static_cast<unsigned>(at + 1);
    }
    if (number.value > (std::numeric_limits<std::uint64_t>::max() >> shift)) return std::nullopt;
    return number.value << shift;
}

}  // namespace pwcheck::core

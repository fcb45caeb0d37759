#include "core/registry.hpp"

#include <algorithm>
#include <array>

#include "schemes/schemes.hpp"

namespace pwcheck::core {

std::span<const Scheme* const> scheme_table() {
    // THE table: identification tries rows in this order. Adding a scheme means one row here.
    static const std::array k_table = {
        &schemes::pbkdf2_sha1(),
        &schemes::pbkdf2_sha256(),
        &schemes::pbkdf2_sha512(),
        &schemes::bcrypt(),
        &schemes::bcrypt_sha256(),
        &schemes::scrypt(),
        &schemes::sha256_crypt(),
        &schemes::sha512_crypt(),
        &schemes::argon2(),
        &schemes::md5_crypt(),
        &schemes::apr_md5_crypt(),
        &schemes::phpass(),
        &schemes::ldap_md5(),
        &schemes::ldap_sha1(),
        &schemes::ldap_salted_md5(),
        &schemes::ldap_salted_sha1(),
        &schemes::ldap_salted_sha256(),
        &schemes::ldap_salted_sha512(),
        &schemes::ldap_pbkdf2_sha1(),
        &schemes::ldap_pbkdf2_sha256(),
        &schemes::ldap_pbkdf2_sha512(),
        &schemes::ldap_crypt(),
        &schemes::django_pbkdf2_sha256(),
        &schemes::django_pbkdf2_sha1(),
        &schemes::django_bcrypt_sha256(),
        &schemes::django_bcrypt(),
        &schemes::django_argon2(),
        &schemes::django_salted_sha1(),
        &schemes::django_salted_md5(),
        &schemes::werkzeug_pbkdf2(),
        &schemes::werkzeug_scrypt(),
        &schemes::unix_disabled(),
        // Last: the system's crypt(3) takes only what no native row claims.
        &schemes::system_crypt(),
    };
    return k_table;
}

namespace {

std::string normalize_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (const char c : name) {
        if (c == '-') {
            out += '_';
        } else if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

const Scheme* find_scheme(std::string_view name) {
    const std::string wanted = normalize_name(name);
    for (const Scheme* s : scheme_table()) {
        if (wanted == s->name) return s;
        for (const auto alias : s->aliases) {
            if (wanted == alias) return s;
        }
    }
    return nullptr;
}

const Scheme* identify_scheme(std::string_view hash) {
    for (const Scheme* s : scheme_table()) {
        if (s->claims(hash)) return s;
    }
    return nullptr;
}

std::vector<std::string> digest_names() {
    std::vector<std::string> names;
    for (const Scheme* s : scheme_table()) names.emplace_back(s->name);
    for (const Scheme* s : scheme_table()) {
        for (const auto alias : s->aliases) names.emplace_back(alias);
    }
    return names;
}

std::string suggest_digest(std::string_view name) {
    const std::string wanted = normalize_name(name);
    std::string best;
    std::size_t best_distance = 0;
    for (const auto& candidate : digest_names()) {
        const std::size_t d = edit_distance(wanted, candidate);
        // A near miss: at most 2 edits, and fewer than half the candidate's length.
        if (d <= 2 && d * 2 < candidate.size() && (best.empty() || d < best_distance)) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace pwcheck::core

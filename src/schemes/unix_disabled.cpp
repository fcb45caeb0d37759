// Disabled accounts as /etc/shadow and Django store them (passlib's unix_disabled and django_disabled):
// a password field that starts with '!' or '*' ('!' may keep the old hash after it: `!$6$...`).
// Such a field never matches any password (exit 1), after the usual password checks.
#include <string>

#include "core/registry.hpp"
#include "schemes/schemes.hpp"

namespace pwcheck::schemes {
namespace {

class DisabledHash final : public core::ParsedHash {
public:
    DisabledHash(char marker, const core::Scheme* locked) : m_marker(marker), m_locked(locked) {}

    std::vector<core::Param> params() const override {
        std::vector<core::Param> p{{"marker", std::string(1, m_marker)}};
        if (m_locked != nullptr) p.push_back({"locked_scheme", std::string(m_locked->name)});
        return p;
    }

    std::optional<core::Error> check_limits(const core::Limits&) const override { return std::nullopt; }

    core::Result<core::Derived> derive(std::span<const std::uint8_t>) const override {
        // One byte against the empty expected() below: the lengths differ, so the one comparison in
        // verify.cpp says no match whatever the password, and no password is ever hashed.
        core::SecretBuffer never(1);
        never.resize(1);
        never.data()[0] = 0;
        return core::Derived{std::move(never), false};
    }

    std::span<const std::uint8_t> expected() const override { return {}; }

private:
    char m_marker;
    const core::Scheme* m_locked;
};

core::Result<std::unique_ptr<core::ParsedHash>> parse(std::string_view hash) {
    // What follows '!' may be the hash the account had before it was locked (`usermod -L`).
    const std::string_view rest = hash.substr(1);
    const core::Scheme* locked = rest.empty() ? nullptr : core::identify_scheme(rest);
    return std::unique_ptr<core::ParsedHash>(std::make_unique<DisabledHash>(hash.front(), locked));
}

constexpr std::string_view k_prefixes[] = {"!", "*"};

}  // namespace

const core::Scheme& unix_disabled() {
    static const core::Scheme k_scheme{"unix_disabled",
                                       {},
                                       k_prefixes,
                                       "a disabled or locked account ('!', '*', '!' + an old hash): never matches",
                                       parse,
                                       {"rounds", false, 0, 0, 0},
                                       {},  // no password matches: no known answer
                                       nullptr,
                                       0};
    return k_scheme;
}

}  // namespace pwcheck::schemes

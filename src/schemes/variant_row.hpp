#pragma once
// One family file serves several table rows (pbkdf2's three digests, LDAP's six digests...): its parser
// and hash maker take the variant as their first argument, and these adapters turn them into the
// plain function pointers a core::Scheme row holds, one instantiation per variant object.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/scheme.hpp"

namespace pwcheck::schemes {

/// `Parse(V, hash)` as a core::Scheme::parse.
template <const auto& V, auto Parse>
core::Result<std::unique_ptr<core::ParsedHash>> parse_as(std::string_view hash) {
    return Parse(V, hash);
}

/// `Make(V, password, cost, salt)` as a core::Scheme::make_hash.
template <const auto& V, auto Make>
core::Result<std::string> make_as(std::span<const std::uint8_t> password, std::uint64_t cost,
                                  std::span<const std::uint8_t> salt) {
    return Make(V, password, cost, salt);
}

}  // namespace pwcheck::schemes

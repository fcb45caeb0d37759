#pragma once
// Hashes stored inside another format's text: LDAP's `{CRYPT}$6$...`, Django's `bcrypt$$2b$...` and
// `argon2$argon2id$...`. The inner scheme does the work, on the password or on a transform of it
// (Django's bcrypt_sha256 hashes the hex SHA-256 of the password).
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/scheme.hpp"

namespace pwcheck::schemes {

/// Turns the password into the bytes the inner scheme hashes; password_refused when it cannot.
using PasswordTransform = core::Result<core::SecretBuffer> (*)(std::span<const std::uint8_t> password);

/// What a wrapper says about the hash it wraps.
struct Wrapping {
    std::string name;                        ///< passlib's name of the whole hash, e.g. "ldap_sha512_crypt".
    bool weak = false;                       ///< The wrapper makes the hash weak whatever the inner scheme.
    PasswordTransform transform = nullptr;   ///< nullptr: the inner scheme gets the password as it is.
};

/// Parses `inner_text` with `inner` and wraps the result. Errors are the inner scheme's.
core::Result<std::unique_ptr<core::ParsedHash>> parse_wrapped(const core::Scheme& inner, std::string_view inner_text,
                                                             Wrapping wrapping);

}  // namespace pwcheck::schemes

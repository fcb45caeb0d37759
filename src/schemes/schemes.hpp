#pragma once
// Accessors for the scheme rows defined in src/schemes/*.cpp; the order of the table is in registry.cpp.
#include "core/scheme.hpp"

namespace pwcheck::schemes {

/// passlib's pbkdf2_sha1 (`$pbkdf2$`), FORMATS.md §1.
const core::Scheme& pbkdf2_sha1();
/// passlib's pbkdf2_sha256 (`$pbkdf2-sha256$`), FORMATS.md §1.
const core::Scheme& pbkdf2_sha256();
/// passlib's pbkdf2_sha512 (`$pbkdf2-sha512$`), FORMATS.md §1.
const core::Scheme& pbkdf2_sha512();
/// passlib's bcrypt (`$2$`, `$2a$`, `$2b$`, `$2x$`, `$2y$`), FORMATS.md §2.1.
const core::Scheme& bcrypt();
/// passlib's bcrypt_sha256 (`$bcrypt-sha256$`, versions 1 and 2), FORMATS.md §2.2.
const core::Scheme& bcrypt_sha256();
/// passlib's scrypt (`$scrypt$` and `$7$`), FORMATS.md §3.2–3.3.
const core::Scheme& scrypt();
/// passlib's sha256_crypt (`$5$`) and sha512_crypt (`$6$`), FORMATS.md §4.1.
const core::Scheme& sha256_crypt();
const core::Scheme& sha512_crypt();
/// passlib's argon2 (`$argon2id$`, `$argon2i$`, `$argon2d$`), FORMATS.md §3.1.
const core::Scheme& argon2();
/// passlib's Django rows (`pbkdf2_sha256$`, `pbkdf2_sha1$`, `bcrypt_sha256$`, `bcrypt$`, `argon2$`,
/// `sha1$`, `md5$`), FORMATS.md §5.1.
const core::Scheme& django_pbkdf2_sha256();
const core::Scheme& django_pbkdf2_sha1();
const core::Scheme& django_bcrypt_sha256();
const core::Scheme& django_bcrypt();
const core::Scheme& django_argon2();
const core::Scheme& django_salted_sha1();
const core::Scheme& django_salted_md5();
/// Werkzeug's `pbkdf2:<digest>:<iterations>$` and `scrypt:<N>:<r>:<p>$` (not in passlib), FORMATS.md §5.2.
const core::Scheme& werkzeug_pbkdf2();
const core::Scheme& werkzeug_scrypt();

/// scrypt's cost limits (core::Limits) for N, r, p, shared by `$scrypt$`, `$7$` and Werkzeug's scrypt:
/// the memory libsodium allocates, 128 r (N + p + 2) bytes, and the memory it fills, 128 r N x p.
std::optional<core::Error> scrypt_over_limit(std::string_view what, std::uint64_t n, std::uint64_t r, std::uint64_t p,
                                             const core::Limits& limits);

/// Disabled or locked accounts (`!`, `*`, `!` + an old hash): never match. passlib's unix_disabled.
const core::Scheme& unix_disabled();
/// The system's crypt(3) for every other /etc/shadow method (yescrypt, DES...), FORMATS.md §5.5.
const core::Scheme& system_crypt();
/// passlib's md5_crypt (`$1$`) and apr_md5_crypt (`$apr1$`), FORMATS.md §4.2.
const core::Scheme& md5_crypt();
const core::Scheme& apr_md5_crypt();
/// passlib's phpass (`$P$`, `$H$`), FORMATS.md §5.4.
const core::Scheme& phpass();
/// passlib's LDAP digests (`{MD5}`, `{SHA}`, `{SMD5}`, `{SSHA}`, `{SSHA256}`, `{SSHA512}`), FORMATS.md §5.3.
const core::Scheme& ldap_md5();
const core::Scheme& ldap_sha1();
const core::Scheme& ldap_salted_md5();
const core::Scheme& ldap_salted_sha1();
const core::Scheme& ldap_salted_sha256();
const core::Scheme& ldap_salted_sha512();
/// passlib's ldap_pbkdf2_* (`{PBKDF2}`, `{PBKDF2-SHA256}`, `{PBKDF2-SHA512}`): pbkdf2 after an LDAP prefix.
const core::Scheme& ldap_pbkdf2_sha1();
const core::Scheme& ldap_pbkdf2_sha256();
const core::Scheme& ldap_pbkdf2_sha512();
/// `{CRYPT}` + a crypt hash: passlib's ldap_md5_crypt, ldap_bcrypt, ldap_sha256_crypt, ldap_sha512_crypt...
const core::Scheme& ldap_crypt();

}  // namespace pwcheck::schemes

#pragma once
// Errors as values: the core never prints or exits; the CLI maps these to messages and exit codes.
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace pwcheck::core {

/// Why a verification could not give a match/no-match answer. Each maps to one exit status in the CLI.
enum class ErrorCode {
    malformed_hash,     ///< The hash claims a scheme but breaks its format (exit 3).
    unsupported_hash,   ///< Well-formed, but a variant pwcheck does not verify, e.g. bcrypt `$2x$` (exit 3).
    unrecognized_hash,  ///< No scheme in the table claims the hash (exit 3).
    wrong_scheme,       ///< The hash is not of the scheme named with --digest (exit 3).
    password_refused,   ///< The password cannot be used: too long, NUL for bcrypt, none given (exit 4).
    cost_over_limit,    ///< The hash asks for more work or memory than the configured limits (exit 5).
};

/// Stable snake_case name of `code`, as used in JSON output.
std::string_view error_code_name(ErrorCode code);

/// An error with a one-line, human-readable reason that never contains the password.
struct Error {
    ErrorCode code;
    std::string message;
    /// For cost_over_limit: the key of the limit exceeded (core::LimitInfo::key, the CLI's --max-<key>).
    std::string_view limit{};
};

/// A value of type T or an Error.
template <class T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}                  // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::move(error)) {}              // NOLINT(google-explicit-constructor)
    /// True when a value is held.
    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    /// The value; only valid when ok().
    T& value() { return std::get<T>(m_v); }
    const T& value() const { return std::get<T>(m_v); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    /// The error; only valid when !ok().
    const Error& error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

/// Shorthand for building an Error.
inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

/// A malformed_hash error in the one wording every scheme uses: "malformed <scheme> hash: <why>".
inline Error malformed_hash(std::string_view scheme, std::string_view why) {
    return make_error(ErrorCode::malformed_hash, "malformed " + std::string(scheme) + " hash: " + std::string(why));
}

}  // namespace pwcheck::core

#pragma once
// Reading the password: standard input only, never argv or the environment.
#include "core/error.hpp"
#include "core/secret.hpp"

namespace pwcheck::cli {

/// How the password is taken from its input.
enum class PasswordMode {
    first_line,  ///< The first line, without its "\n" or "\r\n".
    raw,         ///< All of the input, byte for byte.
};

/// A source of one password; injectable so commands can be tested without a process.
class PasswordSource {
public:
    virtual ~PasswordSource() = default;
    /// Reads the password into locked memory; password_refused when there is no input at all or it
    /// exceeds core::k_max_password_size bytes.
    virtual core::Result<core::SecretBuffer> read(PasswordMode mode) = 0;
};

/// Reads from a file descriptor; when it is a terminal, prompts "Password: " with echo off.
class FdPasswordSource final : public PasswordSource {
public:
    /// Reads from `fd` (standard input in production).
    explicit FdPasswordSource(int fd) : m_fd(fd) {}
    core::Result<core::SecretBuffer> read(PasswordMode mode) override;

private:
    int m_fd;
};

/// Extracts the password from `input` (everything read) as `mode` says; `at_eof` tells whether the
/// input ended within it. Shared by every source so that all apply the same rules.
core::Result<core::SecretBuffer> password_from_input(const core::SecretBuffer& input, bool at_eof, PasswordMode mode);

/// Capacity of the input buffer: the longest password, a "\r\n", and one byte to detect overflow.
inline constexpr std::size_t k_password_input_capacity = 4096 + 3;

}  // namespace pwcheck::cli

#include "cli/password_input.hpp"

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/verify.hpp"

namespace pwcheck::cli {
namespace {

using core::ErrorCode;
using core::make_error;

core::Error too_long() {
    return make_error(ErrorCode::password_refused, "password exceeds the maximum of " +
                                                       std::to_string(core::k_max_password_size) + " bytes");
}

// Terminal state to restore if a signal arrives while echo is off.
struct termios g_saved_termios;
volatile sig_atomic_t g_echo_off_fd = -1;

extern "C" void restore_terminal_and_reraise(int sig) {
    if (g_echo_off_fd >= 0) tcsetattr(g_echo_off_fd, TCSAFLUSH, &g_saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

/// Turns terminal echo off for its lifetime; restores it (also on SIGINT/SIGTERM/SIGHUP/SIGQUIT).
class EchoOff {
public:
    explicit EchoOff(int fd) : m_fd(fd) {
        if (tcgetattr(fd, &g_saved_termios) != 0) return;
        struct termios quiet = g_saved_termios;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
        struct sigaction sa{};
        sa.sa_handler = restore_terminal_and_reraise;
        sigemptyset(&sa.sa_mask);
        for (std::size_t i = 0; i < k_signals.size(); ++i) sigaction(k_signals[i], &sa, &m_old[i]);
        g_echo_off_fd = fd;
        if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) g_echo_off_fd = -1;
    }
    ~EchoOff() {
        if (g_echo_off_fd >= 0) tcsetattr(m_fd, TCSAFLUSH, &g_saved_termios);
        g_echo_off_fd = -1;
        for (std::size_t i = 0; i < k_signals.size(); ++i) sigaction(k_signals[i], &m_old[i], nullptr);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    static constexpr std::array<int, 4> k_signals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    int m_fd;
    std::array<struct sigaction, 4> m_old{};
};

void write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

/// Reads from `fd` into `buffer` until EOF, a newline (first_line mode) or a full buffer. Returns
/// whether EOF was reached.
bool fill(int fd, core::SecretBuffer& buffer, PasswordMode mode) {
    for (;;) {
        if (buffer.size() == buffer.capacity()) return false;
        if (mode == PasswordMode::first_line &&
            std::find(buffer.data(), buffer.data() + buffer.size(), std::uint8_t{'\n'}) != buffer.data() + buffer.size()) {
            return false;
        }
        const std::size_t old = buffer.size();
        buffer.resize(buffer.capacity());
        const ssize_t n = ::read(fd, buffer.data() + old, buffer.capacity() - old);
        if (n < 0 && errno == EINTR) {
            buffer.resize(old);
            continue;
        }
        buffer.resize(old + static_cast<std::size_t>(n > 0 ? n : 0));
        if (n <= 0) return true;  // EOF, or a read error, which ends the input the same way
    }
}

}  // namespace

core::Result<core::SecretBuffer> password_from_input(const core::SecretBuffer& input, bool at_eof, PasswordMode mode) {
    if (input.size() == 0 && at_eof) {
        return make_error(ErrorCode::password_refused, "no password on standard input");
    }
    const std::uint8_t* begin = input.data();
    std::size_t length = input.size();
    if (mode == PasswordMode::first_line) {
        const std::uint8_t* newline = std::find(begin, begin + length, std::uint8_t{'\n'});
        if (newline == begin + length && !at_eof) return too_long();  // buffer full, no end of line
        length = static_cast<std::size_t>(newline - begin);
        if (newline != begin + input.size() && length > 0 && begin[length - 1] == '\r') --length;
    } else if (!at_eof) {
        return too_long();
    }
    if (length > core::k_max_password_size) return too_long();
    core::SecretBuffer password(std::max<std::size_t>(length, 1));
    password.resize(length);
    std::copy_n(begin, length, password.data());
    return password;
}

core::Result<core::SecretBuffer> FdPasswordSource::read(PasswordMode mode) {
    core::SecretBuffer input(k_password_input_capacity);
    if (isatty(m_fd) == 1) {
        // Prompt on the controlling terminal (stderr as a fallback), never on stdout.
        const int tty = ::open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY);
        const int prompt_fd = tty >= 0 ? tty : STDERR_FILENO;
        bool at_eof = false;
        {
            // Echo goes off before the prompt appears, as getpass(3) does: whatever is typed once the
            // prompt shows is neither echoed nor flushed away by TCSAFLUSH.
            EchoOff echo_off(m_fd);
            write_all(prompt_fd, "Password: ");
            at_eof = fill(m_fd, input, mode);
        }
        write_all(prompt_fd, "\n");
        if (tty >= 0) ::close(tty);
        return password_from_input(input, at_eof, mode);
    }
    const bool at_eof = fill(m_fd, input, mode);
    return password_from_input(input, at_eof, mode);
}

}  // namespace pwcheck::cli

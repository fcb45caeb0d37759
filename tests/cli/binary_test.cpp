// Black-box tests: the real pwcheck binary, with the password on its standard input.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <termios.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

/// Runs pwcheck with `args`, feeding `input` on stdin (or /dev/null-like EOF when empty).
Run pwcheck(const std::vector<std::string>& args, const std::string& input) {
    signal(SIGPIPE, SIG_IGN);
    int in[2], out[2], err[2];
    if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
        std::vector<char*> argv{const_cast<char*>(PWCHECK_BINARY)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(PWCHECK_BINARY, argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    Run r;
    std::size_t written = 0;
    int to_child = in[1];
    if (input.empty()) {
        close(to_child);
        to_child = -1;
    }
    std::array<pollfd, 3> fds{};
    bool out_open = true, err_open = true;
    while (out_open || err_open) {
        fds[0] = {out_open ? out[0] : -1, POLLIN, 0};
        fds[1] = {err_open ? err[0] : -1, POLLIN, 0};
        fds[2] = {to_child, POLLOUT, 0};
        if (poll(fds.data(), fds.size(), 30000) <= 0) break;
        char buf[4096];
        for (int i = 0; i < 2; ++i) {
            if (fds[i].revents == 0) continue;
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                (i == 0 ? out_open : err_open) = false;
            } else {
                (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
            }
        }
        if (to_child >= 0 && fds[2].revents != 0) {
            const ssize_t n = (fds[2].revents & POLLOUT) ? write(to_child, input.data() + written, input.size() - written) : -1;
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n <= 0 || written == input.size()) {
                close(to_child);
                to_child = -1;
            }
        }
    }
    if (to_child >= 0) close(to_child);
    close(out[0]);
    close(err[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// The original service's unit tests (password "password").
constexpr const char* k_sha1 = "$pbkdf2$131000$rVUq5VxLKcWYkxKiVOq99w$5zoSk15EHe9N1nmRfyFoPIIRy/Y";
constexpr const char* k_sha256 = "$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY";
constexpr const char* k_sha512 =
    "$pbkdf2-sha512$25000$ltLae69VihFirDVGSOmdUw$pcLVv3Vnm3XRx9aHNUgI1FQaF8.UmKHBYt.Hs2EI7at/"
    "V80kbsb2P1A2t9akjNom8ZUgVJ4AcbA5vk/7QTgEJQ";
constexpr const char* k_bcrypt = "$2b$12$44roRI0Ftbbvoy6V1YQebOKeO7a7WhzRvv.X194BMxykDT0nQGcS2";
constexpr const char* k_bcrypt4 = "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm";  // "password"

/// Reads what the child wrote to the terminal until `until` appears, EOF, or a 10 s timeout.
std::string read_terminal(int master, const std::string& until = "") {
    std::string text;
    for (;;) {
        pollfd fd{master, POLLIN, 0};
        if (poll(&fd, 1, 10000) <= 0) break;
        char buf[256];
        const ssize_t n = read(master, buf, sizeof buf);
        if (n <= 0) break;  // EIO once the child has closed the terminal
        text.append(buf, static_cast<std::size_t>(n));
        if (!until.empty() && text.find(until) != std::string::npos) break;
    }
    return text;
}

bool one_error_line(const std::string& err) {
    return err.rfind("pwcheck: error: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

}  // namespace

TEST(Binary, OriginalServiceTests) {
    const std::pair<const char*, const char*> cases[] = {
        {"sha1", k_sha1}, {"sha256", k_sha256}, {"sha512", k_sha512}, {"bcrypt", k_bcrypt}};
    for (const auto& [digest, hash] : cases) {
        const auto yes = pwcheck({"--digest", digest, "--hash", hash}, "password\n");
        EXPECT_EQ(yes.status, 0) << digest << yes.err;
        EXPECT_EQ(yes.out, "match\n");
        const auto no = pwcheck({"--digest", digest, "--hash", hash}, "this is not the password\n");
        EXPECT_EQ(no.status, 1) << digest << no.err;
        EXPECT_EQ(no.out, "no match\n");
    }
    EXPECT_EQ(pwcheck({"--hash", k_sha1}, "password\n").status, 0);  // no digest: identified as pbkdf2_sha1
    EXPECT_EQ(pwcheck({"--digest", "bcrypt", "--hash", ""}, "password\n").status, 1);
}

TEST(Binary, EmptyHashNeverMatches) {
    const auto r = pwcheck({"--hash", ""}, "password\n");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "no match\n");
}

TEST(Binary, UnknownDigestListsNamesAndSuggests) {
    const auto r = pwcheck({"--digest", "sha265", "--hash", k_sha256}, "password\n");
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(one_error_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("did you mean 'sha256'?"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bcrypt"), std::string::npos);
    EXPECT_EQ(pwcheck({"--digest", "md5", "--hash", k_sha256}, "password\n").status, 2);
}

TEST(Binary, DigestThatDoesNotFitTheHash) {
    const auto r = pwcheck({"--digest", "sha256", "--hash", k_sha1}, "password\n");
    EXPECT_EQ(r.status, 3);
    EXPECT_EQ(r.err, "pwcheck: error: not a pbkdf2_sha256 hash (it looks like pbkdf2_sha1)\n");
    EXPECT_EQ(pwcheck({"--digest", "bcrypt", "--hash", k_sha256}, "password\n").status, 3);
}

TEST(Binary, MalformedHashesGiveThreeWithOneLineReason) {
    const char* cases[] = {
        "$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ",                                  // config string
        "$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmx$extra",                       // field count
        "$pbkdf2-sha256$29000$.L93b!0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY",  // bad base64
        "$pbkdf2-sha256$29000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcR",   // checksum length
        "$pbkdf2-sha256$0$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY",      // rounds 0
        "$pbkdf2-sha256$029000$.L93bg0BwFiLEaL0fm8NIQ$yYmxiSuP9pXXbrO4cT6CkE1QaNKpt8PjugrgvOBfcRY", // zero-padded
        "$2b$03$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",                  // cost too low
        "$2b$32$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",                  // cost too high
        "$2b$4$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",                   // one digit
        "$2c$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",                  // unknown variant
        "$2x$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm",                  // $2x$
        "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzd",                   // short checksum
        "not a hash at all",
    };
    for (const char* hash : cases) {
        const auto r = pwcheck({"--hash", hash}, "password\n");
        EXPECT_EQ(r.status, 3) << hash;
        EXPECT_TRUE(one_error_line(r.err)) << hash << ": " << r.err;
        EXPECT_EQ(r.out, "") << hash;
    }
}

TEST(Binary, PasswordInputRules) {
    EXPECT_EQ(pwcheck({"--hash", k_bcrypt4}, "").status, 4);                            // no input at all
    EXPECT_EQ(pwcheck({"--hash", k_bcrypt4}, std::string(4097, 'a') + "\n").status, 4);  // over 4096 bytes
    EXPECT_EQ(pwcheck({"--hash", k_bcrypt4}, std::string("pass\0word\n", 10)).status, 4);  // NUL for bcrypt
    const auto r = pwcheck({"--hash", k_bcrypt4}, "");
    EXPECT_TRUE(one_error_line(r.err)) << r.err;
    // An empty line is the empty password (passlib: P3 hash).
    EXPECT_EQ(pwcheck({"--hash", "$2b$04$abcdefghijklmnopqrstuubyCG3zY1GIXMyxfivm.ClDiInHzxjiq"}, "\n").status, 0);
    EXPECT_EQ(pwcheck({"--hash", k_bcrypt4}, "password\r\n").status, 0);
    EXPECT_EQ(pwcheck({"--hash", k_bcrypt4}, "password").status, 0);
    EXPECT_EQ(pwcheck({"--hash", k_bcrypt4}, "password\nignored second line\n").status, 0);
}

TEST(Binary, RawTakesAllOfStdin) {
    EXPECT_EQ(pwcheck({"--raw", "--hash", k_bcrypt4}, "password").status, 0);
    EXPECT_EQ(pwcheck({"--raw", "--hash", k_bcrypt4}, "password\n").status, 1);
    EXPECT_EQ(pwcheck({"--raw", "--hash", k_bcrypt4}, std::string(4097, 'a')).status, 4);
}

TEST(Binary, BcryptVariantsAndTruncation) {
    for (const char* ident : {"$2a$", "$2b$", "$2y$"}) {
        const std::string hash = std::string(ident) + "04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm";
        EXPECT_EQ(pwcheck({"--hash", hash}, "password\n").status, 0) << ident;
    }
    EXPECT_EQ(pwcheck({"--hash", "$2$04$abcdefghijklmnopqrstuuHq1QFV79p.2gtAgWqpJyLiGrJ/Z2Fza"}, "password\n").status, 0);
    EXPECT_EQ(pwcheck({"--hash", "$2$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"}, "password\n").status, 1);
    // Non-canonical padding bits are repaired, as passlib does.
    EXPECT_EQ(pwcheck({"--hash", "$2b$04$abcdefghijklmnopqrstuvghE8Ev8uGFaUgY2cNEySvxngrb/Jzdn"}, "password\n").status, 0);
    const char* h72 = "$2b$04$abcdefghijklmnopqrstuubzadhGtS2zEF.gu0yd0opP6cVzb.e0i";
    const auto r = pwcheck({"--json", "--hash", h72}, std::string(100, 'x') + "\n");
    EXPECT_EQ(r.status, 0);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["truncated"], true);
    EXPECT_EQ(j["params"]["cost"], 4);
    EXPECT_EQ(j["params"]["ident"], "2b");
    EXPECT_EQ(pwcheck({"--hash", h72}, std::string(71, 'x') + "\n").status, 1);
}

TEST(Binary, JsonExitStatusEqualsPlainExitStatus) {
    for (const std::string& input : std::vector<std::string>{"password\n", "wrong\n", ""}) {
        for (const char* hash : {k_bcrypt4, "$2b$4$x", ""}) {
            const auto plain = pwcheck({"--hash", hash}, input);
            const auto json = pwcheck({"--json", "--hash", hash}, input);
            EXPECT_EQ(plain.status, json.status) << hash << " / " << input;
            EXPECT_TRUE(nlohmann::json::accept(json.out)) << json.out;
        }
    }
}

TEST(Binary, ThePasswordNeverAppearsInAnyOutput) {
    const std::string secret = "Sup3r-Secret-Pa55";
    const std::vector<std::vector<std::string>> commands = {
        {"--hash", k_bcrypt4}, {"--json", "--hash", k_bcrypt4}, {"--hash", "garbage"}, {"--json", "--hash", "$2b$4$x"},
        {"--digest", "nope", "--hash", k_bcrypt4}, {"--digest", "sha1", "--hash", k_bcrypt4}, {"--hash", ""},
    };
    for (const auto& args : commands) {
        for (const std::string& input : std::vector<std::string>{secret + "\n", secret + std::string(5000, 'z'), secret + std::string(1, '\0') + "\n"}) {
            const auto r = pwcheck(args, input);
            EXPECT_EQ(r.out.find("Sup3r"), std::string::npos) << r.out;
            EXPECT_EQ(r.err.find("Sup3r"), std::string::npos) << r.err;
        }
    }
}

TEST(Binary, HelpExitsZeroAndDocumentsExitStatus) {
    const auto r = pwcheck({"--help"}, "");
    EXPECT_EQ(r.status, 0);
    for (const char* word : {"Exit status:", "0  match", "5  hash cost"}) EXPECT_NE(r.out.find(word), std::string::npos) << word;
    EXPECT_EQ(pwcheck({"verify", "--help"}, "").status, 0);
    EXPECT_EQ(pwcheck({"--no-such-option"}, "").status, 2);
}

TEST(Binary, OnATerminalItPromptsWithEchoOffAndRestoresIt) {
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    ASSERT_GE(pid, 0) << "forkpty failed";
    if (pid == 0) {
        execl(PWCHECK_BINARY, PWCHECK_BINARY, "--hash", k_sha256, static_cast<char*>(nullptr));
        _exit(127);
    }
    const std::string prompt = read_terminal(master, "Password: ");
    EXPECT_EQ(prompt, "Password: ");
    termios mode{};
    ASSERT_EQ(tcgetattr(master, &mode), 0);
    EXPECT_EQ(mode.c_lflag & ECHO, 0u) << "echo is still on while the password is typed";
    ASSERT_EQ(write(master, "password\n", 9), 9);
    const std::string rest = read_terminal(master);
    int status = 0;
    // Bounded: a pwcheck still waiting for its password after 10 s is a failure, not a hung suite.
    for (int i = 0; i < 1000 && waitpid(pid, &status, WNOHANG) == 0; ++i) usleep(10'000);
    if (waitpid(pid, &status, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ADD_FAILURE() << "pwcheck did not finish after the password was typed";
    }
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_NE(rest.find("match"), std::string::npos) << rest;
    EXPECT_EQ(rest.find("password"), std::string::npos) << "the password was echoed: " << rest;
    ASSERT_EQ(tcgetattr(master, &mode), 0);
    EXPECT_NE(mode.c_lflag & ECHO, 0u) << "echo was not restored";
    close(master);
}

TEST(Binary, IdentifyReadsHashesFromStandardInput) {
    const auto r = pwcheck({"identify", "--json"}, std::string(k_sha256) + "\n" + k_bcrypt + "\n");
    EXPECT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    std::vector<std::string> schemes;
    while (std::getline(lines, line)) schemes.push_back(nlohmann::json::parse(line)["scheme"]);
    EXPECT_EQ(schemes, (std::vector<std::string>{"pbkdf2_sha256", "bcrypt"}));
    EXPECT_EQ(pwcheck({"identify", "--hash", "nothing-known"}, "").status, 3);
}

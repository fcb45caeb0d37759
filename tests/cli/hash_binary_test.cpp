// Black-box tests of `pwcheck hash` and `verify --check-update`: the real binary, the password on stdin.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct Outcome {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs `pwcheck ARGS` through sh with `input` on stdin; ARGS are single-quoted.
Outcome pwcheck(const std::vector<std::string>& args, const std::string& input) {
    const auto dir = std::filesystem::temp_directory_path() / ("pwcheck_hash_bin_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "in", std::ios::binary) << input;
    std::string command = PWCHECK_BINARY;
    for (const auto& a : args) {
        std::string quoted = "'";
        for (const char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
        command += " " + quoted + "'";
    }
    command += " < " + (dir / "in").string() + " > " + (dir / "out").string() + " 2> " + (dir / "err").string();
    const int raw = std::system(command.c_str());
    Outcome r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
    std::filesystem::remove_all(dir);
    return r;
}

}  // namespace

TEST(HashBinary, MakesAHashThatVerifies) {
    const Outcome made = pwcheck({"hash"}, "hunter2\n");
    ASSERT_EQ(made.status, 0) << made.err;
    ASSERT_TRUE(made.out.starts_with("$argon2id$v=19$m=102400,t=2,p=8$")) << made.out;
    ASSERT_TRUE(made.out.ends_with("\n"));
    const std::string hash = made.out.substr(0, made.out.size() - 1);
    EXPECT_EQ(pwcheck({"--hash", hash}, "hunter2\n").status, 0);
    EXPECT_EQ(pwcheck({"--hash", hash}, "hunter3\n").status, 1);
    EXPECT_EQ(made.out.find("hunter2"), std::string::npos);
    EXPECT_NE(pwcheck({"hash"}, "hunter2\n").out, made.out);
}

TEST(HashBinary, ExitStatuses) {
    EXPECT_EQ(pwcheck({"hash", "--digest", "bcrypt", "--cost", "3"}, "pw\n").status, 2);
    EXPECT_EQ(pwcheck({"hash", "--digest", "ldap_crypt"}, "pw\n").status, 2);
    EXPECT_EQ(pwcheck({"hash", "--digest", "sha256"}, "\n").status, 4);
    EXPECT_EQ(pwcheck({"hash", "--digest", "bcrypt", "--cost", "4"}, std::string(73, 'a') + "\n").status, 4);
    const Outcome weak = pwcheck({"hash", "--digest", "ldap_salted_sha1"}, "pw\n");
    EXPECT_EQ(weak.status, 0);
    EXPECT_TRUE(weak.out.starts_with("{SSHA}"));
    EXPECT_NE(weak.err.find("warning"), std::string::npos);
}

TEST(HashBinary, CheckUpdateExitsSixAndRehashes) {
    const std::string stored = "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";
    const Outcome r = pwcheck({"verify", "--check-update", "--rehash", "--json", "--target", "bcrypt", "--cost", "4",
                           "--hash", stored},
                          "password\n");
    EXPECT_EQ(r.status, 6) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["match"], true);
    EXPECT_EQ(j["needs_update"], true);
    const std::string replacement = j["new_hash"];
    EXPECT_TRUE(replacement.starts_with("$2b$04$"));
    EXPECT_EQ(pwcheck({"--check-update", "--target", "bcrypt", "--cost", "4", "--hash", replacement}, "password\n").status, 0);
    EXPECT_EQ(pwcheck({"--check-update", "--hash", stored}, "wrong\n").status, 1);
    const Outcome help = pwcheck({"--help"}, "");
    EXPECT_NE(help.out.find("  6  match, but the hash is weaker"), std::string::npos);
}

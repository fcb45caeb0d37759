// `pwcheck hash` and `pwcheck verify --check-update`, in-process with injected streams and password,
// plus the round trip through passlib (python3-passlib) where it is installed.
#include "cli/app.hpp"
#include "cli/cmd_hash.hpp"
#include "cli/new_hash.hpp"
#include "core/registry.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

using pwcheck::core::Scheme;

class FakePassword final : public pwcheck::cli::PasswordSource {
public:
    explicit FakePassword(std::string text) : m_text(std::move(text)) {}
    pwcheck::core::Result<pwcheck::core::SecretBuffer> read(pwcheck::cli::PasswordMode mode) override {
        pwcheck::core::SecretBuffer in(pwcheck::cli::k_password_input_capacity);
        in.resize(std::min(m_text.size(), in.capacity()));
        std::copy_n(m_text.begin(), in.size(), in.data());
        return pwcheck::cli::password_from_input(in, m_text.size() < in.capacity(), mode);
    }

private:
    std::string m_text;
};

struct Run {
    int status;
    std::string out;
    std::string err;
};

Run run(std::vector<std::string> args, std::string stdin_text = "password\n") {
    std::ostringstream out, err;
    std::istringstream in(stdin_text);
    FakePassword password(std::move(stdin_text));
    pwcheck::cli::Io io{out, err, password, &in};
    const int status = pwcheck::cli::run_app(std::move(args), io);
    return {status, out.str(), err.str()};
}

/// The output's first line (a hash), without its newline.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

/// Cost flags that make `s` cheap to hash (tests must stay fast).
std::vector<std::string> cheap_flags(const Scheme& s) {
    std::vector<std::string> flags;
    if (s.cost.min == s.cost.max) return flags;  // a fixed cost (md5_crypt, single digests)
    std::uint64_t cost = s.cost.log2 ? s.cost.min : std::clamp<std::uint64_t>(1000, s.cost.min, s.cost.max);
    if (s.cost.is_time) cost = 1;
    flags = {"--rounds", std::to_string(cost)};
    for (const auto& e : s.cost.extra) {
        if (e.kind == pwcheck::core::ParamKind::memory) flags.insert(flags.end(), {"--memory", "64"});
        if (e.kind == pwcheck::core::ParamKind::parallelism) flags.insert(flags.end(), {"--parallelism", "1"});
    }
    return flags;
}

/// `pwcheck hash --digest NAME` at a cheap cost, for `password` (one line).
Run hash_cheap(const Scheme& s, const std::string& password = "correct horse") {
    std::vector<std::string> args{"hash", "--digest", std::string(s.name)};
    for (auto& f : cheap_flags(s)) args.push_back(std::move(f));
    return run(args, password + "\n");
}

std::vector<const Scheme*> making_rows() {
    std::vector<const Scheme*> rows;
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        if (s->make_hash != nullptr) rows.push_back(s);
    }
    return rows;
}

constexpr const char* k_pbkdf2 = "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";

}  // namespace

TEST(Hash, DefaultIsArgon2idAtPasslibDefaults) {
    const auto a = run({"hash"});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_TRUE(a.out.starts_with("$argon2id$v=19$m=102400,t=2,p=8$")) << a.out;
    EXPECT_EQ(std::count(a.out.begin(), a.out.end(), '\n'), 1);
    EXPECT_TRUE(a.out.ends_with("\n"));
    EXPECT_EQ(a.err, "");
    EXPECT_EQ(run({"--hash", first_line(a.out)}).status, 0);
    EXPECT_EQ(run({"--hash", first_line(a.out)}, "Password\n").status, 1);
    // Two calls never give the same hash (a fresh 16-byte salt each time).
    EXPECT_NE(run({"hash"}).out, a.out);
}

TEST(Hash, EveryRowThatMakesHashesRoundTrips) {
    for (const Scheme* s : making_rows()) {
        const auto a = hash_cheap(*s);
        ASSERT_EQ(a.status, 0) << s->name << ": " << a.err;
        const std::string h = first_line(a.out);
        EXPECT_EQ(pwcheck::core::identify_scheme(h), s) << h;
        EXPECT_EQ(run({"--hash", h}, "correct horse\n").status, 0) << h;
        EXPECT_EQ(run({"--hash", h}, "correct horsE\n").status, 1) << h;
        // The warning is for weak schemes only.
        EXPECT_EQ(a.err.find("warning") != std::string::npos, s->weak) << s->name << ": " << a.err;
        if (s->salt_size > 0) {
            EXPECT_NE(first_line(hash_cheap(*s).out), h) << s->name;
        }
    }
}

TEST(Hash, RowsWithoutMakeHashAreUsageErrors) {
    for (const Scheme* s : pwcheck::core::scheme_table()) {
        if (s->make_hash != nullptr) continue;
        const auto r = run({"hash", "--digest", std::string(s->name)});
        EXPECT_EQ(r.status, 2) << s->name;
        EXPECT_NE(r.err.find("only verifies"), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(run({"hash", "--digest", "nosuch"}).status, 2);
}

TEST(Hash, CostFlagsHavePasslibsMeanings) {
    EXPECT_TRUE(run({"hash", "--digest", "pbkdf2_sha256", "--rounds", "1234"}).out.starts_with("$pbkdf2-sha256$1234$"));
    EXPECT_TRUE(run({"hash", "--digest", "bcrypt", "--cost", "5"}).out.starts_with("$2b$05$"));
    EXPECT_TRUE(run({"hash", "--digest", "bcrypt", "--rounds", "4"}).out.starts_with("$2b$04$"));
    EXPECT_TRUE(run({"hash", "--digest", "sha512_crypt", "--rounds", "1000"}).out.starts_with("$6$rounds=1000$"));
    EXPECT_TRUE(run({"hash", "--digest", "scrypt", "--rounds", "4", "--block-size", "2", "--parallelism", "3"})
                    .out.starts_with("$scrypt$ln=4,r=2,p=3$"));
    EXPECT_TRUE(run({"hash", "--memory", "64", "--time", "3", "--parallelism", "2"})
                    .out.starts_with("$argon2id$v=19$m=64,t=3,p=2$"));
    EXPECT_TRUE(run({"hash", "--memory", "64", "--rounds", "3", "--parallelism", "2"})
                    .out.starts_with("$argon2id$v=19$m=64,t=3,p=2$"));
    EXPECT_TRUE(run({"hash", "--digest", "django_argon2", "--memory", "64", "--time", "1", "--parallelism", "1"})
                    .out.starts_with("argon2$argon2i$v=19$m=64,t=1,p=1$"));
    EXPECT_TRUE(run({"hash", "--digest", "werkzeug_scrypt", "--rounds", "10", "--block-size", "4", "--parallelism", "2"})
                    .out.starts_with("scrypt:1024:4:2$"));
}

TEST(Hash, ValuesOutOfRangeOrNotTakenAreUsageErrors) {
    const auto expect_usage = [](std::vector<std::string> args, std::string_view says) {
        const auto r = run(args);
        EXPECT_EQ(r.status, 2) << args.back();
        EXPECT_EQ(r.out, "");
        EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    };
    expect_usage({"hash", "--digest", "bcrypt", "--cost", "3"}, "range 4..31");
    expect_usage({"hash", "--digest", "bcrypt", "--cost", "32"}, "range 4..31");
    expect_usage({"hash", "--digest", "sha256_crypt", "--rounds", "999"}, "range 1000..999999999");
    expect_usage({"hash", "--digest", "scrypt", "--rounds", "0"}, "range 1..31");
    expect_usage({"hash", "--digest", "pbkdf2_sha256", "--memory", "64"}, "does not take --memory");
    expect_usage({"hash", "--digest", "bcrypt", "--time", "2"}, "does not take --time");
    expect_usage({"hash", "--block-size", "8"}, "argon2 does not take --block-size");
    expect_usage({"hash", "--memory", "4294967296"}, "range 8..4294967295");
    expect_usage({"hash", "--parallelism", "16777216"}, "range 1..16777215");
    expect_usage({"hash", "--memory", "8", "--parallelism", "2"}, "8 KiB per lane");
    expect_usage({"hash", "--rounds", "2", "--time", "3"}, "give one");
    expect_usage({"hash", "--digest", "scrypt", "--rounds", "16", "--block-size", "1"}, "2^(16 r)");
    expect_usage({"hash", "--digest", "sha256", "--target-ms", "5", "--rounds", "1000"}, "not both");
}

TEST(Hash, RefusesEmptyAndOverlongBcryptPasswords) {
    EXPECT_EQ(run({"hash", "--digest", "sha256"}, "\n").status, 4);
    EXPECT_EQ(run({"hash", "--digest", "sha256"}, "").status, 4);  // no input at all
    const auto empty = run({"hash", "--digest", "sha256", "--allow-empty", "--rounds", "1000"}, "\n");
    ASSERT_EQ(empty.status, 0) << empty.err;
    EXPECT_EQ(run({"--hash", first_line(empty.out)}, "\n").status, 0);

    const std::string long_pw(73, 'x');
    const auto refused = run({"hash", "--digest", "bcrypt", "--cost", "4"}, long_pw + "\n");
    EXPECT_EQ(refused.status, 4);
    EXPECT_NE(refused.err.find("--truncate"), std::string::npos) << refused.err;
    EXPECT_EQ(run({"hash", "--digest", "django_bcrypt", "--cost", "4"}, long_pw + "\n").status, 4);
    EXPECT_EQ(run({"hash", "--digest", "bcrypt", "--cost", "4"}, std::string(72, 'x') + "\n").status, 0);
    const auto truncated = run({"hash", "--digest", "bcrypt", "--cost", "4", "--truncate"}, long_pw + "\n");
    ASSERT_EQ(truncated.status, 0);
    EXPECT_EQ(run({"--hash", first_line(truncated.out)}, long_pw + "\n").status, 0);
    EXPECT_EQ(run({"hash", "--digest", "bcrypt_sha256", "--cost", "4"}, long_pw + "\n").status, 0);

    // NUL: refused by bcrypt itself (only --raw can carry one past the first line).
    const std::string nul("a\0b", 3);
    EXPECT_EQ(run({"hash", "--digest", "bcrypt", "--cost", "4", "--raw"}, nul).status, 4);
    EXPECT_EQ(run({"hash", "--digest", "bcrypt_sha256", "--cost", "4", "--raw"}, nul).status, 0);
}

TEST(Hash, WeakSchemesWarn) {
    const auto r = run({"hash", "--digest", "md5_crypt"});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(r.out.starts_with("$1$"));
    EXPECT_NE(r.err.find("pwcheck: warning: md5_crypt is a legacy weak scheme"), std::string::npos) << r.err;
}

TEST(Hash, JsonHasHashSchemeParams) {
    const auto r = run({"hash", "--digest", "bcrypt", "--cost", "4", "--json"});
    ASSERT_EQ(r.status, 0);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["schema_version"], 1);
    EXPECT_EQ(j["scheme"], "bcrypt");
    EXPECT_EQ(j["params"]["cost"], 4);
    EXPECT_EQ(j["weak"], false);
    EXPECT_TRUE(j["error"].is_null());
    EXPECT_EQ(run({"--hash", j["hash"].get<std::string>()}).status, 0);
    const auto bad = run({"hash", "--digest", "bcrypt", "--cost", "3", "--json"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_EQ(nlohmann::json::parse(bad.out)["error"]["code"], "usage");
}

TEST(Hash, TargetMsPicksACostByMeasuring) {
    const auto r = run({"hash", "--digest", "pbkdf2_sha256", "--target-ms", "3"});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(run({"identify", "--json", "--hash", first_line(r.out)}).out);
    const std::uint64_t rounds = j["params"]["rounds"];
    // 3 ms is a few thousand to a few tens of thousands of SHA-256 PBKDF2 rounds on any machine of today.
    EXPECT_GT(rounds, 1000u);
    EXPECT_LT(rounds, 200000u);
    EXPECT_EQ(run({"--hash", first_line(r.out)}).status, 0);
}

TEST(Hash, HelpHasAnExample) {
    const auto r = run({"hash", "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Examples:"), std::string::npos);
    EXPECT_NE(r.out.find("pwcheck hash --digest bcrypt --cost 13"), std::string::npos);
    const auto v = run({"verify", "--help"});
    EXPECT_NE(v.out.find("--check-update --rehash"), std::string::npos);
    EXPECT_NE(v.out.find("  6  match, but the hash is weaker"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// verify --check-update
// ---------------------------------------------------------------------------------------------

TEST(CheckUpdate, AnotherSchemeNeedsUpdateAndRehashGivesTheReplacement) {
    const auto r = run({"--check-update", "--hash", k_pbkdf2});
    EXPECT_EQ(r.status, 6);
    EXPECT_EQ(r.out, "match, needs update\n");
    const auto re = run({"--check-update", "--rehash", "--hash", k_pbkdf2});
    EXPECT_EQ(re.status, 6);
    ASSERT_TRUE(re.out.starts_with("match, needs update\n$argon2id$v=19$m=102400,t=2,p=8$")) << re.out;
    const std::string replacement = re.out.substr(re.out.find('\n') + 1, re.out.size() - re.out.find('\n') - 2);
    EXPECT_EQ(run({"--check-update", "--hash", replacement}).status, 0);
    // -q: only the replacement, for $(...).
    const auto quiet = run({"-q", "--check-update", "--rehash", "--target", "sha256", "--hash", k_pbkdf2});
    EXPECT_EQ(quiet.status, 6);
    EXPECT_TRUE(quiet.out.starts_with("$pbkdf2-sha256$29000$")) << quiet.out;
    EXPECT_EQ(std::count(quiet.out.begin(), quiet.out.end(), '\n'), 1);
    EXPECT_EQ(run({"--hash", first_line(quiet.out)}).status, 0);
}

TEST(CheckUpdate, JsonSaysNeedsUpdateAndNewHash) {
    auto j = nlohmann::json::parse(run({"--json", "--check-update", "--hash", k_pbkdf2}).out);
    EXPECT_EQ(j["match"], true);
    EXPECT_EQ(j["needs_update"], true);
    EXPECT_TRUE(j["new_hash"].is_null());
    j = nlohmann::json::parse(run({"--json", "--check-update", "--rehash", "--target", "bcrypt", "--cost", "4",
                                   "--hash", k_pbkdf2})
                                  .out);
    EXPECT_EQ(j["needs_update"], true);
    EXPECT_TRUE(j["new_hash"].get<std::string>().starts_with("$2b$04$"));
    j = nlohmann::json::parse(
        run({"--json", "--check-update", "--target", "sha256", "--rounds", "1000", "--hash", k_pbkdf2}).out);
    EXPECT_EQ(j["needs_update"], false);
    j = nlohmann::json::parse(run({"--json", "--check-update", "--rehash", "--hash", k_pbkdf2}, "nope\n").out);
    EXPECT_EQ(j["match"], false);
    EXPECT_TRUE(j["needs_update"].is_null());
    EXPECT_TRUE(j["new_hash"].is_null());
    // Without --check-update the fields are absent (the JSON is as before).
    EXPECT_FALSE(nlohmann::json::parse(run({"--json", "--hash", k_pbkdf2}).out).contains("needs_update"));
}

TEST(CheckUpdate, NoMatchIsNoMatchAndGivesNoHash) {
    const auto r = run({"--check-update", "--rehash", "--hash", k_pbkdf2}, "nope\n");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "no match\n");
}

TEST(CheckUpdate, ComparesEveryParameter) {
    const auto status = [](const std::string& hash, std::vector<std::string> target) {
        std::vector<std::string> args{"-q", "--check-update", "--hash", hash};
        args.insert(args.end(), target.begin(), target.end());
        return run(args).status;
    };
    // pbkdf2 / sha-crypt rounds.
    EXPECT_EQ(status(k_pbkdf2, {"--target", "pbkdf2_sha256", "--rounds", "1000"}), 0);
    EXPECT_EQ(status(k_pbkdf2, {"--target", "pbkdf2_sha256", "--rounds", "999"}), 0);
    EXPECT_EQ(status(k_pbkdf2, {"--target", "pbkdf2_sha256", "--rounds", "1001"}), 6);
    EXPECT_EQ(status(k_pbkdf2, {"--target", "pbkdf2_sha256"}), 6);  // passlib's default 29000
    EXPECT_EQ(status(k_pbkdf2, {"--target", "pbkdf2_sha512", "--rounds", "1000"}), 6);
    const std::string sha = first_line(run({"hash", "--digest", "sha512_crypt", "--rounds", "5000"}).out);
    EXPECT_EQ(status(sha, {"--target", "sha512_crypt", "--rounds", "5000"}), 0);
    EXPECT_EQ(status(sha, {"--target", "sha512_crypt"}), 6);
    // bcrypt cost, and the legacy $2a$ form.
    const std::string bc = first_line(run({"hash", "--digest", "bcrypt", "--cost", "5"}).out);
    EXPECT_EQ(status(bc, {"--target", "bcrypt", "--cost", "5"}), 0);
    EXPECT_EQ(status(bc, {"--target", "bcrypt", "--cost", "4"}), 0);
    EXPECT_EQ(status(bc, {"--target", "bcrypt", "--cost", "6"}), 6);
    EXPECT_EQ(status(bc, {"--target", "django_bcrypt", "--cost", "4"}), 6);  // another scheme
    EXPECT_EQ(status("$2a$" + bc.substr(4), {"--target", "bcrypt", "--cost", "4"}), 6);
    // scrypt ln, r, p.
    const std::string sc = first_line(run({"hash", "--digest", "scrypt", "--rounds", "4", "--block-size", "4"}).out);
    EXPECT_EQ(status(sc, {"--target", "scrypt", "--rounds", "4", "--block-size", "4"}), 0);
    EXPECT_EQ(status(sc, {"--target", "scrypt", "--rounds", "5", "--block-size", "4"}), 6);
    EXPECT_EQ(status(sc, {"--target", "scrypt", "--rounds", "4", "--block-size", "5"}), 6);
    EXPECT_EQ(status(sc, {"--target", "scrypt", "--rounds", "4", "--block-size", "4", "--parallelism", "2"}), 6);
    // argon2 m, t, p each.
    const std::string ar = first_line(run({"hash", "--memory", "64", "--time", "2", "--parallelism", "2"}).out);
    const auto ar_target = [](std::string m, std::string t, std::string p) {
        return std::vector<std::string>{"--memory", m, "--time", t, "--parallelism", p};
    };
    EXPECT_EQ(status(ar, ar_target("64", "2", "2")), 0);
    EXPECT_EQ(status(ar, ar_target("32", "1", "1")), 0);
    EXPECT_EQ(status(ar, ar_target("72", "2", "2")), 6);
    EXPECT_EQ(status(ar, ar_target("64", "3", "2")), 6);
    EXPECT_EQ(status(ar, ar_target("64", "2", "3")), 6);
    EXPECT_EQ(status(ar, {}), 6);  // passlib's defaults m=102400, p=8
    // A weak scheme always needs updating, even to itself.
    const std::string md5 = first_line(run({"hash", "--digest", "md5_crypt"}).out);
    EXPECT_EQ(status(md5, {"--target", "md5_crypt"}), 6);
}

TEST(CheckUpdate, FlagsNeedCheckUpdateAndAValidTarget) {
    EXPECT_EQ(run({"--rehash", "--hash", k_pbkdf2}).status, 2);
    EXPECT_EQ(run({"--target", "bcrypt", "--hash", k_pbkdf2}).status, 2);
    EXPECT_EQ(run({"--rounds", "5", "--hash", k_pbkdf2}).status, 2);
    EXPECT_EQ(run({"--check-update", "--target", "nosuch", "--hash", k_pbkdf2}).status, 2);
    EXPECT_EQ(run({"--check-update", "--target", "ldap_crypt", "--hash", k_pbkdf2}).status, 2);
    EXPECT_EQ(run({"--check-update", "--target", "bcrypt", "--cost", "3", "--hash", k_pbkdf2}).status, 2);
    EXPECT_EQ(run({"--check-update", "--target", "bcrypt", "--memory", "3", "--hash", k_pbkdf2}).status, 2);
}

TEST(CheckUpdate, RehashIntoBcryptRefusesWhatItWouldTruncate) {
    const std::string long_pw(80, 'y');
    const auto made = run({"hash", "--digest", "sha256", "--rounds", "1000"}, long_pw + "\n");
    ASSERT_EQ(made.status, 0);
    const auto r = run({"--check-update", "--rehash", "--target", "bcrypt", "--cost", "4", "--hash", first_line(made.out)},
                       long_pw + "\n");
    EXPECT_EQ(r.status, 4);
    EXPECT_NE(r.err.find("72"), std::string::npos) << r.err;
}

// ---------------------------------------------------------------------------------------------
// Round trip through passlib (and Werkzeug's code, as the vector generator models it)
// ---------------------------------------------------------------------------------------------

namespace {

/// Runs `script` with Debian's python3, `input` on stdin; its stdout, or nullopt when it failed.
std::optional<std::string> run_python(const std::string& script, const std::string& input) {
    const auto dir = std::filesystem::temp_directory_path() / ("pwcheck_hash_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "in.txt") << input;
    std::ofstream(dir / "check.py") << script;
    const std::string command = "/usr/bin/python3 " + (dir / "check.py").string() + " < " + (dir / "in.txt").string() +
                                " > " + (dir / "out.txt").string();
    const int status = std::system(command.c_str());
    std::ifstream out(dir / "out.txt");
    std::stringstream text;
    text << out.rdbuf();
    std::filesystem::remove_all(dir);
    if (status != 0) return std::nullopt;
    return text.str();
}

bool python_has_passlib() {
    if (access("/usr/bin/python3", X_OK) != 0) return false;
    return std::system("/usr/bin/python3 -c 'import passlib.hash, bcrypt, argon2' >/dev/null 2>&1") == 0;
}

}  // namespace

TEST(HashPasslib, EveryHashPwcheckMakesVerifiesInPasslib) {
    if (!python_has_passlib()) {
        GTEST_SKIP() << "python3-passlib, python3-bcrypt or python3-argon2 not installed (scripts/install-deps.sh "
                        "installs them): the passlib round trip is not checked";
    }
    // Werkzeug is not in passlib: its hashes are checked by the vector generator's model of Werkzeug 3.1
    // (hashlib.pbkdf2_hmac / hashlib.scrypt, tests/vectors/generate.py's werkzeug3_check).
    const std::string script =
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "sys.path.insert(0, '" PWCHECK_VECTORS_DIR "/..')\n"
        "import passlib.hash\n"
        "import generate\n"
        "for line in sys.stdin:\n"
        "    name, password, wrong, hash = line.rstrip('\\n').split('\\t')\n"
        "    if name.startswith('werkzeug_'):\n"
        "        check = lambda pw: generate.werkzeug3_check(hash, pw.encode())\n"
        "    else:\n"
        "        check = lambda pw: getattr(passlib.hash, name).verify(pw.encode(), hash)\n"
        "    print(name, check(password), check(wrong))\n";
    std::string input, expected;
    std::set<std::string> schemes;
    for (const Scheme* s : making_rows()) {
        for (const std::string& password : std::vector<std::string>{"correct horse", "pässwörd ☃", std::string(72, 'x')}) {
            const auto r = hash_cheap(*s, password);
            ASSERT_EQ(r.status, 0) << s->name << ": " << r.err;
            input += std::string(s->name) + "\t" + password + "\t!" + password + "\t" + first_line(r.out) + "\n";
            expected += std::string(s->name) + " True False\n";
        }
        schemes.insert(std::string(s->name));
    }
    const auto out = run_python(script, input);
    ASSERT_TRUE(out) << "python3 failed on:\n" << input;
    EXPECT_EQ(*out, expected) << input;
    EXPECT_GE(schemes.size(), 28u);
}

TEST(Hash, Argon2TypeIsChosenWithType) {
    // argon2 makes id by default (passlib 1.7.4 on argon2-cffi), i or d on request.
    const auto i = run({"hash", "--type", "i", "--memory", "64", "--time", "1", "--parallelism", "1"});
    EXPECT_EQ(i.status, 0) << i.err;
    EXPECT_TRUE(i.out.starts_with("$argon2i$v=19$m=64,t=1,p=1$")) << i.out;
    const std::string made = i.out.substr(0, i.out.size() - 1);
    EXPECT_EQ(run({"-q", "--hash", made}, "password\n").status, 0);  // and it verifies
    EXPECT_TRUE(run({"hash", "--type", "d", "--memory", "64", "--time", "1", "--parallelism", "1"})
                    .out.starts_with("$argon2d$v=19$"));
    EXPECT_TRUE(run({"hash", "--type", "id", "--memory", "64", "--time", "1", "--parallelism", "1"})
                    .out.starts_with("$argon2id$v=19$"));
    const auto bad = run({"hash", "--type", "x"});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("argon2 --type must be one of: id, i, d"), std::string::npos) << bad.err;
    const auto not_taken = run({"hash", "--digest", "bcrypt", "--type", "i"});
    EXPECT_EQ(not_taken.status, 2);
    EXPECT_NE(not_taken.err.find("bcrypt does not take --type"), std::string::npos) << not_taken.err;
}

TEST(CheckUpdate, AnotherArgon2TypeNeedsUpdate) {
    const std::string i = run({"hash", "--type", "i", "--memory", "64", "--time", "1", "--parallelism", "1"}).out;
    const std::string hash = i.substr(0, i.size() - 1);
    const auto args = [&](std::vector<std::string> more) {
        std::vector<std::string> a{"-q", "--check-update", "--hash", hash, "--memory", "64", "--time", "1",
                                   "--parallelism", "1"};
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    EXPECT_EQ(run(args({"--type", "i"})).status, 0);
    EXPECT_EQ(run(args({})).status, 6);  // the default target is argon2id
    EXPECT_EQ(run(args({"--type", "id"})).status, 6);
}

TEST(Hash, CostsOverTheVerifyLimitsAreRefusedBeforeAnyWork) {
    // Within the format's range but over what pwcheck verify accepts: refused at once with exit 5, as
    // verify would refuse the hash, naming the option that raises the limit (bcrypt cost 31 or 2^32-1
    // PBKDF2 rounds would run for days).
    struct Case {
        std::vector<std::string> args;
        const char* option;
    };
    for (const Case& c : {Case{{"hash", "--digest", "bcrypt", "--cost", "31"}, "--max-bcrypt-cost"},
                          Case{{"hash", "--digest", "bcrypt_sha256", "--cost", "19"}, "--max-bcrypt-cost"},
                          Case{{"hash", "--digest", "pbkdf2_sha256", "--rounds", "4294967295"}, "--max-pbkdf2-rounds"},
                          Case{{"hash", "--digest", "werkzeug_pbkdf2", "--rounds", "2147483647"}, "--max-pbkdf2-rounds"},
                          Case{{"hash", "--digest", "sha512_crypt", "--rounds", "999999999"}, "--max-crypt-rounds"},
                          Case{{"hash", "--digest", "phpass", "--rounds", "30"}, "--max-phpass-cost"},
                          Case{{"hash", "--time", "4294967295"}, "--max-argon2-time"},
                          Case{{"hash", "--memory", "8", "--parallelism", "1", "--time", "1001"}, "--max-argon2-time"},
                          Case{{"hash", "--memory", "2097153"}, "--max-memory"},
                          Case{{"hash", "--parallelism", "256", "--memory", "2048"}, "--max-argon2-lanes"},
                          Case{{"hash", "--memory", "2097152", "--time", "5"}, "--max-memory-work"},
                          Case{{"hash", "--digest", "scrypt", "--rounds", "21"}, "--max-memory"},
                          Case{{"hash", "--digest", "django_argon2", "--memory", "4194304"}, "--max-memory"},
                          Case{{"hash", "--digest", "werkzeug_scrypt", "--rounds", "10", "--max-memory", "1M"}, "--max-memory"},
                          // Lowered limits refuse what the defaults take.
                          Case{{"hash", "--digest", "bcrypt", "--cost", "5", "--max-bcrypt-cost", "4"}, "--max-bcrypt-cost"},
                          Case{{"hash", "--memory", "64", "--time", "1", "--parallelism", "1", "--max-memory", "32K"},
                               "--max-memory"}}) {
        const auto r = run(c.args);
        EXPECT_EQ(r.status, 5) << testing::PrintToString(c.args) << r.err;
        EXPECT_NE(r.err.find(std::string("exceeds the limit of")), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(std::string("(raise it with ") + c.option + ")"), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(r.out, "");
    }
    EXPECT_EQ(run({"hash", "--digest", "bcrypt", "--cost", "4"}).status, 0);  // within: made
    // Raised limits let the hash through (and it verifies with the same options).
    const auto raised = run({"hash", "--digest", "bcrypt", "--cost", "5", "--max-bcrypt-cost", "5"});
    EXPECT_EQ(raised.status, 0) << raised.err;
    EXPECT_TRUE(raised.out.starts_with("$2b$05$")) << raised.out;
}

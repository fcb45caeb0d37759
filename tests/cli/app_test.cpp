// The CLI layer in-process, with injected streams and password source.
#include "cli/app.hpp"
#include "cli/cmd_verify.hpp"
#include "core/registry.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

namespace {

class FakePassword final : public pwcheck::cli::PasswordSource {
public:
    explicit FakePassword(std::string text) : m_text(std::move(text)) {}
    pwcheck::core::Result<pwcheck::core::SecretBuffer> read(pwcheck::cli::PasswordMode mode) override {
        ++reads;
        pwcheck::core::SecretBuffer in(pwcheck::cli::k_password_input_capacity);
        in.resize(std::min(m_text.size(), in.capacity()));
        std::copy_n(m_text.begin(), in.size(), in.data());
        return pwcheck::cli::password_from_input(in, m_text.size() < in.capacity(), mode);
    }
    int reads = 0;

private:
    std::string m_text;
};

struct Run {
    int status;
    std::string out;
    std::string err;
    int reads;
};

Run run(std::vector<std::string> args, std::string stdin_text = "password\n") {
    std::ostringstream out, err;
    std::istringstream in(stdin_text);  // for commands that read lines (identify), not passwords
    FakePassword password(std::move(stdin_text));
    pwcheck::cli::Io io{out, err, password, &in};
    const int status = pwcheck::cli::run_app(std::move(args), io);
    return {status, out.str(), err.str(), password.reads};
}

constexpr const char* k_sha256 = "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";

}  // namespace

TEST(App, VerifyIsTheDefaultCommand) {
    EXPECT_EQ(run({"--hash", k_sha256}).out, "match\n");
    EXPECT_EQ(run({"verify", "--hash", k_sha256}).out, "match\n");
    EXPECT_EQ(run({"--hash", k_sha256}, "nope\n").status, 1);
    EXPECT_EQ(run({"--hash", k_sha256}, "nope\n").out, "no match\n");
}

TEST(App, QuietPrintsNothing) {
    const auto r = run({"-q", "--hash", k_sha256});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
}

TEST(App, JsonHasTheDocumentedFields) {
    const auto r = run({"--json", "--hash", k_sha256});
    EXPECT_EQ(r.status, 0);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["schema_version"], 1);
    EXPECT_EQ(j["match"], true);
    EXPECT_EQ(j["scheme"], "pbkdf2_sha256");
    EXPECT_EQ(j["params"]["rounds"], 1000);
    EXPECT_EQ(j["params"]["salt_size"], 16);
    EXPECT_EQ(j["params"]["digest"], "sha256");
    EXPECT_EQ(j["truncated"], false);
    EXPECT_TRUE(j["error"].is_null());
    EXPECT_EQ(r.out.find("password"), std::string::npos);
}

TEST(App, JsonErrorsCarryCodeAndMessageAndTheSameExitStatus) {
    const auto r = run({"--json", "--hash", "$pbkdf2-sha256$01000$c2FsdA$x"});
    EXPECT_EQ(r.status, 3);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["match"].is_null());
    EXPECT_EQ(j["error"]["code"], "malformed_hash");
    EXPECT_NE(j["error"]["message"].get<std::string>().find("leading zero"), std::string::npos);
    EXPECT_NE(r.err.find("pwcheck: error: "), std::string::npos);

    const auto refused = run({"--json", "--hash", k_sha256}, "");
    EXPECT_EQ(refused.status, 4);
    EXPECT_EQ(nlohmann::json::parse(refused.out)["error"]["code"], "password_refused");
}

TEST(App, JsonErrorsAfterParsingStillReportTheHashParameters) {
    // A hash over the cost limits parsed fine: its parameters tell the caller what it asked for.
    const auto r = run({"--json", "--hash", "$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"});
    EXPECT_EQ(r.status, 5);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["error"]["code"], "cost_over_limit");
    EXPECT_EQ(j["params"]["cost"], 31);
    EXPECT_EQ(j["params"]["ident"], "2b");
}

TEST(App, UnknownDigestIsAUsageErrorWithSuggestionBeforeReadingThePassword) {
    const auto r = run({"--digest", "sha265", "--hash", k_sha256});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.reads, 0);
    EXPECT_NE(r.err.find("unknown digest 'sha265' (did you mean 'sha256'?)"), std::string::npos);
    // Every accepted name is listed, in table order (the table grows; the test need not).
    std::string listed = "valid digests: ";
    for (const auto& name : pwcheck::core::digest_names()) listed += name + ", ";
    listed.resize(listed.size() - 2);
    EXPECT_NE(r.err.find(listed), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("valid digests: pbkdf2_sha1, pbkdf2_sha256, pbkdf2_sha512, bcrypt, "), std::string::npos);
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1);  // one line
}

TEST(App, CommandLineErrorsMapToTwo) {
    EXPECT_EQ(run({}).status, 2);
    EXPECT_EQ(run({"--hash"}).status, 2);
    EXPECT_EQ(run({"--bogus", "--hash", k_sha256}).status, 2);
    EXPECT_EQ(run({"--json", "-q", "--hash", k_sha256}).status, 2);
    EXPECT_EQ(run({"--hash", k_sha256, "extra"}).status, 2);
    const auto r = run({"--bogus"});
    EXPECT_EQ(r.err.rfind("pwcheck: error: ", 0), 0u);
}

TEST(App, UsageErrorsNameWhatIsWrong) {
    // An unknown option is reported as such, even when --hash is missing too.
    const auto bogus = run({"--bogus"});
    EXPECT_NE(bogus.err.find("--bogus"), std::string::npos) << bogus.err;
    EXPECT_EQ(bogus.err.find("--hash is required"), std::string::npos) << bogus.err;
    const auto missing = run({});
    EXPECT_NE(missing.err.find("--hash is required"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.reads, 0);
    EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);
}

TEST(App, HelpAndVersionExitZero) {
    const auto help = run({"--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("Exit status:"), std::string::npos);
    EXPECT_NE(help.out.find("verify"), std::string::npos);
    const auto verify_help = run({"verify", "--help"});
    EXPECT_EQ(verify_help.status, 0);
    EXPECT_NE(verify_help.out.find("--digest"), std::string::npos);
    const auto version = run({"--version"});
    EXPECT_EQ(version.status, 0);
    EXPECT_EQ(version.out.rfind("pwcheck ", 0), 0u);
}

TEST(App, ListDigests) {
    const auto r = run({"--list-digests"});
    EXPECT_EQ(r.status, 0);
    std::string expected;
    for (const auto& name : pwcheck::core::digest_names()) expected += name + "\n";
    EXPECT_EQ(r.out, expected);
    // The original service's four come first, their short names among the aliases.
    EXPECT_EQ(r.out.rfind("pbkdf2_sha1\npbkdf2_sha256\npbkdf2_sha512\nbcrypt\n", 0), 0u);
    EXPECT_NE(r.out.find("\nsha1\nsha256\nsha512\n"), std::string::npos);
}

TEST(App, JsonSaysWhetherTheHashIsWeak) {
    const auto r = run({"--json", "--hash", k_sha256});
    EXPECT_EQ(nlohmann::json::parse(r.out)["weak"], false);
    const auto refused = run({"--json", "--digest", "sha256", "--hash", k_sha256}, "");
    const auto j = nlohmann::json::parse(refused.out);
    EXPECT_EQ(j["scheme"], "pbkdf2_sha256");  // the named digest, although no password came
    EXPECT_EQ(j["weak"], false);
}

namespace {

/// A file under the test's temporary directory with `text` in it; removed at the end of the test.
class TempFile {
public:
    explicit TempFile(const std::string& text) {
        m_path = std::filesystem::temp_directory_path() /
                 ("pwcheck-test-" + std::to_string(::getpid()) + "-" + std::to_string(s_count++));
        std::ofstream(m_path, std::ios::binary) << text;
    }
    ~TempFile() { std::filesystem::remove(m_path); }
    std::string path() const { return m_path.string(); }

private:
    static inline int s_count = 0;
    std::filesystem::path m_path;
};

constexpr const char* k_bcrypt4 = "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm";  // "password"

}  // namespace

TEST(App, HashFileGivesTheHashOnItsFirstLine) {
    const TempFile one(std::string(k_sha256) + "\n");
    EXPECT_EQ(run({"--hash-file", one.path()}).status, 0);
    EXPECT_EQ(run({"--hash-file", one.path()}, "wrong\n").status, 1);
    const TempFile crlf(std::string(k_sha256) + "\r\nsecond line is ignored\n");
    EXPECT_EQ(run({"--hash-file", crlf.path()}).status, 0);
    const TempFile bare(k_sha256);  // no newline at all
    EXPECT_EQ(run({"--hash-file", bare.path()}).status, 0);
    const TempFile empty("");
    EXPECT_EQ(run({"--hash-file", empty.path()}).status, 1);  // an empty hash matches nothing

    const auto missing = run({"--hash-file", "/nonexistent/pwcheck-hash"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("cannot read --hash-file '/nonexistent/pwcheck-hash'"), std::string::npos) << missing.err;
    EXPECT_EQ(missing.reads, 0);  // a bad command line is refused before the password is read
}

TEST(App, HashComesFromExactlyOnePlace) {
    const TempFile f(std::string(k_sha256) + "\n");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--hash", k_sha256, "--hash-file", f.path()},
             {"--hash", k_sha256, "--user", "alice", "--from", f.path()},
             {"--user", "alice"},
             {"--from", f.path()}}) {
        const auto r = run(args);
        EXPECT_EQ(r.status, 2) << testing::PrintToString(args);
        EXPECT_EQ(r.reads, 0);
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

TEST(App, UserFromAColonSeparatedFile) {
    // htpasswd (user:hash) and shadow (user:hash:lastchg:...) lines, comments and blank lines.
    const TempFile htpasswd(std::string("# site users\n\nbob:") + k_sha256 + "\nalice:" + k_bcrypt4 + "\n");
    EXPECT_EQ(run({"--user", "alice", "--from", htpasswd.path()}).status, 0);
    EXPECT_EQ(run({"--user", "alice", "--from", htpasswd.path()}, "nope\n").status, 1);
    EXPECT_EQ(run({"--user", "bob", "--from", htpasswd.path()}).status, 0);
    const TempFile shadow(std::string("root:!:19000:0:99999:7:::\nalice:") + k_bcrypt4 +
                          ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nlocked:!" + k_bcrypt4 + ":19000::::::\n");
    EXPECT_EQ(run({"--user", "alice", "--from", shadow.path()}).status, 0);
    EXPECT_EQ(run({"--user", "root", "--from", shadow.path()}).status, 1);    // '!' never matches
    EXPECT_EQ(run({"--user", "locked", "--from", shadow.path()}).status, 1);  // locked, old hash kept
    const auto json = run({"--json", "--user", "alice", "--from", shadow.path()});
    EXPECT_EQ(nlohmann::json::parse(json.out)["scheme"], "bcrypt");
}

TEST(App, UnknownUserIsNoMatchAfterTheSameWork) {
    const TempFile f(std::string("alice:") + k_bcrypt4 + "\n");
    const auto r = run({"--user", "mallory", "--from", f.path()});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "no match\n");
    EXPECT_NE(r.err.find("no user 'mallory' in"), std::string::npos) << r.err;
    EXPECT_EQ(r.reads, 1);  // the password is read as for a real user
    const auto prefix = run({"--user", "ali", "--from", f.path()});  // a prefix of a name is not the name
    EXPECT_EQ(prefix.status, 1);
}

TEST(App, UserLookupKeepsADecoyForUnknownUsers) {
    using pwcheck::cli::find_user;
    const std::string file = std::string("# comment\n\nbob:x1\nalice:x2:19000::\ncarol:x3\n");
    const auto alice = find_user(file, "alice");
    EXPECT_TRUE(alice.found);
    EXPECT_EQ(alice.hash, "x2");
    const auto nobody = find_user(file, "mallory");
    EXPECT_FALSE(nobody.found);
    EXPECT_EQ(nobody.hash, "x1");  // the first entry's hash: an unknown user costs the same work
    EXPECT_FALSE(find_user("", "alice").found);
    EXPECT_EQ(find_user("alice\n", "alice").hash, "");       // a line without ':' has an empty field
    EXPECT_EQ(find_user("alice:h\r\n", "alice").hash, "h");  // CRLF files
    EXPECT_FALSE(find_user("#alice:h\n", "#alice").found);    // comments are not entries
}

TEST(App, IdentifyNamesTheSchemeAndItsParameters) {
    const auto r = run({"identify", "--hash", k_sha256}, "");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "pbkdf2_sha256 digest=sha256 rounds=1000 salt_size=16\n");
    EXPECT_EQ(r.reads, 0);  // identify never reads a password

    const auto j = nlohmann::json::parse(run({"identify", "--json", "--hash", k_bcrypt4}, "").out);
    EXPECT_EQ(j["scheme"], "bcrypt");
    EXPECT_EQ(j["params"]["cost"], 4);
    EXPECT_EQ(j["well_formed"], true);
    EXPECT_EQ(j["weak"], false);
    EXPECT_TRUE(j["error"].is_null());
}

TEST(App, IdentifyTellsMalformedAndUnknownHashes) {
    const auto bad = run({"identify", "--hash", "$pbkdf2-sha256$01000$c2FsdA$x"}, "");
    EXPECT_EQ(bad.status, 0);  // identified, though not well-formed
    EXPECT_EQ(bad.out.rfind("pbkdf2_sha256 malformed: ", 0), 0u) << bad.out;
    const auto jb = nlohmann::json::parse(run({"identify", "--json", "--hash", "$pbkdf2-sha256$01000$c2FsdA$x"}, "").out);
    EXPECT_EQ(jb["well_formed"], false);
    EXPECT_EQ(jb["error"]["code"], "malformed_hash");

    const auto unknown = run({"identify", "--hash", "no-such-format"}, "");
    EXPECT_EQ(unknown.status, 3);
    EXPECT_EQ(unknown.out, "unknown\n");
    EXPECT_EQ(unknown.err.rfind("pwcheck: error: unrecognized hash format", 0), 0u) << unknown.err;
    const auto ju = nlohmann::json::parse(run({"identify", "--json", "--hash", "no-such-format"}, "").out);
    EXPECT_TRUE(ju["scheme"].is_null());
    EXPECT_EQ(ju["error"]["code"], "unrecognized_hash");
}

TEST(App, IdentifyReadsHashesFromStdinOnePerLine) {
    const std::string lines = std::string(k_sha256) + "\r\n" + k_bcrypt4 + "\nnot a hash\n";
    const auto r = run({"identify"}, lines);
    EXPECT_EQ(r.status, 3);  // one line was not identified
    std::istringstream out(r.out);
    std::string line;
    std::vector<std::string> got;
    while (std::getline(out, line)) got.push_back(line);
    ASSERT_EQ(got.size(), 3u) << r.out;
    EXPECT_EQ(got[0].rfind("pbkdf2_sha256 ", 0), 0u);
    EXPECT_EQ(got[1].rfind("bcrypt ", 0), 0u);
    EXPECT_EQ(got[2], "unknown");
    EXPECT_EQ(run({"identify"}, std::string(k_sha256) + "\n" + k_bcrypt4 + "\n").status, 0);

    const auto json = run({"identify", "--json"}, lines);
    std::istringstream jout(json.out);
    int n = 0;
    while (std::getline(jout, line)) {
        EXPECT_TRUE(nlohmann::json::parse(line).contains("scheme"));
        ++n;
    }
    EXPECT_EQ(n, 3);  // one JSON object per line
}

TEST(App, IdentifyReportsCostOverTheLimits) {
    const auto r = run({"identify", "--json", "--hash", "$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm"}, "");
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["scheme"], "bcrypt");
    EXPECT_EQ(j["well_formed"], true);
    EXPECT_EQ(j["error"]["code"], "cost_over_limit");
    EXPECT_EQ(r.status, 0);
}

TEST(App, JsonSaysWeakForLegacyHashes) {
    // md5-crypt, phpass and the single-pass LDAP digests are weak; {CRYPT} is as weak as what it wraps.
    struct Case {
        const char* hash;
        const char* scheme;
        bool weak;
    };
    for (const Case c : {Case{"$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "md5_crypt", true},
                         Case{"$apr1$saltsalt$yAAkm4libquA.ZWLHbSBq/", "apr_md5_crypt", true},
                         Case{"$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", "phpass", true},
                         Case{"{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0", "ldap_salted_sha1", true},
                         Case{"{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "ldap_sha1", true},
                         Case{"{CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "ldap_md5_crypt", true},
                         Case{"{CRYPT}$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "ldap_bcrypt", false},
                         Case{"{PBKDF2-SHA256}1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA",
                              "ldap_pbkdf2_sha256", false}}) {
        const auto r = run({"--json", "--hash", c.hash});
        EXPECT_EQ(r.status, 0) << c.hash;
        const auto j = nlohmann::json::parse(r.out);
        EXPECT_EQ(j["match"], true) << c.hash;
        EXPECT_EQ(j["scheme"], c.scheme) << c.hash;
        EXPECT_EQ(j["weak"], c.weak) << c.hash;
    }
    // Also when there is no answer: a hash of a weak scheme with a NUL password (md5-crypt refuses it).
    const auto refused = run({"--json", "--raw", "--hash", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"}, std::string("a\0b", 3));
    const auto j = nlohmann::json::parse(refused.out);
    EXPECT_EQ(refused.status, 4);
    EXPECT_EQ(j["weak"], true);
}

namespace {

// A hash over a default limit, the option that raises it, and a value of that option that lets it through.
struct OverLimit {
    const char* hash;
    const char* option;
};
constexpr OverLimit k_over_limits[] = {
    {"$pbkdf2-sha256$4294967295$c2FsdHNhbHQ$Q7Zc6ymn6lDXAaEnGNdkdwYMr6stJWpeuNWyUKNIQVg", "--max-pbkdf2-rounds"},
    {"$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "--max-bcrypt-cost"},
    {"$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "--max-memory"},
    {"$argon2id$v=19$m=8,t=4294967295,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "--max-argon2-time"},
    {"$argon2id$v=19$m=4096,t=1,p=511$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "--max-argon2-lanes"},
    {"$argon2id$v=19$m=2097152,t=1000,p=4$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw", "--max-memory-work"},
    {"$scrypt$ln=31,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "--max-memory"},
    {"$scrypt$ln=16,r=8,p=255$c2FsdHNhbHRzYWx0c2FsdA$5f/Vi+XRWGUNGScbsma6KJ4zLFIke/NJsrvr7lQLAyA", "--max-memory-work"},
    {"$6$rounds=999999999$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",
     "--max-crypt-rounds"},
    {"$P$Ssaltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", "--max-phpass-cost"},
    {"pbkdf2:sha256:2000000000$c2FsdHNhbHRz$0bd2d2b1c5b2e1ac9f1a6e3b3f1b0b3c8e0c2e4a1b6e2c7d8e9f0a1b2c3d4e5f",
     "--max-pbkdf2-rounds"},
    {"{CRYPT}$5$rounds=999999999$saltsalt$0000000000000000000000000000000000000000000", "--max-crypt-rounds"},
};

}  // namespace

TEST(App, VerifyRefusesHashesOverTheLimitsNamingTheOptionThatRaisesThem) {
    for (const OverLimit& c : k_over_limits) {
        const auto r = run({"--hash", c.hash});
        EXPECT_EQ(r.status, 5) << c.hash << ": " << r.err;
        EXPECT_EQ(r.out, "") << c.hash;  // an error: no answer, never "match"
        EXPECT_TRUE(r.err.starts_with("pwcheck: error: ")) << r.err;
        EXPECT_NE(r.err.find("exceeds the limit of"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(std::string("(raise it with ") + c.option + ")"), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        const auto j = nlohmann::json::parse(run({"--json", "--hash", c.hash}).out);
        EXPECT_EQ(j["error"]["code"], "cost_over_limit") << c.hash;
        EXPECT_EQ(j["error"]["limit_option"], c.option) << c.hash;
    }
}

TEST(App, LimitOptionsRaiseAndLowerTheLimits) {
    // 1000 rounds: within the default, over a lowered limit, within it again when the limit is 1000.
    EXPECT_EQ(run({"--hash", k_sha256}).status, 0);
    const auto low = run({"--hash", k_sha256, "--max-pbkdf2-rounds", "999"});
    EXPECT_EQ(low.status, 5);
    EXPECT_NE(low.err.find("pbkdf2_sha256 rounds 1000 exceeds the limit of 999 (raise it with --max-pbkdf2-rounds)"),
              std::string::npos)
        << low.err;
    EXPECT_EQ(low.reads, 1);
    EXPECT_EQ(run({"--hash", k_sha256, "--max-pbkdf2-rounds", "1000"}).status, 0);
    EXPECT_EQ(run({"verify", "--max-pbkdf2-rounds=1000", "--hash", k_sha256}).status, 0);
    // Sizes take binary suffixes: argon2 m=8 KiB is 8192 bytes.
    constexpr const char* k_argon2 = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$8pAsPOMpkWtPlqOyXPzdRw";
    EXPECT_EQ(run({"--hash", k_argon2}).status, 0);
    EXPECT_EQ(run({"--hash", k_argon2, "--max-memory", "8K"}).status, 0);
    EXPECT_EQ(run({"--hash", k_argon2, "--max-memory", "8191"}).status, 5);
    EXPECT_EQ(run({"--hash", k_argon2, "--max-memory-work", "4KiB"}).status, 5);
    // Raising a limit lets a hash over the default through to be computed (cheap here: lowered first).
    const auto raised = run({"--hash", "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "--max-bcrypt-cost", "3"});
    EXPECT_EQ(raised.status, 5) << raised.err;
}

TEST(App, LimitOptionsTakeOnlyWholeNumbersAndSizes) {
    for (const auto& [option, value] : std::vector<std::pair<std::string, std::string>>{
             {"--max-pbkdf2-rounds", "-1"},
             {"--max-pbkdf2-rounds", "1e6"},
             {"--max-pbkdf2-rounds", "99999999999999999999"},
             {"--max-pbkdf2-rounds", "1G"},
             {"--max-bcrypt-cost", ""},
             {"--max-memory", "2X"},
             {"--max-memory", "-2G"},
             {"--max-memory-work", "1.5G"},
             {"--max-memory", "99999999T"}}) {
        const auto r = run({"--hash", k_sha256, option, value});
        EXPECT_EQ(r.status, 2) << option << ' ' << value;
        EXPECT_NE(r.err.find(option), std::string::npos) << r.err;
        EXPECT_EQ(r.reads, 0);
    }
}

TEST(App, EveryCommandThatReadsHashesTakesEveryLimitOption) {
    for (const auto& info : pwcheck::core::limit_table()) {
        const std::string option = "--max-" + std::string(info.key);
        const std::string value = info.is_size ? "4G" : "100000";  // raised: nothing below is refused
        EXPECT_EQ(run({"verify", option, value, "--hash", k_sha256}).status, 0) << option;
        EXPECT_EQ(run({"identify", option, value, "--hash", k_sha256}).status, 0) << option;
        EXPECT_EQ(run({"hash", option, value, "--digest", "pbkdf2_sha256", "--rounds", "1000"}).status, 0) << option;
        EXPECT_EQ(run({"batch", option, value}, "").status, 0) << option;
        const auto help = run({"verify", "--help"}).out;
        EXPECT_NE(help.find(option), std::string::npos) << option;
    }
    EXPECT_EQ(run({"bench", "--max-memory", "1G"}).status, 2);  // bench sets its own costs: no limits
}

TEST(App, IdentifyAndBatchReportLimitsWithTheirOption) {
    const auto j = nlohmann::json::parse(run({"identify", "--json", "--max-pbkdf2-rounds", "999", "--hash", k_sha256}).out);
    EXPECT_EQ(j["well_formed"], true);
    EXPECT_EQ(j["error"]["code"], "cost_over_limit");
    EXPECT_EQ(j["error"]["limit_option"], "--max-pbkdf2-rounds");
    EXPECT_NE(j["error"]["message"].get<std::string>().find("(raise it with --max-pbkdf2-rounds)"), std::string::npos);

    const std::string record = nlohmann::json{{"hash", k_sha256}, {"password", "password"}}.dump() + "\n";
    const auto within = nlohmann::json::parse(run({"batch"}, record).out);
    EXPECT_EQ(within["match"], true);
    const auto over = nlohmann::json::parse(run({"batch", "--max-pbkdf2-rounds", "999"}, record).out);
    EXPECT_EQ(over["error"]["code"], "cost_over_limit");
    EXPECT_NE(over["error"]["message"].get<std::string>().find("(raise it with --max-pbkdf2-rounds)"), std::string::npos)
        << over.dump();
}

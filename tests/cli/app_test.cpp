// The CLI layer in-process, with injected streams and password source.
#include "cli/app.hpp"
#include "core/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
    FakePassword password(std::move(stdin_text));
    pwcheck::cli::Io io{out, err, password};
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

// `pwcheck batch` in-process (run_app with io.in an istringstream) and through the real binary.
#include "cli/app.hpp"
#include "cli/cmd_batch.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

class NoPassword final : public pwcheck::cli::PasswordSource {
public:
    pwcheck::core::Result<pwcheck::core::SecretBuffer> read(pwcheck::cli::PasswordMode) override {
        ADD_FAILURE() << "batch must not read a password from the password source";
        return pwcheck::core::make_error(pwcheck::core::ErrorCode::password_refused, "no password");
    }
};

struct Run {
    int status;
    std::vector<json> results;
    std::string out;
    std::string err;
};

Run run(std::vector<std::string> args, const std::string& input) {
    std::ostringstream out, err;
    std::istringstream in(input);
    in.tie(&out);  // as std::cin is tied to std::cout: batch must not flush the output from its reader
    NoPassword password;
    pwcheck::cli::Io io{out, err, password, &in};
    args.insert(args.begin(), "batch");
    const bool help = std::find(args.begin(), args.end(), "--help") != args.end();
    Run r{pwcheck::cli::run_app(std::move(args), io), {}, out.str(), err.str()};
    if (help) return r;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) r.results.push_back(json::parse(line));
    return r;
}

constexpr const char* k_sha256 = "$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA";
constexpr const char* k_bcrypt = "$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm";  // "password"

std::string record(const json& id, const std::string& hash, const std::string& password) {
    return json{{"id", id}, {"hash", hash}, {"password", password}}.dump() + "\n";
}

TEST(Batch, AnswersEveryLineInInputOrderWithItsId) {
    const std::string input = record(1, k_sha256, "password") + record("two", k_sha256, "nope") +
                              record(json{{"user", "ann"}, {"n", {1, 2.5, nullptr}}}, k_bcrypt, "password") +
                              "{\"hash\":\"" + std::string(k_bcrypt) + "\",\"password\":\"wrong\"}\n";
    const auto r = run({}, input);
    EXPECT_EQ(r.status, 0) << r.err;
    ASSERT_EQ(r.results.size(), 4u);
    EXPECT_EQ(r.results[0], (json{{"id", 1}, {"match", true}, {"scheme", "pbkdf2_sha256"}, {"error", nullptr}}));
    EXPECT_EQ(r.results[1]["id"], "two");
    EXPECT_EQ(r.results[1]["match"], false);
    EXPECT_EQ(r.results[2]["id"], (json{{"user", "ann"}, {"n", {1, 2.5, nullptr}}}));
    EXPECT_EQ(r.results[2]["match"], true);
    EXPECT_EQ(r.results[2]["scheme"], "bcrypt");
    EXPECT_TRUE(r.results[3]["id"].is_null());
    EXPECT_EQ(r.results[3]["match"], false);
    // Field order is part of the format: id, match, scheme, error.
    EXPECT_EQ(r.out.substr(0, r.out.find('\n')), R"({"id":1,"match":true,"scheme":"pbkdf2_sha256","error":null})");
}

TEST(Batch, TakesTheOriginalServicesEventShape) {
    const std::string input = json{{"digest", "sha256"}, {"hash_pass", k_sha256}, {"password", "password"}}.dump() +
                              "\n" + json{{"digest", "bcrypt"}, {"hash_pass", k_sha256}, {"password", "password"}}.dump() +
                              "\n";
    const auto r = run({}, input);
    ASSERT_EQ(r.results.size(), 2u);
    EXPECT_EQ(r.results[0]["match"], true);
    EXPECT_EQ(r.results[0]["scheme"], "pbkdf2_sha256");
    EXPECT_TRUE(r.results[1]["match"].is_null());
    EXPECT_EQ(r.results[1]["error"]["code"], "wrong_scheme");  // verify's rule: the named digest wins
    EXPECT_EQ(r.status, 3);
}

TEST(Batch, PasswordB64CarriesBytesThatAreNotUtf8) {
    // "password" in base64, and a non-UTF-8 password (0xff) that matches nothing but is accepted.
    const std::string input = json{{"hash", k_sha256}, {"password_b64", "cGFzc3dvcmQ="}}.dump() + "\n" +
                              json{{"hash", k_sha256}, {"password_b64", "/w=="}}.dump() + "\n" +
                              json{{"hash", k_sha256}, {"password_b64", "not base64!"}}.dump() + "\n" +
                              json{{"hash", k_sha256}, {"password_b64", "cGFz"}, {"password", "x"}}.dump() + "\n";
    const auto r = run({}, input);
    ASSERT_EQ(r.results.size(), 4u);
    EXPECT_EQ(r.results[0]["match"], true);
    EXPECT_EQ(r.results[1]["match"], false);
    EXPECT_EQ(r.results[2]["error"]["code"], "bad_record");
    EXPECT_NE(r.results[2]["error"]["message"].get<std::string>().find("line 3"), std::string::npos);
    EXPECT_EQ(r.results[3]["error"]["code"], "bad_record");
    EXPECT_EQ(r.status, 3);
}

TEST(Batch, EmptyHashIsNoMatchAndVerifysErrorCodesCarryOver) {
    const std::string input = record(1, "", "password") + record(2, "$2b$04$short", "password") +
                              record(3, "$2x$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "password") +
                              record(4, "$2b$31$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm", "password") +
                              record(5, k_bcrypt, std::string(4097, 'a')) + record(6, "nothing-known", "password");
    const auto r = run({}, input);
    ASSERT_EQ(r.results.size(), 6u);
    EXPECT_EQ(r.results[0]["match"], false);
    EXPECT_TRUE(r.results[0]["error"].is_null());
    EXPECT_EQ(r.results[1]["error"]["code"], "malformed_hash");
    EXPECT_EQ(r.results[1]["scheme"], "bcrypt");
    EXPECT_EQ(r.results[2]["error"]["code"], "unsupported_hash");
    EXPECT_EQ(r.results[3]["error"]["code"], "cost_over_limit");
    EXPECT_EQ(r.results[4]["error"]["code"], "password_refused");
    EXPECT_EQ(r.results[5]["error"]["code"], "unrecognized_hash");
    EXPECT_EQ(r.status, 3);
}

TEST(Batch, UnknownDigestIsAUsageErrorOfThatRecordOnly) {
    const std::string input = json{{"digest", "sha265"}, {"hash", k_sha256}, {"password", "password"}}.dump() + "\n" +
                              record(2, k_sha256, "password");
    const auto r = run({}, input);
    ASSERT_EQ(r.results.size(), 2u);
    EXPECT_EQ(r.results[0]["error"]["code"], "usage");
    EXPECT_NE(r.results[0]["error"]["message"].get<std::string>().find("did you mean 'sha256'"), std::string::npos);
    EXPECT_TRUE(r.results[0]["scheme"].is_null());
    EXPECT_EQ(r.results[1]["match"], true);
    EXPECT_EQ(r.status, 3);
}

TEST(Batch, BadLinesGetAnErrorNamingTheLineAndTheBatchGoesOn) {
    const std::string secret = "hunter2-Secret";
    const std::vector<std::string> bad = {
        "not json",
        "{\"hash\":\"" + std::string(k_sha256) + "\",\"password\":\"" + secret,  // cut inside the password
        "{\"hash\":\"" + std::string(k_sha256) + "\"}",                          // no password
        "{\"password\":\"" + secret + "\"}",                                     // no hash
        "[1,2]",
        "",
        "{\"hash\":1,\"password\":\"" + secret + "\"}",
        "{\"hash\":\"\",\"hash\":\"x\",\"password\":\"" + secret + "\"}",
        "{\"hash\":\"" + std::string(k_sha256) + "\",\"hash_pass\":\"x\",\"password\":\"" + secret + "\"}",
        "{\"hash\":\"x\",\"password\":\"" + secret + "\"} trailing",
    };
    std::string input = record(0, k_sha256, "password");
    for (const auto& line : bad) input += line + "\n";
    input += record(99, k_sha256, "password");
    const auto r = run({}, input);
    ASSERT_EQ(r.results.size(), bad.size() + 2);
    EXPECT_EQ(r.results.front()["match"], true);
    EXPECT_EQ(r.results.back()["match"], true);
    EXPECT_EQ(r.results.back()["id"], 99);
    for (std::size_t i = 0; i < bad.size(); ++i) {
        const auto& result = r.results[i + 1];
        EXPECT_TRUE(result["match"].is_null()) << bad[i];
        EXPECT_EQ(result["error"]["code"], "bad_record") << bad[i];
        const std::string message = result["error"]["message"];
        EXPECT_NE(message.find("line " + std::to_string(i + 2) + ":"), std::string::npos) << message;
    }
    EXPECT_EQ(r.out.find(secret), std::string::npos);
    EXPECT_EQ(r.err.find(secret), std::string::npos);
    EXPECT_EQ(r.status, 3);
}

TEST(Batch, CrLfLinesAndOverlongLines) {
    std::string input = record(1, k_sha256, "password");
    input.pop_back();
    input += "\r\n";
    input += "{\"id\":2,\"hash\":\"" + std::string(200000, 'x') + "\",\"password\":\"p\"}\n";
    input += record(3, k_sha256, "password");
    const auto r = run({}, input);
    ASSERT_EQ(r.results.size(), 3u);
    EXPECT_EQ(r.results[0]["match"], true);
    EXPECT_EQ(r.results[1]["error"]["code"], "bad_record");
    EXPECT_NE(r.results[1]["error"]["message"].get<std::string>().find("line 2: longer than"), std::string::npos);
    EXPECT_EQ(r.results[2]["match"], true);
}

TEST(Batch, ManyRecordsOnManyJobsStayInInputOrder) {
    std::string input;
    const int n = 600;
    for (int i = 0; i < n; ++i) {
        if (i % 50 == 7) {
            input += record(i, k_bcrypt, i % 2 == 0 ? "password" : "nope");
        } else {
            input += record(i, k_sha256, i % 3 == 0 ? "password" : "nope");
        }
    }
    for (const char* jobs : {"1", "3", "8"}) {
        const auto r = run({"--jobs", jobs}, input);
        EXPECT_EQ(r.status, 0) << r.err;
        ASSERT_EQ(r.results.size(), static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            ASSERT_EQ(r.results[i]["id"], i) << "jobs " << jobs;
            const bool expect = i % 50 == 7 ? i % 2 == 0 : i % 3 == 0;
            EXPECT_EQ(r.results[i]["match"], expect) << i;
        }
    }
}

TEST(Batch, SummaryOnStderr) {
    const auto r = run({}, record(1, k_sha256, "password") + record(2, k_sha256, "no") + "x\n");
    EXPECT_NE(r.err.find("3 records, 1 match, 1 no match, 1 error"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("records/s"), std::string::npos) << r.err;
    const auto empty = run({}, "");
    EXPECT_EQ(empty.status, 0);
    EXPECT_EQ(empty.out, "");
    EXPECT_NE(empty.err.find("0 records"), std::string::npos) << empty.err;
}

TEST(Batch, UsageErrors) {
    EXPECT_EQ(run({"--jobs", "0"}, "").status, 2);
    EXPECT_EQ(run({"--jobs", "x"}, "").status, 2);
    const auto missing = run({"--input", "/nonexistent/records.ndjson"}, "");
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("cannot read --input"), std::string::npos);
}

TEST(Batch, InputFromAFile) {
    const auto path = std::filesystem::temp_directory_path() / ("pwcheck_batch_" + std::to_string(getpid()) + ".ndjson");
    std::ofstream(path) << record("f", k_sha256, "password");
    const auto r = run({"--input", path.string()}, record("stdin", k_sha256, "password"));
    std::filesystem::remove(path);
    ASSERT_EQ(r.results.size(), 1u);
    EXPECT_EQ(r.results[0]["id"], "f");
    EXPECT_EQ(r.results[0]["match"], true);
}

TEST(Batch, HelpHasAnExample) {
    const auto r = run({"--help"}, "");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Example"), std::string::npos);
    EXPECT_NE(r.out.find("--jobs"), std::string::npos);
}

// ---- black box: the real binary -------------------------------------------------------------

struct Process {
    int status = -1;
    std::string out;
    std::string err;
    long max_rss_kib = 0;
};

/// Runs `command` with /bin/sh, stdin from `input_path`; collects exit status, output and peak RSS.
Process shell(const std::string& command, const std::string& input_path) {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid()) + "_" + std::to_string(std::rand());
    const auto out_path = dir / ("pwcheck_out_" + tag), err_path = dir / ("pwcheck_err_" + tag);
    const pid_t pid = fork();
    if (pid == 0) {
        std::freopen(input_path.c_str(), "r", stdin);
        std::freopen(out_path.c_str(), "w", stdout);
        std::freopen(err_path.c_str(), "w", stderr);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Process p;
    p.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    p.max_rss_kib = usage.ru_maxrss;
    std::ifstream o(out_path), e(err_path);
    std::stringstream os, es;
    os << o.rdbuf();
    es << e.rdbuf();
    p.out = os.str();
    p.err = es.str();
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return p;
}

std::string write_temp(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(getpid()));
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

TEST(BatchBinary, ExitStatusAndOutput) {
    const auto ok = write_temp("batch_ok", record(1, k_sha256, "password") + record(2, k_bcrypt, "no"));
    const auto p = shell(std::string(PWCHECK_BINARY) + " batch --jobs 2", ok);
    EXPECT_EQ(p.status, 0) << p.err;
    EXPECT_EQ(p.out, "{\"id\":1,\"match\":true,\"scheme\":\"pbkdf2_sha256\",\"error\":null}\n"
                     "{\"id\":2,\"match\":false,\"scheme\":\"bcrypt\",\"error\":null}\n");
    EXPECT_NE(p.err.find("2 records"), std::string::npos);
    const auto bad = write_temp("batch_bad", record(1, k_sha256, "password") + "oops\n");
    EXPECT_EQ(shell(std::string(PWCHECK_BINARY) + " batch", bad).status, 3);
    EXPECT_EQ(shell(std::string(PWCHECK_BINARY) + " batch --jobs -1", bad).status, 2);
    std::filesystem::remove(ok);
    std::filesystem::remove(bad);
}

// Through the real std::cin/std::cout: cin is tied to cout, and a read that flushed cout from the
// reader thread while the writer wrote to it duplicated output (seen in about half of such runs).
TEST(BatchBinary, OutputIsExactlyOneLinePerRecordOnEveryRun) {
    std::string input;
    for (int i = 0; i < 600; ++i) input += record(i, k_sha256, i % 3 == 0 ? "password" : "x");
    const auto path = write_temp("batch_stdin", input);
    const std::string binary = PWCHECK_BINARY;
    const auto reference = shell(binary + " batch --jobs 1 2>/dev/null", path);
    ASSERT_EQ(std::count(reference.out.begin(), reference.out.end(), '\n'), 600);
    for (int run = 0; run < 8; ++run) {
        const auto p = shell("cat | " + binary + " batch --jobs 3 2>/dev/null", path);
        ASSERT_EQ(p.out, reference.out) << "run " << run << ": " << std::count(p.out.begin(), p.out.end(), '\n')
                                        << " lines";
    }
    std::filesystem::remove(path);
}

// The README's sharding example, on one machine: GNU parallel cuts stdin into shards of N lines, runs
// one pwcheck batch per shard and keeps the output in input order.
TEST(BatchBinary, ShardsWithGnuParallelAsTheReadmeShows) {
    if (std::system("parallel --version >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "GNU parallel is not installed (scripts/install-deps.sh installs it)";
    }
    std::string input;
    for (int i = 0; i < 250; ++i) input += record(i, i % 10 == 3 ? k_bcrypt : k_sha256, i % 4 == 0 ? "password" : "x");
    const auto path = write_temp("batch_shards", input);
    const std::string binary = PWCHECK_BINARY;
    const auto direct = shell(binary + " batch 2>/dev/null", path);
    const auto sharded = shell("parallel --will-cite --pipe --keep-order -N 40 " + binary + " batch 2>/dev/null", path);
    std::filesystem::remove(path);
    EXPECT_EQ(direct.status, 0);
    EXPECT_EQ(sharded.status, 0);
    EXPECT_EQ(std::count(sharded.out.begin(), sharded.out.end(), '\n'), 250) << sharded.err;
    // The first line that differs, rather than 250 lines of output.
    std::istringstream a(direct.out), b(sharded.out);
    std::string line_a, line_b;
    for (int line = 1; std::getline(a, line_a); ++line) {
        std::getline(b, line_b);
        ASSERT_EQ(line_b, line_a) << "line " << line << "; parallel said: " << sharded.err << "; direct begins " << direct.out.substr(0, 200) << "; sharded begins " << sharded.out.substr(0, 200);
    }
}

// Memory stays bounded whatever the input size: 200,000 cheap records under 64 MiB resident.
TEST(BatchBinary, TwoHundredThousandCheapRecordsStayUnder64MiB) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "AddressSanitizer's shadow memory and quarantine make resident size meaningless here";
#endif
    std::string input;
    input.reserve(200000 * 80);
    // {SHA} of "password": one SHA-1 per record, the cheapest scheme in the table.
    const std::string hash = "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=";
    for (int i = 0; i < 200000; ++i) {
        input += "{\"id\":" + std::to_string(i) + ",\"hash\":\"" + hash + "\",\"password\":\"" +
                 (i % 2 == 0 ? "password" : "wrong") + "\"}\n";
    }
    const auto path = write_temp("batch_200k", input);
    const auto p = shell(std::string(PWCHECK_BINARY) + " batch > /dev/null", path);
    std::filesystem::remove(path);
    EXPECT_EQ(p.status, 0) << p.err;
    EXPECT_NE(p.err.find("200000 records, 100000 matches, 100000 no matches, 0 errors"), std::string::npos) << p.err;
    EXPECT_LT(p.max_rss_kib, 64 * 1024) << "peak RSS " << p.max_rss_kib << " KiB";
}

}  // namespace

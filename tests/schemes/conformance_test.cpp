// The shared conformance suite: every scheme's passlib-generated vector file (tests/vectors/data) is
// run through core::verify, and each case must give the answer recorded for pwcheck ("expect").
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/registry.hpp"
#include "core/verify.hpp"

namespace {

using pwcheck::core::ErrorCode;

std::vector<std::uint8_t> from_hex(const std::string& hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string outcome(const pwcheck::core::VerifyResult& r) {
    if (!r.error) return *r.match ? "match" : "no_match";
    switch (r.error->code) {
        case ErrorCode::password_refused: return "password_refused";
        case ErrorCode::cost_over_limit: return "cost_over_limit";
        default: return "malformed";
    }
}

std::vector<std::string> scheme_names() {
    std::vector<std::string> names;
    for (const auto* s : pwcheck::core::scheme_table()) names.emplace_back(s->name);
    return names;
}

class Conformance : public testing::TestWithParam<std::string> {};

TEST_P(Conformance, AgreesWithPasslibVectors) {
    const std::string name = GetParam();
    const auto path = std::filesystem::path(PWCHECK_VECTORS_DIR) / (name + ".json");
    std::ifstream in(path);
    ASSERT_TRUE(in) << "no vector file " << path;
    const auto data = nlohmann::json::parse(in);
    ASSERT_EQ(data.at("scheme"), name);
    const auto* scheme = pwcheck::core::find_scheme(name);
    ASSERT_NE(scheme, nullptr);

    std::map<std::string, int> seen;
    int failures = 0;
    for (const auto& c : data.at("cases")) {
        const auto password = from_hex(c.at("password_hex").get<std::string>());
        const auto hash = c.at("hash").get<std::string>();
        const auto expect = c.at("expect").get<std::string>();
        ++seen[expect];

        pwcheck::core::VerifyRequest request;
        request.password = password;
        request.hash = hash;
        request.scheme = scheme;
        const std::string got = outcome(pwcheck::core::verify(request));
        if (got != expect && ++failures <= 20) {
            ADD_FAILURE() << name << ": hash " << testing::PrintToString(hash) << " password_hex "
                          << c.at("password_hex") << " (" << c.value("note", "") << "): expected " << expect
                          << ", got " << got << "; passlib said " << c.at("passlib");
        }
        // A case that passlib answered differently must name the deviation that explains it.
        const auto passlib = c.at("passlib").get<std::string>();
        const bool agrees = (passlib == "true" && expect == "match") || (passlib == "false" && expect == "no_match") ||
                            (passlib.starts_with("error") && (expect == "malformed" || expect == "password_refused"));
        EXPECT_TRUE(agrees || c.contains("deviation")) << "undocumented deviation for " << testing::PrintToString(hash);

        // Identification by prefix gives the same answer as naming the digest, for well-formed hashes.
        if (expect == "match" || expect == "no_match") {
            request.scheme = nullptr;
            EXPECT_EQ(outcome(pwcheck::core::verify(request)), expect) << "without --digest: " << hash;
        }
    }
    EXPECT_EQ(failures, 0) << failures << " cases disagree";
    // Each data file must exercise all three answers (a row that never matches, none of them).
    if (scheme->known_answer.hash.empty()) {
        EXPECT_EQ(seen["match"], 0) << name;
    } else {
        EXPECT_GE(seen["match"], 20) << name;
    }
    EXPECT_GE(seen["no_match"], 20) << name;
    EXPECT_GE(seen["malformed"], 20) << name;
}

INSTANTIATE_TEST_SUITE_P(Schemes, Conformance, testing::ValuesIn(scheme_names()),
                         [](const testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace

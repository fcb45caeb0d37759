// The shared conformance suite: every scheme's passlib-generated vector file (tests/vectors/data) is
// run through core::verify, and each case must give the answer recorded for pwcheck ("expect").
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/registry.hpp"
#include "core/verify.hpp"
#include "support/vector_file.hpp"

namespace {

using pwcheck::test::outcome;
using pwcheck::test::printable;

std::vector<std::string> scheme_names() {
    std::vector<std::string> names;
    for (const auto* s : pwcheck::core::scheme_table()) names.emplace_back(s->name);
    return names;
}

class Conformance : public testing::TestWithParam<std::string> {};

TEST_P(Conformance, AgreesWithPasslibVectors) {
    const std::string name = GetParam();
    const auto* scheme = pwcheck::core::find_scheme(name);
    ASSERT_NE(scheme, nullptr);
    const auto cases = pwcheck::test::load_vectors(name);

    std::map<std::string, int> seen;
    int failures = 0;
    for (const auto& c : cases) {
        ++seen[c.expect];

        pwcheck::core::VerifyRequest request;
        request.password = c.password;
        request.hash = c.hash;
        request.scheme = scheme;
        const std::string got = outcome(pwcheck::core::verify(request));
        if (got != c.expect && ++failures <= 20) {
            ADD_FAILURE() << name << ": hash " << printable(c.hash) << " (" << c.kind << " " << c.category << ": "
                          << c.note << "): expected " << c.expect << ", got " << got << "; passlib said " << c.passlib;
        }
        // A case that passlib answered differently must name the deviation that explains it.
        const bool agrees = (c.passlib == "true" && c.expect == "match") || (c.passlib == "false" && c.expect == "no_match") ||
                            (c.passlib.starts_with("error") && (c.expect == "malformed" || c.expect == "password_refused"));
        EXPECT_TRUE(agrees || !c.deviation.empty()) << "undocumented deviation for " << printable(c.hash);

        // Identification by prefix gives the same answer as naming the digest, for well-formed hashes.
        if (c.expect == "match" || c.expect == "no_match") {
            request.scheme = nullptr;
            EXPECT_EQ(outcome(pwcheck::core::verify(request)), c.expect) << "without --digest: " << printable(c.hash);
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

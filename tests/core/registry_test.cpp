#include "core/registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

using pwcheck::core::find_scheme;
using pwcheck::core::identify_scheme;
using pwcheck::core::scheme_table;

TEST(Registry, NoPrefixIsAPrefixOfAnother) {
    std::vector<std::string_view> all;
    for (const auto* s : scheme_table()) {
        for (const auto p : s->prefixes) all.push_back(p);
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        // A prefix ends at its format's delimiter ($ for crypt formats, } for LDAP's, : for Werkzeug's,
        // ',' for SunMD5's '$md5,rounds='),
        // or is a one-character marker such as shadow's '!' or BSDi DES's '_'.
        const char last = all[i].back();
        EXPECT_TRUE(last == '$' || last == '}' || last == ':' || last == ',' || all[i].size() == 1) << all[i];
        for (std::size_t j = 0; j < all.size(); ++j) {
            if (i == j) continue;
            EXPECT_FALSE(all[j].starts_with(all[i])) << all[i] << " is a prefix of " << all[j];
        }
    }
}

TEST(Registry, NamesAndAliasesAreUnique) {
    std::set<std::string> seen;
    for (const auto& n : pwcheck::core::digest_names()) EXPECT_TRUE(seen.insert(n).second) << n;
}

TEST(Registry, FindsTheOriginalServiceDigestNames) {
    EXPECT_EQ(find_scheme("sha1")->name, "pbkdf2_sha1");
    EXPECT_EQ(find_scheme("sha256")->name, "pbkdf2_sha256");
    EXPECT_EQ(find_scheme("sha512")->name, "pbkdf2_sha512");
    EXPECT_EQ(find_scheme("bcrypt")->name, "bcrypt");
    EXPECT_EQ(find_scheme("pbkdf2_sha256")->name, "pbkdf2_sha256");
    EXPECT_EQ(find_scheme("PBKDF2-SHA256")->name, "pbkdf2_sha256");
    EXPECT_EQ(find_scheme("md5"), nullptr);
    EXPECT_EQ(find_scheme(""), nullptr);
}

TEST(Registry, IdentifiesByPrefix) {
    EXPECT_EQ(identify_scheme("$pbkdf2$1$$x")->name, "pbkdf2_sha1");
    EXPECT_EQ(identify_scheme("$pbkdf2-sha256$1$$x")->name, "pbkdf2_sha256");
    EXPECT_EQ(identify_scheme("$pbkdf2-sha512$1$$x")->name, "pbkdf2_sha512");
    EXPECT_EQ(identify_scheme("$2b$04$x")->name, "bcrypt");
    EXPECT_EQ(identify_scheme("$2$04$x")->name, "bcrypt");
    EXPECT_EQ(identify_scheme("$2x$04$x")->name, "bcrypt");
    EXPECT_EQ(identify_scheme("$2c$04$x"), nullptr);
    EXPECT_EQ(identify_scheme("$PBKDF2-SHA256$1$$x"), nullptr);  // prefixes are case-sensitive
    EXPECT_EQ(identify_scheme(" $pbkdf2$1$$x"), nullptr);        // nothing is trimmed
    EXPECT_EQ(identify_scheme("$pbkdf2-sha384$1$$x"), nullptr);
}

TEST(Registry, SuggestsNearMisses) {
    EXPECT_EQ(pwcheck::core::suggest_digest("sha265"), "sha256");
    EXPECT_EQ(pwcheck::core::suggest_digest("bcrpyt"), "bcrypt");
    EXPECT_EQ(pwcheck::core::suggest_digest("pbkdf2-sha25"), "pbkdf2_sha256");
    EXPECT_EQ(pwcheck::core::suggest_digest("md5"), "");
}

TEST(Registry, EverySchemeHasKnownAnswerData) {
    // Adding a row without passlib vectors is a defect: tests/vectors/data/<name>.json must exist.
    for (const auto* s : scheme_table()) {
        const std::filesystem::path file = std::filesystem::path(PWCHECK_VECTORS_DIR) / (std::string(s->name) + ".json");
        EXPECT_TRUE(std::filesystem::exists(file)) << "no known-answer data for " << s->name << " at " << file;
    }
}

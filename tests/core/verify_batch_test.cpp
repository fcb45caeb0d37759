// verify_batch gives verify()'s answers, in order, whether or not the hashes share a batch path.
#include "core/verify.hpp"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "core/registry.hpp"

namespace {

using pwcheck::core::find_scheme;
using pwcheck::core::VerifyRequest;
using pwcheck::core::VerifyResult;

std::span<const std::uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void expect_same(const VerifyResult& batch, const VerifyResult& one, std::size_t i) {
    EXPECT_EQ(batch.match, one.match) << i;
    EXPECT_EQ(batch.name, one.name) << i;
    EXPECT_EQ(batch.truncated, one.truncated) << i;
    EXPECT_EQ(batch.error.has_value(), one.error.has_value()) << i;
    if (batch.error && one.error) {
        EXPECT_EQ(batch.error->code, one.error->code) << i;
        EXPECT_EQ(batch.error->message, one.error->message) << i;
    }
}

// bcrypt hashes of equal cost go through the interleaved path: random passwords (up to 80 bytes, so
// truncation is covered), every ident, right and wrong passwords, NULs refused, other schemes mixed in.
TEST(VerifyBatch, SameAnswersAsVerifyOnMixedBcryptRecords) {
    const auto& bcrypt = *find_scheme("bcrypt");
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> printable(32, 126);
    std::vector<std::string> passwords, hashes;
    const char* idents[] = {"$2b$", "$2a$", "$2y$", "$2$"};
    for (int i = 0; i < 26; ++i) {
        std::string password(static_cast<std::size_t>(i * 3 % 81), 'x');
        for (auto& c : password) c = static_cast<char>(printable(rng));
        std::array<std::uint8_t, 16> salt{};
        for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
        const unsigned cost = i % 7 == 6 ? 5 : 4;
        std::string hash = *bcrypt.make_hash(bytes(password), cost, salt);
        hash.replace(0, 4, idents[i % 4]);  // same checksum rule for $2a$/$2y$; $2$ mostly no match
        passwords.push_back(i % 5 == 4 ? password + "!" : password);
        hashes.push_back(hash);
    }
    passwords.push_back(std::string("nul\0byte", 8));
    hashes.push_back(hashes[0]);
    passwords.push_back("password");
    hashes.push_back("$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA");
    passwords.push_back("password");
    hashes.push_back("");
    passwords.push_back("password");
    hashes.push_back("$2b$04$short");

    std::vector<VerifyRequest> requests(hashes.size());
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        requests[i].password = bytes(passwords[i]);
        requests[i].hash = hashes[i];
    }
    const auto batch = pwcheck::core::verify_batch(requests);
    ASSERT_EQ(batch.size(), requests.size());
    int matches = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const VerifyResult one = pwcheck::core::verify(requests[i]);
        expect_same(batch[i], one, i);
        matches += batch[i].match.value_or(false) ? 1 : 0;
    }
    EXPECT_GE(matches, 10);  // the test means something: most right passwords matched
}

// pbkdf2_sha256 hashes of equal rounds go through the interleaved path (groups of up to four, with a
// remainder): random passwords (empty, longer than a block), salts of several sizes, two round counts,
// right and wrong passwords, pbkdf2_sha1/sha512 records of the same rounds and other schemes mixed in.
TEST(VerifyBatch, SameAnswersAsVerifyOnMixedPbkdf2Sha256Records) {
    const auto& sha256 = *find_scheme("pbkdf2_sha256");
    const auto& sha1 = *find_scheme("pbkdf2_sha1");
    const auto& sha512 = *find_scheme("pbkdf2_sha512");
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> printable(32, 126);
    std::vector<std::string> passwords, hashes;
    for (int i = 0; i < 23; ++i) {
        std::string password(static_cast<std::size_t>(i * 7 % 101), 'x');
        for (auto& c : password) c = static_cast<char>(printable(rng));
        std::vector<std::uint8_t> salt(static_cast<std::size_t>(i % 4 == 3 ? 0 : 8 + i % 17));
        for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
        const std::uint64_t rounds = i % 5 == 2 ? 31 : 200;
        const auto& row = i % 9 == 4 ? sha1 : i % 9 == 7 ? sha512 : sha256;
        hashes.push_back(*row.make_hash(bytes(password), rounds, salt));
        passwords.push_back(i % 6 == 5 ? password + "!" : password);
    }
    passwords.push_back("password");
    hashes.push_back("$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA");
    passwords.push_back("password");
    hashes.push_back("$pbkdf2-sha256$200$c2FsdA$short");
    passwords.push_back("password");
    hashes.push_back("$2b$04$......................wAj9Vqb3nyNsJVKyyXrYbTkV8Lh5ZN.");

    std::vector<VerifyRequest> requests(hashes.size());
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        requests[i].password = bytes(passwords[i]);
        requests[i].hash = hashes[i];
    }
    const auto batch = pwcheck::core::verify_batch(requests);
    ASSERT_EQ(batch.size(), requests.size());
    int matches = 0, no_matches = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const VerifyResult one = pwcheck::core::verify(requests[i]);
        expect_same(batch[i], one, i);
        matches += batch[i].match.value_or(false) ? 1 : 0;
        no_matches += batch[i].match.has_value() && !*batch[i].match ? 1 : 0;
    }
    EXPECT_GE(matches, 15);  // the test means something: most right passwords matched
    EXPECT_GE(no_matches, 3);
}

}  // namespace

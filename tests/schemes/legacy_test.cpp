// md5_crypt / apr_md5_crypt, phpass and the LDAP rows: passlib's exact text from make_hash, the
// FORMATS.md §8/§9 cases that matter most, limits, names and weakness. The bulk is in the vectors.
#include <gtest/gtest.h>

#if PWCHECK_HAVE_LIBXCRYPT
#include <crypt.h>
#endif

#include <random>
#include <string>

#include "core/encoding.hpp"
#include "core/registry.hpp"
#include "core/verify.hpp"
#include "primitives/message_digest.hpp"

namespace {

using pwcheck::core::ErrorCode;
using pwcheck::core::find_scheme;

std::span<const std::uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

pwcheck::core::VerifyResult check(std::string_view password, std::string_view hash,
                                  const pwcheck::core::Limits& limits = {}) {
    pwcheck::core::VerifyRequest r;
    r.password = bytes(password);
    r.hash = hash;
    r.limits = limits;
    return pwcheck::core::verify(r);
}

std::string outcome(const pwcheck::core::VerifyResult& r) {
    if (!r.error) return *r.match ? "match" : "no_match";
    switch (r.error->code) {
        case ErrorCode::password_refused: return "password_refused";
        case ErrorCode::cost_over_limit: return "cost_over_limit";
        case ErrorCode::unsupported_hash: return "unsupported";
        case ErrorCode::unrecognized_hash: return "unrecognized";
        default: return "malformed";
    }
}

/// The bytes whose hash64 symbols make `text` (make_hash takes one salt character per byte).
std::vector<std::uint8_t> hash64_salt(std::string_view text) {
    std::vector<std::uint8_t> out;
    for (const char c : text) out.push_back(static_cast<std::uint8_t>(pwcheck::core::hash64().value(c)));
    return out;
}

std::string make(std::string_view scheme, std::string_view password, std::uint64_t cost, std::span<const std::uint8_t> salt) {
    auto h = find_scheme(scheme)->make_hash(bytes(password), cost, salt);
    return h ? *h : "error: " + h.error().message;
}

}  // namespace

TEST(MessageDigest, KnownAnswers) {
    // RFC 1321 and FIPS 180 test vectors for "abc".
    std::vector<std::uint8_t> out(16);
    pwcheck::primitives::message_digest(pwcheck::primitives::MessageDigest::md5, bytes("abc"), out);
    EXPECT_EQ(pwcheck::core::std_b64().encode(out), "kAFQmDzST7DWlj99KOF/cg");
    out.resize(20);
    pwcheck::primitives::message_digest(pwcheck::primitives::MessageDigest::sha1, bytes("abc"), out);
    EXPECT_EQ(pwcheck::core::std_b64().encode(out), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0");
}

TEST(Legacy, MakeHashReproducesPasslibText) {
    // passlib 1.7.4's own output for these salts (FORMATS.md §8 and tests/vectors/data).
    const auto saltsalt = hash64_salt("saltsalt");
    EXPECT_EQ(make("md5_crypt", "password", 1000, saltsalt), "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/");
    EXPECT_EQ(make("md5_crypt", "", 1000, saltsalt), "$1$saltsalt$5Jhcit4zN9UlGiA0txPkO0");
    EXPECT_EQ(make("md5_crypt", "p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac\xf0\x9f\x94\x91", 1000, saltsalt),
              "$1$saltsalt$jr6C21BY3KrxNgTmzqqw.0");
    EXPECT_EQ(make("apr_md5_crypt", "password", 1000, saltsalt), "$apr1$saltsalt$yAAkm4libquA.ZWLHbSBq/");
    EXPECT_EQ(make("phpass", "password", 7, saltsalt), "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0");
    EXPECT_EQ(make("ldap_sha1", "password", 1, {}), "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=");
    EXPECT_EQ(make("ldap_md5", "password", 1, {}), "{MD5}X03MO1qnZdYdgyfeuILPmQ==");
    EXPECT_EQ(make("ldap_salted_sha1", "password", 1, bytes("salt")), "{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0");
    EXPECT_EQ(make("ldap_salted_sha1", "password", 1, bytes("0123456789abcdef")),
              "{SSHA}8ggWUdxQhCme2y/Ih/08PayjHVMwMTIzNDU2Nzg5YWJjZGVm");
    EXPECT_EQ(make("ldap_salted_md5", "password", 1, bytes("salt")), "{SMD5}swXK27O85U86pZxk/sAN6nNhbHQ=");
    EXPECT_EQ(make("ldap_salted_sha256", "password", 1, bytes("saltsalt")),
              "{SSHA256}DIzeh0gCRMTRu9dAH3C3rr7fWkRT0Bp2ZdtRqvTX3XJzYWx0c2FsdA==");
    EXPECT_EQ(make("ldap_salted_sha512", "password", 1, bytes("saltsalt")),
              "{SSHA512}9ZxHVj4YomwqqFiYKcIjExMLx2ZblYfXRGc4KMqbgvHq2+HOgwiTIi+eO/Uam/8D0beDAkGpvx14+UFlfBskLnNhbHRzYWx0");
    EXPECT_EQ(make("ldap_pbkdf2_sha256", "password", 1000, bytes("saltsaltsaltsalt")),
              "{PBKDF2-SHA256}1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA");
    EXPECT_EQ(make("ldap_pbkdf2_sha1", "password", 1000, bytes("saltsaltsaltsalt")),
              "{PBKDF2}1000$c2FsdHNhbHRzYWx0c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM");
    // passlib's default salt sizes: 8 chars, 4 or 8 bytes, pbkdf2's 16.
    EXPECT_EQ(find_scheme("md5_crypt")->salt_size, 8u);
    EXPECT_EQ(find_scheme("phpass")->salt_size, 8u);
    EXPECT_EQ(find_scheme("ldap_salted_sha1")->salt_size, 4u);
    EXPECT_EQ(find_scheme("ldap_salted_md5")->salt_size, 4u);
    EXPECT_EQ(find_scheme("ldap_salted_sha256")->salt_size, 8u);
    EXPECT_EQ(find_scheme("ldap_salted_sha512")->salt_size, 8u);
    EXPECT_EQ(find_scheme("ldap_pbkdf2_sha512")->salt_size, 16u);
    EXPECT_EQ(find_scheme("ldap_pbkdf2_sha512")->cost.default_value, 25000u);
}

TEST(Legacy, Md5CryptRules) {
    EXPECT_EQ(outcome(check("password", "$1$$I2o9Z7NcvQAKp7wyCTlia0")), "match");  // empty salt
    EXPECT_EQ(outcome(check("password", "$1$saltsalts$qjXMvbEw8oaL.CzflDtaK/")), "malformed");  // 9-char salt
    EXPECT_EQ(outcome(check("password", "$1$saltsalt")), "malformed");  // a config string
    // NUL: refused, but only once the hash has parsed (FORMATS.md §0.1).
    EXPECT_EQ(outcome(check(std::string_view("pa\0ss", 5), "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/")), "password_refused");
    EXPECT_EQ(outcome(check(std::string_view("pa\0ss", 5), "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK")), "malformed");
    // Compared as text: the last character with other unused bits is a mismatch.
    EXPECT_EQ(outcome(check("password", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK0")), "no_match");
}

TEST(Legacy, PhpassRulesAndLimit) {
    EXPECT_EQ(outcome(check("password", "$H$6saltsaltRxaFvRrkynTitytVBZApo0")), "match");
    EXPECT_EQ(outcome(check("password", "$P$")), "malformed");
    EXPECT_EQ(outcome(check("password", "$P$4saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0")), "malformed");  // 6 rounds
    EXPECT_EQ(outcome(check("password", "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw")), "no_match");    // length unchecked
    EXPECT_EQ(outcome(check("password", "$P$5saltsalt")), "malformed");                         // no checksum
    EXPECT_EQ(pwcheck::core::Limits{}.max_phpass_rounds, 24u);
    // 2^25 MD5s would be refused before any work; the limit is the log2 rounds.
    EXPECT_EQ(outcome(check("password", "$P$NsaltsaltAAAAAAAAAAAAAAAAAAAAAA")), "cost_over_limit");
    pwcheck::core::Limits low;
    low.max_phpass_rounds = 7;
    EXPECT_EQ(outcome(check("password", "$H$6saltsaltRxaFvRrkynTitytVBZApo0", low)), "cost_over_limit");
    EXPECT_EQ(outcome(check("password", "$P$5saltsalt.dw5Zgkxy7Q/ZvpQhE5iw0", low)), "match");
}

TEST(Legacy, LdapDigestRules) {
    // FORMATS.md §9.
    EXPECT_EQ(outcome(check("password", "{SSHA}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ==")), "match");
    EXPECT_EQ(outcome(check("password", "{SSHA}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ")), "malformed");
    EXPECT_EQ(outcome(check("password", "{SSHA}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ==\n")), "match");
    EXPECT_EQ(outcome(check("password", "{ssha}rpAwxmU2TrJlHUUOgyGuYt1RpyYxMjM0NQ==")), "unrecognized");
    EXPECT_EQ(outcome(check("password", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g")), "no_match");
    EXPECT_EQ(outcome(check("password", "{SHA}")), "no_match");
    EXPECT_EQ(outcome(check("password", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n")), "malformed");
    // A salt over 16 bytes (17 here) is an error; an extra '=' is refused (deviation ldap-base64-padding).
    EXPECT_EQ(outcome(check("password", "{SSHA}" + pwcheck::core::std_b64().encode(std::vector<std::uint8_t>(37, 1)) + "=")),
              "malformed");
    EXPECT_EQ(outcome(check("password", "{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0==")), "malformed");
}

TEST(Legacy, LdapCryptWrapsCryptSchemesOnly) {
    const auto md5 = check("password", "{CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/");
    EXPECT_EQ(outcome(md5), "match");
    EXPECT_EQ(md5.name, "ldap_md5_crypt");
    EXPECT_TRUE(md5.weak);
    const auto sha = check("password", "{CRYPT}$5$rounds=1000$saltsalt$azOwbpkvuuBKkE82dQPwTsQE8JyT9Fflpr9aKid3aT9");
    EXPECT_EQ(outcome(sha), "match");
    EXPECT_EQ(sha.name, "ldap_sha256_crypt");
    EXPECT_FALSE(sha.weak);
    // The inner scheme's errors and limits hold, named for the LDAP format.
    const auto bad = check("password", "{CRYPT}$1$saltsalts$qjXMvbEw8oaL.CzflDtaK/");
    ASSERT_TRUE(bad.error);
    EXPECT_EQ(bad.error->code, ErrorCode::malformed_hash);
    EXPECT_EQ(bad.error->message.rfind("ldap_md5_crypt: malformed md5_crypt hash: ", 0), 0u) << bad.error->message;
    EXPECT_EQ(outcome(check("password", "{CRYPT}$2b$19$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm")),
              "cost_over_limit");
    // Not crypt formats: another LDAP format, pbkdf2, nothing.
    for (const char* h : {"{CRYPT}{SSHA}yI6cZwQadOA1e+/f+T+H3eCQQhRzYWx0",
                          "{CRYPT}$pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA",
                          "{CRYPT}", "{CRYPT}{CRYPT}$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"}) {
        EXPECT_EQ(outcome(check("password", h)), "unsupported") << h;
    }
    // "{CRYPT} followed by any crypt hash": the crypt(3) formats passlib does not wrap verify too.
    const auto scrypt7 = check("password", "{CRYPT}$7$CU..../....saltsaltsaltsalt$ItR7wyQ3EVfzSRCDeC98cuWtl3VF8pvKc06spijEkR3");
    EXPECT_EQ(outcome(scrypt7), "match");
    EXPECT_EQ(scrypt7.name, "ldap_scrypt");
    const auto yescrypt = check("password", "{CRYPT}$y$j75$LdJMENpBABJJ3hIHjB1Bi.$AwSWBvo9otG8BLH4EfD1adasacj5dqew9dxGW5j5f24");
    EXPECT_EQ(outcome(yescrypt), "match");
    EXPECT_EQ(yescrypt.name, "ldap_system_crypt");
    EXPECT_EQ(outcome(check("password", "{CRYPT}sa3tHJ3/KuYvI")), "match");
    EXPECT_TRUE(check("password", "{CRYPT}sa3tHJ3/KuYvI").weak);  // DES is legacy, under {CRYPT} too
}

TEST(Legacy, LdapPbkdf2IsPbkdf2AfterThePrefix) {
    const auto r = check("password", "{PBKDF2-SHA512}1000$c2FsdHNhbHRzYWx0c2FsdA$715rqIr5dXOVPpBhqqsugl037zT5bWJTWYmZtIcK8hBnisKpwfY7kokvwjDrNHqHhF50Pb7MD6HvkJwiDQw4ww");
    EXPECT_EQ(outcome(r), "match");
    EXPECT_EQ(r.name, "ldap_pbkdf2_sha512");
    EXPECT_FALSE(r.weak);
    const auto bad = check("password", "{PBKDF2}0$c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM");
    ASSERT_TRUE(bad.error);
    EXPECT_EQ(bad.error->message.rfind("ldap_pbkdf2_sha1: ", 0), 0u) << bad.error->message;
    pwcheck::core::Limits low;
    low.max_pbkdf2_rounds = 999;
    EXPECT_EQ(outcome(check("password", "{PBKDF2}1000$c2FsdHNhbHRzYWx0c2FsdA$2FWw/oC7TQkskizC.81lWlmFAMM", low)),
              "cost_over_limit");
}

TEST(Legacy, Md5CryptAgreesWithLibxcrypt) {
#if !PWCHECK_HAVE_LIBXCRYPT
    GTEST_SKIP() << "libxcrypt is absent: no differential test";
#else
    // Random passwords of 1..300 bytes (no NUL) and salts of 0..8 chars: pwcheck's make_hash must write
    // exactly what crypt_rn writes for the `$1$<salt>$` setting (FORMATS.md §4.2).
    std::mt19937 rng(1);
    for (int i = 0; i < 200; ++i) {
        std::string password(1 + rng() % 300, 'x');
        for (auto& c : password) c = static_cast<char>(1 + rng() % 255);
        std::vector<std::uint8_t> salt(rng() % 9);
        std::string salt_text;
        for (auto& b : salt) {
            b = static_cast<std::uint8_t>(rng() % 64);
            salt_text += pwcheck::core::hash64().symbol(b);
        }
        crypt_data data{};
        const std::string setting = "$1$" + salt_text + "$";
        const char* want = crypt_rn(password.c_str(), setting.c_str(), &data, static_cast<int>(sizeof data));
        if (want == nullptr || want[0] == '*') GTEST_SKIP() << "crypt_rn refuses $1$ on this system";
        EXPECT_EQ(make("md5_crypt", password, 1000, salt), want) << setting;
    }
#endif
}

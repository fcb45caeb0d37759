// Argon2 and BLAKE2b primitives: published vectors, every backend and thread count, and differential
// checks against libsodium (argon2i/argon2id v1.3) and the reference libargon2 (all types and versions,
// loaded with dlopen so its symbols cannot collide with libsodium's internal argon2 code).
#include "primitives/argon2.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <random>
#include <string>
#include <vector>

#include "primitives/blake2b.hpp"

namespace {

using pwcheck::primitives::Argon2Backend;
using pwcheck::primitives::Argon2Params;
using pwcheck::primitives::Argon2Type;
using pwcheck::primitives::argon2_hash;
using pwcheck::primitives::Blake2b;

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::string b64(std::span<const std::uint8_t> v) {
    std::string out(sodium_base64_encoded_len(v.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), v.data(), v.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    out.resize(out.size() - 1);
    return out;
}

std::string hex(std::span<const std::uint8_t> v) {
    static constexpr char k[] = "0123456789abcdef";
    std::string out;
    for (auto b : v) out += {k[b >> 4], k[b & 15]};
    return out;
}

std::vector<Argon2Backend> backends() {
    std::vector<Argon2Backend> out = {Argon2Backend::portable};
    if (pwcheck::primitives::argon2_avx2_available()) out.push_back(Argon2Backend::avx2);
    return out;
}

std::vector<std::uint8_t> tag_of(const Argon2Params& p, std::span<const std::uint8_t> pw, std::span<const std::uint8_t> salt,
                                 std::size_t tag_size, unsigned threads, Argon2Backend be) {
    std::vector<std::uint8_t> tag(tag_size);
    argon2_hash(p, pw, salt, tag, threads, be);
    return tag;
}

TEST(Blake2b, Rfc7693Abc) {
    // RFC 7693 Appendix A: BLAKE2b-512("abc").
    Blake2b h(64);
    h.update(bytes("abc"));
    std::uint8_t out[64];
    h.final(out);
    EXPECT_EQ(hex(out),
              "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(Blake2b, AgreesWithLibsodiumForEveryLengthItAllows) {
    std::mt19937 gen(7);
    auto rng = [&gen] { return static_cast<std::uint32_t>(gen()); };
    for (std::size_t out_len = crypto_generichash_BYTES_MIN; out_len <= 64; ++out_len) {
        for (std::size_t in_len : {0u, 1u, 127u, 128u, 129u, 256u, 1000u}) {
            std::vector<std::uint8_t> in(in_len);
            for (auto& b : in) b = static_cast<std::uint8_t>(rng());
            std::vector<std::uint8_t> ours(out_len), theirs(out_len);
            Blake2b h(out_len);
            h.update(std::span(in).first(in_len / 3));  // in pieces, across block boundaries
            h.update(std::span(in).subspan(in_len / 3));
            h.final(ours);
            ASSERT_EQ(crypto_generichash(theirs.data(), out_len, in.data(), in.size(), nullptr, 0), 0);
            EXPECT_EQ(ours, theirs) << out_len << " " << in_len;
        }
    }
}

struct Vector {
    Argon2Type type;
    std::uint32_t version, m, t, p;
    std::string_view password, salt;
    std::size_t tag_size;
    std::string_view tag_b64;
};

// FORMATS.md §8 / §9 (passlib 1.7.4 on argon2-cffi / libargon2 20171227), and passlib's default parameters.
const Vector k_vectors[] = {
    {Argon2Type::id, 19, 8, 1, 1, "password", "saltsaltsaltsalt", 16, "8pAsPOMpkWtPlqOyXPzdRw"},
    {Argon2Type::id, 19, 8, 1, 1, "", "saltsaltsaltsalt", 16, "bpck3K01y0JKndgUpPhTqg"},
    {Argon2Type::id, 19, 8, 1, 1, "password", "12345678", 32, "oITkzoDc/DryampHafFUF9s6JTyyPMk7S9kbihdyLs4"},
    {Argon2Type::i, 19, 8, 1, 1, "password", "saltsaltsaltsalt", 16, "ODPV9uOZt2teFmYWQx7Yow"},
    {Argon2Type::d, 19, 8, 1, 1, "password", "saltsaltsaltsalt", 16, "rxzv34AuunzDLlk/mmC5GQ"},
    {Argon2Type::i, 16, 8, 1, 1, "password", "saltsaltsaltsalt", 16, "dUjq8zHFk5QdgjXKBs0fOA"},
    {Argon2Type::id, 20, 8, 1, 1, "password", "saltsaltsaltsalt", 16, "IGJK4UqnmGyr8fKmS0pT1g"},
};

TEST(Argon2, FormatsVectorsOnEveryBackendAndThreadCount) {
    for (const Vector& v : k_vectors) {
        for (const auto be : backends()) {
            for (const unsigned threads : {0u, 1u, 2u}) {
                const auto tag = tag_of({v.type, v.version, v.m, v.t, v.p}, bytes(v.password), bytes(v.salt), v.tag_size,
                                        threads, be);
                EXPECT_EQ(b64(tag), v.tag_b64) << v.tag_b64 << " backend " << static_cast<int>(be) << " threads " << threads;
            }
        }
    }
}

TEST(Argon2, FormatsP2VectorWithTwoLanes) {
    // P2 = "pässwörd€🔑", argon2id m=16, t=2, p=2 (FORMATS.md §8).
    const auto pw = bytes("p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac\xf0\x9f\x94\x91");
    ASSERT_EQ(pw.size(), 17u);
    for (const auto be : backends()) {
        for (const unsigned threads : {1u, 2u}) {
            EXPECT_EQ(b64(tag_of({Argon2Type::id, 19, 16, 2, 2}, pw, bytes("saltsaltsaltsalt"), 16, threads, be)),
                      "s/SAlmJbwuQ16ssnDFzubw");
        }
    }
}

TEST(Argon2, PasslibDefaultParameters) {
    // argon2-cffi 21.1.0 via passlib 1.7.4: argon2id m=102400, t=2, p=8, 16-byte salt and tag.
    const auto tag = tag_of({Argon2Type::id, 19, 102400, 2, 8}, bytes("correct horse battery staple"),
                            bytes("saltsaltsaltsalt"), 16, 0, Argon2Backend::automatic);
    EXPECT_EQ(b64(tag), "QVPHaDbgLG5NTYm/53coqg");
}

TEST(Argon2, MemoryIsRoundedDownToWholeSegments) {
    // m' = 4p * floor(m / 4p): m=15 and m=12 with p=1 hash the same blocks, but m is also in H0.
    const auto a = tag_of({Argon2Type::id, 19, 15, 1, 1}, bytes("pw"), bytes("saltsalt"), 16, 1, Argon2Backend::automatic);
    const auto b = tag_of({Argon2Type::id, 19, 12, 1, 1}, bytes("pw"), bytes("saltsalt"), 16, 1, Argon2Backend::automatic);
    EXPECT_NE(a, b);
}

// ---- differential: libsodium -------------------------------------------------------------------

TEST(Argon2Differential, LibsodiumRawApiSingleLane) {
    std::mt19937 gen(2026);
    auto rng = [&gen] { return static_cast<std::uint32_t>(gen()); };
    for (int n = 0; n < 40; ++n) {
        const bool id = n % 2 == 0;
        const std::uint32_t m = 8 + rng() % 249, t = (id ? 1 : 3) + rng() % 3;  // libsodium: argon2i needs t >= 3
        std::vector<std::uint8_t> pw(rng() % 64), salt(crypto_pwhash_SALTBYTES), want(16 + rng() % 49);
        for (auto& b : pw) b = static_cast<std::uint8_t>(rng());
        for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
        const int alg = id ? crypto_pwhash_ALG_ARGON2ID13 : crypto_pwhash_ALG_ARGON2I13;
        static const char k_empty = 0;  // libsodium declares the password pointer non-null, even for 0 bytes
        const char* pw_ptr = pw.empty() ? &k_empty : reinterpret_cast<const char*>(pw.data());
        ASSERT_EQ(crypto_pwhash(want.data(), want.size(), pw_ptr, pw.size(), salt.data(), t,
                                std::size_t{m} * 1024, alg),
                  0);
        for (const auto be : backends()) {
            EXPECT_EQ(tag_of({id ? Argon2Type::id : Argon2Type::i, 19, m, t, 1}, pw, salt, want.size(), 1, be), want)
                << "m=" << m << " t=" << t;
        }
    }
}

TEST(Argon2Differential, LibsodiumStrVerifyManyLanes) {
    // crypto_pwhash_str_verify takes any p (and any salt and tag size) from the string.
    std::mt19937 gen(99);
    auto rng = [&gen] { return static_cast<std::uint32_t>(gen()); };
    for (int n = 0; n < 40; ++n) {
        const bool id = n % 2 == 0;
        const std::uint32_t p = 1 + rng() % 4, t = (id ? 1 : 3) + rng() % 3;
        const std::uint32_t m = 8 * p + rng() % 200;
        std::vector<std::uint8_t> pw(rng() % 40), salt(8 + rng() % 25);
        for (auto& b : pw) b = static_cast<std::uint8_t>(rng());
        for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
        const auto tag = tag_of({id ? Argon2Type::id : Argon2Type::i, 19, m, t, p}, pw, salt, 16 + rng() % 17, 1 + n % 2,
                                Argon2Backend::automatic);
        const std::string h = std::string(id ? "$argon2id" : "$argon2i") + "$v=19$m=" + std::to_string(m) +
                              ",t=" + std::to_string(t) + ",p=" + std::to_string(p) + "$" + b64(salt) + "$" + b64(tag);
        static const char k_empty = 0;  // libsodium declares the password pointer non-null, even for 0 bytes
        const char* pw_ptr = pw.empty() ? &k_empty : reinterpret_cast<const char*>(pw.data());
        EXPECT_EQ(crypto_pwhash_str_verify(h.c_str(), pw_ptr, pw.size()), 0) << h;
    }
}

// ---- differential: libargon2 (the reference implementation) -------------------------------------

using Argon2HashFn = int (*)(std::uint32_t t, std::uint32_t m, std::uint32_t p, const void* pwd, std::size_t pwdlen,
                             const void* salt, std::size_t saltlen, void* hash, std::size_t hashlen, char* encoded,
                             std::size_t encodedlen, int type, std::uint32_t version);

/// libargon2's argon2_hash() from the shared library, or nullptr when it is not installed.
Argon2HashFn load_libargon2() {
    // RTLD_DEEPBIND: its internal calls bind inside libargon2, never to libsodium's same-named globals.
    // AddressSanitizer cannot run a DEEPBIND library; the sanitizer build links libsodium's shared
    // library, whose internals are not exported, so plain binding is safe there.
#if defined(__SANITIZE_ADDRESS__)
    static void* const k_handle = dlopen("libargon2.so.1", RTLD_NOW | RTLD_LOCAL);
#else
    static void* const k_handle = dlopen("libargon2.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
    return k_handle == nullptr ? nullptr : reinterpret_cast<Argon2HashFn>(dlsym(k_handle, "argon2_hash"));
}

TEST(Argon2Differential, LibArgon2AllTypesVersionsAndLanes) {
    const Argon2HashFn ref = load_libargon2();
    if (ref == nullptr) GTEST_SKIP() << "libargon2.so.1 not found (Debian: apt-get install libargon2-1)";
    std::mt19937 gen(4242);
    auto rng = [&gen] { return static_cast<std::uint32_t>(gen()); };
    const Argon2Type types[] = {Argon2Type::d, Argon2Type::i, Argon2Type::id};
    const std::uint32_t versions[] = {16, 19};
    for (int n = 0; n < 120; ++n) {
        const Argon2Type type = types[n % 3];
        const std::uint32_t version = versions[(n / 3) % 2];
        const std::uint32_t p = 1 + rng() % 4, t = 1 + rng() % 3, m = 8 * p + rng() % 250;
        std::vector<std::uint8_t> pw(rng() % 80), salt(8 + rng() % 25), want(4 + rng() % 97);
        for (auto& b : pw) b = static_cast<std::uint8_t>(rng());
        for (auto& b : salt) b = static_cast<std::uint8_t>(rng());
        ASSERT_EQ(ref(t, m, p, pw.data(), pw.size(), salt.data(), salt.size(), want.data(), want.size(), nullptr, 0,
                      static_cast<int>(type), version),
                  0);
        for (const auto be : backends()) {
            EXPECT_EQ(tag_of({type, version, m, t, p}, pw, salt, want.size(), 1 + n % 3, be), want)
                << "type " << static_cast<int>(type) << " v" << version << " m=" << m << " t=" << t << " p=" << p
                << " tag " << want.size();
        }
    }
}

TEST(Argon2Differential, LibArgon2LargerMemoryOnThreads) {
    // Enough memory that the automatic thread count is > 1 and the hugepage path is taken (>= 2 MiB).
    const Argon2HashFn ref = load_libargon2();
    if (ref == nullptr) GTEST_SKIP() << "libargon2.so.1 not found";
    for (const Argon2Type type : {Argon2Type::d, Argon2Type::i, Argon2Type::id}) {
        const std::uint32_t m = 4096, t = 2, p = 4;
        const auto pw = bytes("pässword");
        const auto salt = bytes("somesaltsomesalt");
        std::vector<std::uint8_t> want(32);
        ASSERT_EQ(ref(t, m, p, pw.data(), pw.size(), salt.data(), salt.size(), want.data(), want.size(), nullptr, 0,
                      static_cast<int>(type), 19),
                  0);
        EXPECT_EQ(tag_of({type, 19, m, t, p}, pw, salt, 32, 0, Argon2Backend::automatic), want);
    }
}

}  // namespace

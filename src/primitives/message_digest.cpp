#include "primitives/message_digest.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace pwcheck::primitives {
namespace {

const EVP_MD* evp_md(MessageDigest digest) {
    // Fetched once: EVP_MD_fetch per call would cost a look-up per md5-crypt round.
    static const EVP_MD* const k_md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
    static const EVP_MD* const k_sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    static const EVP_MD* const k_sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    static const EVP_MD* const k_sha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
    const EVP_MD* md = nullptr;
    switch (digest) {
        case MessageDigest::md5: md = k_md5; break;
        case MessageDigest::sha1: md = k_sha1; break;
        case MessageDigest::sha256: md = k_sha256; break;
        case MessageDigest::sha512: md = k_sha512; break;
    }
    if (md == nullptr) throw std::runtime_error("OpenSSL has no such digest (MD5 needs the default provider)");
    return md;
}

EVP_MD_CTX* ctx_of(void* p) { return static_cast<EVP_MD_CTX*>(p); }

}  // namespace

std::size_t message_digest_size(MessageDigest digest) {
    switch (digest) {
        case MessageDigest::md5: return 16;
        case MessageDigest::sha1: return 20;
        case MessageDigest::sha256: return 32;
        case MessageDigest::sha512: return 64;
    }
    return 0;
}

DigestContext::DigestContext(MessageDigest digest) : m_ctx(EVP_MD_CTX_new()), m_md(evp_md(digest)) {
    if (m_ctx == nullptr) throw std::bad_alloc();
    reset();
}

DigestContext::~DigestContext() { EVP_MD_CTX_free(ctx_of(m_ctx)); }

void DigestContext::reset() {
    if (EVP_DigestInit_ex2(ctx_of(m_ctx), static_cast<const EVP_MD*>(m_md), nullptr) != 1) {
        throw std::runtime_error("EVP_DigestInit_ex2 failed");
    }
}

void DigestContext::update(std::span<const std::uint8_t> bytes) {
    if (!bytes.empty()) EVP_DigestUpdate(ctx_of(m_ctx), bytes.data(), bytes.size());
}

void DigestContext::finish(std::span<std::uint8_t> out) {
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_of(m_ctx), out.data(), &n);
}

void message_digest(MessageDigest digest, std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out) {
    DigestContext ctx(digest);
    ctx.update(bytes);
    ctx.finish(out);
}

}  // namespace pwcheck::primitives

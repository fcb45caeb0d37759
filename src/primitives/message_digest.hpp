#pragma once
// Plain message digests through OpenSSL's EVP interface (MD5, SHA-1, SHA-256, SHA-512), for the legacy
// schemes built on whole digests rather than on block functions: md5-crypt, phpass and LDAP's {SSHA}.
#include <cstddef>
#include <cstdint>
#include <span>

namespace pwcheck::primitives {

/// The digests available.
enum class MessageDigest { md5, sha1, sha256, sha512 };

/// Output size of `digest` in bytes (16, 20, 32, 64).
std::size_t message_digest_size(MessageDigest digest);

/// An incremental hash of one digest; reusable with reset(). OpenSSL wipes its state when it is freed.
class DigestContext {
public:
    /// A context ready to hash with `digest`.
    explicit DigestContext(MessageDigest digest);
    ~DigestContext();
    DigestContext(const DigestContext&) = delete;
    DigestContext& operator=(const DigestContext&) = delete;

    /// Starts a new message.
    void reset();
    /// Appends `bytes` to the message.
    void update(std::span<const std::uint8_t> bytes);
    /// Finishes the message into `out` (exactly message_digest_size() bytes); reset() before reuse.
    void finish(std::span<std::uint8_t> out);

private:
    void* m_ctx;  // EVP_MD_CTX
    const void* m_md;  // EVP_MD, owned by the library's process-wide cache
};

/// `out` = digest of `bytes`; `out` is exactly message_digest_size() bytes.
void message_digest(MessageDigest digest, std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out);

}  // namespace pwcheck::primitives

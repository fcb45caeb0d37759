// Interim PBKDF2 through OpenSSL's PKCS5_PBKDF2_HMAC; replaced by the precomputed-state core (issue 3).
#include "primitives/pbkdf2.hpp"

#include <openssl/evp.h>

#include <cstdlib>

namespace pwcheck::primitives {

std::size_t digest_size(HmacDigest d) {
    switch (d) {
        case HmacDigest::sha1: return 20;
        case HmacDigest::sha256: return 32;
        case HmacDigest::sha512: return 64;
    }
    return 0;
}

void pbkdf2_hmac(HmacDigest d, std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt,
                 std::uint32_t rounds, std::span<std::uint8_t> out) {
    const EVP_MD* md = d == HmacDigest::sha1 ? EVP_sha1() : d == HmacDigest::sha256 ? EVP_sha256() : EVP_sha512();
    static const unsigned char k_empty = 0;
    const int ok = PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.empty() ? &k_empty : password.data()),
                                     static_cast<int>(password.size()), salt.empty() ? &k_empty : salt.data(),
                                     static_cast<int>(salt.size()), static_cast<int>(rounds), md,
                                     static_cast<int>(out.size()), out.data());
    if (ok != 1) std::abort();  // only on allocation failure inside OpenSSL
}

}  // namespace pwcheck::primitives

/* The whole-process baseline for issue 3: the smallest C program that verifies a passlib
 * $pbkdf2-sha256$ hash with OpenSSL's PKCS5_PBKDF2_HMAC. Usage: openssl_verify HASH < password-line.
 * Exit 0 match, 1 no match, 3 malformed. Written for timing, not for use: no terminal handling. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* passlib's "adapted base64": RFC 4648 with '.' for '+', no padding. Returns the byte count or -1. */
static int ab64_decode(const char* in, size_t len, unsigned char* out, size_t cap) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
    unsigned acc = 0;
    int bits = 0;
    size_t n = 0;
    for (size_t i = 0; i < len; ++i) {
        const char* p = memchr(alphabet, in[i], 64);
        if (p == NULL || in[i] == '\0') return -1;
        acc = (acc << 6) | (unsigned)(p - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == cap) return -1;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    return (int)n;
}

int main(int argc, char** argv) {
    if (argc != 2 || strncmp(argv[1], "$pbkdf2-sha256$", 15) != 0) return 3;
    char* rounds_text = argv[1] + 15;
    char* salt_text = strchr(rounds_text, '$');
    char* check_text = salt_text ? strchr(salt_text + 1, '$') : NULL;
    if (check_text == NULL) return 3;
    const long rounds = strtol(rounds_text, NULL, 10);
    unsigned char salt[64], expected[32], derived[32];
    const int salt_len = ab64_decode(salt_text + 1, (size_t)(check_text - salt_text - 1), salt, sizeof salt);
    if (rounds < 1 || salt_len < 0 || ab64_decode(check_text + 1, strlen(check_text + 1), expected, 32) != 32) return 3;

    char password[4097];
    if (fgets(password, sizeof password, stdin) == NULL) return 4;
    password[strcspn(password, "\r\n")] = '\0';
    if (!PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, salt_len, (int)rounds, EVP_sha256(), 32, derived))
        return 3;
    OPENSSL_cleanse(password, sizeof password);
    return CRYPTO_memcmp(derived, expected, 32) == 0 ? 0 : 1;
}

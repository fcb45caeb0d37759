#include "core/encoding.hpp"

#include <algorithm>

namespace pwcheck::core {

Base64Codec::Base64Codec(std::string_view alphabet, char alt62) : m_alphabet(alphabet) {
    m_decode.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i) m_decode[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    if (alt62 != 0) m_decode[static_cast<unsigned char>(alt62)] = 62;
}

std::string Base64Codec::encode(std::span<const std::uint8_t> bytes) const {
    std::string out(base64_encoded_size(bytes.size()), '\0');
    encode_into(bytes, {reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
    return out;
}

void Base64Codec::encode_into(std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out) const {
    std::size_t o = 0;
    const auto put = [&](std::uint32_t v) { out[o++] = static_cast<std::uint8_t>(m_alphabet[v & 63]); };
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        put(v >> 18);
        put(v >> 12);
        put(v >> 6);
        put(v);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t{bytes[i]} << 16;
        if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
        put(v >> 18);
        put(v >> 12);
        if (rest == 2) put(v >> 6);
    }
}

std::optional<std::vector<std::uint8_t>> Base64Codec::decode(std::string_view text) const {
    if (text.size() % 4 == 1) return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(base64_decoded_size(text.size()));
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = value(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
            acc &= (1u << bits) - 1;
        }
    }
    // Leftover bits (2 or 4) are the unused low bits of the last character: ignored (FORMATS §0.5).
    return out;
}

const Base64Codec& ab64() {
    static const Base64Codec k_codec("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./", '+');
    return k_codec;
}

const Base64Codec& bcrypt64() {
    static const Base64Codec k_codec("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 0);
    return k_codec;
}

const Base64Codec& std_b64() {
    static const Base64Codec k_codec("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 0);
    return k_codec;
}

Hash64Codec::Hash64Codec() {
    m_decode.fill(-1);
    for (std::size_t i = 0; i < k_alphabet.size(); ++i) m_decode[static_cast<unsigned char>(k_alphabet[i])] = static_cast<signed char>(i);
}

std::string Hash64Codec::encode(std::span<const std::uint8_t> bytes) const {
    std::string out(base64_encoded_size(bytes.size()), '\0');
    encode_into(bytes, {reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
    return out;
}

void Hash64Codec::encode_into(std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out) const {
    std::size_t o = 0;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < n; ++k) v |= std::uint32_t{bytes[i + k]} << (8 * k);
        for (std::size_t k = 0; k < n + 1; ++k) out[o++] = static_cast<std::uint8_t>(symbol((v >> (6 * k)) & 63));
    }
}

SecretBuffer hex_secret(std::span<const std::uint8_t> bytes) {
    static constexpr std::string_view k_hex = "0123456789abcdef";
    SecretBuffer out(bytes.size() * 2);
    out.resize(bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out.data()[2 * i] = static_cast<std::uint8_t>(k_hex[bytes[i] >> 4]);
        out.data()[2 * i + 1] = static_cast<std::uint8_t>(k_hex[bytes[i] & 15]);
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> Hash64Codec::decode(std::string_view text) const {
    if (text.size() % 4 == 1) return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(base64_decoded_size(text.size()));
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const std::size_t n = std::min<std::size_t>(4, text.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const int c = value(text[i + k]);
            if (c < 0) return std::nullopt;
            v |= static_cast<std::uint32_t>(c) << (6 * k);
        }
        // n characters carry n-1 whole bytes; the bits above them are unused and ignored.
        for (std::size_t k = 0; k + 1 < n; ++k) out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
    }
    return out;
}

std::optional<std::uint64_t> Hash64Codec::decode_uint(std::string_view text) const {
    if (text.size() > 10) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < text.size(); ++k) {
        const int c = value(text[k]);
        if (c < 0) return std::nullopt;
        v |= static_cast<std::uint64_t>(c) << (6 * k);
    }
    return v;
}

const Hash64Codec& hash64() {
    static const Hash64Codec k_codec;
    return k_codec;
}

bool is_ascii(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> fields;
    for (;;) {
        const auto at = text.find(separator);
        fields.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return fields;
        text.remove_prefix(at + 1);
    }
}

std::string quote_for_message(std::string_view text, std::size_t max_chars) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "'";
    std::size_t n = 0;
    for (const char ch : text) {
        if (n++ == max_chars) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
            out += ch;
        } else {
            out += "\\x";
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    out += "'";
    return out;
}

}  // namespace pwcheck::core

#include "core/decimal.hpp"

#include "core/encoding.hpp"

namespace pwcheck::core {

Decimal parse_decimal(std::string_view text, std::uint64_t max) {
    if (text.empty()) return {Decimal::Status::empty, 0};
    for (const char c : text) {
        if (c < '0' || c > '9') return {Decimal::Status::not_decimal, 0};
    }
    if (text.size() > 1 && text[0] == '0') return {Decimal::Status::leading_zero, 0};
    std::uint64_t v = 0;
    for (const char c : text) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (digit > max || v > (max - digit) / 10) return {Decimal::Status::too_large, 0};
        v = v * 10 + digit;
    }
    return {Decimal::Status::ok, v};
}

std::string describe_decimal_error(const Decimal& d, std::string_view field, std::string_view text) {
    std::string f(field);
    switch (d.status) {
        case Decimal::Status::ok: return f + " is valid";
        case Decimal::Status::empty: return f + " is empty";
        case Decimal::Status::not_decimal: return f + " " + quote_for_message(text, 24) + " is not a plain decimal number";
        case Decimal::Status::leading_zero: return f + " " + quote_for_message(text, 24) + " has a leading zero";
        case Decimal::Status::too_large: return f + " " + quote_for_message(text, 24) + " is too large";
    }
    return f + " is invalid";
}

}  // namespace pwcheck::core

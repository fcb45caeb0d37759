#pragma once
// Strict decimal parsing for cost fields of untrusted hash strings (STYLE rule 7).
#include <cstdint>
#include <string>
#include <string_view>

namespace pwcheck::core {

/// Outcome of parse_decimal(); `value` is meaningful only when status is ok.
struct Decimal {
    enum class Status { ok, empty, not_decimal, leading_zero, too_large };
    Status status;
    std::uint64_t value;
};

/// Parses ASCII digits only: no sign, space, `_` or leading zero (except "0" itself), at most `max`.
/// Never overflows, whatever the length of `text`.
Decimal parse_decimal(std::string_view text, std::uint64_t max);

/// One-line reason for a failed parse of the field called `field`, e.g. "rounds has a leading zero".
std::string describe_decimal_error(const Decimal& d, std::string_view field, std::string_view text);

}  // namespace pwcheck::core

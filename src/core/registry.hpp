#pragma once
// The one ordered scheme table (STYLE rule 3) and look-ups in it.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheme.hpp"

namespace pwcheck::core {

/// Every scheme, in identification order.
std::span<const Scheme* const> scheme_table();

/// The scheme whose name or alias is `name` (case-insensitive, `-` and `_` alike), or nullptr.
const Scheme* find_scheme(std::string_view name);

/// The first scheme in table order that claims `hash` by its prefix, or nullptr.
const Scheme* identify_scheme(std::string_view hash);

/// Every name accepted by find_scheme(): scheme names then aliases, in table order.
std::vector<std::string> digest_names();

/// The accepted name closest to `name` when it is a near miss (small edit distance), else "".
std::string suggest_digest(std::string_view name);

}  // namespace pwcheck::core

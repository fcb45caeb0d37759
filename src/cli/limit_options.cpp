#include "cli/limit_options.hpp"

#include <limits>

#include "core/decimal.hpp"

namespace pwcheck::cli {

std::string limit_option(std::string_view limit) { return "--max-" + std::string(limit); }

void add_limit_options(CLI::App& command, core::Limits& limits) {
    for (const core::LimitInfo& info : core::limit_table()) {
        const std::uint64_t value = limits.*info.field;
        const std::string shown = info.is_size ? core::format_size(value) : std::to_string(value);
        const std::string name = limit_option(info.key);
        command
            .add_option_function<std::string>(
                name,
                [&limits, &info, name](const std::string& text) {
                    std::optional<std::uint64_t> parsed;
                    if (info.is_size) {
                        parsed = core::parse_size(text);
                    } else if (const auto d = core::parse_decimal(text, std::numeric_limits<std::uint64_t>::max());
                               d.status == core::Decimal::Status::ok) {
                        parsed = d.value;
                    }
                    if (!parsed) {
                        throw CLI::ValidationError(name, "'" + text + "' is not " +
                                                             (info.is_size ? "a size (e.g. 4G, 512M, 1048576)"
                                                                           : "a whole number"));
                    }
                    limits.*info.field = *parsed;
                },
                "Largest " + std::string(info.description) + " [" + shown + "]")
            ->type_name(info.is_size ? "SIZE" : "N")
            ->group("Cost limits (a hash over one is refused before any work)");
    }
}

}  // namespace pwcheck::cli

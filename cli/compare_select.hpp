// What `ingot compare` and `ingot export` share: the options that choose plans and metrics, and
// the checks that each of them chooses something.
#pragma once

#include "cli.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ingot::cli {

/// --series, --plan and --metric: globs, each repeatable.
struct Selection {
    std::vector<std::string> series;
    std::vector<std::string> plans;
    std::vector<std::string> metrics;
};

/// Adds --series, --plan and --metric to `command`.
void add_selection_options(CLI::App& command, Selection& selection);

/// The CompareOptions of `selection` over the plans declared in `files`. Reported (and nullopt)
/// when the files declare no plan, when a --series or --plan glob matches none of their plans or
/// together they choose none, or when a --metric glob matches no metric that the chosen plans
/// compare (`figures`: that they have a figure of).
std::optional<CompareOptions> choose(const Analysis& analysis,
                                     const std::vector<std::string>& paths,
                                     const std::vector<std::string>& files,
                                     const Selection& selection, bool figures = false);

/// "text", "markdown", "csv", "json", "html".
std::vector<std::string> compare_format_names();

} // namespace ingot::cli

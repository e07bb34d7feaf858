// Suggestions for misspelt names: the one "did you mean" used for metrics, sources, scopes,
// units, functions and fields alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime {

/// The name in `known` nearest to `unknown`, compared case-insensitively, if it is close enough to
/// be a likely typo: equal but for case, or within 1 edit (2 for names of more than 3 letters). A
/// one-letter name is only ever close to names it begins (`y` → `yr`), so `x` does not suggest `t`.
std::optional<std::string> did_you_mean(std::string_view unknown,
                                        const std::vector<std::string>& known);

} // namespace ingot::runtime

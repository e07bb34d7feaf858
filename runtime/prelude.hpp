// The prelude: metrics every file sees without importing anything.
#pragma once

#include <string_view>

namespace ingot::runtime {

/// Path under which the prelude appears in diagnostics.
inline constexpr std::string_view prelude_path = "<prelude>";

/// The prelude's source text, in the Ingot language itself.
std::string_view prelude_text();

} // namespace ingot::runtime

// What the JSON-based writers (json, sarif, gitlab) share.
#pragma once

#include "ingot/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ingot::runtime::report {

/// `json` indented by two spaces, with a final newline. Keys in insertion order; strings that
/// are not UTF-8 are repaired (U+FFFD) instead of throwing.
std::string dump_json(const nlohmann::ordered_json& json);
/// A finite number as it is; ±infinity (an unbounded end) as null, which JSON has no number for.
nlohmann::ordered_json number_json(double value);
/// How a range's nominal reads, as every JSON schema names it: "point", "above", "at_least",
/// "below", "at_most", "none".
std::string_view reading_name(ingot::Reading reading);

} // namespace ingot::runtime::report

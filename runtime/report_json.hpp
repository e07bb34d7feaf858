// What the JSON-based writers (json, sarif, gitlab) share.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ingot::runtime::report {

/// `json` indented by two spaces, with a final newline. Keys in insertion order; strings that
/// are not UTF-8 are repaired (U+FFFD) instead of throwing.
std::string dump_json(const nlohmann::ordered_json& json);

} // namespace ingot::runtime::report

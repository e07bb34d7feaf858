// The ids of the built-in checks, and their registry entries.
//
// Every diagnostic the runtime raises names its check through one of these constants, never a
// string literal, and every constant has exactly one entry in builtin_checks() (a test proves
// it). Analyst rules and host checks are added to a copy of the registry per Engine.
#pragma once

#include "ingot/checks.hpp"
#include "lang/diagnostic.hpp"

#include <string_view>
#include <vector>

namespace ingot::runtime::check {

inline constexpr std::string_view syntax = lang::syntax_check_id;
inline constexpr std::string_view import = "import";
inline constexpr std::string_view limit = "limit";
inline constexpr std::string_view number_range = lang::number_range_check_id;
inline constexpr std::string_view unknown_name = "unknown-name";
inline constexpr std::string_view duplicate_name = "duplicate-name";
inline constexpr std::string_view missing_predecessor = "missing-predecessor";
inline constexpr std::string_view predecessor_cycle = "predecessor-cycle";
inline constexpr std::string_view scope_count = "scope-count";
inline constexpr std::string_view empty_focus = "empty-focus";
inline constexpr std::string_view uncited = "uncited";
inline constexpr std::string_view unused_source = "unused-source";
inline constexpr std::string_view outside_period = "outside-period";
inline constexpr std::string_view unit_mismatch = "unit-mismatch";
inline constexpr std::string_view rate_vs_level = "rate-vs-level";
inline constexpr std::string_view contradiction = "contradiction";
inline constexpr std::string_view rounding = "rounding";
inline constexpr std::string_view implied = "implied";
inline constexpr std::string_view implausible_change = "implausible-change";
inline constexpr std::string_view negative_level = "negative-level";
inline constexpr std::string_view unused_baseline = "unused-baseline";
inline constexpr std::string_view off_track = "off-track";
inline constexpr std::string_view on_track = "on-track";
inline constexpr std::string_view share_range = "share-range";
inline constexpr std::string_view changed_target = "changed-target";
inline constexpr std::string_view invalid_rule = "invalid-rule";
inline constexpr std::string_view bad_allow = "bad-allow";
inline constexpr std::string_view unused_allow = "unused-allow";

} // namespace ingot::runtime::check

namespace ingot::runtime {

/// Every built-in check, in the order the pipeline raises them.
const std::vector<CheckInfo>& builtin_checks();

/// The entry of a built-in check, or null.
const CheckInfo* find_builtin_check(std::string_view id);

} // namespace ingot::runtime

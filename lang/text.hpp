// The canonical text of small AST pieces: what the formatter writes, and what messages, the
// dumper and the public plan model show. One spelling of each, so they never disagree.
#pragma once

#include "lang/ast.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ingot::lang {

/// A decoded string value re-escaped so the parser decodes it back to the same bytes (without
/// the quotes). In message strings `{` and `}` would start or end an interpolation, so there
/// (`in_message`) they are escaped too.
std::string escaped_text(std::string_view value, bool in_message = false);

std::string year_text(const Year& y); // `2026`
std::string date_text(const Date& d); // `2025-08-28`
/// Words of a group joined by one space, groups by `/` without spaces: `bn CNY`, `%/yr`,
/// `tce/wan CNY` — the only spelling the grammar reads back as the same groups.
std::string unit_text(const WrittenUnit& u);
/// What goes between a figure and its unit: nothing for a Chinese unit written right against its
/// figure (`2000万吨`, as the sources write it), else one space (`20 Mt`, also for `20Mt`).
std::string_view unit_separator(const WrittenUnit& u);
std::string quantity_text(const Quantity& q);   // `4..5 %/yr`
std::string_view comparator_text(Comparator c); // `>=`, `~`
/// A figure with its comparator: `~5 %/yr`, `> 20 Mt` (`~` reads as part of the figure, the
/// others as operators).
std::string figure_text(const std::optional<Comparator>& comparator, const Quantity& q);
std::string metric_text(const MetricRef& m); // `output(metals)`
std::string clause_text(const Clause& c);    // `reaches > 20 Mt by 2026`

} // namespace ingot::lang

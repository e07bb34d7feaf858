// What `compare` and `export` share inside the runtime: which plans and metrics a CompareOptions
// chooses, derived measures as public Ranges, and the escaping of CSV fields.
#pragma once

#include "ingot/compare.hpp"
#include "ingot/model.hpp"
#include "runtime/analysis.hpp"
#include "runtime/value.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ingot::runtime::compare_support {

/// Whether `name` matches one of `globs` (`*`, `?`, `[…]`, as fnmatch(3)); true when there are
/// none.
bool matches_any(const std::vector<std::string>& globs, std::string_view name);

/// The names a metric is known by: its own, then its `aka` names.
std::vector<std::string> metric_names(const Metric& metric);

/// Whether the metric is chosen by `globs` (its name or an `aka` name matches; none: all).
bool metric_chosen(const std::vector<std::string>& globs, const Metric& metric);

/// The indices (into `run.model.plans`, equal to Analysis::plans()) of the plans `options`
/// chooses, in load order.
std::vector<std::size_t> chosen_plans(const Analysis& run, const std::vector<ingot::Plan>& plans,
                                      const CompareOptions& options);

/// The derivation of plans[i], or null when the plan has none (no valid period).
const Derivation* derivation_of(const Analysis& run, std::size_t i);

/// `m` (in base units) as a Range in `unit`: the numbers as that unit shows them, the reading of
/// its value, no provenance steps.
Range to_range(const Measure& m, const Unit& unit);

/// A derived value of a comparison as format_figure takes it: its nominal value read as
/// `value.reading` says (none: only the range is shown), its ends, `unit`; `change`: signed.
DisplayFigure display_figure(const Range& value, std::string_view unit, bool change);

/// One CSV field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF, with
/// double quotes doubled.
std::string csv_field(std::string_view text);

/// A CSV record of `fields`, ending with CRLF.
std::string csv_record(const std::vector<std::string>& fields);

} // namespace ingot::runtime::compare_support

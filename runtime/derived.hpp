// The derived values every command shows, from one derivation.
//
// `ingot check` (the findings that show a derived figure), `ingot explain`, `ingot eval` and
// rule messages all ask these functions for a plan's levels, growth and changes, and print what
// they give with format_figure (runtime/figure.hpp). So one quantity has one value and one
// range everywhere:
//
// - the value is what the figures as written give (the nominal system of derive.hpp): a number,
//   or a bound when the figures as written only bound it (`> 300 bn CNY` over 278 bn CNY gives
//   growth above 3.88 %/yr);
// - the range is what all figures allow at their written precision, with the ends that say
//   nothing about the plan (a level is positive, growth is above −100 %/yr) left open.
#pragma once

#include "runtime/derive.hpp"
#include "runtime/value.hpp"

#include <optional>
#include <string>

namespace ingot::runtime {

/// The unit the levels of `series` are shown in (Derivation::display_units); plain when the
/// series has none.
Unit level_unit(const Derivation& d, const std::string& series);

/// The readable unit for levels of about `magnitude` (in base units) in the unit `unit`: the
/// word of `unit`'s family with an SI prefix (`t`, `kt`, `Mt`, `Gt`; `kWh` … `TWh`) that shows
/// it between 1 and 1000, else `unit` with the scale word `mn`, `bn` or `tn` (`bn CNY`, `mn
/// vehicles`). `unit` itself when it is a compound, has a scale word, or is not plain.
Unit readable_unit(const UnitRegistry& units, const Unit& unit, double magnitude);

/// Gives every series of `d` whose unit no level figure sets the readable unit of its levels
/// (readable_unit of the largest level the derivation knows).
void choose_display_units(Derivation& d, const UnitRegistry& units);

/// Whether the levels of `series` are a share (in %): its changes read in percentage points.
bool is_share(const Derivation& d, const std::string& series);

/// Whether a bound of `v` says something about the plan: it is finite, some statement is behind
/// it, and it does not merely say that a level or a growth factor is positive.
bool informative(const Derivation& d, const Variable& v, const Bound& b, bool lower);

/// `v`'s range with its uninformative ends open to infinity.
Interval informative_range(const Derivation& d, const Variable& v);

/// A variable as every command shows it, in base units (fractions for growth and changes):
/// levels in the series' unit, growth in %/yr, a cumulative change in % and a share's change
/// in pp (both marked as changes). `value` is the one comparisons use (representative()).
Measure measure_of(const Derivation& d, const Variable& v);

/// Whether anything is known of `m`: a value or an end of its range.
bool known(const Measure& m);

/// The average yearly growth of `series` from `from` to `to`, (L[to] / L[from])^(1/n) − 1 in
/// %/yr: from the derivation's own change between those years when it has one (the period's),
/// else from the two levels. Nullopt when `to` <= `from`, the series lacks either year or nothing
/// is known.
std::optional<Measure> average_growth(const Derivation& d, const std::string& series, int from,
                                      int to);

/// The change of `series` from `from` to `to`: in percentage points, L[to] − L[from], when
/// `points`; else relative, L[to] / L[from] − 1, in %. From the derivation's own change between
/// those years when it has one, else from the two levels. Nullopt as for average_growth.
std::optional<Measure> change_between(const Derivation& d, const std::string& series, int from,
                                      int to, bool points);

} // namespace ingot::runtime

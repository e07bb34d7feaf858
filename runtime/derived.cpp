#include "runtime/derived.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

namespace ingot::runtime {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// An interval in base units; an infinite end says nothing.
struct Ends {
    double lo = -inf;
    double hi = inf;
    bool lo_open = false;
    bool hi_open = false;
};

bool finite(double x) {
    return std::isfinite(x);
}

bool structural(const Derivation& d, ConstraintId c) {
    return d.constraints[c].span.end == 0;
}

/// A variable's value in base units: levels as they are, growth and changes as fractions
/// (the solver keeps factors: 1.0345 is growth of 3.45 %).
double base_value(const Variable& v, double x) {
    if (!finite(x)) {
        return x;
    }
    return v.kind == VarKind::factor || v.kind == VarKind::cumulative ? x - 1 : x;
}

/// The measure with the range `range` whose value is what `written` (the figures as written)
/// gives: a point, one bound, or nothing (then `fallback`, for comparisons only).
Measure make_measure(const Ends& written, const Ends& range, const Unit& unit, bool change,
                     double fallback) {
    Measure m;
    m.unit = unit;
    m.change = change;
    m.lo = range.lo;
    m.hi = range.hi;
    m.lo_open = finite(range.lo) && range.lo_open;
    m.hi_open = finite(range.hi) && range.hi_open;
    const bool below = finite(written.lo);
    const bool above = finite(written.hi);
    if (below && above && written.lo == written.hi) {
        m.reading = Reading::point;
        m.value = written.lo;
    } else if (below && !above) {
        m.reading = written.lo_open ? Reading::above : Reading::at_least;
        m.value = written.lo;
    } else if (!below && above) {
        m.reading = written.hi_open ? Reading::below : Reading::at_most;
        m.value = written.hi;
    } else {
        m.reading = Reading::none;
        if (below && above) {
            m.value = (written.lo + written.hi) / 2;
        } else if (finite(range.lo) && finite(range.hi)) {
            m.value = (range.lo + range.hi) / 2;
        } else if (finite(range.lo)) {
            m.value = range.lo;
        } else if (finite(range.hi)) {
            m.value = range.hi;
        } else {
            m.value = fallback;
        }
    }
    return m;
}

/// What the figures as written give for `m`, as an interval.
Ends written_ends(const Measure& m) {
    switch (m.reading) {
    case Reading::point:
        return {m.value, m.value, false, false};
    case Reading::above:
    case Reading::at_least:
        return {m.value, inf, m.reading == Reading::above, false};
    case Reading::below:
    case Reading::at_most:
        return {-inf, m.value, false, m.reading == Reading::below};
    case Reading::none:
        break;
    }
    return {};
}

Ends range_ends(const Measure& m) {
    return {m.lo, m.hi, m.lo_open, m.hi_open};
}

/// b / a for two levels, which are positive: an unknown lower end is 0.
Ends ratio(const Ends& b, const Ends& a) {
    Ends r;
    const double a_lo = std::max(a.lo, 0.0);
    const double b_lo = std::max(b.lo, 0.0);
    if (finite(a.hi) && a.hi > 0) {
        r.lo = b_lo / a.hi;
        r.lo_open = b.lo_open || a.hi_open;
    } else {
        r.lo = 0;
    }
    if (a_lo > 0 && finite(b.hi)) {
        r.hi = b.hi / a_lo;
        r.hi_open = b.hi_open || a.lo_open;
    }
    if (!(r.lo > 0)) { // only that levels are positive: says nothing
        r.lo = -inf;
        r.lo_open = false;
    }
    return r;
}

/// b − a.
Ends difference(const Ends& b, const Ends& a) {
    Ends r;
    r.lo = b.lo - a.hi;
    r.hi = b.hi - a.lo;
    r.lo_open = b.lo_open || a.hi_open;
    r.hi_open = b.hi_open || a.lo_open;
    if (std::isnan(r.lo)) {
        r.lo = -inf;
    }
    if (std::isnan(r.hi)) {
        r.hi = inf;
    }
    return r;
}

/// f applied to both ends of an increasing map, where f gives NaN below its domain: the lower
/// end then says nothing.
template <typename F>
Ends increasing(const Ends& e, F f) {
    Ends r = e;
    if (finite(e.lo)) {
        r.lo = f(e.lo);
        if (!finite(r.lo)) {
            r.lo = -inf;
            r.lo_open = false;
        }
    }
    if (finite(e.hi)) {
        r.hi = f(e.hi);
        if (!finite(r.hi)) { // below the domain: the whole range is
            r.hi = -inf;
        }
    }
    return r;
}

bool is_known(const Ends& e) {
    return finite(e.lo) || finite(e.hi);
}

/// A ratio of levels (1 + change) as average yearly growth over `years`.
double root(double ratio, int years) {
    return ratio > 0 ? std::pow(ratio, 1.0 / years) - 1 : nan;
}

} // namespace

Unit readable_unit(const UnitRegistry& units, const Unit& unit, double magnitude) {
    const std::string& word = unit.symbol;
    const bool single_word = !word.empty() && word.find_first_of(" /\t") == std::string::npos;
    if (unit.kind != UnitKind::plain || !single_word || !(magnitude > 0) || !finite(magnitude)) {
        return unit;
    }
    const auto prefixed = [](const std::string& w) {
        return w.size() > 1 && std::string_view("kMGT").find(w[0]) != std::string_view::npos;
    };
    // The family: words of one dimension that differ from the root by an SI prefix.
    const std::string root = prefixed(word) ? word.substr(1) : word;
    std::vector<Unit> family;
    for (const std::string& candidate : units.words()) {
        if (candidate != root && !(prefixed(candidate) && candidate.substr(1) == root)) {
            continue;
        }
        std::string error;
        const auto u = units.lookup(candidate, error);
        if (u && u->kind == UnitKind::plain && u->exponents == unit.exponents) {
            family.push_back(*u);
        }
    }
    if (family.size() <= 1) { // no prefixed words: scale words
        family.clear();
        family.push_back(unit);
        for (const std::string_view scale : {"mn", "bn", "tn"}) {
            std::string error;
            if (const auto u = units.lookup(std::string(scale) + " " + word, error)) {
                family.push_back(*u);
            }
        }
    }
    std::sort(family.begin(), family.end(),
              [](const Unit& a, const Unit& b) { return a.scale < b.scale; });
    // The largest that shows the magnitude at 1 or more; the smallest when none does.
    Unit best = family.front();
    for (const Unit& u : family) {
        if (magnitude / u.scale >= 1) {
            best = u;
        }
    }
    // A unit the figure is already readable in stays: 700000 vehicles is not 0.7 mn vehicles.
    if (magnitude / unit.scale >= 1 && magnitude / unit.scale < 1e6 && best.scale > unit.scale &&
        family.size() > 1 && best.symbol.find(' ') != std::string::npos) {
        return unit;
    }
    return best;
}

void choose_display_units(Derivation& d, const UnitRegistry& units) {
    std::map<std::string, double> largest;
    for (const Variable& v : d.variables) {
        if (v.kind != VarKind::level || d.written_units.contains(v.series) ||
            !d.display_units.contains(v.series)) {
            continue;
        }
        const Measure m = measure_of(d, v);
        double& most = largest[v.series];
        for (const double x : {m.reading == Reading::none ? nan : m.value, m.lo, m.hi}) {
            if (finite(x)) {
                most = std::max(most, std::abs(x));
            }
        }
    }
    for (const auto& [series, magnitude] : largest) {
        Unit& shown = d.display_units.at(series);
        shown = readable_unit(units, shown, magnitude);
    }
}

Unit level_unit(const Derivation& d, const std::string& series) {
    if (const auto it = d.display_units.find(series); it != d.display_units.end()) {
        return it->second;
    }
    return Unit{};
}

bool is_share(const Derivation& d, const std::string& series) {
    return level_unit(d, series).kind == UnitKind::share;
}

bool informative(const Derivation& d, const Variable& v, const Bound& b, bool lower) {
    if (!finite(b.value)) {
        return false;
    }
    if (std::all_of(b.because.begin(), b.because.end(),
                    [&](ConstraintId c) { return structural(d, c); })) {
        return false;
    }
    if (lower && (v.kind == VarKind::factor || v.kind == VarKind::cumulative) && b.value <= 0) {
        return false;
    }
    return !(lower && v.kind == VarKind::level && b.value == 0 && b.open && !b.how.empty());
}

Interval informative_range(const Derivation& d, const Variable& v) {
    Interval i = v.range;
    if (!informative(d, v, i.lo, true)) {
        i.lo = Bound{-inf, false, {}, {}};
    }
    if (!informative(d, v, i.hi, false)) {
        i.hi = Bound{inf, false, {}, {}};
    }
    return i;
}

Measure measure_of(const Derivation& d, const Variable& v) {
    Unit unit;
    switch (v.kind) {
    case VarKind::level:
        unit = level_unit(d, v.series);
        break;
    case VarKind::factor:
        unit = rate_unit();
        break;
    case VarKind::cumulative:
        unit = share_unit();
        break;
    case VarKind::difference:
        unit = points_unit();
        break;
    case VarKind::aux:
        break;
    }
    const Interval shown = informative_range(d, v);
    const Ends range{base_value(v, shown.lo.value), base_value(v, shown.hi.value), shown.lo.open,
                     shown.hi.open};
    Ends written;
    const Interval& n = v.nominal;
    if (!n.empty()) {
        if (n.is_point()) {
            if (informative(d, v, n.lo, false)) {
                written = {base_value(v, n.lo.value), base_value(v, n.lo.value), false, false};
            }
        } else {
            if (informative(d, v, n.lo, true)) {
                written.lo = base_value(v, n.lo.value);
                written.lo_open = n.lo.open;
            }
            if (informative(d, v, n.hi, false)) {
                written.hi = base_value(v, n.hi.value);
                written.hi_open = n.hi.open;
            }
        }
    }
    const auto fallback = representative(v);
    const bool change = v.kind == VarKind::cumulative || v.kind == VarKind::difference;
    return make_measure(written, range, unit, change, fallback ? base_value(v, *fallback) : nan);
}

bool known(const Measure& m) {
    return (m.reading != Reading::none && finite(m.value)) || finite(m.lo) || finite(m.hi);
}

namespace {

/// The levels of `series` in `from` and `to` as every command shows them, when the derivation
/// has both years.
std::optional<std::pair<Measure, Measure>> levels_at(const Derivation& d, const std::string& series,
                                                     int from, int to) {
    const Variable* a = d.find(series, VarKind::level, from);
    const Variable* b = d.find(series, VarKind::level, to);
    if (a == nullptr || b == nullptr) {
        return std::nullopt;
    }
    return std::pair{measure_of(d, *a), measure_of(d, *b)};
}

} // namespace

std::optional<Measure> average_growth(const Derivation& d, const std::string& series, int from,
                                      int to) {
    if (to <= from) {
        return std::nullopt;
    }
    const int years = to - from;
    const auto grow = [&](double change) { return root(1 + change, years); };
    Ends written;
    Ends range;
    if (const Variable* c = d.find_change(series, VarKind::cumulative, from, to)) {
        const Measure m = measure_of(d, *c);
        written = increasing(written_ends(m), grow);
        range = increasing(range_ends(m), grow);
        if (m.reading == Reading::none && !is_known(range)) {
            return std::nullopt;
        }
    } else {
        const auto levels = levels_at(d, series, from, to);
        if (!levels) {
            return std::nullopt;
        }
        const auto& [ma, mb] = *levels;
        const auto avg = [&](double r) { return root(r, years); };
        written = increasing(ratio(written_ends(mb), written_ends(ma)), avg);
        range = increasing(ratio(range_ends(mb), range_ends(ma)), avg);
    }
    if (!is_known(written) && !is_known(range)) {
        return std::nullopt;
    }
    return make_measure(written, range, rate_unit(), false, nan);
}

std::optional<Measure> change_between(const Derivation& d, const std::string& series, int from,
                                      int to, bool points) {
    if (to <= from) {
        return std::nullopt;
    }
    const VarKind kind = points ? VarKind::difference : VarKind::cumulative;
    if (const Variable* c = d.find_change(series, kind, from, to)) {
        const Measure m = measure_of(d, *c);
        return known(m) ? std::optional<Measure>(m) : std::nullopt;
    }
    const auto levels = levels_at(d, series, from, to);
    if (!levels) {
        return std::nullopt;
    }
    const auto& [ma, mb] = *levels;
    Ends written;
    Ends range;
    if (points) {
        written = difference(written_ends(mb), written_ends(ma));
        range = difference(range_ends(mb), range_ends(ma));
    } else {
        const auto minus_one = [](double r) { return r > 0 ? r - 1 : nan; };
        written = increasing(ratio(written_ends(mb), written_ends(ma)), minus_one);
        range = increasing(ratio(range_ends(mb), range_ends(ma)), minus_one);
    }
    if (!is_known(written) && !is_known(range)) {
        return std::nullopt;
    }
    return make_measure(written, range, points ? points_unit() : share_unit(), true, nan);
}

} // namespace ingot::runtime

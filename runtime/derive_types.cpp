// The derivation's data types (derive.hpp): intervals, the lookups of a Derivation, and the value
// a variable shows.
#include "runtime/derive.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace ingot::runtime {

bool Interval::empty() const {
    return lo.value > hi.value || (lo.value == hi.value && (lo.open || hi.open));
}

VarId Derivation::add_variable(Variable variable) {
    const auto id = static_cast<VarId>(variables.size());
    series_variables_[variable.series].push_back(id);
    variables.push_back(std::move(variable));
    return id;
}

const Variable* Derivation::find(const std::string& series, VarKind kind, int year) const {
    const auto it = series_variables_.find(series);
    if (it == series_variables_.end()) {
        return nullptr;
    }
    for (const VarId id : it->second) {
        const Variable& v = variables[id];
        if (v.kind == kind && (kind == VarKind::cumulative || v.year == year)) {
            return &v;
        }
    }
    return nullptr;
}

const Variable* Derivation::find_change(const std::string& series, VarKind kind, int from,
                                        int to) const {
    const auto it = series_variables_.find(series);
    if (it == series_variables_.end()) {
        return nullptr;
    }
    for (const VarId id : it->second) {
        const Variable& v = variables[id];
        if (v.kind == kind && v.from_year == from && v.year == to) {
            return &v;
        }
    }
    return nullptr;
}

std::string Derivation::series_for(const std::string& metric, const std::string& scope,
                                   std::vector<std::string>* ambiguous) const {
    std::vector<std::string> matches;
    for (const auto& [key, m] : series_metrics) {
        const bool same_metric = m != nullptr && (m->name() == metric || key == metric);
        if (!same_metric) {
            continue;
        }
        if (!scope.empty()) {
            if (key == fmt::format("{}({})", m->name(), scope)) {
                return key;
            }
            continue;
        }
        matches.push_back(key);
    }
    if (matches.size() == 1) {
        return matches[0];
    }
    if (const auto exact = std::find(matches.begin(), matches.end(), metric);
        exact != matches.end()) {
        return *exact;
    }
    if (matches.size() > 1 && ambiguous) {
        *ambiguous = matches;
    }
    return "";
}

void Derivations::add(std::unique_ptr<Derivation> derivation) {
    by_name_.emplace(derivation->plan->name(), derivation.get());
    plans.push_back(std::move(derivation));
}

const Derivation* Derivations::find(std::string_view plan) const {
    const auto it = by_name_.find(plan);
    return it == by_name_.end() ? nullptr : it->second;
}

std::optional<double> representative(const Variable& v) {
    const auto from = [](const Interval& i) -> std::optional<double> {
        if (i.empty()) {
            return std::nullopt;
        }
        const bool below = i.bounded_below() && !(i.lo.value == 0 && i.lo.because.empty());
        if (below && i.bounded_above()) {
            return (i.lo.value + i.hi.value) / 2;
        }
        if (below) {
            return i.lo.value; // a target such as `> 300 bn CNY`: its figure as written
        }
        if (i.bounded_above()) {
            return i.hi.value;
        }
        return std::nullopt;
    };
    if (const auto nominal = from(v.nominal)) {
        return nominal;
    }
    return from(v.range);
}

} // namespace ingot::runtime

#include "runtime/value.hpp"

#include <cmath>
#include <fmt/format.h>

namespace ingot::runtime {

std::string to_text(const Value& v, int digits) {
    if (const auto* m = std::get_if<Measure>(&v)) {
        if (m->decimals >= 0) {
            const std::string number =
                fmt::format("{:.{}f}", m->value / m->unit.scale, m->decimals);
            return m->unit.symbol.empty() ? number : number + " " + m->unit.symbol;
        }
        return format_value(m->value / m->unit.scale, m->unit, digits);
    }
    if (const auto* b = std::get_if<bool>(&v)) {
        return *b ? "true" : "false";
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        return *s;
    }
    if (const auto* p = std::get_if<PlanRef>(&v)) {
        return p->plan->name();
    }
    if (const auto* names = std::get_if<Names>(&v)) {
        return fmt::format("{}", fmt::join(names->items, ", "));
    }
    if (const auto* set = std::get_if<PlanSet>(&v)) {
        std::vector<std::string> names;
        for (const PlanRef& p : set->plans) {
            names.push_back(p.plan->name());
        }
        return fmt::format("{}", fmt::join(names, ", "));
    }
    return "unknown";
}

std::string to_text_with_range(const Value& v, int digits) {
    const auto* m = std::get_if<Measure>(&v);
    if (!m || (m->lo == m->value && m->hi == m->value)) {
        if (const auto* u = std::get_if<Unknown>(&v)) {
            return "unknown: " + u->why;
        }
        return to_text(v, digits);
    }
    const auto number = [&](double x, int d) { return format_value(x / m->unit.scale, Unit{}, d); };
    // Enough digits that the ends of a narrow range read differently.
    int d = digits;
    while (d < 10 && !std::isinf(m->lo) && !std::isinf(m->hi) && m->lo != m->hi &&
           number(m->lo, d) == number(m->hi, d)) {
        ++d;
    }
    const std::string unit = m->unit.symbol.empty() ? "" : " " + m->unit.symbol;
    std::string range;
    if (std::isinf(m->lo) && std::isinf(m->hi)) {
        range = "unbounded";
    } else if (std::isinf(m->hi)) {
        range = ">= " + number(m->lo, d) + unit;
    } else if (std::isinf(m->lo)) {
        range = "<= " + number(m->hi, d) + unit;
    } else {
        range = fmt::format("{} … {}{}", number(m->lo, d), number(m->hi, d), unit);
    }
    return fmt::format("{}{} (range {})", number(m->value, d), unit, range);
}

} // namespace ingot::runtime

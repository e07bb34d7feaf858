#include "runtime/value.hpp"

#include <cmath>
#include <fmt/format.h>

namespace ingot::runtime {

DisplayFigure figure_of(const Measure& m) {
    DisplayFigure f;
    const double scale = m.unit.scale;
    f.value = m.value / scale;
    f.reading = m.reading;
    f.lo = {m.lo / scale, m.lo_open};
    f.hi = {m.hi / scale, m.hi_open};
    f.unit = m.unit.symbol;
    f.signed_ = m.change;
    return f;
}

std::string to_text(const Value& v, int digits) {
    if (const auto* m = std::get_if<Measure>(&v)) {
        if (m->decimals >= 0) {
            const std::string number =
                fmt::format("{:.{}f}", m->value / m->unit.scale, m->decimals);
            return m->unit.symbol.empty() ? number : number + " " + m->unit.symbol;
        }
        return format_figure(figure_of(*m), digits).value;
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
    if (const auto* u = std::get_if<Unknown>(&v)) {
        return "unknown: " + u->why;
    }
    const auto* m = std::get_if<Measure>(&v);
    if (!m || m->decimals >= 0) {
        return to_text(v, digits);
    }
    return format_figure(figure_of(*m), digits).full();
}

} // namespace ingot::runtime

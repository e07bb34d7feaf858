#include "runtime/to_public.hpp"

namespace ingot::runtime {

Span to_public(const lang::SourceMap& sources, lang::SourceSpan span) {
    if (span.file >= sources.size()) {
        return {};
    }
    const lang::SourceFile& file = sources.file(span.file);
    const auto at = [&](std::uint32_t offset) {
        const lang::LineColumn lc = file.location(offset);
        return Location{offset, lc.line, lc.column};
    };
    return {file.path(), at(span.begin), at(span.end)};
}

Diagnostic to_public(const lang::SourceMap& sources, const lang::Diagnostic& d) {
    Diagnostic out;
    out.id = d.id;
    out.severity = d.severity;
    out.message = d.message;
    out.primary = {to_public(sources, d.primary.span), d.primary.message};
    for (const lang::Label& label : d.secondary) {
        out.secondary.push_back({to_public(sources, label.span), label.message});
    }
    out.notes = d.notes;
    out.help = d.help;
    for (const lang::Fix& fix : d.fixes) {
        Fix f{fix.title, {}};
        for (const lang::FixEdit& edit : fix.edits) {
            f.edits.push_back({to_public(sources, edit.span), edit.replacement});
        }
        out.fixes.push_back(std::move(f));
    }
    out.values = d.values;
    return out;
}

ingot::Value to_public(const Value& v) {
    return std::visit(
        [](const auto& x) -> ingot::Value {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, runtime::Unknown>) {
                return ingot::Unknown{x.why};
            } else if constexpr (std::is_same_v<T, runtime::Measure>) {
                const double scale = x.unit.scale;
                Number n{x.value / scale, x.lo / scale, x.hi / scale, x.unit.symbol, x.decimals};
                n.reading = static_cast<ingot::Reading>(x.reading);
                n.low_open = x.lo_open;
                n.high_open = x.hi_open;
                n.change = x.change;
                return n;
            } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string>) {
                return x;
            } else if constexpr (std::is_same_v<T, runtime::PlanRef>) {
                return x.plan ? std::string(x.plan->name()) : std::string();
            } else if constexpr (std::is_same_v<T, runtime::PlanSet>) {
                List list;
                for (const runtime::PlanRef& p : x.plans) {
                    list.items.push_back(p.plan->name());
                }
                return list;
            } else {
                return List{x.items};
            }
        },
        v);
}

} // namespace ingot::runtime

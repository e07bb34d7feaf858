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

} // namespace ingot::runtime

// ingot::apply_fixes: the one place where a finding's mechanical fix is turned into new text, so
// that an editor's code action and `ingot check --fix` make the same change.
#include <ingot/ingot.hpp>

#include <algorithm>

namespace ingot {

namespace {

/// A byte range [begin, end) with its replacement.
struct Replacement {
    std::size_t begin = 0;
    std::size_t end = 0;
    const std::string* text = nullptr;
};

/// Whether two edits cannot both be applied: their ranges share a byte, an insertion falls
/// strictly inside the other's range, or both start at the same offset (two insertions at one
/// point would have no defined order).
bool overlap(const Replacement& a, const Replacement& b) {
    return a.begin == b.begin || (a.begin < b.end && b.begin < a.end);
}

} // namespace

FixResult apply_fixes(std::string_view text, const std::vector<Fix>& fixes) {
    FixResult out;
    std::vector<Replacement> taken;
    for (std::size_t i = 0; i < fixes.size(); ++i) {
        std::vector<Replacement> edits;
        bool usable = !fixes[i].edits.empty();
        for (const Edit& edit : fixes[i].edits) {
            const Replacement r{edit.span.begin.offset, edit.span.end.offset, &edit.replacement};
            usable = usable && r.begin <= r.end && r.end <= text.size();
            edits.push_back(r);
        }
        for (std::size_t a = 0; usable && a < edits.size(); ++a) {
            for (std::size_t b = a + 1; usable && b < edits.size(); ++b) {
                usable = !overlap(edits[a], edits[b]);
            }
            usable = usable && std::none_of(taken.begin(), taken.end(), [&](const Replacement& t) {
                         return overlap(t, edits[a]);
                     });
        }
        if (!usable) {
            out.skipped.push_back(i);
            continue;
        }
        taken.insert(taken.end(), edits.begin(), edits.end());
        out.applied.push_back(i);
    }
    std::sort(taken.begin(), taken.end(),
              [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });
    std::size_t at = 0;
    for (const Replacement& r : taken) {
        out.text.append(text.substr(at, r.begin - at));
        out.text.append(*r.text);
        at = r.end;
    }
    out.text.append(text.substr(at));
    return out;
}

} // namespace ingot

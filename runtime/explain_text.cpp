// The text of an explanation: how `ingot explain` shows an ingot::Explanation.
#include "ingot/explain.hpp"

#include "lang/source.hpp"
#include "lang/text.hpp"
#include "runtime/units.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>

namespace ingot {

namespace {

constexpr std::string_view minus = "\u2212"; // −, as in the arithmetic shown

using runtime::format_value;

/// A citation as it is written in a plan: `[ILK: "年均增长5%左右"]`.
std::string citation_text(const ExplainCitation& c) {
    if (!c.quote) {
        return fmt::format("[{}]", c.source);
    }
    return fmt::format("[{}: \"{}\"]", c.source, lang::escaped_text(*c.quote));
}

/// Pads `text` with spaces to `width` terminal columns.
std::string pad(const std::string& text, std::size_t width) {
    const std::size_t w = lang::display_width(text);
    return w >= width ? text : text + std::string(width - w, ' ');
}

/// "2025", "2025 and 2026", "2025–2028".
std::string years_text(int first, int last) {
    if (first == last) {
        return std::to_string(first);
    }
    if (last == first + 1) {
        return fmt::format("{} and {}", first, last);
    }
    return fmt::format("{}\u2013{}", first, last);
}

bool bounded_below(const ExplainValue& v) {
    return v.lo.value > -std::numeric_limits<double>::infinity();
}
bool bounded_above(const ExplainValue& v) {
    return v.hi.value < std::numeric_limits<double>::infinity();
}
bool unbounded(const ExplainValue& v) {
    return !bounded_below(v) && !bounded_above(v);
}
bool is_point(const ExplainValue& v) {
    return v.lo.value == v.hi.value;
}
bool empty(const ExplainValue& v) {
    return v.lo.value > v.hi.value || (v.lo.value == v.hi.value && (v.lo.open || v.hi.open));
}

class Renderer {
public:
    Renderer(const Explanation& e, const ExplainRenderOptions& options)
        : e_(e), digits_(std::clamp(options.digits, 1, 15)) {}

    std::string run() {
        std::string out = header();
        out += '\n';
        out += table();
        out += period();
        if (outside_) {
            out +=
                "* as written, the figures give a value outside the range: they agree only within "
                "their rounding (`ingot check` says how)\n";
        }
        if (!e_.consistent) {
            out += "\nThe figures contradict each other (`ingot check` reports the contradiction): "
                   "the ranges are where the derivation stopped.\n";
        } else if (!e_.nominal_consistent) {
            out += "\nAs written, the figures disagree (they agree only within their rounding): "
                   "no value is shown as written.\n";
        }
        out += how();
        return out;
    }

private:
    // ---- values -------------------------------------------------------------------------------

    /// A value in the unit it is shown in: 79.19 (Mt), 3.45 (%/yr), 7.02 (%).
    static double in_unit(const ExplainValue& v, double x) {
        return v.kind == ExplainValue::Kind::level ? x : x * 100;
    }

    static runtime::Unit unit_of(const ExplainValue& v) {
        runtime::Unit u;
        u.symbol = v.unit;
        return u;
    }

    /// Significant digits for a value: the requested ones, or more until each shown number is
    /// within a tenth of the range's width of its value.
    int digits_for(const ExplainValue& v) const {
        const int base = digits_;
        if (!bounded_below(v) || !bounded_above(v) || empty(v) || is_point(v)) {
            return base;
        }
        std::vector<double> values{in_unit(v, v.lo.value), in_unit(v, v.hi.value)};
        const double tolerance = std::abs(values[1] - values[0]) / 10;
        if (v.nominal) {
            values.push_back(in_unit(v, *v.nominal));
        }
        const int most = std::min(base + 6, 15);
        for (int digits = base; digits < most; ++digits) {
            const bool close = std::all_of(values.begin(), values.end(), [&](double x) {
                const std::string shown_text = format_value(x, runtime::Unit{}, digits);
                return std::abs(std::strtod(shown_text.c_str(), nullptr) - x) <= tolerance;
            });
            if (close) {
                return digits;
            }
        }
        return most;
    }

    static std::string number(const ExplainValue& v, double x, int digits) {
        return format_value(in_unit(v, x), unit_of(v), digits);
    }

    /// "2.8 … 4.09 %/yr", "> 20 Mt", "unknown": like describe_interval, with the unit once.
    static std::string range_text(const ExplainValue& v, int digits) {
        if (empty(v)) {
            return "no possible value";
        }
        if (unbounded(v)) {
            return "unknown";
        }
        if (!bounded_above(v)) {
            return fmt::format("{} {}", v.lo.open ? ">" : ">=", number(v, v.lo.value, digits));
        }
        if (!bounded_below(v)) {
            return fmt::format("{} {}", v.hi.open ? "<" : "<=", number(v, v.hi.value, digits));
        }
        std::string hi = number(v, v.hi.value, digits);
        if (is_point(v)) {
            return hi;
        }
        return fmt::format("{} \u2026 {}",
                           format_value(in_unit(v, v.lo.value), runtime::Unit{}, digits), hi);
    }

    /// "3.45 %/yr (2.8 … 4.09 %/yr)": the value as written, then the range; "unknown" when
    /// nothing is known. Sets `outside` when the value as written lies outside the range.
    std::string cell(const ExplainValue& v, bool* outside = nullptr) const {
        const int digits = digits_for(v);
        const std::string r = unbounded(v) ? "" : range_text(v, digits);
        if (!v.nominal) {
            return unbounded(v) ? "unknown" : r;
        }
        const double nom = *v.nominal;
        std::string x = number(v, nom, digits);
        if (outside != nullptr && !empty(v)) {
            *outside = nom < v.lo.value || nom > v.hi.value || (nom == v.lo.value && v.lo.open) ||
                       (nom == v.hi.value && v.hi.open);
        }
        if (unbounded(v) || r == x) {
            return x;
        }
        return fmt::format("{} ({})", x, r);
    }

    /// An operand as a factor of a product: `79.19 Mt`, `(1 + 4.5 %/yr)`, `(1 − 2 %)`.
    std::string term_value(const ExplainValue& v, double x) const {
        const int digits = digits_for(v);
        if (v.kind == ExplainValue::Kind::points) { // a term of a sum: `+ 5 pp`
            return number(v, x, digits);
        }
        if (v.kind != ExplainValue::Kind::level) {
            const double g = in_unit(v, x);
            return g < 0 ? fmt::format("(1 {} {})", minus, format_value(-g, unit_of(v), digits))
                         : fmt::format("(1 + {})", format_value(g, unit_of(v), digits));
        }
        return number(v, x, digits);
    }

    std::string arithmetic(const std::vector<ExplainTerm>& terms) const {
        std::string out;
        for (const ExplainTerm& t : terms) {
            out += t.quantity ? term_value(*t.quantity, t.value) : t.text;
        }
        return out;
    }

    // ---- steps --------------------------------------------------------------------------------

    static std::string refs_text(const std::vector<std::size_t>& figures) {
        std::vector<std::string> parts;
        parts.reserve(figures.size());
        for (const std::size_t f : figures) {
            parts.push_back(fmt::format("[{}]", f + 1));
        }
        return fmt::format("{}", fmt::join(parts, " "));
    }

    /// " = 5 %/yr", or " >= 5 %/yr" for a bound.
    static std::string equals(const std::string& value) {
        return value.starts_with('>') || value.starts_with('<') ? " " + value : " = " + value;
    }

    static std::string side_label(const ExplainValue& v, ExplainDerivation::Side side) {
        switch (side) {
        case ExplainDerivation::Side::as_written:
            return "as written";
        case ExplainDerivation::Side::lower:
            return v.lo.open ? "above" : "at least";
        case ExplainDerivation::Side::upper:
            break;
        }
        return v.hi.open ? "below" : "at most";
    }

    /// The lines of one step: one line for a value read from the same figures on every side,
    /// a formula and its numbers per side when every side follows by the same formula, else one
    /// line per side.
    void step_lines(const ExplainStep& step, std::vector<std::string>& out) const {
        using Kind = ExplainDerivation::Kind;
        const std::vector<ExplainDerivation>& ds = step.derivations;
        if (ds.empty()) {
            return;
        }
        const std::string& name = step.name;
        const int digits = digits_for(step.value);
        const auto value = [&](const ExplainDerivation& d) {
            return number(step.value, d.value, digits);
        };
        const auto is = [&](Kind k) {
            return std::all_of(ds.begin(), ds.end(),
                               [&](const ExplainDerivation& d) { return d.kind == k; });
        };
        const bool one_figure =
            is(Kind::figure) && std::all_of(ds.begin(), ds.end(), [&](const ExplainDerivation& d) {
                return d.figures == ds.front().figures;
            });
        if (one_figure) {
            out.push_back(fmt::format("  {}{}, by {}", name, equals(cell(step.value)),
                                      refs_text(ds.front().figures)));
            return;
        }
        const bool one_formula =
            is(Kind::relation) &&
            std::all_of(ds.begin(), ds.end(), [&](const ExplainDerivation& d) {
                return d.formula == ds.front().formula && d.figures == ds.front().figures;
            });
        if (one_formula) {
            const ExplainDerivation& first = ds.front();
            out.push_back(
                fmt::format("  {} = {}{}:", name, first.formula,
                            first.figures.empty() ? "" : ", by " + refs_text(first.figures)));
            for (const ExplainDerivation& d : ds) {
                out.push_back(fmt::format("    {}  {} = {} = {}",
                                          pad(side_label(step.value, d.side), 10), name,
                                          arithmetic(d.arithmetic), value(d)));
            }
            return;
        }
        out.push_back(fmt::format("  {}{}:", name, equals(cell(step.value))));
        for (const ExplainDerivation& d : ds) {
            const std::string by = d.figures.empty() ? "" : ", by " + refs_text(d.figures);
            std::string line;
            switch (d.kind) {
            case Kind::figure:
                line = fmt::format("{}{}", value(d), by);
                break;
            case Kind::relation: {
                const std::string head = fmt::format("{} = {}", name, d.formula);
                const std::string tail =
                    fmt::format("= {} = {}{}", arithmetic(d.arithmetic), value(d), by);
                line = head + " " + tail;
                if (lang::display_width(line) + 16 > 100) { // too wide: the numbers below
                    line = head + "\n" + std::string(16, ' ') + tail;
                }
                break;
            }
            case Kind::opaque:
                line = d.formula.empty()
                           ? value(d)
                           : fmt::format("{} = {} = {}{}", name, d.formula, value(d), by);
                break;
            }
            out.push_back(fmt::format("    {}  {}", pad(side_label(step.value, d.side), 10), line));
        }
    }

    std::vector<std::string> section_lines(const ExplainSection& s) const {
        std::vector<std::string> lines;
        for (const std::size_t i : s.steps) {
            step_lines(e_.steps.at(i), lines);
        }
        return lines;
    }

    // ---- the parts of the text ----------------------------------------------------------------

    std::string header() const {
        std::string out = fmt::format("{}.{}", e_.plan, e_.series);
        if (e_.label) {
            out += fmt::format(" \u2014 {}", lang::printable(*e_.label));
        }
        if (!e_.unit.empty()) {
            out += fmt::format(" ({})", e_.unit);
        }
        return out + "\n";
    }

    std::string table() {
        std::vector<std::array<std::string, 3>> rows{{"year", "level", "growth"}};
        for (const ExplainYear& y : e_.years) {
            std::array<std::string, 3> row{
                y.base ? fmt::format("{} (base)", y.year) : std::to_string(y.year), "", ""};
            const auto fill = [&](const ExplainValue& v, std::string& text) {
                bool outside = false;
                text = cell(v, &outside);
                if (outside) {
                    text += " *";
                    outside_ = true;
                }
            };
            fill(y.level, row[1]);
            fill(y.growth, row[2]);
            rows.push_back(std::move(row));
        }
        std::size_t widths[2] = {0, 0};
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < 2; ++c) {
                widths[c] = std::max<std::size_t>(widths[c], lang::display_width(row[c]));
            }
        }
        std::string out;
        for (const auto& row : rows) {
            out += fmt::format("  {}   {}   {}\n", pad(row[0], widths[0]), pad(row[1], widths[1]),
                               row[2]);
        }
        return out;
    }

    std::string period() {
        if (!e_.period) {
            return "";
        }
        const ExplainPeriod& p = *e_.period;
        std::string out = fmt::format("\nFrom {} to {}: ", p.from_year, p.to_year);
        bool outside = false;
        const std::string total = cell(p.change, &outside);
        out += fmt::format("change {}{}", total, outside ? " *" : "");
        outside_ = outside_ || outside;
        if (p.average) {
            out += fmt::format(", an average of {}", cell(*p.average));
        }
        return out + "\n";
    }

    std::string how() const {
        if (e_.figures.empty()) {
            return fmt::format("\nHow it follows: no figure or identity of `{}` bears on `{}`{}.\n",
                               e_.plan, e_.series,
                               e_.year ? fmt::format(" in {}", *e_.year) : std::string());
        }
        std::string out = "\nHow it follows\n\n";
        std::vector<const ExplainCitation*> cited_sources; // first citation of each source
        for (std::size_t i = 0; i < e_.figures.size(); ++i) {
            const ExplainFigure& f = e_.figures[i];
            const std::string number = fmt::format("[{}] ", i + 1);
            out += fmt::format("  {}{}  ({}:{})\n", number, lang::printable(f.summary),
                               lang::printable(f.span.path), f.span.begin.line);
            for (const ExplainCitation& citation : f.citations) {
                out += fmt::format("  {}{}\n", std::string(number.size(), ' '),
                                   citation_text(citation));
                if (std::none_of(
                        cited_sources.begin(), cited_sources.end(),
                        [&](const ExplainCitation* c) { return c->source == citation.source; })) {
                    cited_sources.push_back(&citation);
                }
            }
        }
        out += "\n  Figures are read at their written precision (4.4 % is 4.35 \u2026 4.45 %); `~` "
               "adds the about tolerance.\n";
        // Consecutive years whose growth and steps read alike are shown together.
        const auto& sections = e_.sections;
        for (std::size_t i = 0; i < sections.size();) {
            const ExplainSection& s = sections[i];
            const std::vector<std::string> lines = section_lines(s);
            const std::string value = cell(s.value);
            std::string title;
            std::size_t j = i + 1;
            switch (s.kind) {
            case ExplainSection::Kind::growth:
                while (j < sections.size() && sections[j].kind == ExplainSection::Kind::growth &&
                       sections[j].year == sections[j - 1].year + 1 &&
                       section_lines(sections[j]) == lines && cell(sections[j].value) == value) {
                    ++j;
                }
                title = fmt::format("Growth in {}: {}", years_text(s.year, sections[j - 1].year),
                                    value);
                break;
            case ExplainSection::Kind::change:
                title = fmt::format("Change from {} to {}: {}", s.from_year, s.year, value);
                break;
            case ExplainSection::Kind::level:
                title = fmt::format("Level in {}: {}", s.year, value);
                break;
            }
            if (s.kind != ExplainSection::Kind::growth && lines.empty()) {
                title += " (shown above)";
            }
            out += fmt::format("\n{}\n", title);
            for (const std::string& line : lines) {
                out += line + "\n";
            }
            i = j;
        }
        out += sources(cited_sources);
        return out;
    }

    static std::string sources(const std::vector<const ExplainCitation*>& cited) {
        std::vector<const ExplainCitation*> found;
        std::size_t width = 0;
        for (const ExplainCitation* c : cited) {
            if (c->url) {
                found.push_back(c);
                width = std::max(width, c->source.size());
            }
        }
        if (found.empty()) {
            return "";
        }
        std::string out = "\nSources\n";
        for (const ExplainCitation* c : found) {
            out += fmt::format("  {}  {}{}\n", pad(c->source, width), lang::printable(*c->url),
                               c->description
                                   ? fmt::format(" \u2014 {}", lang::printable(*c->description))
                                   : std::string());
        }
        return out;
    }

    const Explanation& e_;
    int digits_;
    bool outside_ = false; // a value as written lies outside its range (footnote `*`)
};

} // namespace

std::string render_text(const Explanation& explanation, const ExplainRenderOptions& options) {
    return Renderer(explanation, options).run();
}

} // namespace ingot

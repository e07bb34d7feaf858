// The text of an explanation: how `ingot explain` shows an ingot::Explanation.
#include "ingot/explain.hpp"

#include "lang/source.hpp"
#include "lang/text.hpp"
#include "runtime/figure.hpp"
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

/// An explained value as format_figure shows it: levels in their unit, growth and changes in
/// % (the data holds fractions); changes carry their sign.
runtime::DisplayFigure figure(const ExplainValue& v) {
    const double k = v.kind == ExplainValue::Kind::level ? 1 : 100;
    runtime::DisplayFigure f;
    if (v.nominal) {
        f.value = *v.nominal * k;
        f.reading = static_cast<runtime::Reading>(v.reading);
    } else {
        f.reading = runtime::Reading::none;
    }
    f.lo = {v.lo.value * k, v.lo.open};
    f.hi = {v.hi.value * k, v.hi.open};
    f.unit = v.unit;
    f.signed_ = v.kind == ExplainValue::Kind::change || v.kind == ExplainValue::Kind::points;
    return f;
}

class Renderer {
public:
    Renderer(const Explanation& e, const ExplainRenderOptions& options)
        : e_(e), digits_(std::clamp(options.digits, 1, 15)) {}

    std::string run() {
        // The parts are made first: the footnote on `*` follows the table and the period when
        // any value shown anywhere is marked.
        const std::string head = header();
        const std::string rows = table();
        const std::string change = period();
        const std::string steps = how();
        std::string out = head + '\n' + rows + change;
        if (outside_) {
            out += fmt::format("{} (`ingot check` says how)\n", runtime::outside_footnote);
        }
        if (!e_.consistent) {
            out += "\nThe figures contradict each other (`ingot check` reports the contradiction): "
                   "the ranges are where the derivation stopped.\n";
        } else if (!e_.nominal_consistent) {
            out += "\nAs written, the figures disagree (they agree only within their rounding): "
                   "no value is shown as written.\n";
        }
        return out + steps;
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

    /// The significant digits of a value and of the numbers of its steps (runtime/figure.hpp).
    int digits_for(const ExplainValue& v) const {
        return runtime::figure_digits(figure(v), digits_);
    }

    /// One number of a value, as its figure shows it: `79.19 Mt`, `+5 pp`.
    static std::string number(const ExplainValue& v, double x, int digits) {
        return runtime::figure_number(figure(v), in_unit(v, x), digits);
    }

    /// "3.45 %/yr (2.8 … 4.09 %/yr)": the figure of the value (runtime/figure.hpp), marked `*`
    /// when it lies outside its range.
    std::string cell(const ExplainValue& v) const {
        const runtime::FigureText text = runtime::format_figure(figure(v), digits_);
        outside_ = outside_ || text.marked;
        return text.full();
    }

    /// An operand as a factor of a product: `79.19 Mt`, `(1 + 4.5 %/yr)`, `(1 − 2 %)`.
    std::string term_value(const ExplainValue& v, double x) const {
        const int digits = digits_for(v);
        if (v.kind == ExplainValue::Kind::points) { // a term of a sum: `+ 5 pp`
            return format_value(in_unit(v, x), unit_of(v), digits);
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

    std::string table() const {
        std::vector<std::array<std::string, 3>> rows{{"year", "level", "growth"}};
        for (const ExplainYear& y : e_.years) {
            std::array<std::string, 3> row{
                y.base ? fmt::format("{} (base)", y.year) : std::to_string(y.year), "", ""};
            row[1] = cell(y.level);
            row[2] = cell(y.growth);
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

    /// "From 2024 to 2026: change +7.91 % (…), an average of …"; for a share, the change in pp
    /// first and the relative change beside it.
    std::string period() const {
        if (!e_.period) {
            return "";
        }
        const ExplainPeriod& p = *e_.period;
        std::string out =
            fmt::format("\nFrom {} to {}: change {}", p.from_year, p.to_year, cell(p.change));
        if (p.relative) {
            out += fmt::format(", relative change {}", cell(*p.relative));
        }
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
                // A share's change is in pp; its relative change is said to be one.
                title = fmt::format("{} from {} to {}: {}",
                                    e_.period && e_.period->relative &&
                                            s.value.kind == ExplainValue::Kind::change
                                        ? "Relative change"
                                        : "Change",
                                    s.from_year, s.year, value);
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
    mutable bool outside_ = false; // a value shown lies outside its range (footnote `*`)
};

} // namespace

std::string to_text(const ExplainValue& value, int digits) {
    return runtime::format_figure(figure(value), digits).full();
}

std::string render_text(const Explanation& explanation, const ExplainRenderOptions& options) {
    return Renderer(explanation, options).run();
}

} // namespace ingot

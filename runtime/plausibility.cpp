#include "runtime/plausibility.hpp"

#include "runtime/registry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <optional>

namespace ingot::runtime::detail {

namespace {

using lang::Diagnostic;
using lang::Severity;

/// The scale slips looked for: 10² (万 read as million, or the reverse), 10³ (kt and Mt, t and
/// kt) and 10⁴ (万 dropped or added).
constexpr double inf = std::numeric_limits<double>::infinity();

constexpr std::array<int, 6> slips = {-2, 2, -3, 3, -4, 4};

/// `text` without its digit separators: `1_000` is `1000`.
std::string without_separators(std::string_view text) {
    std::string number;
    std::copy_if(text.begin(), text.end(), std::back_inserter(number),
                 [](char c) { return c != '_'; });
    return number;
}

/// `text` (a number as written: `7919`, `19.15`, `1_000`, `1.5e3`) times 10^`shift`, written the
/// same way, so the written precision moves with it: `7919` and -2 give `79.19`, `0.2` and 2
/// give `20`.
std::string shifted(std::string_view text, int shift) {
    std::string number = without_separators(text);
    if (const auto e = number.find_first_of("eE"); e != std::string::npos) {
        const int exponent = std::atoi(number.c_str() + e + 1) + shift;
        number.resize(e);
        return exponent == 0 ? number : fmt::format("{}e{}", number, exponent);
    }
    const auto dot = number.find('.');
    const std::string whole = number.substr(0, dot);
    const std::string digits = dot == std::string::npos ? whole : whole + number.substr(dot + 1);
    const long point = static_cast<long>(whole.size()) + shift;
    std::string out;
    if (point <= 0) {
        out = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    } else if (point >= static_cast<long>(digits.size())) {
        out = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
    } else {
        out = digits.substr(0, static_cast<std::size_t>(point)) + "." +
              digits.substr(static_cast<std::size_t>(point));
    }
    if (out.find('.') != std::string::npos) { // `2000` ÷ 100 reads `20`, not `20.00`
        out.erase(out.find_last_not_of('0') + 1);
        if (out.back() == '.') {
            out.pop_back();
        }
    }
    const auto first = out.find_first_not_of('0');
    if (first == std::string::npos) {
        return "0";
    }
    return out.substr(first < out.size() && out[first] == '.' ? first - 1 : first);
}

/// Whether `quote` writes `number` followed by a scale word (`7919万吨`, `2,000 million`): then
/// the figure's number is the source's, and its scale is the likelier slip.
bool quoted_with_scale(std::string_view quote, std::string_view number) {
    static constexpr std::array<std::string_view, 8> scales = {
        "万", "亿", "千", "million", "billion", "thousand", "mn", "bn"};
    for (auto at = quote.find(number); at != std::string_view::npos;
         at = quote.find(number, at + 1)) {
        const bool starts = at == 0 || (!std::isdigit(static_cast<unsigned char>(quote[at - 1])) &&
                                        quote[at - 1] != '.' && quote[at - 1] != ',');
        std::size_t next = at + number.size();
        if (!starts ||
            (next < quote.size() && std::isdigit(static_cast<unsigned char>(quote[next])))) {
            continue;
        }
        while (next < quote.size() && quote[next] == ' ') {
            ++next;
        }
        const std::string_view rest = quote.substr(next);
        if (std::any_of(scales.begin(), scales.end(),
                        [&](std::string_view w) { return rest.substr(0, w.size()) == w; })) {
            return true;
        }
    }
    return false;
}

std::string signed_rate(double fraction) {
    const std::string text = format_value(fraction * 100, rate_unit());
    return fraction > 0 ? "+" + text : text;
}

std::string power_of_ten(int shift) {
    return fmt::format("{} {}", shift < 0 ? "÷" : "×",
                       static_cast<long long>(std::pow(10, std::abs(shift))));
}

class Plausibility {
public:
    Plausibility(const PlanSystem& system, const DerivationOptions& options)
        : s_(system), d_(*system.derivation), limit_(options.plausible_change) {}

    std::vector<Diagnostic> run() {
        std::map<std::string, std::vector<const LevelFigure*>> by_series;
        for (const LevelFigure& f : s_.level_figures) {
            if (f.written < 0 && !f.unit.may_be_negative()) {
                if (f.unit.kind != UnitKind::share) { // a share below zero is `share-range`
                    negative(f);
                }
            } else if (!f.every_year && f.written > 0) {
                by_series[d_.variables[f.var].series].push_back(&f);
            }
        }
        for (auto& [series, figures] : by_series) {
            std::stable_sort(
                figures.begin(), figures.end(),
                [&](const LevelFigure* a, const LevelFigure* b) { return year(*a) < year(*b); });
            changes(series, figures);
        }
        std::stable_sort(out_.begin(), out_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return a.primary.span.begin < b.primary.span.begin;
        });
        return std::move(out_);
    }

private:
    int year(const LevelFigure& f) const { return d_.variables[f.var].year; }
    const Constraint& constraint(const LevelFigure& f) const {
        return d_.constraints[f.constraint];
    }
    /// The figure's base value, optionally rescaled by 10^shift.
    static double value(const LevelFigure& f, int shift = 0) {
        return f.written * f.unit.scale * std::pow(10.0, shift);
    }
    static double yearly_change(double from, double to, int years) {
        return std::pow(to / from, 1.0 / years) - 1;
    }
    std::string written(const LevelFigure& f, int shift = 0) const {
        const lang::Quantity& q = *f.quantity;
        if (shift == 0 && !q.high) {
            return fmt::format("{} {}", q.low.text, f.unit.symbol);
        }
        if (q.high) {
            return fmt::format("{}..{} {}", shifted(q.low.text, shift),
                               shifted(q.high->text, shift), f.unit.symbol);
        }
        return fmt::format("{} {}", shifted(q.low.text, shift), f.unit.symbol);
    }

    bool quotes_scale(const LevelFigure& f) const {
        const std::vector<lang::Citation>* citations = constraint(f).citations;
        const std::string number = without_separators(f.quantity->low.text);
        return citations &&
               std::any_of(citations->begin(), citations->end(), [&](const lang::Citation& c) {
                   return c.quote && quoted_with_scale(c.quote->value, number);
               });
    }

    /// The largest yearly change between figures adjacent in time, with `shift` applied to
    /// `rescaled` (none when null).
    double worst_change(const std::vector<const LevelFigure*>& figures, const LevelFigure* rescaled,
                        int shift) const {
        double worst = 0;
        for (std::size_t i = 1; i < figures.size(); ++i) {
            const LevelFigure& a = *figures[i - 1];
            const LevelFigure& b = *figures[i];
            if (year(a) == year(b)) {
                continue;
            }
            const double r = yearly_change(value(a, &a == rescaled ? shift : 0),
                                           value(b, &b == rescaled ? shift : 0), year(b) - year(a));
            worst = std::isfinite(r) ? std::max(worst, std::abs(r)) : inf;
        }
        return worst;
    }

    void changes(const std::string& series, const std::vector<const LevelFigure*>& figures) {
        for (std::size_t i = 1; i < figures.size(); ++i) {
            const LevelFigure& a = *figures[i - 1];
            const LevelFigure& b = *figures[i];
            if (year(a) == year(b)) {
                continue;
            }
            const double r = yearly_change(value(a), value(b), year(b) - year(a));
            if (!std::isfinite(r) || std::abs(r) <= limit_) {
                continue;
            }
            report_change(series, figures, a, b, r);
            return; // one finding per series: its fix makes every change plausible, or none does
        }
    }

    struct Rescale {
        const LevelFigure* figure;
        int shift;
        double change; // the change of the pair once rescaled
    };

    void report_change(const std::string& series, const std::vector<const LevelFigure*>& figures,
                       const LevelFigure& a, const LevelFigure& b, double r) {
        // Rescales of either figure of the pair that make every change of the series
        // plausible: first those of a figure whose source quotes its number with a scale word
        // (the scale is then what slipped), then a baseline's (figures copied from statistics
        // slip more often than targets), then the earlier statement's.
        std::vector<Rescale> fixes;
        for (const LevelFigure* f : {&a, &b}) {
            for (const int shift : slips) {
                if (worst_change(figures, f, shift) <= limit_) {
                    const double from = value(a, f == &a ? shift : 0);
                    const double to = value(b, f == &b ? shift : 0);
                    fixes.push_back({f, shift, yearly_change(from, to, year(b) - year(a))});
                }
            }
        }
        std::stable_sort(fixes.begin(), fixes.end(), [&](const Rescale& x, const Rescale& y) {
            const auto rank = [&](const Rescale& z) {
                return (quotes_scale(*z.figure) ? 0 : 2) +
                       (constraint(*z.figure).kind == Constraint::Kind::baseline ? 0 : 1);
            };
            return rank(x) < rank(y);
        });
        // A source that quotes the number with a scale word settles which figure slipped: the
        // other's rescales are no longer alternatives.
        if (std::any_of(fixes.begin(), fixes.end(),
                        [&](const Rescale& z) { return quotes_scale(*z.figure); })) {
            std::erase_if(fixes, [&](const Rescale& z) { return !quotes_scale(*z.figure); });
        }
        const LevelFigure& suspect = fixes.empty() ? a : *fixes.front().figure;
        const LevelFigure& other = &suspect == &a ? b : a;
        Diagnostic d = lang::make_diagnostic(
            Severity::warning, check::implausible_change,
            fmt::format("`{}` changes by {} from {} in {} to {} in {}: beyond the plausible "
                        "±{}",
                        series, signed_rate(r), written(a), year(a), written(b), year(b),
                        format_value(limit_ * 100, rate_unit())),
            suspect.quantity->span, fixes.empty() ? "implausible" : "a slip of scale?");
        d.secondary.push_back({other.quantity->span, constraint(other).summary});
        for (const Rescale& fix : fixes) {
            const std::string now = written(*fix.figure, fix.shift);
            d.notes.push_back(fmt::format("with {} ({} {}) the change is {}", now,
                                          written(*fix.figure), power_of_ten(fix.shift),
                                          signed_rate(fix.change)));
            const lang::Number& low = fix.figure->quantity->low;
            lang::Fix edit{fmt::format("replace `{}` with `{}`", written(*fix.figure), now),
                           {{low.span, shifted(low.text, fix.shift)}}};
            if (const auto& high = fix.figure->quantity->high) {
                edit.edits.push_back({high->span, shifted(high->text, fix.shift)});
            }
            d.fixes.push_back(std::move(edit));
        }
        d.help = fixes.empty()
                     ? "check both figures and their units against the sources; a plan that "
                       "really expects this change deserves a note saying so"
                 : quotes_scale(suspect)
                     ? fmt::format("the source writes `{}` with a scale word: check which "
                                   "scale it means (万 is 10⁴, 亿 is 10⁸, million is 10⁶)",
                                   suspect.quantity->low.text)
                     : fmt::format("check `{}` against the source: a scale word (万, 亿, k, mn, "
                                   "bn) read wrongly moves a figure by a power of ten",
                                   written(suspect));
        out_.push_back(std::move(d));
    }

    void negative(const LevelFigure& f) {
        const std::string series = d_.variables[f.var].series;
        Diagnostic d =
            lang::make_diagnostic(Severity::warning, check::negative_level,
                                  fmt::format("`{}` is measured in {} and cannot be negative: {}",
                                              series, f.unit.symbol, constraint(f).summary),
                                  f.quantity->span, "below zero");
        d.help = "check the sign against the source; a fall belongs in `falls`, not in a level";
        if (!f.quantity->high && f.quantity->low.text.rfind('-', 0) == 0) {
            const lang::Number& low = f.quantity->low;
            d.fixes.push_back({fmt::format("drop the minus sign of `{}`", low.text),
                               {{low.span, low.text.substr(1)}}});
        }
        out_.push_back(std::move(d));
    }

    const PlanSystem& s_;
    const Derivation& d_;
    double limit_;
    std::vector<Diagnostic> out_;
};

} // namespace

std::vector<lang::Diagnostic> plausibility_findings(const PlanSystem& system,
                                                    const DerivationOptions& options) {
    if (!system.derivable || !system.derivation) {
        return {};
    }
    return Plausibility(system, options).run();
}

} // namespace ingot::runtime::detail

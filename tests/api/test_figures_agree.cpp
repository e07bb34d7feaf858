// One number everywhere: for every derived value of every plan in plans/ (every series, every
// year, levels and growth, and the change over the period), `ingot explain`, `ingot eval`, a rule's
// message and `ingot check --implied` print the same figure: the same value and the same range
// (docs/language.md, "How figures are printed"). Driven through the public API, which is what the
// commands print with: render_text (explain), to_text_with_range (eval), the rule's message, and
// the implied findings' messages.
#include "api_support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace api_test;

namespace {

const std::string separator = " ¦ ";

/// The value of a figure's text, without its range: `3.45 %/yr` of `3.45 %/yr (2.8 … 4.09
/// %/yr)`, `> 3.88 %/yr` of `> 3.88 %/yr (> 3.79 %/yr)`.
std::string value_part(const std::string& figure) {
    const auto at = figure.find(" (");
    return at == std::string::npos ? figure : figure.substr(0, at);
}

/// What eval prints for an expression: the figure, or `unknown`.
std::string eval_text(ingot::Analysis& analysis, const std::string& plan,
                      const std::string& expression) {
    const ingot::EvalResult r = analysis.eval(plan, expression);
    INFO(plan << ": " << expression);
    REQUIRE(r.diagnostics.empty());
    REQUIRE(r.value);
    if (std::holds_alternative<ingot::Unknown>(*r.value)) {
        return "unknown";
    }
    return ingot::to_text_with_range(*r.value);
}

/// The text between `before` and the next `after` in `text`, or nullopt.
std::optional<std::string> between(const std::string& text, const std::string& before,
                                   const std::string& after) {
    const auto start = text.find(before);
    if (start == std::string::npos) {
        return std::nullopt;
    }
    const auto from = start + before.size();
    const auto end = text.find(after, from);
    if (end == std::string::npos) {
        return std::nullopt;
    }
    return text.substr(from, end - from);
}

/// One derived value: the expression eval and rules compute it with, and the figure explain
/// prints for it.
struct Derived {
    std::string expression; // `level(output(metals), 2025)`
    std::string figure;     // `80.38 Mt (80.25 … 80.5 Mt)`
};

struct PlanValues {
    std::string path; // the plan's file, as the workspace knows it
    int base_year = 0;
    int last_year = 0;
    std::vector<Derived> values;
    std::map<std::string, std::vector<ingot::ExplainYear>> years; // by series
    std::map<std::string, std::optional<ingot::ExplainPeriod>> periods;
};

/// Every derived value of every plan with a period, as explain gives it, each checked against
/// eval and against explain's printed text.
std::map<std::string, PlanValues> explained_values(ingot::Analysis& analysis) {
    std::map<std::string, PlanValues> out;
    for (const ingot::Plan& plan : analysis.plans()) {
        const ingot::Derivation* d = analysis.derivation(plan.name);
        if (!plan.first_year || d == nullptr || d->series.empty()) {
            continue;
        }
        PlanValues& pv = out[plan.name];
        pv.path = plan.path;
        pv.base_year = d->base_year;
        pv.last_year = d->last_year;
        for (const ingot::DerivedSeries& s : d->series) {
            const ingot::Explanation e = analysis.explain(plan.name, s.series);
            const std::string printed = ingot::render_text(e);
            const auto add = [&](const std::string& expression, const ingot::ExplainValue& v) {
                pv.values.push_back({expression, ingot::to_text(v)});
            };
            for (const ingot::ExplainYear& y : e.years) {
                add(fmt::format("level({}, {})", s.series, y.year), y.level);
                add(fmt::format("growth({}, {})", s.series, y.year), y.growth);
            }
            pv.years[s.series] = e.years;
            pv.periods[s.series] = e.period;
            if (e.period) {
                add(fmt::format("change({})", s.series), e.period->change);
                if (e.period->average) {
                    add(fmt::format("growth({})", s.series), *e.period->average);
                } else {
                    pv.values.push_back({fmt::format("growth({})", s.series), "unknown"});
                }
            }
            // What explain prints holds each figure (the table, the period line).
            for (const ingot::ExplainYear& y : e.years) {
                for (const ingot::ExplainValue* v : {&y.level, &y.growth}) {
                    INFO(plan.name << "." << s.series << " " << y.year << "\n" << printed);
                    CHECK(printed.find(ingot::to_text(*v)) != std::string::npos);
                }
            }
        }
        for (const Derived& v : pv.values) {
            INFO(plan.name << ": " << v.expression);
            CHECK(eval_text(analysis, plan.name, v.expression) == v.figure);
        }
    }
    return out;
}

/// The sources of `ws_sources` with, in each plan's file, a rule whose message interpolates
/// every derived value of that plan.
void check_rule_messages(const std::map<std::string, std::string>& sources,
                         const std::map<std::string, PlanValues>& plans, const std::string& root) {
    const ingot::Engine engine;
    ingot::Workspace ws(engine, root);
    std::map<std::string, std::string> texts = sources;
    for (const auto& [name, pv] : plans) {
        std::string message;
        for (const Derived& v : pv.values) {
            message += (message.empty() ? "" : separator) + "{" + v.expression + "}";
        }
        texts.at(pv.path) += fmt::format(
            "\nrule agree_{}: info {{\n  when plan.name == \"{}\"\n  message \"{}\"\n}}\n", name,
            name, message);
    }
    for (const auto& [path, text] : texts) {
        ws.set_source(path, text);
    }
    const ingot::Analysis analysis = ws.analyze();
    for (const auto& [name, pv] : plans) {
        const auto found =
            std::find_if(analysis.diagnostics().begin(), analysis.diagnostics().end(),
                         [&](const ingot::Diagnostic& d) { return d.id == "agree_" + name; });
        INFO("the rule of plan " << name);
        REQUIRE(found != analysis.diagnostics().end());
        std::vector<std::string> parts;
        std::string rest = found->message;
        for (auto at = rest.find(separator); at != std::string::npos; at = rest.find(separator)) {
            parts.push_back(rest.substr(0, at));
            rest.erase(0, at + separator.size());
        }
        parts.push_back(rest);
        REQUIRE(parts.size() == pv.values.size());
        for (std::size_t i = 0; i < parts.size(); ++i) {
            INFO(name << ": {" << pv.values[i].expression << "}");
            CHECK(parts[i] == value_part(pv.values[i].figure));
        }
    }
}

/// Every `implied` finding (and the figure of every `rounding` finding) against explain and eval;
/// the range every `off-track` and `on-track` finding judges an actual against, against explain.
void check_findings(ingot::Analysis& analysis, const std::map<std::string, PlanValues>& plans) {
    std::map<std::string, std::string> plan_of_path;
    std::map<std::pair<std::string, std::string>, std::string> series_of_target;
    for (const ingot::Plan& p : analysis.plans()) {
        plan_of_path[p.path] = p.name;
        for (const ingot::Target& t : p.targets) {
            series_of_target[{p.name, t.name}] = t.series;
        }
    }
    const auto explained_year = [&](const std::string& plan, const std::string& series, int year,
                                    bool level) -> std::string {
        const auto& years = plans.at(plan).years.at(series);
        for (const ingot::ExplainYear& y : years) {
            if (y.year == year) {
                return ingot::to_text(level ? y.level : y.growth);
            }
        }
        FAIL("no year " << year << " of " << series);
        return "";
    };
    int checked = 0;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        if (d.id == "off-track" || d.id == "on-track") {
            // "`S` grew 4.3 % in 2024, …" / "`S` was 75 Mt in 2024, …": the range an actual is
            // judged against is the range explain gives that year.
            INFO(d.primary.span.path << ":" << d.primary.span.begin.line << ": " << d.message);
            const std::string plan = plan_of_path.at(d.primary.span.path);
            const auto series = between(d.message, "`", "`");
            const auto year = between(d.message, " in ", ",");
            REQUIRE(series);
            REQUIRE(year);
            const bool level = d.message.find("` was ") != std::string::npos;
            const std::string explained = explained_year(plan, *series, std::stoi(*year), level);
            const auto open = explained.find(" (");
            const std::string range = open == std::string::npos
                                          ? explained
                                          : explained.substr(open + 2, explained.size() - open - 3);
            const auto allowed = d.id == "on-track"
                                     ? between(d.message, ", within the ", " that ")
                                     : between(d.notes.at(0), "the plan's figures allow ", " for ");
            REQUIRE(allowed);
            CHECK(*allowed == range);
            ++checked;
            continue;
        }
        if (d.id != "implied" && d.id != "rounding") {
            continue;
        }
        INFO(d.primary.span.path << ":" << d.primary.span.begin.line << ": " << d.message);
        REQUIRE(plan_of_path.contains(d.primary.span.path));
        const std::string plan = plan_of_path.at(d.primary.span.path);
        const PlanValues& pv = plans.at(plan);
        const auto marked = [&](const std::string& figure) {
            if (figure.find('*') != std::string::npos) {
                CHECK(std::find_if(d.notes.begin(), d.notes.end(), [](const std::string& n) {
                          return n.starts_with("* as written");
                      }) != d.notes.end());
            }
        };
        if (d.id == "rounding") {
            // "as written, `T` gives 19.993 Mt for `S` in 2026, which misses …"
            const auto gives = between(d.message, " gives ", " for `");
            const auto series = between(d.message, " for `", "` in ");
            const auto year = between(d.message, "` in ", ",");
            if (gives && series && year && *gives != "…") {
                std::string figure =
                    value_part(explained_year(plan, *series, std::stoi(*year), true));
                if (figure.ends_with("*")) {
                    figure.pop_back(); // the sentence says that it misses: no mark
                }
                CHECK(*gives == figure);
                ++checked;
            }
            continue;
        }
        const auto series = between(d.message, "`", "`");
        REQUIRE(series);
        if (const auto grow = between(d.message, " must grow ", " for the figures to hold")) {
            // A series' growth in the last year.
            CHECK(*grow == explained_year(plan, *series, pv.last_year, false));
            marked(*grow);
            ++checked;
        } else if (const auto points = between(d.message, " must change by ", " in ")) {
            CHECK(*points == eval_text(analysis, plan,
                                       fmt::format("change({}, {}, {})", *series, pv.last_year - 1,
                                                   pv.last_year)));
            const auto relative = between(d.message, "relative growth of ", ", for the");
            REQUIRE(relative);
            CHECK(*relative == explained_year(plan, *series, pv.last_year, false));
            ++checked;
        } else if (const auto level = between(d.message, "` of ", " in ");
                   level && d.message.find(" implies `") != std::string::npos) {
            // A pp target: "`T` implies `S` of LEVEL in Y, a relative change of FIG, from the B
            // baseline of BASE".
            const auto of = between(d.message, " implies `", "` of ");
            const auto year = between(d.message, *level + " in ", ",");
            REQUIRE(of);
            REQUIRE(year);
            CHECK(*level == explained_year(plan, *of, std::stoi(*year), true));
            CHECK(*level == eval_text(analysis, plan, fmt::format("level({}, {})", *of, *year)));
            const std::optional<ingot::ExplainPeriod>& period = pv.periods.at(*of);
            if (std::stoi(*year) == pv.last_year && period) {
                const auto relative = between(d.message, "a relative change of ", ", from");
                REQUIRE(relative);
                REQUIRE(period->relative);
                CHECK(*relative == ingot::to_text(*period->relative));
            }
            marked(*level);
            ++checked;
        } else {
            // "`T`[ with …] implies growth of FIG from B to Y, from the B baseline of LEVEL" or,
            // for a share, "implies a change of FIG from B to Y, a relative change of FIG2, …".
            const std::string target = *series;
            REQUIRE(series_of_target.contains({plan, target}));
            const std::string of = series_of_target.at({plan, target});
            const bool share = d.message.find(" implies a change of ") != std::string::npos;
            const auto figure = share ? between(d.message, " implies a change of ", " from ")
                                      : between(d.message, " implies growth of ", " from ");
            const auto years = between(d.message, " from ", ",");
            REQUIRE(figure);
            REQUIRE(years);
            const int from = std::stoi(years->substr(0, 4));
            const int to = std::stoi(years->substr(years->size() - 4));
            CHECK(*figure == eval_text(analysis, plan,
                                       fmt::format("{}({}, {}, {})", share ? "change" : "cagr", of,
                                                   from, to)));
            const std::optional<ingot::ExplainPeriod>& period = pv.periods.at(of);
            if (to == pv.last_year && period) {
                CHECK(*figure == ingot::to_text(share ? period->change : *period->average));
                if (share) {
                    const auto relative = between(d.message, "a relative change of ", ", from");
                    REQUIRE(relative);
                    REQUIRE(period->relative);
                    CHECK(*relative == ingot::to_text(*period->relative));
                }
            }
            const auto base = between(d.message + "\n", " baseline of ", "\n");
            REQUIRE(base);
            CHECK(*base == value_part(explained_year(plan, of, from, true)));
            marked(*figure);
            ++checked;
        }
    }
    CHECK(checked > 0);
}

void check_agreement(const std::map<std::string, std::string>& sources, const std::string& root) {
    const ingot::Engine engine;
    ingot::Workspace ws(engine, root);
    for (const auto& [path, text] : sources) {
        ws.set_source(path, text);
    }
    ingot::AnalyzeOptions options;
    options.implied = true;
    ingot::Analysis analysis = ws.analyze(options);
    const auto plans = explained_values(analysis);
    REQUIRE(!plans.empty());
    check_findings(analysis, plans);
    check_rule_messages(sources, plans, root);
}

} // namespace

TEST_CASE("one number everywhere: every derived value of plans/ reads the same in check "
          "--implied, explain, eval and rule messages",
          "[api][figures]") {
    std::map<std::string, std::string> sources;
    for (const std::string& file : ingot::find_sources(plans_dir.string())) {
        sources[fs::relative(file, source_dir).string()] = ingot::read_source(file);
    }
    REQUIRE(sources.size() >= 10);
    check_agreement(sources, plans_dir.string());
}

TEST_CASE("one number everywhere: shares in pp, open bounds, values outside their range",
          "[api][figures]") {
    // Cases plans/ has few of: a share's change from 10 % to 15 % (+5 pp, +50 % relative), a
    // `rises … pp` target (with and without a level target in its year), bounds on both sides, a
    // level derived through an identity, and the figures as written outside the range the figures
    // allow together.
    std::map<std::string, std::string> sources;
    sources["cars.plan"] = R"(metric ev_share "share of new-energy vehicles in sales" unit %
metric online_share "share of sales made online" unit %
metric tv_share "share of TVs with 8K screens" unit %
plan cars {
  period 2025..2027
  source A "https://example.org/a"
  baseline ev_share 2024 = 10 %                 [A]
  target up: ev_share reaches 15 % by 2027      [A]
  baseline online_share 2024 = 30 %             [A]
  target web: online_share rises > 5 pp         [A]
  target cap: online_share reaches <= 40 %      [A]
  baseline tv_share 2024 = 20 %                 [A]
  target tv: tv_share rises 3 pp                [A]
  baseline output 2024 = 100 Mt                 [A]
  target out: output reaches > 105 Mt by 2026   [A]
  target pace: output grows ~2 %/yr             [A]
}
)";
    sources["recycled.plan"] = R"(metric recycled_output "recycled output" unit t
metric unit_value "value added per tonne" unit CNY/t
identity value_added = output * unit_value
plan r {
  period 2025..2026
  source C "https://example.org/c"
  baseline recycled_output 2024 = 19.15 Mt                  [C]
  target recycled: recycled_output reaches > 20 Mt by 2026  [C]
  target pace: recycled_output grows 4.4 %                  [C]
  baseline value_added 2024 = 5630 bn CNY                   [C]
  baseline unit_value 2024 = 50000 CNY/t                    [C]
  target iva: value_added grows ~5 %/yr                     [C]
  target uv: unit_value grows 2 %/yr                        [C]
}
)";
    TempDir dir;
    check_agreement(sources, dir.path().string());
}

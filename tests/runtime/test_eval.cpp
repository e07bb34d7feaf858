// Tests runtime/rules.cpp, rule_check.cpp, rule_eval.cpp and functions.cpp: rules, their static
// checks, the built-in functions and message interpolation.
//
// Each case writes plans and rulebooks to a temporary folder and runs the whole pipeline on them
// (runtime::analyze): rules see the derivation of each plan, so the figures behind a value are
// the ones test_derive.cpp checks. Function values are read by evaluating a rule's `let`
// expressions directly (runtime::evaluate) in the context the rule runner builds.
#include "runtime/analysis.hpp"
#include "runtime/rule_check.hpp"
#include "runtime/rule_eval.hpp"
#include "runtime/rules.hpp"
#include "support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <variant>

namespace {

using namespace ingot;
using runtime::Measure;
using runtime::Value;

constexpr double Mt = 1e6;   // t per Mt
constexpr double pct = 0.01; // base value of 1 %/yr

/// One analysis of a few files in their own folder.
struct Run {
    test::TempDir dir;
    std::unique_ptr<runtime::Analysis> analysis;

    const runtime::Workspace& ws() const { return analysis->workspace; }

    /// `id: message` of every diagnostic, sorted, for findings whose order does not matter.
    std::vector<std::string> sorted_messages() const {
        std::vector<std::string> out;
        for (const lang::Diagnostic& d : ws().diagnostics) {
            out.push_back(d.id + ": " + d.message);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    /// The first lines of every diagnostic, with paths relative to the folder.
    std::vector<std::string> headlines() const {
        return test::relative_headlines(ws().diagnostics, ws().sources, dir.path());
    }

    /// The diagnostics with a given id.
    std::vector<const lang::Diagnostic*> with_id(std::string_view id) const {
        std::vector<const lang::Diagnostic*> out;
        for (const lang::Diagnostic& d : ws().diagnostics) {
            if (d.id == id) {
                out.push_back(&d);
            }
        }
        return out;
    }

    const runtime::Plan& plan(std::string_view name) const {
        const runtime::Plan* p = analysis->model.find_plan(name);
        INFO("plan " << name);
        REQUIRE(p != nullptr);
        return *p;
    }

    const lang::RuleDecl& rule(std::string_view name) const {
        for (const lang::RuleDecl* r : analysis->model.rules) {
            if (r->name.name == name) {
                return *r;
            }
        }
        FAIL("no rule " << name);
        throw std::logic_error("unreachable");
    }

    /// The values of a rule's `let` bindings for one plan, evaluated in order in the context
    /// the rule runner gives a per-plan rule (the plan, the plans of its series, the series).
    std::map<std::string, Value> lets(std::string_view rule_name, std::string_view plan_name) {
        const lang::RuleDecl& r = rule(rule_name);
        const runtime::Plan& p = plan(plan_name);
        runtime::EvalContext context;
        context.model = &analysis->model;
        context.workspace = &analysis->workspace;
        context.file = r.span.file;
        context.derivations = &analysis->derivations;
        context.plan = {&p, analysis->derivations.find(p.name())};
        for (const runtime::Plan& other : analysis->model.plans) {
            if (other.series == p.series) {
                context.plans.plans.push_back({&other, analysis->derivations.find(other.name())});
            }
        }
        context.series = p.series.value_or("");
        std::set<std::string> names{"plan", "plans", "series"};
        for (const lang::RuleStmt& stmt : r.body) {
            if (const auto* let = std::get_if<lang::LetStmt>(&stmt)) {
                std::vector<lang::Diagnostic> errors;
                INFO("let " << let->name.name);
                CHECK(runtime::check_expression(let->value, context, names, errors));
                CHECK(errors.empty());
                names.insert(let->name.name);
                context.lets[let->name.name] = runtime::evaluate(let->value, context);
            }
        }
        return context.lets;
    }
};

std::unique_ptr<Run> analyze_files(const std::vector<std::pair<std::string, std::string>>& files,
                                   const std::vector<std::string>& load) {
    auto run = std::make_unique<Run>();
    for (const auto& [name, text] : files) {
        run->dir.write(name, text);
    }
    std::vector<std::string> paths;
    for (const std::string& name : load) {
        paths.push_back((run->dir.path() / name).string());
    }
    run->analysis = runtime::analyze(paths);
    return run;
}

Approx near(double x) {
    return Approx(x).epsilon(1e-9);
}

const Measure& measure(const std::map<std::string, Value>& values, const std::string& name) {
    const auto it = values.find(name);
    INFO("let " << name);
    REQUIRE(it != values.end());
    INFO(runtime::to_text_with_range(it->second));
    REQUIRE(std::holds_alternative<Measure>(it->second));
    return std::get<Measure>(it->second);
}

bool truth(const std::map<std::string, Value>& values, const std::string& name) {
    const auto it = values.find(name);
    INFO("let " << name);
    REQUIRE(it != values.end());
    INFO(runtime::to_text_with_range(it->second));
    REQUIRE(std::holds_alternative<bool>(it->second));
    return std::get<bool>(it->second);
}

/// The rulebook of DESIGN.md's unit-value example.
const std::string climb_rules = R"(metric unit_value "value added per tonne" unit CNY/t
identity value_added = output * unit_value

rule climb: warning {
  let needed = growth(unit_value)
  when needed > 3 %/yr
  message "value added per tonne must rise {needed}"
}
)";

} // namespace

TEST_CASE("a per-plan rule fires with its message interpolated, where the plan's figures are",
          "[rules]") {
    const auto run = analyze_files({{"climb.rules", climb_rules},
                                    {"plans.plan", R"(import "climb.rules"
plan climbing {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~5 %/yr  [A]
  target out: output grows ~1.5 %/yr    [A]
}
plan slow {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~2 %/yr  [A]
  target out: output grows ~1.5 %/yr    [A]
}
plan without_output {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~5 %/yr  [A]
}
plan without_value_added {
  period 2025..2026
  source A "https://example.org/a"
  baseline output 2024 = 100 Mt         [A]
  target out: output grows ~1.5 %/yr    [A]
}
)"},
                                    {"unrelated.plan", R"(metric unit_value2 "unused" unit CNY/t
plan unrelated {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~5 %/yr  [A]
  target out: output grows ~1.5 %/yr    [A]
}
)"}},
                                   {"plans.plan", "unrelated.plan"});
    // Fires for `climbing` only: `slow` needs 0.49 %/yr; `without_output` and
    // `without_value_added` lack a figure the rule needs; `unrelated` does not import the rule.
    CHECK(run->headlines() ==
          std::vector<std::string>{
              "plans.plan:5:3: warning[climb]: value added per tonne must rise 3.45 %/yr"});
    const auto found = run->with_id("climb");
    REQUIRE(found.size() == 1);
    const lang::Diagnostic& d = *found.front();
    CHECK(d.primary.message == "target va: value_added grows ~5 %/yr");
    REQUIRE(d.secondary.size() == 1);
    CHECK(d.secondary[0].message == "target out: output grows ~1.5 %/yr");
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].find("rule `climb` at ") == 0);
    CHECK(d.notes[0].find("climb.rules:4") != std::string::npos);
}

TEST_CASE("`require` fires when a requirement fails, `when` guards it", "[rules]") {
    const auto run = analyze_files({{"req.plan", R"(metric x "x" unit t
rule pace: warning {
  require growth(x) >= 2 %/yr
  message "{plan.name}: x grows only {growth(x)}"
}
rule both: info {
  require growth(x) >= 2 %/yr
  require level(x) >= 100 Mt
  message "{plan.name} misses a requirement"
}
rule guarded: info {
  when level(x, 2024) > 50 Mt
  require growth(x) >= 2 %/yr
  message "{plan.name} is big and slow"
}
rule silent: info {
  require growth(x) >= 2 %/yr
}
plan fast {
  period 2025..2026
  source A "https://example.org/a"
  baseline x 2024 = = 100 Mt   [A]
  target g: x grows = 3 %/yr   [A]
}
plan slow {
  period 2025..2026
  source A "https://example.org/a"
  baseline x 2024 = = 100 Mt   [A]
  target g: x grows = 1 %/yr   [A]
}
plan small_slow {
  period 2025..2026
  source A "https://example.org/a"
  baseline x 2024 = = 10 Mt    [A]
  target g: x grows = 1 %/yr   [A]
}
plan small_fast {
  period 2025..2026
  source A "https://example.org/a"
  baseline x 2024 = = 10 Mt    [A]
  target g: x grows = 3 %/yr   [A]
}
plan nothing {
  period 2025..2026
  source A "https://example.org/a"
  target g: value_added grows 3 %/yr  [A]
}
)"}},
                                   {"req.plan"});
    const std::vector<std::string> messages = run->sorted_messages();
    CHECK(messages == std::vector<std::string>{
                          "both: slow misses a requirement",
                          "both: small_fast misses a requirement",
                          "both: small_slow misses a requirement",
                          "guarded: slow is big and slow",
                          "pace: slow: x grows only 1 %/yr",
                          "pace: small_slow: x grows only 1 %/yr",
                          "silent: rule `silent` applies",
                          "silent: rule `silent` applies",
                      });
    // A finding points at the plan's figures behind the values the rule read: the growth
    // target (and the baseline, through which the levels fix the same change).
    for (const lang::Diagnostic* d : run->with_id("pace")) {
        std::vector<std::string> labels{d->primary.message};
        for (const lang::Label& l : d->secondary) {
            labels.push_back(l.message);
        }
        CHECK(std::count(labels.begin(), labels.end(), "target g: x grows = 1 %/yr") == 1);
    }
}

TEST_CASE("a rule does not apply to a plan that lacks a figure it needs", "[rules]") {
    const auto run = analyze_files({{"unknown.plan", R"(metric x "x" unit t
metric y "y" unit t
rule any_growth: warning {
  when growth(x) > -100 %/yr
  message "{plan.name} has growth for x"
}
rule any_level: warning {
  when level(y) > 0 Mt
  message "{plan.name} has a level for y"
}
rule negated: warning {
  when not (growth(x) > 50 %/yr)
  message "{plan.name}: x grows at most 50 %/yr"
}
plan with_x {
  period 2025..2026
  source A "https://example.org/a"
  target g: x grows 3 %/yr    [A]
}
plan rate_only {
  period 2025..2026
  source A "https://example.org/a"
  target g: x grows 3 %       [A]
  target l: y grows 2 %/yr    [A]
}
plan without_x {
  period 2025..2026
  source A "https://example.org/a"
  target g: value_added grows 3 %/yr  [A]
}
)"}},
                                   {"unknown.plan"});
    const std::vector<std::string> messages = run->sorted_messages();
    // `rate_only` has a growth for x, and a growth but no level for y: its level is unknown, and
    // so is `not` of an unknown. `without_x` has no figure for x or y at all.
    CHECK(messages == std::vector<std::string>{
                          "any_growth: rate_only has growth for x",
                          "any_growth: with_x has growth for x",
                          "negated: rate_only: x grows at most 50 %/yr",
                          "negated: with_x: x grows at most 50 %/yr",
                      });
}

TEST_CASE("the built-in functions", "[rules]") {
    const auto run = analyze_files({{"fn.plan", R"(metric x "x" unit t
metric y "y" unit t
rule values: info {
  let g = growth(x)
  let g26 = growth(x, 2026)
  let l = level(x)
  let l24 = level(x, 2024)
  let l25 = level(x, 2025)
  let c = cagr(x)
  let c_from = cagr(x, 2024)
  let c_span = cagr(x, 2025, 2026)
  let hx = some plan has x
  let hv = some plan has value_added
  let every_y = every plan has y
  let no_v = no plan has value_added
  let nx = count(plans with x)
  let ny = count(plans with y)
  let nfast = count(plans where growth(y) > 4 %/yr)
  let nall = count(plans)
  let mn = min(3 Mt, 2000 kt, 5 Mt)
  let mx = max(3 Mt, 2 Mt, 5 Mt)
  let ab = abs(-4 %/yr)
  let ab_range = abs(growth(y) - 5 %/yr)
  let r2 = round(3.14159 %/yr, 2)
  let r0 = round(2.6 Mt)
  let gy = growth(y)
  let gy_low = low(growth(y))
  let gy_high = high(growth(y))
  let ly_low = low(level(y))
  let twice = l * 2
  let sum = l + 1 Mt
  let diff = growth(x) - growth(y)
  let name = plan.name
  let first = plan.first_year
  let title = plan.title
  let w_gx = written(gx)
  let w_missing = written(no_such_target)
  let k_level = known(level(x))
  let k_none = known(growth(value_added))
  let k_missing = known(w_missing)
  when level(x) > 0 Mt
  message "g {g}, l {l}, c {c}, min {mn}, max {mx}, abs {ab}, round {r2}, has {hx}, twice {twice}"
}
plan p {
  title "Plan P"
  period 2025..2026
  series s
  source A "https://example.org/a"
  baseline x 2024 = = 100 Mt    [A]
  target gx: x grows = 10 %/yr  [A]
  baseline y 2024 = = 100 Mt    [A]
  target gy: y grows 5 %/yr     [A]
}
plan q {
  period 2025..2026
  series s
  source A "https://example.org/a"
  target gy: y grows 3 %/yr     [A]
}
plan elsewhere {
  period 2025..2026
  series t
  source A "https://example.org/a"
  target gx: x grows 3 %/yr     [A]
}
)"}},
                                   {"fn.plan"});
    const auto v = run->lets("values", "p");

    // growth and cagr: the average yearly growth over the period or between two years.
    CHECK(measure(v, "g").value == near(0.10));
    CHECK(measure(v, "g").unit.symbol == "%/yr");
    CHECK(measure(v, "g26").value == near(0.10));
    CHECK(measure(v, "c").value == near(0.10));
    CHECK(measure(v, "c_from").value == near(0.10));
    CHECK(measure(v, "c_span").value == near(0.10));
    // level: the last year by default, in the unit the plan writes the series in.
    CHECK(measure(v, "l").value == near(121 * Mt));
    CHECK(measure(v, "l").unit.symbol == "Mt");
    CHECK(measure(v, "l24").value == near(100 * Mt));
    CHECK(measure(v, "l25").value == near(110 * Mt));
    // `has` (syntax, not a function: docs/language.md): a plan of the series sets a target for
    // the metric.
    CHECK(truth(v, "hx"));
    CHECK_FALSE(truth(v, "hv"));
    CHECK(truth(v, "every_y"));
    CHECK(truth(v, "no_v"));
    // count: the plans of the series (p and q, not `elsewhere`) that satisfy the filter.
    CHECK(measure(v, "nx").value == 1);
    CHECK(measure(v, "ny").value == 2);
    CHECK(measure(v, "nfast").value == 1); // p's y grows 5 %/yr, q's 3 %/yr
    CHECK(measure(v, "nall").value == 2);
    // min and max compare across units and keep the winner's unit.
    CHECK(measure(v, "mn").value == near(2 * Mt));
    CHECK(measure(v, "mn").unit.symbol == "kt");
    CHECK(measure(v, "mx").value == near(5 * Mt));
    CHECK(measure(v, "ab").value == near(4 * pct));
    // |4.5 … 5.5 %/yr − 5 %/yr| is 0 … 0.5 %/yr.
    CHECK(measure(v, "ab_range").value == Approx(0).margin(1e-12));
    CHECK(measure(v, "ab_range").lo == 0);
    CHECK(measure(v, "ab_range").hi == near(0.5 * pct));
    // round: in the unit the value is shown in.
    CHECK(measure(v, "r2").value == near(3.14 * pct));
    CHECK(measure(v, "r0").value == near(3 * Mt));
    // low and high: the ends of a derived range (5 %/yr read as 4.5–5.5 %/yr).
    CHECK(measure(v, "gy").value == near(5 * pct));
    CHECK(measure(v, "gy").lo == near(4.5 * pct));
    CHECK(measure(v, "gy").hi == near(5.5 * pct));
    CHECK(measure(v, "gy_low").value == near(4.5 * pct));
    CHECK(measure(v, "gy_high").value == near(5.5 * pct));
    CHECK(measure(v, "ly_low").value == near(100 * Mt * 1.045 * 1.045));
    // written: a target's figure as written (`= 10 %/yr`), exact, in the unit written.
    CHECK(measure(v, "w_gx").value == near(10 * pct));
    CHECK(measure(v, "w_gx").lo == measure(v, "w_gx").hi);
    CHECK(measure(v, "w_gx").unit.symbol == "%/yr");
    CHECK(std::get<runtime::Unknown>(v.at("w_missing")).why ==
          "`p` has no target `no_such_target`");
    // known: whether a value exists, true or false even for an unknown argument.
    CHECK(truth(v, "k_level"));
    CHECK_FALSE(truth(v, "k_none"));
    CHECK_FALSE(truth(v, "k_missing"));
    // lets refer to earlier lets; arithmetic keeps units and ranges.
    CHECK(measure(v, "twice").value == near(242 * Mt));
    CHECK(measure(v, "sum").value == near(122 * Mt));
    CHECK(measure(v, "diff").value == near(5 * pct));
    CHECK(measure(v, "diff").lo == near(4.5 * pct));
    CHECK(measure(v, "diff").hi == near(5.5 * pct));
    // plan fields.
    CHECK(std::get<std::string>(v.at("name")) == "p");
    CHECK(measure(v, "first").value == 2025);
    CHECK(std::get<std::string>(v.at("title")) == "Plan P");

    // The message shows each value in its unit, with 3 significant digits; the rule applies
    // only to `p`, the one plan with a level of x.
    const auto found = run->with_id("values");
    REQUIRE(found.size() == 1);
    CHECK(run->ws().diagnostics.size() == 1); // nothing else: the rule parses and checks
    CHECK(found.front()->message == "g 10 %/yr, l 121 Mt, c 10 %/yr, min 2000 kt, max 5 Mt, "
                                    "abs 4 %/yr, round 3.14 %/yr, has true, twice 242 Mt");

    SECTION("values for a plan without the figures are unknown") {
        const auto w = run->lets("values", "q");
        CHECK(std::holds_alternative<runtime::Unknown>(w.at("g")));
        CHECK(std::holds_alternative<runtime::Unknown>(w.at("l")));
        CHECK(std::holds_alternative<runtime::Unknown>(w.at("twice")));
        CHECK(truth(w, "hx")); // p, in q's series, has x
        CHECK(measure(w, "ny").value == 2);
        CHECK(runtime::to_text_with_range(w.at("g")).rfind("unknown: ", 0) == 0);
    }
}

namespace {

/// Plans of two series, `s` and `t`, for the series rules; every plan imports series.rules.
const std::vector<std::pair<std::string, std::string>> series_plans{
    {"a.plan", R"(import "series.rules"
plan alpha {
  period 2025..2026
  series s
  source A "https://example.org/a"
  target va: value_added grows 5 %/yr  [A]
}
plan beta {
  period 2025..2026
  series s
  source A "https://example.org/a"
  target va: value_added grows 6 %/yr  [A]
}
)"},
    {"c.plan", R"(import "series.rules"
plan gamma {
  period 2025..2026
  series s
  source A "https://example.org/a"
  target out: output grows 2 %/yr  [A]
}
plan delta {
  period 2025..2026
  series t
  source A "https://example.org/a"
  target out: output grows 2 %/yr  [A]
}
plan epsilon {
  period 2025..2026
  series t
  source A "https://example.org/a"
  target va: value_added grows 5 %/yr  [A]
}
plan zeta {
  period 2025..2026
  series t
  source A "https://example.org/a"
  target out: output grows 2 %/yr  [A]
}
plan loner {
  period 2025..2026
  source A "https://example.org/a"
  target out: output grows 2 %/yr  [A]
}
)"}};

std::unique_ptr<Run> analyze_series(const std::string& rules) {
    auto files = series_plans;
    files.emplace_back("series.rules", rules);
    return analyze_files(files, {"a.plan", "c.plan"});
}

} // namespace

TEST_CASE("a series rule reports each plan of the series that lacks a target, at its name",
          "[rules]") {
    const auto run = analyze_series(R"(rule series_value_added: warning for series {
  require every plan has value_added
  message "{plan} sets no value-added target, unlike the other plans in {series}"
}
rule many: info for series {
  when count(plans with value_added) >= 2 and count(plans) == 3
  message "{series} is mostly covered"
}
rule few: info for series {
  when count(plans with value_added) < 2
  message "{series} is mostly uncovered"
}
)");
    // One finding per plan without the target, at the plan's name; none for a plan in no series.
    // A series rule without a quantifier reports once per series, at its first plan.
    CHECK(run->headlines() ==
          std::vector<std::string>{
              "a.plan:2:6: info[many]: s is mostly covered",
              "c.plan:2:6: warning[series_value_added]: gamma sets no value-added target, unlike "
              "the other plans in s",
              "c.plan:8:6: info[few]: t is mostly uncovered",
              "c.plan:8:6: warning[series_value_added]: delta sets no value-added target, unlike "
              "the other plans in t",
              "c.plan:20:6: warning[series_value_added]: zeta sets no value-added target, unlike "
              "the other plans in t"});
    for (const lang::Diagnostic* d : run->with_id("series_value_added")) {
        CHECK(d->severity == lang::Severity::warning);
        CHECK(d->primary.message.find("series `") == 0);
    }
}

TEST_CASE("a count interpolates as a bare number, as in DESIGN.md's series rule", "[rules]") {
    // Not "unlike 2 count plans in s": a count has no unit to show.
    const auto run = analyze_series(R"(rule series_value_added: warning for series {
  require every plan has value_added
  message "{plan} sets no value-added target, unlike {count(plans with value_added)} plans in {series}"
}
)");
    CHECK(run->headlines() ==
          std::vector<std::string>{
              "c.plan:2:6: warning[series_value_added]: gamma sets no value-added target, unlike "
              "2 plans in s",
              "c.plan:8:6: warning[series_value_added]: delta sets no value-added target, unlike "
              "1 plans in t",
              "c.plan:20:6: warning[series_value_added]: zeta sets no value-added target, unlike "
              "1 plans in t"});
}

TEST_CASE("a series rule whose plans all have the target is quiet", "[rules]") {
    const auto run = analyze_files({{"all.plan", R"(rule series_value_added: warning for series {
  require every plan has value_added
  message "{plan} sets no value-added target"
}
plan alpha {
  period 2025..2026
  series s
  source A "https://example.org/a"
  target va: value_added grows 5 %/yr  [A]
}
)"}},
                                   {"all.plan"});
    CHECK(run->headlines().empty());
}

TEST_CASE("mistakes in rules are reported at their line even with no plan loaded", "[rules]") {
    const std::string rules = R"(metric unit_value "value added per tonne" unit CNY/t

rule typo: warning {
  when grwoth(unit_value) > 3 %/yr
}
rule unknown_metric: warning {
  when growth(unit_valeu) > 3 %/yr
}
rule too_few: info {
  when level() > 3 Mt
}
rule too_many: info {
  when growth(unit_value, 2025, 2026) > 3 %/yr
}
rule units: error {
  when growth(unit_value) > 3 Mt
}
rule not_boolean: warning {
  when growth(unit_value)
}
rule bad_message: warning {
  when growth(unit_value) > 3 %/yr
  message "rises {levl(unit_value)}"
}
rule written_number: warning {
  when written(3) > 3 %/yr
}
rule known_twice: warning {
  when known(1, 2)
}
)";
    const std::vector<std::string> expected{
        "broken.rules:4:8: error[unknown-name]: unknown function `grwoth`",
        "broken.rules:7:15: error[unknown-name]: unknown metric `unit_valeu`",
        "broken.rules:10:8: error[invalid-rule]: `level` takes 1 to 2 arguments, given 0",
        "broken.rules:13:8: error[invalid-rule]: `growth` takes 1 to 2 arguments, given 3",
        "broken.rules:16:8: error[unit-mismatch]: cannot compare a rate (%/yr) with a mass (Mt)",
        "broken.rules:19:8: error[invalid-rule]: `when` needs true or false, found a number",
        "broken.rules:23:19: error[unknown-name]: unknown function `levl`",
        "broken.rules:26:16: error[invalid-rule]: `written` takes a target's name",
        "broken.rules:29:8: error[invalid-rule]: `known` takes 1 argument, given 2",
    };

    SECTION("no plan") {
        const auto run = analyze_files({{"broken.rules", rules}}, {"broken.rules"});
        CHECK(run->headlines() == expected);
        const auto& ds = run->ws().diagnostics;
        REQUIRE(ds.size() == expected.size());
        CHECK(ds[0].help == std::optional<std::string>("did you mean `growth`?"));
        CHECK(ds[1].help == std::optional<std::string>("did you mean `unit_value`?"));
        CHECK(ds[2].help == std::optional<std::string>("write level(METRIC[, YEAR])"));
        CHECK(ds[6].help == std::optional<std::string>("did you mean `level`?"));
        for (const lang::Diagnostic& d : ds) {
            REQUIRE_FALSE(d.notes.empty());
            CHECK(d.notes.back().rfind("in rule `", 0) == 0);
        }
        CHECK(ds[4].secondary.size() == 1); // the other operand of the comparison
    }
    SECTION("with plans, each mistake is still reported once") {
        const auto run = analyze_files({{"broken.rules", rules}, {"p.plan", R"(import "broken.rules"
identity value_added = output * unit_value
plan one {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~5 %/yr  [A]
  target out: output grows ~1.5 %/yr    [A]
}
plan two {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~5 %/yr  [A]
  target out: output grows ~1.5 %/yr    [A]
}
)"}},
                                       {"p.plan"});
        CHECK(run->headlines() == expected);
    }
}

TEST_CASE("a broken rule does not stop the other rules", "[rules]") {
    const auto run =
        analyze_files({{"mixed.rules", R"(metric unit_value "value added per tonne" unit CNY/t
identity value_added = output * unit_value

rule broken: warning {
  when grwoth(unit_value) > 3 %/yr
}
rule climb: warning {
  let needed = growth(unit_value)
  when needed > 3 %/yr
  message "value added per tonne must rise {needed}"
}
rule also_broken: warning for plans {
  when true
}
)"},
                       {"p.plan", R"(import "mixed.rules"
plan climbing {
  period 2025..2026
  source A "https://example.org/a"
  target va: value_added grows ~5 %/yr  [A]
  target out: output grows ~1.5 %/yr    [A]
}
)"}},
                      {"p.plan"});
    CHECK(run->headlines() ==
          std::vector<std::string>{
              "mixed.rules:5:8: error[unknown-name]: unknown function `grwoth`",
              "mixed.rules:12:31: error[invalid-rule]: rules can range over `series` only, not "
              "`plans`",
              "p.plan:5:3: warning[climb]: value added per tonne must rise 3.45 %/yr"});
}

TEST_CASE("a series rule's `require every plan has METRIC(SCOPE)` respects the scope", "[rules]") {
    // BUG: the series-rule path compares only the metric, so a plan with a target for
    // `output(steel)` passes `has output(metals)`; the filter `plans with output(metals)` (and
    // `has` everywhere else) does respect the scope.
    const auto run = analyze_files({{"scoped.plan", R"(rule scoped: warning for series {
  require every plan has output(metals)
  message "{plan} sets no output(metals) target; {count(plans with output(metals))} do"
}
plan with_metals {
  period 2025..2026
  series s
  source A "https://example.org/a"
  scope metals { copper }
  target o: output(metals) grows 2 %/yr  [A]
}
plan with_other {
  period 2025..2026
  series s
  source A "https://example.org/a"
  scope steel { rebar }
  target o: output(steel) grows 2 %/yr  [A]
}
)"}},
                                   {"scoped.plan"});
    CHECK(run->headlines() ==
          std::vector<std::string>{"scoped.plan:12:6: warning[scoped]: with_other sets no "
                                   "output(metals) target; 1 do"});
}

TEST_CASE("`and` and `or` give the same answer whichever side is unknown", "[rules]") {
    // BUG: only the left operand short-circuits, so `true or UNKNOWN` is true but
    // `UNKNOWN or true` is unknown (and likewise `false and UNKNOWN` vs `UNKNOWN and false`).
    // As in CEL, whose two error channels value.hpp follows, both orders should agree: a known
    // operand that decides the result decides it.
    const auto run = analyze_files({{"logic.plan", R"(metric y "y" unit t
rule or_left: warning {
  when growth(y) > 0 %/yr or true
  message "or, unknown on the left"
}
rule or_right: warning {
  when true or growth(y) > 0 %/yr
  message "or, unknown on the right"
}
rule and_left: warning {
  when not (growth(y) > 0 %/yr and false)
  message "and, unknown on the left"
}
rule and_right: warning {
  when not (false and growth(y) > 0 %/yr)
  message "and, unknown on the right"
}
plan no_y {
  period 2025..2026
  source A "https://example.org/a"
  target g: value_added grows 3 %/yr  [A]
}
)"}},
                                   {"logic.plan"});
    std::vector<std::string> messages;
    for (const lang::Diagnostic& d : run->ws().diagnostics) {
        messages.push_back(d.message);
    }
    std::sort(messages.begin(), messages.end());
    CHECK(messages == std::vector<std::string>{
                          "and, unknown on the left",
                          "and, unknown on the right",
                          "or, unknown on the left",
                          "or, unknown on the right",
                      });
}

// Tests host functions (runtime/functions.hpp): numeric functions the embedding program defines,
// checked like built-ins (runtime/rule_check.cpp) and called by the evaluator
// (runtime/rule_eval.cpp) in base units.
//
// Each case analyses a plan and a rulebook in a temporary folder (runtime::analyze, which knows
// no host functions), then runs the rules again with them (runtime::run_rules) or evaluates one
// expression (runtime::evaluate_text), and compares exact messages and values.
#include "runtime/analysis.hpp"
#include "runtime/rules.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace {

using namespace ingot;

constexpr double bn = 1e9; // CNY per bn CNY

runtime::Unit unit(std::string_view text) {
    std::string error;
    const auto u = runtime::UnitRegistry{}.lookup(text, error);
    INFO(error);
    REQUIRE(u.has_value());
    return *u;
}

/// deflate(VALUE, YEAR): a value in yuan of YEAR in yuan of 2020, at 2 % a year; no value for
/// years before 2000 (no price index).
double deflated(double value, double year) {
    return value / std::pow(1.02, year - 2020);
}

std::vector<runtime::HostFunction> host_functions() {
    runtime::HostFunction deflate;
    deflate.name = "deflate";
    deflate.params = {unit("CNY"), std::nullopt};
    deflate.result = unit("CNY");
    deflate.impl = [](const std::vector<double>& x) -> std::optional<double> {
        if (x[1] < 2000) {
            return std::nullopt;
        }
        return deflated(x[0], x[1]);
    };
    return {deflate};
}

/// One analysis of a plan and a rulebook in their own folder.
struct Run {
    test::TempDir dir;
    std::unique_ptr<runtime::Analysis> analysis;

    /// The first lines of the rules' findings and mistakes with the host functions, sorted.
    std::vector<std::string> rule_headlines(const std::vector<runtime::HostFunction>& hosts) const {
        const auto result =
            runtime::run_rules(analysis->model, analysis->derivations, analysis->workspace, hosts);
        auto out =
            test::relative_headlines(result.diagnostics, analysis->workspace.sources, dir.path());
        std::sort(out.begin(), out.end());
        return out;
    }
};

const std::string plans = R"(import "deflate.rules"
metric investment "fixed investment" unit bn CNY
plan exact {
  period 2025..2026
  source A "https://example.org/a"
  baseline investment 2024 = = 100 bn CNY  [A]
  target g: investment grows = 10 %/yr     [A]
}
)";

std::unique_ptr<Run> analyze(const std::string& rules, const std::string& plan_text = plans) {
    auto run = std::make_unique<Run>();
    run->dir.write("deflate.rules", rules);
    const std::string path = run->dir.write("plans.plan", plan_text);
    run->analysis = runtime::analyze({path});
    return run;
}

} // namespace

TEST_CASE("host functions: wrong arity, wrong unit and a misspelt name are rule mistakes",
          "[rules][host]") {
    const auto run = analyze(R"(rule arity: warning {
  require deflate(investment) > 0 CNY
}
rule money: warning {
  require deflate(10 Mt, 2020) > 0 CNY
}
rule year: warning {
  require deflate(investment, 5 %) > 0 CNY
}
rule typo: warning {
  require deflat(investment, 2020) > 0 CNY
}
rule result: warning {
  require deflate(investment, 2020) > 1 Mt
}
)");
    CHECK(run->rule_headlines(host_functions()) ==
          std::vector<std::string>{
              "deflate.rules:11:11: error[unknown-name]: unknown function `deflat`",
              "deflate.rules:14:11: error[unit-mismatch]: cannot compare money (CNY) with a mass "
              "(Mt)",
              "deflate.rules:2:11: error[invalid-rule]: `deflate` takes 2 arguments, given 1",
              "deflate.rules:5:19: error[unit-mismatch]: argument 1 of `deflate` needs money "
              "(CNY), found a mass (Mt)",
              "deflate.rules:8:31: error[unit-mismatch]: argument 2 of `deflate` needs a number, "
              "found a share (%)",
          });
    const auto result = runtime::run_rules(run->analysis->model, run->analysis->derivations,
                                           run->analysis->workspace, host_functions());
    for (const lang::Diagnostic& d : result.diagnostics) {
        INFO(d.message);
        if (d.id == "unknown-name") {
            CHECK(d.help == std::optional<std::string>("did you mean `deflate`?"));
        } else if (d.id == "invalid-rule") {
            CHECK(d.help == std::optional<std::string>("write deflate(CNY, NUMBER)"));
        }
        CHECK(d.notes.size() == 1);
    }
    // Without host functions the name is unknown, and nothing suggests it.
    const auto without = runtime::run_rules(run->analysis->model, run->analysis->derivations,
                                            run->analysis->workspace);
    REQUIRE(without.diagnostics.size() == 5);
    CHECK(without.diagnostics[0].message == "unknown function `deflate`");
    CHECK(!without.diagnostics[0].help);
}

TEST_CASE("host functions: a rule calls one in base units", "[rules][host]") {
    const auto run = analyze(R"(rule real: warning {
  let real = deflate(investment, plan.last_year)
  require real >= 110 bn CNY
  message "{plan.name}: real investment only {real}"
}
rule ancient: warning {
  require deflate(investment, 1990) >= 110 bn CNY
  message "never: the function has no value before 2000"
}
)");
    // 121 bn CNY in 2026 is 107.44 bn CNY of 2020, shown in the function's result unit (CNY).
    CHECK(run->rule_headlines(host_functions()) ==
          std::vector<std::string>{"plans.plan:7:3: warning[real]: exact: real investment only "
                                   "107444537245 CNY"});
}

TEST_CASE("host functions: values and ranges through evaluate_text", "[rules][host]") {
    const auto run = analyze("", plans + R"(plan about {
  period 2025..2026
  source A "https://example.org/a"
  baseline investment 2024 = = 100 bn CNY  [A]
  target g: investment grows ~10 %/yr      [A]
}
)");
    runtime::Workspace& ws = run->analysis->workspace;
    const lang::FileId file = ws.files.size() > 1 ? 1 : 0;
    const auto hosts = host_functions();
    const auto eval = [&](std::string_view plan, const std::string& text) {
        return runtime::evaluate_text(run->analysis->model, run->analysis->derivations, ws, file,
                                      plan, text, hosts);
    };

    const auto exact = eval("exact", "deflate(investment, 2026)");
    REQUIRE(exact.diagnostics.empty());
    REQUIRE(exact.value);
    REQUIRE(std::holds_alternative<runtime::Measure>(*exact.value));
    const auto& m = std::get<runtime::Measure>(*exact.value);
    CHECK(m.value == Approx(deflated(121 * bn, 2026)).epsilon(1e-12));
    CHECK(m.lo == m.value);
    CHECK(m.hi == m.value);
    CHECK(m.unit.symbol == "CNY");
    CHECK(runtime::to_text(*exact.value) == "107444537245 CNY");

    // A ranged argument: the range is the function at the ends of the argument's range.
    const auto about = eval("about", "deflate(investment, 2026)");
    const auto level = eval("about", "investment");
    REQUIRE(about.value);
    REQUIRE(level.value);
    const auto& r = std::get<runtime::Measure>(*about.value);
    const auto& l = std::get<runtime::Measure>(*level.value);
    CHECK(l.lo < l.hi);
    CHECK(r.value == Approx(deflated(l.value, 2026)).epsilon(1e-12));
    CHECK(r.lo == Approx(deflated(l.lo, 2026)).epsilon(1e-12));
    CHECK(r.hi == Approx(deflated(l.hi, 2026)).epsilon(1e-12));

    // No value from the function: Unknown, saying which function.
    const auto ancient = eval("exact", "deflate(investment, 1990)");
    REQUIRE(ancient.value);
    REQUIRE(std::holds_alternative<runtime::Unknown>(*ancient.value));
    CHECK(std::get<runtime::Unknown>(*ancient.value).why ==
          "`deflate` has no value for these arguments");
}

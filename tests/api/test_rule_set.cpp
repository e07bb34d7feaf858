// ingot::RuleSet (include/ingot/ingot.hpp): a rulebook compiled once and evaluated over the plans
// of several analyses. Only the public header is included; every expectation is an exact id,
// message, position or count.
#include "api/api_support.hpp"

#include <ingot/ingot.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace api_test;

namespace {

/// analyst.rules' unit_value_climb written with the prelude's metrics only (unit_value and its
/// identity are declared in analyst.rules, which a rule set may not do).
const std::string climb_rules = "# value per tonne\n"
                                "rule value_per_tonne: warning {\n"
                                "  let one = 100 %/yr\n"
                                "  let needed = (one + growth(value_added)) / (one + "
                                "growth(output)) * one - one\n"
                                "  when needed > 3 %/yr\n"
                                "  message \"value added per tonne must rise {needed}\"\n"
                                "}\n";

ingot::Analysis sample_plans(const ingot::Engine& engine,
                             const ingot::AnalyzeOptions& options = {}) {
    ingot::Workspace ws(engine, plans_dir.string());
    ws.add_path(plans_dir.string());
    return ws.analyze(options);
}

/// `PATH:LINE:COL id: message` of each finding, in order.
std::vector<std::string> headlines(const std::vector<ingot::Diagnostic>& found) {
    std::vector<std::string> out;
    for (const ingot::Diagnostic& d : found) {
        const fs::path path(d.primary.span.path);
        out.push_back(path.filename().string() + ":" + std::to_string(d.primary.span.begin.line) +
                      ":" + std::to_string(d.primary.span.begin.column) + " " + d.id + ": " +
                      d.message);
    }
    return out;
}

std::string describe(const ingot::Span& span) {
    return span.path + "@" + std::to_string(span.begin.offset) + "-" +
           std::to_string(span.end.offset) + " " + std::to_string(span.begin.line) + ":" +
           std::to_string(span.begin.column);
}

/// Everything a finding says, as one string: id, severity, message, labels, notes, help.
std::vector<std::string> describe(const std::vector<ingot::Diagnostic>& found) {
    std::vector<std::string> out;
    for (const ingot::Diagnostic& d : found) {
        std::string s = d.id + " " + std::string(ingot::to_string(d.severity)) + " " + d.message +
                        " | " + describe(d.primary.span) + " " + d.primary.message;
        for (const ingot::Label& l : d.secondary) {
            s += " | " + describe(l.span) + " " + l.message;
        }
        for (const std::string& n : d.notes) {
            s += " | note: " + n;
        }
        s += " | help: " + d.help.value_or("");
        out.push_back(std::move(s));
    }
    return out;
}

/// A plan with yearly value-added and output targets.
std::string growth_plan(const std::string& name, const std::string& value_added,
                        const std::string& output) {
    return "plan " + name + " {\n  period 2025..2026\n  target va: value_added grows " +
           value_added + " %/yr\n  target out: output grows " + output + " %/yr\n}\n";
}

} // namespace

TEST_CASE("RuleSet: a compiled rule fires on the sample plans that need a climb", "[api][rules]") {
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "climb.rules", climb_rules);
    CHECK(rules.diagnostics().empty());
    CHECK(rules.rules() == std::vector<std::string>{"value_per_tonne"});

    const ingot::Analysis analysis = sample_plans(engine);
    const std::vector<ingot::Diagnostic> found = rules.evaluate(analysis);
    CHECK(headlines(found) ==
          std::vector<std::string>{"nonferrous-2025.plan:40:5 value_per_tonne: value added per "
                                   "tonne must rise 3.45 %/yr"});
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == ingot::Severity::warning);
    CHECK(found[0].notes == std::vector<std::string>{"rule `value_per_tonne` at climb.rules:2"});
    // The finding points into the analysis's files, so the analysis renders it.
    CHECK(analysis.render(found[0]).find(
              "/plans/nonferrous-2025.plan:40:5: warning[value_per_tonne]: value added per tonne "
              "must rise 3.45 %/yr\n") != std::string::npos);
}

TEST_CASE("RuleSet: its findings are those of the same rulebook given to the analysis",
          "[api][rules]") {
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "climb.rules", climb_rules);
    ingot::Workspace ws(engine, plans_dir.string());
    ws.add_path(plans_dir.string());
    ws.set_source("climb.rules", climb_rules);
    ingot::AnalyzeOptions options;
    options.rulebooks = {"climb.rules"};
    const ingot::Analysis analysis = ws.analyze(options);
    std::vector<ingot::Diagnostic> expected;
    std::copy_if(analysis.diagnostics().begin(), analysis.diagnostics().end(),
                 std::back_inserter(expected),
                 [](const ingot::Diagnostic& d) { return d.id == "value_per_tonne"; });
    REQUIRE(!expected.empty());
    CHECK(describe(rules.evaluate(analysis)) == describe(expected));
}

TEST_CASE("RuleSet: compiled once, evaluated over analyses with other figures", "[api][rules]") {
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "climb.rules", climb_rules);
    const auto analyse = [&](const std::string& value_added) {
        ingot::Workspace ws(engine, ".");
        ws.set_source("a.plan", growth_plan("a", value_added, "1.5"));
        ws.set_source("b.plan", growth_plan("b", "2", "1"));
        return ws.analyze();
    };
    const ingot::Analysis steep = analyse("5");
    const ingot::Analysis gentle = analyse("4");
    CHECK(headlines(rules.evaluate(steep)) ==
          std::vector<std::string>{
              "a.plan:3:3 value_per_tonne: value added per tonne must rise 3.45 %/yr"});
    CHECK(rules.evaluate(gentle).empty());
    CHECK(headlines(rules.evaluate(steep)) == headlines(rules.evaluate(steep))); // no state kept
    const ingot::RuleSet copy = rules; // copies share the compiled rules
    CHECK(describe(copy.evaluate(steep)) == describe(rules.evaluate(steep)));
}

TEST_CASE("RuleSet: the rulebook's mistakes are diagnostics and the rule does not run",
          "[api][rules]") {
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "typo.rules",
                               "rule fast: warning {\n"
                               "  when growth(outptu) > 3 %/yr\n"
                               "}\n"
                               "rule slow: info {\n"
                               "  when growth(output) < 1 %/yr\n"
                               "}\n");
    CHECK(headlines(rules.diagnostics()) ==
          std::vector<std::string>{"typo.rules:2:15 unknown-name: unknown metric `outptu`"});
    CHECK(rules.rules() == std::vector<std::string>{"slow"});
    ingot::Workspace ws(engine, ".");
    ws.set_source("a.plan", growth_plan("a", "5", "0.5"));
    CHECK(headlines(rules.evaluate(ws.analyze())) ==
          std::vector<std::string>{"a.plan:4:3 slow: rule `slow` applies"});
}

TEST_CASE("RuleSet: declarations and series rules are refused, and then no rule runs",
          "[api][rules]") {
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "decl.rules",
                               "metric unit_value \"value per tonne\" unit CNY/t\n"
                               "rule fast: warning {\n"
                               "  when growth(output) > 3 %/yr\n"
                               "}\n"
                               "rule gaps: warning for series {\n"
                               "  require every plan has value_added\n"
                               "}\n");
    CHECK(headlines(rules.diagnostics()) ==
          std::vector<std::string>{
              "decl.rules:1:1 invalid-rule: a rule set holds per-plan rules only, not a `metric`",
              "decl.rules:5:1 invalid-rule: a rule set holds per-plan rules only, not a `for "
              "series` rule"});
    CHECK(rules.rules().empty());
    ingot::Workspace ws(engine, ".");
    ws.set_source("a.plan", growth_plan("a", "5", "4"));
    CHECK(rules.evaluate(ws.analyze()).empty());

    const ingot::RuleSet imports(engine, "import.rules", "import \"other.rules\"\n");
    CHECK(headlines(imports.diagnostics()) ==
          std::vector<std::string>{
              "import.rules:1:1 invalid-rule: a rule set holds per-plan rules only, not an "
              "`import`",
              "import.rules:1:8 import: cannot import `other.rules`: imports are not resolved in "
              "this workspace"});
}

TEST_CASE("RuleSet: an analysis made with another engine is refused", "[api][rules]") {
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "climb.rules", climb_rules);
    const ingot::Engine other;
    ingot::Workspace ws(other, ".");
    ws.set_source("a.plan", growth_plan("a", "5", "1.5"));
    const ingot::Analysis analysis = ws.analyze();
    try {
        (void)rules.evaluate(analysis);
        FAIL("no exception");
    } catch (const ingot::Error& e) {
        CHECK(e.kind() == ingot::Error::Kind::usage);
        CHECK(std::string(e.what()) ==
              "the analysis was made with another Engine than the rule set");
    }
    const ingot::Engine same = engine; // a copy is the same engine
    ingot::Workspace mine(same, ".");
    mine.set_source("a.plan", growth_plan("a", "5", "1.5"));
    CHECK(rules.evaluate(mine.analyze()).size() == 1);
}

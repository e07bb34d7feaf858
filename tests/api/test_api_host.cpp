// Host extensions through EngineBuilder: units, scales, metrics, functions and checks written in
// C++ by the embedding program, and the usage errors their definitions raise.
#include "api/api_support.hpp"

#include <ingot/ingot.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <variant>
#include <vector>

using namespace api_test;

namespace {

template <typename F>
std::string usage_message(F&& f) {
    try {
        f();
    } catch (const ingot::Error& e) {
        CHECK(e.kind() == ingot::Error::Kind::usage);
        return e.what();
    }
    FAIL("no ingot::Error was thrown");
    return {};
}

/// deflate(VALUE, YEAR): VALUE in prices of YEAR turned into 2024 prices; no value for a year
/// without an index.
std::optional<double> deflate(const std::vector<double>& args) {
    if (args.at(1) == 2026) {
        return args.at(0) / 1.05;
    }
    if (args.at(1) == 2025) {
        return args.at(0) / 1.02;
    }
    return std::nullopt;
}

const std::string demo_plan = "plan demo {\n"
                              "  period 2025..2026\n"
                              "  source NEWS \"https://example.invalid/news\"\n"
                              "  baseline value_added 2024 = 100 bn CNY  [NEWS]\n"
                              "  target growth: value_added grows = 5 %/yr  [NEWS]\n"
                              "}\n";

} // namespace

TEST_CASE("API: define_unit and define_scale extend the units of plan figures", "[api][host]") {
    const ingot::Engine engine =
        ingot::EngineBuilder().define_unit("ktce", 1000, "tce").define_scale("lakh", 1e5).build();
    ingot::Workspace ws(engine);
    ws.set_source("energy.plan", "metric energy_use \"energy use\" unit tce\n"
                                 "plan e {\n"
                                 "  period 2025..2026\n"
                                 "  source A \"https://example.org/a\"\n"
                                 "  baseline energy_use 2024 = 2 lakh ktce  [A]\n"
                                 "  target cap: energy_use reaches < 250 mn tce by 2026  [A]\n"
                                 "}\n");
    ingot::Analysis analysis = ws.analyze();
    CHECK(headlines(analysis).empty());
    const ingot::Plan& plan = analysis.plans().at(0);
    REQUIRE(plan.baselines.size() == 1);
    CHECK(plan.baselines[0].figure.text == "2 lakh ktce");
    CHECK(plan.baselines[0].figure.unit == "lakh ktce");
    CHECK(plan.baselines[0].figure.low == 2);
    // 2 lakh ktce = 200 000 thousand tonnes of coal equivalent = 200 mn tce.
    const ingot::EvalResult level = analysis.eval("e", "level(energy_use, 2024) == 200 mn tce");
    REQUIRE(level.value);
    CHECK(std::get<bool>(*level.value));
    // The default engine does not know them.
    ingot::Workspace plain((ingot::Engine()));
    plain.set_source("energy.plan", "metric energy_use \"energy use\" unit tce\n"
                                    "plan e {\n"
                                    "  period 2025..2026\n"
                                    "  source A \"https://example.org/a\"\n"
                                    "  baseline energy_use 2024 = 2 lakh ktce  [A]\n"
                                    "}\n");
    const ingot::Analysis unknown = plain.analyze();
    REQUIRE_FALSE(unknown.diagnostics().empty());
    CHECK(unknown.diagnostics()[0].id == "unknown-name");
}

TEST_CASE("API: define_metric makes a metric every file sees", "[api][host]") {
    const ingot::Engine engine =
        ingot::EngineBuilder()
            .define_metric("steel_scrap", "t", "steel scrap use", {"scrap"})
            .build();
    const std::vector<ingot::Metric> prelude = engine.prelude_metrics();
    const auto it = std::find_if(prelude.begin(), prelude.end(),
                                 [](const ingot::Metric& m) { return m.name == "steel_scrap"; });
    REQUIRE(it != prelude.end());
    CHECK(it->unit == "t");
    CHECK(it->label == "steel scrap use");
    CHECK(it->aka == std::vector<std::string>{"scrap"});

    ingot::Workspace ws(engine);
    ws.set_source("scrap.plan", "plan s {\n"
                                "  period 2025..2026\n"
                                "  source A \"https://example.org/a\"\n"
                                "  baseline steel_scrap 2024 = 260 Mt  [A]\n"
                                "  target more: scrap reaches > 300 Mt by 2026  [A]\n"
                                "}\n");
    const ingot::Analysis analysis = ws.analyze();
    CHECK(headlines(analysis).empty());
    CHECK(analysis.plans().at(0).targets.at(0).metric == "steel_scrap");
    CHECK(analysis.plans().at(0).targets.at(0).series == "scrap");
}

TEST_CASE("API: definition errors throw usage errors at the call", "[api][host]") {
    const auto fn = [](const std::vector<double>&) -> std::optional<double> { return 1.0; };
    CHECK(usage_message([] { ingot::EngineBuilder().define_unit("ktce", 1000, "tcee"); }) ==
          "define_unit: unknown unit `tcee`; did you mean `tce`?");
    CHECK(usage_message([] { ingot::EngineBuilder().define_unit("kg ce", 0.001, "tce"); }) ==
          "define_unit: `kg ce` is not a name (letters, digits, `_`)");
    CHECK(usage_message([] { ingot::EngineBuilder().define_unit("Mt", 1, "t"); }) ==
          "define_unit: unit word `Mt` is already defined (or empty)");
    // `kgce` is built in (kgce/t intensities): a host cannot define it again.
    CHECK(usage_message([] { ingot::EngineBuilder().define_unit("kgce", 0.001, "tce"); }) ==
          "define_unit: unit word `kgce` is already defined (or empty)");
    CHECK(usage_message([] { ingot::EngineBuilder().define_scale("9lakh", 1e5); }) ==
          "define_scale: `9lakh` is not a name (letters, digits, `_`)");
    CHECK(usage_message([] { ingot::EngineBuilder().define_scale("bn", 1e9); }) ==
          "define_scale: scale word `bn` is already defined (or empty)");
    CHECK(usage_message([] { ingot::EngineBuilder().define_metric("steel-scrap", "t"); }) ==
          "define_metric: `steel-scrap` is not a name");
    CHECK(usage_message([] { ingot::EngineBuilder().define_metric("output", "t"); }) ==
          "define_metric: a metric named `output` exists already");
    CHECK(usage_message([] { ingot::EngineBuilder().define_metric("scrap", "t", "", {"iva"}); }) ==
          "define_metric: a metric named `iva` exists already");
    CHECK(usage_message([] {
              ingot::EngineBuilder().define_metric("scrap", "t").define_metric("scrap", "kt");
          }) == "define_metric: a metric named `scrap` exists already");
    CHECK(usage_message([] { ingot::EngineBuilder().define_metric("scrap", "t", "", {"a b"}); }) ==
          "define_metric: `a b` is not a name");
    CHECK(usage_message([] { ingot::EngineBuilder().define_metric("scrap", "tonnes"); })
              .rfind("define_metric `scrap`: unknown unit `tonnes`; units are mass (t, kt, Mt, Gt)",
                     0) == 0);
    CHECK(usage_message([&] {
              ingot::EngineBuilder()
                  .define_function("deflate", {{"CNY"}, "CNY"}, fn)
                  .define_function("deflate", {{"CNY"}, "CNY"}, fn);
          }) == "define_function: `deflate` is defined twice");
    CHECK(usage_message([&] {
              ingot::EngineBuilder().define_function("growth", {{"CNY"}, "CNY"}, fn);
          }) == "define_function: `growth` is a built-in function");
    CHECK(usage_message([&] {
              ingot::EngineBuilder().define_function("de-flate", {{"CNY"}, "CNY"}, fn);
          }) == "define_function: `de-flate` is not a name");
    CHECK(usage_message([&] {
              ingot::EngineBuilder().define_function("deflate", {{"yuan"}, "CNY"}, fn);
          }) == "define_function `deflate`: unknown unit `yuan`; did you mean `wan`?");
    CHECK(usage_message([] {
              ingot::EngineBuilder().define_function("deflate", {{"CNY"}, "CNY"}, nullptr);
          }) == "define_function `deflate`: the function is empty");

    const ingot::HostCheck check = [](ingot::CheckContext&) {};
    ingot::CheckInfo info;
    info.id = "target-count";
    CHECK(usage_message([&] {
              ingot::EngineBuilder().define_check(info, check).define_check(info, check);
          }) == "define_check: `target-count` is already a check id");
    info.id = "unknown-name";
    CHECK(usage_message([&] { ingot::EngineBuilder().define_check(info, check); }) ==
          "define_check: `unknown-name` is already a check id");
    info.id = "";
    CHECK(usage_message([&] { ingot::EngineBuilder().define_check(info, check); }) ==
          "define_check: a check needs an id and a function");
    info.id = "x";
    CHECK(usage_message([&] { ingot::EngineBuilder().define_check(info, nullptr); }) ==
          "define_check: a check needs an id and a function");
}

TEST_CASE("API: a host function is checked when a rulebook loads, and called by rules",
          "[api][host]") {
    const ingot::Engine engine =
        ingot::EngineBuilder().define_function("deflate", {{"CNY", ""}, "CNY"}, deflate).build();
    ingot::Workspace ws(engine);
    ws.set_source("demo.plan", demo_plan);

    SECTION("arity and unit mistakes are rule diagnostics") {
        ws.set_source("bad.rules", "rule arity: warning {\n"
                                   "  require deflate(value_added) > 0 CNY\n"
                                   "}\n"
                                   "rule money: warning {\n"
                                   "  require deflate(10 Mt, 2026) > 0 CNY\n"
                                   "}\n");
        const ingot::Analysis analysis = ws.analyze();
        CHECK(headlines(analysis) ==
              std::vector<std::string>{
                  "bad.rules:2:11: error[invalid-rule]: `deflate` takes 2 arguments, given 1",
                  "bad.rules:5:19: error[unit-mismatch]: argument 1 of `deflate` needs money "
                  "(CNY), found a mass (Mt)"});
        CHECK(analysis.diagnostics()[0].help ==
              std::optional<std::string>("write deflate(CNY, NUMBER)"));
    }
    SECTION("a rule calls it and shows the value it returns") {
        ws.set_source("real.rules", "rule real_value_added: info {\n"
                                    "  let real = deflate(level(value_added, 2026), 2026)\n"
                                    "  when real > 0 CNY\n"
                                    "  message \"value added in 2026 is {real} at 2024 prices\"\n"
                                    "}\n");
        ingot::AnalyzeOptions options;
        options.rulebooks = {"real.rules"};
        ingot::Analysis analysis = ws.analyze(options);
        // 100 bn CNY × 1.05² = 110.25 bn CNY in 2026, / 1.05 = 105 bn CNY of 2024.
        CHECK(headlines(analysis) ==
              std::vector<std::string>{"demo.plan:5:3: info[real_value_added]: value added in 2026 "
                                       "is 105000000000 CNY at 2024 prices"});
        const ingot::EvalResult r =
            analysis.eval("demo", "deflate(level(value_added, 2026), 2026)");
        REQUIRE(r.value);
        const auto& n = std::get<ingot::Number>(*r.value);
        CHECK(n.unit == "CNY");
        CHECK(n.value == Approx(105e9).epsilon(1e-12));
        const ingot::EvalResult none =
            analysis.eval("demo", "deflate(level(value_added, 2026), 2030)");
        REQUIRE(none.value);
        CHECK(std::get<ingot::Unknown>(*none.value).why ==
              "`deflate` has no value for these arguments");
    }
    SECTION("without the definition, the name is unknown") {
        ingot::Workspace plain((ingot::Engine()));
        plain.set_source("demo.plan", demo_plan);
        plain.set_source("real.rules", "rule r: info {\n  when deflate(level(value_added, 2026), "
                                       "2026) > 0 CNY\n}\n");
        const ingot::Analysis analysis = plain.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        CHECK(analysis.diagnostics()[0].id == "unknown-name");
        CHECK(analysis.diagnostics()[0].message == "unknown function `deflate`");
    }
}

TEST_CASE("API: a host check reports like a built-in and is in the registry", "[api][host]") {
    ingot::CheckInfo info;
    info.id = "target-count";
    info.default_severity = ingot::Severity::warning;
    info.category = "structure";
    info.summary = "a plan sets fewer than 2 targets";
    info.origin = ingot::CheckOrigin::builtin; // set to host by define_check
    const ingot::HostCheck check = [](ingot::CheckContext& context) {
        const ingot::Plan& plan = context.plan();
        CHECK(context.derivation().plan == plan.name);
        if (plan.targets.size() < 2) {
            context.report("plan `" + plan.name + "` has " + std::to_string(plan.targets.size()) +
                               " target(s)",
                           plan.targets.empty() ? plan.span : plan.targets[0].span, "this one");
        }
    };
    const ingot::Engine engine = ingot::EngineBuilder().define_check(info, check).build();

    REQUIRE(engine.checks().size() == builtin_ids.size() + 1);
    CHECK(engine.checks().back().id == "target-count");
    const ingot::CheckInfo* entry = engine.find_check("target-count");
    REQUIRE(entry != nullptr);
    CHECK(entry->origin == ingot::CheckOrigin::host);
    CHECK(entry->summary == "a plan sets fewer than 2 targets");
    CHECK(entry->default_severity == ingot::Severity::warning);

    ingot::Workspace ws(engine);
    ws.set_source("demo.plan", demo_plan);
    const ingot::Analysis analysis = ws.analyze();
    REQUIRE(analysis.diagnostics().size() == 1);
    const ingot::Diagnostic& d = analysis.diagnostics()[0];
    CHECK(d.id == "target-count");
    CHECK(d.severity == ingot::Severity::warning);
    CHECK(d.message == "plan `demo` has 1 target(s)");
    CHECK(d.primary.span.path == "demo.plan");
    CHECK(d.primary.span.begin.line == 5);
    CHECK(d.primary.span.begin.column == 3);
    CHECK(d.primary.message == "this one");
    CHECK(analysis.render(d) ==
          "demo.plan:5:3: warning[target-count]: plan `demo` has 1 target(s)\n"
          "  |\n"
          "5 |   target growth: value_added grows = 5 %/yr  [NEWS]\n"
          "  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ this one\n");
    CHECK(analysis.checks().back().id == "target-count");
    CHECK(analysis.checks().back().origin == ingot::CheckOrigin::host);
}

TEST_CASE("API: build() empties the builder", "[api][host]") {
    ingot::EngineBuilder builder;
    builder.define_scale("lakh", 1e5);
    const ingot::Engine first = builder.build();
    // The builder starts again: the same name can be defined again for a second engine.
    builder.define_scale("lakh", 1e5);
    const ingot::Engine second = builder.build();
    CHECK(second.checks().size() == first.checks().size());
}

// Known bug (see the report of this branch): host units and scales are known in plan figures but
// not in rule expressions, whose checker and evaluator use a default UnitRegistry.
TEST_CASE("API: host units and scales are known in rules and eval", "[api][host][regression]") {
    const ingot::Engine engine =
        ingot::EngineBuilder().define_unit("ktce", 1000, "tce").define_scale("lakh", 1e5).build();
    ingot::Workspace ws(engine);
    ws.set_source("e.plan", "plan e {\n  period 2025..2026\n}\n");
    ingot::Analysis analysis = ws.analyze();
    const ingot::EvalResult kg = analysis.eval("e", "1 lakh ktce == 100 mn tce");
    CHECK(kg.diagnostics.empty());
    REQUIRE(kg.value);
    CHECK(std::get<bool>(*kg.value));
}

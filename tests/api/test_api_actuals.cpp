// Base years, single-year targets, peaks and actuals through the public API: the plan model keeps
// what was written (`base`, a clause's `from`/`in`, `peaks`, the actuals), `--implied` turns on
// `on-track`, and an `off-track` finding carries the actual and the range it misses, unrounded.
#include "api_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace api_test;

namespace {

const char* const predecessor = R"(plan nonferrous_2023 {
  period 2023..2024
  base   2022
  source A "https://example.org/a"
  target ten: output grows ~5 %/yr from 2022 by 2024, peaks by 2030  [A]
  target iva: value_added grows > 5.5 % in 2024                      [A]
  actual output growth 2024 = 4.3 %                                  [A]
  actual value_added growth 2024 = 8.9 %                             [A]
}
)";

ingot::Analysis analyze(bool implied) {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    ws.set_source("p.plan", predecessor);
    ingot::AnalyzeOptions options;
    options.implied = implied;
    return ws.analyze(options);
}

} // namespace

TEST_CASE("API: the plan model keeps base years, single years, peaks and actuals",
          "[api][actuals]") {
    const ingot::Analysis analysis = analyze(false);
    REQUIRE(analysis.plans().size() == 1);
    const ingot::Plan& plan = analysis.plans()[0];
    CHECK(plan.base_year == std::optional<int>(2022));

    REQUIRE(plan.targets.size() == 2);
    const auto& ten = plan.targets[0].clauses;
    REQUIRE(ten.size() == 2);
    CHECK(ten[0].verb == "grows");
    CHECK(ten[0].figure.text == "~5 %/yr");
    CHECK(ten[0].from == std::optional<int>(2022));
    CHECK(ten[0].by == std::optional<int>(2024));
    CHECK_FALSE(ten[0].in);
    CHECK(ten[1].verb == "peaks");
    CHECK(ten[1].figure.text.empty());
    CHECK(ten[1].by == std::optional<int>(2030));
    const auto& iva = plan.targets[1].clauses;
    REQUIRE(iva.size() == 1);
    CHECK(iva[0].in == std::optional<int>(2024));
    CHECK(iva[0].figure.text == "> 5.5 %");

    CHECK(plan.baselines.empty());
    REQUIRE(plan.actuals.size() == 2);
    CHECK(plan.actuals[0].series == "output");
    CHECK(plan.actuals[0].is_growth);
    CHECK(plan.actuals[0].year == 2024);
    CHECK(plan.actuals[0].figure.text == "4.3 %");
    CHECK(plan.actuals[1].metric == "value_added");
    REQUIRE(plan.actuals[1].citations.size() == 1);
    CHECK(plan.actuals[1].citations[0].source == "A");
}

TEST_CASE("API: an actual off track carries the actual and the range it misses", "[api][actuals]") {
    const ingot::Analysis analysis = analyze(false);
    CHECK(headlines(analysis) ==
          std::vector<std::string>{
              "p.plan:7:3: warning[off-track]: `output` grew 4.3 % in 2024, 0.2 pp below the "
              "4.5 %/yr that target `ten` (grows ~5 %/yr from 2022 by 2024) requires"});
    const ingot::Diagnostic& d = analysis.diagnostics().at(0);
    REQUIRE(d.values.size() == 2);
    CHECK(d.values[0].what == "the growth of `output` in 2024, as observed");
    CHECK(d.values[0].unit == "%/yr");
    CHECK(d.values[0].low == Approx(4.25));
    CHECK(d.values[0].high == Approx(4.35));
    CHECK(d.values[0].nominal == Approx(4.3));
    CHECK(d.values[1].what == "the growth of `output` in 2024, as the plan requires");
    CHECK(d.values[1].low == Approx(4.5));
    CHECK(d.values[1].high == Approx(5.5));
    CHECK_FALSE(d.values[1].nominal);
    REQUIRE(d.secondary.size() == 1);
    CHECK(d.secondary[0].span.begin.line == 5);
}

TEST_CASE("API: `implied` also turns on `on-track`", "[api][actuals]") {
    const auto on_track = [](const ingot::Analysis& a) {
        std::vector<std::string> out;
        for (const std::string& h : headlines(a)) {
            if (h.find("[on-track]") != std::string::npos) {
                out.push_back(h);
            }
        }
        return out;
    };
    CHECK(on_track(analyze(false)).empty());
    CHECK(on_track(analyze(true)) ==
          std::vector<std::string>{
              "p.plan:8:3: info[on-track]: `value_added` grew 8.9 % in 2024, within the > 5.5 "
              "%/yr that target `iva` (grows > 5.5 % in 2024) requires"});
}

TEST_CASE("API: actuals of every year of a yearly target also show their average",
          "[api][actuals]") {
    // 年均增长5%左右: a source's `%/yr` is often an average. The target holds in every year, so
    // 2024 is off track, but the note gives the average the two actuals make: √(1.071 × 1.043) − 1.
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    ws.set_source("p.plan", R"(plan nonferrous_2023 {
  period 2023..2024
  source A "https://example.org/a"
  target ten: output grows ~5 %/yr    [A]
  actual output growth 2023 = 7.1 %   [A]
  actual output growth 2024 = 4.3 %   [A]
}
)");
    const ingot::Analysis analysis = ws.analyze({});
    REQUIRE(analysis.diagnostics().size() == 2);
    const ingot::Diagnostic& first = analysis.diagnostics()[0];
    CHECK(first.message == "`output` grew 7.1 % in 2023, 1.6 pp above the 5.5 %/yr that target "
                           "`ten` (grows ~5 %/yr) allows");
    CHECK(first.notes == std::vector<std::string>{
                             "the plan's figures allow 4.5 … 5.5 %/yr for the growth of `output` "
                             "in 2023",
                             "from target ten: output grows ~5 %/yr"});
    const ingot::Diagnostic& second = analysis.diagnostics()[1];
    CHECK(second.notes == std::vector<std::string>{
                              "the plan's figures allow 4.5 … 5.5 %/yr for the growth of `output` "
                              "in 2024",
                              "the actuals from 2023 to 2024 average 5.69 %/yr",
                              "from target ten: output grows ~5 %/yr"});
}

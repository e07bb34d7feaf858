// runtime/explain: the explanation as data (ingot::Explanation), before any text is made of it.
#include "support.hpp"

#include "ingot/explain.hpp"
#include "runtime/explain.hpp"
#include "runtime/sources.hpp"
#include "runtime/workspace.hpp"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <limits>

using namespace ingot;

namespace {

/// The shipped plans, analyzed once: every test reads the same data.
const runtime::Analysis& shipped_plans() {
    static const auto analysis = [] {
        return runtime::analyze(runtime::find_sources(std::string(INGOT_SOURCE_DIR) + "/plans"));
    }();
    return *analysis;
}

Explanation explain_unit_value(std::optional<int> year = {}) {
    runtime::ExplainData data =
        runtime::explain_data(shipped_plans(), "nonferrous_2025", "unit_value", year);
    REQUIRE(data.ok());
    REQUIRE(data.explanation);
    return std::move(*data.explanation);
}

/// Exact up to the last bits of the arithmetic: the solver may divide where the test multiplies.
Approx exactly(double x) {
    return Approx(x).epsilon(1e-12).margin(0);
}

const ExplainFigure& figure_named(const Explanation& e, std::string_view target) {
    const std::string prefix = fmt::format("target {}:", target);
    const auto it = std::find_if(e.figures.begin(), e.figures.end(), [&](const ExplainFigure& f) {
        return f.summary.starts_with(prefix);
    });
    REQUIRE(it != e.figures.end());
    return *it;
}

std::size_t index_of(const Explanation& e, const ExplainFigure& f) {
    return static_cast<std::size_t>(&f - e.figures.data());
}

} // namespace

// Value added ~5 %/yr (ILK: 年均增长5%左右) on output ~1.5 %/yr (年均增长1.5%左右), with
// value_added = output * unit_value: unit_value grows 1.05 / 1.015 − 1 = 3.448 %/yr as written,
// and 1.045 / 1.0165 − 1 … 1.055 / 1.0135 − 1 with the about tolerance.
TEST_CASE("explain data: the series and its growth in each year", "[explain]") {
    const Explanation e = explain_unit_value();
    CHECK(e.plan == "nonferrous_2025");
    CHECK(e.series == "unit_value");
    CHECK(e.label == "value added per tonne of output");
    CHECK(e.unit == "CNY/t");
    CHECK_FALSE(e.year);
    CHECK(e.consistent);
    CHECK(e.nominal_consistent);

    REQUIRE(e.years.size() == 4);
    CHECK(e.years[0].year == 2023);
    CHECK(e.years[1].year == 2024);
    CHECK(e.years[1].base);
    for (const ExplainYear& y : e.years) {
        INFO(y.year);
        // Nothing fixes the level of unit_value, only its growth.
        CHECK_FALSE(y.level.nominal);
        CHECK(y.level.lo.value == -std::numeric_limits<double>::infinity());
        CHECK(y.level.hi.value == std::numeric_limits<double>::infinity());
        CHECK(y.growth.kind == ExplainValue::Kind::growth);
        CHECK(y.growth.unit == "%/yr");
    }
    for (const ExplainYear* y : {&e.years[2], &e.years[3]}) {
        INFO(y->year);
        REQUIRE(y->growth.nominal);
        CHECK(*y->growth.nominal == exactly(1.05 / 1.015 - 1));
        CHECK(*y->growth.nominal == Approx(0.0345).margin(0.00005));
        CHECK(y->growth.lo.value == exactly(1.045 / 1.0165 - 1));
        CHECK(y->growth.hi.value == exactly(1.055 / 1.0135 - 1));
        CHECK_FALSE(y->growth.lo.open);
        CHECK_FALSE(y->growth.hi.open);
    }
    // 2024 grows by the baselines: value added 8.9 % on output 4.3 %.
    REQUIRE(e.years[1].growth.nominal);
    CHECK(*e.years[1].growth.nominal == exactly(1.089 / 1.043 - 1));

    REQUIRE(e.period);
    CHECK(e.period->from_year == 2024);
    CHECK(e.period->to_year == 2026);
    CHECK(e.period->change.kind == ExplainValue::Kind::change);
    REQUIRE(e.period->change.nominal);
    CHECK(*e.period->change.nominal == exactly(1.05 * 1.05 / (1.015 * 1.015) - 1));
    REQUIRE(e.period->average);
    REQUIRE(e.period->average->nominal);
    CHECK(*e.period->average->nominal == exactly(1.05 / 1.015 - 1));
}

TEST_CASE("explain data: the figures and their citations", "[explain]") {
    const Explanation e = explain_unit_value();
    REQUIRE(e.figures.size() == 5);
    CHECK(e.figures[0].kind == ExplainFigure::Kind::identity);
    CHECK(e.figures[0].summary == "identity value_added = output * unit_value");
    CHECK(e.figures[0].citations.empty());

    const ExplainFigure& iva = figure_named(e, "iva");
    CHECK(iva.kind == ExplainFigure::Kind::target);
    CHECK(iva.summary == "target iva: value_added grows ~5 %/yr");
    CHECK(iva.span.path.ends_with("nonferrous-2025.plan"));
    CHECK(iva.span.begin.line == 40);
    REQUIRE(iva.citations.size() == 1);
    CHECK(iva.citations[0].source == "ILK");
    CHECK(iva.citations[0].quote == "年均增长5%左右");
    CHECK(iva.citations[0].url == "http://www.ilinki.net/news/detail/73247");

    const ExplainFigure& ten_metals = figure_named(e, "ten_metals");
    CHECK(ten_metals.summary == "target ten_metals: output(metals) grows ~1.5 %/yr");
    CHECK(ten_metals.span.begin.line == 41);
    REQUIRE(ten_metals.citations.size() == 1);
    CHECK(ten_metals.citations[0].source == "ILK");
    CHECK(ten_metals.citations[0].quote == "年均增长1.5%左右");

    // Figures are in file order: the analyst rules' identity, then the plan's lines.
    CHECK(index_of(e, iva) == 1);
    CHECK(index_of(e, ten_metals) == 2);
}

TEST_CASE("explain data: the steps from the figures to the growth of unit_value", "[explain]") {
    const Explanation e = explain_unit_value(2025);
    CHECK(e.year == 2025);
    REQUIRE(e.years.size() == 1);
    CHECK(e.years[0].year == 2025);

    const std::size_t identity = 0;
    const std::size_t iva = index_of(e, figure_named(e, "iva"));
    const std::size_t ten_metals = index_of(e, figure_named(e, "ten_metals"));
    CHECK(e.figures.size() == 3); // the 2024 baselines are not involved in 2025

    REQUIRE(e.sections.size() == 1);
    const ExplainSection& growth = e.sections[0];
    CHECK(growth.kind == ExplainSection::Kind::growth);
    CHECK(growth.year == 2025);
    REQUIRE(growth.value.nominal);
    CHECK(*growth.value.nominal == exactly(1.05 / 1.015 - 1));
    REQUIRE(growth.steps.size() == 3);
    REQUIRE(e.steps.size() == 3);

    // Two figures read at their precision, ~ widening them by the about tolerance.
    const ExplainStep& va = e.steps[growth.steps[0]];
    CHECK(va.name == "growth(value_added)");
    CHECK(va.figures == std::vector<std::size_t>{iva});
    CHECK(va.steps.empty());
    REQUIRE(va.value.nominal);
    CHECK(*va.value.nominal == exactly(0.05));
    CHECK(va.value.lo.value == exactly(0.045));
    CHECK(va.value.hi.value == exactly(0.055));
    for (const ExplainDerivation& d : va.derivations) {
        CHECK(d.kind == ExplainDerivation::Kind::figure);
        CHECK(d.figures == std::vector<std::size_t>{iva});
    }

    const ExplainStep& out = e.steps[growth.steps[1]];
    CHECK(out.name == "growth(output(metals))");
    CHECK(out.figures == std::vector<std::size_t>{ten_metals});
    CHECK(out.steps.empty());
    REQUIRE(out.value.nominal);
    CHECK(*out.value.nominal == exactly(0.015));

    // The identity divides one by the other, on each side of the range.
    const ExplainStep& uv = e.steps[growth.steps[2]];
    CHECK(uv.name == "growth(unit_value)");
    CHECK(uv.figures == std::vector<std::size_t>{identity});
    CHECK(uv.steps == std::vector<std::size_t>{growth.steps[0], growth.steps[1]});
    REQUIRE(uv.derivations.size() == 3);
    const std::array<ExplainDerivation::Side, 3> sides{ExplainDerivation::Side::as_written,
                                                       ExplainDerivation::Side::lower,
                                                       ExplainDerivation::Side::upper};
    const std::array<double, 3> values{1.05 / 1.015 - 1, 1.045 / 1.0165 - 1, 1.055 / 1.0135 - 1};
    const std::array<std::array<double, 2>, 3> operands{
        {{0.05, 0.015}, {0.045, 0.0165}, {0.055, 0.0135}}};
    for (std::size_t i = 0; i < 3; ++i) {
        const ExplainDerivation& d = uv.derivations[i];
        INFO(i);
        CHECK(d.side == sides[i]);
        CHECK(d.kind == ExplainDerivation::Kind::relation);
        CHECK(d.formula == "(1 + growth(value_added)) / (1 + growth(output(metals))) \u2212 1");
        CHECK(d.figures == std::vector<std::size_t>{identity});
        CHECK(d.value == exactly(values[i]));
        // (1 + x) / (1 + y) − 1: two operands, each shown as (1 + g), and literal text.
        REQUIRE(d.arithmetic.size() == 4);
        REQUIRE(d.arithmetic[0].quantity);
        CHECK(d.arithmetic[0].quantity->kind == ExplainValue::Kind::growth);
        CHECK(d.arithmetic[0].value == exactly(operands[i][0]));
        CHECK(d.arithmetic[1].text == " / ");
        REQUIRE(d.arithmetic[2].quantity);
        CHECK(d.arithmetic[2].value == exactly(operands[i][1]));
        CHECK(d.arithmetic[3].text == " \u2212 1");
    }
}

TEST_CASE("explain data: the text is rendered from the data", "[explain]") {
    const Explanation e = explain_unit_value(2025);
    const runtime::ExplainResult r =
        runtime::explain(shipped_plans(), "nonferrous_2025", "unit_value", 2025);
    REQUIRE(r.ok());
    CHECK(render_text(e) == r.text);
    CHECK(render_text(e, {5}).find("3.4483 %/yr") != std::string::npos);
}

TEST_CASE("explain data: errors carry no explanation", "[explain]") {
    const runtime::ExplainData data =
        runtime::explain_data(shipped_plans(), "nonferrous_2025", "unit_valu", {});
    CHECK_FALSE(data.ok());
    CHECK_FALSE(data.explanation);
    CHECK(data.error == "unknown metric `unit_valu`; did you mean `unit_value`?");
}

// compare(), write_comparison(), export_figures() and Range::reading as a host uses them (only the
// public header): the data the `ingot report` page and other hosts build on.
#include "api/api_support.hpp"

#include <ingot/ingot.hpp>

#include <algorithm>
#include <catch2/catch.hpp>

using namespace api_test;

namespace {

const ingot::CompareRow& find_row(const ingot::Comparison& c, const std::string& metric) {
    const auto it = std::find_if(c.rows.begin(), c.rows.end(),
                                 [&](const ingot::CompareRow& r) { return r.metric == metric; });
    REQUIRE(it != c.rows.end());
    return *it;
}

} // namespace

TEST_CASE("API: compare chooses plans by series, name and file", "[api][compare]") {
    const ingot::Engine engine;
    const ingot::Analysis analysis = shipped_plans(engine).analyze();
    ingot::CompareOptions options;
    options.series = {"stable_growth_2025"};
    options.plans = {"*_2025"};
    options.files = {"plans/nonferrous-2025.plan", "plans/steel-2025.plan"};
    const ingot::Comparison c = ingot::compare(analysis, options);
    REQUIRE(c.plans.size() == 2);
    CHECK(c.plans[0].name == "nonferrous_2025");
    CHECK(c.plans[0].path == "plans/nonferrous-2025.plan");
    CHECK(c.plans[0].first_year == 2025);
    CHECK(c.plans[0].last_year == 2026);
    CHECK(c.plans[1].silent_on ==
          std::vector<std::string>{"output_target", "output_cuts", "capacity_cuts"});
    for (const ingot::CompareRow& row : c.rows) {
        CHECK(row.cells.size() == 2);
    }

    const ingot::CompareRow& value_added = find_row(c, "value_added");
    CHECK(value_added.label == "industrial value added");
    REQUIRE(value_added.cells[1]);
    const ingot::CompareCell& steel = *value_added.cells[1];
    REQUIRE(steel.targets.size() == 1);
    CHECK(steel.targets[0].name == "iva");
    CHECK(steel.targets[0].text == "grows ~4 %/yr");
    CHECK(steel.targets[0].citations.size() == 2);
    CHECK(steel.targets[0].citations[0].source == "KZB");
    REQUIRE(steel.annual_rate);
    CHECK(steel.annual_rate->nominal == Approx(4));
    CHECK(steel.annual_rate->reading == ingot::Reading::point);
    CHECK(steel.annual_rate->low.value == Approx(3.5));
    CHECK(steel.annual_rate->high.value == Approx(4.5));
    CHECK_FALSE(steel.end_level); // no level of value added is known

    const ingot::CompareRow& output = find_row(c, "output");
    CHECK(output.unit == "Mt");
    REQUIRE(output.cells[0]);
    CHECK(output.cells[0]->series == "output(metals)");
    CHECK(output.cells[0]->end_year == 2026);
    REQUIRE(output.cells[0]->end_level);
    CHECK(*output.cells[0]->end_level->nominal == Approx(79.19 * 1.015 * 1.015));
    CHECK_FALSE(output.cells[1]);
    CHECK(ingot::cell_lines(output, *output.cells[0]) ==
          std::vector<std::string>{"output(metals) grows ~1.5 %/yr [ILK]",
                                   "avg 1.5 %/yr (1.35 … 1.65 %/yr)",
                                   "2026: 81.6 Mt (81.3 … 81.8 Mt)"});

    options.metrics = {"iva"}; // an aka name chooses its metric's row
    const ingot::Comparison only = ingot::compare(analysis, options);
    REQUIRE(only.rows.size() == 1);
    CHECK(only.rows[0].metric == "value_added");
}

TEST_CASE("API: a bound reads as a bound", "[api][compare]") {
    const ingot::Engine engine;
    const ingot::Analysis analysis = shipped_plans(engine).analyze();
    ingot::CompareOptions options;
    options.plans = {"building_materials_2025"};
    const ingot::Comparison c = ingot::compare(analysis, options);
    const ingot::CompareRow& green = find_row(c, "green_revenue");
    CHECK(green.unit == "bn CNY");
    REQUIRE(green.cells[0]);
    const ingot::CompareCell& cell = *green.cells[0];
    REQUIRE(cell.end_level);
    CHECK(cell.end_level->reading == ingot::Reading::above);
    CHECK(*cell.end_level->nominal == Approx(300));
    CHECK(ingot::to_text(*cell.end_level, green.unit) == "> 300 bn CNY");
    REQUIRE(cell.annual_rate);
    CHECK(ingot::to_text(*cell.annual_rate, "%/yr") == "> 3.88 %/yr (> 3.79 %/yr)");

    // The public Derivation says the same of the level it derives.
    const ingot::Derivation* d = analysis.derivation("building_materials_2025");
    REQUIRE(d != nullptr);
    const auto series = std::find_if(d->series.begin(), d->series.end(),
                                     [](const auto& s) { return s.series == "green_revenue"; });
    REQUIRE(series != d->series.end());
    CHECK(series->years.back().year == 2026);
    CHECK(series->years.back().level.reading == ingot::Reading::above);
    CHECK(series->years.front().level.reading == ingot::Reading::point); // 278 / 1.39 in 2023
}

TEST_CASE("API: write_comparison is deterministic, and html can be a fragment", "[api][compare]") {
    const ingot::Engine engine;
    const ingot::Analysis analysis = shipped_plans(engine).analyze();
    ingot::CompareOptions options;
    options.series = {"stable_growth_2025"};
    const ingot::Comparison c = ingot::compare(analysis, options);
    CHECK(c.plans.size() == 8);
    for (const auto format :
         {ingot::CompareFormat::text, ingot::CompareFormat::markdown, ingot::CompareFormat::csv,
          ingot::CompareFormat::json, ingot::CompareFormat::html}) {
        INFO(ingot::to_string(format));
        CHECK(ingot::parse_compare_format(ingot::to_string(format)) == format);
        CHECK(ingot::write_comparison(format, c) == ingot::write_comparison(format, c));
    }
    CHECK_FALSE(ingot::parse_compare_format("yaml"));
    ingot::CompareWriteOptions fragment;
    fragment.fragment = true;
    const std::string table = ingot::write_comparison(ingot::CompareFormat::html, c, fragment);
    CHECK(table.starts_with("<table class=\"ingot-compare\">\n"));
    CHECK(table.ends_with("</table>\n"));
    CHECK(table.find("<html") == std::string::npos);
    CHECK(table.find("<style") == std::string::npos);
}

TEST_CASE("API: export_figures gives each figure once, derived values on request",
          "[api][compare]") {
    const ingot::Engine engine;
    const ingot::Analysis analysis = shipped_plans(engine).analyze();
    ingot::FiguresOptions options;
    options.select.plans = {"nonferrous_2025"};
    options.select.metrics = {"recycled_output"};
    const auto rows = ingot::export_figures(analysis, options);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].kind == "baseline");
    CHECK(rows[0].written == "19.15 Mt");
    CHECK(rows[1].kind == "target");
    CHECK(rows[1].name == "recycled");
    CHECK(rows[1].written == "reaches > 20 Mt by 2026");
    CHECK(rows[1].low == 20);
    CHECK(rows[1].nominal == 20);
    CHECK_FALSE(rows[1].high);
    CHECK(rows[1].year == 2026);
    CHECK(rows[1].quotes == std::vector<std::string>{"突破2000万吨"});
    CHECK(rows[2].quantity == "change");
    CHECK_FALSE(rows[2].year);

    options.derived = true;
    const auto derived = ingot::export_figures(analysis, options);
    CHECK(derived.size() > rows.size());
    const auto level = std::find_if(derived.begin(), derived.end(), [](const auto& r) {
        return r.kind == "derived" && r.quantity == "level" && r.year == 2026;
    });
    REQUIRE(level != derived.end());
    CHECK(level->written == "19.993 Mt* (20 … 20.007 Mt)");
    CHECK(ingot::parse_figures_format("json") == ingot::FiguresFormat::json);
    CHECK_FALSE(ingot::parse_figures_format("html"));
}

// ingot::diff_plans as a host sees it: the nonferrous plan against its predecessor, each in its
// own Workspace (as `ingot diff` analyses them), and two versions of one plan, which share a name;
// the data, unrounded, and the JSON writer's schema.
#include "api_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

using namespace api_test;

namespace {

ingot::Analysis analyze_file(const fs::path& path) {
    ingot::Workspace ws(ingot::Engine(), plans_dir.string());
    ws.add_path(path.string());
    return ws.analyze();
}

const ingot::TargetChange& on_series(const ingot::PlanDiff& diff, const std::string& series) {
    for (const ingot::TargetChange& t : diff.targets) {
        if (t.series == series) {
            return t;
        }
    }
    FAIL("no series " << series);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("API: diff_plans of the nonferrous plan and its predecessor", "[api][diff]") {
    const ingot::Analysis old_analysis =
        analyze_file(plans_dir / "predecessors/nonferrous-2023.plan");
    const ingot::Analysis new_analysis = analyze_file(plans_dir / "nonferrous-2025.plan");
    const ingot::PlanDiff diff =
        ingot::diff_plans(old_analysis, "nonferrous_2023", new_analysis, "nonferrous_2025");

    CHECK(diff.old_plan == "nonferrous_2023");
    CHECK(diff.new_plan == "nonferrous_2025");
    CHECK(diff.new_follows == "nonferrous_2023");
    CHECK(diff.old_first_year == std::optional<int>(2023));
    CHECK(diff.new_last_year == std::optional<int>(2026));
    CHECK(diff.changed());
    REQUIRE(diff.targets.size() == 3);

    // The headline: output growth cut by 3.5 pp, from the two derivations' average growth.
    const ingot::TargetChange& output = on_series(diff, "output(metals)");
    CHECK(output.kind == ingot::TargetChange::Kind::lowered);
    CHECK(output.old_targets == std::vector<std::string>{"ten_metals"});
    CHECK(output.new_targets == std::vector<std::string>{"ten_metals"});
    CHECK(output.old_written == "~5 %/yr");
    CHECK(output.new_written == "~1.5 %/yr");
    CHECK(output.old_form == "an annual rate");
    CHECK(output.new_form == "an annual rate");
    CHECK(output.compared == "growth");
    REQUIRE(output.old_value);
    REQUIRE(output.new_value);
    REQUIRE(output.change);
    CHECK(output.old_value->value == Approx(5.0));
    CHECK(output.old_value->unit == "%/yr");
    CHECK(output.new_value->value == Approx(1.5));
    CHECK(output.change->value == Approx(-3.5));
    CHECK(output.change->low == Approx(-4.15));
    CHECK(output.change->high == Approx(-2.85));
    CHECK(output.change->unit == "pp");
    CHECK(output.change->change);
    CHECK(output.change->reading == ingot::Reading::point);
    CHECK(ingot::to_text_with_range(ingot::Value{*output.change}) == "-3.5 pp (-4.15 … -2.85 pp)");
    CHECK(output.old_from == 2022);
    CHECK(output.old_to == 2024);
    CHECK(output.new_from == 2024);
    CHECK(output.new_to == 2026);

    // Value added: growth in single years became an annual rate; over 5.5 %/yr on average then,
    // about 5 %/yr now, a change whose range reaches above zero: changed, with no direction.
    const ingot::TargetChange& va = on_series(diff, "value_added");
    CHECK(va.kind == ingot::TargetChange::Kind::changed);
    CHECK(va.old_written == "~5.5 % in 2023, > 5.5 % in 2024");
    CHECK(va.new_written == "~5 %/yr");
    CHECK(va.old_form == "growth in single years");
    CHECK(va.new_form == "an annual rate");
    REQUIRE(va.old_value);
    CHECK(va.old_value->reading == ingot::Reading::above);
    CHECK(va.old_value->value == Approx(5.5));
    REQUIRE(va.change);
    CHECK(va.change->reading == ingot::Reading::none);
    CHECK(std::isinf(va.change->low));
    CHECK(va.change->high == Approx(0.2754).epsilon(1e-3));

    const ingot::TargetChange& recycled = on_series(diff, "recycled_output");
    CHECK(recycled.kind == ingot::TargetChange::Kind::added);
    CHECK(recycled.new_targets == std::vector<std::string>{"recycled", "recycled_pace"});
    CHECK(recycled.new_written == "reaches > 20 Mt by 2026, 4.4 %");
    CHECK(recycled.old_targets.empty());
    CHECK_FALSE(recycled.change);

    REQUIRE(diff.scopes.size() == 2);
    CHECK(diff.scopes[0].name == "exploration_metals");
    CHECK(diff.scopes[0].added);
    CHECK(diff.scopes[0].items.added.size() == 6);
    CHECK(diff.scopes[1].name == "metals");
    CHECK_FALSE(diff.scopes[1].added);
    CHECK(diff.scopes[1].items.added == std::vector<std::string>{"lithium"});
    CHECK(diff.scopes[1].items.removed.empty());
    CHECK(diff.scopes[1].old_size == std::optional<double>(10));
    CHECK(diff.focuses.added.size() == 8);
    CHECK(diff.focuses.removed.empty());
    CHECK(diff.silent_on.added ==
          std::vector<std::string>{"overcapacity_restriction", "capacity_target",
                                   "energy_efficiency_target", "green_factory_target"});
}

TEST_CASE("API: diff_plans of two versions of one plan, which share its name", "[api][diff]") {
    const auto analyze_text = [](const std::string& text) {
        ingot::Workspace ws{ingot::Engine()};
        ws.set_source("steel.plan", text);
        return ws.analyze();
    };
    const ingot::Analysis before = analyze_text(R"(plan steel {
  period 2025..2026
  source A "https://example.org/a"
  target crude: output reaches 1000 Mt by 2026  [A]
  target iva: value_added grows ~4 %/yr         [A]
  target cap: capacity stays <= 1100 Mt         [A]
}
)");
    const ingot::Analysis after = analyze_text(R"(plan steel {
  period 2025..2026
  source A "https://example.org/a"
  target crude: output reaches 980 Mt by 2026  [A]
  target iva: value_added grows ~4.5 %/yr      [A]
}
)");
    const ingot::PlanDiff diff = ingot::diff_plans(before, "steel", after, "steel");
    REQUIRE(diff.targets.size() == 3);
    const ingot::TargetChange& crude = diff.targets[0];
    CHECK(crude.series == "output");
    CHECK(crude.kind == ingot::TargetChange::Kind::lowered);
    CHECK(crude.compared == "level");
    REQUIRE(crude.change);
    CHECK(crude.change->value == Approx(-20));
    CHECK(crude.change->unit == "Mt");
    const ingot::TargetChange& iva = diff.targets[1];
    CHECK(iva.kind == ingot::TargetChange::Kind::raised);
    REQUIRE(iva.change);
    CHECK(iva.change->value == Approx(0.5));
    CHECK(iva.change->unit == "pp");
    const ingot::TargetChange& cap = diff.targets[2];
    CHECK(cap.series == "capacity");
    CHECK(cap.kind == ingot::TargetChange::Kind::removed);
    CHECK(cap.old_written == "stays <= 1100 Mt");
    CHECK(cap.old_form == "a bound in every year");

    CHECK_FALSE(ingot::diff_plans(after, "steel", after, "steel").changed());
    CHECK_THROWS_AS(ingot::diff_plans(before, "steel", after, "iron"), ingot::Error);
}

TEST_CASE("API: the JSON of a diff follows its versioned schema", "[api][diff][json]") {
    const ingot::Analysis old_analysis =
        analyze_file(plans_dir / "predecessors/nonferrous-2023.plan");
    const ingot::Analysis new_analysis = analyze_file(plans_dir / "nonferrous-2025.plan");
    const ingot::PlanDiff diff =
        ingot::diff_plans(old_analysis, "nonferrous_2023", new_analysis, "nonferrous_2025");
    const auto j = nlohmann::json::parse(ingot::write_diff(ingot::DiffFormat::json, diff));
    CHECK(j["schema"] == "ingot-diff");
    CHECK(j["version"] == 1);
    CHECK(j["old"]["period"] == nlohmann::json{{"first", 2023}, {"last", 2024}});
    CHECK(j["new"]["follows"] == "nonferrous_2023");
    CHECK(j["changed"] == true);
    const auto& output = j["targets"][1];
    CHECK(output["kind"] == "lowered");
    CHECK(output["series"] == "output(metals)");
    CHECK(output["compared"] == "growth");
    CHECK(output["change"]["unit"] == "pp");
    CHECK(output["change"]["value"].get<double>() == Approx(-3.5));
    CHECK(output["change"]["reading"] == "point");
    CHECK(output["old"]["written"] == "~5 %/yr");
    CHECK(output["old"]["from"] == 2022);
    CHECK(output["new"]["value"]["value"].get<double>() == Approx(1.5));
    // An unbounded end is null, as in the report schema.
    CHECK(j["targets"][0]["change"]["low"].is_null());
    CHECK(j["targets"][2]["old"].is_null());
}

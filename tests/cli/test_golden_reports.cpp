// What analysts see of the shipped plans, pinned: the full `ingot check plans/` report, the
// `ingot explain` of the headline derived values, and `ingot compare` and `ingot export` of the
// 2025 plans in every format. Any change to them is a reviewed change: run
// with INGOT_UPDATE_GOLDEN=1 to rewrite tests/golden/cli/ and read the diff.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

using namespace ingot;

namespace {

void compare_with_golden(const std::string& args, const std::string& golden_name) {
    const auto golden = test::source_dir / "tests/golden/cli" / golden_name;
    const auto r = test::run_ingot(args);
    INFO("ingot " << args << "\n" << r.err);
    if (std::getenv("INGOT_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(golden, std::ios::binary) << r.out;
    }
    CHECK(r.out == test::read_text(golden));
}

} // namespace

TEST_CASE("the check report of the shipped plans", "[golden]") {
    compare_with_golden("check --implied plans/", "check-plans.txt");
    const auto r = test::run_ingot("check plans/");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("error[") == std::string::npos);
    CHECK(r.out.find("warning[uncited]") == std::string::npos); // every figure has its source
}

TEST_CASE("explain of the headline derived values", "[golden]") {
    compare_with_golden("explain nonferrous_2025.unit_value plans/", "explain-unit-value.txt");
    compare_with_golden("explain nonferrous_2025.recycled_output plans/",
                        "explain-recycled-output.txt");
    compare_with_golden("explain building_materials_2025.green_revenue plans/",
                        "explain-green-revenue.txt");
}

TEST_CASE("compare of the shipped 2025 plans in every format", "[golden]") {
    const std::string plans = " plans/*-2025.plan";
    compare_with_golden("compare" + plans, "compare-2025.txt");
    compare_with_golden("compare --width 100" + plans, "compare-2025-width100.txt");
    compare_with_golden("compare --transpose --width 120" + plans, "compare-2025-transposed.txt");
    compare_with_golden("compare --format markdown" + plans, "compare-2025.md");
    compare_with_golden("compare --format csv" + plans, "compare-2025.csv");
    compare_with_golden("compare --format json" + plans, "compare-2025.json");
    compare_with_golden("compare --format html" + plans, "compare-2025.html");
    const auto r = test::run_ingot("compare" + plans);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
}

TEST_CASE("export of the shipped 2025 plans", "[golden]") {
    compare_with_golden("export plans/*-2025.plan", "export-2025.csv");
    compare_with_golden("export --format json --derived plans/*-2025.plan",
                        "export-2025-derived.json");
}

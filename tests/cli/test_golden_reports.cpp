// What analysts see of the shipped plans, pinned: the full `ingot check plans/` report and the
// `ingot explain` of the headline derived values. Any change to them is a reviewed change: run
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

TEST_CASE("ingot diff of the nonferrous plan and its predecessor", "[golden][diff]") {
    const std::string pair = "plans/predecessors/nonferrous-2023.plan plans/nonferrous-2025.plan";
    compare_with_golden("diff " + pair, "diff-nonferrous.txt");
    compare_with_golden("diff --format markdown " + pair, "diff-nonferrous.md");
    compare_with_golden("diff --format json " + pair, "diff-nonferrous.json");
}

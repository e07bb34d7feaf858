#include "lang/grammar.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

using namespace ingot;

TEST_CASE("the grammar has no rules that can loop without consuming input", "[grammar]") {
    CHECK(tao::pegtl::analyze<lang::grammar::file>(-1) == 0);
}

TEST_CASE("DESIGN.md's normative examples parse as written", "[grammar]") {
    SECTION("the nonferrous plan and the rulebook it imports") {
        for (const char* file : {"plans/nonferrous-2025.plan", "plans/rules/analyst.rules"}) {
            const auto p = test::parse(test::read_text(test::source_dir / file), file);
            INFO(file);
            CHECK(p.headlines() == std::vector<std::string>{});
        }
    }
    SECTION("a metric with a label, a unit and another name") {
        const auto p = test::parse(
            R"(metric recycled_output "recycled nonferrous metal output" unit t aka secondary_output)");
        CHECK(p.result.ok());
    }
    SECTION("the prelude's metrics and the identity") {
        const auto p = test::parse(R"(
metric value_added     "industrial value added"           unit CNY
metric output          "physical output"                  unit t
metric unit_value      "value added per tonne of output"  unit CNY/t
identity value_added = output * unit_value
)");
        CHECK(p.result.ok());
    }
}

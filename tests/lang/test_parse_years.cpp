// Base years, single-year targets, peaks and actuals as the parser reads them: the AST each form
// gives (as the tests' dump prints it) and the spans of the years a clause names.
#include "dump.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ingot;

namespace {

/// The dump of the one plan statement in `body`, without the plan around it.
std::string statement(const std::string& body) {
    const auto p = test::parse("plan p {\n" + body + "\n}\n");
    INFO(body);
    REQUIRE(p.headlines() == std::vector<std::string>{});
    std::string dump = lang::dump(p.result.file);
    // "(plan p\n  STATEMENT\n)\n"
    const auto first = dump.find('\n');
    const auto last = dump.rfind("\n)");
    REQUIRE(first != std::string::npos);
    REQUIRE(last != std::string::npos);
    dump = dump.substr(first + 1, last - first - 1);
    return dump.substr(dump.find_first_not_of(' '));
}

} // namespace

TEST_CASE("base years, single years, peaks and actuals parse", "[grammar]") {
    CHECK(statement("base 2020  [A]") == "(field base 2020 (cite A))");
    CHECK(statement("target t: output grows ~5 %/yr from 2020") ==
          "(target t output (grows ~ (quantity 5 (unit (%) (yr))) (from 2020)))");
    CHECK(statement("target t: output grows 20 % from 2020 by 2025") ==
          "(target t output (grows (quantity 20 (unit (%))) (from 2020) (by 2025)))");
    // `by` may come first; the AST is the same.
    CHECK(statement("target t: output grows 20 % by 2025 from 2020") ==
          "(target t output (grows (quantity 20 (unit (%))) (from 2020) (by 2025)))");
    CHECK(statement("target t: value_added grows > 5.5 % in 2024, grows ~5.5 % in 2023") ==
          "(target t value_added (grows > (quantity 5.5 (unit (%))) (in 2024)) (grows ~ "
          "(quantity 5.5 (unit (%))) (in 2023)))");
    CHECK(statement("target t: share rises 2 pp in 2025") ==
          "(target t share (rises (quantity 2 (unit (pp))) (in 2025)))");
    CHECK(statement("target peak: emissions(industry) peaks by 2030") ==
          "(target peak emissions(industry) (peaks (by 2030)))");
    CHECK(statement("target t: emissions falls 2 %/yr, peaks by 2025") ==
          "(target t emissions (falls (quantity 2 (unit (%) (yr)))) (peaks (by 2025)))");
    CHECK(statement("actual output(metals) 2024 = 79.19 Mt  [INT_NF]") ==
          "(actual output(metals) 2024 (quantity 79.19 (unit (Mt))) (cite INT_NF))");
    CHECK(statement("actual value_added growth 2024 = ~8.9 %") ==
          "(actual value_added growth 2024 ~ (quantity 8.9 (unit (%))))");
}

TEST_CASE("the years of a clause keep their spans", "[grammar]") {
    const std::string text = "plan p {\n  target t: output grows 20 % by 2025 from 2020, peaks by "
                             "2030, grows 5 % in 2024\n}\n";
    const auto p = test::parse(text);
    REQUIRE(p.headlines() == std::vector<std::string>{});
    const auto& plan = std::get<lang::PlanDecl>(p.result.file.items.at(0));
    const auto& target = std::get<lang::TargetStmt>(plan.body.at(0).kind);
    REQUIRE(target.clauses.size() == 3);
    const auto text_of = [&](lang::SourceSpan s) { return text.substr(s.begin, s.end - s.begin); };
    const lang::Clause& change = target.clauses[0];
    REQUIRE(change.from);
    REQUIRE(change.by);
    CHECK(text_of(change.from->span) == "2020");
    CHECK(text_of(change.by->span) == "2025");
    CHECK(change.by->span.begin < change.from->span.begin);
    CHECK(text_of(change.span) == "grows 20 % by 2025 from 2020");
    const lang::Clause& peak = target.clauses[1];
    CHECK(peak.kind == lang::ClauseKind::peaks);
    CHECK_FALSE(peak.comparator);
    REQUIRE(peak.by);
    CHECK(peak.by->value == 2030);
    CHECK(text_of(peak.span) == "peaks by 2030");
    const lang::Clause& single = target.clauses[2];
    REQUIRE(single.in);
    CHECK(single.in->value == 2024);
    CHECK_FALSE(single.by);
    CHECK_FALSE(single.from);
}

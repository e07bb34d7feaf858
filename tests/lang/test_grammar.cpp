#include "lang/grammar.hpp"
#include "lang/keywords.hpp"
#include "support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <span>
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

namespace {

/// Whether the whole of `word` matches the grammar rule `Rule`.
template <typename Rule>
bool matches_whole(std::string_view word) {
    namespace pegtl = tao::pegtl;
    pegtl::memory_input<> in(word.data(), word.size(), "keyword");
    return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in);
}

} // namespace

TEST_CASE("the keyword table and the grammar's keywords are the same words", "[grammar]") {
    namespace g = lang::grammar;
    for (const std::string_view word : lang::statement_keywords) {
        INFO(word);
        CHECK(matches_whole<g::reserved>(word));
    }
    for (const auto& table : {std::span<const std::string_view>(lang::field_keywords),
                              std::span<const std::string_view>(lang::list_keywords),
                              std::span<const std::string_view>(lang::clause_keywords)}) {
        for (const std::string_view word : table) {
            INFO(word);
            CHECK(matches_whole<g::reserved>(word));
        }
    }
    // The words inside statements and expressions: reserved, except the severities, which are
    // keywords only where a severity is expected.
    for (const std::string_view word : lang::word_keywords) {
        INFO(word);
        CHECK(matches_whole<tao::pegtl::sor<g::reserved, g::severity>>(word));
    }
    // Every statement-starting keyword of the grammar is in the table recovery resumes at.
    for (const std::string_view word : {"import", "plan", "metric", "identity", "rule", "target",
                                        "focus", "silent_on", "let", "when", "message"}) {
        INFO(word);
        CHECK(std::find(lang::statement_keywords.begin(), lang::statement_keywords.end(), word) !=
              lang::statement_keywords.end());
    }
    for (const std::string_view word : {"test", "expect"}) {
        INFO(word);
        CHECK(std::find(lang::statement_keywords.begin(), lang::statement_keywords.end(), word) !=
              lang::statement_keywords.end());
    }
    // `line` and `within` are keywords after `expect`; only `within` is reserved, so a unit stops
    // before it, while `line` stays a valid name.
    CHECK(lang::expect_keywords[0] == "line");
    CHECK(matches_whole<g::kw_line>(lang::expect_keywords[0]));
    CHECK_FALSE(matches_whole<g::reserved>(lang::expect_keywords[0]));
    CHECK(lang::expect_keywords[1] == "within");
    CHECK(matches_whole<g::kw_within>(lang::expect_keywords[1]));
    CHECK(matches_whole<g::reserved>(lang::expect_keywords[1]));
    CHECK_FALSE(matches_whole<g::reserved>("output"));
    CHECK_FALSE(matches_whole<g::reserved>("titles"));
}

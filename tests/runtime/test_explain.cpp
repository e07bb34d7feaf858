// runtime/explain: what a plan implies for one metric, and each step of how it follows.
#include "support.hpp"

#include "runtime/explain.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

/// Analyzes one plan file written to a temporary folder and explains `plan.metric`; paths in
/// the text are shown relative to that folder.
runtime::ExplainResult explain_text(const std::string& text, std::string_view plan,
                                    std::string_view metric, std::optional<int> year = {},
                                    runtime::ExplainOptions options = {}) {
    test::TempDir dir;
    const std::string file = dir.write("test.plan", text);
    const auto analysis = runtime::analyze({file});
    runtime::ExplainResult r = runtime::explain(*analysis, plan, metric, year, options);
    const std::string prefix = dir.path().string() + "/";
    for (std::size_t at = r.text.find(prefix); at != std::string::npos;
         at = r.text.find(prefix, at)) {
        r.text.erase(at, prefix.size());
    }
    return r;
}

// The normative example, small: value added ~5 %/yr on output ~1.5 %/yr, with the identity
// value_added = output * unit_value. Growth of unit_value: 1.05 / 1.015 − 1 = 3.448 %/yr; read
// with the 10 % about tolerance, 1.045 / 1.0165 − 1 = 2.804 … 1.055 / 1.0135 − 1 = 4.095 %/yr.
// Over 2024→2026: 1.05² / 1.015² − 1 = 7.02 %, from 1.045² / 1.0165² − 1 = 5.69 % to
// 1.055² / 1.0135² − 1 = 8.36 %.
const std::string unit_value_plan =
    R"(metric unit_value "value added per tonne of output" unit CNY/t
identity value_added = output * unit_value

plan p {
  period 2025..2026
  source A "https://example.org/a"
  target iva: value_added grows ~5 %/yr  [A: "年均增长5%左右"]
  target out: output grows ~1.5 %/yr     [A: "年均增长1.5%左右"]
}
)";

// The recycled-output case: 4.4 % from 19.15 Mt gives 19.15 × 1.044 = 19.9926 Mt as written,
// which misses `> 20 Mt`; at the figures' precision the level is 20 … 19.155 × 1.0445 =
// 20.0074 Mt, so the change is at least 20 / 19.155 − 1 = 4.411 % and the 2024 level at least
// 20 / 1.0445 = 19.1479 Mt.
const std::string recycled_plan =
    R"(metric recycled_output "recycled output" unit t aka secondary_output

plan r {
  period 2025..2026
  source C "https://example.org/c" "a source"
  baseline recycled_output 2024 = 19.15 Mt                  [C]
  target recycled: recycled_output reaches > 20 Mt by 2026  [C: "突破2000万吨"]
  target pace: recycled_output grows 4.4 %                  [C]
}
)";

} // namespace

TEST_CASE("explain shows the growth an identity implies, step by step", "[explain]") {
    const auto r = explain_text(unit_value_plan, "p", "unit_value");
    REQUIRE(r.ok());
    CHECK(r.text == R"(p.unit_value — value added per tonne of output (CNY/t)

  year          level     growth
  2024 (base)   unknown   unknown
  2025          unknown   3.45 %/yr (2.8 … 4.09 %/yr)
  2026          unknown   3.45 %/yr (2.8 … 4.09 %/yr)

From 2024 to 2026: change +7.02 % (+5.69 … +8.36 %), an average of 3.45 %/yr (2.8 … 4.09 %/yr)

How it follows

  [1] identity value_added = output * unit_value  (test.plan:2)
  [2] target iva: value_added grows ~5 %/yr  (test.plan:7)
      [A: "年均增长5%左右"]
  [3] target out: output grows ~1.5 %/yr  (test.plan:8)
      [A: "年均增长1.5%左右"]

  Figures are read at their written precision (4.4 % is 4.35 … 4.45 %); `~` adds the about tolerance.

Growth in 2025 and 2026: 3.45 %/yr (2.8 … 4.09 %/yr)
  growth(value_added) = 5 %/yr (4.5 … 5.5 %/yr), by [2]
  growth(output) = 1.5 %/yr (1.35 … 1.65 %/yr), by [3]
  growth(unit_value) = (1 + growth(value_added)) / (1 + growth(output)) − 1, by [1]:
    as written  growth(unit_value) = (1 + 5 %/yr) / (1 + 1.5 %/yr) − 1 = 3.45 %/yr
    at least    growth(unit_value) = (1 + 4.5 %/yr) / (1 + 1.65 %/yr) − 1 = 2.8 %/yr
    at most     growth(unit_value) = (1 + 5.5 %/yr) / (1 + 1.35 %/yr) − 1 = 4.09 %/yr

Sources
  A  https://example.org/a
)");
}

TEST_CASE("explain --year shows one year, --digits more digits", "[explain]") {
    runtime::ExplainOptions options;
    options.digits = 4;
    const auto r = explain_text(unit_value_plan, "p", "unit_value", 2026, options);
    REQUIRE(r.ok());
    CHECK(r.text.find("  year   level     growth\n"
                      "  2026   unknown   3.448 %/yr (2.804 … 4.095 %/yr)\n") != std::string::npos);
    CHECK(r.text.find("Growth in 2026: 3.448 %/yr (2.804 … 4.095 %/yr)\n") != std::string::npos);
    CHECK(r.text.find("growth(unit_value) = (1 + 5 %/yr) / (1 + 1.5 %/yr) − 1 = 3.448 %/yr") !=
          std::string::npos);
    CHECK(r.text.find("2025") == std::string::npos);
}

TEST_CASE("explain follows levels, cumulative change and rounding, with an aka name", "[explain]") {
    const auto r = explain_text(recycled_plan, "r", "secondary_output");
    REQUIRE(r.ok());
    CHECK(r.text == R"(r.recycled_output — recycled output (Mt)

  year          level                           growth
  2024 (base)   19.15 Mt (19.148 … 19.155 Mt)   unknown
  2025          unknown                         unknown
  2026          19.993 Mt* (20 … 20.007 Mt)     unknown

From 2024 to 2026: change +4.4 %* (+4.41 … +4.45 %), an average of 2.176 %/yr* (2.182 … 2.201 %/yr)
* as written, the figures give a value outside the range: they agree only within their rounding (`ingot check` says how)

How it follows

  [1] baseline recycled_output 2024 = 19.15 Mt  (test.plan:6)
      [C]
  [2] target recycled: recycled_output reaches > 20 Mt by 2026  (test.plan:7)
      [C: "突破2000万吨"]
  [3] target pace: recycled_output grows 4.4 %  (test.plan:8)
      [C]

  Figures are read at their written precision (4.4 % is 4.35 … 4.45 %); `~` adds the about tolerance.

Change from 2024 to 2026: +4.4 %* (+4.41 … +4.45 %)
  level(recycled_output, 2024) = 19.15 Mt (19.148 … 19.155 Mt):
    as written  19.15 Mt, by [1]
    above       level(recycled_output, 2024) = level(recycled_output, 2026) / (1 + change(recycled_output, 2024→2026))
                = 20 Mt / (1 + 4.45 %) = 19.148 Mt
    at most     19.155 Mt, by [1]
  level(recycled_output, 2026) = 19.993 Mt* (20 … 20.007 Mt):
    as written  level(recycled_output, 2026) = level(recycled_output, 2024) × (1 + change(recycled_output, 2024→2026))
                = 19.15 Mt × (1 + 4.4 %) = 19.993 Mt
    above       20 Mt, by [2]
    at most     level(recycled_output, 2026) = level(recycled_output, 2024) × (1 + change(recycled_output, 2024→2026))
                = 19.155 Mt × (1 + 4.45 %) = 20.007 Mt
  change(recycled_output, 2024→2026) = +4.4 %* (+4.41 … +4.45 %):
    as written  +4.4 %, by [3]
    above       change(recycled_output, 2024→2026) = level(recycled_output, 2026) / level(recycled_output, 2024) − 1
                = 20 Mt / 19.155 Mt − 1 = +4.41 %
    at most     +4.45 %, by [3]

Level in 2026: 19.993 Mt* (20 … 20.007 Mt) (shown above)

Sources
  C  https://example.org/c — a source
)");
}

TEST_CASE("explain: a level grown from a baseline, and bounds", "[explain]") {
    const auto r = explain_text(R"(plan q {
  period 2025..2026
  source S "https://example.org/s"
  baseline output 2024 = 100 Mt     [S]
  target pace: output grows 2 %/yr  [S]
  target floor: value_added grows >= 5 %/yr  [S]
}
)",
                                "q", "output");
    REQUIRE(r.ok());
    // 100 × 1.02 = 102, × 1.02 = 104.04; at precision 99.5 × 1.015² … 100.5 × 1.025².
    CHECK(r.text.find("  2026          104 Mt (102.5 … 105.6 Mt)   2 %/yr (1.5 … 2.5 %/yr)\n") !=
          std::string::npos);
    CHECK(r.text.find("Level in 2026: 104 Mt (102.5 … 105.6 Mt)\n"
                      "  level(output, 2024) = 100 Mt (99.5 … 100.5 Mt), by [1]\n") !=
          std::string::npos);
    CHECK(r.text.find("    as written  level(output, 2026) = 102 Mt × (1 + 2 %/yr) = 104 Mt\n") !=
          std::string::npos);

    const auto bound = explain_text(R"(plan q {
  period 2025..2026
  source S "https://example.org/s"
  target floor: value_added grows >= 5 %/yr  [S]
}
)",
                                    "q", "value_added");
    REQUIRE(bound.ok());
    CHECK(bound.text.find("  growth(value_added) >= 5 %/yr, by [1]\n") != std::string::npos);
    CHECK(bound.text.find("change >= 10.3 %, an average of >= 5 %/yr") != std::string::npos);
}

TEST_CASE("explain: an identity with a number relates levels", "[explain]") {
    const auto r = explain_text(R"(metric energy "energy use" unit tce
identity energy = output * 2 tce/t

plan e {
  period 2025..2025
  source S "https://example.org/s"
  baseline output 2024 = 100 Mt  [S]
  target g: output grows 1 %/yr  [S]
}
)",
                                "e", "energy");
    REQUIRE(r.ok());
    CHECK(r.text.find("  level(energy, 2025) = level(output, 2025) × 2 tce/t, by [1]:\n"
                      "    as written  level(energy, 2025) = 101 Mt × 2 tce/t = 202 mn tce\n") !=
          std::string::npos);
}

TEST_CASE("explain reports unknown names, ambiguity and years as errors", "[explain]") {
    const auto error = [](const std::string& text, std::string_view plan, std::string_view metric,
                          std::optional<int> year = {}) {
        const auto r = explain_text(text, plan, metric, year);
        CHECK(r.text.empty());
        return r.error;
    };
    const std::string& p = unit_value_plan;
    CHECK(error(p, "pp", "unit_value") == "no plan `pp` in the files given; did you mean `p`?");
    CHECK(error(p, "zzzzzz", "unit_value") ==
          "no plan `zzzzzz` in the files given; the plans are `p`");
    CHECK(error(p, "p", "unit_valu") == "unknown metric `unit_valu`; did you mean `unit_value`?");
    CHECK(error(p, "p", "revenue") ==
          "`p` says nothing about `revenue`; its series are `output`, `unit_value`, `value_added`");
    CHECK(error(p, "p", "unit_value", 2030) == "2030 is outside the years of `p`: 2024 to 2026");
    CHECK(error(p, "p", "unit value") ==
          "`unit value` is not a metric name; write `metric` or `metric(scope)`");

    // No identity here: an identity's unqualified `output` would need one series of it.
    const std::string two = R"(plan two {
  period 2025..2026
  scope a { x }
  scope b { y }
  source S "https://example.org/s"
  target ta: output(a) grows 1 %/yr  [S]
  target tb: output(b) grows 2 %/yr  [S]
}
plan none {
  title "no period"
}
)";
    CHECK(error(two, "two", "output") ==
          "`output` stands for several series of `two`: `output(a)`, `output(b)`; name one");
    CHECK(error(two, "two", "output(c)") ==
          "`two` says nothing about `output(c)`; did you mean `output(a)`?");
    CHECK(error(two, "none", "output") ==
          "`none` has no period, so nothing is derived for it; add `period YYYY..YYYY`");
    CHECK(explain_text(two, "two", "output(b)").ok());
}

TEST_CASE("parse_explain_target", "[explain]") {
    const auto t = runtime::parse_explain_target("nonferrous_2025.output(metals)");
    REQUIRE(t);
    CHECK(t->plan == "nonferrous_2025");
    CHECK(t->metric == "output(metals)");
    CHECK(runtime::parse_explain_target("p.unit_value"));
    CHECK_FALSE(runtime::parse_explain_target("nonferrous_2025"));
    CHECK_FALSE(runtime::parse_explain_target(".unit_value"));
    CHECK_FALSE(runtime::parse_explain_target("p."));
    CHECK_FALSE(runtime::parse_explain_target("p.a.b"));
    CHECK_FALSE(runtime::parse_explain_target("p.output(metals"));
    CHECK_FALSE(runtime::parse_explain_target("p.output()"));
    CHECK_FALSE(runtime::parse_explain_target("2025.unit_value"));
}

TEST_CASE("ingot explain on the shipped plans", "[explain][cli]") {
    SECTION("the normative example: unit_value must grow 3.45 %/yr, with both citations") {
        const auto r = test::run_ingot("explain nonferrous_2025.unit_value plans/");
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind("nonferrous_2025.unit_value — value added per tonne of output (CNY/t)\n",
                          0) == 0);
        CHECK(r.out.find("3.45 %/yr") != std::string::npos);
        CHECK(r.out.find("growth(unit_value) = (1 + 5 %/yr) / (1 + 1.5 %/yr) − 1 = 3.45 %/yr") !=
              std::string::npos);
        CHECK(r.out.find("[ILK: \"年均增长5%左右\"]") != std::string::npos);
        CHECK(r.out.find("[ILK: \"年均增长1.5%左右\"]") != std::string::npos);
    }
    SECTION("a scope-qualified metric, one year") {
        const auto r =
            test::run_ingot("explain 'nonferrous_2025.output(metals)' plans/ --year 2025");
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("  2025   80.38 Mt (80.25 … 80.5 Mt)   1.5 %/yr (1.35 … 1.65 %/yr)\n") !=
              std::string::npos);
    }
    SECTION("--help teaches with an example") {
        const auto r = test::run_ingot("explain --help");
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("ingot explain nonferrous_2025.unit_value plans/") != std::string::npos);
    }
}

TEST_CASE("ingot explain usage errors exit 2", "[explain][cli]") {
    SECTION("not PLAN.METRIC") {
        const auto r = test::run_ingot("explain nonferrous_2025 plans/");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("ingot: error: `nonferrous_2025` is not PLAN.METRIC") == 0);
    }
    SECTION("an unknown plan, with a did-you-mean") {
        const auto r = test::run_ingot("explain nonferous_2025.unit_value plans/");
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no plan `nonferous_2025` in the files given; did you mean "
                       "`nonferrous_2025`?\n");
    }
    SECTION("an unknown metric, with a did-you-mean") {
        const auto r = test::run_ingot("explain nonferrous_2025.unit_valu plans/");
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: unknown metric `unit_valu`; did you mean `unit_value`?\n");
    }
    SECTION("a missing path, a missing target, a bad option") {
        CHECK(test::run_ingot("explain nonferrous_2025.unit_value missing/").exit_code == 2);
        CHECK(test::run_ingot("explain").exit_code == 2);
        CHECK(test::run_ingot("explain nonferrous_2025.unit_value plans/ --digits 0").exit_code ==
              2);
        CHECK(test::run_ingot("explain nonferrous_2025.unit_value plans/ --year 1990").exit_code ==
              2);
    }
}

// `ingot test`: the test blocks of rulebooks run, pass and fail with the expected and actual
// findings, --filter, the report formats, coverage; and the shipped rulebooks' own tests.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

// A rulebook with one rule and tests that fail in every way an expectation can.
const std::string climb_rules = R"(metric unit_value "value added per tonne" unit CNY/t
identity value_added = output * unit_value

rule climb: warning {
  let needed = growth(unit_value)
  when needed > 3 %/yr
  message "per tonne must rise {needed}"
}

test fails_every_way "each expectation wrong" {
  plan p {
    period 2025..2026
    target iva: value_added grows ~5 %/yr
    target t: output grows ~1.5 %/yr
  }
  expect warning[climb] line 2 "must rise 3.45 %/yr"
  expect no climb
  expect growth(unit_value) == 3.5 %/yr within 0.01
  expect growth(unit_value) < 3 %/yr
  expect error[climb]
}

test passes "the same plan, expected rightly" {
  plan p {
    period 2025..2026
    target iva: value_added grows ~5 %/yr
    target t: output grows ~1.5 %/yr
  }
  expect warning[climb] line 3 "must rise 3.45 %/yr"
  expect growth(unit_value) == 3.45 %/yr within 0.01
  expect growth(unit_value) == 3.45 %/yr within 0.01 %/yr
}
)";

const std::string fails_every_way =
    "FAIL  r.rules:10: fails_every_way\n"
    "  expected: warning[climb] line 2 \"must rise 3.45 %/yr\"\n"
    "  got:      warning[climb] line 3: per tonne must rise 3.45 %/yr\n"
    "  expected: no climb\n"
    "  got:      warning[climb] line 3: per tonne must rise 3.45 %/yr\n"
    "  expected: growth(unit_value) == 3.5 %/yr within 0.01\n"
    "  got:      growth(unit_value) = 3.448 %/yr\n"
    "  expected: growth(unit_value) < 3 %/yr\n"
    "  got:      growth(unit_value) = 3.448 %/yr\n"
    "  expected: error[climb]\n"
    "  got:      warning[climb] line 3: per tonne must rise 3.45 %/yr\n";

} // namespace

TEST_CASE("ingot test plans/: every shipped test passes and every rule is covered both ways",
          "[cli][test]") {
    const auto r = test::run_ingot("test --coverage --coverage-fail-under 100 plans/");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "ok    plans/rules/analyst.rules:110: climb_fires\n"
                   "ok    plans/rules/analyst.rules:120: climb_silent\n"
                   "ok    plans/rules/analyst.rules:130: climb_in_the_nonferrous_plan\n"
                   "ok    plans/rules/analyst.rules:136: climb_past_the_trend\n"
                   "ok    plans/rules/analyst.rules:148: trend_silent_without_baselines\n"
                   "ok    plans/rules/analyst.rules:157: green_conservative\n"
                   "ok    plans/rules/analyst.rules:167: green_ambitious\n"
                   "ok    plans/rules/analyst.rules:177: recycled_two_readings\n"
                   "ok    plans/rules/analyst.rules:187: recycled_one_reading\n"
                   "ok    plans/rules/analyst.rules:197: recycled_no_pace\n"
                   "ok    plans/rules/analyst.rules:206: series_without_value_added\n"
                   "ok    plans/rules/analyst.rules:215: series_with_value_added\n"
                   "ok    plans/rules/analyst.rules:224: overcapacity_silent_steel\n"
                   "ok    plans/rules/analyst.rules:233: overcapacity_addressed\n"
                   "ok    plans/rules/analyst.rules:244: overcapacity_unflagged_sector\n"
                   "ok    plans/rules/analyst.rules:253: ten_metals_with_lithium\n"
                   "ok    plans/rules/analyst.rules:261: ten_metals_only\n"
                   "ok    plans/rules/analyst.rules:269: output_cut_fires\n"
                   "ok    plans/rules/analyst.rules:284: output_cut_small\n"
                   "ok    plans/rules/analyst.rules:297: output_cut_without_predecessor\n"
                   "ok    plans/rules/analyst.rules:306: output_cut_in_the_nonferrous_plan\n"
                   "21 tests: 21 passed, 0 failed\n"
                   "coverage of plans/rules/analyst.rules: 55 of 55 (100.0 %)\n"
                   "  unit_value_climb           fires        stays silent  6/6 statements\n"
                   "  unit_value_trend           fires        stays silent  6/6 statements\n"
                   "  conservative_green_target  fires        stays silent  5/5 statements\n"
                   "  recycled_readings          fires        stays silent  8/8 statements\n"
                   "  series_value_added         fires        stays silent  2/2 statements\n"
                   "  overcapacity_silence       fires        stays silent  4/4 statements\n"
                   "  ten_metals_scope           fires        stays silent  3/3 statements\n"
                   "  output_target_cut          fires        stays silent  5/5 statements\n"
                   "rule coverage: 55 of 55 (100.0 %)\n");
}

TEST_CASE("a changed threshold fails the tests that make the rule fire, with the diff",
          "[cli][test]") {
    const test::TempDir dir;
    fs::copy(test::source_dir / "plans", dir.path() / "plans", fs::copy_options::recursive);
    const fs::path rules = dir.path() / "plans" / "rules" / "analyst.rules";
    std::string text = test::read_text(rules);
    const std::string from = "let threshold = 3 %/yr";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), "let threshold = 4 %/yr");
    dir.write("plans/rules/analyst.rules", text);

    const auto r = test::run_ingot("test plans/", dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    CHECK(r.out == "FAIL  plans/rules/analyst.rules:110: climb_fires\n"
                   "  expected: warning[unit_value_climb] line 3 \"must rise 3.45 %/yr ((1 + 5 "
                   "%/yr) / (1 + 1.5 %/yr) − 1)\"\n"
                   "  got:      no unit_value_climb finding\n"
                   "ok    plans/rules/analyst.rules:120: climb_silent\n"
                   "ok    plans/rules/analyst.rules:130: climb_in_the_nonferrous_plan\n"
                   "FAIL  plans/rules/analyst.rules:136: climb_past_the_trend\n"
                   "  expected: warning[unit_value_climb] line 5 \"must rise 3.45 %/yr\"\n"
                   "  got:      no unit_value_climb finding\n"
                   "ok    plans/rules/analyst.rules:148: trend_silent_without_baselines\n"
                   "ok    plans/rules/analyst.rules:157: green_conservative\n"
                   "ok    plans/rules/analyst.rules:167: green_ambitious\n"
                   "ok    plans/rules/analyst.rules:177: recycled_two_readings\n"
                   "ok    plans/rules/analyst.rules:187: recycled_one_reading\n"
                   "ok    plans/rules/analyst.rules:197: recycled_no_pace\n"
                   "ok    plans/rules/analyst.rules:206: series_without_value_added\n"
                   "ok    plans/rules/analyst.rules:215: series_with_value_added\n"
                   "ok    plans/rules/analyst.rules:224: overcapacity_silent_steel\n"
                   "ok    plans/rules/analyst.rules:233: overcapacity_addressed\n"
                   "ok    plans/rules/analyst.rules:244: overcapacity_unflagged_sector\n"
                   "ok    plans/rules/analyst.rules:253: ten_metals_with_lithium\n"
                   "ok    plans/rules/analyst.rules:261: ten_metals_only\n"
                   "ok    plans/rules/analyst.rules:269: output_cut_fires\n"
                   "ok    plans/rules/analyst.rules:284: output_cut_small\n"
                   "ok    plans/rules/analyst.rules:297: output_cut_without_predecessor\n"
                   "ok    plans/rules/analyst.rules:306: output_cut_in_the_nonferrous_plan\n"
                   "21 tests: 19 passed, 2 failed\n");
}

TEST_CASE("ingot test shows, for each failed expectation, what was expected and what was found",
          "[cli][test]") {
    const test::TempDir dir;
    dir.write("r.rules", climb_rules);
    SECTION("text") {
        const auto r = test::run_ingot("test r.rules", dir.path());
        INFO(r.out << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.err.empty());
        CHECK(r.out == fails_every_way + "ok    r.rules:23: passes\n"
                                         "2 tests: 1 passed, 1 failed\n");
    }
    SECTION("--filter runs only the tests whose name contains the text") {
        const auto r = test::run_ingot("test --filter pass r.rules", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out == "ok    r.rules:23: passes\n1 test: 1 passed, 0 failed\n");
        const auto none = test::run_ingot("test --filter nothing r.rules", dir.path());
        CHECK(none.exit_code == 1);
        CHECK(none.out == "0 tests: 0 passed, 0 failed\n");
        CHECK(none.err == "ingot: error: no test matches `nothing`\n");
    }
    SECTION("junit: one test case per file and test, a failure per failed test") {
        const auto r = test::run_ingot("test --format junit r.rules", dir.path());
        INFO(r.out << r.err);
        CHECK(r.exit_code == 1);
        CHECK(
            r.out ==
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"ingot\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
            "  <testsuite name=\"r.rules\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">\n"
            "    <testcase classname=\"r.rules\" name=\"fails_every_way\">\n"
            "      <failure message=\"expected warning[climb] line 2 &quot;must rise 3.45 "
            "%/yr&quot;; got warning[climb] line 3: per tonne must rise 3.45 %/yr (and 4 more)\" "
            "type=\"error\">r.rules:16:3: expected warning[climb] line 2 &quot;must rise 3.45 "
            "%/yr&quot;; got warning[climb] line 3: per tonne must rise 3.45 %/yr\n"
            "r.rules:17:3: expected no climb; got warning[climb] line 3: per tonne must rise 3.45 "
            "%/yr\n"
            "r.rules:18:3: expected growth(unit_value) == 3.5 %/yr within 0.01; got "
            "growth(unit_value) = 3.448 %/yr\n"
            "r.rules:19:3: expected growth(unit_value) &lt; 3 %/yr; got growth(unit_value) = 3.448 "
            "%/yr\n"
            "r.rules:20:3: expected error[climb]; got warning[climb] line 3: per tonne must rise "
            "3.45 %/yr</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"r.rules\" name=\"passes\"/>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
    }
    SECTION("json: the failures as findings") {
        const auto r = test::run_ingot("test --format json r.rules", dir.path());
        INFO(r.out << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("\"fails_every_way\"") != std::string::npos);
        CHECK(r.out.find("expected no climb; got warning[climb] line 3: per tonne must rise 3.45 "
                         "%/yr") != std::string::npos);
    }
}

TEST_CASE("ingot test --coverage: per rule, fired, stayed silent, statements run", "[cli][test]") {
    const test::TempDir dir;
    dir.write("climb.rules", R"(metric unit_value "value added per tonne" unit CNY/t
identity value_added = output * unit_value

rule climb: warning {
  let needed = growth(unit_value)
  when needed > 3 %/yr
  message "per tonne must rise {needed}"
}

rule never: info {
  when growth(unit_value) > 50 %/yr
  message "impossible"
}
)");
    // A sibling NAME_test.rules sees NAME.rules and covers its rules.
    dir.write("climb_test.rules", R"(test fires {
  plan p {
    period 2025..2026
    target iva: value_added grows ~5 %/yr
    target t: output grows ~1.5 %/yr
  }
  expect warning[climb] line 3
}
)");
    const std::string results = "ok    climb_test.rules:1: fires\n1 test: 1 passed, 0 failed\n";
    SECTION("text") {
        const auto r = test::run_ingot("test --coverage climb_test.rules", dir.path());
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out == results + "coverage of climb.rules: 6 of 9 (66.7 %)\n"
                                 "  climb  fires        never silent  3/3 statements\n"
                                 "  never  never fires  stays silent  1/2 statements (never ran: "
                                 "message 12)\n"
                                 "rule coverage: 6 of 9 (66.7 %)\n");
    }
    SECTION("--coverage-fail-under") {
        const auto r =
            test::run_ingot("test --coverage-fail-under 80 climb_test.rules", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == results);
        CHECK(r.err == "ingot: rule coverage 66.7 % is under --coverage-fail-under 80\n");
        CHECK(test::run_ingot("test --coverage-fail-under 66 climb_test.rules", dir.path())
                  .exit_code == 0);
    }
    SECTION("json") {
        const auto r = test::run_ingot("test --coverage-json - climb_test.rules", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out ==
              results +
                  "{\n  \"version\": 1,\n  \"covered\": 6,\n  \"total\": 9,\n  \"rulebooks\": [\n"
                  "    {\"path\": \"climb.rules\", \"covered\": 6, \"total\": 9, \"rules\": [\n"
                  "        {\"rule\": \"climb\", \"line\": 4, \"fired\": true, \"silent\": false, "
                  "\"covered\": 4, \"total\": 5, \"statements\": [{\"line\": 5, \"keyword\": "
                  "\"let\", \"ran\": true}, {\"line\": 6, \"keyword\": \"when\", \"ran\": true}, "
                  "{\"line\": 7, \"keyword\": \"message\", \"ran\": true}]},\n"
                  "        {\"rule\": \"never\", \"line\": 10, \"fired\": false, \"silent\": true, "
                  "\"covered\": 2, \"total\": 4, \"statements\": [{\"line\": 11, \"keyword\": "
                  "\"when\", \"ran\": true}, {\"line\": 12, \"keyword\": \"message\", \"ran\": "
                  "false}]}\n      ]}\n  ]\n}\n");
    }
}

TEST_CASE("ingot test: mistakes in test files fail the run", "[cli][test]") {
    const test::TempDir dir;
    SECTION("a syntax error is shown and the run fails") {
        dir.write("bad.rules", "test t {\n  plan p { period 2025..2026 }\n  expect\n}\n");
        const auto r = test::run_ingot("test --color never bad.rules", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "bad.rules:4:1: error[syntax]: expected a finding such as `warning[ID]`, "
                       "`no ID` or a condition after `expect`, found `}`\n"
                       "  |\n"
                       "4 | }\n"
                       "  | ^\n"
                       "ok    bad.rules:1: t\n"
                       "1 test: 1 passed, 0 failed, 1 error in the test files\n");
    }
    SECTION("a plan file that cannot be read, and a test without a plan") {
        dir.write("t.rules", "test from_file {\n  plan \"missing.plan\"\n}\n\ntest no_plan {\n  "
                             "expect no x\n}\n");
        const auto r = test::run_ingot("test t.rules", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "FAIL  t.rules:1: from_file\n"
                       "  expected: the plan file `missing.plan`\n"
                       "  got:      cannot read `missing.plan`: no such file or directory\n"
                       "FAIL  t.rules:5: no_plan\n"
                       "  expected: a test with a `plan`\n"
                       "  got:      no plan\n"
                       "2 tests: 0 passed, 2 failed\n");
    }
    SECTION("no test blocks at all") {
        dir.write("empty.rules", "metric m \"m\" unit t\n");
        const auto r = test::run_ingot("test empty.rules", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "0 tests: 0 passed, 0 failed\n");
        CHECK(r.err == "ingot: error: no test blocks found\n");
    }
}

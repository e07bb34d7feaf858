// `ingot diff OLD NEW`: exit codes with and without --exit-code, FILE:PLAN, and bad input (a
// missing file, a file with several plans and no :PLAN, an unknown :PLAN, a syntax error). The
// full outputs of the shipped nonferrous pair are goldens (test_golden_reports.cpp).
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ingot;

namespace {

const std::string nonferrous_pair =
    "plans/predecessors/nonferrous-2023.plan plans/nonferrous-2025.plan";

const std::string two_plans = R"(plan draft {
  period 2025..2026
  source A "https://example.org/a"
  target tonnes: output reaches 80 Mt by 2026  [A]
  target iva: value_added grows ~5 %/yr        [A]
}

plan final {
  period 2025..2026
  source A "https://example.org/a"
  target tonnes: output reaches 100 Mt by 2026  [A]
  target iva: value_added grows ~5 %/yr         [A]
  silent_on capacity_cuts                       [A]
}
)";

} // namespace

TEST_CASE("ingot diff: exit 0 with or without changes, 1 on changes with --exit-code",
          "[cli][diff]") {
    SECTION("the nonferrous pair differs") {
        const auto plain = test::run_ingot("diff " + nonferrous_pair);
        CHECK(plain.exit_code == 0);
        CHECK(plain.err.empty());
        const auto strict = test::run_ingot("diff --exit-code " + nonferrous_pair);
        CHECK(strict.exit_code == 1);
        CHECK(strict.out == plain.out);
    }
    SECTION("a plan against itself does not") {
        const auto r = test::run_ingot(
            "diff --exit-code plans/nonferrous-2025.plan plans/nonferrous-2025.plan");
        CHECK(r.exit_code == 0);
        CHECK(r.out.ends_with("\nno changes\n"));
    }
}

TEST_CASE("ingot diff: FILE:PLAN picks one of the plans of a file", "[cli][diff]") {
    const test::TempDir dir;
    dir.write("two.plan", two_plans);
    const auto r = test::run_ingot("diff --exit-code two.plan:draft two.plan:final", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    CHECK(r.out ==
          "old: draft  two.plan  2025..2026\n"
          "new: final  two.plan  2025..2026\n"
          "\n"
          "targets:\n"
          "  raised      output: reaches 80 Mt by 2026 → reaches 100 Mt by 2026  [tonnes]\n"
          "              level 80 Mt (79.5 … 80.5 Mt) in 2026 → 100 Mt (99.5 … 100.5 "
          "Mt) in 2026: +20 Mt (+19 … +21 Mt)\n"
          "  unchanged   value_added: ~5 %/yr  [iva]\n"
          "\n"
          "silent_on:\n"
          "  added       capacity_cuts\n"
          "\n"
          "1 target changed (1 raised), 1 silent_on name\n");
}

TEST_CASE("ingot diff: bad input is a usage or I/O error that says what to do", "[cli][diff]") {
    const test::TempDir dir;
    dir.write("two.plan", two_plans);
    dir.write("one.plan", "plan one {\n  period 2025..2026\n}\n");
    dir.write("broken.plan", "plan broken {\n  period 2025..2026\n  target t: output grows 5\n}\n");
    SECTION("a missing file is named") {
        const auto r = test::run_ingot("diff missing.plan one.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "ingot: error: cannot read `missing.plan`: no such file or directory\n");
    }
    SECTION("a file with several plans and no :PLAN names them") {
        const auto r = test::run_ingot("diff one.plan two.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "ingot: error: `two.plan` holds several plans (draft, final); name the one "
                       "to compare: `two.plan:draft`\n");
    }
    SECTION("an unknown :PLAN, with the one meant") {
        const auto r = test::run_ingot("diff two.plan:drat one.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: `two.plan` holds no plan `drat`; did you mean `draft`?\n");
        const auto none = test::run_ingot("diff two.plan:other one.plan", dir.path());
        CHECK(none.err ==
              "ingot: error: `two.plan` holds no plan `other`; its plans are draft, final\n");
    }
    SECTION("a file with syntax errors: its diagnostics, and exit 2") {
        const auto r = test::run_ingot("diff --color never broken.plan one.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out == "broken.plan:3:27: error[syntax]: expected a unit after `5`, such as `%/yr` "
                       "or `Mt`, found the end of the line\n"
                       "  |\n"
                       "3 |   target t: output grows 5\n"
                       "  |                           ^\n");
        CHECK(r.err == "ingot: error: `broken.plan` has syntax errors; fix them to compare it\n");
    }
}

TEST_CASE("docs/diff.md shows the golden output of each format", "[cli][diff][docs]") {
    const std::string doc = test::read_text(test::source_dir / "docs/diff.md");
    for (const auto& [name, fence] :
         std::vector<std::pair<std::string, std::string>>{{"diff-nonferrous.txt", "```\n"},
                                                          {"diff-nonferrous.md", "```markdown\n"},
                                                          {"diff-nonferrous.json", "```json\n"}}) {
        INFO("tests/golden/cli/" << name << " is not in docs/diff.md as it is");
        const std::string golden = test::read_text(test::source_dir / "tests/golden/cli" / name);
        CHECK(doc.find(fence + golden + "```\n") != std::string::npos);
    }
}

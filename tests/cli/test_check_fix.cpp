// `ingot check --fix` and `--diff`: the mechanical fixes applied to the files named, through the
// same atomic write as `ingot fmt`, only to files that parse; what was fixed and what is left on
// stderr; exactly the bytes of the fixes changed.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/stat.h>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

/// `text` with the first `from` replaced by `to`; fails the test when `from` is not in it.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

/// A folder holding a copy of plans/nonferrous-2025.plan (as `plan`) and the rulebooks it
/// imports, so the copy is checked as the original is.
struct Copy {
    test::TempDir dir;

    explicit Copy(const std::string& plan) {
        dir.write("nonferrous-2025.plan", plan);
        fs::create_directories(dir.path() / "rules");
        for (const char* rulebook : {"analyst.rules", "sectors.rules"}) {
            fs::copy_file(test::source_dir / "plans/rules" / rulebook,
                          dir.path() / "rules" / rulebook);
        }
    }
    std::string plan() const { return test::read_text(dir.path() / "nonferrous-2025.plan"); }
};

/// The nonferrous plan with a misspelt metric and a misspelt unit.
std::string misspelt(const std::string& original) {
    return replaced(
        replaced(original, "target iva: value_added grows", "target iva: valu_added grows"),
        "= 79.19 Mt ", "= 79.19 Mtt ");
}

} // namespace

TEST_CASE("check --fix fixes a misspelt unit and metric and changes nothing else", "[cli][fix]") {
    const std::string original = test::read_text(test::source_dir / "plans/nonferrous-2025.plan");
    Copy copy(misspelt(original));
    const auto expected =
        test::run_ingot("check --isolated nonferrous-2025.plan", Copy(original).dir.path());

    const auto r = test::run_ingot("check --isolated --fix nonferrous-2025.plan", copy.dir.path());
    CHECK(copy.plan() == original); // byte for byte
    // Left: the plan's own findings, and `missing-predecessor`, as the copy is checked without
    // nonferrous_2023, the plan it follows.
    CHECK(r.err == "ingot: fixed 2 (unknown-name) in nonferrous-2025.plan\n"
                   "ingot: 7 findings left (0 fixable with --fix)\n");
    // What is reported, and the exit status, are those of the plan without the mistakes.
    CHECK(r.out == expected.out);
    CHECK(r.exit_code == expected.exit_code);

    SECTION("a second run has nothing to fix") {
        const auto again =
            test::run_ingot("check --isolated --fix nonferrous-2025.plan", copy.dir.path());
        CHECK(copy.plan() == original);
        CHECK(again.err == "ingot: 7 findings left (0 fixable with --fix)\n");
        CHECK(again.exit_code == expected.exit_code);
    }
}

TEST_CASE("check --diff prints the fixes as a patch and writes nothing", "[cli][fix]") {
    const std::string original = test::read_text(test::source_dir / "plans/nonferrous-2025.plan");
    const std::string broken = misspelt(original);
    Copy copy(broken);
    const auto r = test::run_ingot("check --isolated --diff nonferrous-2025.plan", copy.dir.path());
    CHECK(copy.plan() == broken);
    CHECK(r.exit_code == 1); // as `ruff check --diff`: something would change
    CHECK(
        r.out ==
        "--- a/nonferrous-2025.plan\n"
        "+++ b/nonferrous-2025.plan\n"
        "@@ -33,11 +33,11 @@\n"
        " \n"
        "   scope metals of 10 { copper, aluminum, lithium }  [TRIV: \"It targets 10 nonferrous "
        "metals, including copper, aluminum, and lithium.\"]\n"
        " \n"
        "-  baseline output(metals) 2024 = 79.19 Mtt   [INT_NF: \"The output of ten commonly used "
        "non-ferrous metals reached 79.19 million tons\", CJB]\n"
        "+  baseline output(metals) 2024 = 79.19 Mt   [INT_NF: \"The output of ten commonly used "
        "non-ferrous metals reached 79.19 million tons\", CJB]\n"
        "   baseline recycled_output 2024 = 19.15 Mt  [CNIA]\n"
        " \n"
        "   focus value_chain \"Move up the value chain\" {\n"
        "-    target iva: valu_added grows ~5 %/yr              [ILK: \"年均增长5%左右\"]\n"
        "+    target iva: value_added grows ~5 %/yr              [ILK: \"年均增长5%左右\"]\n"
        "     target ten_metals: output(metals) grows ~1.5 %/yr  [ILK: \"年均增长1.5%左右\"]\n"
        "     drivers high_purity_metals, copper_alloys, rare_earth_materials\n"
        "     serves  ev, aerospace, ai\n");
    CHECK(r.err == "ingot: would fix 2 (unknown-name) in nonferrous-2025.plan\n"
                   "ingot: would fix 2 findings\n");

    SECTION("the patch applies, and gives what --fix writes") {
        copy.dir.write("fix.patch", r.out);
        const std::string command =
            "cd '" + copy.dir.path().string() + "' && patch -s -p1 <fix.patch";
        CHECK(std::system(command.c_str()) == 0);
        CHECK(copy.plan() == original);
    }
    SECTION("nothing to fix: no patch, exit 0") {
        Copy clean(original);
        const auto none =
            test::run_ingot("check --isolated --diff nonferrous-2025.plan", clean.dir.path());
        CHECK(none.exit_code == 0);
        CHECK(none.out.empty());
        CHECK(none.err == "ingot: would fix 0 findings\n");
    }
}

TEST_CASE("check --fix leaves a file with syntax errors untouched and says so", "[cli][fix]") {
    test::TempDir dir;
    const std::string broken = "plan p {\n"
                               "  title \"x\n"
                               "  target t: valu_added grows 5 %/yr\n"
                               "}\n";
    const std::string fixable = "plan q {\n"
                                "  period 2025..2026\n"
                                "  source A \"u\"\n"
                                "  target t: valu_added grows 5 %/yr  [A]\n"
                                "}\n";
    dir.write("a.plan", broken);
    dir.write("b.plan", fixable);
    const auto r = test::run_ingot("check --isolated --fix a.plan b.plan", dir.path());
    CHECK(test::read_text(dir.path() / "a.plan") == broken);
    CHECK(test::read_text(dir.path() / "b.plan") == replaced(fixable, "valu_added", "value_added"));
    CHECK(r.err == "ingot: a.plan: not fixed: fix the syntax errors first\n"
                   "ingot: fixed 1 (unknown-name) in b.plan\n"
                   "ingot: 3 findings left (1 fixable with --fix)\n");
    CHECK(r.exit_code == 1); // the syntax error is left
    CHECK(r.out.find("a.plan:2:11: error[syntax]: unterminated string") != std::string::npos);
}

TEST_CASE("check --fix and --diff refuse standard input", "[cli][fix]") {
    test::TempDir dir;
    for (const char* option : {"--fix", "--diff"}) {
        INFO(option);
        const auto r =
            test::run_ingot(std::string("check ") + option + " -", dir.path(), "plan p {}\n");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "ingot: error: --fix and --diff change files; standard input (`-`) cannot "
                       "be fixed: name the file instead\n");
    }
}

TEST_CASE("check --fix does not write a read-only file", "[cli][fix]") {
    test::TempDir dir;
    const std::string text = "plan p {\n"
                             "  period 2025..2026\n"
                             "  source A \"u\"\n"
                             "  target t: valu_added grows 5 %/yr  [A]\n"
                             "}\n";
    const std::string path = dir.write("a.plan", text);
    REQUIRE(chmod(path.c_str(), 0444) == 0);
    const auto r = test::run_ingot("check --isolated --fix a.plan", dir.path());
    CHECK(test::read_text(path) == text);
    CHECK(r.exit_code == 2);
    // What is reported is the file as it is: its finding is still there, and still fixable.
    CHECK(r.err == "ingot: error: `a.plan` is read-only (its owner has no write permission); it "
                   "is left unchanged\n"
                   "ingot: 1 finding left (1 fixable with --fix)\n");
    CHECK(r.out.find("a.plan:4:13: error[unknown-name]: unknown metric `valu_added`") !=
          std::string::npos);
}

TEST_CASE("check --fix rewrites a baseline after the period as an actual", "[cli][fix]") {
    test::TempDir dir;
    const std::string plan = "plan nonferrous_2023 {\n"
                             "  period 2023..2024\n"
                             "  source A \"https://example.org/a\"\n"
                             "  target ten: output grows ~5 %/yr  [A]\n"
                             "  baseline output growth 2025 = 3.8 %  [A]\n"
                             "}\n";
    dir.write("p.plan", plan);
    const auto r = test::run_ingot("check --fix p.plan", dir.path());
    CHECK(test::read_text(dir.path() / "p.plan") ==
          replaced(plan, "  baseline output growth 2025", "  actual output growth 2025"));
    CHECK(r.err == "ingot: fixed 1 (unused-baseline) in p.plan\n"
                   "ingot: 0 findings left (0 fixable with --fix)\n");
    CHECK(r.exit_code == 0);
}

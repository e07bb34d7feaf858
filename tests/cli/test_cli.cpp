// The `ingot` program as a user runs it: exit codes, messages, files.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

const std::string clean_plan = R"(plan clean {
  source A "https://example.org/a"
  target t: output grows 1 %/yr  [A]
}
)";

} // namespace

TEST_CASE("ingot check on the shipped plans exits 0", "[cli]") {
    const auto r = test::run_ingot("check plans/");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
}

TEST_CASE("ingot check exit codes", "[cli]") {
    test::TempDir dir;
    dir.write("clean.plan", clean_plan);
    dir.write("warn.plan", "plan w {\n  target t: output grows 1 %/yr\n}\n");
    dir.write("bad.plan", "plan b {\n  target t: output grows 1\n}\n");

    SECTION("clean input: 0, and a summary") {
        const auto r = test::run_ingot("check clean.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out == "1 file checked: 0 errors, 0 warnings, 0 infos\n");
    }
    SECTION("warnings alone do not fail, unless --fail-on warning") {
        CHECK(test::run_ingot("check warn.plan", dir.path()).exit_code == 0);
        CHECK(test::run_ingot("check --fail-on warning warn.plan", dir.path()).exit_code == 1);
    }
    SECTION("an error-severity finding: 1, with the normative first line") {
        const auto r = test::run_ingot("check bad.plan", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out.rfind("bad.plan:2:27: error[syntax]: expected a unit after `1`, such as "
                          "`%/yr` or `Mt`, found the end of the line\n",
                          0) == 0);
    }
    SECTION("a missing file: 2 and a clear message, and the other files are still checked") {
        const auto r = test::run_ingot("check missing.plan bad.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: cannot read `missing.plan`: no such file or directory\n");
        CHECK(r.out.find("bad.plan:2:27: error[syntax]") != std::string::npos);
    }
    SECTION("an unreadable file: 2") {
        if (geteuid() != 0) { // root can read anything
            const auto file = dir.write("locked.plan", clean_plan);
            fs::permissions(file, fs::perms::none);
            const auto r = test::run_ingot("check locked.plan", dir.path());
            CHECK(r.exit_code == 2);
            CHECK(r.err == "ingot: error: cannot read `locked.plan`: Permission denied\n");
        }
    }
    SECTION("a directory is searched recursively for *.plan and *.rules") {
        dir.write("sub/deeper/more.rules", "metric widgets \"widgets\" unit t\n");
        dir.write("sub/ignored.txt", "not a plan");
        const auto r = test::run_ingot("check sub", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out == "1 file checked: 0 errors, 0 warnings, 0 infos\n");
    }
    SECTION("no path means the current directory") {
        const auto r = test::run_ingot("check", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("3 files checked: 1 error, 1 warning, 0 infos") != std::string::npos);
    }
}

TEST_CASE("ingot usage errors exit 2 and teach", "[cli]") {
    SECTION("unknown subcommand") {
        const auto r = test::run_ingot("chekc plans/");
        CHECK(r.exit_code == 2);
    }
    SECTION("no subcommand") {
        CHECK(test::run_ingot("").exit_code == 2);
    }
    SECTION("bad option value") {
        const auto r = test::run_ingot("check --fail-on fatal plans/");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--fail-on") != std::string::npos);
    }
    SECTION("--help and --version") {
        const auto help = test::run_ingot("--help");
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("ingot check plans/") != std::string::npos);
        CHECK(help.out.find("Exit codes: 0 clean, 1 findings") != std::string::npos);
        const auto version = test::run_ingot("--version");
        CHECK(version.exit_code == 0);
        CHECK(version.out.rfind("ingot 0.", 0) == 0);
        CHECK(test::run_ingot("check --help").out.find("--fail-on") != std::string::npos);
    }
}

TEST_CASE("ingot check colours only when asked or on a terminal", "[cli]") {
    test::TempDir dir;
    dir.write("bad.plan", "plan b {\n  target t: output grows 1\n}\n");
    CHECK(test::run_ingot("check bad.plan", dir.path()).out.find('\x1b') == std::string::npos);
    CHECK(test::run_ingot("check --color always bad.plan", dir.path()).out.find('\x1b') !=
          std::string::npos);
}

TEST_CASE("ingot fmt", "[cli]") {
    test::TempDir dir;
    const std::string messy = "plan   p{\n# kept\ntitle \"x\"   [A]\nsource A \"u\"\n}\n";
    const std::string canonical = "plan p {\n  # kept\n  title \"x\"  [A]\n  source A \"u\"\n}\n";

    SECTION("--check lists files that would change and exits 1, changing nothing") {
        const auto file = dir.write("messy.plan", messy);
        dir.write("tidy.plan", canonical);
        const auto r = test::run_ingot("fmt --check .", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out == "would reformat: messy.plan\n1 file would be reformatted, 1 already "
                       "formatted\n");
        CHECK(test::read_text(file) == messy);
    }
    SECTION("rewrites in place, keeps permissions, and is then clean") {
        const auto file = dir.write("messy.plan", messy);
        fs::permissions(file,
                        fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
        const auto r = test::run_ingot("fmt messy.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(test::read_text(file) == canonical);
        CHECK(fs::status(file).permissions() ==
              (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
        CHECK(test::run_ingot("fmt --check messy.plan", dir.path()).exit_code == 0);
        // No temporary files are left behind.
        CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
    }
    SECTION("a file that does not parse is left untouched, with the error shown") {
        const std::string broken = "plan p {\n  title \"x\n}\n";
        const auto file = dir.write("broken.plan", broken);
        const auto r = test::run_ingot("fmt broken.plan", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("broken.plan:2:11: error[syntax]: unterminated string") == 0);
        CHECK(r.out.find("broken.plan: not formatted: fix the syntax errors first") !=
              std::string::npos);
        CHECK(test::read_text(file) == broken);
    }
    SECTION("- formats standard input to standard output") {
        const auto r = test::run_ingot("fmt -", dir.path(), messy);
        CHECK(r.exit_code == 0);
        CHECK(r.out == canonical);
    }
    SECTION("a missing file is an I/O error") {
        const auto r = test::run_ingot("fmt nothing.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: cannot read `nothing.plan`: no such file or directory\n");
    }
}

TEST_CASE("ingot eval prints a value with its unit, or the error", "[cli]") {
    SECTION("DESIGN.md's headline figure") {
        const auto r = test::run_ingot("eval plans/nonferrous-2025.plan 'growth(unit_value)'");
        CHECK(r.exit_code == 0);
        CHECK(r.out == "3.45 %/yr (2.8 … 4.09 %/yr)\n");
    }
    SECTION("unit algebra") {
        CHECK(test::run_ingot("eval plans/nonferrous-2025.plan '5 % + 2 pp'").out == "7 %\n");
        CHECK(test::run_ingot("eval plans/nonferrous-2025.plan '5 % - 3 %'").out == "2 pp\n");
        CHECK(test::run_ingot("eval plans/nonferrous-2025.plan '300 bn CNY == 3000 yi CNY'").out ==
              "true\n");
    }
    SECTION("a unit mismatch labels both operands and exits 1") {
        const auto r = test::run_ingot("eval plans/nonferrous-2025.plan '5 % + 2 Mt'");
        CHECK(r.exit_code == 1);
        CHECK(r.out == "<expr>:1:1: error[unit-mismatch]: cannot add a share (%) and a mass (Mt)\n"
                       "  |\n"
                       "1 | 5 % + 2 Mt\n"
                       "  | ^^^ a share (%)\n"
                       "  |       ---- a mass\n");
    }
    SECTION("a figure the plan does not have is unknown, exit 1") {
        const auto r = test::run_ingot("eval plans/steel-2025.plan 'growth(recycled_output)'");
        CHECK(r.exit_code == 1);
        CHECK(r.out == "unknown: plan `steel_2025` has no figures for `recycled_output`\n");
    }
    SECTION("an unknown plan is a usage error with a suggestion") {
        const auto r =
            test::run_ingot("eval plans/nonferrous-2025.plan 'plan.title' --plan nonferrous_202");
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no plan `nonferrous_202`; did you mean `nonferrous_2025`?\n");
    }
}

TEST_CASE("ingot check --implied, --rules and --about", "[cli]") {
    test::TempDir dir;
    dir.write("plan.plan", R"(plan p {
  period 2025..2026
  source A "https://example.org/a"
  baseline output 2024 = 100 Mt  [A]
  target up: output grows ~5 %/yr  [A]
}
)");
    dir.write("extra.rules", R"(rule fast: warning {
  when growth(output) > 4.9 %/yr
  message "output grows {growth(output)} a year"
}
)");
    SECTION("implied findings only when asked") {
        CHECK(test::run_ingot("check plan.plan", dir.path()).out.find("implied") ==
              std::string::npos);
        dir.write("level.plan", R"(plan q {
  period 2025..2026
  source A "https://example.org/a"
  baseline output 2024 = 100 Mt  [A]
  target big: output reaches > 110 Mt  [A]
}
)");
        const auto r = test::run_ingot("check --implied level.plan", dir.path());
        CHECK(
            r.out.find("level.plan:5:3: info[implied]: `big` implies growth of > 4.88 %/yr (> 4.62 "
                       "%/yr) from 2024 to 2026, from the 2024 baseline of 100 Mt") !=
            std::string::npos);
        // --digits: at least that many significant digits, here and in every other command.
        const auto four = test::run_ingot("check --implied --digits 4 level.plan", dir.path());
        CHECK(four.out.find("`big` implies growth of > 4.881 %/yr (> 4.62 %/yr) from 2024 to "
                            "2026") != std::string::npos);
        CHECK(test::run_ingot("check --digits 0 level.plan", dir.path()).exit_code == 2);
    }
    SECTION("--rules applies a rulebook to every plan") {
        CHECK(test::run_ingot("check plan.plan", dir.path()).out.find("fast") == std::string::npos);
        const auto r = test::run_ingot("check --rules extra.rules plan.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("plan.plan:5:3: warning[fast]: output grows 5 %/yr a year") !=
              std::string::npos);
    }
    SECTION("--about changes how far `~` widens a figure") {
        // ~5.0 %/yr is 4.5 … 5.5 %/yr at the default 10 %, but 4.75 … 5.25 %/yr at 5 %, which
        // no longer meets `< 4.6 %/yr`.
        dir.write("tight.plan", R"(plan t {
  period 2025..2026
  source A "https://example.org/a"
  target up: output grows ~5.0 %/yr  [A]
  target cap: output grows < 4.6 %/yr  [A]
}
)");
        CHECK(test::run_ingot("check tight.plan", dir.path()).exit_code == 0);
        const auto narrow = test::run_ingot("check --about 5 tight.plan", dir.path());
        CHECK(narrow.exit_code == 1);
        CHECK(narrow.out.find("error[contradiction]") != std::string::npos);
    }
    SECTION("--plausible-change and `plausible-change` set the implausible-change threshold") {
        // 100 Mt to 160 Mt in two years is +26.5 %/yr: plausible at 50, not at 20.
        dir.write("fast.plan", R"(plan f {
  period 2025..2026
  source A "https://example.org/a"
  baseline output 2024 = 100 Mt              [A]
  target up: output reaches 160 Mt by 2026  [A]
}
)");
        const std::string finding =
            "fast.plan:4:26: warning[implausible-change]: `output` changes by +26.5 %/yr from "
            "100 Mt in 2024 to 160 Mt in 2026: beyond the plausible ±20 %/yr\n";
        CHECK(test::run_ingot("check --format compact -q fast.plan", dir.path()).out.empty());
        CHECK(
            test::run_ingot("check --format compact -q --plausible-change 20 fast.plan", dir.path())
                .out == finding);
        dir.write("ingot.toml", "plausible-change = 20\n");
        CHECK(test::run_ingot("check --format compact -q fast.plan", dir.path()).out == finding);
        CHECK(
            test::run_ingot("check --format compact -q --plausible-change 30 fast.plan", dir.path())
                .out.empty());
    }
}

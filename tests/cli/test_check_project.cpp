// `ingot check` in a project as CI and pre-commit run it: ingot.toml, partial runs, globs,
// .gitignore, suppressions, baselines, stdin, counting and exit codes.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace ingot;
namespace fs = std::filesystem;

namespace {

const std::string cited_plan = R"(plan a {
  period 2025..2026
  source S "https://example.org/s"
  target t: output grows 1 %/yr  [S]
}
)";

const std::string uncited_plan = R"(plan b {
  period 2025..2026
  source S "https://example.org/s"
  target t: output grows 1 %/yr
  focus f "nothing" {
  }
}
)";

/// A project: ingot.toml, plans/a.plan (clean), plans/b.plan (three findings, one ignored),
/// drafts/c.plan (excluded).
void write_project(const test::TempDir& dir) {
    dir.write("ingot.toml", "ignore = [\"empty-focus\"]\nexclude = [\"drafts/\"]\n\n"
                            "[severity]\nuncited = \"error\"\n");
    dir.write("plans/a.plan", cited_plan);
    dir.write("plans/b.plan", uncited_plan);
    dir.write("drafts/c.plan", "plan c {\n");
}

const std::string b_findings =
    "plans/b.plan:3:10: warning[unused-source]: source `S` is declared but nothing cites it\n"
    "plans/b.plan:4:3: error[uncited]: target `t` cites no source\n";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end - start));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

} // namespace

TEST_CASE("ingot.toml: ignore, severity and exclude apply, the summary counts the files checked",
          "[cli][project]") {
    test::TempDir dir;
    write_project(dir);
    const auto r = test::run_ingot("check --format compact", dir.path());
    INFO(r.err);
    CHECK(r.out == b_findings + "2 files checked: 1 error, 1 warning, 0 infos\n");
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());

    // Found by walking up from a folder inside the project.
    const auto inside = test::run_ingot("check --format compact .", dir.path() / "plans");
    CHECK(inside.out == "b.plan:3:10: warning[unused-source]: source `S` is declared but "
                        "nothing cites it\nb.plan:4:3: error[uncited]: target `t` cites no "
                        "source\n2 files checked: 1 error, 1 warning, 0 infos\n");

    // --isolated: no project file, so drafts/ is checked and nothing is ignored.
    const auto isolated = test::run_ingot("check --format compact --isolated -q", dir.path());
    CHECK(isolated.out ==
          "drafts/c.plan:2:1: error[syntax]: `}` expected to close `plan c` opened at line 1\n" +
              std::string("plans/b.plan:3:10: warning[unused-source]: source `S` is declared "
                          "but nothing cites it\n"
                          "plans/b.plan:4:3: warning[uncited]: target `t` cites no source\n"
                          "plans/b.plan:5:9: warning[empty-focus]: focus `f` has no target and "
                          "no initiatives\n"));
}

TEST_CASE("ingot.toml mistakes name the file, line and column, exit 2", "[cli][project]") {
    test::TempDir dir;
    dir.write("p.plan", cited_plan);
    const auto check_config = [&](const std::string& toml, const std::string& message) {
        dir.write("ingot.toml", toml);
        const auto r = test::run_ingot("check", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "ingot: error: " + message + "\n");
    };
    check_config("select = [\"uncited\"]\nbogus = 1\n",
                 "ingot.toml:2:1: unknown key `bogus`; the keys are select, ignore, severity, "
                 "rules, include, exclude, about, plausible-change, digits, baseline, fail-on");
    check_config("ignore = [\"unused-source\",\n  \"uncitd\"]\n",
                 "ingot.toml:2:3: no check or category `uncitd` in `ignore`; did you mean "
                 "`uncited`?");
    check_config("about = \"x\"\n", "ingot.toml:1:9: `about` must be a number from 0 to 100");
    check_config("select = \"uncited\"\n", "ingot.toml:1:10: `select` must be a list of "
                                           "strings, e.g. select = [\"uncited\"]");
    check_config("[severity]\nuncited = \"fatal\"\n",
                 "ingot.toml:2:11: `severity.uncited` must be \"error\", \"warning\" or "
                 "\"info\", not \"fatal\"");
    check_config("digits = 2.5\n", "ingot.toml:1:10: `digits` must be a whole number from 1 to 15");
    check_config("about = [\n", "ingot.toml:1:11: Error while parsing array: encountered "
                                "end-of-file");

    const auto cli = test::run_ingot("check --isolated --select uncitd", dir.path());
    CHECK(cli.exit_code == 2);
    CHECK(cli.err ==
          "ingot: error: no check or category `uncitd` in `--select`; did you mean `uncited`?\n");
}

TEST_CASE("a partial run sees the whole project and reports on the files given", "[cli][project]") {
    // The series rule counts the plans of its series: one file alone must still see the others.
    test::TempDir dir;
    dir.write("ingot.toml", "");
    dir.write("rules.rules", R"(rule series_value_added: warning for series {
  require every plan has value_added
  message "{plan} sets no value-added target, unlike {count(plans with value_added)} plans in {series}"
}
)");
    for (const std::string name : {"x", "y", "z"}) {
        const std::string target = name == "z" ? "output grows 1 %/yr" : "value_added grows 5 %/yr";
        dir.write(name + ".plan", "import \"rules.rules\"\nplan " + name +
                                      " {\n  period 2025..2026\n  series s\n  source S "
                                      "\"https://example.org/s\"\n  target t: " +
                                      target + "  [S]\n}\n");
    }
    const auto one = test::run_ingot("check --format compact z.plan", dir.path());
    const auto all = test::run_ingot("check --format compact .", dir.path());
    const std::string finding = "z.plan:2:6: warning[series_value_added]: z sets no value-added "
                                "target, unlike 2 plans in s\n";
    CHECK(one.out == finding + "2 files checked: 0 errors, 1 warning, 0 infos\n");
    CHECK(all.out == finding + "4 files checked: 0 errors, 1 warning, 0 infos\n");

    // The shipped plans: one file reports what the whole folder reports for it.
    for (const std::string file : {"plans/steel-2025.plan", "plans/series/light-industry-2025.plan",
                                   "plans/nonferrous-2025.plan"}) {
        INFO(file);
        const auto alone = test::run_ingot("check --format compact -q " + file);
        const auto whole = test::run_ingot("check --format compact -q plans/");
        std::string expected;
        for (const std::string& line : lines_of(whole.out)) {
            if (line.rfind(file + ":", 0) == 0) {
                expected += line + "\n";
            }
        }
        CHECK(!expected.empty());
        CHECK(alone.out == expected);
    }
}

TEST_CASE("a baseline passes today's findings, a new one fails, allowing it with a reason passes",
          "[cli][project][baseline]") {
    test::TempDir dir;
    write_project(dir);
    const auto write = test::run_ingot("check --write-baseline", dir.path());
    CHECK(write.exit_code == 0);
    CHECK(write.out.empty());
    CHECK(write.err == "ingot: recorded 2 findings in ingot-baseline.json; later runs report "
                       "only new ones\n");
    CHECK(test::read_text(dir.path() / "ingot-baseline.json") == R"({
  "findings": [
    {
      "fingerprint": "2342e8f334f0d960",
      "id": "uncited",
      "message": "target `t` cites no source",
      "path": "plans/b.plan"
    },
    {
      "fingerprint": "585e11d91692dc17",
      "id": "unused-source",
      "message": "source `S` is declared but nothing cites it",
      "path": "plans/b.plan"
    }
  ],
  "schema": "ingot-baseline",
  "version": 1
}
)");
    const auto clean = test::run_ingot("check --format compact", dir.path());
    CHECK(clean.out == "2 files checked: 0 errors, 0 warnings, 0 infos\n");
    CHECK(clean.exit_code == 0);

    // Lines move: the findings still match.
    dir.write("plans/b.plan", "# a comment that moves every line down\n" + uncited_plan);
    CHECK(test::run_ingot("check", dir.path()).exit_code == 0);

    // One new mistake fails, alone.
    dir.write("plans/a.plan", "plan a {\n  period 2025..2026\n  source S "
                              "\"https://example.org/s\"\n  target t: output grows 1 %/yr  "
                              "[S]\n  target u: output reaches 5 Mt by 2026\n}\n");
    const auto fails = test::run_ingot("check --format compact", dir.path());
    CHECK(fails.out == "plans/a.plan:5:3: error[uncited]: target `u` cites no source\n"
                       "2 files checked: 1 error, 0 warnings, 0 infos\n");
    CHECK(fails.exit_code == 1);

    // Allowed with a reason: passes.
    dir.write("plans/a.plan", "plan a {\n  period 2025..2026\n  source S "
                              "\"https://example.org/s\"\n  target t: output grows 1 %/yr  "
                              "[S]\n  target u: output reaches 5 Mt by 2026  # ingot: "
                              "allow(uncited) our own estimate\n}\n");
    CHECK(test::run_ingot("check", dir.path()).exit_code == 0);

    // --no-baseline shows everything again; a second copy of a baselined mistake is new.
    CHECK(test::run_ingot("check --no-baseline -q --format compact", dir.path()).out ==
          "plans/b.plan:4:10: warning[unused-source]: source `S` is declared but nothing cites "
          "it\nplans/b.plan:5:3: error[uncited]: target `t` cites no source\n");
    dir.write("plans/d.plan", "plan d" + uncited_plan.substr(6));
    const auto copy = test::run_ingot("check -q --format compact", dir.path());
    CHECK(copy.out.find("plans/d.plan:4:3: error[uncited]") != std::string::npos);

    // A broken baseline is a usage error naming the file.
    dir.write("ingot-baseline.json", "{\"schema\": \"x\"}");
    const auto broken = test::run_ingot("check", dir.path());
    CHECK(broken.exit_code == 2);
    CHECK(broken.err == "ingot: error: ingot-baseline.json: not a baseline: it has no "
                        "\"schema\": \"ingot-baseline\"; write one with `ingot check "
                        "--write-baseline ingot-baseline.json`\n");
}

TEST_CASE("inputs: stdin, globs, folders, no files, unreadable files", "[cli][project]") {
    test::TempDir dir;
    write_project(dir);
    const auto from_stdin = test::run_ingot(
        "check - --stdin-filename plans/b.plan --format compact", dir.path(), uncited_plan);
    CHECK(from_stdin.out == b_findings + "1 file checked: 1 error, 1 warning, 0 infos\n");

    const auto glob = test::run_ingot("check 'plans/*.plan' --format compact", dir.path());
    CHECK(glob.out == b_findings + "2 files checked: 1 error, 1 warning, 0 infos\n");
    const auto no_match = test::run_ingot("check 'nothing/*.plan'", dir.path());
    CHECK(no_match.exit_code == 2);
    CHECK(no_match.err == "ingot: error: no *.plan or *.rules file matches `nothing/*.plan`\n");

    fs::create_directories(dir.path() / "empty");
    const auto empty = test::run_ingot("check empty", dir.path());
    CHECK(empty.exit_code == 2);
    CHECK(empty.out.empty());
    CHECK(empty.err == "ingot: error: no *.plan or *.rules files in empty; name files or "
                       "folders to check (the include/exclude globs of ingot.toml apply)\n");

    // A file that cannot be read is reported; the others are still checked.
    REQUIRE(mkfifo((dir.path() / "plans" / "fifo.plan").c_str(), 0600) == 0);
    const auto fifo =
        test::run_ingot("check --format compact plans/fifo.plan plans/b.plan", dir.path());
    CHECK(fifo.exit_code == 2);
    CHECK(fifo.out == b_findings + "1 file checked: 1 error, 1 warning, 0 infos\n");
    CHECK(fifo.err == "ingot: error: cannot read `plans/fifo.plan`: it is not a regular file\n");
}

TEST_CASE("counting: --statistics, --max-warnings, --quiet, --fail-on", "[cli][project]") {
    test::TempDir dir;
    write_project(dir);
    const auto stats = test::run_ingot("check --statistics", dir.path());
    CHECK(stats.out ==
          "    1  uncited        error    a target, baseline or actual with no citation\n"
          "    1  unused-source  warning  a declared source that nothing in the plan cites\n");
    CHECK(stats.exit_code == 1);

    const auto warnings =
        test::run_ingot("check --select unused-source --max-warnings 0", dir.path());
    CHECK(warnings.exit_code == 1);
    CHECK(warnings.out.substr(warnings.out.size() - 46) ==
          "2 files checked: 0 errors, 1 warning, 0 infos\n");
    CHECK(warnings.err == "ingot: 1 warning found, more than --max-warnings 0\n");
    CHECK(test::run_ingot("check --select unused-source --max-warnings 1", dir.path()).exit_code ==
          0);
    CHECK(test::run_ingot("check --select unused-source --fail-on warning", dir.path()).exit_code ==
          1);
    const auto quiet = test::run_ingot("check --format compact -q", dir.path());
    CHECK(quiet.out == b_findings);
}

TEST_CASE("check --output writes several formats at once, -j gives the same output as one thread",
          "[cli][project]") {
    test::TempDir dir;
    write_project(dir);
    const auto r = test::run_ingot(
        "check -q --output compact=out.txt --output text=- --color never", dir.path());
    CHECK(test::read_text(dir.path() / "out.txt") == b_findings);
    CHECK(r.out.rfind("plans/b.plan:3:10: warning[unused-source]", 0) == 0);
    const auto bad = test::run_ingot("check --output yaml=x", dir.path());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("no format `yaml`; the formats are text, compact, json, sarif, junit, "
                       "github, gitlab") != std::string::npos);

    const auto serial = test::run_ingot("check --implied -j 1 plans/");
    const auto parallel = test::run_ingot("check --implied -j 4 plans/");
    CHECK(serial.out.size() > 1000);
    CHECK(serial.out == parallel.out);
}

TEST_CASE("files git ignores are not checked, a file named on the command line is",
          "[cli][project]") {
    test::TempDir dir;
    write_project(dir);
    if (std::system(("git -C '" + dir.path().string() + "' init -q 2>/dev/null").c_str()) != 0) {
        WARN("git is not installed: .gitignore is not tested");
        return;
    }
    dir.write(".gitignore", "plans/b.plan\n");
    CHECK(test::run_ingot("check --format compact", dir.path()).out ==
          "1 file checked: 0 errors, 0 warnings, 0 infos\n");
    CHECK(test::run_ingot("check --format compact -q plans/b.plan", dir.path()).out == b_findings);
    CHECK(test::run_ingot("check --format compact -q --force-exclude plans/b.plan", dir.path())
              .exit_code == 2);
}

TEST_CASE("ingot.toml: rulebooks, include globs and fail-on", "[cli][project]") {
    test::TempDir dir;
    dir.write("ingot.toml", "rules = [\"shared/fast.rules\"]\ninclude = [\"plans/**\"]\n"
                            "fail-on = \"warning\"\n");
    dir.write("shared/fast.rules",
              "rule fast: warning {\n  when growth(output) > 3 %/yr\n  message \"fast\"\n}\n");
    dir.write("plans/deep/a.plan", "plan a {\n  period 2025..2026\n  source S "
                                   "\"https://example.org/s\"\n  target t: output grows 5 %/yr  "
                                   "[S]\n}\n");
    dir.write("other/b.plan", "plan b {\n");
    const auto r = test::run_ingot("check --format compact", dir.path());
    CHECK(r.out == "plans/deep/a.plan:4:3: warning[fast]: fast\n"
                   "2 files checked: 0 errors, 1 warning, 0 infos\n");
    CHECK(r.exit_code == 1); // fail-on = "warning"
    CHECK(test::run_ingot("check --fail-on error", dir.path()).exit_code == 0);
}

TEST_CASE("explain and eval take `about`, `digits` and the root from ingot.toml",
          "[cli][project]") {
    test::TempDir dir;
    dir.write("p.plan", "plan p {\n  period 2025..2026\n  source S \"https://example.org/s\"\n"
                        "  baseline output 2024 = 100 Mt  [S]\n"
                        "  target t: output grows ~5 %/yr  [S]\n}\n");
    const auto eval = [&] {
        return test::run_ingot("eval p.plan 'growth(output)'", dir.path()).out;
    };
    CHECK(eval() == "5 %/yr (4.5 … 5.5 %/yr)\n");
    dir.write("ingot.toml", "about = 20\ndigits = 4\n");
    CHECK(eval() == "5 %/yr (4 … 6 %/yr)\n");
    CHECK(test::run_ingot("eval p.plan 'level(output, 2026)'", dir.path()).out ==
          "110.2 Mt (107.6 … 112.9 Mt)\n");
    dir.write("ingot.toml", "digits = 0\n");
    const auto bad = test::run_ingot("eval p.plan 'growth(output)'", dir.path());
    CHECK(bad.exit_code == 2);
    CHECK(bad.err == "ingot: error: ingot.toml:1:10: `digits` must be a number from 1 to 15\n");
}

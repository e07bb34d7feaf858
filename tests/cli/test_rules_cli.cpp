// `ingot rules` and `ingot rule ID`: the check registry as a user reads it; and `ingot check` on a
// project whose import tries to leave the root.
#include "support.hpp"

#include "api/api_support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace ingot;
using api_test::builtin_ids;
using api_test::lines_of;

namespace {

/// The first word of each line.
std::vector<std::string> first_words(const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& line : lines_of(text)) {
        out.push_back(line.substr(0, line.find(' ')));
    }
    return out;
}

} // namespace

TEST_CASE("ingot rules lists every built-in check, one line each, id first", "[cli][rules]") {
    const auto r = test::run_ingot("rules");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(first_words(r.out) == builtin_ids);
    // The line of a fixable check says so; `implied` is off by default.
    for (const std::string& line : lines_of(r.out)) {
        if (line.rfind("unknown-name ", 0) == 0) {
            CHECK(line.find("error") != std::string::npos);
            CHECK(line.size() >= 6);
            CHECK(line.substr(line.size() - 6) == " [fix]");
        }
        if (line.rfind("implied ", 0) == 0) {
            CHECK(line.find("info (off)") != std::string::npos);
        }
    }
}

TEST_CASE("ingot rules FOLDER adds the analyst rules of the folder", "[cli][rules]") {
    const auto r = test::run_ingot("rules plans/");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto ids = first_words(r.out);
    REQUIRE(ids.size() > builtin_ids.size());
    CHECK(std::vector<std::string>(ids.begin(), ids.begin() + builtin_ids.size()) == builtin_ids);
    for (const char* rule : {"unit_value_climb", "conservative_green_target", "recycled_readings",
                             "series_value_added", "overcapacity_silence", "ten_metals_scope"}) {
        CHECK(std::find(ids.begin() + builtin_ids.size(), ids.end(), rule) != ids.end());
    }
    // An analyst rule's summary is the first line of its doc comment.
    CHECK(r.out.find("A conservative target: a plan's target implies growth far below what the "
                     "metric did in the last") != std::string::npos);
}

TEST_CASE("ingot rule ID explains a check with both examples", "[cli][rules]") {
    const auto r = test::run_ingot("rule unknown-name");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("unknown-name\n\n  severity: error\n  category: names\n  origin:   built-in\n"
                      "  fix:      some findings carry a fix\n\n",
                      0) == 0);
    CHECK(r.out.find("\na metric, scope, source, unit, function, field or name that is not "
                     "defined\n") != std::string::npos);
    CHECK(r.out.find("A name is used where nothing of that name can be seen") != std::string::npos);
    const auto fires = r.out.find("\nFires on:\n\n    ");
    const auto quiet = r.out.find("\nQuiet on:\n\n    ");
    CHECK(fires != std::string::npos);
    CHECK(quiet != std::string::npos);
    CHECK(fires < quiet);
}

TEST_CASE("ingot rule with an unknown id is a usage error", "[cli][rules]") {
    const auto r = test::run_ingot("rule nope");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "ingot: error: no check `nope`; `ingot rules` lists them\n");
    // A near miss names the check meant.
    const auto typo = test::run_ingot("rule uncitde");
    CHECK(typo.exit_code == 2);
    CHECK(typo.out.empty());
    CHECK(typo.err ==
          "ingot: error: no check `uncitde`; did you mean `uncited`? `ingot rules` lists them\n");
}

TEST_CASE("an unknown command is a usage error that lists the commands", "[cli]") {
    const auto r = test::run_ingot("frobnicate plans/");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "ingot: error: unknown command `frobnicate`; the commands are check, fmt, "
                   "explain, eval, compare, diff, export, report, rules, rule, test, metrics, "
                   "units, lsp, completions\n");
}

TEST_CASE("ingot check refuses an import that leaves the project, and shows nothing of it",
          "[cli][import]") {
    test::TempDir dir;
    dir.write("project/evil.plan", "import \"../../../../etc/passwd\"\n"
                                   "plan evil {\n  period 2025..2026\n}\n");
    const auto r = test::run_ingot("check evil.plan", dir.path() / "project");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("evil.plan:1:8: error[import]: cannot import `../../../../etc/passwd`: it "
                      "leaves the project root, so it is refused\n",
                      0) == 0);
    std::size_t imports = 0;
    for (std::size_t at = r.out.find("error[import]"); at != std::string::npos;
         at = r.out.find("error[import]", at + 1)) {
        ++imports;
    }
    CHECK(imports == 1);
    CHECK(r.out.find("root:") == std::string::npos);
    for (const std::string& line : lines_of(test::read_text("/etc/passwd"))) {
        if (!line.empty()) {
            INFO(line);
            CHECK(r.out.find(line) == std::string::npos);
        }
    }
}

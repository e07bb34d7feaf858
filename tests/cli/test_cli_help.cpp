// The `ingot` program teaches: an unknown command is answered with the command meant, and every
// command's --help ends with examples.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace ingot;

namespace {

/// The commands, as the program lists them after an unknown one.
std::vector<std::string> commands() {
    const std::string err = test::run_ingot("no-such-command").err;
    const std::string marker = "the commands are ";
    const std::size_t at = err.find(marker);
    REQUIRE(at != std::string::npos);
    std::vector<std::string> out;
    std::size_t start = at + marker.size();
    while (start < err.size()) {
        const std::size_t end = err.find_first_of(",\n", start);
        out.push_back(err.substr(start, end - start));
        start = end + (err[end] == ',' ? 2 : 1);
    }
    return out;
}

} // namespace

TEST_CASE("an unknown command suggests the closest one", "[cli]") {
    const std::string list =
        "The commands are check, fmt, explain, eval, compare, diff, "
        "export, report, rules, rule, test, metrics, units, lsp, completions\n";
    SECTION("a missing letter") {
        const auto r = test::run_ingot("chek plans/");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "ingot: error: unknown command `chek`; did you mean `check`? " + list);
    }
    SECTION("two letters swapped count as one edit") {
        CHECK(test::run_ingot("chekc").err ==
              "ingot: error: unknown command `chekc`; did you mean `check`? " + list);
        CHECK(test::run_ingot("exlpain").err ==
              "ingot: error: unknown command `exlpain`; did you mean `explain`? " + list);
    }
    SECTION("the nearest of several: `rul` is one edit from `rule`, two from `rules`") {
        CHECK(test::run_ingot("rul").err ==
              "ingot: error: unknown command `rul`; did you mean `rule`? " + list);
        CHECK(test::run_ingot("ruels").err ==
              "ingot: error: unknown command `ruels`; did you mean `rules`? " + list);
    }
    SECTION("a short word needs a close match") {
        CHECK(test::run_ingot("fm").err ==
              "ingot: error: unknown command `fm`; did you mean `fmt`? " + list);
        CHECK(test::run_ingot("ab").err ==
              "ingot: error: unknown command `ab`; the commands are "
              "check, fmt, explain, eval, compare, diff, "
              "export, report, rules, rule, test, metrics, units, lsp, "
              "completions\n");
    }
    SECTION("nothing close: only the list") {
        CHECK(test::run_ingot("lint").err == "ingot: error: unknown command `lint`; the commands "
                                             "are check, fmt, explain, eval, compare, diff, "
                                             "export, report, rules, rule, test, metrics, units, "
                                             "lsp, completions\n");
    }
}

TEST_CASE("every command's --help ends with examples", "[cli]") {
    const auto names = commands();
    CHECK(names.size() == 15);
    for (const std::string& command : names) {
        if (command == "check") {
            continue; // its help belongs with the work on `check`'s options
        }
        INFO(command);
        const auto r = test::run_ingot(command + " --help");
        CHECK(r.exit_code == 0);
        const std::size_t examples = r.out.find("\nExamples:\n  ingot " + command + " ");
        CHECK(examples != std::string::npos);
    }
}

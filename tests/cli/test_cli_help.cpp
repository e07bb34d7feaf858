// The `ingot` program teaches: an unknown command is answered with the command meant.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace ingot;

TEST_CASE("an unknown command suggests the closest one", "[cli]") {
    const std::string list = "The commands are check, fmt, explain, eval, rules, rule\n";
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
        CHECK(test::run_ingot("ab").err == "ingot: error: unknown command `ab`; the commands are "
                                           "check, fmt, explain, eval, rules, rule\n");
    }
    SECTION("nothing close: only the list") {
        CHECK(test::run_ingot("lint").err == "ingot: error: unknown command `lint`; the commands "
                                             "are check, fmt, explain, eval, rules, rule\n");
    }
}

// `ingot metrics` and `ingot units`: the vocabulary plans are written in, as text and as JSON, and
// the copy of both lists in docs/language.md.
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ingot;

namespace {

/// The lines of `text` that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& text, std::string_view prefix) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        if (line.starts_with(prefix)) {
            out.push_back(line);
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

} // namespace

TEST_CASE("ingot metrics lists the prelude, and with PATHs the declared metrics with where",
          "[cli][vocab]") {
    SECTION("the prelude") {
        const auto r = test::run_ingot("metrics");
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(lines_starting(r.out, "name ") ==
              std::vector<std::string>{"name              unit         label                       "
                                       "        aka  declared"});
        CHECK(lines_starting(r.out, "value_added ") ==
              std::vector<std::string>{"value_added       CNY          industrial value added      "
                                       "        iva  built-in"});
        CHECK(lines_starting(r.out, "energy_intensity ") ==
              std::vector<std::string>{"energy_intensity  tce/wan CNY  energy use per unit of "
                                       "value added       built-in"});
    }
    SECTION("declared metrics follow, with file:line:col") {
        test::TempDir dir;
        dir.write("a.plan", "metric rd_intensity \"R&D intensity\" unit %\n"
                            "metric steel \"crude steel\" unit 万吨 aka crude_steel\n");
        const auto r = test::run_ingot("metrics a.plan", dir.path());
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(lines_starting(r.out, "rd_intensity ") ==
              std::vector<std::string>{"rd_intensity      %            R&D intensity               "
                                       "                     a.plan:1:1"});
        CHECK(lines_starting(r.out, "steel ") ==
              std::vector<std::string>{"steel             万吨         crude steel                 "
                                       "        crude_steel  a.plan:2:1"});
    }
    SECTION("as JSON") {
        test::TempDir dir;
        dir.write("a.plan", "metric rd_intensity \"R&D intensity\" unit %\n");
        const auto r = test::run_ingot("metrics --format json a.plan", dir.path());
        CHECK(r.exit_code == 0);
        const auto json = nlohmann::json::parse(r.out);
        const auto& metrics = json.at("metrics");
        REQUIRE(metrics.size() == 10); // 9 in the prelude
        CHECK(metrics.at(0) == nlohmann::json{{"name", "value_added"},
                                              {"unit", "CNY"},
                                              {"label", "industrial value added"},
                                              {"aka", {"iva"}},
                                              {"builtin", true}});
        CHECK(metrics.at(9) == nlohmann::json{{"name", "rd_intensity"},
                                              {"unit", "%"},
                                              {"label", "R&D intensity"},
                                              {"aka", nlohmann::json::array()},
                                              {"builtin", false},
                                              {"path", "a.plan"},
                                              {"line", 1},
                                              {"column", 1}});
    }
    SECTION("a missing path and a bad format are usage errors") {
        const auto missing = test::run_ingot("metrics no-such-folder/");
        CHECK(missing.exit_code == 2);
        CHECK(missing.out.empty());
        const auto format = test::run_ingot("metrics --format xml");
        CHECK(format.exit_code == 2);
        CHECK(format.err.find("--format: xml not in {text,json}") != std::string::npos);
    }
}

TEST_CASE("ingot units lists unit words with their values and scale words with aliases",
          "[cli][vocab]") {
    const auto r = test::run_ingot("units");
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(lines_starting(r.out, "Mt ") ==
          std::vector<std::string>{"Mt           a mass                  1e6 t"});
    CHECK(lines_starting(r.out, "kgce ") ==
          std::vector<std::string>{"kgce         energy                  29307600 J"});
    CHECK(lines_starting(r.out, "吨 ") ==
          std::vector<std::string>{"吨           a mass                  1 t  (= t)"});
    CHECK(lines_starting(r.out, "万 ") == std::vector<std::string>{"万           1e4  (= wan)"});
    CHECK(lines_starting(r.out, "万亿 ") == std::vector<std::string>{"万亿         1e12  (= tn)"});
    CHECK(lines_starting(r.out, "enterprises ") ==
          std::vector<std::string>{"enterprises  a count                 1 count"});
    CHECK(lines_starting(r.out, "yr ") ==
          std::vector<std::string>{"yr           a time                  8766 h"});
    CHECK(lines_starting(r.out, "MW ") ==
          std::vector<std::string>{"MW           power                   1000 kW"});
    const auto json = nlohmann::json::parse(test::run_ingot("units --format json").out);
    const auto& units = json.at("units");
    const auto tonne = std::find_if(units.begin(), units.end(),
                                    [](const auto& u) { return u.at("word") == "吨"; });
    REQUIRE(tonne != units.end());
    CHECK(*tonne == nlohmann::json{{"word", "吨"},
                                   {"factor", 1.0},
                                   {"dimension", "a mass"},
                                   {"of", "t"},
                                   {"same_as", "t"}});
    const auto& scales = json.at("scales");
    CHECK(scales.at(6) == nlohmann::json{{"word", "万"}, {"factor", 1e4}, {"same_as", "wan"}});
}

TEST_CASE("docs/language.md lists the built-in metrics and units as the program does",
          "[cli][vocab][docs]") {
    const std::string docs = test::read_text(test::source_dir / "docs/language.md");
    const std::string metrics = test::run_ingot("metrics").out;
    const std::string units = test::run_ingot("units").out;
    REQUIRE_FALSE(metrics.empty());
    REQUIRE_FALSE(units.empty());
    CHECK(docs.find("```\n$ ingot metrics\n" + metrics + "```\n") != std::string::npos);
    CHECK(docs.find("```\n$ ingot units\n" + units + "```\n") != std::string::npos);
}

// The formatter's contract, over every file in plans/ and tests/: formatting is idempotent,
// preserves meaning (same AST) and keeps every comment in order.
#include "dump.hpp"
#include "lang/format.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ingot;

namespace {

std::string format_text(const std::string& text) {
    const auto p = test::parse(text);
    REQUIRE(p.result.ok());
    return lang::format_file(p.result.file, p.sources.file(p.id));
}

} // namespace

TEST_CASE("fmt is idempotent, meaning-preserving and keeps comments", "[format]") {
    const auto files = test::files_under({"plans", "tests"});
    REQUIRE(files.size() >= 20);
    std::size_t formatted = 0;
    for (const auto& path : files) {
        const auto original = test::parse(test::read_text(path), path.string());
        if (!original.result.ok()) {
            continue; // scripts with deliberate syntax errors
        }
        INFO(path.string());
        const std::string once =
            lang::format_file(original.result.file, original.sources.file(original.id));
        const auto reparsed = test::parse(once, path.string());
        REQUIRE(reparsed.headlines() == std::vector<std::string>{});
        CHECK(lang::dump(reparsed.result.file) == lang::dump(original.result.file));
        CHECK(lang::format_file(reparsed.result.file, reparsed.sources.file(reparsed.id)) == once);
        REQUIRE(reparsed.result.file.comments.size() == original.result.file.comments.size());
        for (std::size_t i = 0; i < original.result.file.comments.size(); ++i) {
            CHECK(reparsed.result.file.comments[i].text == original.result.file.comments[i].text);
        }
        ++formatted;
    }
    CHECK(formatted >= 20);
}

TEST_CASE("the shipped plans are in the canonical layout", "[format]") {
    for (const auto& path : test::files_under({"plans"})) {
        INFO(path.string());
        const std::string text = test::read_text(path);
        CHECK(format_text(text) == text);
    }
}

TEST_CASE("canonical layout of a test block", "[format]") {
    CHECK(format_text("test t \"label\"{plan p{period 2025..2026}expect warning[ r ]line 3 "
                      "\"text\" expect no  r expect growth(x)==3.45 %/yr within 0.01 "
                      "plan \"a.plan\"}") ==
          "test t \"label\" {\n  plan p {\n    period 2025..2026\n  }\n  expect warning[r] line 3 "
          "\"text\"\n  expect no r\n  expect growth(x) == 3.45 %/yr within 0.01\n  plan "
          "\"a.plan\"\n}\n");
}

TEST_CASE("canonical layout", "[format]") {
    SECTION("indentation, spacing, comparators and citations") {
        CHECK(format_text("plan p{source A \"u\" target t:output grows~5%/yr,reaches >20 Mt by "
                          "2026[A:\"q\"][A]}") ==
              "plan p {\n  source A \"u\"\n  target t: output grows ~5 %/yr, reaches > 20 Mt "
              "by 2026  [A: \"q\", A]\n}\n");
    }
    SECTION("field values and citations align within a run") {
        CHECK(
            format_text("plan p {\ntitle \"x\" [A]\npublished 2025-09-28 [A]\nsource A \"u\"\n}") ==
            "plan p {\n  title     \"x\"         [A]\n  published 2025-09-28  [A]\n  source A "
            "\"u\"\n}\n");
    }
    SECTION("wide characters count two columns when aligning") {
        CHECK(format_text("plan p {\nnote \"有色\" [A]\nnote \"abcd\" [A]\nsource A \"u\"\n}") ==
              "plan p {\n  note \"有色\"  [A]\n  note \"abcd\"  [A]\n  source A \"u\"\n}\n");
    }
    SECTION("a Chinese unit keeps its words and whether it stands right against the figure") {
        CHECK(format_text("plan p{source A \"u\" baseline output 2024=2000万吨[A] baseline "
                          "revenue 2024=3000 亿元 [A] baseline output 2023 = 1.5亿吨[A]}") ==
              "plan p {\n  source A \"u\"\n  baseline output 2024 = 2000万吨    [A]\n  baseline "
              "revenue 2024 = 3000 亿元  [A]\n  baseline output 2023 = 1.5亿吨     [A]\n}\n");
        // An ASCII unit gets its space, as before; a range keeps the unit after its upper end.
        CHECK(format_text("plan p{target t: output reaches 20Mt by 2026 target u: revenue "
                          "reaches 4..5万亿元 by 2026}") ==
              "plan p {\n  target t: output reaches 20 Mt by 2026\n  target u: revenue reaches "
              "4..5万亿元 by 2026\n}\n");
        CHECK(format_text("identity value_added = 2万元 * output") ==
              "identity value_added = 2万元 * output\n");
    }
    SECTION("base years, single years, peaks and actuals") {
        CHECK(format_text("plan p{base 2020 target t:output grows~5%/yr from 2020 by 2026,"
                          "grows>5.5% in  2024 target u:emissions peaks   by 2030 target v: "
                          "output grows 20 % by 2026  from 2021 actual output(m)growth "
                          "2024=4.3%[A]}") ==
              "plan p {\n  base 2020\n  target t: output grows ~5 %/yr from 2020 by 2026, "
              "grows > 5.5 % in 2024\n  target u: emissions peaks by 2030\n  target v: output "
              "grows 20 % by 2026 from 2021\n  actual output(m) growth 2024 = 4.3 %  [A]\n}\n");
    }
    SECTION("`follows` aligns with the other fields and keeps the comments around it") {
        CHECK(format_text("plan p_2025 {\nperiod 2025..2026\n# the plan before\nfollows   "
                          "p_2023  # 2023-24\n}\n") ==
              "plan p_2025 {\n  period  2025..2026\n  # the plan before\n  follows p_2023  # "
              "2023-24\n}\n");
    }
    SECTION("comments stay where they were, blank lines collapse to one") {
        CHECK(format_text("# head\n\n\n\nplan p { # on the brace\n  # before\n  note \"n\"  # "
                          "after\n}\n") ==
              "# head\n\nplan p {  # on the brace\n  # before\n  note \"n\"  # after\n}\n");
    }
    SECTION("expressions get the parentheses they need and no more") {
        CHECK(format_text("identity a = (b * c) * (d + e) - (f - g)") ==
              "identity a = b * c * (d + e) - (f - g)\n");
    }
    SECTION("strings are re-escaped; message braces stay literal") {
        CHECK(format_text("rule r: info {\nmessage \"a \\{b\\} {x}\\n\\u{7}\"\n}") ==
              "rule r: info {\n  message \"a \\{b\\} {x}\\n\\u{7}\"\n}\n");
    }
}

TEST_CASE("a `#` is a comment exactly where the grammar says so", "[format]") {
    SECTION("in an interpolation of a message that starts on the next line") {
        const std::string text = "rule r: info {\n  message\n\"{1#\n}\"\n}";
        const auto p = test::parse(text);
        REQUIRE(p.result.ok());
        REQUIRE(p.result.file.comments.size() == 1);
        CHECK(p.result.file.comments[0].text == "#");
        CHECK(p.result.file.comments[0].span.begin == text.find('#'));
        CHECK(format_text(text) == "rule r: info {\n  #\n  message \"{1}\"\n}\n");
    }
    SECTION("never in the label of a metric named `message`") {
        const std::string text = "metric message \"{#\" unit t\n";
        const auto p = test::parse(text);
        REQUIRE(p.result.ok());
        CHECK(p.result.file.comments.empty());
        CHECK(format_text(text) == text);
        CHECK(format_text(format_text(text)) == text);
    }
    SECTION("in an interpolation of a message string, and not in its text") {
        const std::string text = "rule r: info {\n  message \"# {x # c\n} #\"\n}\n";
        const auto p = test::parse(text);
        REQUIRE(p.result.ok());
        REQUIRE(p.result.file.comments.size() == 1);
        CHECK(p.result.file.comments[0].text == "# c");
        CHECK(format_text(text) == "rule r: info {\n  # c\n  message \"# {x} #\"\n}\n");
    }
}

TEST_CASE("fmt keeps a byte order mark and the file's line ends", "[format]") {
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(format_text(bom + "import   \"a\"\n") == bom + "import \"a\"\n");
    CHECK(format_text("import   \"a\"\r\n# c\r\nimport \"b\"\r\n") ==
          "import \"a\"\r\n# c\r\nimport \"b\"\r\n");
    CHECK(format_text(bom + "import \"a\"  # t\r\n") == bom + "import \"a\"  # t\r\n");
    SECTION("mixed line ends: the majority wins, a tie goes to the first") {
        CHECK(format_text("import \"a\"\r\nimport \"b\"\nimport \"c\"\r\n") ==
              "import \"a\"\r\nimport \"b\"\r\nimport \"c\"\r\n");
        CHECK(format_text("import \"a\"\nimport \"b\"\r\nimport \"c\"\n") ==
              "import \"a\"\nimport \"b\"\nimport \"c\"\n");
        CHECK(format_text("import \"a\"\r\nimport \"b\"\n") == "import \"a\"\r\nimport \"b\"\r\n");
        CHECK(format_text("import \"a\"\nimport \"b\"\r\n") == "import \"a\"\nimport \"b\"\n");
    }
    SECTION("no line end at all: LF") {
        CHECK(format_text("import \"a\"") == "import \"a\"\n");
    }
}

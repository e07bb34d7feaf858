// Syntax errors as an analyst sees them: the exact first line (`PATH:LINE:COL: error[syntax]: …`)
// of every diagnostic for malformed input, recovery after several mistakes in one file, the error
// limit, and junk that must never crash or hang the parser.
#include "dump.hpp"
#include "lang/diagnostic.hpp"
#include "lang/parser.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <variant>
#include <vector>

using namespace ingot;

namespace {

/// The headline of a syntax error in the file `test.plan`.
std::string err(int line, int column, const std::string& message) {
    return "test.plan:" + std::to_string(line) + ":" + std::to_string(column) +
           ": error[syntax]: " + message;
}

/// The headline of reaching the nesting limit in `test.plan`: a `limit`, not a syntax error.
std::string depth_limit(int line, int column) {
    return "test.plan:" + std::to_string(line) + ":" + std::to_string(column) +
           ": error[limit]: expression nested too deeply: split it with `let`";
}

/// `body` (one or more lines, without a final line break) as the only statements of a plan; the
/// body starts on line 2.
std::string in_plan(const std::string& body) {
    return "plan p {\n" + body + "\n}\n";
}

/// `body` inside `focus f` inside a plan; the body starts on line 3.
std::string in_focus(const std::string& body) {
    return "plan p {\n  focus f {\n" + body + "\n  }\n}\n";
}

/// `body` inside `rule r: warning`; the body starts on line 2.
std::string in_rule(const std::string& body) {
    return "rule r: warning {\n" + body + "\n}\n";
}

std::string repeat(const std::string& text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) {
        out += text;
    }
    return out;
}

const std::string plan_statement_expected =
    "expected a plan statement such as `title`, `source`, `baseline`, `target` or `focus`, or "
    "`}`, found ";
const std::string item_expected =
    "expected `plan`, `metric`, `identity`, `rule`, `scope`, `test` or `import`, found ";
const std::string unknown_escape =
    R"(unknown escape in a string: write `\"`, `\\`, `\n`, `\t`, `\{`, `\}` or `\u{HEX}`)";
const std::string not_utf8 =
    "the file is not valid UTF-8 here; save it as UTF-8 (Ingot reads no other encoding)";
const std::string too_deep = "expression nested too deeply: split it with `let`";
const std::string not_a_character =
    "is not a Unicode character; use a code point up to 10FFFF outside D800-DFFF";

struct Case {
    const char* what;
    std::string input;
    std::vector<std::string> expected;
};

} // namespace

TEST_CASE("malformed input gives exactly the expected syntax errors", "[parse-errors]") {
    // clang-format off
    const std::vector<Case> cases = {
        // ---- strings
        {"unterminated string",
         in_plan("  title \"abc"),
         {err(2, 13, "unterminated string: add the closing `\"` before the end of the line")}},
        {"unterminated string, CRLF line endings",
         "plan p {\r\n  title \"abc\r\n}\r\n",
         {err(2, 13, "unterminated string: add the closing `\"` before the end of the line")}},
        {"unterminated message string",
         in_rule("  message \"abc"),
         {err(2, 15, "unterminated string: add the closing `\"` before the end of the line")}},
        {"unknown escape",
         in_plan("  title \"a\\qb\""),
         {err(2, 12, unknown_escape)}},
        {"\\u{D800} is a surrogate",
         in_plan("  note \"\\u{D800}\""),
         {err(2, 9, "`\\u{D800}` " + not_a_character)}},
        {"\\u{110000} is beyond Unicode",
         in_plan("  note \"\\u{110000}\""),
         {err(2, 9, "`\\u{110000}` " + not_a_character)}},

        // ---- encoding
        {"a byte that is never UTF-8",
         "plan p {\n  title \"ab\xff" "c\"\n}\n",
         {err(2, 12, not_utf8)}},
        {"a truncated UTF-8 sequence after Chinese text: the column counts code points",
         "plan p {\n  original \"\xe6\x9c\x89\xe8\x89\"\n}\n",
         {err(2, 14, not_utf8)}},

        // ---- numbers, units and figures
        {"missing unit before a citation",
         in_focus("    target t: output grows ~5 [ILK]"),
         {err(3, 31, "expected a unit after `5`, such as `%/yr` or `Mt`, found `[`")}},
        {"missing unit at the end of the line",
         in_plan("  baseline output 2024 = 5"),
         {err(2, 27, "expected a unit after `5`, such as `%/yr` or `Mt`, found the end of the line")}},
        {"missing upper end of a range",
         in_plan("  target t: output grows 4.. %/yr"),
         {err(2, 30, "expected the upper end of the range after `..`, such as `4..5 %/yr`, found `%`")}},
        {"number too large",
         in_plan("  baseline output 2024 = 1e999 Mt"),
         {"test.plan:2:26: error[number-range]: `1e999` is too large a number: the largest is "
          "about 1.8e308"}},
        {"number too small",
         in_plan("  baseline output 2024 = 1e-999 Mt"),
         {"test.plan:2:26: error[number-range]: `1e-999` is too small a number: the smallest is "
          "about 2.2e-308"}},

        // ---- dates, periods, years, counts
        {"not a date",
         in_plan("  signed August"),
         {err(2, 10, "expected a date such as `2025-08-28` after `signed`, found `August`")}},
        {"missing date",
         in_plan("  published"),
         {err(3, 1, "expected a date such as `2025-08-28` after `published`, found `}`")}},
        {"invalid calendar date",
         in_plan("  signed 2025-02-30"),
         {err(2, 10, "`2025-02-30` is not a calendar date")}},
        {"invalid month",
         in_plan("  signed 2025-13-01"),
         {err(2, 10, "`2025-13-01` is not a calendar date")}},
        {"period with two-digit years",
         in_plan("  period 25..26"),
         {err(2, 10, "expected a period such as `2025..2026` after `period`, found `25..26`")}},
        {"period with spaces",
         in_plan("  period 2025 .. 2026"),
         {err(2, 10, "expected a period such as `2025..2026` after `period`, found `2025`")}},
        {"reversed period",
         in_plan("  period 2026..2025"),
         {err(2, 10, "the period `2026..2025` ends before it starts; write the earlier year first")}},
        {"two-digit baseline year",
         in_plan("  baseline output 24 = 5 Mt"),
         {err(2, 19, "expected a year such as `2024` after `output`, found `24`")}},
        {"two-digit year after `by`",
         in_plan("  target t: output reaches > 20 Mt by 26"),
         {err(2, 39, "expected a year such as `2024` after `by`, found `26`")}},
        {"`peaks` without `by`",
         in_plan("  target t: emissions peaks 2030"),
         {err(2, 29, "expected `by` and a year after `peaks`, such as `peaks by 2030`, found `2030`")}},
        {"`peaks by` without a year",
         in_plan("  target t: emissions peaks by"),
         {err(3, 1, "expected a year such as `2024` after `by`, found `}`")}},
        {"`actual` without a year",
         in_plan("  actual output = 80 Mt"),
         {err(2, 17, "expected a year such as `2024` after `output`, found `=`")}},
        {"`base` without a year",
         in_plan("  base twenty"),
         {err(2, 8, "expected a year such as `2024` after `base`, found `twenty`")}},
        {"`in` without a year",
         in_plan("  target t: output grows 5 % in"),
         {err(3, 1, "expected a year such as `2024` after `in`, found `}`")}},
        {"`from` a year after the target's year",
         in_plan("  target t: output grows 20 % from 2027 by 2026"),
         {err(2, 36, "`from 2027` is not before `by 2026`: a change runs from an earlier year to a later one")}},
        {"`from` the target's own year, `by` written first",
         in_plan("  target t: output grows 20 % by 2026 from 2026"),
         {err(2, 44, "`from 2026` is not before `by 2026`: a change runs from an earlier year to a later one")}},
        {"`actual` inside a focus",
         in_focus("    actual output 2025 = 80 Mt"),
         {err(3, 5, "`actual` belongs directly in the plan, not inside a focus: move it out of the focus")}},
        {"`base` inside a focus",
         in_focus("    base 2020"),
         {err(3, 5, "`base` belongs directly in the plan, not inside a focus: move it out of the focus")}},
        {"`in` with `by`",
         in_plan("  target t: output grows 5 % in 2024 by 2025"),
         {err(2, 38, plan_statement_expected + "`by`")}},
        {"count that is a word",
         in_plan("  scope metals of ten { copper }"),
         {err(2, 19, "expected a count after `of`, such as `of 10`, found `ten`")}},

        // ---- scopes and lists
        {"scope list without a comma",
         in_plan("  scope metals { copper aluminum }"),
         {err(2, 25, "expected `,` or `}` in the list of `scope metals` after `copper`, found `aluminum`")}},
        {"scope list with a trailing comma",
         in_plan("  scope metals { copper, }"),
         {err(2, 26, "expected a name after `,`, found `}`")}},
        {"scope without `{`",
         in_plan("  scope metals copper"),
         {err(2, 16, "expected `{` after `metals`, found `copper`")}},
        {"empty issuer list",
         in_plan("  issuer"),
         {err(3, 1, "expected one or more names after `issuer`, such as `copper, aluminum`, found `}`")}},
        {"a name that is a string",
         in_plan("  sector \"metals\""),
         {err(2, 10, "expected a name after `sector`, found `\"metals\"`")}},
        {"source without its address",
         in_plan("  source ILK http://x"),
         {err(2, 14, "expected a quoted string after `ILK`, found `http`")}},

        // ---- citations
        {"empty citation",
         in_plan("  title \"x\" []"),
         {err(2, 14, "expected a source name in the citation, such as `[ILK]` or `[ILK: \"quote\"]`, found `]`")}},
        {"citation with a trailing comma",
         in_plan("  title \"x\" [ILK,]"),
         {err(2, 18, "expected a source name in the citation, such as `[ILK]` or `[ILK: \"quote\"]`, found `]`")}},
        {"citation quote missing",
         in_plan("  title \"x\" [ILK: ]"),
         {err(2, 19, "expected a quoted string after `:`, found `]`")}},
        {"citations without a comma",
         in_plan("  title \"x\" [ILK: \"q\" TRIV]"),
         {err(2, 23, "expected `,` or `]` in the citation after `\"q\"`, found `TRIV`")}},
        {"citation missing `]` at the end of the file",
         "metric m unit Mt [ILK",
         {err(1, 22, "expected `,` or `]` in the citation after `ILK`, found the end of the file")}},
        {"citation missing `]` and focus missing `}`, as in docs/language.md",
         "plan p {\n"
         "  focus green {\n"
         "    target t: output grows 5 %/yr [ILK: \"下降2%左右\"\n"
         "  focus blue {\n"
         "    note \"y\"\n"
         "  }\n"
         "}\n",
         {err(4, 3, "expected `,` or `]` in the citation after `\"下降2%左右\"`, found `focus`"),
          err(4, 3, "`}` expected to close `focus green` opened at line 2")}},

        // ---- Chinese text before the error: columns count code points, not bytes
        {"Chinese string, then a bad citation",
         in_plan("  original \"有色金属\" [ILK: \"增长\" TRIV]"),
         {err(2, 30, "expected `,` or `]` in the citation after `\"增长\"`, found `TRIV`")}},
        {"Chinese string, then a stray number",
         in_plan("  original \"有色金属行业\" 5"),
         {err(2, 21, plan_statement_expected + "`5`")}},
        {"Chinese quote, then a stray number in the citation",
         in_focus("    target t: output grows ~5 %/yr [ILK: \"年均增长5%左右\" 2"),
         {err(3, 53, "expected `,` or `]` in the citation after `\"年均增长5%左右\"`, found `2`")}},
        {"Chinese text, then a bad escape",
         in_plan("  note \"有色金属\\q\""),
         {err(2, 14, unknown_escape)}},
        {"an emoji is one column",
         in_plan("  note \"😀\" x"),
         {err(2, 12, plan_statement_expected + "`x`")}},

        // ---- baselines
        {"baseline without `=`",
         in_plan("  baseline output 2024 5 Mt"),
         {err(2, 24, "expected `=` after `2024`, found `5`")}},
        {"baseline with a word for its value",
         in_plan("  baseline output 2024 = about 5 Mt"),
         {err(2, 26, "expected a figure such as `79.19 Mt` after `=`, found `about`")}},
        {"baseline value on the next line is missing",
         in_plan("  baseline output 2024 =\n  title \"x\""),
         {err(3, 3, "expected a figure such as `79.19 Mt` after `=`, found `title`")}},
        {"baseline without a metric",
         in_plan("  baseline 2024 = 5 Mt"),
         {err(2, 12, "expected a metric name after `baseline`, such as `output` or `output(metals)`, found `2024`")}},
        {"baseline growth without a year",
         in_plan("  baseline output growth = 5 %/yr"),
         {err(2, 26, "expected a year such as `2024` after `growth`, found `=`")}},

        // ---- targets
        {"target without `:`",
         in_plan("  target t output grows 5 %/yr"),
         {err(2, 12, "expected `:` after `t`, found `output`")}},
        {"target without a name",
         in_plan("  target: output grows 5 %/yr"),
         {err(2, 9, "expected a name after `target`, found `:`")}},
        {"target without a metric",
         in_plan("  target t:"),
         {err(3, 1, "expected a metric name after `:`, such as `output` or `output(metals)`, found `}`")}},
        {"scoped metric without `)`",
         in_focus("    target t: output(metals grows 5 %/yr"),
         {err(3, 29, "expected `)` after `metals`, found `grows`")}},
        {"unknown clause",
         in_plan("  target t: output increases 5 %/yr"),
         {err(2, 20, "expected `grows`, `rises`, `falls`, `reaches`, `stays` or `peaks` after `output`, found `increases`")}},
        {"unknown second clause",
         in_plan("  target t: output grows 5 %/yr, shrinks 2 %"),
         {err(2, 34, "expected `grows`, `rises`, `falls`, `reaches`, `stays` or `peaks` after `,`, found `shrinks`")}},
        {"clause with a word for its figure",
         in_plan("  target t: output grows about 5 %/yr"),
         {err(2, 26, "expected a figure such as `5 %/yr` or `> 20 Mt` after `grows`, found `about`")}},
        {"clause without a figure",
         in_plan("  target t: output falls"),
         {err(3, 1, "expected a figure such as `5 %/yr` or `> 20 Mt` after `falls`, found `}`")}},
        {"`stays` without a comparator",
         in_plan("  target t: output stays 5 Mt"),
         {err(2, 26, "expected a comparison (`<`, `<=`, `>`, `>=`, `=` or `~`) after `stays`, found `5`")}},

        // ---- focuses and plan bodies
        {"focus missing `}`, followed by another focus",
         in_plan("  focus green {\n    target t: output grows 5 %/yr\n  focus blue {\n    note \"x\"\n  }"),
         {err(4, 3, "`}` expected to close `focus green` opened at line 2")}},
        {"focus missing `}`, followed by a plan statement",
         "plan p {\n  focus f {\n    note \"x\"\n  baseline output 2024 = 5 Mt\n}\n",
         {err(4, 3, "`}` expected to close `focus f` opened at line 2")}},
        {"plan missing `}` at the end of the file",
         "plan p {\n  title \"x\"\n",
         {err(3, 1, "`}` expected to close `plan p` opened at line 1")}},
        {"focus and plan missing `}` at the end of the file",
         "plan p {\n  focus f {\n    note \"x\"\n",
         {err(4, 1, "`}` expected to close `focus f` opened at line 2"),
          err(4, 1, "`}` expected to close `plan p` opened at line 1")}},
        {"plan missing `}` before the next plan",
         "plan p {\n  title \"x\"\n\nplan q {\n  title \"y\"\n}\n",
         {err(4, 1, "`}` expected to close `plan p` opened at line 1")}},
        {"rule missing `}` before the next rule",
         "rule r: warning {\n  when x > 1\n\nrule s: info {\n  when y\n}\n",
         {err(4, 1, "`}` expected to close `rule r` opened at line 1")}},
        {"focus without a name",
         in_plan("  focus {\n    note \"x\"\n  }"),
         {err(2, 9, "expected a name after `focus`, found `{`")}},
        {"focus label without quotes",
         in_plan("  focus f label {\n    note \"x\"\n  }"),
         {err(2, 11, "expected `{` after `f`, found `label`")}},
        {"plan statement typo",
         in_plan("  titel \"x\""),
         {err(2, 3, plan_statement_expected + "`titel`")}},
        {"focus statement typo",
         in_focus("    targets t: output grows 5 %/yr"),
         {err(3, 5, "expected a focus statement (`target`, `initiatives`, `drivers`, `serves` or `note`) or `}`, found `targets`")}},
        {"baseline inside a closed focus",
         in_focus("    baseline output 2024 = 5 Mt"),
         {err(3, 5, "`baseline` belongs directly in the plan, not inside a focus: move it out of the focus")}},
        {"period inside a closed focus",
         in_focus("    period 2025..2026"),
         {err(3, 5, "`period` belongs directly in the plan, not inside a focus: move it out of the focus")}},
        {"source inside a closed focus",
         in_focus("    source ILK \"u\""),
         {err(3, 5, "`source` belongs directly in the plan, not inside a focus: move it out of the focus")}},

        // ---- top level, metrics, identities
        {"unknown top-level word",
         "foo bar",
         {err(1, 1, item_expected + "`foo`")}},
        {"unknown word after a plan",
         "plan p {\n}\nfoo\n",
         {err(3, 1, item_expected + "`foo`")}},
        {"plan without a name",
         "plan {\n}\n",
         {err(1, 6, "expected a name after `plan`, found `{`")}},
        {"import without quotes",
         "import foo",
         {err(1, 8, "expected a quoted string after `import`, found `foo`")}},
        {"metric without `unit`",
         "metric m Mt",
         {err(1, 10, "expected `unit` and the metric's unit after `m`, such as `unit Mt`, found `Mt`")}},
        {"labelled metric without `unit`",
         "metric m \"label\" Mt",
         {err(1, 18, "expected `unit` and the metric's unit after `\"label\"`, such as `unit Mt`, found `Mt`")}},
        {"metric `unit` without a unit",
         "metric m unit",
         {err(1, 14, "expected a unit after `unit`, such as `%/yr` or `Mt`, found the end of the file")}},
        {"metric `aka` without names",
         "metric m unit Mt aka",
         {err(1, 21, "expected one or more names after `aka`, such as `copper, aluminum`, found the end of the file")}},
        {"identity without `=`",
         "identity a b",
         {err(1, 12, "expected `=` between the two sides of the identity, found `b`")}},
        {"identity without `=` at the end of the file",
         "identity a + b",
         {err(1, 15, "expected `=` between the two sides of the identity, found the end of the file")}},
        {"identity without a right side",
         "identity a = ",
         {err(1, 14, "expected an expression after `=`, found the end of the file")}},

        // ---- rules
        {"rule severity typo",
         "rule r: warnin {\n}\n",
         {err(1, 9, "expected a severity (`error`, `warning` or `info`) after `:`, found `warnin`")}},
        {"rule without `:`",
         "rule r warning {\n}\n",
         {err(1, 8, "expected `:` after `r`, found `warning`")}},
        {"rule `for` without a subject",
         "rule r: warning for {\n}\n",
         {err(1, 21, "expected a name after `for`, found `{`")}},
        {"rule statement typo",
         in_rule("  wen x > 1"),
         {err(2, 3, "expected `let`, `when`, `require`, `message` or `}` in a rule, found `wen`")}},
        {"plan statement in a rule",
         in_rule("  when x\n  title \"y\""),
         {err(3, 3, "expected `let`, `when`, `require`, `message` or `}` in a rule, found `title`")}},
        {"`let` without `=`",
         in_rule("  let x 1"),
         {err(2, 9, "expected `=` after `x`, found `1`")}},
        {"`let` without a name",
         in_rule("  let = 1"),
         {err(2, 7, "expected a name after `let`, found `=`")}},
        {"`message` without quotes",
         in_rule("  message abc"),
         {err(2, 11, "expected a quoted message after `message`, found `abc`")}},

        // ---- tests
        {"a test statement that is neither `plan` nor `expect`",
         "test t {\n  when x\n}\n",
         {err(2, 3, "expected `plan`, `expect` or `}` in a test, found `when`")}},
        {"`expect` with nothing after it",
         "test t {\n  expect\n}\n",
         {err(3, 1, "expected a finding such as `warning[ID]`, `no ID` or a condition after "
                    "`expect`, found `}`")}},
        {"a finding without its `]`",
         "test t {\n  expect warning[climb line 3\n}\n",
         {err(2, 24, "expected `]` after the finding's id `climb`, found `line`")}},
        {"`line` without a number",
         "test t {\n  expect warning[climb] line x\n}\n",
         {err(2, 30, "expected a line number after `line`, such as `line 4`, found `x`")}},
        {"`within` without a tolerance",
         "test t {\n  expect x == 1 within\n}\n",
         {err(3, 1, "expected a tolerance after `within`, such as `within 0.01` or `within 0.01 "
                    "%/yr`, found `}`")}},

        // ---- expressions
        {"two operators in a row",
         in_rule("  when x + * 2"),
         {err(2, 12, "expected an expression after `+`, found `*`")}},
        {"comparison with a keyword for its right side",
         in_rule("  when x > require"),
         {err(2, 12, "expected an expression after `>`, found `require`")}},
        {"comparison missing its right side",
         in_rule("  when x >"),
         {err(3, 1, "expected an expression after `>`, found `}`")}},
        {"`==` then `=`",
         in_rule("  when x == = 2"),
         {err(2, 13, "expected an expression after `==`, found `=`")}},
        {"`and` missing its right side",
         in_rule("  when x and"),
         {err(3, 1, "expected an expression after `and`, found `}`")}},
        {"`not` without an operand",
         in_rule("  when not"),
         {err(3, 1, "expected an expression after `not`, found `}`")}},
        {"member access without a name",
         in_rule("  when x."),
         {err(3, 1, "expected a name after `.`, found `}`")}},
        {"unclosed `(`",
         in_rule("  when (x + 1"),
         {err(3, 1, "expected `)` after `1`, found `}`")}},
        {"unclosed call",
         in_rule("  when f(x"),
         {err(3, 1, "expected `)` after `x`, found `}`")}},
        {"call with a trailing comma",
         in_rule("  when f(x, )"),
         {err(2, 13, "expected an expression after `,`, found `)`")}},
        {"quantifier without `has` or `where`",
         in_rule("  when every plan value_added"),
         {err(2, 19, "expected `has METRIC` or `where CONDITION` after `plan`, found `value_added`")}},
        {"`has` without a metric",
         in_rule("  when every plan has"),
         {err(3, 1, "expected a metric name after `has`, such as `output` or `output(metals)`, found `}`")}},
        {"`where` without a condition",
         in_rule("  when plans where"),
         {err(3, 1, "expected an expression after `where`, found `}`")}},

        // ---- nesting limits
        {"150 nested parentheses",
         "identity a = " + std::string(150, '(') + "x" + std::string(150, ')'),
         {depth_limit(1, 114)}},
        {"150 nested parentheses in a rule",
         in_rule("  when " + std::string(150, '(') + "x" + std::string(150, ')')),
         {depth_limit(2, 108)}},
        {"200 unary minus",
         "identity a = " + std::string(200, '-') + "x",
         {depth_limit(1, 114)}},
        {"200 `not`",
         "identity a = " + repeat("not ", 200) + "x",
         {depth_limit(1, 414)}},
        {"99 nested parentheses are fine",
         "identity a = " + std::string(99, '(') + "x" + std::string(99, ')'),
         {}},
    };
    // clang-format on

    REQUIRE(cases.size() >= 30);
    for (const Case& c : cases) {
        INFO(c.what);
        INFO((c.input.size() > 300 ? c.input.substr(0, 300) + "…" : c.input));
        const auto p = test::parse(c.input);
        CHECK(p.headlines() == c.expected);
    }
}

TEST_CASE("one file with several unrelated mistakes reports each once and keeps the rest",
          "[parse-errors]") {
    const std::string text = "plan steel {\n"                                 //  1
                             "  title \"Steel plan\"\n"                       //  2
                             "  signed 2025-09-31\n"                          //  3 bad date
                             "  period 2025..2026\n"                          //  4
                             "  baseline output 2024 = 1005 [MIIT]\n"         //  5 no unit
                             "  source MIIT \"https://example.org\"\n"        //  6
                             "  focus green \"Greener\" {\n"                  //  7
                             "    target t1: output grows about 5 %/yr\n"     //  8 no figure
                             "    target t2: emissions falls 2 %/yr [MIIT]\n" //  9
                             "    initiatives scrap_recycling\n"              // 10
                             "  }\n"                                          // 11
                             "  silent_on overcapacity\n"                     // 12
                             "}\n"                                            // 13
                             "\n"                                             // 14
                             "metric emissions Mt\n"                          // 15 no `unit`
                             "identity value_added = output * unit_value\n"   // 16
                             "\n"                                             // 17
                             "rule r: warning {\n"                            // 18
                             "  let g = growth(output)\n"                     // 19
                             "  wen g > 3 %/yr\n"                             // 20 typo
                             "  message \"growth is {g}\"\n"                  // 21
                             "}\n";                                           // 22
    const auto p = test::parse(text);
    CHECK(p.headlines() ==
          std::vector<std::string>{
              err(3, 10, "`2025-09-31` is not a calendar date"),
              err(5, 31, "expected a unit after `1005`, such as `%/yr` or `Mt`, found `[`"),
              err(8, 29,
                  "expected a figure such as `5 %/yr` or `> 20 Mt` after `grows`, found `about`"),
              err(15, 18,
                  "expected `unit` and the metric's unit after `emissions`, such as `unit Mt`, "
                  "found `Mt`"),
              err(20, 3,
                  "expected `let`, `when`, `require`, `message` or `}` in a rule, found `wen`"),
          });

    // The plan, the identity and the rule parsed; the metric with the error was dropped.
    const auto& items = p.result.file.items;
    REQUIRE(items.size() == 3);
    const auto* plan = std::get_if<lang::PlanDecl>(&items[0]);
    REQUIRE(plan != nullptr);
    // title, signed (kept: the value parsed), period, source, focus, silent_on; not the baseline.
    CHECK(plan->body.size() == 6);
    CHECK(std::holds_alternative<lang::IdentityDecl>(items[1]));
    const auto* rule = std::get_if<lang::RuleDecl>(&items[2]);
    REQUIRE(rule != nullptr);
    CHECK(rule->body.size() == 2); // let, message

    const std::string dump = lang::dump(p.result.file);
    INFO(dump);
    CHECK(dump.find("(field signed 2025-09-31)") != std::string::npos);
    CHECK(dump.find("(source MIIT \"https://example.org\")") != std::string::npos);
    CHECK(dump.find("(target t2 emissions") != std::string::npos);
    CHECK(dump.find("(target t1") == std::string::npos);
    CHECK(dump.find("(initiatives scrap_recycling)") != std::string::npos);
    CHECK(dump.find("(silent_on overcapacity)") != std::string::npos);
    CHECK(dump.find("(identity (name value_added)") != std::string::npos);
    CHECK(dump.find("(let g (call growth (name output)))") != std::string::npos);
    CHECK(dump.find("(message \"growth is \" (name g))") != std::string::npos);
}

TEST_CASE("parsing stops after 50 syntax errors", "[parse-errors]") {
    const std::string title_error = "expected a quoted string after `title`, found `x`";
    SECTION("in a plan body") {
        const auto p = test::parse("plan p {\n" + repeat("  title x\n", 60) + "}\n");
        std::vector<std::string> expected;
        for (int line = 2; line <= 51; ++line) {
            expected.push_back(err(line, 9, title_error));
        }
        // The first statement not checked.
        expected.push_back(err(52, 3, "too many syntax errors; stopping here"));
        CHECK(p.headlines() == expected);
    }
    SECTION("at the top level") {
        const auto p = test::parse(repeat("metric m Mt\n", 60));
        const auto headlines = p.headlines();
        REQUIRE(headlines.size() == 51);
        CHECK(
            headlines[49] ==
            err(50, 10,
                "expected `unit` and the metric's unit after `m`, such as `unit Mt`, found `Mt`"));
        CHECK(headlines[50] == err(51, 1, "too many syntax errors; stopping here"));
    }
    SECTION("below the limit there is no final diagnostic") {
        const auto p = test::parse("plan p {\n" + repeat("  title x\n", 49) + "}\n");
        const auto headlines = p.headlines();
        REQUIRE(headlines.size() == 49);
        CHECK(headlines.back() == err(50, 9, title_error));
    }
    SECTION("the limit can be changed") {
        lang::SourceMap sources;
        const lang::FileId id =
            sources.add("test.plan", "plan p {\n" + repeat("  title x\n", 10) + "}\n");
        lang::ParseOptions options;
        options.max_errors = 3;
        const lang::ParseResult result = lang::parse_file(sources, id, options);
        std::vector<std::string> headlines;
        for (const auto& d : result.diagnostics) {
            headlines.push_back(lang::headline(d, sources));
        }
        CHECK(headlines == std::vector<std::string>{
                               err(2, 9, title_error),
                               err(3, 9, title_error),
                               err(4, 9, title_error),
                               err(5, 3, "too many syntax errors; stopping here"),
                           });
    }
}

namespace {

/// `size` bytes from a fixed seed. std::mt19937's output is specified by the standard, so the input
/// is the same everywhere (the distributions are not, so none is used).
std::string random_text(std::uint32_t seed, std::size_t size, bool with_line_breaks) {
    std::mt19937 gen(seed);
    std::string out;
    out.reserve(size);
    while (out.size() < size) {
        const auto r = gen();
        if (with_line_breaks && r % 16 == 0) {
            out += '\n';
        } else {
            out += static_cast<char>(' ' + (r >> 8) % 95); // printable ASCII, ' ' to '~'
        }
    }
    return out;
}

/// `count` tokens of the language, chosen from a fixed seed: closer to real mistakes than bytes.
std::string random_tokens(std::uint32_t seed, int count) {
    static const std::vector<std::string> tokens = {
        "plan",  "focus", "{",      "}",    "title",    "\"t\"", "target", "t",   ":",
        "grows", "~",     "5",      "%/yr", "[",        "]",     "ILK",    ",",   "rule",
        "r",     "when",  "(",      ")",    "x",        ">",     "scope",  "of",  "10",
        "\"",    "\n",    "2025",   "..",   "message",  "{x}",   "every",  "has", "baseline",
        "=",     "Mt",    "metric", "unit", "identity", "-",     "not",    "#",   "\\"};
    std::mt19937 gen(seed);
    std::string out;
    for (int i = 0; i < count; ++i) {
        out += tokens[gen() % tokens.size()];
        out += ' ';
    }
    return out;
}

} // namespace

TEST_CASE("junk never crashes or hangs the parser and always gets a diagnostic", "[parse-errors]") {
    std::vector<std::pair<std::string, std::string>> inputs = {
        {"only `{`", std::string(10000, '{')},
        {"`{{{{`", "{{{{"},
        {"only `}`", std::string(10000, '}')},
        {"one `\"`", "\""},
        {"only `\"`", std::string(10001, '"')},
        {"`plan x {` 1000 times on one line", repeat("plan x {", 1000)},
        {"`plan x {` 1000 times on separate lines", repeat("plan x {\n", 1000)},
        {"1000 unclosed focuses", "plan p {\n" + repeat("  focus f {\n", 1000)},
        {"2000 bare `baseline`s in a focus",
         "plan p {\n  focus f {\n" + repeat("baseline\n", 2000)},
        {"10000 `(`", "identity a = " + std::string(10000, '(')},
        {"10000 unary minus", "identity a = " + std::string(10000, '-') + "x"},
        {"10000 `not`", "identity a = " + repeat("not ", 10000) + "x"},
        {"10000 calls", "identity a = " + repeat("f(", 10000)},
        {"a sum of 10000 terms", "identity a = x" + repeat(" + x", 9999)},
        {"10000 `[`", "plan p { title \"x\" " + std::string(10000, '[')},
        {"nested interpolations", in_rule("  message \"" + repeat("{(", 5000) + "\"")},
        {"1000 backslashes", "plan p { title \"" + std::string(1000, '\\')},
        {"1000 unfinished \\u{", "plan p { note \"" + repeat("\\u{", 1000) + "\" }"},
        {"NUL bytes", std::string(100, '\0')},
        {"bytes that are not UTF-8", std::string(100, '\xff')},
        {"lone continuation bytes", std::string(100, '\x80')},
        {"10000 random printable bytes", random_text(20250828, 10000, false)},
    };
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        inputs.emplace_back("random lines, seed " + std::to_string(seed),
                            random_text(seed, 10000, true));
        inputs.emplace_back("random tokens, seed " + std::to_string(seed),
                            random_tokens(seed, 3000));
    }

    for (const auto& [what, text] : inputs) {
        INFO(what);
        const auto start = std::chrono::steady_clock::now();
        const auto p = test::parse(text); // parse_file never throws; Catch reports it if it does
        // Generous: each input takes milliseconds; this catches runaway backtracking, not speed.
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
        CHECK_FALSE(p.result.diagnostics.empty());
        CHECK(p.result.diagnostics.size() <= 51);
        for (const auto& d : p.result.diagnostics) {
            CHECK((d.id == "syntax" || (d.id == "limit" && d.message == too_deep)));
            CHECK_FALSE(d.message.empty());
            CHECK_NOTHROW(lang::render(d, p.sources)); // the snippet and caret too
        }
        CHECK_NOTHROW(lang::dump(p.result.file)); // the partial AST is well formed
    }
}

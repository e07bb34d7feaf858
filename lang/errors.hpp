// Every syntax error message, in one table, keyed by the grammar rule that was required.
//
// Messages are written for an analyst, say what was expected and, where it helps, give an example.
// Placeholders are filled from the text by the parser:
//   {prev}        the token just before the error, e.g. `5` in "expected a unit after `5`"
//   {found}       what is at the error: `word`, "the end of the line", "the end of the file"
//   {opener}      the first words of the statement being parsed, e.g. `focus green`
//   {opener_line} the line on which that statement began
#pragma once

#include "lang/grammar.hpp"

namespace ingot::lang::errors {

namespace g = grammar;

/// Used for rules that cannot fail (whitespace, optional parts); never shown in practice.
template <typename Rule>
inline constexpr const char* message = "unexpected {found}";

// clang-format off
template<> inline constexpr const char* message< g::string_close > = "unterminated string: add the closing `\"` before the end of the line";
template<> inline constexpr const char* message< g::escape_code > = "unknown escape in a string: write `\\\"`, `\\\\`, `\\n`, `\\t`, `\\{`, `\\}` or `\\u{HEX}`";
template<> inline constexpr const char* message< g::range_high > = "expected the upper end of the range after `..`, such as `4..5 %/yr`, found {found}";
template<> inline constexpr const char* message< g::unit > = "expected a unit after `{prev}`, such as `%/yr` or `Mt`, found {found}";
template<> inline constexpr const char* message< g::string_lit > = "expected a quoted string after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::citation > = "expected a source name in the citation, such as `[ILK]` or `[ILK: \"quote\"]`, found {found}";
template<> inline constexpr const char* message< g::citation_close > = "expected `,` or `]` in the citation after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::identifier > = "expected a name after `{prev}`, found {found}";
template<> inline constexpr const char* message< tao::pegtl::one< ')' > > = "expected `)` after `{prev}`, found {found}";
template<> inline constexpr const char* message< tao::pegtl::one< '{' > > = "expected `{` after `{prev}`, found {found}";
template<> inline constexpr const char* message< tao::pegtl::one< ':' > > = "expected `:` after `{prev}`, found {found}";
template<> inline constexpr const char* message< tao::pegtl::one< '=' > > = "expected `=` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::date > = "expected a date such as `2025-08-28` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::period_value > = "expected a period such as `2025..2026` after `period`, found {found}";
template<> inline constexpr const char* message< g::count > = "expected a count after `of`, such as `of 10`, found {found}";
template<> inline constexpr const char* message< g::name_list > = "expected one or more names after `{prev}`, such as `copper, aluminum`, found {found}";
template<> inline constexpr const char* message< g::close_brace > = "`}` expected to close `{opener}` opened at line {opener_line}";
template<> inline constexpr const char* message< g::scope_close > = "expected `,` or `}` in the list of `{opener}` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::clause > = "expected `grows`, `rises`, `falls`, `reaches`, `stays` or `peaks` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::peak_year > = "expected `by` and a year after `peaks`, such as `peaks by 2030`, found {found}";
template<> inline constexpr const char* message< g::bound > = "expected a figure such as `5 %/yr` or `> 20 Mt` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::quantity > = "expected a figure with a unit, such as `3 Mt`, after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::comparator > = "expected a comparison (`<`, `<=`, `>`, `>=`, `=` or `~`) after `stays`, found {found}";
template<> inline constexpr const char* message< g::year > = "expected a year such as `2024` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::metric_ref > = "expected a metric name after `{prev}`, such as `output` or `output(metals)`, found {found}";
template<> inline constexpr const char* message< g::baseline_value > = "expected a figure such as `79.19 Mt` after `=`, found {found}";
template<> inline constexpr const char* message< g::expression > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::depth_guard< g::unary_expr > > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::depth_guard< g::not_expr > > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::list_name > = "expected a name after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::plan_statement_in_focus > = "{found} belongs directly in the plan, not inside a focus: move it out of the focus";
template<> inline constexpr const char* message< g::unary_expr > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::mul_expr > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::add_expr > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::not_expr > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::and_expr > = "expected an expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::predicate > = "expected `has METRIC` or `where CONDITION` after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::message_string > = "expected a quoted message after `message`, found {found}";
template<> inline constexpr const char* message< g::interpolation_close > = "expected `}` to close the `{` interpolation after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::severity > = "expected a severity (`error`, `warning` or `info`) after `:`, found {found}";
template<> inline constexpr const char* message< g::metric_unit > = "expected `unit` and the metric's unit after `{prev}`, such as `unit Mt`, found {found}";
template<> inline constexpr const char* message< g::identity_equals > = "expected `=` between the two sides of the identity, found {found}";
template<> inline constexpr const char* message< g::focus_statement_expected > = "expected a focus statement (`target`, `initiatives`, `drivers`, `serves` or `note`) or `}`, found {found}";
template<> inline constexpr const char* message< g::plan_statement_expected > = "expected a plan statement such as `title`, `source`, `baseline`, `target` or `focus`, or `}`, found {found}";
template<> inline constexpr const char* message< g::rule_statement_expected > = "expected `let`, `when`, `require`, `message` or `}` in a rule, found {found}";
template<> inline constexpr const char* message< g::item_expected > = "expected `plan`, `metric`, `identity`, `rule`, `scope`, `test` or `import`, found {found}";
template<> inline constexpr const char* message< g::test_statement_expected > = "expected `plan`, `expect` or `}` in a test, found {found}";
template<> inline constexpr const char* message< g::expectation > = "expected a finding such as `warning[ID]`, `no ID` or a condition after `expect`, found {found}";
template<> inline constexpr const char* message< g::finding_close > = "expected `]` after the finding's id `{prev}`, found {found}";
template<> inline constexpr const char* message< g::line_number > = "expected a line number after `line`, such as `line 4`, found {found}";
template<> inline constexpr const char* message< g::tolerance > = "expected a tolerance after `within`, such as `within 0.01` or `within 0.01 %/yr`, found {found}";
template<> inline constexpr const char* message< tao::pegtl::eof > = "expected the end of the expression after `{prev}`, found {found}";
template<> inline constexpr const char* message< g::too_deep > = "expression nested too deeply: split it with `let`";
template<> inline constexpr const char* message< g::too_many_errors > = "too many syntax errors; stopping here";
// clang-format on

/// PEGTL control that raises parse_error with the table's message for the required rule.
template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
    template <typename ParseInput, typename... States>
    [[noreturn]] static void raise(const ParseInput& in, States&&... /*unused*/) {
        if constexpr (std::is_same_v<Rule, grammar::close_brace>) {
            throw detail::UnclosedBlock(message<Rule>, in);
        } else {
            throw tao::pegtl::parse_error(message<Rule>, in);
        }
    }
};

} // namespace ingot::lang::errors

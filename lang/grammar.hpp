// The grammar of Ingot files, as PEGTL rules. This header is the syntax's specification: one rule
// per line, each with a sentence saying what it matches. The parser (parser.cpp) turns the parse
// tree of these rules into the AST; the messages for every point where input is required are in
// errors.hpp.
//
// Conventions:
//  - `_` skips whitespace and `#` comments; line breaks carry no meaning.
//  - `if_req< kw_x, … >`: once a statement's keyword is seen, the rest is required, so a mistake
//    is reported where it is, not as "nothing matched" at the statement's start. `req< R >` is
//    PEGTL's `must< R >`, except that the error points at where R started (see recover.hpp).
//  - Bodies of `plan`, `focus` and `rule` wrap each statement in `recover<>`: a syntax error is
//    recorded and parsing resumes at the next statement (see recover.hpp).
#pragma once

#include "lang/recover.hpp"

#include <tao/pegtl.hpp>

namespace ingot::lang::grammar {

using namespace tao::pegtl;

// clang-format off

// ---- Lexical ------------------------------------------------------------------------------------

// A comment runs from `#` to the end of the line.
struct comment : seq< one< '#' >, until< eolf > > {};
// Whitespace and comments between tokens.
struct _ : star< sor< space, comment > > {};
// Spaces and tabs only: used where a line break must end a construct (between the words of a unit).
struct blanks : star< blank > {};
// An identifier: an ASCII letter or `_`, then letters, digits and `_`.
struct identifier : seq< ranges< 'a', 'z', 'A', 'Z', '_' >, star< ranges< 'a', 'z', 'A', 'Z', '0', '9', '_' > > > {};

// Statement keywords, grouped by where the statement may appear.
struct kw_import : TAO_PEGTL_KEYWORD( "import" ) {};
struct kw_plan : TAO_PEGTL_KEYWORD( "plan" ) {};
struct kw_metric : TAO_PEGTL_KEYWORD( "metric" ) {};
struct kw_identity : TAO_PEGTL_KEYWORD( "identity" ) {};
struct kw_rule : TAO_PEGTL_KEYWORD( "rule" ) {};
struct kw_title : TAO_PEGTL_KEYWORD( "title" ) {};
struct kw_original : TAO_PEGTL_KEYWORD( "original" ) {};
struct kw_issuer : TAO_PEGTL_KEYWORD( "issuer" ) {};
struct kw_document : TAO_PEGTL_KEYWORD( "document" ) {};
struct kw_signed : TAO_PEGTL_KEYWORD( "signed" ) {};
struct kw_published : TAO_PEGTL_KEYWORD( "published" ) {};
struct kw_period : TAO_PEGTL_KEYWORD( "period" ) {};
struct kw_series : TAO_PEGTL_KEYWORD( "series" ) {};
struct kw_sector : TAO_PEGTL_KEYWORD( "sector" ) {};
struct kw_follows : TAO_PEGTL_KEYWORD( "follows" ) {};
struct kw_source : TAO_PEGTL_KEYWORD( "source" ) {};
struct kw_scope : TAO_PEGTL_KEYWORD( "scope" ) {};
struct kw_baseline : TAO_PEGTL_KEYWORD( "baseline" ) {};
struct kw_actual : TAO_PEGTL_KEYWORD( "actual" ) {};
struct kw_base : TAO_PEGTL_KEYWORD( "base" ) {};
struct kw_focus : TAO_PEGTL_KEYWORD( "focus" ) {};
struct kw_silent_on : TAO_PEGTL_KEYWORD( "silent_on" ) {};
struct kw_target : TAO_PEGTL_KEYWORD( "target" ) {};
struct kw_note : TAO_PEGTL_KEYWORD( "note" ) {};
struct kw_initiatives : TAO_PEGTL_KEYWORD( "initiatives" ) {};
struct kw_drivers : TAO_PEGTL_KEYWORD( "drivers" ) {};
struct kw_serves : TAO_PEGTL_KEYWORD( "serves" ) {};
struct kw_let : TAO_PEGTL_KEYWORD( "let" ) {};
struct kw_when : TAO_PEGTL_KEYWORD( "when" ) {};
struct kw_require : TAO_PEGTL_KEYWORD( "require" ) {};
struct kw_message : TAO_PEGTL_KEYWORD( "message" ) {};
struct kw_test : TAO_PEGTL_KEYWORD( "test" ) {};
struct kw_expect : TAO_PEGTL_KEYWORD( "expect" ) {};
// Keywords inside statements.
struct kw_of : TAO_PEGTL_KEYWORD( "of" ) {};
struct kw_growth : TAO_PEGTL_KEYWORD( "growth" ) {};
struct kw_grows : TAO_PEGTL_KEYWORD( "grows" ) {};
struct kw_falls : TAO_PEGTL_KEYWORD( "falls" ) {};
struct kw_rises : TAO_PEGTL_KEYWORD( "rises" ) {};
struct kw_peaks : TAO_PEGTL_KEYWORD( "peaks" ) {};
struct kw_reaches : TAO_PEGTL_KEYWORD( "reaches" ) {};
struct kw_stays : TAO_PEGTL_KEYWORD( "stays" ) {};
struct kw_by : TAO_PEGTL_KEYWORD( "by" ) {};
struct kw_from : TAO_PEGTL_KEYWORD( "from" ) {};
struct kw_in : TAO_PEGTL_KEYWORD( "in" ) {};
struct kw_unit : TAO_PEGTL_KEYWORD( "unit" ) {};
struct kw_aka : TAO_PEGTL_KEYWORD( "aka" ) {};
struct kw_for : TAO_PEGTL_KEYWORD( "for" ) {};
struct kw_and : TAO_PEGTL_KEYWORD( "and" ) {};
struct kw_or : TAO_PEGTL_KEYWORD( "or" ) {};
struct kw_not : TAO_PEGTL_KEYWORD( "not" ) {};
struct kw_every : TAO_PEGTL_KEYWORD( "every" ) {};
struct kw_some : TAO_PEGTL_KEYWORD( "some" ) {};
struct kw_no : TAO_PEGTL_KEYWORD( "no" ) {};
struct kw_has : TAO_PEGTL_KEYWORD( "has" ) {};
struct kw_with : TAO_PEGTL_KEYWORD( "with" ) {};
struct kw_where : TAO_PEGTL_KEYWORD( "where" ) {};
struct kw_true : TAO_PEGTL_KEYWORD( "true" ) {};
struct kw_false : TAO_PEGTL_KEYWORD( "false" ) {};
struct kw_error : TAO_PEGTL_KEYWORD( "error" ) {};
struct kw_warning : TAO_PEGTL_KEYWORD( "warning" ) {};
struct kw_info : TAO_PEGTL_KEYWORD( "info" ) {};
// Words of `expect`: `line` is a keyword only there; `within` is reserved, so that a unit stops
// before it (`3.45 %/yr within 0.01`).
struct kw_line : TAO_PEGTL_KEYWORD( "line" ) {};
struct kw_within : TAO_PEGTL_KEYWORD( "within" ) {};

// Keywords that begin a top-level item (`scope` may also stand at the top level, to define a
// reference set such as the statistical ten nonferrous metals).
struct top_keyword : sor< kw_import, kw_plan, kw_metric, kw_identity, kw_rule, kw_test > {};
// Keywords that begin a statement allowed in a plan but not in a focus.
struct plan_only_keyword : sor< kw_title, kw_original, kw_issuer, kw_document, kw_signed, kw_published, kw_period, kw_series, kw_sector, kw_follows, kw_base, kw_source, kw_scope, kw_baseline, kw_actual, kw_focus, kw_silent_on > {};
// Words that cannot be unit words.
struct reserved : sor< top_keyword, plan_only_keyword, kw_target, kw_note, kw_initiatives, kw_drivers, kw_serves, kw_let, kw_when, kw_require, kw_message, kw_expect, kw_within, kw_of, kw_growth, kw_for, kw_grows, kw_falls, kw_rises, kw_reaches, kw_stays, kw_peaks, kw_by, kw_from, kw_in, kw_unit, kw_aka, kw_and, kw_or, kw_not, kw_every, kw_some, kw_no, kw_has, kw_with, kw_where, kw_true, kw_false > {};

// A run of decimal digits, optionally grouped with `_`: `1_005`.
struct digits : seq< digit, star< opt< one< '_' > >, digit > > {};
// A number: optional minus, digits, optional fraction, optional exponent: `-3.1`, `79.19`, `1e6`.
struct number : seq< opt< one< '-' > >, digits, opt< one< '.' >, digits >, opt< one< 'e', 'E' >, opt< one< '+', '-' > >, digits > > {};
// A year: exactly four digits.
struct year : seq< rep< 4, digit >, not_at< identifier_other > > {};
// A date `YYYY-MM-DD`.
struct date : seq< rep< 4, digit >, one< '-' >, rep< 2, digit >, one< '-' >, rep< 2, digit >, not_at< identifier_other > > {};
// A period of years `YYYY..YYYY`, both ends included.
struct period_value : seq< rep< 4, digit >, string< '.', '.' >, rep< 4, digit >, not_at< identifier_other > > {};
// A count: digits, as in `of 10`.
struct count : seq< plus< digit >, not_at< identifier_other > > {};

// Inside a string: an escape `\"`, `\\`, `\n`, `\t`, `\{`, `\}` or `\u{HEX}`.
struct escape_code : sor< one< '"', '\\', 'n', 't', '{', '}' >, seq< one< 'u' >, one< '{' >, rep_min_max< 1, 6, xdigit >, one< '}' > > > {};
struct escape : seq< one< '\\' >, req< escape_code > > {};
// A string ends with `"` on the line it started.
struct string_close : one< '"' > {};
// A double-quoted string on one line, UTF-8, with escapes.
struct string_lit : seq< one< '"' >, star< sor< escape, not_one< '"', '\\', '\n', '\r' > > >, req< string_close > > {};

// ---- Units and quantities -------------------------------------------------------------------------

// A word of a unit written in Chinese, as the sources write it: a run of CJK ideographs (`万吨`,
// `亿元`, `万千瓦时`). Which runs mean a unit is the unit registry's business, not the grammar's.
struct cjk_unit_word : plus< utf8::range< 0x4E00, 0x9FFF > > {};
// A word of a unit: `%`, a Chinese unit word, or an identifier that is not a keyword: `Mt`, `bn`,
// `CNY`, `yr`, `万吨`. A figure may stand right against a Chinese word: `2000万吨`.
struct unit_word : sor< one< '%' >, cjk_unit_word, seq< not_at< reserved >, identifier > > {};
// Words of a unit separated by spaces on one line: `bn CNY`, `% y`.
struct unit_group : seq< unit_word, star< plus< blank >, unit_word > > {};
// A unit: groups joined by `/` written without spaces: `%/yr`, `CNY/t`, `tce/wan CNY`, `% y/y`.
struct unit : seq< unit_group, star< one< '/' >, unit_group > > {};
// `..` between the ends of a range.
struct range_dots : string< '.', '.' > {};
// The upper end of a range.
struct range_high : number {};
// A figure with a unit, or a range of figures with a unit: `5 %/yr`, `4..5 %/yr`, `79.19 Mt`.
struct quantity : seq< number, opt< _, range_dots, _, req< range_high > >, blanks, req< unit > > {};
// How a figure bounds a value: `>=`, `<=`, `>`, `<`, `=` (exactly) or `~` (about).
struct comparator : sor< string< '>', '=' >, string< '<', '=' >, one< '>' >, one< '<' >, one< '=' >, one< '~' > > {};

// ---- Citations ------------------------------------------------------------------------------------

// A comma between list elements.
struct comma : seq< _, one< ',' >, _ > {};
// A citation names a source and may quote it: `ILK`, `ILK: "年均增长5%左右"`.
struct citation : seq< identifier, opt< _, one< ':' >, _, req< string_lit > > > {};
// The `]` that ends a citation group.
struct citation_close : one< ']' > {};
// One or more citations in brackets: `[ILK: "…", TRIV]`.
struct citation_group : if_req< one< '[' >, _, citation, star< comma, req< citation > >, _, citation_close > {};
// Citations after a statement.
struct citations : star< _, citation_group > {};

// ---- Statements inside plans and focuses -------------------------------------------------------------

// A name in a list; keywords are excluded so a list cannot swallow the next statement.
struct list_name : seq< not_at< reserved >, identifier > {};
// Names separated by commas: `MIIT, MNR, MOFCOM`.
struct name_list : seq< list_name, star< comma, req< list_name > > > {};
// A metric, optionally qualified by a scope: `output(metals)`.
struct metric_ref : seq< list_name, opt< _, one< '(' >, _, req< identifier >, _, req< one< ')' > > > > {};

// `title "…"`: the plan's title.
struct title_stmt : if_req< kw_title, _, string_lit, citations > {};
// `original "…"`: the title in the original language.
struct original_stmt : if_req< kw_original, _, string_lit, citations > {};
// `document "…"`: the document number.
struct document_stmt : if_req< kw_document, _, string_lit, citations > {};
// `issuer A, B, …`: the issuing bodies.
struct issuer_stmt : if_req< kw_issuer, _, name_list, citations > {};
// `signed YYYY-MM-DD`.
struct signed_stmt : if_req< kw_signed, _, date, citations > {};
// `published YYYY-MM-DD`.
struct published_stmt : if_req< kw_published, _, date, citations > {};
// `period YYYY..YYYY`.
struct period_stmt : if_req< kw_period, _, period_value, citations > {};
// `series NAME`: the family of plans this one belongs to.
struct series_stmt : if_req< kw_series, _, identifier, citations > {};
// `sector NAME`.
struct sector_stmt : if_req< kw_sector, _, identifier, citations > {};
// `follows NAME`: the plan this one succeeds (its predecessor), by the predecessor's name.
struct follows_stmt : if_req< kw_follows, _, identifier, citations > {};
// `base YYYY`: the year the plan's changes run from, when not the year before the period.
struct base_stmt : if_req< kw_base, _, year, citations > {};

// `source ID "url" ["description"]`: a source that citations name.
struct source_stmt : if_req< kw_source, _, identifier, _, string_lit, opt< _, string_lit >, citations > {};

// `of N`: the declared size of a scope.
struct scope_size : if_req< kw_of, _, count > {};
// The `}` that closes a scope's list.
struct scope_close : one< '}' > {};
// `scope NAME [of N] { item, … }`: the set of metals, materials or products in scope.
struct scope_stmt : if_req< kw_scope, _, identifier, _, opt< scope_size, _ >, one< '{' >, _, opt< name_list >, _, scope_close, citations > {};

// The level or rate of a baseline, possibly marked `~` (about).
struct baseline_value : seq< opt< comparator, _ >, quantity > {};
// The `growth` of `baseline METRIC growth YEAR = RATE`.
struct growth_marker : kw_growth {};
// `baseline METRIC [growth] YEAR = QUANTITY`: a known level or rate.
struct baseline_stmt : if_req< kw_baseline, _, metric_ref, _, opt< growth_marker, _ >, year, _, one< '=' >, _, baseline_value, citations > {};
// `actual METRIC [growth] YEAR = QUANTITY`: an observed level or rate, compared with the targets.
struct actual_stmt : if_req< kw_actual, _, metric_ref, _, opt< growth_marker, _ >, year, _, one< '=' >, _, baseline_value, citations > {};

// The figure of a clause, with its comparator: `~5 %/yr`, `> 20 Mt`.
struct bound : seq< opt< comparator, _ >, quantity > {};
// `by YEAR` after a clause: the year a level or a change is reached.
struct by_year : if_req< kw_by, _, year > {};
// `from YEAR` after a change: the year it runs from (default: the plan's base year).
struct from_year : if_req< kw_from, _, year > {};
// `in YEAR` after a change: the growth of that one year over the year before.
struct in_year : if_req< kw_in, _, year > {};
// The years of a change: `in YEAR`, or `from YEAR` and `by YEAR`, each optional, in either order.
struct change_years : opt< _, sor< in_year, seq< from_year, opt< _, by_year > >, seq< by_year, opt< _, from_year > > > > {};
// `grows [CMP] Q [from YEAR] [by YEAR]`: a rate (`%/yr`) every year, or a change from the base
// year (`%`, or `pp` for a share); `grows [CMP] Q in YEAR`: the growth of one year.
struct grows_clause : if_req< kw_grows, _, bound, change_years > {};
// `rises [CMP] Q …`: the same as `grows`, as shares are said to rise (`rises 5 pp`).
struct rises_clause : if_req< kw_rises, _, bound, change_years > {};
// `falls [CMP] Q …`: like `grows`, downwards.
struct falls_clause : if_req< kw_falls, _, bound, change_years > {};
// `reaches [CMP] Q [by YEAR]`: a level in a year.
struct reaches_clause : if_req< kw_reaches, _, bound, opt< _, by_year > > {};
// `stays CMP Q`: a bound in every year.
struct stays_clause : if_req< kw_stays, _, comparator, _, quantity > {};
// The `by YEAR` of `peaks`, which is required.
struct peak_year : if_req< kw_by, _, year > {};
// `peaks by YEAR`: the level does not rise in any year after YEAR.
struct peaks_clause : if_req< kw_peaks, _, peak_year > {};
// One clause of a target.
struct clause : sor< grows_clause, rises_clause, falls_clause, reaches_clause, stays_clause, peaks_clause > {};
// `target NAME: METRIC CLAUSE [, CLAUSE]`.
struct target_stmt : if_req< kw_target, _, identifier, _, one< ':' >, _, metric_ref, _, clause, star< comma, req< clause > >, citations > {};

// `initiatives a, b`: what the plan will do.
struct initiatives_stmt : if_req< kw_initiatives, _, name_list, citations > {};
// `drivers a, b`: what will drive the targets.
struct drivers_stmt : if_req< kw_drivers, _, name_list, citations > {};
// `serves a, b`: the industries served.
struct serves_stmt : if_req< kw_serves, _, name_list, citations > {};
// `note "…"`: a remark.
struct note_stmt : if_req< kw_note, _, string_lit, citations > {};
// `silent_on a, b`: what the plan conspicuously does not address.
struct silent_on_stmt : if_req< kw_silent_on, _, name_list, citations > {};

// Reached when no statement matches at a statement position (raises the message in errors.hpp).
struct focus_statement_expected : failure {};
struct plan_statement_in_focus : failure {};
struct plan_statement_expected : failure {};
struct rule_statement_expected : failure {};
struct test_statement_expected : failure {};
struct item_expected : failure {};

// A statement that belongs in a plan, written inside a focus: reported, then skipped.
struct misplaced_in_focus : seq< at< plan_only_keyword >, raise< plan_statement_in_focus > > {};
// A statement inside a focus.
struct focus_statement : sor< target_stmt, initiatives_stmt, drivers_stmt, serves_stmt, note_stmt, misplaced_in_focus, raise< focus_statement_expected > > {};
// Where a focus body ends: `}`, the end of the file, the start of another focus or top-level item,
// or a plan statement when the focus is never closed (then the focus lacks its `}`).
struct focus_body_end : sor< one< '}' >, eof, top_keyword, kw_focus, seq< plan_only_keyword, unclosable< 2 > > > {};
// The statements of a focus.
struct focus_body : star< not_at< focus_body_end >, recover< focus_statement >, _ > {};
// The `}` that closes a `plan`, `focus` or `rule`.
struct close_brace : one< '}' > {};
// `focus NAME ["label"] { … }`.
struct focus_stmt : if_req< kw_focus, _, identifier, _, opt< string_lit, _ >, one< '{' >, _, focus_body, close_brace, citations > {};

// A statement inside a plan.
struct plan_statement : sor< title_stmt, original_stmt, issuer_stmt, document_stmt, signed_stmt, published_stmt, period_stmt, series_stmt, sector_stmt, follows_stmt, base_stmt, source_stmt, scope_stmt, baseline_stmt, actual_stmt, focus_stmt, target_stmt, note_stmt, silent_on_stmt, raise< plan_statement_expected > > {};
// Where a plan body ends.
struct plan_body_end : sor< one< '}' >, eof, top_keyword > {};
// The statements of a plan.
struct plan_body : star< not_at< plan_body_end >, recover< plan_statement >, _ > {};
// `plan NAME { … }`.
struct plan_decl : if_req< kw_plan, _, identifier, _, one< '{' >, _, plan_body, close_brace > {};

// ---- Expressions ----------------------------------------------------------------------------------

struct expression;
// An expression inside parentheses.
struct paren_expr : if_req< one< '(' >, _, expression, _, one< ')' > > {};
// A number with an optional unit: `3 %/yr`, `2`.
struct number_expr : seq< number, opt< blanks, unit > > {};
// `true` or `false`.
struct bool_expr : sor< kw_true, kw_false > {};
// `has METRIC`: the element sets a target or baseline for the metric.
struct has_predicate : if_req< kw_has, _, metric_ref > {};
// `where EXPR`: the element satisfies the expression.
struct where_predicate : if_req< kw_where, _, expression > {};
// What a quantifier or filter asks of each element.
struct predicate : sor< has_predicate, where_predicate > {};
// `every`, `some` or `no`.
struct quantifier_word : sor< kw_every, kw_some, kw_no > {};
// `every plan has value_added`.
struct quantifier_expr : if_req< quantifier_word, _, identifier, _, predicate > {};
// `with METRIC`, the same as `has METRIC` after a collection.
struct with_predicate : if_req< kw_with, _, metric_ref > {};
// `plans with value_added`, `plans where …`.
struct filter_expr : seq< identifier, _, sor< with_predicate, where_predicate > > {};
// Words that cannot be plain names in expressions: operators, quantifiers, rule statements.
struct expr_reserved : sor< kw_and, kw_or, kw_not, kw_every, kw_some, kw_no, kw_with, kw_where, kw_true, kw_false, kw_let, kw_when, kw_require, kw_message, kw_expect, kw_test > {};
// Arguments of a call: `(a, b)`.
struct call_args : if_req< one< '(' >, _, opt< expression, star< comma, req< expression > > >, _, one< ')' > > {};
// A call of a named function: `growth(unit_value)`.
struct call_expr : seq< not_at< expr_reserved >, identifier, _, call_args > {};
// A plain name: a metric, a binding, `plan`, `series`.
struct name_expr : seq< not_at< expr_reserved >, identifier > {};
// The smallest expressions.
struct primary : sor< paren_expr, number_expr, string_lit, bool_expr, quantifier_expr, filter_expr, call_expr, name_expr > {};
// Field access: `.title`.
struct member : seq< one< '.' >, not_at< one< '.' > >, _, req< identifier > > {};
// A primary followed by field accesses: `plan.title`.
struct postfix_expr : seq< primary, counted_star< _, member > > {};
struct unary_expr;
// `-x`.
struct negate_expr : if_req< one< '-' >, _, depth_guard< unary_expr > > {};
// A negation or a postfix expression.
struct unary_expr : sor< negate_expr, postfix_expr > {};
// `*` or `/`.
struct mul_op : one< '*', '/' > {};
// Products and quotients, left to right.
struct mul_expr : chain< _, unary_expr, mul_op > {};
// `+` or `-`.
struct add_op : one< '+', '-' > {};
// Sums and differences, left to right.
struct add_expr : chain< _, mul_expr, add_op > {};
// A comparison operator: `>=`, `<=`, `==`, `!=`, `>`, `<`.
struct cmp_op : sor< string< '>', '=' >, string< '<', '=' >, string< '=', '=' >, string< '!', '=' >, one< '>' >, one< '<' > > {};
// At most one comparison: `growth(x) > 3 %/yr`.
struct cmp_expr : seq< add_expr, opt< _, cmp_op, _, req< add_expr > > > {};
struct not_expr;
// `not x`.
struct not_op_expr : if_req< kw_not, _, depth_guard< not_expr > > {};
// A logical negation or a comparison.
struct not_expr : sor< not_op_expr, cmp_expr > {};
// `and`, as an operator node.
struct and_op : kw_and {};
// Conjunctions.
struct and_expr : chain< _, not_expr, and_op > {};
// `or`, as an operator node.
struct or_op : kw_or {};
// Disjunctions.
struct or_expr : chain< _, and_expr, or_op > {};
// An expression. Nesting is limited (see depth_guard) so hostile input cannot exhaust the stack.
struct expression : depth_guard< or_expr > {};

// ---- Rules, metrics, identities, imports ------------------------------------------------------------

// Plain text of a message between interpolations.
struct message_text : plus< sor< escape, not_one< '"', '\\', '\n', '\r', '{' > > > {};
// The `}` that ends an interpolation.
struct interpolation_close : one< '}' > {};
// `{expr}` inside a message.
struct interpolation : if_req< one< '{' >, _, expression, _, interpolation_close > {};
// A message string: text and `{expr}` interpolations.
struct message_string : seq< one< '"' >, star< sor< interpolation, message_text > >, req< string_close > > {};

// `let NAME = EXPR`.
struct let_stmt : if_req< kw_let, _, identifier, _, one< '=' >, _, expression > {};
// `when EXPR`: the rule fires when the expression holds.
struct when_stmt : if_req< kw_when, _, expression > {};
// `require EXPR`: the rule fires when the expression does not hold.
struct require_stmt : if_req< kw_require, _, expression > {};
// `message "…{expr}…"`.
struct message_stmt : if_req< kw_message, _, message_string > {};
// A statement inside a rule.
struct rule_statement : sor< let_stmt, when_stmt, require_stmt, message_stmt, raise< rule_statement_expected > > {};
// Where a rule body ends.
struct rule_body_end : sor< one< '}' >, eof, top_keyword > {};
// The statements of a rule.
struct rule_body : star< not_at< rule_body_end >, recover< rule_statement >, _ > {};
// A rule's severity.
struct severity : sor< kw_error, kw_warning, kw_info > {};
// `for series`: what the rule ranges over.
struct rule_subject : if_req< kw_for, _, identifier > {};
// `rule NAME: SEVERITY [for SUBJECT] { … }`.
struct rule_decl : if_req< kw_rule, _, identifier, _, one< ':' >, _, severity, _, opt< rule_subject, _ >, one< '{' >, _, rule_body, close_brace > {};

// ---- Tests of rules -----------------------------------------------------------------------------------

// `plan "PATH"`: the test's plan is the plan file PATH (relative to the test's file).
struct test_plan_file : seq< kw_plan, _, string_lit > {};
// The `]` after a finding's id.
struct finding_close : one< ']' > {};
// A line number of the test's plan.
struct line_number : seq< plus< digit >, not_at< identifier_other > > {};
// `line N`: the finding is on line N of the test's plan (line 1 is the line of `plan`).
struct line_spec : if_req< kw_line, _, line_number > {};
// `warning[ID] [line N] ["TEXT"]`: a finding that must appear; TEXT is part of its message.
struct expect_finding : seq< severity, one< '[' >, _, req< identifier >, _, req< finding_close >, opt< _, line_spec >, opt< _, string_lit > > {};
// `no ID`: a finding that must not appear (`no plan has …` is a quantifier, not this).
struct expect_absent : seq< kw_no, _, identifier, not_at< _, sor< kw_has, kw_where > > > {};
// The tolerance of `within`: a number with an optional unit.
struct tolerance : number_expr {};
// `within TOLERANCE` after `A == B`.
struct within_clause : if_req< kw_within, _, tolerance > {};
// `EXPR [within TOLERANCE]`: a condition that must hold for the test's plan.
struct expect_value : seq< expression, opt< _, within_clause > > {};
// What follows `expect`.
struct expectation : sor< expect_finding, expect_absent, expect_value > {};
// `expect …`.
struct expect_stmt : if_req< kw_expect, _, expectation > {};
// A statement inside a test.
struct test_statement : sor< test_plan_file, plan_decl, expect_stmt, raise< test_statement_expected > > {};
// Where a test body ends (`plan` belongs inside it).
struct test_body_end : sor< one< '}' >, eof, kw_import, kw_metric, kw_identity, kw_rule, kw_test > {};
// The statements of a test.
struct test_body : star< not_at< test_body_end >, recover< test_statement >, _ > {};
// `test NAME ["label"] { … }`.
struct test_decl : if_req< kw_test, _, identifier, _, opt< string_lit, _ >, one< '{' >, _, test_body, close_brace > {};

// `aka a, b`: other names of a metric.
struct aka_names : if_req< kw_aka, _, name_list > {};
// The `unit` keyword of a metric.
struct metric_unit : if_req< kw_unit, _, unit > {};
// `metric NAME ["label"] unit UNIT [aka …]`.
struct metric_decl : if_req< kw_metric, _, identifier, _, opt< string_lit, _ >, metric_unit, opt< _, aka_names >, citations > {};
// The `=` of an identity.
struct identity_equals : one< '=' > {};
// `identity EXPR = EXPR`.
struct identity_decl : if_req< kw_identity, _, expression, _, identity_equals, _, expression, citations > {};
// `import "path"`.
struct import_decl : if_req< kw_import, _, string_lit > {};

// A top-level item.
struct item : sor< import_decl, plan_decl, metric_decl, identity_decl, rule_decl, scope_stmt, test_decl, raise< item_expected > > {};
// A lone expression, as given to `ingot eval`.
struct expression_file : seq< opt< utf8::bom >, _, req< expression >, _, req< eof > > {};
// A whole file: items until the end; a UTF-8 byte order mark is allowed.
struct file : seq< opt< utf8::bom >, _, star< not_at< eof >, recover< item >, _ >, eof > {};

// clang-format on

} // namespace ingot::lang::grammar

// The language's keywords as text, in one table: recovery resumes at them, the formatter and the
// runtime's messages write them, the tests' AST dump prints them. The grammar (grammar.hpp)
// spells the same words as PEGTL rules; tests/lang/test_grammar.cpp proves the two agree.
#pragma once

#include "lang/ast.hpp"

#include <array>
#include <string_view>

namespace ingot::lang {

/// Every word that begins a statement, top-level, in a plan, in a focus or in a rule.
inline constexpr std::array<std::string_view, 33> statement_keywords = {
    "import",    "plan",     "metric",  "identity",    "rule",     "title",  "original",
    "issuer",    "document", "signed",  "published",   "period",   "series", "sector",
    "follows",   "base",     "source",  "scope",       "baseline", "actual", "focus",
    "silent_on", "target",   "note",    "initiatives", "drivers",  "serves", "let",
    "when",      "require",  "message", "test",        "expect"};

/// Words that are keywords only inside `expect` (`line 4`, `within 0.01`): not reserved, so they
/// remain usable as names and unit words elsewhere.
inline constexpr std::array<std::string_view, 2> expect_keywords = {"line", "within"};

/// The keyword of each plan field, indexed by FieldKind.
inline constexpr std::array<std::string_view, 11> field_keywords = {
    "title",  "original", "document", "issuer", "signed", "published",
    "period", "series",   "sector",   "base",   "follows"};

/// The keyword of each list statement, indexed by ListKind.
inline constexpr std::array<std::string_view, 4> list_keywords = {"initiatives", "drivers",
                                                                  "serves", "silent_on"};

/// The verb of each target clause, indexed by ClauseKind.
inline constexpr std::array<std::string_view, 6> clause_keywords = {"grows", "falls", "reaches",
                                                                    "stays", "rises", "peaks"};

/// The other keywords: the words inside statements (`of`, `growth`, `by`, `from`, `in`, `unit`,
/// `aka`, `for`),
/// the severities of rules and expectations, and the words of expressions. With the tables above
/// they are every keyword of the language; the editor grammar
/// (editors/vscode/syntaxes/ingot.tmLanguage.json) highlights exactly these words, which
/// tests/editors/test_grammar_keywords.cpp checks.
inline constexpr std::array<std::string_view, 22> word_keywords = {
    "of",  "growth", "by",  "from",  "in",   "unit", "aka", "for",  "error", "warning", "info",
    "and", "or",     "not", "every", "some", "no",   "has", "with", "where", "true",    "false"};

constexpr std::string_view keyword(FieldKind kind) {
    return field_keywords[static_cast<std::size_t>(kind)];
}
constexpr std::string_view keyword(ListKind kind) {
    return list_keywords[static_cast<std::size_t>(kind)];
}
constexpr std::string_view keyword(ClauseKind kind) {
    return clause_keywords[static_cast<std::size_t>(kind)];
}

static_assert(keyword(FieldKind::sector) == "sector" && keyword(FieldKind::signed_on) == "signed");
static_assert(keyword(FieldKind::base) == "base" && keyword(FieldKind::follows) == "follows");
static_assert(keyword(ListKind::silent_on) == "silent_on");
static_assert(keyword(ClauseKind::stays) == "stays" && keyword(ClauseKind::peaks) == "peaks");

} // namespace ingot::lang

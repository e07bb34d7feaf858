// The abstract syntax tree of Ingot files.
//
// The AST is what the parser produces and what both the formatter and the runtime consume. It
// records what was written, not what it means: numbers keep their source text (their written
// precision matters to derivation), units are words as written, names are unresolved identifiers.
//
// Invariants, true of every tree the parser returns:
//  - every node has a SourceSpan covering exactly the text it was parsed from;
//  - optional parts are empty only when the source omitted them;
//  - string values are decoded (escapes replaced) and valid UTF-8.
// Comments are not part of the tree; they are kept beside it in File::comments, in source order, so
// the formatter can put them back.
#pragma once

#include "lang/source.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ingot::lang {

// ---------------------------------------------------------------------------------------------
// Leaves

/// A name as written: `nonferrous_2025`, `ILK`, `copper`.
struct Ident {
    std::string name;
    SourceSpan span;
};

/// A double-quoted string; `value` has its escapes decoded.
struct StringLit {
    std::string value;
    SourceSpan span;
};

/// A number as written. `text` is the source spelling (with `_` separators and any sign), which
/// carries the precision the figure was written with; `value` is its numeric value.
struct Number {
    std::string text;
    double value = 0;
    SourceSpan span;
    /// False when the text is beyond what a double holds (`1e999`, `1e-400`): the parser
    /// reported `number-range`, `value` is 0, and no figure or expression may compute with it.
    bool in_range = true;
};

/// A unit as written, e.g. `%/yr`, `bn CNY`, `tce/wan CNY`, `% y/y`, `万吨`. `parts[0]` holds the
/// words before the first `/`, each further element the words after one `/`. Words are
/// identifiers, runs of Chinese ideographs, or `%`. The language layer knows nothing of what the
/// words mean.
struct WrittenUnit {
    std::vector<std::vector<std::string>> parts;
    SourceSpan span;
    /// Written right against its figure, with no space: `2000万吨`. The formatter keeps that
    /// spelling for a Chinese unit, as the sources write it (see unit_separator in text.hpp).
    bool attached = false;
};

/// A calendar date `YYYY-MM-DD` (checked to be a real date by the parser).
struct Date {
    int year = 0;
    int month = 0;
    int day = 0;
    SourceSpan span;
};

/// A year `YYYY`.
struct Year {
    int value = 0;
    SourceSpan span;
};

/// An inclusive span of years `YYYY..YYYY`.
struct Period {
    Year first;
    Year last;
    SourceSpan span;
};

/// Comparators as they appear before a quantity. `about` is `~` (左右, "about").
enum class Comparator { greater, greater_equal, less, less_equal, equal, about };

/// A figure with its unit: `5 %/yr`, `79.19 Mt`, or a range `4..5 %/yr` (then `high` is set).
struct Quantity {
    Number low;
    std::optional<Number> high;
    WrittenUnit unit;
    SourceSpan span;
};

/// One citation inside `[...]`: `ILK` or `ILK: "quoted words"`.
struct Citation {
    Ident source;
    std::optional<StringLit> quote;
    SourceSpan span;
};

/// A metric, optionally qualified by a scope: `output(metals)`.
struct MetricRef {
    Ident metric;
    std::optional<Ident> scope;
    SourceSpan span;
};

// ---------------------------------------------------------------------------------------------
// Expressions (rules and identities)

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A number with an optional unit: `3 %/yr`, `2`.
struct NumberExpr {
    Number number;
    std::optional<WrittenUnit> unit;
};
struct StringExpr {
    StringLit value;
};
struct BoolExpr {
    bool value = false;
};
/// A bare name: a metric, a `let` binding, `plan`, `series`, ...
struct NameExpr {
    Ident name;
};
/// `object.field`
struct MemberExpr {
    ExprPtr object;
    Ident field;
};
/// `callee(arg, ...)`: only names can be called.
struct CallExpr {
    Ident callee;
    std::vector<Expr> args;
};
enum class UnaryOp { negate, logical_not };
struct UnaryExpr {
    UnaryOp op;
    ExprPtr operand;
};
enum class BinaryOp {
    add,
    subtract,
    multiply,
    divide,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    logical_and,
    logical_or
};
struct BinaryExpr {
    BinaryOp op;
    ExprPtr lhs;
    ExprPtr rhs;
};
/// What a quantifier or a filter asks of each element: `has METRIC` or `where EXPR`.
struct HasPredicate {
    MetricRef metric;
};
struct WherePredicate {
    ExprPtr condition;
};
using Predicate = std::variant<HasPredicate, WherePredicate>;
enum class Quantifier { every, some, none };
/// `every plan has value_added`, `some plan where growth(output) > 2 %/yr`, `no plan has capacity`.
struct QuantifierExpr {
    Quantifier quantifier;
    Ident variable;
    Predicate predicate;
};
/// `plans with value_added`, `plans where ...`: the elements of a collection that satisfy a
/// predicate.
struct FilterExpr {
    Ident collection;
    Predicate predicate;
};

using ExprKind = std::variant<NumberExpr, StringExpr, BoolExpr, NameExpr, MemberExpr, CallExpr,
                              UnaryExpr, BinaryExpr, QuantifierExpr, FilterExpr>;

struct Expr {
    ExprKind kind;
    SourceSpan span;
};

/// A message string with `{expr}` interpolations: text pieces and expressions in source order.
struct InterpolatedString {
    std::vector<std::variant<std::string, Expr>> parts;
    SourceSpan span;
};

// ---------------------------------------------------------------------------------------------
// Statements inside `plan` and `focus`

/// Every statement can end with citations; this is their common part.
struct StmtBase {
    SourceSpan span;
    std::vector<Citation> citations;
};

enum class FieldKind {
    title,
    original,
    document,
    issuer,
    signed_on,
    published,
    period,
    series,
    sector,
    base,
    follows
};
using FieldValue = std::variant<StringLit, std::vector<Ident>, Date, Period, Ident, Year>;
/// `title "…"`, `issuer MIIT, MNR`, `signed 2025-08-28`, `period 2025..2026`, `series x`,
/// `base 2020`, … The value's alternative is fixed by the kind: title/original/document →
/// StringLit; issuer → vector<Ident>; signed_on/published → Date; period → Period;
/// series/sector/follows → Ident; base → Year.
struct FieldStmt : StmtBase {
    FieldKind kind;
    Ident keyword;
    FieldValue value;
};

/// `source ID "url" ["description"]`
struct SourceStmt : StmtBase {
    Ident name;
    StringLit url;
    std::optional<StringLit> description;
};

/// `scope NAME [of N] { item, … }`
struct ScopeStmt : StmtBase {
    Ident name;
    std::optional<Number> declared_size;
    std::vector<Ident> items;
};

/// What `baseline` and `actual` share: a figure of a metric in a year, `METRIC YEAR = [CMP]
/// QUANTITY`, or with `growth`, `METRIC growth YEAR = [CMP] RATE`.
struct YearFigure : StmtBase {
    MetricRef metric;
    bool is_growth = false;
    Year year;
    std::optional<Comparator> comparator;
    Quantity value;
};

/// `baseline METRIC [growth] YEAR = [CMP] QUANTITY`: a known level or rate the plan starts from.
struct BaselineStmt : YearFigure {};

/// `actual METRIC [growth] YEAR = [CMP] QUANTITY`: an observed level or rate, inside or after the
/// period, which is compared with what the targets require rather than combined with them.
struct ActualStmt : YearFigure {};

enum class ClauseKind { grows, falls, reaches, stays, rises, peaks };
/// One clause of a target: `grows ~5 %/yr`, `reaches > 20 Mt by 2026`, `stays <= 3 Mt`,
/// `rises 5 pp by 2027`, `grows ~5 %/yr from 2020`, `grows > 5.5 % in 2024`, `peaks by 2030`.
/// `stays` always has a comparator and never a year. `from` and `in` appear only on `grows`,
/// `rises` and `falls`, and `in` never with `from` or `by`. `peaks` has no figure (`comparator`
/// is empty and `value` is an empty Quantity, its span empty) and always has `by`.
struct Clause {
    ClauseKind kind;
    std::optional<Comparator> comparator;
    Quantity value;
    std::optional<Year> by;
    std::optional<Year> from; // the year a change runs from
    std::optional<Year> in;   // the one year whose growth the clause sets
    SourceSpan span;
};

/// `target NAME: METRIC CLAUSE [, CLAUSE]`
struct TargetStmt : StmtBase {
    Ident name;
    MetricRef metric;
    std::vector<Clause> clauses;
};

enum class ListKind { initiatives, drivers, serves, silent_on };
/// `initiatives a, b`, `drivers …`, `serves …`, `silent_on …`
struct ListStmt : StmtBase {
    ListKind kind;
    Ident keyword;
    std::vector<Ident> items;
};

/// `note "…"`
struct NoteStmt : StmtBase {
    StringLit text;
};

struct Stmt;
/// `focus NAME ["label"] { … }`; its body holds only targets, lists and notes.
struct FocusStmt : StmtBase {
    Ident name;
    std::optional<StringLit> label;
    std::vector<Stmt> body;
    SourceSpan close_brace;
};

using StmtKind = std::variant<FieldStmt, SourceStmt, ScopeStmt, BaselineStmt, TargetStmt, ListStmt,
                              NoteStmt, FocusStmt, ActualStmt>;
struct Stmt {
    StmtKind kind;
};

/// The span and citations shared by every statement.
const StmtBase& base(const Stmt& stmt);

// ---------------------------------------------------------------------------------------------
// Rule statements

struct LetStmt {
    Ident name;
    Expr value;
    SourceSpan span;
};
struct WhenStmt {
    Expr condition;
    SourceSpan span;
};
struct RequireStmt {
    Expr condition;
    SourceSpan span;
};
struct MessageStmt {
    InterpolatedString text;
    SourceSpan span;
};
using RuleStmt = std::variant<LetStmt, WhenStmt, RequireStmt, MessageStmt>;

// ---------------------------------------------------------------------------------------------
// Top-level items

/// `import "path"`
struct ImportDecl {
    StringLit path;
    SourceSpan span;
};

/// `plan NAME { … }`
struct PlanDecl {
    Ident name;
    std::vector<Stmt> body;
    SourceSpan span;
    SourceSpan close_brace;
};

/// `metric NAME ["label"] unit UNIT [aka NAME, …]`
struct MetricDecl : StmtBase {
    Ident name;
    std::optional<StringLit> label;
    WrittenUnit unit;
    std::vector<Ident> aka;
};

/// `identity EXPR = EXPR`
struct IdentityDecl : StmtBase {
    Expr lhs;
    Expr rhs;
};

/// `rule NAME: SEVERITY [for SUBJECT] { … }`
struct RuleDecl {
    Ident name;
    Ident severity;               // `error`, `warning` or `info`
    std::optional<Ident> subject; // `for series`
    std::vector<RuleStmt> body;
    SourceSpan span;
    SourceSpan close_brace;
};

// ---------------------------------------------------------------------------------------------
// Tests of rules (`ingot test`)

/// `plan "PATH"`: a test's plan read from a file, PATH relative to the test's file.
struct PlanFile {
    StringLit path;
    SourceSpan span;
};

/// `expect SEVERITY[ID] [line N] ["TEXT"]`: a finding that must appear — with this id and
/// severity, on line N of the test's plan when given, with TEXT in its message when given.
struct ExpectFinding {
    Ident severity; // `error`, `warning` or `info`
    Ident id;
    std::optional<Number> line;
    std::optional<StringLit> text;
    SourceSpan span;
};

/// `expect no ID`: no finding with this id.
struct ExpectAbsent {
    Ident id;
    SourceSpan span;
};

/// `expect EXPR [within TOLERANCE]`: EXPR, evaluated for the test's plan, is true; with
/// `within`, EXPR is `A == B` and A lies within TOLERANCE of B (TOLERANCE without a unit is in
/// B's unit).
struct ExpectValue {
    Expr condition;
    std::optional<Expr> within; // a NumberExpr
    SourceSpan span;
};

using TestStmt = std::variant<PlanDecl, PlanFile, ExpectFinding, ExpectAbsent, ExpectValue>;

/// `test NAME ["label"] { plan …  expect … }`: one test of the rules its file sees.
struct TestDecl {
    Ident name;
    std::optional<StringLit> label;
    std::vector<TestStmt> body;
    SourceSpan span;
    SourceSpan close_brace;
};

/// A top-level `scope` defines a reference set that rules can compare plans' scopes with.
using Item =
    std::variant<ImportDecl, PlanDecl, MetricDecl, IdentityDecl, RuleDecl, ScopeStmt, TestDecl>;

/// A `#` comment, text including the `#`, without the line terminator.
struct Comment {
    std::string text;
    SourceSpan span;
};

/// One parsed file. After a syntax error the items are those that parsed; the parser resumes at
/// the next statement, so `items` can hold statements from after the error.
struct File {
    FileId id = 0;
    std::vector<Item> items;
    std::vector<Comment> comments;
};

/// Span of any top-level item.
SourceSpan span_of(const Item& item);

} // namespace ingot::lang

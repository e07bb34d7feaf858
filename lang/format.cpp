// The formatter: AST + comments → canonical text (contract in format.hpp).
//
// Layout works on one block body at a time (the file, a plan, a focus, a rule). The body is first
// turned into a list of Elements: own-line comments, single-line statements and rendered nested
// blocks, each remembering the source range it came from. Alignment is then decided over runs of
// neighbouring elements, and finally the elements are printed. Deciding alignment only after the
// whole body is known is what lets the `[` of citations line up across statements.
//
// Where comments go. Comments come from File::comments in source order and are placed in one
// forward pass, so their order never changes:
//  - a comment before a statement stays on its own line before it;
//  - a comment that starts on the line where a statement ends stays at the end of that line;
//  - a comment on the line of a block's `{` stays after the `{`;
//  - a comment inside a statement that is printed on one line (or inside a block's header) moves
//    to its own line before the statement, since the line it was on no longer exists;
//  - a comment after a focus's `}` but before its citations moves inside the body, before `}`;
//  - comments after the last statement of a body stay before its `}` (or at the end of the file).
// Every placement is one that the next run recognises as the same placement, which keeps the
// formatter idempotent.
#include "lang/format.hpp"
#include "lang/keywords.hpp"
#include "lang/text.hpp"

#include "lang/source.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::lang {

namespace {

template <typename... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// ---- Leaves -------------------------------------------------------------------------------------

std::string quoted(const StringLit& s) {
    return "\"" + escaped_text(s.value, false) + "\"";
}

std::string names_text(const std::vector<Ident>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out += (i == 0 ? "" : ", ") + names[i].name;
    }
    return out;
}

/// All citations of a statement as one group, `[ILK: "quote", TRIV]`; empty when there are none.
std::string citations_text(const std::vector<Citation>& citations) {
    if (citations.empty()) {
        return "";
    }
    std::string out = "[";
    for (std::size_t i = 0; i < citations.size(); ++i) {
        out += (i == 0 ? "" : ", ") + citations[i].source.name;
        if (citations[i].quote) {
            out += ": " + quoted(*citations[i].quote);
        }
    }
    return out + "]";
}

std::string field_value_text(const FieldValue& value) {
    return std::visit(
        Overloaded{
            [](const StringLit& s) { return quoted(s); },
            [](const std::vector<Ident>& v) { return names_text(v); },
            [](const Date& d) { return date_text(d); },
            [](const Period& p) { return year_text(p.first) + ".." + year_text(p.last); },
            [](const Ident& i) { return i.name; },
            [](const Year& y) { return year_text(y); },
        },
        value);
}

// ---- Expressions --------------------------------------------------------------------------------

/// Binding strength, weakest first, following the grammar's layers (or_expr … postfix_expr).
enum Precedence : int {
    prec_or = 1,
    prec_and,
    prec_not,
    prec_compare,
    prec_additive,
    prec_multiplicative,
    prec_negate,
    prec_postfix,
    prec_primary,
};

struct BinaryInfo {
    std::string_view text;
    int precedence;
    int lhs_min; // weakest precedence the left operand may have without parentheses
    int rhs_min;
};

/// Left-associative operators take an equal-precedence left operand bare and need parentheses
/// for one on the right; comparisons are not associative, so neither side may be a comparison.
BinaryInfo binary_info(BinaryOp op) {
    switch (op) {
    case BinaryOp::add:
        return {"+", prec_additive, prec_additive, prec_multiplicative};
    case BinaryOp::subtract:
        return {"-", prec_additive, prec_additive, prec_multiplicative};
    case BinaryOp::multiply:
        return {"*", prec_multiplicative, prec_multiplicative, prec_negate};
    case BinaryOp::divide:
        return {"/", prec_multiplicative, prec_multiplicative, prec_negate};
    case BinaryOp::less:
        return {"<", prec_compare, prec_additive, prec_additive};
    case BinaryOp::less_equal:
        return {"<=", prec_compare, prec_additive, prec_additive};
    case BinaryOp::greater:
        return {">", prec_compare, prec_additive, prec_additive};
    case BinaryOp::greater_equal:
        return {">=", prec_compare, prec_additive, prec_additive};
    case BinaryOp::equal:
        return {"==", prec_compare, prec_additive, prec_additive};
    case BinaryOp::not_equal:
        return {"!=", prec_compare, prec_additive, prec_additive};
    case BinaryOp::logical_and:
        return {"and", prec_and, prec_and, prec_not};
    case BinaryOp::logical_or:
        return {"or", prec_or, prec_or, prec_and};
    }
    return {"?", prec_primary, prec_primary, prec_primary};
}

int precedence(const Expr& e) {
    return std::visit(Overloaded{
                          [](const MemberExpr&) { return int{prec_postfix}; },
                          [](const UnaryExpr& u) {
                              return int{u.op == UnaryOp::negate ? prec_negate : prec_not};
                          },
                          [](const BinaryExpr& b) { return binary_info(b.op).precedence; },
                          [](const auto&) { return int{prec_primary}; },
                      },
                      e.kind);
}

/// True when the expression ends in a `where` predicate, which would swallow whatever follows.
bool ends_open(const Expr& e) {
    const auto is_where = [](const Predicate& p) {
        return std::holds_alternative<WherePredicate>(p);
    };
    if (const auto* q = std::get_if<QuantifierExpr>(&e.kind)) {
        return is_where(q->predicate);
    }
    if (const auto* f = std::get_if<FilterExpr>(&e.kind)) {
        return is_where(f->predicate);
    }
    return false;
}

/// The text of `e` where the context accepts operands of precedence `min` and stronger.
/// `last` says that nothing follows `e` before a closing delimiter or the end of the statement.
std::string expr_text(const Expr& e, int min, bool last);

std::string predicate_text(const Predicate& p, std::string_view has_word, bool last) {
    return std::visit(Overloaded{
                          [&](const HasPredicate& h) {
                              return std::string(has_word) + " " + metric_text(h.metric);
                          },
                          [&](const WherePredicate& w) {
                              return "where " + expr_text(*w.condition, prec_or, last);
                          },
                      },
                      p);
}

std::string expr_text(const Expr& e, int min, bool last) {
    const bool parens = precedence(e) < min || (!last && ends_open(e));
    const bool inner_last = parens || last;
    std::string text = std::visit(
        Overloaded{
            [](const NumberExpr& n) {
                return n.unit ? n.number.text + std::string(unit_separator(*n.unit)) +
                                    unit_text(*n.unit)
                              : n.number.text;
            },
            [](const StringExpr& s) { return quoted(s.value); },
            [](const BoolExpr& b) { return std::string(b.value ? "true" : "false"); },
            [](const NameExpr& n) { return n.name.name; },
            [](const MemberExpr& m) {
                // A number before `.field` reads as a decimal point; parentheses keep it clear.
                std::string object = expr_text(*m.object, prec_postfix, false);
                if (std::holds_alternative<NumberExpr>(m.object->kind)) {
                    object = "(" + object + ")";
                }
                return object + "." + m.field.name;
            },
            [](const CallExpr& c) {
                std::string out = c.callee.name + "(";
                for (std::size_t i = 0; i < c.args.size(); ++i) {
                    out += (i == 0 ? "" : ", ") + expr_text(c.args[i], prec_or, true);
                }
                return out + ")";
            },
            [&](const UnaryExpr& u) {
                if (u.op == UnaryOp::logical_not) {
                    return "not " + expr_text(*u.operand, prec_not, inner_last);
                }
                const std::string operand = expr_text(*u.operand, prec_negate, inner_last);
                return (operand.starts_with('-') ? "- " : "-") + operand;
            },
            [&](const BinaryExpr& b) {
                const BinaryInfo info = binary_info(b.op);
                return expr_text(*b.lhs, info.lhs_min, false) + " " + std::string(info.text) + " " +
                       expr_text(*b.rhs, info.rhs_min, inner_last);
            },
            [&](const QuantifierExpr& q) {
                static constexpr std::string_view words[] = {"every", "some", "no"};
                return std::string(words[static_cast<int>(q.quantifier)]) + " " + q.variable.name +
                       " " + predicate_text(q.predicate, "has", inner_last);
            },
            [&](const FilterExpr& f) {
                return f.collection.name + " " + predicate_text(f.predicate, "with", inner_last);
            },
        },
        e.kind);
    return parens ? "(" + text + ")" : text;
}

std::string message_text(const InterpolatedString& s) {
    std::string out = "\"";
    for (const auto& part : s.parts) {
        std::visit(Overloaded{
                       [&](const std::string& text) { out += escaped_text(text, true); },
                       [&](const Expr& e) { out += "{" + expr_text(e, prec_or, true) + "}"; },
                   },
                   part);
    }
    return out + "\"";
}

// ---- Layout -------------------------------------------------------------------------------------

/// Statements whose leading words line up with their neighbours' in a run.
enum class Align { none, field, source, list, metric };

/// One entry of a body, before alignment.
struct Element {
    enum class Kind { comment, simple, block };
    Kind kind = Kind::simple;
    /// The source range the element stands for; a blank line between two ranges is kept.
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool blank_before = false;
    /// simple: the statement's text in cells; within a run of the same Align, every cell but the
    /// last is padded to the run's widest. comment: cells[0] is the comment.
    std::vector<std::string> cells;
    Align align = Align::none;
    std::string code; // simple: the cells joined, set by layout
    std::string citations;
    std::string trailing;           // a comment kept at the end of the line
    std::vector<std::string> lines; // block: fully rendered and indented
};

std::string indent(int depth) {
    return std::string(static_cast<std::size_t>(depth) * 2, ' ');
}

std::uint32_t width(std::string_view text) {
    return display_width(text);
}

std::string trimmed_right(std::string_view text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

/// Joins the cells of every simple element, padding the leading cells across runs of elements
/// with the same Align that no blank line separates (own-line comments do not break a run).
void layout_cells(std::vector<Element>& elements) {
    const std::size_t n = elements.size();
    std::size_t i = 0;
    while (i < n) {
        if (elements[i].kind != Element::Kind::simple) {
            ++i;
            continue;
        }
        std::vector<std::size_t> run{i};
        if (elements[i].align != Align::none) {
            for (std::size_t j = i + 1; j < n && !elements[j].blank_before; ++j) {
                if (elements[j].kind == Element::Kind::comment) {
                    continue;
                }
                if (elements[j].kind != Element::Kind::simple ||
                    elements[j].align != elements[i].align) {
                    break;
                }
                run.push_back(j);
            }
        }
        std::vector<std::uint32_t> widths;
        for (const std::size_t k : run) {
            const auto& cells = elements[k].cells;
            widths.resize(std::max(widths.size(), cells.size()), 0);
            for (std::size_t c = 0; c < cells.size(); ++c) {
                widths[c] = std::max(widths[c], width(cells[c]));
            }
        }
        for (const std::size_t k : run) {
            const auto& cells = elements[k].cells;
            std::string code;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (c + 1 == cells.size()) {
                    code += cells[c];
                } else if (widths[c] > 0) {
                    code += cells[c];
                    code.append(widths[c] - width(cells[c]) + 1, ' ');
                }
            }
            elements[k].code = trimmed_right(code);
        }
        i = run.back() + 1;
    }
}

/// The column (relative to the body's indentation) at which each element's citations start:
/// two spaces after the widest statement of its run of adjacent cited statements.
std::vector<std::uint32_t> citation_columns(const std::vector<Element>& elements) {
    const auto cited = [](const Element& e) {
        return e.kind == Element::Kind::simple && !e.citations.empty();
    };
    std::vector<std::uint32_t> columns(elements.size(), 0);
    std::size_t i = 0;
    while (i < elements.size()) {
        if (!cited(elements[i])) {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < elements.size() && cited(elements[j]) && !elements[j].blank_before) {
            ++j;
        }
        std::uint32_t widest = 0;
        for (std::size_t k = i; k < j; ++k) {
            widest = std::max(widest, width(elements[k].code));
        }
        for (std::size_t k = i; k < j; ++k) {
            columns[k] = widest + 2;
        }
        i = j;
    }
    return columns;
}

std::vector<std::string> render(std::vector<Element>& elements, int depth) {
    layout_cells(elements);
    const std::vector<std::uint32_t> columns = citation_columns(elements);
    const std::string pad = indent(depth);
    std::vector<std::string> lines;
    for (std::size_t k = 0; k < elements.size(); ++k) {
        const Element& e = elements[k];
        if (k > 0 && e.blank_before) {
            lines.emplace_back();
        }
        switch (e.kind) {
        case Element::Kind::comment:
            lines.push_back(pad + e.cells.at(0));
            break;
        case Element::Kind::simple: {
            std::string line = pad + e.code;
            if (!e.citations.empty()) {
                line.append(columns[k] - width(e.code), ' ');
                line += e.citations;
            }
            if (!e.trailing.empty()) {
                line += "  " + e.trailing;
            }
            lines.push_back(std::move(line));
            break;
        }
        case Element::Kind::block:
            lines.insert(lines.end(), e.lines.begin(), e.lines.end());
            break;
        }
    }
    return lines;
}

SourceSpan node_span(const Stmt& s) {
    return base(s).span;
}
SourceSpan node_span(const RuleStmt& s) {
    return std::visit([](const auto& r) { return r.span; }, s);
}
SourceSpan node_span(const Item& i) {
    return span_of(i);
}
SourceSpan node_span(const TestStmt& s) {
    return std::visit([](const auto& t) { return t.span; }, s);
}

bool is_block(const Item& item) {
    return std::holds_alternative<PlanDecl>(item) || std::holds_alternative<RuleDecl>(item) ||
           std::holds_alternative<TestDecl>(item);
}

class Formatter {
public:
    Formatter(const File& file, const SourceFile& source) : file_(file), source_(source) {}

    std::string run() {
        const auto end = static_cast<std::uint32_t>(source_.text().size());
        std::vector<std::size_t> starts;
        std::vector<Element> elements = body(file_.items, end, end, 0, &starts);
        // Plans and rules are set apart from their neighbours (and from the comments that lead
        // them) by a blank line, whatever the author wrote.
        for (std::size_t i = 0; i < file_.items.size(); ++i) {
            const bool separate =
                (i > 0 && (is_block(file_.items[i - 1]) || is_block(file_.items[i])));
            if (separate && starts[i] < elements.size()) {
                elements[starts[i]].blank_before = true;
            }
        }
        if (!file_.items.empty() && is_block(file_.items.back()) &&
            starts.back() < elements.size()) {
            elements[starts.back()].blank_before = true;
        }
        std::string out;
        for (const std::string& line : render(elements, 0)) {
            out += trimmed_right(line);
            out += '\n';
        }
        return out;
    }

private:
    std::uint32_t line_of(std::uint32_t offset) const { return source_.location(offset).line; }

    /// The line on which a range [begin, end) ends.
    std::uint32_t end_line(std::uint32_t end) const { return line_of(end > 0 ? end - 1 : 0); }

    /// True when a line holding only whitespace lies between the end of one element and the
    /// start of the next.
    bool blank_between(std::uint32_t end, std::uint32_t begin) const {
        if (begin <= end) {
            return false;
        }
        const std::uint32_t last = line_of(begin);
        for (std::uint32_t line = end_line(end) + 1; line < last; ++line) {
            const std::string_view text = source_.line_text(line);
            if (text.find_first_not_of(" \t\r\f\v") == std::string_view::npos) {
                return true;
            }
        }
        return false;
    }

    /// Offset of the `{` that opens a block whose header ends at `from`.
    std::uint32_t open_brace(std::uint32_t from) const {
        const std::string& text = source_.text();
        std::size_t pos = from;
        while (pos < text.size()) {
            const char c = text[pos];
            if (c == '#') {
                pos = text.find('\n', pos);
                if (pos == std::string::npos) {
                    break;
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                ++pos;
            } else {
                break;
            }
        }
        return static_cast<std::uint32_t>(std::min(pos, text.size()));
    }

    const Comment* peek() const {
        return next_comment_ < file_.comments.size() ? &file_.comments[next_comment_] : nullptr;
    }

    /// Moves every comment that starts before `limit` into `out` as own-line comments. `anchor`,
    /// when set, is the start of the statement the comments were inside of.
    void take_own_line(std::uint32_t limit, std::vector<Element>& out,
                       std::optional<std::uint32_t> anchor = std::nullopt) {
        for (const Comment* c = peek(); c != nullptr && c->span.begin < limit; c = peek()) {
            Element e;
            e.kind = Element::Kind::comment;
            e.begin = anchor.value_or(c->span.begin);
            e.end = c->span.end;
            e.cells.push_back(trimmed_right(c->text));
            out.push_back(std::move(e));
            ++next_comment_;
        }
    }

    /// The comment that starts on the line where code ending at `end` ends, before the next code
    /// at `next`; empty when there is none.
    std::string take_trailing(std::uint32_t end, std::uint32_t next) {
        const Comment* c = peek();
        if (c == nullptr || c->span.begin < end || c->span.begin >= next ||
            line_of(c->span.begin) != end_line(end)) {
            return "";
        }
        ++next_comment_;
        return trimmed_right(c->text);
    }

    /// The elements of a body. `close` is where code resumes after the body (its `}`), `end` the
    /// offset before which remaining comments still belong to the body. `starts`, when given,
    /// receives the index of the first element of each statement and, last, of the comments
    /// after the final statement.
    template <typename T>
    std::vector<Element> body(const std::vector<T>& stmts, std::uint32_t close, std::uint32_t end,
                              int depth, std::vector<std::size_t>* starts) {
        std::vector<Element> out;
        for (std::size_t i = 0; i < stmts.size(); ++i) {
            const SourceSpan span = node_span(stmts[i]);
            if (starts != nullptr) {
                starts->push_back(out.size());
            }
            take_own_line(span.begin, out);
            const std::uint32_t next = i + 1 < stmts.size() ? node_span(stmts[i + 1]).begin : close;
            emit(stmts[i], next, depth, out);
        }
        if (starts != nullptr) {
            starts->push_back(out.size());
        }
        take_own_line(end, out);
        for (std::size_t k = 1; k < out.size(); ++k) {
            out[k].blank_before = blank_between(out[k - 1].end, out[k].begin);
        }
        return out;
    }

    void simple(SourceSpan span, std::vector<std::string> cells, Align align, std::string citations,
                std::uint32_t next, std::vector<Element>& out) {
        take_own_line(span.end, out, span.begin);
        Element e;
        e.kind = Element::Kind::simple;
        e.begin = span.begin;
        e.end = span.end;
        e.cells = std::move(cells);
        e.align = align;
        e.citations = std::move(citations);
        e.trailing = take_trailing(span.end, next);
        out.push_back(std::move(e));
    }

    /// A block statement: `HEADER {`, the body one level deeper, `}` and its citations.
    /// `header_end` is where the header's last token ends, so the `{` can be found after it.
    template <typename T>
    void block(SourceSpan span, const std::string& header, std::uint32_t header_end,
               const std::vector<T>& stmts, SourceSpan close, const std::string& citations,
               std::uint32_t next, int depth, std::vector<Element>& out) {
        const std::uint32_t open = open_brace(header_end);
        take_own_line(open, out, span.begin);
        Element e;
        e.kind = Element::Kind::block;
        e.begin = span.begin;
        e.end = span.end;
        std::string head = indent(depth) + header + " {";
        const std::uint32_t first = stmts.empty() ? close.begin : node_span(stmts.front()).begin;
        if (const Comment* c = peek(); c != nullptr && c->span.begin > open &&
                                       c->span.begin < first &&
                                       line_of(c->span.begin) == line_of(open)) {
            head += "  " + trimmed_right(c->text);
            ++next_comment_;
        }
        e.lines.push_back(std::move(head));
        std::vector<Element> inner = body(stmts, close.begin, span.end, depth + 1, nullptr);
        for (std::string& line : render(inner, depth + 1)) {
            e.lines.push_back(std::move(line));
        }
        std::string tail = indent(depth) + "}";
        if (!citations.empty()) {
            tail += "  " + citations;
        }
        if (const std::string trailing = take_trailing(span.end, next); !trailing.empty()) {
            tail += "  " + trailing;
        }
        e.lines.push_back(std::move(tail));
        out.push_back(std::move(e));
    }

    /// `METRIC [growth] YEAR = FIGURE`, the part of a baseline or an actual after its keyword.
    static std::string year_figure_text(const YearFigure& s) {
        std::string code = metric_text(s.metric);
        if (s.is_growth) {
            code += " growth";
        }
        return code + " " + year_text(s.year) + " = " + figure_text(s.comparator, s.value);
    }

    void emit(const Stmt& stmt, std::uint32_t next, int depth, std::vector<Element>& out) {
        const StmtBase& b = base(stmt);
        std::string cites = citations_text(b.citations);
        const auto one = [&](std::string code) {
            simple(b.span, {std::move(code)}, Align::none, std::move(cites), next, out);
        };
        std::visit(Overloaded{
                       [&](const FieldStmt& s) {
                           simple(b.span, {std::string(keyword(s.kind)), field_value_text(s.value)},
                                  Align::field, std::move(cites), next, out);
                       },
                       [&](const SourceStmt& s) {
                           std::string rest = quoted(s.url);
                           if (s.description) {
                               rest += " " + quoted(*s.description);
                           }
                           simple(b.span, {"source " + s.name.name, std::move(rest)}, Align::source,
                                  std::move(cites), next, out);
                       },
                       [&](const ScopeStmt& s) {
                           std::string code = "scope " + s.name.name;
                           if (s.declared_size) {
                               code += " of " + s.declared_size->text;
                           }
                           code += s.items.empty() ? " { }" : " { " + names_text(s.items) + " }";
                           one(std::move(code));
                       },
                       [&](const BaselineStmt& s) { one("baseline " + year_figure_text(s)); },
                       [&](const ActualStmt& s) { one("actual " + year_figure_text(s)); },
                       [&](const TargetStmt& s) {
                           std::string code =
                               "target " + s.name.name + ": " + metric_text(s.metric);
                           for (std::size_t i = 0; i < s.clauses.size(); ++i) {
                               code += (i == 0 ? " " : ", ") + clause_text(s.clauses[i]);
                           }
                           one(std::move(code));
                       },
                       [&](const ListStmt& s) {
                           simple(b.span, {std::string(keyword(s.kind)), names_text(s.items)},
                                  Align::list, std::move(cites), next, out);
                       },
                       [&](const NoteStmt& s) { one("note " + quoted(s.text)); },
                       [&](const FocusStmt& s) {
                           std::string header = "focus " + s.name.name;
                           if (s.label) {
                               header += " " + quoted(*s.label);
                           }
                           const std::uint32_t header_end =
                               s.label ? s.label->span.end : s.name.span.end;
                           block(b.span, header, header_end, s.body, s.close_brace, cites, next,
                                 depth, out);
                       },
                   },
                   stmt.kind);
    }

    void emit(const RuleStmt& stmt, std::uint32_t next, int, std::vector<Element>& out) {
        const auto one = [&](SourceSpan span, std::string code) {
            simple(span, {std::move(code)}, Align::none, "", next, out);
        };
        std::visit(
            Overloaded{
                [&](const LetStmt& s) {
                    one(s.span, "let " + s.name.name + " = " + expr_text(s.value, prec_or, true));
                },
                [&](const WhenStmt& s) {
                    one(s.span, "when " + expr_text(s.condition, prec_or, true));
                },
                [&](const RequireStmt& s) {
                    one(s.span, "require " + expr_text(s.condition, prec_or, true));
                },
                [&](const MessageStmt& s) { one(s.span, "message " + message_text(s.text)); },
            },
            stmt);
    }

    void emit(const TestStmt& stmt, std::uint32_t next, int depth, std::vector<Element>& out) {
        const auto one = [&](SourceSpan span, std::string code) {
            simple(span, {std::move(code)}, Align::none, "", next, out);
        };
        std::visit(Overloaded{
                       [&](const PlanDecl& p) {
                           block(p.span, "plan " + p.name.name, p.name.span.end, p.body,
                                 p.close_brace, "", next, depth, out);
                       },
                       [&](const PlanFile& p) { one(p.span, "plan " + quoted(p.path)); },
                       [&](const ExpectFinding& f) {
                           std::string code = "expect " + f.severity.name + "[" + f.id.name + "]";
                           if (f.line) {
                               code += " line " + f.line->text;
                           }
                           if (f.text) {
                               code += " " + quoted(*f.text);
                           }
                           one(f.span, std::move(code));
                       },
                       [&](const ExpectAbsent& a) { one(a.span, "expect no " + a.id.name); },
                       [&](const ExpectValue& v) {
                           std::string code = "expect " + expr_text(v.condition, prec_or, true);
                           if (v.within) {
                               code += " within " + expr_text(*v.within, prec_or, true);
                           }
                           one(v.span, std::move(code));
                       },
                   },
                   stmt);
    }

    void emit(const Item& item, std::uint32_t next, int depth, std::vector<Element>& out) {
        std::visit(
            Overloaded{
                [&](const ImportDecl& i) {
                    simple(i.span, {"import " + quoted(i.path)}, Align::none, "", next, out);
                },
                [&](const PlanDecl& p) {
                    block(p.span, "plan " + p.name.name, p.name.span.end, p.body, p.close_brace, "",
                          next, depth, out);
                },
                [&](const MetricDecl& m) {
                    std::string rest = "unit " + unit_text(m.unit);
                    if (!m.aka.empty()) {
                        rest += " aka " + names_text(m.aka);
                    }
                    simple(
                        m.span,
                        {"metric " + m.name.name, m.label ? quoted(*m.label) : "", std::move(rest)},
                        Align::metric, citations_text(m.citations), next, out);
                },
                [&](const IdentityDecl& d) {
                    // `=` is no expression operator, so a `where` on the left ends there.
                    simple(d.span,
                           {"identity " + expr_text(d.lhs, prec_or, true) + " = " +
                            expr_text(d.rhs, prec_or, true)},
                           Align::none, citations_text(d.citations), next, out);
                },
                [&](const ScopeStmt& s) { emit(Stmt{s}, next, depth, out); },
                [&](const RuleDecl& r) {
                    std::string header = "rule " + r.name.name + ": " + r.severity.name;
                    if (r.subject) {
                        header += " for " + r.subject->name;
                    }
                    const std::uint32_t header_end =
                        r.subject ? r.subject->span.end : r.severity.span.end;
                    block(r.span, header, header_end, r.body, r.close_brace, "", next, depth, out);
                },
                [&](const TestDecl& t) {
                    std::string header = "test " + t.name.name;
                    if (t.label) {
                        header += " " + quoted(*t.label);
                    }
                    const std::uint32_t header_end = t.label ? t.label->span.end : t.name.span.end;
                    block(t.span, header, header_end, t.body, t.close_brace, "", next, depth, out);
                },
            },
            item);
    }

    const File& file_;
    const SourceFile& source_;
    std::size_t next_comment_ = 0;
};

/// The file's conventions the canonical layout keeps: a leading UTF-8 byte order mark, and CRLF
/// line ends when most of the file's line ends are CRLF (a tie goes to the first line end).
std::string with_file_conventions(const std::string& formatted, const std::string& original) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    std::size_t crlf = 0;
    std::size_t lf = 0;
    bool first_crlf = false;
    for (std::size_t i = original.find('\n'); i != std::string::npos;
         i = original.find('\n', i + 1)) {
        const bool is_crlf = i > 0 && original[i - 1] == '\r';
        if (crlf + lf == 0) {
            first_crlf = is_crlf;
        }
        ++(is_crlf ? crlf : lf);
    }
    const bool use_crlf = crlf > lf || (crlf == lf && first_crlf);
    std::string out = original.starts_with(bom) ? std::string(bom) : std::string();
    out.reserve(out.size() + formatted.size() + (use_crlf ? formatted.size() / 16 : 0));
    for (const char c : formatted) {
        if (c == '\n' && use_crlf) {
            out += '\r';
        }
        out += c;
    }
    return out;
}

} // namespace

std::string format_file(const File& file, const SourceFile& source) {
    return with_file_conventions(Formatter(file, source).run(), source.text());
}

} // namespace ingot::lang

// The AST dump: a stable S-expression text of a File, without spans and without comments.
//
// The dump is what tests compare, so it must separate exactly the trees that differ: every field
// of every node appears, optional parts are visible when present, and each form has a fixed shape
// so no two different trees print alike. Items and statements get one line each (blocks open a
// line and close with `)` on its own line) so a test failure shows as a readable line diff;
// expressions stay on their statement's line.
//
// Shapes (`?` marks an optional part, `*` a repeated one):
//   (import "path")
//   (plan NAME  STMT*  )                      the body on its own lines, two spaces deeper
//   (metric NAME "label"? UNIT (aka NAME*)? CITE*)
//   (identity EXPR EXPR CITE*)
//   (rule NAME SEVERITY (for NAME)?  RULE-STMT*  )
//   (field KIND VALUE CITE*)          VALUE: "s" | (NAME*) | YYYY-MM-DD | YYYY..YYYY | NAME
//   (source NAME "url" "description"? CITE*)
//   (scope NAME (of N)? (items NAME*) CITE*)
//   (baseline METRIC growth? YEAR CMP? QUANTITY CITE*)
//   (target NAME METRIC CLAUSE* CITE*)
//       CLAUSE: (grows|falls|reaches|stays CMP? QUANTITY (by YEAR)?)
//   (initiatives|drivers|serves|silent_on NAME* CITE*)
//   (note "text" CITE*)
//   (focus NAME "label"? CITE*  STMT*  )
//   (let NAME EXPR)  (when EXPR)  (require EXPR)  (message PART*)      PART: "text" | EXPR
//   METRIC: NAME or NAME(SCOPE)       QUANTITY: (quantity NUMBER (.. NUMBER)? UNIT)
//   UNIT: (unit (WORD*)*)             CITE: (cite NAME "quote"?)
//   EXPR: (number N UNIT?) (string "s") (bool true|false) (name N) (member EXPR N)
//         (call N EXPR*) (neg EXPR) (not EXPR) (OP EXPR EXPR) (every|some|no NAME PRED)
//         (filter NAME PRED)
//   PRED: (has METRIC) | (where EXPR)
// Numbers print as their source text; strings print quoted with `\\`, `\"`, `\n`, `\t` and
// `\u{HEX}` (other control characters) escaped.
#include "dump.hpp"
#include "lang/keywords.hpp"
#include "lang/parser.hpp"
#include "lang/text.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace ingot::lang {

namespace {

template <typename... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string escaped_string(std::string_view value) {
    return "\"" + escaped_text(value) + "\"";
}

std::string padded(int value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
    return buffer;
}

std::string year(const Year& y) {
    return padded(y.value, 4);
}

std::string date(const Date& d) {
    return padded(d.year, 4) + "-" + padded(d.month, 2) + "-" + padded(d.day, 2);
}

std::string unit(const WrittenUnit& u) {
    std::string out = "(unit";
    for (const auto& group : u.parts) {
        out += " (";
        for (std::size_t i = 0; i < group.size(); ++i) {
            out += (i == 0 ? "" : " ") + group[i];
        }
        out += ')';
    }
    out += ')';
    return out;
}

std::string quantity(const Quantity& q) {
    std::string out = "(quantity " + q.low.text;
    if (q.high) {
        out += " .. " + q.high->text;
    }
    return out + " " + unit(q.unit) + ")";
}

std::string metric(const MetricRef& m) {
    return m.scope ? m.metric.name + "(" + m.scope->name + ")" : m.metric.name;
}

std::string names(const std::vector<Ident>& idents) {
    std::string out;
    for (std::size_t i = 0; i < idents.size(); ++i) {
        out += (i == 0 ? "" : " ") + idents[i].name;
    }
    return out;
}

std::string citations(const std::vector<Citation>& cites) {
    std::string out;
    for (const Citation& c : cites) {
        out += " (cite " + c.source.name;
        if (c.quote) {
            out += " " + escaped_string(c.quote->value);
        }
        out += ')';
    }
    return out;
}

std::string_view binary_op(BinaryOp op) {
    switch (op) {
    case BinaryOp::add:
        return "+";
    case BinaryOp::subtract:
        return "-";
    case BinaryOp::multiply:
        return "*";
    case BinaryOp::divide:
        return "/";
    case BinaryOp::less:
        return "<";
    case BinaryOp::less_equal:
        return "<=";
    case BinaryOp::greater:
        return ">";
    case BinaryOp::greater_equal:
        return ">=";
    case BinaryOp::equal:
        return "==";
    case BinaryOp::not_equal:
        return "!=";
    case BinaryOp::logical_and:
        return "and";
    case BinaryOp::logical_or:
        return "or";
    }
    return "?";
}

std::string expr(const Expr& e);

std::string predicate(const Predicate& p) {
    return std::visit(
        Overloaded{
            [](const HasPredicate& h) { return "(has " + metric(h.metric) + ")"; },
            [](const WherePredicate& w) { return "(where " + expr(*w.condition) + ")"; },
        },
        p);
}

std::string_view quantifier(Quantifier q) {
    switch (q) {
    case Quantifier::every:
        return "every";
    case Quantifier::some:
        return "some";
    case Quantifier::none:
        return "no";
    }
    return "?";
}

std::string expr(const Expr& e) {
    return std::visit(
        Overloaded{
            [](const NumberExpr& n) {
                return "(number " + n.number.text + (n.unit ? " " + unit(*n.unit) : "") + ")";
            },
            [](const StringExpr& s) { return "(string " + escaped_string(s.value.value) + ")"; },
            [](const BoolExpr& b) { return std::string(b.value ? "(bool true)" : "(bool false)"); },
            [](const NameExpr& n) { return "(name " + n.name.name + ")"; },
            [](const MemberExpr& m) {
                return "(member " + expr(*m.object) + " " + m.field.name + ")";
            },
            [](const CallExpr& c) {
                std::string out = "(call " + c.callee.name;
                for (const Expr& arg : c.args) {
                    out += " " + expr(arg);
                }
                return out + ")";
            },
            [](const UnaryExpr& u) {
                return std::string(u.op == UnaryOp::negate ? "(neg " : "(not ") + expr(*u.operand) +
                       ")";
            },
            [](const BinaryExpr& b) {
                return "(" + std::string(binary_op(b.op)) + " " + expr(*b.lhs) + " " +
                       expr(*b.rhs) + ")";
            },
            [](const QuantifierExpr& q) {
                return "(" + std::string(quantifier(q.quantifier)) + " " + q.variable.name + " " +
                       predicate(q.predicate) + ")";
            },
            [](const FilterExpr& f) {
                return "(filter " + f.collection.name + " " + predicate(f.predicate) + ")";
            },
        },
        e.kind);
}

std::string clause(const Clause& c) {
    std::string out = "(" + std::string(keyword(c.kind));
    if (c.comparator) {
        out += " " + std::string(comparator_text(*c.comparator));
    }
    if (c.kind != ClauseKind::peaks) {
        out += " " + quantity(c.value);
    }
    if (c.from) {
        out += " (from " + year(*c.from) + ")";
    }
    if (c.by) {
        out += " (by " + year(*c.by) + ")";
    }
    if (c.in) {
        out += " (in " + year(*c.in) + ")";
    }
    return out + ")";
}

std::string field_value(const FieldValue& value) {
    return std::visit(Overloaded{
                          [](const StringLit& s) { return escaped_string(s.value); },
                          [](const std::vector<Ident>& v) { return "(" + names(v) + ")"; },
                          [](const Date& d) { return date(d); },
                          [](const Period& p) { return year(p.first) + ".." + year(p.last); },
                          [](const Ident& i) { return i.name; },
                          [](const Year& y) { return year(y); },
                      },
                      value);
}

std::string message(const InterpolatedString& text) {
    std::string out = "(message";
    for (const auto& part : text.parts) {
        out += " ";
        out += std::visit(Overloaded{
                              [](const std::string& s) { return escaped_string(s); },
                              [](const Expr& e) { return expr(e); },
                          },
                          part);
    }
    return out + ")";
}

/// Appends lines to `out_`, indented two spaces per depth.
class Dumper {
public:
    std::string run(const File& file) {
        for (const Item& item : file.items) {
            this->item(item);
        }
        return std::move(out_);
    }

private:
    void line(int depth, std::string_view text) {
        out_.append(static_cast<std::size_t>(depth) * 2, ' ');
        out_ += text;
        out_ += '\n';
    }

    /// A form with a body: `(HEAD` then the body lines, then `)`; `(HEAD)` when the body is empty.
    template <typename T, typename F>
    void block(int depth, const std::string& head, const std::vector<T>& body, F&& each) {
        if (body.empty()) {
            line(depth, "(" + head + ")");
            return;
        }
        line(depth, "(" + head);
        for (const T& element : body) {
            each(element);
        }
        line(depth, ")");
    }

    void stmt(int depth, const Stmt& stmt) {
        std::visit(
            Overloaded{
                [&](const FieldStmt& s) {
                    line(depth, "(field " + std::string(keyword(s.kind)) + " " +
                                    field_value(s.value) + citations(s.citations) + ")");
                },
                [&](const SourceStmt& s) {
                    line(depth,
                         "(source " + s.name.name + " " + escaped_string(s.url.value) +
                             (s.description ? " " + escaped_string(s.description->value) : "") +
                             citations(s.citations) + ")");
                },
                [&](const ScopeStmt& s) {
                    line(depth, "(scope " + s.name.name +
                                    (s.declared_size ? " (of " + s.declared_size->text + ")" : "") +
                                    " (items" + (s.items.empty() ? "" : " ") + names(s.items) +
                                    ")" + citations(s.citations) + ")");
                },
                [&](const BaselineStmt& s) { year_figure(depth, "baseline", s); },
                [&](const ActualStmt& s) { year_figure(depth, "actual", s); },
                [&](const TargetStmt& s) {
                    std::string text = "(target " + s.name.name + " " + metric(s.metric);
                    for (const Clause& c : s.clauses) {
                        text += " " + clause(c);
                    }
                    line(depth, text + citations(s.citations) + ")");
                },
                [&](const ListStmt& s) {
                    line(depth, "(" + std::string(keyword(s.kind)) + (s.items.empty() ? "" : " ") +
                                    names(s.items) + citations(s.citations) + ")");
                },
                [&](const NoteStmt& s) {
                    line(depth,
                         "(note " + escaped_string(s.text.value) + citations(s.citations) + ")");
                },
                [&](const FocusStmt& s) {
                    const std::string head = "focus " + s.name.name +
                                             (s.label ? " " + escaped_string(s.label->value) : "") +
                                             citations(s.citations);
                    block(depth, head, s.body,
                          [&](const Stmt& inner) { this->stmt(depth + 1, inner); });
                },
            },
            stmt.kind);
    }

    void year_figure(int depth, std::string_view word, const YearFigure& s) {
        std::string text = "(" + std::string(word) + " " + metric(s.metric);
        if (s.is_growth) {
            text += " growth";
        }
        text += " " + year(s.year);
        if (s.comparator) {
            text += " " + std::string(comparator_text(*s.comparator));
        }
        line(depth, text + " " + quantity(s.value) + citations(s.citations) + ")");
    }

    void rule_stmt(int depth, const RuleStmt& stmt) {
        std::visit(
            Overloaded{
                [&](const LetStmt& s) {
                    line(depth, "(let " + s.name.name + " " + expr(s.value) + ")");
                },
                [&](const WhenStmt& s) { line(depth, "(when " + expr(s.condition) + ")"); },
                [&](const RequireStmt& s) { line(depth, "(require " + expr(s.condition) + ")"); },
                [&](const MessageStmt& s) { line(depth, message(s.text)); },
            },
            stmt);
    }

    void test_stmt(int depth, const TestStmt& s) {
        std::visit(
            Overloaded{
                [&](const PlanDecl& p) {
                    block(depth, "plan " + p.name.name, p.body,
                          [&](const Stmt& st) { stmt(depth + 1, st); });
                },
                [&](const PlanFile& p) {
                    line(depth, "(plan-file " + escaped_string(p.path.value) + ")");
                },
                [&](const ExpectFinding& f) {
                    line(depth, "(expect " + f.severity.name + " " + f.id.name +
                                    (f.line ? " (line " + f.line->text + ")" : "") +
                                    (f.text ? " " + escaped_string(f.text->value) : "") + ")");
                },
                [&](const ExpectAbsent& a) { line(depth, "(expect-no " + a.id.name + ")"); },
                [&](const ExpectValue& v) {
                    line(depth, "(expect " + expr(v.condition) +
                                    (v.within ? " (within " + expr(*v.within) + ")" : "") + ")");
                },
            },
            s);
    }

    void item(const Item& item) {
        std::visit(
            Overloaded{
                [&](const ImportDecl& i) {
                    line(0, "(import " + escaped_string(i.path.value) + ")");
                },
                [&](const PlanDecl& p) {
                    block(0, "plan " + p.name.name, p.body, [&](const Stmt& s) { stmt(1, s); });
                },
                [&](const MetricDecl& m) {
                    std::string text = "(metric " + m.name.name;
                    if (m.label) {
                        text += " " + escaped_string(m.label->value);
                    }
                    text += " " + unit(m.unit);
                    if (!m.aka.empty()) {
                        text += " (aka " + names(m.aka) + ")";
                    }
                    line(0, text + citations(m.citations) + ")");
                },
                [&](const IdentityDecl& d) {
                    line(0, "(identity " + expr(d.lhs) + " " + expr(d.rhs) +
                                citations(d.citations) + ")");
                },
                [&](const ScopeStmt& s) { stmt(0, Stmt{s}); },
                [&](const RuleDecl& r) {
                    const std::string head = "rule " + r.name.name + " " + r.severity.name +
                                             (r.subject ? " (for " + r.subject->name + ")" : "");
                    block(0, head, r.body, [&](const RuleStmt& s) { rule_stmt(1, s); });
                },
                [&](const TestDecl& t) {
                    const std::string head = "test " + t.name.name +
                                             (t.label ? " " + escaped_string(t.label->value) : "");
                    block(0, head, t.body, [&](const TestStmt& s) { test_stmt(1, s); });
                },
            },
            item);
    }

    std::string out_;
};

} // namespace

std::string dump(const File& file) {
    return Dumper{}.run(file);
}

} // namespace ingot::lang

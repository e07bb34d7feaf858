// The parser: PEGTL parse tree → AST.
//
// The grammar (grammar.hpp) runs once over the file and yields a temporary parse tree holding only
// the rules selected below; conversion functions then build the owned AST. Each conversion function
// names the production it handles. Syntax errors come from three places, all reported with id
// `syntax`: the grammar's required points (messages in errors.hpp), values that parse but are not
// valid (a 13th month, an escape beyond U+10FFFF), and bytes that are not UTF-8.
#include "lang/parser.hpp"

#include "lang/errors.hpp"
#include "lang/grammar.hpp"

#include <tao/pegtl/contrib/parse_tree.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>

namespace ingot::lang {

namespace g = grammar;
namespace pegtl = tao::pegtl;

namespace {

/// The largest `scope … of N` read as a count: far above any real scope, and exact as a double
/// and as a std::size_t, so the checks compare counts without an overflowing conversion.
constexpr double max_count = 1e9;

// clang-format off
template <typename Rule>
using selector = pegtl::parse_tree::selector< Rule,
    pegtl::parse_tree::store_content::on<
        g::identifier, g::string_lit, g::number, g::range_high, g::unit, g::unit_group, g::unit_word,
        g::date, g::year, g::period_value, g::count, g::comparator, g::growth_marker, g::quantity,
        g::citation, g::metric_ref,
        g::title_stmt, g::original_stmt, g::document_stmt, g::issuer_stmt, g::signed_stmt,
        g::published_stmt, g::period_stmt, g::series_stmt, g::sector_stmt, g::follows_stmt, g::base_stmt,
        g::source_stmt, g::scope_stmt, g::baseline_stmt, g::actual_stmt, g::grows_clause,
        g::rises_clause, g::falls_clause, g::reaches_clause, g::stays_clause, g::peaks_clause,
        g::by_year, g::from_year, g::in_year, g::peak_year, g::target_stmt, g::initiatives_stmt, g::drivers_stmt, g::serves_stmt,
        g::note_stmt, g::silent_on_stmt, g::focus_stmt, g::close_brace, g::plan_decl,
        g::number_expr, g::bool_expr, g::has_predicate, g::where_predicate, g::with_predicate,
        g::quantifier_word, g::quantifier_expr, g::filter_expr, g::call_expr, g::name_expr,
        g::member, g::negate_expr, g::mul_op, g::add_op, g::cmp_op, g::not_op_expr, g::and_op,
        g::or_op, g::message_text, g::message_string, g::let_stmt, g::when_stmt, g::require_stmt,
        g::message_stmt, g::severity, g::rule_subject, g::rule_decl, g::aka_names, g::metric_decl,
        g::identity_decl, g::import_decl, g::test_plan_file, g::line_number, g::expect_finding,
        g::expect_absent, g::tolerance, g::expect_value, g::expect_stmt, g::test_decl >,
    pegtl::parse_tree::fold_one::on<
        g::postfix_expr, g::mul_expr, g::add_expr, g::cmp_expr, g::and_expr, g::or_expr > >;
// clang-format on

using Node = pegtl::parse_tree::node;

/// Fills the placeholders of a raw message from the text around the error.
class MessageContext {
public:
    explicit MessageContext(std::string_view text) : text_(text) {}

    std::string fill(const detail::RawSyntaxError& e, const SourceFile& file) const {
        std::string out;
        const std::string_view m = e.message;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (m[i] == '{') {
                const std::size_t close = m.find('}', i);
                if (close != std::string_view::npos) {
                    const std::string_view key = m.substr(i + 1, close - i - 1);
                    if (key == "prev") {
                        out += shorten(previous_token(e.offset));
                        i = close;
                        continue;
                    }
                    if (key == "found") {
                        out += found(e.offset);
                        i = close;
                        continue;
                    }
                    if (key == "opener") {
                        out += opener(e.statement_start);
                        i = close;
                        continue;
                    }
                    if (key == "opener_line") {
                        out += std::to_string(
                            file.location(static_cast<std::uint32_t>(e.statement_start)).line);
                        i = close;
                        continue;
                    }
                }
            }
            out += m[i];
        }
        return out;
    }

    /// Byte length of the token at `offset` (at least 1 unless at the end), for the caret.
    std::size_t token_length(std::size_t offset) const {
        if (offset >= text_.size() || text_[offset] == '\n' || text_[offset] == '\r') {
            return 0;
        }
        return token_at(offset).size();
    }

private:
    static bool is_word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.';
    }

    /// The token starting at `offset`: a word or number, a string, a two-character operator, or
    /// one code point.
    std::string_view token_at(std::size_t offset) const {
        std::size_t end = offset;
        if (is_word(text_[offset])) {
            while (end < text_.size() && is_word(text_[end])) {
                ++end;
            }
            while (end > offset + 1 && text_[end - 1] == '.') { // `5.` before `..` or an error
                --end;
            }
        } else if (text_[offset] == '"') {
            ++end;
            while (end < text_.size() && text_[end] != '"' && text_[end] != '\n') {
                end += text_[end] == '\\' && end + 1 < text_.size() ? 2 : 1;
            }
            if (end < text_.size() && text_[end] == '"') {
                ++end;
            }
        } else if (const std::string_view two = text_.substr(offset, 2);
                   two == "==" || two == "!=" || two == ">=" || two == "<=" || two == "..") {
            end += 2;
        } else {
            ++end;
            while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) {
                ++end;
            }
        }
        return text_.substr(offset, end - offset);
    }

    std::string found(std::size_t offset) const {
        if (offset >= text_.size()) {
            return "the end of the file";
        }
        if (text_[offset] == '\n' || text_[offset] == '\r') {
            return "the end of the line";
        }
        return "`" + shorten(token_at(offset)) + "`";
    }

    static std::string shorten(std::string_view token) {
        if (count_code_points(token) <= 24) {
            return std::string(token);
        }
        std::size_t end = 0;
        for (int n = 0; n < 20 && end < token.size(); ++n) {
            ++end;
            while (end < token.size() && (static_cast<unsigned char>(token[end]) & 0xC0) == 0x80) {
                ++end;
            }
        }
        return std::string(token.substr(0, end)) + "…";
    }

    /// The last token that ends at or before `offset`, skipping whitespace and comments.
    std::string previous_token(std::size_t offset) const {
        offset = std::min(offset, text_.size());
        const std::size_t line_begin = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
        std::size_t pos = line_begin == std::string_view::npos ? 0 : line_begin + 1;
        if (offset == 0) {
            return "";
        }
        // Tokenize the line(s) forward up to `offset`, remembering the last token.
        // Start a few lines back so a token before a line break is found.
        for (int lines_back = 0; lines_back < 8 && pos > 0; ++lines_back) {
            std::string_view last = last_token_in(pos, offset);
            if (!last.empty()) {
                return std::string(last);
            }
            offset = pos - 1;
            const std::size_t prev_line =
                pos >= 2 ? text_.rfind('\n', pos - 2) : std::string_view::npos;
            pos = prev_line == std::string_view::npos ? 0 : prev_line + 1;
        }
        return std::string(last_token_in(pos, offset));
    }

    std::string_view last_token_in(std::size_t pos, std::size_t limit) const {
        std::string_view last;
        while (pos < limit) {
            const char c = text_[pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                ++pos;
                continue;
            }
            if (c == '#') {
                break;
            }
            const std::string_view token = token_at(pos);
            if (pos + token.size() > limit) {
                break;
            }
            last = token;
            pos += token.size();
        }
        return last;
    }

    std::string opener(std::size_t start) const {
        std::string out(token_at(start));
        std::size_t pos = start + out.size();
        while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t')) {
            ++pos;
        }
        if (pos < text_.size() && is_word(text_[pos])) {
            out += ' ';
            out += token_at(pos);
        }
        return out;
    }

    std::string_view text_;
};

/// Builds the AST from the parse tree. Problems found in values (a bad date, a huge number) are
/// collected as diagnostics; conversion always completes.
class Converter {
public:
    Converter(FileId file, std::vector<Diagnostic>& diagnostics)
        : file_(file), diagnostics_(diagnostics) {}

    /// The single expression under the root of an `expression_file` parse.
    Expr convert_expression(const Node& root) { return expr(*root.children.at(0)); }

    File convert(const Node& root) {
        File out;
        out.id = file_;
        for (const auto& child : root.children) {
            out.items.push_back(item(*child));
        }
        return out;
    }

private:
    SourceSpan span(const Node& n) const {
        return {file_, static_cast<std::uint32_t>(n.m_begin.byte),
                static_cast<std::uint32_t>(n.m_end.byte)};
    }

    void error(SourceSpan where, std::string message, std::string_view id = syntax_check_id) {
        Diagnostic d;
        d.severity = Severity::error;
        d.id = std::string(id);
        d.message = std::move(message);
        d.primary = {where, ""};
        diagnostics_.push_back(std::move(d));
    }

    template <typename Rule>
    static const Node* find(const Node& n) {
        for (const auto& c : n.children) {
            if (c->is_type<Rule>()) {
                return c.get();
            }
        }
        return nullptr;
    }

    template <typename Rule>
    static std::vector<const Node*> all(const Node& n) {
        std::vector<const Node*> out;
        for (const auto& c : n.children) {
            if (c->is_type<Rule>()) {
                out.push_back(c.get());
            }
        }
        return out;
    }

    // identifier
    Ident ident(const Node& n) const { return {n.string(), span(n)}; }

    std::vector<Ident> idents(const Node& n) const {
        std::vector<Ident> out;
        for (const Node* c : all<g::identifier>(n)) {
            out.push_back(ident(*c));
        }
        return out;
    }

    static void append_utf8(std::string& out, char32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    /// Decodes escapes in `raw`, which starts at byte `offset` of the file.
    std::string unescape(std::string_view raw, std::uint32_t offset) {
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\' || i + 1 >= raw.size()) {
                out += raw[i];
                continue;
            }
            const char e = raw[++i];
            switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                const std::size_t close = raw.find('}', i);
                const std::string hex(raw.substr(i + 2, close - i - 2));
                const unsigned long cp = std::strtoul(hex.c_str(), nullptr, 16);
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    const auto begin = static_cast<std::uint32_t>(offset + i - 1);
                    error({file_, begin, static_cast<std::uint32_t>(offset + close + 1)},
                          fmt::format("`\\u{{{}}}` is not a Unicode character; use a code point "
                                      "up to 10FFFF outside D800-DFFF",
                                      hex));
                } else {
                    append_utf8(out, static_cast<char32_t>(cp));
                }
                i = close;
                break;
            }
            default: // `"`, `\`, `{`, `}` stand for themselves
                out += e;
            }
        }
        return out;
    }

    // string_lit: `"` chars `"`
    StringLit string(const Node& n) {
        const std::string_view raw = n.string_view();
        return {unescape(raw.substr(1, raw.size() - 2), span(n).begin + 1), span(n)};
    }

    std::optional<StringLit> opt_string(const Node& n) {
        if (const Node* s = find<g::string_lit>(n)) {
            return string(*s);
        }
        return std::nullopt;
    }

    // number: [-] digits [. digits] [e [+-] digits]
    Number number(const Node& n) {
        Number out{n.string(), 0, span(n)};
        std::string plain;
        for (char c : out.text) {
            if (c != '_') {
                plain += c;
            }
        }
        errno = 0;
        out.value = std::strtod(plain.c_str(), nullptr);
        if (!std::isfinite(out.value)) {
            error(out.span,
                  fmt::format("`{}` is too large a number: the largest is about 1.8e308", out.text),
                  number_range_check_id);
            out.value = 0;
            out.in_range = false;
        } else if (errno == ERANGE && std::abs(out.value) < std::numeric_limits<double>::min()) {
            error(
                out.span,
                fmt::format("`{}` is too small a number: the smallest is about 2.2e-308", out.text),
                number_range_check_id);
            out.value = 0;
            out.in_range = false;
        }
        return out;
    }

    // unit: unit_group { `/` unit_group }
    WrittenUnit unit(const Node& n) const {
        WrittenUnit out;
        out.span = span(n);
        for (const Node* group : all<g::unit_group>(n)) {
            std::vector<std::string> words;
            for (const Node* word : all<g::unit_word>(*group)) {
                words.push_back(word->string());
            }
            out.parts.push_back(std::move(words));
        }
        return out;
    }

    // quantity: number [.. number] unit
    Quantity quantity(const Node& n) {
        Quantity out;
        out.span = span(n);
        out.low = number(*find<g::number>(n));
        if (const Node* high = find<g::range_high>(n)) {
            out.high = number(*high);
        }
        out.unit = unit(*find<g::unit>(n));
        out.unit.attached = out.unit.span.begin == (out.high ? out.high->span : out.low.span).end;
        return out;
    }

    static Comparator comparator(const Node& n) {
        const std::string_view s = n.string_view();
        if (s == ">=") {
            return Comparator::greater_equal;
        }
        if (s == "<=") {
            return Comparator::less_equal;
        }
        if (s == ">") {
            return Comparator::greater;
        }
        if (s == "<") {
            return Comparator::less;
        }
        if (s == "=") {
            return Comparator::equal;
        }
        return Comparator::about;
    }

    std::optional<Comparator> opt_comparator(const Node& n) const {
        if (const Node* c = find<g::comparator>(n)) {
            return comparator(*c);
        }
        return std::nullopt;
    }

    // year: YYYY
    Year year(const Node& n) const { return {std::atoi(n.string().c_str()), span(n)}; }

    // date: YYYY-MM-DD
    Date date(const Node& n) {
        const std::string s = n.string();
        Date out{std::atoi(s.substr(0, 4).c_str()), std::atoi(s.substr(5, 2).c_str()),
                 std::atoi(s.substr(8, 2).c_str()), span(n)};
        static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0;
        const bool valid = out.month >= 1 && out.month <= 12 && out.day >= 1 &&
                           out.day <= days[out.month - 1] &&
                           !(out.month == 2 && out.day == 29 && !leap);
        if (!valid) {
            error(out.span, fmt::format("`{}` is not a calendar date", s));
        }
        return out;
    }

    // period_value: YYYY..YYYY
    Period period(const Node& n) {
        const std::string s = n.string();
        const SourceSpan sp = span(n);
        Period out{{std::atoi(s.substr(0, 4).c_str()), {file_, sp.begin, sp.begin + 4}},
                   {std::atoi(s.substr(6, 4).c_str()), {file_, sp.begin + 6, sp.end}},
                   sp};
        if (out.last.value < out.first.value) {
            error(sp, fmt::format("the period `{}` ends before it starts; write the earlier year "
                                  "first",
                                  s));
        }
        return out;
    }

    // citation: identifier [: string]
    std::vector<Citation> citations(const Node& n) {
        std::vector<Citation> out;
        for (const Node* c : all<g::citation>(n)) {
            out.push_back({ident(*find<g::identifier>(*c)), opt_string(*c), span(*c)});
        }
        return out;
    }

    // metric_ref: identifier [( identifier )]
    MetricRef metric_ref(const Node& n) const {
        const auto names = all<g::identifier>(n);
        MetricRef out{ident(*names.at(0)), std::nullopt, span(n)};
        if (names.size() > 1) {
            out.scope = ident(*names[1]);
        }
        return out;
    }

    template <typename T>
    T with_base(const Node& n, T stmt) {
        stmt.span = span(n);
        stmt.citations = citations(n);
        return stmt;
    }

    Stmt field(const Node& n, FieldKind kind) {
        FieldStmt f;
        f.kind = kind;
        const std::string_view text = n.string_view();
        std::size_t kw_end = 0;
        while (kw_end < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[kw_end])) || text[kw_end] == '_')) {
            ++kw_end;
        }
        f.keyword = {std::string(text.substr(0, kw_end)),
                     {file_, span(n).begin, span(n).begin + static_cast<std::uint32_t>(kw_end)}};
        switch (kind) {
        case FieldKind::title:
        case FieldKind::original:
        case FieldKind::document:
            f.value = string(*find<g::string_lit>(n));
            break;
        case FieldKind::issuer:
            f.value = idents(n);
            break;
        case FieldKind::signed_on:
        case FieldKind::published:
            f.value = date(*find<g::date>(n));
            break;
        case FieldKind::period:
            f.value = period(*find<g::period_value>(n));
            break;
        case FieldKind::series:
        case FieldKind::sector:
        case FieldKind::follows:
            f.value = ident(*find<g::identifier>(n));
            break;
        case FieldKind::base:
            f.value = year(*find<g::year>(n));
            break;
        }
        return Stmt{with_base(n, std::move(f))};
    }

    Stmt list(const Node& n, ListKind kind) {
        ListStmt l;
        l.kind = kind;
        auto names = idents(n);
        const std::string_view text = n.string_view();
        std::size_t kw_end = 0;
        while (kw_end < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[kw_end])) || text[kw_end] == '_')) {
            ++kw_end;
        }
        l.keyword = {std::string(text.substr(0, kw_end)),
                     {file_, span(n).begin, span(n).begin + static_cast<std::uint32_t>(kw_end)}};
        l.items = std::move(names);
        return Stmt{with_base(n, std::move(l))};
    }

    // grows_clause | rises_clause | falls_clause | reaches_clause | stays_clause | peaks_clause
    Clause clause(const Node& n) {
        Clause c;
        c.span = span(n);
        if (n.is_type<g::grows_clause>()) {
            c.kind = ClauseKind::grows;
        } else if (n.is_type<g::rises_clause>()) {
            c.kind = ClauseKind::rises;
        } else if (n.is_type<g::falls_clause>()) {
            c.kind = ClauseKind::falls;
        } else if (n.is_type<g::reaches_clause>()) {
            c.kind = ClauseKind::reaches;
        } else if (n.is_type<g::stays_clause>()) {
            c.kind = ClauseKind::stays;
        } else {
            c.kind = ClauseKind::peaks; // peaks by YEAR: no figure
            c.value.span = {file_, c.span.end, c.span.end};
            c.value.unit.span = c.value.span;
            c.by = year(*find<g::year>(*find<g::peak_year>(n)));
            return c;
        }
        c.comparator = opt_comparator(n);
        c.value = quantity(*find<g::quantity>(n));
        if (const Node* by = find<g::by_year>(n)) {
            c.by = year(*find<g::year>(*by));
        }
        if (const Node* from = find<g::from_year>(n)) {
            c.from = year(*find<g::year>(*from));
        }
        if (const Node* in = find<g::in_year>(n)) {
            c.in = year(*find<g::year>(*in));
        }
        if (c.from && c.by && c.from->value >= c.by->value) {
            error(c.from->span,
                  fmt::format("`from {}` is not before `by {}`: a change runs from an earlier "
                              "year to a later one",
                              c.from->value, c.by->value));
        }
        return c;
    }

    // The parts of a baseline_stmt or an actual_stmt after the keyword.
    void year_figure(const Node& n, YearFigure& out) {
        out.metric = metric_ref(*find<g::metric_ref>(n));
        out.is_growth = find<g::growth_marker>(n) != nullptr;
        out.year = year(*find<g::year>(n));
        out.comparator = opt_comparator(n);
        out.value = quantity(*find<g::quantity>(n));
    }

    // target_stmt: target identifier : metric_ref clause {, clause} citations
    Stmt target(const Node& n) {
        TargetStmt t;
        t.name = ident(*find<g::identifier>(n));
        t.metric = metric_ref(*find<g::metric_ref>(n));
        for (const auto& c : n.children) {
            if (c->is_type<g::grows_clause>() || c->is_type<g::rises_clause>() ||
                c->is_type<g::falls_clause>() || c->is_type<g::reaches_clause>() ||
                c->is_type<g::stays_clause>() || c->is_type<g::peaks_clause>()) {
                t.clauses.push_back(clause(*c));
            }
        }
        return Stmt{with_base(n, std::move(t))};
    }

    // focus_stmt: focus identifier [string] { statement* } citations
    Stmt focus(const Node& n) {
        FocusStmt f;
        f.name = ident(*find<g::identifier>(n));
        f.label = opt_string(n);
        for (const auto& c : n.children) {
            if (!c->is_type<g::identifier>() && !c->is_type<g::string_lit>() &&
                !c->is_type<g::citation>() && !c->is_type<g::close_brace>()) {
                f.body.push_back(statement(*c));
            }
        }
        f.close_brace = span(*find<g::close_brace>(n));
        return Stmt{with_base(n, std::move(f))};
    }

    Stmt statement(const Node& n) {
        if (n.is_type<g::title_stmt>()) {
            return field(n, FieldKind::title);
        }
        if (n.is_type<g::original_stmt>()) {
            return field(n, FieldKind::original);
        }
        if (n.is_type<g::document_stmt>()) {
            return field(n, FieldKind::document);
        }
        if (n.is_type<g::issuer_stmt>()) {
            return field(n, FieldKind::issuer);
        }
        if (n.is_type<g::signed_stmt>()) {
            return field(n, FieldKind::signed_on);
        }
        if (n.is_type<g::published_stmt>()) {
            return field(n, FieldKind::published);
        }
        if (n.is_type<g::period_stmt>()) {
            return field(n, FieldKind::period);
        }
        if (n.is_type<g::series_stmt>()) {
            return field(n, FieldKind::series);
        }
        if (n.is_type<g::sector_stmt>()) {
            return field(n, FieldKind::sector);
        }
        if (n.is_type<g::follows_stmt>()) {
            return field(n, FieldKind::follows);
        }
        if (n.is_type<g::base_stmt>()) {
            return field(n, FieldKind::base);
        }
        if (n.is_type<g::source_stmt>()) {
            // source identifier string [string] citations
            SourceStmt s;
            s.name = ident(*find<g::identifier>(n));
            const auto strings = all<g::string_lit>(n);
            s.url = string(*strings.at(0));
            if (strings.size() > 1) {
                s.description = string(*strings[1]);
            }
            return Stmt{with_base(n, std::move(s))};
        }
        if (n.is_type<g::scope_stmt>()) {
            // scope identifier [of count] { name_list } citations
            ScopeStmt s;
            auto names = idents(n);
            s.name = names.at(0);
            s.items.assign(names.begin() + 1, names.end());
            if (const Node* c = find<g::count>(n)) {
                s.declared_size = number(*c);
                if (s.declared_size->value > max_count) {
                    error(s.declared_size->span,
                          fmt::format("a scope of `{}` items is too large a count: at most {} is "
                                      "read as a number of items",
                                      s.declared_size->text, max_count),
                          number_range_check_id);
                    s.declared_size.reset();
                }
            }
            return Stmt{with_base(n, std::move(s))};
        }
        if (n.is_type<g::baseline_stmt>()) {
            // baseline metric_ref [growth] year = [comparator] quantity citations
            BaselineStmt b;
            year_figure(n, b);
            return Stmt{with_base(n, std::move(b))};
        }
        if (n.is_type<g::actual_stmt>()) {
            // actual metric_ref [growth] year = [comparator] quantity citations
            ActualStmt a;
            year_figure(n, a);
            return Stmt{with_base(n, std::move(a))};
        }
        if (n.is_type<g::target_stmt>()) {
            return target(n);
        }
        if (n.is_type<g::initiatives_stmt>()) {
            return list(n, ListKind::initiatives);
        }
        if (n.is_type<g::drivers_stmt>()) {
            return list(n, ListKind::drivers);
        }
        if (n.is_type<g::serves_stmt>()) {
            return list(n, ListKind::serves);
        }
        if (n.is_type<g::silent_on_stmt>()) {
            return list(n, ListKind::silent_on);
        }
        if (n.is_type<g::note_stmt>()) {
            NoteStmt s;
            s.text = string(*find<g::string_lit>(n));
            return Stmt{with_base(n, std::move(s))};
        }
        return focus(n);
    }

    // ---- expressions

    Predicate predicate(const Node& n) {
        if (n.is_type<g::where_predicate>()) {
            return WherePredicate{std::make_unique<Expr>(expr(*n.children.at(0)))};
        }
        return HasPredicate{metric_ref(*find<g::metric_ref>(n))};
    }

    static BinaryOp binary_op(std::string_view op) {
        static constexpr std::pair<std::string_view, BinaryOp> table[] = {
            {"+", BinaryOp::add},           {"-", BinaryOp::subtract},
            {"*", BinaryOp::multiply},      {"/", BinaryOp::divide},
            {"<", BinaryOp::less},          {"<=", BinaryOp::less_equal},
            {">", BinaryOp::greater},       {">=", BinaryOp::greater_equal},
            {"==", BinaryOp::equal},        {"!=", BinaryOp::not_equal},
            {"and", BinaryOp::logical_and}, {"or", BinaryOp::logical_or}};
        for (const auto& [text, op_value] : table) {
            if (text == op) {
                return op_value;
            }
        }
        return BinaryOp::add;
    }

    Expr expr(const Node& n) {
        const SourceSpan sp = span(n);
        if (n.is_type<g::number_expr>()) {
            NumberExpr e{number(*find<g::number>(n)), std::nullopt};
            if (const Node* u = find<g::unit>(n)) {
                e.unit = unit(*u);
                e.unit->attached = e.unit->span.begin == e.number.span.end;
            }
            return {std::move(e), sp};
        }
        if (n.is_type<g::string_lit>()) {
            return {StringExpr{string(n)}, sp};
        }
        if (n.is_type<g::bool_expr>()) {
            return {BoolExpr{n.string_view() == "true"}, sp};
        }
        if (n.is_type<g::name_expr>()) {
            return {NameExpr{ident(*find<g::identifier>(n))}, sp};
        }
        if (n.is_type<g::call_expr>()) {
            CallExpr e{ident(*n.children.at(0)), {}};
            for (std::size_t i = 1; i < n.children.size(); ++i) {
                e.args.push_back(expr(*n.children[i]));
            }
            return {std::move(e), sp};
        }
        if (n.is_type<g::quantifier_expr>()) {
            const std::string_view word = find<g::quantifier_word>(n)->string_view();
            const Quantifier q = word == "every"  ? Quantifier::every
                                 : word == "some" ? Quantifier::some
                                                  : Quantifier::none;
            return {
                QuantifierExpr{q, ident(*find<g::identifier>(n)), predicate(*n.children.back())},
                sp};
        }
        if (n.is_type<g::filter_expr>()) {
            return {FilterExpr{ident(*find<g::identifier>(n)), predicate(*n.children.back())}, sp};
        }
        if (n.is_type<g::postfix_expr>()) {
            // postfix_expr: primary { . identifier }
            Expr e = expr(*n.children.at(0));
            for (std::size_t i = 1; i < n.children.size(); ++i) {
                const Node& m = *n.children[i];
                const SourceSpan msp{file_, sp.begin, span(m).end};
                e = Expr{MemberExpr{std::make_unique<Expr>(std::move(e)),
                                    ident(*find<g::identifier>(m))},
                         msp};
            }
            return e;
        }
        if (n.is_type<g::negate_expr>()) {
            return {UnaryExpr{UnaryOp::negate, std::make_unique<Expr>(expr(*n.children.at(0)))},
                    sp};
        }
        if (n.is_type<g::not_op_expr>()) {
            return {
                UnaryExpr{UnaryOp::logical_not, std::make_unique<Expr>(expr(*n.children.at(0)))},
                sp};
        }
        // A chain `e0 op e1 op e2 …` (mul, add, cmp, and, or), folded to the left.
        Expr lhs = expr(*n.children.at(0));
        for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
            Expr rhs = expr(*n.children[i + 1]);
            const SourceSpan chain{file_, sp.begin, rhs.span.end};
            lhs = Expr{BinaryExpr{binary_op(n.children[i]->string_view()),
                                  std::make_unique<Expr>(std::move(lhs)),
                                  std::make_unique<Expr>(std::move(rhs))},
                       chain};
        }
        return lhs;
    }

    // message_string: " { message_text | { expression } } "
    InterpolatedString message(const Node& n) {
        InterpolatedString out;
        out.span = span(n);
        for (const auto& c : n.children) {
            if (c->is_type<g::message_text>()) {
                out.parts.emplace_back(unescape(c->string_view(), span(*c).begin));
            } else {
                out.parts.emplace_back(expr(*c));
            }
        }
        return out;
    }

    RuleStmt rule_statement(const Node& n) {
        if (n.is_type<g::let_stmt>()) {
            return LetStmt{ident(*n.children.at(0)), expr(*n.children.at(1)), span(n)};
        }
        if (n.is_type<g::when_stmt>()) {
            return WhenStmt{expr(*n.children.at(0)), span(n)};
        }
        if (n.is_type<g::require_stmt>()) {
            return RequireStmt{expr(*n.children.at(0)), span(n)};
        }
        return MessageStmt{message(*n.children.at(0)), span(n)};
    }

    // plan identifier { statement* }
    PlanDecl plan(const Node& n) {
        PlanDecl p;
        p.name = ident(*find<g::identifier>(n));
        p.span = span(n);
        for (const auto& c : n.children) {
            if (!c->is_type<g::identifier>() && !c->is_type<g::close_brace>()) {
                p.body.push_back(statement(*c));
            }
        }
        p.close_brace = span(*find<g::close_brace>(n));
        return p;
    }

    // expect_stmt: expect ( severity[identifier] [line N] [string] | no identifier
    //                     | expression [within tolerance] )
    TestStmt expectation(const Node& n) {
        const Node& e = *n.children.at(0);
        if (e.is_type<g::expect_finding>()) {
            ExpectFinding f;
            f.severity = ident(*find<g::severity>(e));
            f.id = ident(*find<g::identifier>(e));
            if (const Node* line = find<g::line_number>(e)) {
                f.line = number(*line);
            }
            if (const Node* text = find<g::string_lit>(e)) {
                f.text = string(*text);
            }
            f.span = span(n);
            return f;
        }
        if (e.is_type<g::expect_absent>()) {
            return ExpectAbsent{ident(*find<g::identifier>(e)), span(n)};
        }
        ExpectValue v{expr(*e.children.at(0)), std::nullopt, span(n)};
        if (const Node* t = find<g::tolerance>(e)) {
            NumberExpr within{number(*find<g::number>(*t)), std::nullopt};
            if (const Node* u = find<g::unit>(*t)) {
                within.unit = unit(*u);
                within.unit->attached = within.unit->span.begin == within.number.span.end;
            }
            v.within = Expr{std::move(within), span(*t)};
        }
        return v;
    }

    // test_decl: test identifier [string] { ( plan "path" | plan_decl | expect_stmt )* }
    TestDecl test(const Node& n) {
        TestDecl t;
        t.span = span(n);
        t.name = ident(*find<g::identifier>(n));
        t.label = opt_string(n);
        for (const auto& c : n.children) {
            if (c->is_type<g::plan_decl>()) {
                t.body.emplace_back(plan(*c));
            } else if (c->is_type<g::test_plan_file>()) {
                t.body.emplace_back(PlanFile{string(*find<g::string_lit>(*c)), span(*c)});
            } else if (c->is_type<g::expect_stmt>()) {
                t.body.push_back(expectation(*c));
            }
        }
        t.close_brace = span(*find<g::close_brace>(n));
        return t;
    }

    Item item(const Node& n) {
        if (n.is_type<g::import_decl>()) {
            return ImportDecl{string(*find<g::string_lit>(n)), span(n)};
        }
        if (n.is_type<g::plan_decl>()) {
            return plan(n);
        }
        if (n.is_type<g::test_decl>()) {
            return test(n);
        }
        if (n.is_type<g::metric_decl>()) {
            // metric identifier [string] unit UNIT [aka name_list] citations
            MetricDecl m;
            m.name = ident(*find<g::identifier>(n));
            m.label = opt_string(n);
            m.unit = unit(*find<g::unit>(n));
            if (const Node* aka = find<g::aka_names>(n)) {
                m.aka = idents(*aka);
            }
            return with_base(n, std::move(m));
        }
        if (n.is_type<g::scope_stmt>()) {
            return std::get<ScopeStmt>(statement(n).kind);
        }
        if (n.is_type<g::identity_decl>()) {
            IdentityDecl d{{}, expr(*n.children.at(0)), expr(*n.children.at(1))};
            return with_base(n, std::move(d));
        }
        // rule identifier : severity [for identifier] { rule_statement* }
        RuleDecl r;
        r.span = span(n);
        r.name = ident(*find<g::identifier>(n));
        r.severity = {find<g::severity>(n)->string(), span(*find<g::severity>(n))};
        if (const Node* subject = find<g::rule_subject>(n)) {
            r.subject = ident(*find<g::identifier>(*subject));
        }
        for (const auto& c : n.children) {
            if (c->is_type<g::let_stmt>() || c->is_type<g::when_stmt>() ||
                c->is_type<g::require_stmt>() || c->is_type<g::message_stmt>()) {
                r.body.push_back(rule_statement(*c));
            }
        }
        r.close_brace = span(*find<g::close_brace>(n));
        return r;
    }

    FileId file_;
    std::vector<Diagnostic>& diagnostics_;
};

/// Offsets of the opening quotes of every message string in the parse tree, in source order.
void collect_message_strings(const Node& n, std::vector<std::size_t>& out) {
    if (n.is_type<g::message_string>()) {
        out.push_back(n.m_begin.byte);
    }
    for (const auto& child : n.children) {
        collect_message_strings(*child, out);
    }
}

/// Comments are found by a small scan rather than by the grammar, so that comments in parts the
/// parser skipped after an error are still seen. A `#` starts a comment outside strings; inside a
/// message string's `{…}` interpolation the text is code again (and may even hold a comment, and
/// the interpolation may span lines).
///
/// Which strings are message strings is the parser's knowledge, not the scanner's guess:
/// `message_starts` holds the offsets where the grammar matched a `message_string`. (Guessing from
/// the word before the quote took the label of `metric message "{#" unit t` for a message and
/// invented a comment in it, and missed `message` followed by a line break.) A message string in a
/// statement the parser skipped after an error is scanned as a plain string.
class CommentScanner {
public:
    CommentScanner(std::string_view text, FileId file, std::vector<std::size_t> message_starts)
        : text_(text), file_(file), message_starts_(std::move(message_starts)) {
        std::sort(message_starts_.begin(), message_starts_.end());
    }

    std::vector<Comment> scan() {
        while (pos_ < text_.size()) {
            code_step();
        }
        return std::move(out_);
    }

private:
    /// One step in code: a string, a comment, or any other byte.
    void code_step() {
        const char c = text_[pos_];
        if (c == '"') {
            string_literal(
                std::binary_search(message_starts_.begin(), message_starts_.end(), pos_));
        } else if (c == '#') {
            comment();
        } else {
            ++pos_;
        }
    }

    /// A string from its opening quote. In a message string, `{…}` is code again, where strings
    /// and comments may appear, up to the matching `}`.
    void string_literal(bool interpolated) {
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') {
                pos_ += 2;
            } else if (interpolated && text_[pos_] == '{') {
                ++pos_;
                int depth = 1;
                while (pos_ < text_.size() && depth > 0) {
                    if (text_[pos_] == '{') {
                        ++depth;
                    } else if (text_[pos_] == '}' && --depth == 0) {
                        ++pos_;
                        break;
                    }
                    code_step();
                }
            } else {
                ++pos_;
            }
        }
        if (pos_ < text_.size() && text_[pos_] == '"') {
            ++pos_;
        }
    }

    void comment() {
        std::size_t end = text_.find('\n', pos_);
        if (end == std::string_view::npos) {
            end = text_.size();
        }
        std::size_t trimmed = end;
        while (trimmed > pos_ && (text_[trimmed - 1] == '\r' || text_[trimmed - 1] == ' ' ||
                                  text_[trimmed - 1] == '\t')) {
            --trimmed;
        }
        out_.push_back(
            {std::string(text_.substr(pos_, trimmed - pos_)),
             {file_, static_cast<std::uint32_t>(pos_), static_cast<std::uint32_t>(trimmed)}});
        pos_ = end;
    }

    std::string_view text_;
    FileId file_;
    std::vector<std::size_t> message_starts_; // sorted
    std::size_t pos_ = 0;
    std::vector<Comment> out_;
};

/// Nesting deeper than the limit is a reached limit, not a mistake in the grammar: it gets the
/// `limit` id and a note naming the limit.
void mark_depth_limit(const detail::RawSyntaxError& e, Diagnostic& d, const ParseOptions& options) {
    if (e.message == errors::message<g::too_deep>) {
        d.id = limit_check_id;
        d.notes.push_back(fmt::format("expressions may nest at most {} levels deep (the nesting "
                                      "limit, Limits::max_depth)",
                                      options.max_depth));
    }
}

} // namespace

ParseResult parse_file(const SourceMap& sources, FileId id, const ParseOptions& options) {
    const SourceFile& source = sources.file(id);
    const std::string& text = source.text();
    ParseResult result;
    result.file.id = id;

    const auto syntax_error = [&](std::size_t offset, std::size_t length, std::string message) {
        Diagnostic d;
        d.severity = Severity::error;
        d.id = syntax_check_id;
        d.message = std::move(message);
        d.primary = {
            {id, static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(offset + length)},
            ""};
        result.diagnostics.push_back(std::move(d));
    };

    if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        syntax_error(bad, 1,
                     "the file is not valid UTF-8 here; save it as UTF-8 (Ingot reads no other "
                     "encoding)");
        return result;
    }

    detail::ParseState state;
    state.max_depth = options.max_depth;
    state.max_errors = options.max_errors;
    pegtl::memory_input<> in(text.data(), text.size(), source.path());
    std::unique_ptr<Node> root;
    try {
        root =
            pegtl::parse_tree::parse<g::file, selector, pegtl::nothing, errors::control>(in, state);
    } catch (const pegtl::parse_error& e) {
        // Only `too_many_errors` (or an error past the limit) reaches here.
        const std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
        state.errors.push_back({offset, offset, std::string(e.message())});
    }

    const MessageContext context(text);
    for (const detail::RawSyntaxError& e : state.errors) {
        syntax_error(e.offset, context.token_length(e.offset), context.fill(e, source));
        mark_depth_limit(e, result.diagnostics.back(), options);
    }
    std::vector<std::size_t> message_starts;
    if (root) {
        Converter converter(id, result.diagnostics);
        result.file = converter.convert(*root);
        collect_message_strings(*root, message_starts);
    }
    result.file.comments = CommentScanner(text, id, std::move(message_starts)).scan();
    sort_diagnostics(result.diagnostics, sources);
    return result;
}

ExpressionParseResult parse_expression(const SourceMap& sources, FileId id,
                                       const ParseOptions& options) {
    const SourceFile& source = sources.file(id);
    const std::string& text = source.text();
    ExpressionParseResult result;
    detail::ParseState state;
    state.max_depth = options.max_depth;
    pegtl::memory_input<> in(text.data(), text.size(), source.path());
    std::unique_ptr<Node> root;
    try {
        root =
            pegtl::parse_tree::parse<g::expression_file, selector, pegtl::nothing, errors::control>(
                in, state);
    } catch (const pegtl::parse_error& e) {
        const std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
        const MessageContext context(text);
        const detail::RawSyntaxError raw{offset, 0, std::string(e.message())};
        Diagnostic d;
        d.severity = Severity::error;
        d.id = syntax_check_id;
        d.message = context.fill(raw, source);
        d.primary = {{id, static_cast<std::uint32_t>(offset),
                      static_cast<std::uint32_t>(offset + context.token_length(offset))},
                     ""};
        mark_depth_limit(raw, d, options);
        result.diagnostics.push_back(std::move(d));
        return result;
    }
    if (root) {
        Converter converter(id, result.diagnostics);
        result.expr = converter.convert_expression(*root);
    }
    return result;
}

} // namespace ingot::lang

// The writers of a Comparison (include/ingot/compare.hpp): text, markdown, csv, json and html.
//
// Every format shows the same grid: a header (the plans, or with `transpose` the metrics), one
// row per metric (or plan), and a last row (column) for what each plan is silent on. A cell's
// text is cell_lines(): its numbers go through format_figure, the one policy every command
// prints figures with. Text from the plan files is escaped by each format's rules: printable()
// for the terminal, `\|` and entities for markdown, quoting for csv, JSON strings, HTML entities.
#include "ingot/compare.hpp"

#include "lang/source.hpp"
#include "runtime/compare_support.hpp"
#include "runtime/figure.hpp"
#include "runtime/report_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ingot {

namespace {

using runtime::compare_support::csv_record;
using Json = nlohmann::ordered_json;

constexpr std::string_view silent_heading = "silent on";

using runtime::compare_support::display_figure;

std::string citation_ids(const std::vector<Citation>& citations) {
    std::vector<std::string> ids;
    ids.reserve(citations.size());
    for (const Citation& c : citations) {
        ids.push_back(c.source);
    }
    return fmt::format("{}", fmt::join(ids, ", "));
}

/// A target as a cell shows it, without its citations: `grows ~1.5 %/yr`, or with its series
/// first when that is not the row's metric as written (`output(metals) grows ~1.5 %/yr`).
std::string target_text(const CompareRow& row, const ComparedTarget& target) {
    return target.series == row.metric ? target.text : target.series + " " + target.text;
}

// ---- the grid every format shows ------------------------------------------------------------

/// One cell of the grid: lines of text; `heading` for the header row and the first column.
struct GridCell {
    std::vector<std::string> lines;
    bool heading = false;
};

struct Grid {
    std::vector<std::vector<GridCell>> rows; // rows[0] is the header
};

std::string period_text(const ComparedPlan& p) {
    if (p.first_year && p.last_year) {
        return *p.first_year == *p.last_year ? std::to_string(*p.first_year)
                                             : fmt::format("{}..{}", *p.first_year, *p.last_year);
    }
    return "";
}

GridCell plan_heading(const ComparedPlan& p) {
    GridCell cell{{p.name}, true};
    if (!p.title.empty()) {
        cell.lines.push_back(p.title);
    }
    if (const std::string period = period_text(p); !period.empty()) {
        cell.lines.push_back(period);
    }
    return cell;
}

GridCell metric_heading(const CompareRow& row) {
    GridCell cell{{row.metric}, true};
    if (row.label != row.metric) {
        cell.lines.push_back(row.label);
    }
    return cell;
}

std::string silent_text(const ComparedPlan& p) {
    return fmt::format("{}", fmt::join(p.silent_on, ", "));
}

bool any_silent(const Comparison& c) {
    return std::any_of(c.plans.begin(), c.plans.end(),
                       [](const ComparedPlan& p) { return !p.silent_on.empty(); });
}

GridCell value_cell(const CompareRow& row, const std::optional<CompareCell>& cell, int digits) {
    return cell ? GridCell{cell_lines(row, *cell, digits), false} : GridCell{};
}

Grid grid_of(const Comparison& c, bool transpose, int digits) {
    Grid g;
    const bool silent = any_silent(c);
    if (!transpose) {
        std::vector<GridCell> header{GridCell{{"metric"}, true}};
        for (const ComparedPlan& p : c.plans) {
            header.push_back(plan_heading(p));
        }
        g.rows.push_back(std::move(header));
        for (const CompareRow& row : c.rows) {
            std::vector<GridCell> line{metric_heading(row)};
            for (const auto& cell : row.cells) {
                line.push_back(value_cell(row, cell, digits));
            }
            g.rows.push_back(std::move(line));
        }
        if (silent) {
            std::vector<GridCell> line{GridCell{{std::string(silent_heading)}, true}};
            for (const ComparedPlan& p : c.plans) {
                line.push_back(p.silent_on.empty() ? GridCell{} : GridCell{{silent_text(p)}});
            }
            g.rows.push_back(std::move(line));
        }
        return g;
    }
    std::vector<GridCell> header{GridCell{{"plan"}, true}};
    for (const CompareRow& row : c.rows) {
        header.push_back(metric_heading(row));
    }
    if (silent) {
        header.push_back(GridCell{{std::string(silent_heading)}, true});
    }
    g.rows.push_back(std::move(header));
    for (std::size_t p = 0; p < c.plans.size(); ++p) {
        std::vector<GridCell> line{plan_heading(c.plans[p])};
        for (const CompareRow& row : c.rows) {
            line.push_back(
                value_cell(row, p < row.cells.size() ? row.cells[p] : std::nullopt, digits));
        }
        if (silent) {
            line.push_back(c.plans[p].silent_on.empty() ? GridCell{}
                                                        : GridCell{{silent_text(c.plans[p])}});
        }
        g.rows.push_back(std::move(line));
    }
    return g;
}

// ---- text: a box-drawn table fitted to a width ----------------------------------------------

std::size_t width_of(std::string_view text) {
    return lang::display_width(text);
}

/// The byte length of the longest prefix of `word` no wider than `width` (at least one code
/// point, so that wrapping always advances).
std::size_t fitting_prefix(std::string_view word, std::size_t width) {
    std::size_t end = 0;
    std::size_t used = 0;
    while (end < word.size()) {
        std::size_t next = end + 1;
        while (next < word.size() && (static_cast<unsigned char>(word[next]) & 0xC0) == 0x80) {
            ++next;
        }
        const std::size_t w = width_of(word.substr(end, next - end));
        if (end > 0 && used + w > width) {
            break;
        }
        used += w;
        end = next;
    }
    return end;
}

/// `line` wrapped at spaces to `width` display columns; a word wider than that is broken.
std::vector<std::string> wrap(const std::string& line, std::size_t width) {
    if (width == 0 || width_of(line) <= width) {
        return {line};
    }
    std::vector<std::string> out;
    std::string current;
    std::size_t current_width = 0;
    const auto flush = [&] {
        out.push_back(current);
        current.clear();
        current_width = 0;
    };
    std::size_t start = 0;
    while (start <= line.size()) {
        const std::size_t space = line.find(' ', start);
        std::string_view word = std::string_view(line).substr(
            start, space == std::string::npos ? std::string::npos : space - start);
        if (!word.empty()) {
            std::size_t w = width_of(word);
            if (!current.empty() && current_width + 1 + w > width) {
                flush();
            }
            while (w > width - (current.empty() ? 0 : current_width + 1)) {
                if (!current.empty()) {
                    flush();
                }
                const std::size_t cut = fitting_prefix(word, width);
                out.emplace_back(word.substr(0, cut));
                word.remove_prefix(cut);
                w = width_of(word);
            }
            if (!word.empty()) {
                if (!current.empty()) {
                    current += ' ';
                    ++current_width;
                }
                current += word;
                current_width += w;
            }
        }
        if (space == std::string::npos) {
            break;
        }
        start = space + 1;
    }
    if (!current.empty() || out.empty()) {
        out.push_back(current);
    }
    return out;
}

/// Column widths: each column's natural width, narrowed (the widest first) until the table fits
/// in `width` — first no narrower than its longest word, so words break only when the table
/// cannot fit otherwise, then down to `floor` columns (or its natural width, when less).
std::vector<std::size_t> fit_columns(const std::vector<std::size_t>& natural,
                                     const std::vector<std::size_t>& longest_word,
                                     std::size_t width) {
    std::vector<std::size_t> out = natural;
    if (width == 0) {
        return out;
    }
    const std::size_t frame = 1 + 3 * natural.size();
    const std::size_t budget = width > frame ? width - frame : 0;
    constexpr std::size_t floor = 6;
    std::size_t total = 0;
    for (const std::size_t w : out) {
        total += w;
    }
    for (const bool keep_words : {true, false}) {
        std::vector<std::size_t> least(out.size());
        for (std::size_t c = 0; c < out.size(); ++c) {
            least[c] = std::min(natural[c], keep_words ? std::max(floor, longest_word[c]) : floor);
        }
        while (total > budget) {
            std::size_t widest = out.size();
            for (std::size_t c = 0; c < out.size(); ++c) {
                if (out[c] > least[c] && (widest == out.size() || out[c] > out[widest])) {
                    widest = c;
                }
            }
            if (widest == out.size()) {
                break;
            }
            --out[widest];
            --total;
        }
    }
    return out;
}

std::string rule_line(const std::vector<std::size_t>& widths, std::string_view left,
                      std::string_view fill, std::string_view middle, std::string_view right) {
    std::string out(left);
    for (std::size_t c = 0; c < widths.size(); ++c) {
        if (c > 0) {
            out += middle;
        }
        for (std::size_t i = 0; i < widths[c] + 2; ++i) {
            out += fill;
        }
    }
    out += right;
    out += '\n';
    return out;
}

std::string write_text(const Comparison& c, const CompareWriteOptions& options) {
    Grid g = grid_of(c, options.transpose, options.digits);
    for (auto& row : g.rows) {
        for (GridCell& cell : row) {
            for (std::string& line : cell.lines) {
                line = lang::printable(line);
            }
        }
    }
    const std::size_t columns = g.rows.front().size();
    std::vector<std::size_t> natural(columns, 1);
    std::vector<std::size_t> longest_word(columns, 1);
    for (const auto& row : g.rows) {
        for (std::size_t col = 0; col < columns; ++col) {
            for (const std::string& line : row[col].lines) {
                natural[col] = std::max(natural[col], width_of(line));
                for (std::size_t start = 0; start <= line.size();) {
                    const std::size_t space = std::min(line.find(' ', start), line.size());
                    longest_word[col] =
                        std::max(longest_word[col],
                                 width_of(std::string_view(line).substr(start, space - start)));
                    start = space + 1;
                }
            }
        }
    }
    const std::vector<std::size_t> widths = fit_columns(natural, longest_word, options.width);
    const auto bold = [&](const std::string& s) {
        return options.color ? "\033[1m" + s + "\033[0m" : s;
    };
    const auto dim = [&](const std::string& s) {
        return options.color ? "\033[2m" + s + "\033[0m" : s;
    };

    std::string out = rule_line(widths, "┌", "─", "┬", "┐");
    for (std::size_t r = 0; r < g.rows.size(); ++r) {
        std::vector<std::vector<std::string>> wrapped(columns);
        std::vector<std::vector<bool>> first(columns); // the first line of a heading's text
        std::size_t height = 1;
        for (std::size_t col = 0; col < columns; ++col) {
            for (std::size_t l = 0; l < g.rows[r][col].lines.size(); ++l) {
                for (std::string& piece : wrap(g.rows[r][col].lines[l], widths[col])) {
                    wrapped[col].push_back(std::move(piece));
                    first[col].push_back(l == 0);
                }
            }
            height = std::max(height, wrapped[col].size());
        }
        for (std::size_t l = 0; l < height; ++l) {
            out += "│";
            for (std::size_t col = 0; col < columns; ++col) {
                const GridCell& cell = g.rows[r][col];
                const std::string text = l < wrapped[col].size() ? wrapped[col][l] : "";
                const std::string pad(widths[col] - std::min(widths[col], width_of(text)), ' ');
                const bool strong = cell.heading && l < first[col].size() && first[col][l];
                const std::string shown = text.empty()   ? text
                                          : strong       ? bold(text)
                                          : cell.heading ? dim(text)
                                                         : text;
                out += " " + shown + pad + " │";
            }
            out += '\n';
        }
        if (r + 1 < g.rows.size()) {
            out += r == 0 ? rule_line(widths, "╞", "═", "╪", "╡")
                          : rule_line(widths, "├", "─", "┼", "┤");
        }
    }
    out += rule_line(widths, "└", "─", "┴", "┘");
    return out;
}

// ---- markdown ---------------------------------------------------------------------------------

/// Text in a GitHub table cell: `|`, `\`, `*` and `` ` `` escaped with a backslash, `<` and `&`
/// as entities (a line break is `<br>`). Underscores stay: inside a word (`steel_2025`) GitHub
/// reads them as text.
std::string markdown_escaped(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        switch (ch) {
        case '|':
        case '\\':
        case '*':
        case '`':
            out += '\\';
            out += ch;
            break;
        case '<':
            out += "&lt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '\n':
        case '\r':
            out += ' ';
            break;
        default:
            out += ch;
        }
    }
    return out;
}

std::string markdown_cell(const GridCell& cell) {
    std::vector<std::string> lines;
    for (std::size_t l = 0; l < cell.lines.size(); ++l) {
        std::string text = markdown_escaped(cell.lines[l]);
        lines.push_back(cell.heading && l == 0 ? "**" + text + "**" : text);
    }
    return fmt::format("{}", fmt::join(lines, "<br>"));
}

std::string write_markdown(const Comparison& c, const CompareWriteOptions& options) {
    const Grid g = grid_of(c, options.transpose, options.digits);
    std::string out;
    for (std::size_t r = 0; r < g.rows.size(); ++r) {
        out += "|";
        for (const GridCell& cell : g.rows[r]) {
            const std::string text = markdown_cell(cell);
            out += text.empty() ? " |" : " " + text + " |";
        }
        out += '\n';
        if (r == 0) {
            out += "|";
            for (std::size_t col = 0; col < g.rows[r].size(); ++col) {
                out += " --- |";
            }
            out += '\n';
        }
    }
    return out;
}

// ---- csv --------------------------------------------------------------------------------------

std::string joined_lines(const std::vector<std::string>& lines) {
    return fmt::format("{}", fmt::join(lines, "\n"));
}

std::string write_csv(const Comparison& c, const CompareWriteOptions& options) {
    std::string out;
    const bool silent = any_silent(c);
    if (!options.transpose) {
        std::vector<std::string> header{"metric", "label", "unit"};
        for (const ComparedPlan& p : c.plans) {
            header.push_back(p.name);
        }
        out += csv_record(header);
        for (const CompareRow& row : c.rows) {
            std::vector<std::string> fields{row.metric, row.label, row.unit};
            for (const auto& cell : row.cells) {
                fields.push_back(cell ? joined_lines(cell_lines(row, *cell, options.digits)) : "");
            }
            out += csv_record(fields);
        }
        if (silent) {
            std::vector<std::string> fields{"silent_on", std::string(silent_heading), ""};
            for (const ComparedPlan& p : c.plans) {
                fields.push_back(silent_text(p));
            }
            out += csv_record(fields);
        }
        return out;
    }
    std::vector<std::string> header{"plan", "title", "period"};
    for (const CompareRow& row : c.rows) {
        header.push_back(row.metric);
    }
    if (silent) {
        header.emplace_back("silent_on");
    }
    out += csv_record(header);
    for (std::size_t p = 0; p < c.plans.size(); ++p) {
        const ComparedPlan& plan = c.plans[p];
        std::vector<std::string> fields{plan.name, plan.title, period_text(plan)};
        for (const CompareRow& row : c.rows) {
            const auto& cell = p < row.cells.size() ? row.cells[p] : std::nullopt;
            fields.push_back(cell ? joined_lines(cell_lines(row, *cell, options.digits)) : "");
        }
        if (silent) {
            fields.push_back(silent_text(plan));
        }
        out += csv_record(fields);
    }
    return out;
}

// ---- json -------------------------------------------------------------------------------------

/// The schema's version: raised when a field is removed, renamed or changes meaning; adding a
/// field keeps it.
constexpr int schema_version = 1;

using runtime::report::number_json;
using runtime::report::reading_name;

Json value_json(const std::optional<Range>& value, std::string_view unit, bool change, int digits) {
    if (!value) {
        return nullptr;
    }
    const bool has_nominal = value->nominal && value->reading != Reading::none;
    return Json{{"low", number_json(value->low.value)},
                {"low_open", value->low.open},
                {"nominal", has_nominal ? number_json(*value->nominal) : Json(nullptr)},
                {"reading", reading_name(has_nominal ? value->reading : Reading::none)},
                {"high", number_json(value->high.value)},
                {"high_open", value->high.open},
                {"unit", unit},
                {"text", to_text(*value, unit, change, digits)}};
}

Json span_json(const Span& span) {
    return Json{{"path", span.path},
                {"line", span.begin.line},
                {"column", span.begin.column},
                {"end_line", span.end.line},
                {"end_column", span.end.column}};
}

Json optional_year(const std::optional<int>& year) {
    return year ? Json(*year) : Json(nullptr);
}

std::string write_json(const Comparison& c, const CompareWriteOptions& options) {
    Json plans = Json::array();
    for (const ComparedPlan& p : c.plans) {
        plans.push_back(Json{{"name", p.name},
                             {"title", p.title},
                             {"path", p.path},
                             {"series", p.series},
                             {"sector", p.sector},
                             {"first_year", optional_year(p.first_year)},
                             {"last_year", optional_year(p.last_year)},
                             {"silent_on", p.silent_on}});
    }
    Json rows = Json::array();
    for (const CompareRow& row : c.rows) {
        Json cells = Json::array();
        for (const auto& cell : row.cells) {
            if (!cell) {
                cells.push_back(nullptr);
                continue;
            }
            Json targets = Json::array();
            for (const ComparedTarget& t : cell->targets) {
                Json citations = Json::array();
                for (const Citation& ci : t.citations) {
                    citations.push_back(
                        Json{{"source", ci.source},
                             {"quote", ci.quote ? Json(*ci.quote) : Json(nullptr)}});
                }
                targets.push_back(Json{{"name", t.name},
                                       {"series", t.series},
                                       {"text", t.text},
                                       {"citations", std::move(citations)},
                                       {"span", span_json(t.span)}});
            }
            cells.push_back(
                Json{{"series", cell->series},
                     {"targets", std::move(targets)},
                     {"annual_rate", value_json(cell->annual_rate, "%/yr", false, options.digits)},
                     {"points", value_json(cell->points, "pp", true, options.digits)},
                     {"end_year", optional_year(cell->end_year)},
                     {"end_level", value_json(cell->end_level, row.unit, false, options.digits)},
                     {"lines", cell_lines(row, *cell, options.digits)}});
        }
        rows.push_back(Json{{"metric", row.metric},
                            {"label", row.label},
                            {"unit", row.unit},
                            {"cells", std::move(cells)}});
    }
    const Json doc{{"schema", "ingot-compare"},
                   {"version", schema_version},
                   {"plans", std::move(plans)},
                   {"rows", std::move(rows)}};
    return doc.dump(2) + "\n";
}

// ---- html -------------------------------------------------------------------------------------

std::string html_escaped(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        switch (ch) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += ch;
        }
    }
    return out;
}

/// A cell's lines in HTML: targets with each source id as an element whose title is its quote.
std::string html_cell(const CompareRow& row, const CompareCell& cell, int digits) {
    std::string out;
    for (const ComparedTarget& t : cell.targets) {
        out += "<div class=\"target\">" + html_escaped(target_text(row, t));
        if (!t.citations.empty()) {
            out += " [";
            for (std::size_t i = 0; i < t.citations.size(); ++i) {
                const Citation& ci = t.citations[i];
                out += i > 0 ? ", " : "";
                out += ci.quote ? "<span class=\"cite\" title=\"" + html_escaped(*ci.quote) +
                                      "\">" + html_escaped(ci.source) + "</span>"
                                : html_escaped(ci.source);
            }
            out += "]";
        }
        out += "</div>";
    }
    const std::vector<std::string> lines = cell_lines(row, cell, digits);
    for (std::size_t l = cell.targets.size(); l < lines.size(); ++l) {
        out += "<div class=\"derived\">" + html_escaped(lines[l]) + "</div>";
    }
    return out;
}

std::string html_heading(const GridCell& cell) {
    std::string out;
    for (std::size_t l = 0; l < cell.lines.size(); ++l) {
        out += fmt::format("<div class=\"{}\">{}</div>", l == 0 ? "name" : "note",
                           html_escaped(cell.lines[l]));
    }
    return out;
}

constexpr std::string_view html_style =
    "table.ingot-compare { border-collapse: collapse; font: 14px/1.4 system-ui, sans-serif; }\n"
    ".ingot-compare th, .ingot-compare td { border: 1px solid #ccc; padding: 4px 8px; "
    "text-align: left; vertical-align: top; }\n"
    ".ingot-compare thead th { background: #f4f4f4; }\n"
    ".ingot-compare .name { font-weight: bold; }\n"
    ".ingot-compare .note { font-weight: normal; color: #555; }\n"
    ".ingot-compare .derived { color: #555; }\n"
    ".ingot-compare .cite { text-decoration: underline dotted; }\n";

std::string write_html(const Comparison& c, const CompareWriteOptions& options) {
    const bool silent = any_silent(c);
    std::string table = "<table class=\"ingot-compare\">\n<thead>\n<tr>";
    const auto td = [&](const CompareRow& row, const std::optional<CompareCell>& cell) {
        return "<td>" + (cell ? html_cell(row, *cell, options.digits) : "") + "</td>";
    };
    const auto silent_td = [&](const ComparedPlan& p) {
        return "<td>" + html_escaped(silent_text(p)) + "</td>";
    };
    if (!options.transpose) {
        table += "<th>metric</th>";
        for (const ComparedPlan& p : c.plans) {
            table += "<th scope=\"col\">" + html_heading(plan_heading(p)) + "</th>";
        }
        table += "</tr>\n</thead>\n<tbody>\n";
        for (const CompareRow& row : c.rows) {
            table += "<tr><th scope=\"row\">" + html_heading(metric_heading(row)) + "</th>";
            for (const auto& cell : row.cells) {
                table += td(row, cell);
            }
            table += "</tr>\n";
        }
        if (silent) {
            table += fmt::format("<tr><th scope=\"row\"><div class=\"name\">{}</div></th>",
                                 silent_heading);
            for (const ComparedPlan& p : c.plans) {
                table += silent_td(p);
            }
            table += "</tr>\n";
        }
    } else {
        table += "<th>plan</th>";
        for (const CompareRow& row : c.rows) {
            table += "<th scope=\"col\">" + html_heading(metric_heading(row)) + "</th>";
        }
        if (silent) {
            table +=
                fmt::format("<th scope=\"col\"><div class=\"name\">{}</div></th>", silent_heading);
        }
        table += "</tr>\n</thead>\n<tbody>\n";
        for (std::size_t p = 0; p < c.plans.size(); ++p) {
            table += "<tr><th scope=\"row\">" + html_heading(plan_heading(c.plans[p])) + "</th>";
            for (const CompareRow& row : c.rows) {
                table += td(row, p < row.cells.size() ? row.cells[p] : std::nullopt);
            }
            if (silent) {
                table += silent_td(c.plans[p]);
            }
            table += "</tr>\n";
        }
    }
    table += "</tbody>\n</table>\n";
    if (options.fragment) {
        return table;
    }
    std::vector<std::string> names;
    for (const ComparedPlan& p : c.plans) {
        names.push_back(p.name);
    }
    return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<title>Ingot comparison: {}</title>\n<style>\n{}</style>\n</head>\n"
                       "<body>\n{}</body>\n</html>\n",
                       html_escaped(fmt::format("{}", fmt::join(names, ", "))), html_style, table);
}

} // namespace

std::string to_text(const Range& value, std::string_view unit, bool change, int digits) {
    return runtime::format_figure(display_figure(value, unit, change), digits).full();
}

std::vector<std::string> cell_lines(const CompareRow& row, const CompareCell& cell, int digits) {
    std::vector<std::string> lines;
    for (const ComparedTarget& t : cell.targets) {
        std::string line = target_text(row, t);
        if (!t.citations.empty()) {
            line += " [" + citation_ids(t.citations) + "]";
        }
        lines.push_back(std::move(line));
    }
    if (cell.annual_rate) {
        lines.push_back("avg " + to_text(*cell.annual_rate, "%/yr", false, digits));
    }
    if (cell.points) {
        lines.push_back("change " + to_text(*cell.points, "pp", true, digits));
    }
    if (cell.end_level) {
        const std::string level = to_text(*cell.end_level, row.unit, false, digits);
        lines.push_back(cell.end_year ? fmt::format("{}: {}", *cell.end_year, level) : level);
    }
    return lines;
}

std::string_view to_string(CompareFormat format) {
    switch (format) {
    case CompareFormat::text:
        return "text";
    case CompareFormat::markdown:
        return "markdown";
    case CompareFormat::csv:
        return "csv";
    case CompareFormat::json:
        return "json";
    case CompareFormat::html:
        return "html";
    }
    return "text";
}

std::optional<CompareFormat> parse_compare_format(std::string_view name) {
    for (const CompareFormat f : {CompareFormat::text, CompareFormat::markdown, CompareFormat::csv,
                                  CompareFormat::json, CompareFormat::html}) {
        if (to_string(f) == name) {
            return f;
        }
    }
    return std::nullopt;
}

std::string write_comparison(CompareFormat format, const Comparison& comparison,
                             const CompareWriteOptions& options) {
    CompareWriteOptions o = options;
    o.digits = std::clamp(o.digits, 1, 15);
    switch (format) {
    case CompareFormat::text:
        return write_text(comparison, o);
    case CompareFormat::markdown:
        return write_markdown(comparison, o);
    case CompareFormat::csv:
        return write_csv(comparison, o);
    case CompareFormat::json:
        return write_json(comparison, o);
    case CompareFormat::html:
        return write_html(comparison, o);
    }
    return "";
}

namespace runtime::compare_support {

DisplayFigure display_figure(const Range& value, std::string_view unit, bool change) {
    DisplayFigure f;
    if (value.nominal && value.reading != ingot::Reading::none) {
        f.value = *value.nominal;
        f.reading = static_cast<Reading>(value.reading);
    } else {
        f.reading = Reading::none;
    }
    f.lo = {value.low.value, value.low.open};
    f.hi = {value.high.value, value.high.open};
    f.unit = std::string(unit);
    f.signed_ = change;
    return f;
}

} // namespace runtime::compare_support

} // namespace ingot

// Tests the check registry (runtime/registry.cpp) against what is said about it elsewhere.
//
// The registry is the single source of truth for the built-in checks: `ingot rules` and
// `ingot rule ID` print it, and docs/checks.md documents it. These tests keep the three from
// drifting apart: every registry id has a section and an at-a-glance row in docs/checks.md whose
// severity and summary are the registry's, docs/checks.md documents no check the registry lacks,
// and each entry's bad example makes its check fire while its good example does not.
#include "api/api_support.hpp"
#include "runtime/analysis.hpp"
#include "runtime/registry.hpp"
#include "support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace ingot;
using api_test::lines_of;

const std::string checks_md = INGOT_SOURCE_DIR "/docs/checks.md";

std::string trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos) {
        return {};
    }
    const auto end = s.find_last_not_of(" \t");
    return s.substr(begin, end - begin + 1);
}

/// X when `text` starts with `prefix` and then "`X`" (X non-empty, without backticks); nullopt
/// otherwise. (No <regex>: GCC 12 warns falsely inside it under the sanitizers.)
std::optional<std::string> quoted_id(std::string_view text, std::string_view prefix) {
    if (!text.starts_with(prefix) || text.size() < prefix.size() + 2 ||
        text[prefix.size()] != '`') {
        return std::nullopt;
    }
    const std::size_t close = text.find('`', prefix.size() + 1);
    if (close == std::string_view::npos || close == prefix.size() + 1) {
        return std::nullopt;
    }
    return std::string(text.substr(prefix.size() + 1, close - prefix.size() - 1));
}

/// The ids of the `## \`ID\`` sections of docs/checks.md, in order.
std::vector<std::string> documented_sections(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (const std::string& line : lines) {
        const auto id = quoted_id(line, "## ");
        if (id && trim(line.substr(id->size() + 5)).empty()) {
            out.push_back(*id);
        }
    }
    return out;
}

/// One row of the "All ids at a glance" table.
struct GlanceRow {
    std::string severity;   // the "default" column as written: `error`, `error / info`, …
    std::string fires_when; // the "fires when" column
};

/// The rows of the "All ids at a glance" table whose first cell is a check id in backticks
/// (`[\`import\`](#import)`), by id. The row of analyst rules (*the rule's name*) is left out.
/// A second row for one id is recorded under the id with a `#2` suffix, so it cannot hide.
std::map<std::string, GlanceRow> glance_table(const std::vector<std::string>& lines) {
    std::map<std::string, GlanceRow> out;
    bool in_section = false;
    bool in_table = false;
    for (const std::string& line : lines) {
        if (line.rfind("## ", 0) == 0) {
            in_section = line == "## All ids at a glance";
            continue;
        }
        if (!in_section) {
            continue;
        }
        if (line.rfind("|", 0) != 0) {
            if (in_table) {
                break; // the table ended
            }
            continue;
        }
        in_table = true;
        std::vector<std::string> cells;
        std::string cell;
        for (std::size_t i = 1; i < line.size(); ++i) {
            if (line[i] == '|') {
                cells.push_back(trim(cell));
                cell.clear();
            } else {
                cell += line[i];
            }
        }
        // The id cell is a link to its section: [`ID`](#anchor).
        const auto quoted = cells.size() == 4 ? quoted_id(cells[0], "[") : std::nullopt;
        if (!quoted || cells[0].substr(quoted->size() + 3, 3) != "](#" || cells[0].back() != ')') {
            continue; // the header, the separator, the analyst rules' row
        }
        std::string id = *quoted;
        while (out.count(id) > 0) {
            id += "#2";
        }
        out[id] = GlanceRow{cells[1], cells[3]};
    }
    return out;
}

/// Whether `text` has a line that starts with `rule ` (a rule at the top level).
bool has_top_level_rule(const std::string& text) {
    for (const std::string& line : lines_of(text)) {
        if (line.rfind("rule ", 0) == 0) {
            return true;
        }
    }
    return false;
}

/// The diagnostics of analysing `text` alone, written to a fresh folder as `bad.plan` or, when it
/// holds a rule, `bad.rules` (`implied` findings turned on when `implied`).
std::vector<Diagnostic> analyse_example(const std::string& text, bool implied) {
    const test::TempDir dir;
    const std::string path = dir.write(has_top_level_rule(text) ? "bad.rules" : "bad.plan", text);
    Workspace ws(Engine(), dir.path().string());
    ws.add_path(path);
    AnalyzeOptions options;
    options.implied = implied;
    return ws.analyze(options).diagnostics();
}

std::string describe(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += "  [" + d.id + "] " + d.message + "\n";
    }
    return out.empty() ? "  (no diagnostics)\n" : out;
}

std::size_t count_id(const std::vector<Diagnostic>& diagnostics, const std::string& id) {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                  [&](const Diagnostic& d) { return d.id == id; }));
}

} // namespace

TEST_CASE("every registry check has a section and a glance row in docs/checks.md that agree with "
          "the registry",
          "[registry][docs]") {
    const auto lines = lines_of(test::read_text(checks_md));
    REQUIRE(!lines.empty());
    const auto sections = documented_sections(lines);
    const auto table = glance_table(lines);
    REQUIRE(!table.empty());

    for (const CheckInfo& check : runtime::builtin_checks()) {
        INFO("check `" << check.id << "`");
        CHECK(std::count(sections.begin(), sections.end(), check.id) == 1);
        const auto row = table.find(check.id);
        REQUIRE(row != table.end());
        CHECK(table.count(check.id + "#2") == 0);
        // The severity column starts with the default severity (`scope-count` is
        // `error / info`); a check that is off by default says so there.
        const std::string severity(to_string(check.default_severity));
        CHECK(row->second.severity.substr(0, severity.size()) == severity);
        if (!check.enabled_by_default) {
            CHECK(row->second.severity.find("off by default") != std::string::npos);
        }
        CHECK(row->second.fires_when == check.summary);
    }
}

TEST_CASE("docs/checks.md documents no check that the registry does not have", "[registry][docs]") {
    const auto lines = lines_of(test::read_text(checks_md));
    for (const std::string& id : documented_sections(lines)) {
        INFO("section ## `" << id << "`");
        CHECK(runtime::find_builtin_check(id) != nullptr);
    }
    for (const auto& [id, row] : glance_table(lines)) {
        INFO("glance row `" << id << "`");
        CHECK(runtime::find_builtin_check(id) != nullptr);
    }
}

TEST_CASE("each registry check fires on its bad example and stays quiet on its good example",
          "[registry]") {
    for (const CheckInfo& check : runtime::builtin_checks()) {
        if (check.bad_example.empty()) {
            continue; // `limit`: reaching a default limit takes a file far too large to inline
        }
        const bool implied = check.id == runtime::check::implied ||
                             check.id == runtime::check::on_track ||
                             check.id == runtime::check::changed_target;
        SECTION(check.id) {
            const auto bad = analyse_example(check.bad_example, implied);
            INFO("bad example of `" << check.id << "`:\n"
                                    << check.bad_example << "found:\n"
                                    << describe(bad));
            CHECK(count_id(bad, check.id) > 0);

            REQUIRE(!check.good_example.empty());
            const auto good = analyse_example(check.good_example, implied);
            INFO("good example of `" << check.id << "`:\n"
                                     << check.good_example << "found:\n"
                                     << describe(good));
            CHECK(count_id(good, check.id) == 0);
        }
    }
}

TEST_CASE("registry ids are unique and every summary is one line", "[registry]") {
    std::set<std::string> seen;
    for (const CheckInfo& check : runtime::builtin_checks()) {
        INFO("check `" << check.id << "`");
        CHECK(seen.insert(check.id).second);
        CHECK(!check.summary.empty());
        CHECK(check.summary.find('\n') == std::string::npos);
        CHECK(check.origin == CheckOrigin::builtin);
        CHECK(runtime::find_builtin_check(check.id) == &check);
    }
}

// The report writers (ingot::write_report) as a host uses them, through <ingot/ingot.hpp> only.
//
// Every format is pinned by golden files (tests/golden/report/) for the shipped plans and for
// tests/scripts/every-check/, where every built-in check fires; run with INGOT_UPDATE_GOLDEN=1 to
// rewrite them after a reviewed change, and read the diff. Besides, json is read back and checked
// field by field, the escaping of github, junit and json is pinned with hand-made findings whose
// path and message hold line breaks, `%`, `,`, `:`, ESC and bytes that are not UTF-8, and sarif's
// URIs are checked against roots and file names that need percent-encoding. The SARIF Multitool
// validates the sarif output (ctest sarif_validate), python's XML parser the junit goldens
// (ctest junit_parse).
#include "api/api_support.hpp"
#include "api/report_support.hpp"

#include <ingot/ingot.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace api_test;
using Json = nlohmann::json;

namespace {

/// The report `ingot check [--implied]` makes of an analysis: every file and finding, and the
/// checks that ran (`implied`, off by default, only when asked for).
ingot::Report report_of(const ingot::Analysis& analysis, bool implied = false) {
    ingot::Report report;
    report.files = analysis.files();
    std::sort(report.files.begin(), report.files.end());
    report.diagnostics = analysis.diagnostics();
    for (const ingot::CheckInfo& check : analysis.checks()) {
        if (check.enabled_by_default || implied) {
            report.checks.push_back(check);
        }
    }
    return report;
}

/// `ingot check [--implied] FOLDER` from the source tree: paths as the CLI gives them.
ingot::Analysis analyze_folder(const std::string& folder, bool implied) {
    // The paths are relative, as on the command line; ctest runs the tests in the source tree.
    REQUIRE(fs::equivalent(fs::current_path(), source_dir));
    ingot::Workspace ws(ingot::Engine(), ".");
    ws.add_path(folder);
    ingot::AnalyzeOptions options;
    options.implied = implied;
    return ws.analyze(options);
}

/// Every format of `report`, compared with tests/golden/report/NAME.SUFFIX.
void compare_every_format(const std::string& name, const ingot::Report& report,
                          const ingot::Analysis& analysis,
                          const ingot::ReportOptions& options = {}) {
    for (const GoldenFormat& f : golden_formats) {
        std::string out = ingot::write_report(f.format, report, analysis, options);
        if (f.format == ingot::ReportFormat::sarif) {
            out = normalised_sarif(out, options.root);
        }
        compare_with_golden(name + f.suffix, out);
    }
}

/// An analysis of nothing: what the hand-made findings below are written with (no source text,
/// so no snippets; fingerprints from path and id alone).
ingot::Analysis empty_analysis() {
    ingot::Workspace ws((ingot::Engine()));
    return ws.analyze();
}

ingot::Span span(std::string path, std::uint32_t line, std::uint32_t column, std::uint32_t length,
                 std::uint32_t offset) {
    return {std::move(path), {offset, line, column}, {offset + length, line, column + length}};
}

const ingot::Diagnostic& find_diagnostic(const std::vector<ingot::Diagnostic>& diagnostics,
                                         const std::string& id, const std::string& path,
                                         std::uint32_t line) {
    const auto it = std::find_if(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
        return d.id == id && d.primary.span.path == path && d.primary.span.begin.line == line;
    });
    REQUIRE(it != diagnostics.end());
    return *it;
}

const Json& find_json(const Json& diagnostics, const std::string& id, const std::string& path,
                      int line) {
    const auto it = std::find_if(diagnostics.begin(), diagnostics.end(), [&](const Json& d) {
        return d["id"] == id && d["primary"]["path"] == path &&
               d["primary"]["begin"]["line"] == line;
    });
    REQUIRE(it != diagnostics.end());
    return *it;
}

Json span_json(const ingot::Span& s) {
    return Json{
        {"path", s.path},
        {"begin", {{"offset", s.begin.offset}, {"line", s.begin.line}, {"column", s.begin.column}}},
        {"end", {{"offset", s.end.offset}, {"line", s.end.line}, {"column", s.end.column}}}};
}

} // namespace

// ---- goldens ---------------------------------------------------------------------------------

TEST_CASE("report: every format of the shipped plans, as `ingot check --format F plans/`",
          "[report][golden]") {
    const ingot::Analysis analysis = analyze_folder("plans", false);
    const ingot::Report report = report_of(analysis);
    REQUIRE(report.diagnostics.size() >= 10);
    // plans/ingot.toml makes plans/ a project of its own, whose root SARIF's URIs are relative to.
    ingot::ReportOptions options;
    options.root = "plans";
    compare_every_format("plans", report, analysis, options);

    // Deterministic: a second analysis of the same files gives the same bytes in every format.
    const ingot::Analysis again = analyze_folder("plans", false);
    for (const GoldenFormat& f : golden_formats) {
        CHECK(ingot::write_report(f.format, report_of(again), again) ==
              ingot::write_report(f.format, report, analysis));
    }
}

TEST_CASE("report: every format of the fixture where every built-in check fires",
          "[report][golden]") {
    const ingot::Analysis analysis = analyze_folder("tests/scripts/every-check", true);
    const ingot::Report report = report_of(analysis, true);
    std::set<std::string> found;
    for (const ingot::Diagnostic& d : report.diagnostics) {
        found.insert(d.id);
    }
    for (const std::string& id : builtin_ids) {
        INFO("no `" << id << "` finding in tests/scripts/every-check/");
        CHECK(found.contains(id));
    }
    CHECK(found.contains("steel_climb")); // an analyst rule
    compare_every_format("every-check", report, analysis);
}

// ---- json --------------------------------------------------------------------------------------

TEST_CASE("report json: read back, field by field", "[report][json]") {
    const ingot::Analysis analysis = analyze_folder("tests/scripts/every-check", true);
    const ingot::Report report = report_of(analysis, true);
    const Json j = Json::parse(ingot::write_report(ingot::ReportFormat::json, report, analysis));

    CHECK(j["schema"] == "ingot-report");
    CHECK(j["version"] == 1);
    CHECK(j["tool"] == Json{{"name", "ingot"}, {"version", std::string(ingot::version())}});
    CHECK(j["files"] == Json(report.files));
    CHECK(j["files"].size() == 6);
    CHECK(j["summary"] == Json{{"files", 6}, {"errors", 15}, {"warnings", 11}, {"infos", 10}});
    REQUIRE(j["diagnostics"].size() == report.diagnostics.size());

    // A finding with a fix, and the citations of the target it is in.
    const std::string names = "tests/scripts/every-check/names.plan";
    const Json& typo = find_json(j["diagnostics"], "unknown-name", names, 10);
    const ingot::Diagnostic& typo_d =
        find_diagnostic(report.diagnostics, "unknown-name", names, 10);
    CHECK(typo["severity"] == "error");
    CHECK(typo["message"] == "unknown metric `outptu`");
    CHECK(typo["primary"] ==
          Json{{"path", names},
               {"begin", {{"offset", 789}, {"line", 10}, {"column", 16}}},
               {"end", {{"offset", 795}, {"line", 10}, {"column", 22}}},
               {"message", "not declared in this file, its imports or the prelude"}});
    CHECK(typo["primary"] == [&] {
        Json p = span_json(typo_d.primary.span);
        p["message"] = typo_d.primary.message;
        return p;
    }());
    CHECK(typo["secondary"] == Json::array());
    CHECK(typo["notes"] == Json::array());
    CHECK(typo["help"] == "did you mean `output`?");
    REQUIRE(typo_d.fixes.size() == 1);
    Json edit = span_json(typo_d.fixes[0].edits.at(0).span);
    edit["replacement"] = "output";
    CHECK(typo["fixes"] == Json::array({{{"title", "replace `outptu` with `output`"},
                                         {"edits", Json::array({edit})}}}));
    CHECK(typo["fixes"][0]["edits"][0]["begin"]["offset"] == 789);
    CHECK(typo["values"] == Json::array());
    CHECK(typo["fingerprint"] == ingot::fingerprint(typo_d, analysis));
    CHECK(typo["element"] == Json{{"kind", "target"}, {"plan", "names_2025"}, {"name", "typo"}});
    REQUIRE(typo["citations"].size() == 1);
    const Json& cite = typo["citations"][0];
    CHECK(cite["source"] == "MIIT");
    CHECK(cite["quote"] == "产量增长1%");
    CHECK(cite["url"] == "https://example.org/miit");
    CHECK(cite["path"] == names);
    CHECK(cite["begin"]["line"] == 10);

    // A finding with values: numbers at full precision (they round-trip exactly), an unbounded
    // end as null.
    const std::string figures = "tests/scripts/every-check/figures.plan";
    const Json& va = find_json(j["diagnostics"], "implied", figures, 13);
    const ingot::Diagnostic& va_d = find_diagnostic(report.diagnostics, "implied", figures, 13);
    CHECK(va["severity"] == "info");
    CHECK(va["message"] ==
          "`widget_value` must grow 3.45 %/yr (2.8 … 4.09 %/yr) for the figures to hold");
    REQUIRE(va_d.values.size() == 1);
    const ingot::Measurement& m = va_d.values[0];
    REQUIRE(m.nominal);
    CHECK(va["values"] == Json::array({{{"what", "growth of `widget_value`"},
                                        {"nominal", *m.nominal},
                                        {"low", m.low},
                                        {"high", m.high},
                                        {"unit", "%/yr"}}}));
    CHECK(va["values"][0]["nominal"].get<double>() == *m.nominal);
    CHECK(va["values"][0]["nominal"].get<double>() == Approx(100.0 / 29).epsilon(1e-12));
    CHECK(va["values"][0]["low"].get<double>() == m.low);
    CHECK(va["values"][0]["high"].get<double>() == m.high);
    CHECK(va["element"] == Json{{"kind", "target"}, {"plan", "figures_2025"}, {"name", "va"}});
    CHECK(va["citations"] ==
          Json::array({{{"source", "A"},
                        {"quote", "年均增长5%左右"},
                        {"url", "https://example.org/a"},
                        {"path", figures},
                        {"begin", {{"offset", 670}, {"line", 13}, {"column", 60}}},
                        {"end", {{"offset", 695}, {"line", 13}, {"column", 73}}}}}));

    const Json& open = find_json(j["diagnostics"], "implied", figures, 30);
    const ingot::Diagnostic& open_d = find_diagnostic(report.diagnostics, "implied", figures, 30);
    REQUIRE(open_d.values.size() == 1);
    CHECK(std::isinf(open_d.values[0].high));
    CHECK(open["values"][0]["high"] == nullptr);
    CHECK(open["values"][0]["low"].get<double>() == open_d.values[0].low);
    CHECK(open["values"][0]["low"].get<double>() == Approx(3.3).epsilon(0.01));

    const Json& contradiction = find_json(j["diagnostics"], "contradiction", figures, 24);
    CHECK(contradiction["values"][0]["nominal"] == nullptr);
    CHECK(contradiction["values"][0]["high"] == 105.0);

    // Secondary labels and notes.
    const Json& twice = find_json(j["diagnostics"], "duplicate-name", names, 12);
    CHECK(twice["secondary"].size() == 1);
    CHECK(twice["secondary"][0]["message"] == "first declared here");
    CHECK(twice["secondary"][0]["begin"]["line"] == 11);
    const Json& limit =
        find_json(j["diagnostics"], "limit", "tests/scripts/every-check/rules.rules", 7);
    CHECK(limit["notes"] == Json::array({"expressions may nest at most 100 levels deep (the "
                                         "nesting limit, Limits::max_depth)"}));
    CHECK(limit["help"] == nullptr);
    CHECK(limit["element"] == nullptr);
    CHECK(limit["citations"] == Json::array());
}

// ---- escaping ----------------------------------------------------------------------------------

namespace {

/// A path and a message that try every way out of their field: a line break, `%`, `,`, `:`,
/// an ESC sequence, XML's special characters and a byte that is not UTF-8.
const std::string odd_path = "dir/a%b,c:d\x1b\ne.plan";
const std::string odd_message = "50% <done> & \"quoted\" 'x',\r\nnext: \x1b[31mred\xff";

ingot::Report odd_report() {
    ingot::Diagnostic d;
    d.id = "odd-check";
    d.severity = ingot::Severity::warning;
    d.message = odd_message;
    d.primary.span = span(odd_path, 3, 5, 4, 20);
    d.primary.message = "here";
    ingot::Diagnostic info = d;
    info.severity = ingot::Severity::info;
    info.message = "plain";
    info.primary.span = span(odd_path, 4, 1, 2, 30);
    ingot::Report report;
    report.files = {odd_path};
    report.diagnostics = {d, info};
    return report;
}

} // namespace

TEST_CASE("report github: paths and messages cannot leave their field", "[report][github]") {
    const ingot::Analysis analysis = empty_analysis();
    CHECK(
        ingot::write_report(ingot::ReportFormat::github, odd_report(), analysis) ==
        "::warning file=dir/a%25b%2Cc%3Ad%1B%0Ae.plan,line=3,col=5,endLine=3,endColumn=9,"
        "title=ingot odd-check::50%25 <done> & \"quoted\" 'x',%0D%0Anext: %1B[31mred\xEF\xBF\xBD\n"
        "::notice file=dir/a%25b%2Cc%3Ad%1B%0Ae.plan,line=4,col=1,endLine=4,endColumn=3,"
        "title=ingot odd-check::plain\n");
}

TEST_CASE("report compact: one line per finding, whatever its path and message hold",
          "[report][compact]") {
    const ingot::Analysis analysis = empty_analysis();
    CHECK(ingot::write_report(ingot::ReportFormat::compact, odd_report(), analysis) ==
          "dir/a%b,c:d\\u{1B}\\ne.plan:3:5: warning[odd-check]: 50% <done> & \"quoted\" "
          "'x',\\r\\nnext: \\u{1B}[31mred\\x{FF}\n"
          "dir/a%b,c:d\\u{1B}\\ne.plan:4:1: info[odd-check]: plain\n"
          "1 file checked: 0 errors, 1 warning, 1 info\n");
}

TEST_CASE("report junit: XML escaping, control characters as visible text", "[report][junit]") {
    const ingot::Analysis analysis = empty_analysis();
    const std::string path = "dir/a%b,c:d\\u001b\\u000ae.plan";
    const std::string message = "50% &lt;done&gt; &amp; &quot;quoted&quot; &apos;x&apos;,"
                                "\\u000d\\u000anext: \\u001b[31mred\xEF\xBF\xBD";
    const std::string expected =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"ingot\" tests=\"1\" failures=\"1\" errors=\"0\">\n"
        "  <testsuite name=\"" +
        path +
        "\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"" +
        path +
        "\" name=\"odd-check\">\n"
        "      <failure message=\"" +
        message + "\" type=\"warning\">" + path + ":3:5: " + message +
        "</failure>\n"
        "      <system-out>" +
        path +
        ":4:1: plain</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n";
    const std::string out = ingot::write_report(ingot::ReportFormat::junit, odd_report(), analysis);
    CHECK(out == expected);
    compare_with_golden("escaping.junit.xml", out); // read back by ctest junit_parse
}

TEST_CASE("report json: control characters escaped, bytes that are not UTF-8 replaced",
          "[report][json]") {
    const ingot::Analysis analysis = empty_analysis();
    const std::string out = ingot::write_report(ingot::ReportFormat::json, odd_report(), analysis);
    CHECK(out.find(R"("message": "50% <done> & \"quoted\" 'x',\r\nnext: \u001b[31mred)"
                   "\xEF\xBF\xBD\",") != std::string::npos);
    CHECK(out.find(R"("path": "dir/a%b,c:d\u001b\ne.plan",)") != std::string::npos);
    const Json j = Json::parse(out);
    CHECK(j["diagnostics"][0]["primary"]["path"] == odd_path);
    CHECK(j["diagnostics"][0]["message"] ==
          odd_message.substr(0, odd_message.size() - 1) + "\uFFFD");
    CHECK(j["diagnostics"][0]["element"] == nullptr);
}

// ---- findings about the run as a whole ---------------------------------------------------------

TEST_CASE("report: a finding about the run (empty path) in every format", "[report]") {
    ingot::Limits limits;
    limits.max_files = 1;
    const ingot::Engine engine = ingot::EngineBuilder().limits(limits).build();
    ingot::Workspace ws(engine);
    const std::string plan = "plan p {\n  period 2025..2026\n}\n";
    ws.set_source("a.plan", plan);
    ws.set_source("b.plan", plan);
    const ingot::Analysis analysis = ws.analyze();
    const ingot::Report report = report_of(analysis);
    REQUIRE(report.diagnostics.size() == 1);
    REQUIRE(report.diagnostics[0].primary.span.path.empty());

    CHECK(ingot::write_report(ingot::ReportFormat::github, report, analysis) ==
          "::error title=ingot limit::this analysis reached the limit of 1 file; the rest were not "
          "loaded\n");
    const Json sarif =
        Json::parse(ingot::write_report(ingot::ReportFormat::sarif, report, analysis));
    const Json& result = sarif["runs"][0]["results"][0];
    CHECK_FALSE(result.contains("locations"));
    CHECK(result["ruleId"] == "limit");
    CHECK(result["ruleIndex"] == 2);
    const Json gitlab =
        Json::parse(ingot::write_report(ingot::ReportFormat::gitlab, report, analysis));
    CHECK(gitlab[0]["location"] == Json{{"path", "."}, {"lines", {{"begin", 1}}}});
    compare_every_format("run-wide", report, analysis);
}

// ---- gitlab ------------------------------------------------------------------------------------

TEST_CASE("report gitlab: fingerprints are unique, severities mapped", "[report][gitlab]") {
    const ingot::Analysis analysis = empty_analysis();
    ingot::Diagnostic d;
    d.id = "uncited";
    d.severity = ingot::Severity::warning;
    d.message = "target `t` cites no source";
    d.primary.span = span("a.plan", 2, 3, 5, 12);
    ingot::Report report;
    report.files = {"a.plan"};
    report.diagnostics = {d, d, d};
    report.diagnostics[2].severity = ingot::Severity::error;
    const std::string print = ingot::fingerprint(d, analysis);
    REQUIRE(print.size() == 16);
    const Json issue = {{"description", "target `t` cites no source"},
                        {"check_name", "uncited"},
                        {"fingerprint", print},
                        {"severity", "minor"},
                        {"location", {{"path", "a.plan"}, {"lines", {{"begin", 2}}}}}};
    Json second = issue;
    second["fingerprint"] = print + "-2";
    Json third = issue;
    third["fingerprint"] = print + "-3";
    third["severity"] = "major";
    CHECK(Json::parse(ingot::write_report(ingot::ReportFormat::gitlab, report, analysis)) ==
          Json::array({issue, second, third}));
    report.diagnostics = {d};
    report.diagnostics[0].severity = ingot::Severity::info;
    CHECK(ingot::write_report(ingot::ReportFormat::gitlab, report, analysis) ==
          "[\n  {\n    \"description\": \"target `t` cites no source\",\n"
          "    \"check_name\": \"uncited\",\n    \"fingerprint\": \"" +
              print +
              "\",\n"
              "    \"severity\": \"info\",\n    \"location\": {\n      \"path\": \"a.plan\",\n"
              "      \"lines\": {\n        \"begin\": 2\n      }\n    }\n  }\n]\n");
}

// ---- sarif -------------------------------------------------------------------------------------

TEST_CASE("report sarif: URIs relative to the root, percent-encoded, regions, fixes, rules",
          "[report][sarif]") {
    const ingot::Analysis analysis = empty_analysis();
    ingot::Diagnostic d;
    d.id = "unknown-name";
    d.severity = ingot::Severity::error;
    d.message = "unknown metric `outptu`";
    d.primary = {span("/srv/plans/钢铁 plan.plan", 10, 16, 6, 695), "not declared"};
    d.secondary = {{span("/srv/plans/sub/a#b?.plan", 2, 1, 3, 9), "declared here"},
                   {span("/elsewhere/x.plan", 1, 1, 1, 0), "and here"}};
    d.notes = {"a note"};
    d.help = "did you mean `output`?";
    d.fixes = {{"replace `outptu` with `output`", {{d.primary.span, "output"}}}};
    ingot::Diagnostic unknown_rule;
    unknown_rule.id = "not_a_rule";
    unknown_rule.severity = ingot::Severity::info;
    unknown_rule.message = "m";
    unknown_rule.primary.span = span("/srv/plans/钢铁 plan.plan", 1, 1, 0, 0);

    ingot::CheckInfo check;
    check.id = "unknown-name";
    check.category = "names";
    check.summary = "a name that is not defined";
    check.explanation = "Explained.";
    check.bad_example = "target a: outptu grows 1 %/yr\n";
    check.good_example = "target a: output grows 1 %/yr\n";
    ingot::CheckInfo off;
    off.id = "implied";
    off.default_severity = ingot::Severity::info;
    off.category = "derivation";
    off.summary = "a derived value";
    off.explanation = "Shown when asked for: ``` fences ```` are longer.";
    off.enabled_by_default = false;

    ingot::Report report;
    report.files = {"/srv/plans/钢铁 plan.plan"};
    report.diagnostics = {d, unknown_rule};
    report.checks = {check, off};
    for (const std::string root : {"/srv/plans", "/srv/plans/", "/srv/plans/."}) {
        ingot::ReportOptions options;
        options.root = root;
        const Json log =
            Json::parse(ingot::write_report(ingot::ReportFormat::sarif, report, analysis, options));
        CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
        CHECK(log["version"] == "2.1.0");
        const Json& run = log["runs"][0];
        CHECK(run["columnKind"] == "unicodeCodePoints");
        CHECK(run["originalUriBaseIds"] == Json{{"%SRCROOT%", {{"uri", "file:///srv/plans/"}}}});
        const std::string steel = "%E9%92%A2%E9%93%81%20plan.plan";
        CHECK(run["artifacts"] ==
              Json::array({{{"location", {{"uri", steel}, {"uriBaseId", "%SRCROOT%"}}},
                            {"roles", Json::array({"analysisTarget"})}}}));

        const Json& driver = run["tool"]["driver"];
        CHECK(driver["name"] == "ingot");
        CHECK(driver["version"] == std::string(ingot::version()));
        CHECK_FALSE(driver.contains("informationUri"));
        CHECK(driver["rules"][0] ==
              Json{{"id", "unknown-name"},
                   {"name", "UnknownName"},
                   {"shortDescription", {{"text", "a name that is not defined"}}},
                   {"fullDescription", {{"text", "Explained."}}},
                   {"help",
                    {{"text", "Explained.\n\nExample that fires:\n\n    target a: outptu grows 1 "
                              "%/yr\n\nThe same file, fixed:\n\n    target a: output grows 1 %/yr"},
                     {"markdown", "Explained.\n\nExample that fires:\n\n```\ntarget a: outptu "
                                  "grows 1 %/yr\n```\n\nThe same file, fixed:\n\n```\ntarget a: "
                                  "output grows 1 %/yr\n```"}}},
                   {"defaultConfiguration", {{"level", "error"}}},
                   {"properties", {{"category", "names"}, {"origin", "built-in"}}}});
        CHECK_FALSE(driver["rules"][1].contains("name")); // `Implied` is `implied`
        CHECK(driver["rules"][1]["defaultConfiguration"] ==
              Json{{"level", "note"}, {"enabled", false}});
        CHECK(driver["rules"][1]["help"]["markdown"] ==
              "Shown when asked for: ``` fences ```` are longer.");

        const Json& result = run["results"][0];
        CHECK(result["ruleId"] == "unknown-name");
        CHECK(result["ruleIndex"] == 0);
        CHECK(result["level"] == "error");
        CHECK(result["message"]["text"] ==
              "unknown metric `outptu`\nnote: a note\nhelp: did you mean `output`?");
        const Json region = {{"startLine", 10}, {"startColumn", 16}, {"endLine", 10},
                             {"endColumn", 22}, {"byteOffset", 695}, {"byteLength", 6}};
        CHECK(result["locations"] ==
              Json::array({{{"physicalLocation",
                             {{"artifactLocation",
                               {{"uri", steel}, {"uriBaseId", "%SRCROOT%"}, {"index", 0}}},
                              {"region", region}}},
                            {"message", {{"text", "not declared"}}}}}));
        CHECK(result["relatedLocations"][0]["physicalLocation"]["artifactLocation"] ==
              Json{{"uri", "sub/a%23b%3F.plan"}, {"uriBaseId", "%SRCROOT%"}});
        CHECK(result["relatedLocations"][0]["id"] == 1);
        CHECK(result["relatedLocations"][0]["message"]["text"] == "declared here");
        CHECK(result["relatedLocations"][1]["physicalLocation"]["artifactLocation"] ==
              Json{{"uri", "file:///elsewhere/x.plan"}});
        CHECK(
            result["fixes"] ==
            Json::array(
                {{{"description", {{"text", "replace `outptu` with `output`"}}},
                  {"artifactChanges",
                   Json::array({{{"artifactLocation",
                                  {{"uri", steel}, {"uriBaseId", "%SRCROOT%"}, {"index", 0}}},
                                 {"replacements", Json::array({{{"deletedRegion", region},
                                                                {"insertedContent",
                                                                 {{"text", "output"}}}}})}}})}}}));
        CHECK(result["partialFingerprints"] == Json{{"ingot/v1", ingot::fingerprint(d, analysis)}});

        // A finding whose id is no rule of the run: a result without ruleIndex.
        CHECK(run["results"][1]["ruleId"] == "not_a_rule");
        CHECK_FALSE(run["results"][1].contains("ruleIndex"));
        CHECK(run["results"][1]["level"] == "note");
    }
}

TEST_CASE("report sarif: snippets are the source text of the region", "[report][sarif]") {
    const ingot::Analysis analysis = analyze_folder("tests/scripts/every-check", true);
    const Json log = Json::parse(
        ingot::write_report(ingot::ReportFormat::sarif, report_of(analysis, true), analysis));
    const Json& results = log["runs"][0]["results"];
    const auto typo = std::find_if(results.begin(), results.end(),
                                   [](const Json& r) { return r["ruleId"] == "unknown-name"; });
    REQUIRE(typo != results.end());
    const Json& location = (*typo)["locations"][0]["physicalLocation"];
    CHECK(location["artifactLocation"]["uri"] == "tests/scripts/every-check/names.plan");
    CHECK(location["region"]["snippet"] == Json{{"text", "outptu"}});
    CHECK((*typo)["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] ==
          Json{{"text", "output"}});
}

// `ingot compare` and `ingot export` as a user runs them: every format parses back (CSV by an
// RFC 4180 reader, JSON by nlohmann), the text table lines up by display width and fits
// --width, the options choose plans and rows, HTML is inert, and bad input is a clear error.
// The full outputs on the shipped plans are goldens (test_golden_reports.cpp).
#include "support.hpp"

#include "lang/source.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace ingot;

namespace {

const std::string shipped = " plans/*-2025.plan";

/// The records of an RFC 4180 text: fields split at commas, quoted fields with `""` for a quote
/// and commas, CR and LF inside, records ending in CRLF. Fails the test on anything else.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            for (;;) {
                REQUIRE(i < text.size()); // a quoted field is closed
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                REQUIRE(text[i] != '"'); // a quote only opens a quoted field
                field += text[i++];
            }
        }
        REQUIRE(i < text.size()); // every record ends with CRLF
        if (text[i] == ',') {
            record.push_back(std::move(field));
            field.clear();
            ++i;
            continue;
        }
        REQUIRE(text.compare(i, 2, "\r\n") == 0);
        record.push_back(std::move(field));
        field.clear();
        records.push_back(std::move(record));
        record.clear();
        i += 2;
    }
    return records;
}

/// The lines of `text`, without their line ends.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

/// A project of two plans whose titles and quotes need escaping in every format, one of them
/// Chinese, and a metric known by an `aka` name in one plan.
void write_tricky_project(const test::TempDir& dir) {
    dir.write("metrics.rules", "metric scrap_use \"scrap use\" unit t aka scrap\n");
    dir.write("a.plan", "import \"metrics.rules\"\n"
                        "plan alpha {\n"
                        "  title  \"有色金属行业稳增长工作方案（2025—2026年）\"\n"
                        "  period 2025..2026\n"
                        "  series demo\n"
                        "  source S \"http://example.com/s\"\n"
                        "  baseline output 2024 = 100 Mt  [S]\n"
                        "  target o: output grows ~2 %/yr  [S: \"年均增长2%左右\"]\n"
                        "  target s: scrap_use reaches > 3 Mt by 2026  [S]\n"
                        "  silent_on capacity_target  [S]\n"
                        "}\n");
    dir.write(
        "b.plan",
        "import \"metrics.rules\"\n"
        "plan beta {\n"
        "  title  \"<b>A & B</b>, \\\"quoted\\\", with a | bar\"\n"
        "  period 2025..2027\n"
        "  series other\n"
        "  source T \"http://example.com/t\"\n"
        "  baseline output 2024 = 2000 kt  [T]\n"
        "  target o: output grows 1 %/yr  [T: \"a quote, with \\\"quotes\\\"\\nand a line\"]\n"
        "  target s: scrap reaches 4 Mt by 2027  [T]\n"
        "}\n");
}

} // namespace

TEST_CASE("compare csv and export csv read back as RFC 4180", "[cli][compare]") {
    test::TempDir dir;
    write_tricky_project(dir);
    SECTION("compare") {
        for (const char* transpose : {"", " --transpose"}) {
            const auto r =
                test::run_ingot(std::string("compare --format csv") + transpose + " .", dir.path());
            INFO(r.err);
            REQUIRE(r.exit_code == 0);
            const auto records = read_csv(r.out);
            REQUIRE(records.size() >= 2);
            for (const auto& record : records) {
                CHECK(record.size() == records.front().size());
            }
        }
        const auto records =
            read_csv(test::run_ingot("compare --format csv --transpose .", dir.path()).out);
        REQUIRE(records.size() == 3);
        CHECK(records[0] == std::vector<std::string>{"plan", "title", "period", "output",
                                                     "scrap_use", "silent_on"});
        CHECK(records[2][1] == "<b>A & B</b>, \"quoted\", with a | bar");
        // `1 %/yr` is read at its written precision, 0.5 … 1.5 %/yr; kt are shown as the row's Mt.
        CHECK(records[2][3] == "grows 1 %/yr [T]\navg 1 %/yr (0.5 … 1.5 %/yr)\n"
                               "2027: 2.06 Mt (2.03 … 2.09 Mt)");
        CHECK(records[1][1] == "有色金属行业稳增长工作方案（2025—2026年）");
    }
    SECTION("export") {
        const auto r = test::run_ingot("export --derived .", dir.path());
        REQUIRE(r.exit_code == 0);
        const auto records = read_csv(r.out);
        REQUIRE(records.size() > 2);
        CHECK(records[0] == std::vector<std::string>{"plan", "metric", "series", "year", "kind",
                                                     "quantity", "name", "low", "nominal", "high",
                                                     "unit", "written", "sources", "quotes"});
        std::set<std::string> quotes;
        for (const auto& record : records) {
            CHECK(record.size() == 14);
            quotes.insert(record.back());
        }
        CHECK(quotes.contains("a quote, with \"quotes\"\nand a line"));
    }
}

TEST_CASE("compare text lines up Chinese text by display width", "[cli][compare]") {
    test::TempDir dir;
    write_tricky_project(dir);
    for (const char* args : {"compare .", "compare --transpose .", "compare --width 50 .",
                             "compare --width 70 --transpose ."}) {
        INFO(args);
        const auto r = test::run_ingot(args, dir.path());
        REQUIRE(r.exit_code == 0);
        const auto lines = lines_of(r.out);
        REQUIRE(lines.size() > 4);
        CHECK(r.out.find("有色金属") != std::string::npos);
        const std::size_t width = lang::display_width(lines.front());
        for (const std::string& line : lines) {
            INFO(line);
            CHECK(lang::display_width(line) == width);
        }
    }
}

TEST_CASE("compare --width fits the table", "[cli][compare]") {
    for (const int width : {40, 60, 80, 100, 120}) {
        INFO(width);
        const auto r = test::run_ingot("compare --width " + std::to_string(width) + shipped);
        REQUIRE(r.exit_code == 0);
        std::size_t widest = 0;
        for (const std::string& line : lines_of(r.out)) {
            widest = std::max<std::size_t>(widest, lang::display_width(line));
        }
        CHECK(widest <= static_cast<std::size_t>(width));
        CHECK(widest >= static_cast<std::size_t>(width) - 2); // the room is used
    }
    // Without --width and not on a terminal: no limit, no wrapping.
    const auto r = test::run_ingot("compare" + shipped);
    CHECK(r.out.find("│ Nonferrous metals industry stable growth work plan (2025-2026) ") !=
          std::string::npos);
}

TEST_CASE("compare chooses plans and rows", "[cli][compare]") {
    const auto header = [](const std::string& out) { return out.substr(0, out.find('\n', 1)); };
    SECTION("--plan") {
        const auto r = test::run_ingot("compare --format csv --plan 'steel*'" + shipped);
        CHECK(r.exit_code == 0);
        CHECK(header(r.out) == "metric,label,unit,steel_2025\r");
    }
    SECTION("--series, over a folder that holds other series") {
        auto r = test::run_ingot("compare --format csv --series 'stable_*_2025' plans/");
        CHECK(r.exit_code == 0);
        CHECK(header(r.out).find("nonferrous_2025") != std::string::npos);
        CHECK(header(r.out).find("machinery_2025") != std::string::npos);
        CHECK(header(r.out).find("nonferrous_2023") == std::string::npos);
        r = test::run_ingot("compare --format csv --series stable_growth_2023 plans/");
        CHECK(header(r.out) == "metric,label,unit,building_materials_2023,nonferrous_2023,"
                               "steel_2023\r");
    }
    SECTION("--metric, by name or aka name, and repeated") {
        auto r = test::run_ingot("compare --format csv --metric iva" + shipped);
        CHECK(r.exit_code == 0);
        auto records = read_csv(r.out);
        REQUIRE(records.size() == 3); // the header, value_added, silent on
        CHECK(records[1][0] == "value_added");
        CHECK(records[2][0] == "silent_on");
        r = test::run_ingot("compare --format csv --metric 'out*' --metric capacity" + shipped);
        records = read_csv(r.out);
        REQUIRE(records.size() == 4);
        CHECK(records[1][0] == "capacity");
        CHECK(records[2][0] == "output");
    }
    SECTION("aka names share a row") {
        test::TempDir dir;
        write_tricky_project(dir);
        const auto records = read_csv(test::run_ingot("compare --format csv .", dir.path()).out);
        REQUIRE(records.size() == 4);
        CHECK(records[2][0] == "scrap_use");
        CHECK(records[2][3] == "reaches > 3 Mt by 2026 [S]\n2026: > 3 Mt");
        CHECK(records[2][4] == "scrap reaches 4 Mt by 2027 [T]\n2027: 4 Mt (3.5 … 4.5 Mt)");
    }
    SECTION("a file of a project compares its plans only, with the project as context") {
        const auto r = test::run_ingot("compare --format csv plans/nonferrous-2025.plan");
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(header(r.out) == "metric,label,unit,nonferrous_2025\r");
    }
}

TEST_CASE("compare json follows its schema", "[cli][compare]") {
    const auto r = test::run_ingot("compare --format json" + shipped);
    REQUIRE(r.exit_code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["schema"] == "ingot-compare");
    CHECK(doc["version"] == 1);
    REQUIRE(doc["plans"].size() == 3);
    CHECK(doc["plans"][1]["name"] == "nonferrous_2025");
    CHECK(doc["plans"][1]["first_year"] == 2025);
    for (const auto& row : doc["rows"]) {
        CHECK(row["cells"].size() == 3);
        CHECK(row.contains("metric"));
        CHECK(row.contains("label"));
        CHECK(row.contains("unit"));
    }
    const auto output = std::find_if(doc["rows"].begin(), doc["rows"].end(),
                                     [](const auto& row) { return row["metric"] == "output"; });
    REQUIRE(output != doc["rows"].end());
    CHECK((*output)["unit"] == "Mt");
    const auto& cell = (*output)["cells"][1];
    CHECK(cell["series"] == "output(metals)");
    CHECK(cell["targets"][0]["citations"][0]["quote"] == "年均增长1.5%左右");
    CHECK(cell["annual_rate"]["nominal"].get<double>() == Approx(1.5));
    CHECK(cell["annual_rate"]["low"].get<double>() == Approx(1.35));
    CHECK(cell["annual_rate"]["high"].get<double>() == Approx(1.65));
    CHECK(cell["annual_rate"]["reading"] == "point");
    CHECK(cell["end_year"] == 2026);
    CHECK(cell["end_level"]["nominal"].get<double>() == Approx(79.19 * 1.015 * 1.015));
    CHECK(cell["end_level"]["text"] == "81.6 Mt (81.3 … 81.8 Mt)");
    CHECK((*output)["cells"][0].is_null());
}

TEST_CASE("compare html is inert and escapes the plans' text", "[cli][compare]") {
    test::TempDir dir;
    write_tricky_project(dir);
    for (const char* fragment : {"", " --transpose"}) {
        const auto r =
            test::run_ingot(std::string("compare --format html") + fragment + " .", dir.path());
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.starts_with("<!DOCTYPE html>\n"));
        CHECK(r.out.find("<script") == std::string::npos);
        CHECK(r.out.find("src=") == std::string::npos);
        CHECK(r.out.find("href=") == std::string::npos);
        CHECK(r.out.find("http") == std::string::npos);
        CHECK(r.out.find("<b>") == std::string::npos);
        CHECK(r.out.find("&lt;b&gt;A &amp; B&lt;/b&gt;, &quot;quoted&quot;, with a | bar") !=
              std::string::npos);
        CHECK(r.out.find("title=\"a quote, with &quot;quotes&quot;\nand a line\"") !=
              std::string::npos);
    }
}

TEST_CASE("compare markdown escapes table syntax", "[cli][compare]") {
    test::TempDir dir;
    write_tricky_project(dir);
    const auto r = test::run_ingot("compare --format markdown .", dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("&lt;b>A &amp; B&lt;/b>, \"quoted\", with a \\| bar") != std::string::npos);
    for (const std::string& line : lines_of(r.out)) {
        CHECK(line.starts_with("| "));
        CHECK(line.ends_with(" |"));
    }
}

TEST_CASE("compare and export refuse bad input clearly", "[cli][compare]") {
    SECTION("an unknown format names the formats") {
        auto r = test::run_ingot("compare --format yaml" + shipped);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("yaml not in {text,markdown,csv,json,html}") != std::string::npos);
        r = test::run_ingot("export --format html" + shipped);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("html not in {csv,json}") != std::string::npos);
    }
    SECTION("no plans") {
        const auto r = test::run_ingot("compare plans/rules/");
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no plans in plans/rules/: name plan files (*.plan) or "
                       "folders that hold them\n");
        CHECK(r.out.empty());
    }
    SECTION("a glob that matches no file") {
        const auto r = test::run_ingot("compare 'plans/*-2099.plan'");
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no *.plan or *.rules file matches `plans/*-2099.plan`\n");
    }
    SECTION("a --metric, --plan or --series that matches nothing") {
        auto r = test::run_ingot("compare --metric 'cement*'" + shipped);
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no metric matches `--metric cement*`; the metrics compared "
                       "are green_revenue, capacity, value_added, output, recycled_output, "
                       "unit_value, ule_retrofit_share\n");
        r = test::run_ingot("compare --plan coal_2025" + shipped);
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no plan matches `--plan coal_2025`; the plans are "
                       "building_materials_2025, nonferrous_2025, steel_2025\n");
        r = test::run_ingot("export --series 'five_year*'" + shipped);
        CHECK(r.exit_code == 2);
        CHECK(r.err == "ingot: error: no plan is of a series matching `--series five_year*`; the "
                       "series are stable_growth_2025\n");
    }
    SECTION("syntax errors stop the run; other errors are shown beside the output") {
        test::TempDir dir;
        dir.write("broken.plan",
                  "plan broken {\n  period 2025..2026\n  target t: output grows\n}\n");
        auto r = test::run_ingot("compare broken.plan", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("broken.plan:4:1: error[syntax]: expected a figure") != std::string::npos);
        dir.write("odd.plan", "plan odd {\n  period 2025..2026\n  source S \"s\"\n"
                              "  target t: outptu grows 5 %/yr  [S]\n"
                              "  target u: output grows 5 %/yr  [S]\n}\n");
        r = test::run_ingot("compare --format csv odd.plan", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("odd.plan:4:13: error[unknown-name]") != std::string::npos);
        CHECK(r.out.find("output,physical output") != std::string::npos);
    }
}

TEST_CASE("export writes every figure, and derived values on request", "[cli][compare]") {
    const auto plain = nlohmann::json::parse(test::run_ingot("export --format json" + shipped).out);
    CHECK(plain["schema"] == "ingot-figures");
    CHECK(plain["version"] == 1);
    std::set<std::string> kinds;
    for (const auto& f : plain["figures"]) {
        kinds.insert(f["kind"].get<std::string>());
    }
    CHECK(kinds == std::set<std::string>{"baseline", "target"});
    const auto derived =
        nlohmann::json::parse(test::run_ingot("export --format json --derived" + shipped).out);
    kinds.clear();
    for (const auto& f : derived["figures"]) {
        kinds.insert(f["kind"].get<std::string>());
    }
    CHECK(kinds == std::set<std::string>{"baseline", "derived", "target"});
    const auto level =
        std::find_if(derived["figures"].begin(), derived["figures"].end(), [](const auto& f) {
            return f["kind"] == "derived" && f["series"] == "output(metals)" && f["year"] == 2026 &&
                   f["quantity"] == "level";
        });
    REQUIRE(level != derived["figures"].end());
    CHECK((*level)["written"] == "81.6 Mt (81.3 … 81.8 Mt)");
    CHECK((*level)["unit"] == "Mt");

    test::TempDir dir;
    const auto r = test::run_ingot("export -o " + (dir.path() / "f.csv").string() + shipped);
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(test::read_text(dir.path() / "f.csv") == test::run_ingot("export" + shipped).out);
}

TEST_CASE("docs/compare.md shows the outputs of the goldens", "[cli][compare][docs]") {
    // The documentation copies the sample plans' outputs; they must stay what the program writes.
    const std::string doc = test::read_text(test::source_dir / "docs/compare.md");
    const auto golden = [](const char* name) {
        std::string text = test::read_text(test::source_dir / "tests/golden/cli" / name);
        for (std::size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n"))
            text.erase(at, 1);
        return text;
    };
    for (const char* name : {"compare-2025-width100.txt", "compare-2025.md", "compare-2025.csv"}) {
        INFO(name);
        CHECK(doc.find("\n" + golden(name) + "```\n") != std::string::npos);
    }
    const std::string html = golden("compare-2025.html");
    const std::size_t row = html.find("<tr><th scope=\"row\"><div class=\"name\">output</div>");
    REQUIRE(row != std::string::npos);
    CHECK(doc.find(html.substr(row, html.find('\n', row) - row)) != std::string::npos);
}

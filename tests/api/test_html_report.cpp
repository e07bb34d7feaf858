// ingot::write_html_report: one self-contained page that loads nothing, runs nothing, and shows
// a plan's text only escaped.
#include "api/api_support.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <string>

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

/// The three shipped 2025 plans, analysed with their project's rulebooks, as `ingot report`
/// reads them.
struct Plans2025 {
    ingot::Analysis analysis;
    ingot::Comparison comparison;
};

Plans2025 plans_2025() {
    ingot::Workspace ws(ingot::Engine(), api_test::plans_dir.string());
    std::vector<std::string> files;
    for (const char* name :
         {"building-materials-2025.plan", "nonferrous-2025.plan", "steel-2025.plan"}) {
        files.push_back((api_test::plans_dir / name).string());
        ws.add_path(files.back());
    }
    ingot::AnalyzeOptions options;
    options.implied = true;
    ingot::Analysis analysis = ws.analyze(options);
    ingot::CompareOptions select;
    select.files = files;
    ingot::Comparison comparison = ingot::compare(analysis, select);
    return {std::move(analysis), std::move(comparison)};
}

} // namespace

TEST_CASE("the html report is one page that loads and runs nothing", "[html-report]") {
    const auto [analysis, comparison] = plans_2025();
    REQUIRE(comparison.plans.size() == 3);
    const std::string page = ingot::write_html_report(analysis, comparison);
    CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                           "'none'; style-src 'unsafe-inline'; img-src data:\">\n"));
    CHECK(page.ends_with("</html>\n"));
    CHECK(count(page, "<script") == 0);
    CHECK(count(page, "<link") == 0);
    CHECK(count(page, "@import") == 0);
    CHECK(count(page, "url(http") == 0);
    // Nothing is loaded from anywhere: the only `src=` is none, and every external address is
    // the href of a link (<a>) to a plan's source, which a reader follows, not the browser.
    CHECK(count(page, " src=") == 0);
    const std::regex external(R"((\w+)=["']https?:)");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), external);
         it != std::sregex_iterator(); ++it) {
        if ((*it)[1] == "xmlns") {
            continue; // the SVG namespace: a name, not an address anything fetches
        }
        const auto before = page.rfind('<', static_cast<std::size_t>(it->position()));
        INFO(page.substr(before, 80));
        CHECK((*it)[1] == "href");
        CHECK(page.compare(before, 3, "<a ") == 0);
    }
    CHECK(count(page, "xmlns=\"http://www.w3.org/2000/svg\"") == count(page, "<svg "));

    // What it holds: the table, the bar chart, a path chart per series with a level baseline
    // and two known years, the findings by plan; landmarks and headings in order.
    CHECK(count(page, "<table class=\"ingot-compare\">") == 1);
    CHECK(count(page, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bars\"") == 1);
    CHECK(count(page, "class=\"chart path\"") ==
          3); // output(metals), recycled_output, green_revenue
    CHECK(count(page, "role=\"img\"") == 4);
    CHECK(count(page, "<figcaption>") == 4);
    CHECK(count(page, "<main>") == 1);
    CHECK(count(page, "<nav aria-label=\"Contents\">") == 1);
    CHECK(count(page, "<h1>") == 1);
    CHECK(page.find("<h1>Ingot report: building_materials_2025, nonferrous_2025 and "
                    "steel_2025</h1>") != std::string::npos);
    CHECK(count(page, "<h3 id=\"findings-h-") == 3);
    CHECK(count(page, "@media print") == 1);
    // A finding with the sources its figures cite, linked, with their quotes.
    CHECK(page.find("<a href=\"http://www.ilinki.net/news/detail/73247\" rel=\"noopener "
                    "noreferrer\">ILK</a>: <q>年均增长5%左右</q>") != std::string::npos);
    // Deterministic.
    CHECK(ingot::write_html_report(analysis, comparison) == page);
}

TEST_CASE("the html report shows a hostile plan's text only escaped", "[html-report]") {
    const std::string hostile = "</script><img src=x onerror=alert(1)>";
    ingot::Workspace ws((ingot::Engine()));
    // A target outside the period: a finding, so that its citations are shown.
    ws.set_source("evil.plan", "plan evil {\n"
                               "  title \"" +
                                   hostile +
                                   "\"\n"
                                   "  period 2025..2026\n"
                                   "  source S \"javascript:alert(1)\"\n"
                                   "  source T \"https://example.org/?a=1&b=\\\"2\\\"\"\n"
                                   "  baseline output 2024 = 10 Mt  [S]\n"
                                   "  target more: output reaches 20 Mt by 2030  [S: \"" +
                                   hostile +
                                   "\", T: \"<b>&\"]\n"
                                   "}\n");
    ingot::AnalyzeOptions options;
    options.implied = true;
    const ingot::Analysis analysis = ws.analyze(options);
    const ingot::Comparison comparison = ingot::compare(analysis);
    REQUIRE(comparison.plans.size() == 1);
    ingot::HtmlReportOptions html;
    html.title = "Report " + hostile;
    const std::string page = ingot::write_html_report(analysis, comparison, html);
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("</script>") == std::string::npos);
    CHECK(page.find("<b>") == std::string::npos);
    CHECK(page.find("<title>Report &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>") !=
          std::string::npos);
    CHECK(page.find("<h1>Report &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</h1>") !=
          std::string::npos);
    // The plan's own title, in what was compared.
    CHECK(page.find("<dt>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</dt>") !=
          std::string::npos);
    // A `javascript:` address is no link; an https one is, its quotes and ampersands escaped.
    CHECK(page.find("href=\"javascript") == std::string::npos);
    CHECK(page.find("<li>S (<code>javascript:alert(1)</code>): "
                    "<q>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</q></li>") !=
          std::string::npos);
    CHECK(page.find("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\"") !=
          std::string::npos);
    CHECK(page.find("<q>&lt;b&gt;&amp;</q>") != std::string::npos);
}

TEST_CASE("the html report of nothing to chart says so", "[html-report]") {
    ingot::Workspace ws((ingot::Engine()));
    ws.set_source("bare.plan", "plan bare {\n  period 2025..2026\n}\n");
    const ingot::Analysis analysis = ws.analyze();
    const ingot::Comparison comparison = ingot::compare(analysis);
    const std::string page = ingot::write_html_report(analysis, comparison);
    CHECK(page.find("<text class=\"no-data\"") != std::string::npos);
    CHECK(page.find("No compared series has a level baseline and a second year to draw its "
                    "path.") != std::string::npos);
    CHECK(page.find("<p>No findings.</p>") != std::string::npos);
}

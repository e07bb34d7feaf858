// The policy stage through the API: selection, severity overrides, `# ingot: allow` comments,
// and threads that do not change the result.
#include "api/api_support.hpp"

#include <catch2/catch.hpp>

using namespace api_test;

namespace {

const char* const two_findings = R"(plan steel_2025 {
  period 2025..2026
  source MIIT "https://example.org/miit"
  target crude: output grows 1 %/yr
  focus empty "nothing yet" {
  }
}
)";

ingot::Analysis analyse(const std::string& text, const ingot::AnalyzeOptions& options = {}) {
    ingot::Workspace ws(ingot::Engine(), ".");
    ws.set_source("p.plan", text);
    return ws.analyze(options);
}

std::vector<std::string> ids_of(const ingot::Analysis& analysis) {
    std::vector<std::string> out;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        out.push_back(d.id + "@" + std::to_string(d.primary.span.begin.line) + ":" +
                      std::string(ingot::to_string(d.severity)));
    }
    return out;
}

} // namespace

TEST_CASE("API: select, ignore and severity decide which findings are reported and how",
          "[api][policy]") {
    CHECK(ids_of(analyse(two_findings)) == std::vector<std::string>{"unused-source@3:warning",
                                                                    "uncited@4:warning",
                                                                    "empty-focus@5:warning"});

    ingot::AnalyzeOptions only_uncited;
    only_uncited.select = std::vector<std::string>{"uncited"};
    CHECK(ids_of(analyse(two_findings, only_uncited)) ==
          std::vector<std::string>{"uncited@4:warning"});

    ingot::AnalyzeOptions ignore_category; // `structure` holds all three
    ignore_category.ignore = {"structure"};
    CHECK(ids_of(analyse(two_findings, ignore_category)).empty());
    ingot::AnalyzeOptions select_category_but_one;
    select_category_but_one.select = std::vector<std::string>{"structure"};
    select_category_but_one.ignore = {"unused-source"};
    CHECK(ids_of(analyse(two_findings, select_category_but_one)) ==
          std::vector<std::string>{"uncited@4:warning", "empty-focus@5:warning"});

    ingot::AnalyzeOptions graded;
    graded.severity["uncited"] = ingot::Severity::error;
    graded.ignore = {"empty-focus"};
    CHECK(ids_of(analyse(two_findings, graded)) ==
          std::vector<std::string>{"unused-source@3:warning", "uncited@4:error"});

    ingot::AnalyzeOptions ignore_syntax; // a file that does not parse has not been checked
    ignore_syntax.ignore = {"syntax"};
    CHECK(ids_of(analyse("plan {", ignore_syntax)) == std::vector<std::string>{"syntax@1:error"});
}

TEST_CASE("API: selecting `implied` turns the derivation's implied findings on, like --implied",
          "[api][policy]") {
    const std::string plan = R"(metric unit_value "value added per tonne" unit CNY/t
identity value_added = output * unit_value
plan p {
  period 2025..2026
  source S "https://example.org/s"
  target a: value_added grows 5 %/yr  [S]
  target b: output grows 1.5 %/yr  [S]
}
)";
    ingot::AnalyzeOptions selected;
    selected.select = std::vector<std::string>{"implied"};
    ingot::AnalyzeOptions flag;
    flag.implied = true;
    const auto by_select = analyse(plan, selected);
    const auto by_flag = analyse(plan, flag);
    REQUIRE(by_select.diagnostics().size() == 1);
    CHECK(by_select.diagnostics()[0].message ==
          "`unit_value` must grow 3.45 %/yr (2.9 … 3.99 %/yr) for the figures to hold");
    CHECK(findings(by_flag.diagnostics()) == findings(by_select.diagnostics()));
    // The number behind the message, unrounded.
    REQUIRE(by_select.diagnostics()[0].values.size() == 1);
    const ingot::Measurement& m = by_select.diagnostics()[0].values[0];
    CHECK(m.unit == "%/yr");
    REQUIRE(m.nominal);
    CHECK(*m.nominal == Approx((1.05 / 1.015 - 1) * 100).epsilon(1e-12));
    CHECK(m.low < *m.nominal);
    CHECK(m.high > *m.nominal);

    ingot::AnalyzeOptions flag_but_ignored = flag;
    flag_but_ignored.ignore = {"implied"};
    CHECK(analyse(plan, flag_but_ignored).diagnostics().empty());
}

TEST_CASE("API: `# ingot: allow(ID) reason` suppresses on its line or the next, bad and unused "
          "allows are findings",
          "[api][policy]") {
    const std::string plan = R"(plan steel_2025 {
  period 2025..2026
  source MIIT "https://example.org/miit"
  # ingot: allow(uncited) the analysts' own estimate
  target crude: output grows 1 %/yr
  target scrap: output grows 2 %/yr  # ingot: allow(uncited)
  target alloy: output grows 2 %/yr  # ingot: allow(uncitd) typo
  target rolled: output grows 2 %/yr  [MIIT]  # ingot: allow(uncited) cited after all
  target plate: output grows 2 %/yr  # ingot: allow(uncited, rounding) estimates
  # ingot: allow uncited
  target bar: output grows 2 %/yr  # ingot: allow(syntax) never
}
)";
    const auto analysis = analyse(plan);
    CHECK(headlines(analysis) ==
          std::vector<std::string>{
              "p.plan:6:3: info[rounding]: as written, these figures disagree about the growth "
              "of `output` in 2025, but agree within their rounding: target crude: output grows "
              "1 %/yr; target scrap: output grows 2 %/yr",
              "p.plan:6:3: warning[uncited]: target `scrap` cites no source",
              "p.plan:6:38: error[bad-allow]: `allow(uncited)` needs a reason",
              "p.plan:7:3: warning[uncited]: target `alloy` cites no source",
              "p.plan:7:38: error[bad-allow]: no check `uncitd`; did you mean `uncited`?",
              "p.plan:8:47: warning[unused-allow]: `allow(uncited)` suppresses nothing on line 8",
              "p.plan:9:38: warning[unused-allow]: `allow(rounding)` suppresses nothing on line 9",
              "p.plan:10:3: error[bad-allow]: this `# ingot:` comment is not an allow",
              "p.plan:11:3: warning[uncited]: target `bar` cites no source",
              "p.plan:11:36: error[bad-allow]: `syntax` findings cannot be suppressed",
          });
    // The fix of an unused allow removes the comment.
    const auto& diagnostics = analysis.diagnostics();
    const auto unused = std::find_if(diagnostics.begin(), diagnostics.end(),
                                     [](const auto& d) { return d.id == "unused-allow"; });
    REQUIRE(unused != diagnostics.end());
    REQUIRE(unused->fixes.size() == 1);
    REQUIRE(unused->fixes[0].edits.size() == 1);
    CHECK(unused->fixes[0].edits[0].replacement.empty());
    CHECK(unused->fixes[0].edits[0].span.begin.column == 47);

    ingot::AnalyzeOptions off;
    off.suppressions = false;
    const auto ids = ids_of(analyse(plan, off));
    CHECK(std::count(ids.begin(), ids.end(), "uncited@5:warning") == 1);
    CHECK(std::none_of(ids.begin(), ids.end(), [](const std::string& id) {
        return id.find("allow") != std::string::npos;
    }));
}

TEST_CASE("API: an allow may name an analyst rule", "[api][policy]") {
    ingot::Workspace ws(ingot::Engine(), ".");
    ws.set_source("r.rules", "rule fast: warning {\n  when growth(output) > 3 %/yr\n"
                             "  message \"fast\"\n}\n");
    ws.set_source("p.plan", "import \"r.rules\"\nplan p {\n  period 2025..2026\n"
                            "  source S \"https://example.org/s\"\n"
                            "  # ingot: allow(fast) the plan says so\n"
                            "  target a: output grows 5 %/yr  [S]\n}\n");
    const auto analysis = ws.analyze();
    INFO(headlines(analysis).size());
    for (const std::string& line : headlines(analysis)) {
        INFO(line);
        CHECK(line.find("[fast]") == std::string::npos);
        CHECK(line.find("allow") == std::string::npos);
    }
}

TEST_CASE("API: derivation on several threads gives the same result as on one",
          "[api][policy][threads]") {
    const ingot::Engine engine;
    ingot::AnalyzeOptions serial;
    serial.implied = true;
    ingot::AnalyzeOptions parallel = serial;
    parallel.threads = 4;
    const auto one = shipped_plans(engine).analyze(serial);
    const auto four = shipped_plans(engine).analyze(parallel);
    REQUIRE(one.diagnostics().size() > 10);
    CHECK(findings(one.diagnostics()) == findings(four.diagnostics()));
    REQUIRE(one.plans().size() == four.plans().size());
    for (const ingot::Plan& plan : one.plans()) {
        const ingot::Derivation* a = one.derivation(plan.name);
        const ingot::Derivation* b = four.derivation(plan.name);
        REQUIRE(a != nullptr);
        REQUIRE(b != nullptr);
        REQUIRE(a->series.size() == b->series.size());
        for (std::size_t i = 0; i < a->series.size(); ++i) {
            CHECK(a->series[i].series == b->series[i].series);
            REQUIRE(a->series[i].years.size() == b->series[i].years.size());
            for (std::size_t y = 0; y < a->series[i].years.size(); ++y) {
                CHECK(a->series[i].years[y].level.nominal == b->series[i].years[y].level.nominal);
            }
        }
    }
}

// Metrics are file-scoped: a metric declared in a file is that file's and its importers'. Two plans
// in one folder may each declare `rd_intensity`; a file that sees two declarations of one name
// gets `duplicate-name`, naming the import that brings each.
#include "api_support.hpp"

#include <catch2/catch.hpp>

using namespace api_test;

namespace {

std::string plan_with_metric(const std::string& name, const std::string& imports = {}) {
    return imports +
           "metric rd_intensity \"R&D intensity\" unit %\n"
           "plan " +
           name +
           " {\n"
           "  period 2025..2026\n"
           "  source A \"https://example.org/a\"\n"
           "  target x: rd_intensity reaches 2 % by 2026  [A]\n"
           "}\n";
}

} // namespace

TEST_CASE("API: two plans in one folder may each declare a metric of one name",
          "[api][import][names]") {
    const ingot::Engine engine;
    TempDir dir;
    const std::string a = dir.write("a.plan", plan_with_metric("a"));
    const std::string b = dir.write("b.plan", plan_with_metric("b"));
    ingot::Workspace ws(engine, dir.path().string());
    ws.add_path(a);
    ws.add_path(b);
    ingot::Analysis analysis = ws.analyze();
    CHECK(headlines(analysis).empty());
    REQUIRE(analysis.plans().size() == 2);
    for (const ingot::Plan& plan : analysis.plans()) {
        REQUIRE(plan.targets.size() == 1);
        CHECK(plan.targets[0].metric == "rd_intensity");
    }
    // Rules see each plan's own declaration: both plans have a target for "their" metric.
    const ingot::EvalResult every = analysis.eval("b", "every plan has rd_intensity");
    CHECK(every.diagnostics.empty());
    REQUIRE(every.value);
    CHECK(std::get<bool>(*every.value));
}

TEST_CASE("API: a file that sees two declarations of a metric gets duplicate-name",
          "[api][import][names]") {
    const ingot::Engine engine;
    TempDir dir;
    const std::string metric = "metric shared \"a shared metric\" unit t\n";
    const std::string one = dir.write("one.rules", metric);
    const std::string two = dir.write("two.rules", metric);
    SECTION("through two imports: the message names the importer and both files") {
        const std::string both = dir.write("both.plan", "import \"one.rules\"\n"
                                                        "import \"two.rules\"\n"
                                                        "plan p {\n  period 2025..2026\n}\n");
        ingot::Workspace ws(engine, dir.path().string());
        ws.add_path(both);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        const ingot::Diagnostic& d = analysis.diagnostics()[0];
        CHECK(d.id == "duplicate-name");
        CHECK(d.message == "metric `shared` is declared twice: `" + both + "` imports both `" +
                               one + "` and `" + two + "`");
    }
    SECTION("a file that imports a declaration of its own name") {
        const std::string own = dir.write("own.plan", "import \"one.rules\"\n" + metric);
        ingot::Workspace ws(engine, dir.path().string());
        ws.add_path(own);
        const ingot::Analysis analysis = ws.analyze();
        REQUIRE(analysis.diagnostics().size() == 1);
        CHECK(analysis.diagnostics()[0].id == "duplicate-name");
        CHECK(analysis.diagnostics()[0].message == "metric `shared` is declared twice");
    }
    SECTION("two rulebooks no file sees together are fine") {
        ingot::Workspace ws(engine, dir.path().string());
        ws.add_path(one);
        ws.add_path(two);
        CHECK(headlines(ws.analyze()).empty());
    }
}

TEST_CASE("API: identities, explain and eval use the declaration the plan's file sees",
          "[api][names][derive]") {
    // Two plans in one folder each declare `rd_intensity`, in different units: a share in one,
    // money per tonne in the other, where an identity relates it to output and revenue. The
    // second file must get its own declaration everywhere: the identity's units, the derived
    // series' unit, explain's label and eval's level.
    const ingot::Engine engine;
    TempDir dir;
    const std::string a =
        dir.write("a.plan", "metric rd_intensity \"R&D spending per revenue\" unit %\n"
                            "plan a {\n  period 2025..2026\n  source S \"https://example.org/s\"\n"
                            "  baseline rd_intensity 2024 = 2 %  [S]\n"
                            "  target up: rd_intensity reaches 3 %  [S]\n}\n");
    const std::string b =
        dir.write("b.plan", "metric rd_intensity \"R&D spending per tonne\" unit CNY/t\n"
                            "identity revenue = output * rd_intensity\n"
                            "plan b {\n  period 2025..2026\n  source S \"https://example.org/s\"\n"
                            "  baseline rd_intensity 2024 = 20 CNY/t  [S]\n"
                            "  baseline output 2024 = 100 Mt  [S]\n"
                            "  target up: rd_intensity reaches 30 CNY/t  [S]\n"
                            "  target out: output grows 2 %/yr  [S]\n}\n");
    ingot::Workspace ws(engine, dir.path().string());
    ws.add_path(a);
    ws.add_path(b);
    ingot::Analysis analysis = ws.analyze();
    // No `unknown-name` for the identity's `rd_intensity`, and no unit mismatch with `revenue`.
    CHECK(headlines(analysis).empty());

    const ingot::Explanation eb = analysis.explain("b", "rd_intensity");
    CHECK(eb.label == std::optional<std::string>("R&D spending per tonne"));
    CHECK(eb.unit == "CNY/t");
    const ingot::Explanation ea = analysis.explain("a", "rd_intensity");
    CHECK(ea.label == std::optional<std::string>("R&D spending per revenue"));
    CHECK(ea.unit == "%");

    // Revenue follows through the identity, in the readable scale of CNY: 100 Mt × 20 CNY/t in
    // 2024 is 2 bn CNY.
    const ingot::EvalResult revenue = analysis.eval("b", "level(revenue, 2024)");
    REQUIRE(revenue.value);
    CHECK(ingot::to_text_with_range(*revenue.value) == "2 bn CNY (1.94 … 2.06 bn CNY)");
    const ingot::EvalResult level = analysis.eval("b", "level(rd_intensity)");
    REQUIRE(level.value);
    CHECK(ingot::to_text_with_range(*level.value) == "30 CNY/t (29.5 … 30.5 CNY/t)");
    // The share's change is in points in `a`.
    const ingot::EvalResult change = analysis.eval("a", "change(rd_intensity)");
    REQUIRE(change.value);
    CHECK(ingot::to_text_with_range(*change.value) == "+1 pp (0 … +2 pp)");
}

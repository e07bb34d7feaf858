// The embedding API (include/ingot/ingot.hpp) as a host uses it: Engine, Workspace, Analysis,
// the plan model, derivations, explanations, eval, rendering, formatting and files. Only the
// public header is included; every expectation is an exact message, id, position or value.
#include "api/api_support.hpp"

#include <ingot/ingot.hpp>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <string>
#include <sys/stat.h>
#include <variant>
#include <vector>

using namespace api_test;

namespace {

const std::vector<std::string> analyst_rules = {
    "unit_value_climb",   "unit_value_trend",     "conservative_green_target", "recycled_readings",
    "series_value_added", "overcapacity_silence", "ten_metals_scope",          "output_target_cut"};

const ingot::Plan& find_plan(const ingot::Analysis& analysis, const std::string& name) {
    const auto& plans = analysis.plans();
    const auto it = std::find_if(plans.begin(), plans.end(),
                                 [&](const ingot::Plan& p) { return p.name == name; });
    REQUIRE(it != plans.end());
    return *it;
}

const ingot::Target& find_target(const ingot::Plan& plan, const std::string& name) {
    const auto it = std::find_if(plan.targets.begin(), plan.targets.end(),
                                 [&](const ingot::Target& t) { return t.name == name; });
    REQUIRE(it != plan.targets.end());
    return *it;
}

/// The text of `span` in `text`, by byte offsets.
std::string spanned(const std::string& text, const ingot::Span& span) {
    return text.substr(span.begin.offset, span.end.offset - span.begin.offset);
}

/// A plan with a misspelt metric on line 5: `outptu` for `output`.
const std::string typo_plan = "plan typo {\n"
                              "  period 2025..2026\n"
                              "  source A \"https://example.org/a\"\n"
                              "  baseline output 2024 = 100 Mt  [A]\n"
                              "  target up: outptu grows ~5 %/yr  [A]\n"
                              "}\n";

const std::string clean_plan = "plan clean {\n"
                               "  period 2025..2026\n"
                               "  source A \"https://example.org/a\"\n"
                               "  baseline output 2024 = 100 Mt  [A]\n"
                               "  target up: output grows ~5 %/yr  [A]\n"
                               "}\n";

std::vector<std::string> ids_of(const std::vector<ingot::Diagnostic>& diagnostics) {
    std::vector<std::string> out;
    for (const ingot::Diagnostic& d : diagnostics) {
        out.push_back(d.id);
    }
    return out;
}

template <typename F>
ingot::Error thrown_by(F&& f) {
    try {
        f();
    } catch (const ingot::Error& e) {
        return e;
    }
    FAIL("no ingot::Error was thrown");
    return ingot::Error(ingot::Error::Kind::usage, "");
}

} // namespace

// ---- version, errors, small helpers ---------------------------------------------------------

TEST_CASE("API: version() is the project version of CMakeLists.txt", "[api]") {
    CHECK(ingot::version() == "0.1.0");
}

TEST_CASE("API: ingot::Error carries its kind and message", "[api]") {
    const ingot::Error io(ingot::Error::Kind::io, "cannot read `x`");
    CHECK(io.kind() == ingot::Error::Kind::io);
    CHECK(std::string(io.what()) == "cannot read `x`");
    const ingot::Error usage(ingot::Error::Kind::usage, "no plan `p`");
    CHECK(usage.kind() == ingot::Error::Kind::usage);
    const std::runtime_error& base = usage;
    CHECK(std::string(base.what()) == "no plan `p`");
}

TEST_CASE("API: severities and check origins as text", "[api]") {
    CHECK(ingot::to_string(ingot::Severity::info) == "info");
    CHECK(ingot::to_string(ingot::Severity::warning) == "warning");
    CHECK(ingot::to_string(ingot::Severity::error) == "error");
    CHECK(ingot::parse_severity("info") == ingot::Severity::info);
    CHECK(ingot::parse_severity("warning") == ingot::Severity::warning);
    CHECK(ingot::parse_severity("error") == ingot::Severity::error);
    CHECK_FALSE(ingot::parse_severity("fatal"));
    CHECK_FALSE(ingot::parse_severity("Error"));
    CHECK_FALSE(ingot::parse_severity(""));
    CHECK(ingot::to_string(ingot::CheckOrigin::builtin) == "built-in");
    CHECK(ingot::to_string(ingot::CheckOrigin::host) == "host");
    CHECK(ingot::to_string(ingot::CheckOrigin::rule) == "rule");
}

TEST_CASE("API: to_text and to_text_with_range of every kind of value", "[api]") {
    const ingot::Number rate{3.4482758620689653, 2.8, 4.09, "%/yr", -1};
    CHECK(ingot::to_text(rate) == "3.45 %/yr");
    CHECK(ingot::to_text(rate, 5) == "3.4483 %/yr");
    CHECK(ingot::to_text_with_range(rate) == "3.45 %/yr (2.8 … 4.09 %/yr)");
    const ingot::Number constant{79.19, 79.19, 79.19, "Mt", -1};
    CHECK(ingot::to_text(constant) == "79.2 Mt");
    CHECK(ingot::to_text(constant, 4) == "79.19 Mt");
    CHECK(ingot::to_text_with_range(constant, 4) == "79.19 Mt");
    CHECK(ingot::to_text(ingot::Number{2, 2, 2, "", -1}) == "2");
    CHECK(ingot::to_text(ingot::Number{19.9926, 19.9926, 19.9926, "Mt", 2}) == "19.99 Mt");
    CHECK(ingot::to_text(true) == "true");
    CHECK(ingot::to_text(false) == "false");
    CHECK(ingot::to_text(std::string("nonferrous_2025")) == "nonferrous_2025");
    CHECK(ingot::to_text(ingot::List{{"copper", "aluminum"}}) == "copper, aluminum");
    CHECK(ingot::to_text(ingot::Unknown{"no figures"}) == "unknown: no figures");
    CHECK(ingot::to_text_with_range(ingot::Unknown{"no figures"}) == "unknown: no figures");
}

// ---- Engine ---------------------------------------------------------------------------------

TEST_CASE("API: Engine() has every built-in check, in pipeline order", "[api][engine]") {
    const ingot::Engine engine;
    std::vector<std::string> ids;
    for (const ingot::CheckInfo& c : engine.checks()) {
        INFO(c.id);
        ids.push_back(c.id);
        CHECK_FALSE(c.summary.empty());
        CHECK(c.summary.find('\n') == std::string::npos);
        CHECK_FALSE(c.explanation.empty());
        CHECK_FALSE(c.category.empty());
        CHECK(c.origin == ingot::CheckOrigin::builtin);
    }
    CHECK(ids == builtin_ids);

    const ingot::CheckInfo* unknown = engine.find_check("unknown-name");
    REQUIRE(unknown != nullptr);
    CHECK(unknown == &engine.checks()[4]);
    CHECK(unknown->default_severity == ingot::Severity::error);
    CHECK(unknown->category == "names");
    CHECK(unknown->fixable);
    CHECK(unknown->enabled_by_default);
    CHECK(unknown->summary ==
          "a metric, scope, source, unit, function, field or name that is not defined");
    CHECK_FALSE(unknown->bad_example.empty());
    CHECK_FALSE(unknown->good_example.empty());

    const ingot::CheckInfo* implied = engine.find_check("implied");
    REQUIRE(implied != nullptr);
    CHECK(implied->default_severity == ingot::Severity::info);
    CHECK_FALSE(implied->enabled_by_default);

    const ingot::CheckInfo* import = engine.find_check("import");
    REQUIRE(import != nullptr);
    CHECK(import->category == "imports");
    CHECK(import->bad_example.find("import \"../../../../etc/passwd\"") == 0);

    CHECK(engine.find_check("nope") == nullptr);
    CHECK(engine.find_check("") == nullptr);
    CHECK(engine.find_check("Unknown-Name") == nullptr);
}

TEST_CASE("API: Engine() limits are the documented defaults", "[api][engine]") {
    const ingot::Engine engine;
    const ingot::Limits& limits = engine.limits();
    CHECK(limits.max_source_bytes == 16u << 20);
    CHECK(limits.max_files == 100000);
    CHECK(limits.max_depth == 100);
    CHECK(limits.max_steps == 100000);

    ingot::Limits small;
    small.max_files = 3;
    const ingot::Engine limited = ingot::EngineBuilder().limits(small).build();
    CHECK(limited.limits().max_files == 3);
    CHECK(limited.limits().max_depth == 100);
    // Copies share one state.
    const ingot::Engine copy = limited;
    CHECK(&copy.limits() == &limited.limits());
    CHECK(&copy.checks() == &limited.checks());
}

TEST_CASE("API: prelude_metrics() has value_added in CNY, aka iva", "[api][engine]") {
    const ingot::Engine engine;
    const std::vector<ingot::Metric> metrics = engine.prelude_metrics();
    const auto it = std::find_if(metrics.begin(), metrics.end(),
                                 [](const ingot::Metric& m) { return m.name == "value_added"; });
    REQUIRE(it != metrics.end());
    CHECK(it->unit == "CNY");
    CHECK(it->aka == std::vector<std::string>{"iva"});
    CHECK(it->label == "industrial value added");
    CHECK(it->span.path.empty()); // the prelude is no file
    for (const char* name : {"output", "revenue", "profit"}) {
        INFO(name);
        CHECK(std::any_of(metrics.begin(), metrics.end(),
                          [&](const ingot::Metric& m) { return m.name == name; }));
    }
}

// ---- Workspace ------------------------------------------------------------------------------

TEST_CASE("API: Workspace sources are set, replaced and removed by path", "[api][workspace]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    CHECK(ws.root() == ".");
    CHECK(ws.paths().empty());

    ws.set_source("b.plan", clean_plan);
    ws.set_source("a.plan", typo_plan);
    CHECK(ws.paths() == std::vector<std::string>{"b.plan", "a.plan"});

    // Replacing keeps the place; a path is known by its normal form.
    ws.set_source("./b.plan", "plan b {\n}\n");
    ws.set_source("sub/../a.plan", clean_plan);
    CHECK(ws.paths() == std::vector<std::string>{"b.plan", "a.plan"});

    CHECK(ws.remove_source("b.plan"));
    CHECK_FALSE(ws.remove_source("b.plan"));
    CHECK_FALSE(ws.remove_source("never.plan"));
    CHECK(ws.paths() == std::vector<std::string>{"a.plan"});

    // A moved-to Workspace keeps the sources.
    ingot::Workspace moved = std::move(ws);
    CHECK(moved.paths() == std::vector<std::string>{"a.plan"});
    CHECK(moved.root() == ".");
}

TEST_CASE("API: replacing one buffer and analysing again changes the findings",
          "[api][workspace]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    ws.set_source("main.plan", typo_plan);
    const ingot::Analysis before = ws.analyze();
    CHECK(headlines(before) ==
          std::vector<std::string>{"main.plan:5:14: error[unknown-name]: unknown metric `outptu`"});
    CHECK(before.files() == std::vector<std::string>{"main.plan"});

    ws.set_source("main.plan", clean_plan);
    const ingot::Analysis after = ws.analyze();
    CHECK(after.diagnostics().empty());
    // The earlier Analysis is a value: it did not change.
    CHECK(before.diagnostics().size() == 1);
    REQUIRE(after.plans().size() == 1);
    CHECK(after.plans()[0].name == "clean");

    CHECK(ws.remove_source("main.plan"));
    const ingot::Analysis empty = ws.analyze();
    CHECK(empty.diagnostics().empty());
    CHECK(empty.files().empty());
    CHECK(empty.plans().empty());
}

TEST_CASE("API: add_path reads a folder's *.plan and *.rules, sorted", "[api][workspace]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine, plans_dir.string());
    CHECK(ws.root() == plans_dir.string());
    ws.add_path(plans_dir.string());
    const std::vector<std::string> expected = ingot::find_sources(plans_dir.string());
    CHECK(ws.paths() == expected);
    CHECK(std::is_sorted(expected.begin(), expected.end()));
    const std::vector<std::string> names = {
        "building-materials-2025.plan",
        "nonferrous-2025.plan",
        "predecessors/building-materials-2023.plan",
        "predecessors/nonferrous-2023.plan",
        "predecessors/steel-2023.plan",
        "rules/analyst.rules",
        "rules/sectors.rules",
        "series/automobiles-2025.plan",
        "series/electronics-2025.plan",
        "series/light-industry-2025.plan",
        "series/machinery-2025.plan",
        "series/petrochemicals-2025.plan",
        "steel-2025.plan",
    };
    std::vector<std::string> relative;
    for (const std::string& p : ws.paths()) {
        relative.push_back(fs::relative(p, plans_dir).string());
    }
    CHECK(relative == names);

    // Adding the same folder again replaces, it does not duplicate.
    ws.add_path(plans_dir.string());
    CHECK(ws.paths() == expected);

    const ingot::Analysis analysis = ws.analyze();
    // files(): in load order, each importer before what it imports.
    std::vector<std::string> loaded = analysis.files();
    CHECK(loaded.front() == expected.front());
    std::sort(loaded.begin(), loaded.end());
    CHECK(loaded == expected);
    CHECK(analysis.plans().size() == 11);
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        INFO(analysis.render(d));
        CHECK(d.severity != ingot::Severity::error);
    }
}

TEST_CASE("API: add_path and Workspace() throw io errors for what cannot be read",
          "[api][workspace]") {
    const ingot::Engine engine;
    TempDir dir;
    ingot::Workspace ws(engine, dir.path().string());

    const std::string missing = dir / "missing.plan";
    const ingot::Error e = thrown_by([&] { ws.add_path(missing); });
    CHECK(e.kind() == ingot::Error::Kind::io);
    CHECK(std::string(e.what()) == "cannot read `" + missing + "`: no such file or directory");
    CHECK(ws.paths().empty());

    const ingot::Error f = thrown_by([&] { ws.add_path(dir / "missing-folder/"); });
    CHECK(f.kind() == ingot::Error::Kind::io);

    // The root must be a folder.
    const std::string file = dir.write("a.plan", clean_plan);
    const ingot::Error not_folder = thrown_by([&] { ingot::Workspace w(engine, file); });
    CHECK(not_folder.kind() == ingot::Error::Kind::io);
    CHECK(std::string(not_folder.what()) == "the root `" + file + "` is not a folder");
    const ingot::Error no_root = thrown_by([&] { ingot::Workspace w(engine, dir / "nowhere"); });
    CHECK(no_root.kind() == ingot::Error::Kind::io);
    CHECK(std::string(no_root.what()) == "the root `" + (dir / "nowhere") + "` is not a folder");

    // A file is added by itself; what was read before a failure stays added.
    ws.add_path(file);
    CHECK(ws.paths() == std::vector<std::string>{file});
}

// ---- Analysis of the shipped plans ---------------------------------------------------------

TEST_CASE("API: diagnostics are sorted by file, line, column and id", "[api][analysis]") {
    const ingot::Engine engine;
    TempDir dir;
    ingot::Workspace ws(engine, dir.path().string());
    ws.set_source(dir / "b.plan", "plan b {\n  target t: outptu grows 1 %/yr\n  target u: revenu "
                                  "grows 1 %/yr\n}\n");
    ws.set_source(dir / "a.plan", "plan a {\n  target t: output grows 1 %/yr\n}\n");
    const ingot::Analysis analysis = ws.analyze();
    const auto& ds = analysis.diagnostics();
    REQUIRE(ds.size() >= 3);
    CHECK(std::is_sorted(ds.begin(), ds.end(),
                         [](const ingot::Diagnostic& x, const ingot::Diagnostic& y) {
                             return std::tie(x.primary.span.path, x.primary.span.begin.line,
                                             x.primary.span.begin.column, x.id) <
                                    std::tie(y.primary.span.path, y.primary.span.begin.line,
                                             y.primary.span.begin.column, y.id);
                         }));
    CHECK(ds.front().primary.span.path == dir / "a.plan");
    CHECK(ds.back().primary.span.path == dir / "b.plan");
    // files(): in load order, as given.
    CHECK(analysis.files() == std::vector<std::string>{dir / "b.plan", dir / "a.plan"});
}

TEST_CASE("API: the plan model of nonferrous_2025", "[api][analysis]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    const ingot::Analysis analysis = ws.analyze();
    const ingot::Plan& plan = find_plan(analysis, "nonferrous_2025");

    CHECK(plan.path == "plans/nonferrous-2025.plan");
    CHECK(plan.title == "Nonferrous metals industry stable growth work plan (2025-2026)");
    CHECK(plan.original == "有色金属行业稳增长工作方案（2025—2026年）");
    CHECK(plan.document == "工信部联原〔2025〕191号");
    CHECK(plan.issuers == std::vector<std::string>{"MIIT", "MNR", "MOFCOM", "PBOC", "SASAC", "GACC",
                                                   "CSRC", "NFSRA"});
    CHECK(plan.signed_on == "2025-08-28");
    CHECK(plan.published == "2025-09-28");
    CHECK(plan.first_year == 2025);
    CHECK(plan.last_year == 2026);
    CHECK(plan.series == "stable_growth_2025");
    CHECK(plan.sector == "nonferrous_metals");
    CHECK(plan.span.path == "plans/nonferrous-2025.plan");
    CHECK(plan.span.begin.line == 11);
    CHECK(plan.span.begin.column == 1);

    // Sources and scopes are listed by name.
    const auto source = [&](const std::string& id) {
        const auto it = std::find_if(plan.sources.begin(), plan.sources.end(),
                                     [&](const ingot::Source& x) { return x.id == id; });
        REQUIRE(it != plan.sources.end());
        return *it;
    };
    CHECK(plan.sources.size() == 11);
    CHECK(source("ILK").url == "http://www.ilinki.net/news/detail/73247");
    CHECK_FALSE(source("ILK").description);
    CHECK(source("ILK").span.begin.line == 22);
    CHECK(source("ILK").span.begin.column == 3);
    CHECK(source("TRIV").url == "https://triviumchina.com/?p=187848");
    CHECK(source("CNIA").url == "http://www.gdmsci.cn/blog/n12pysqT9ArR.html");
    CHECK(source("UDN_NF").description == std::optional<std::string>("Xinhua via UDN, 2025-09-28"));

    REQUIRE(plan.scopes.size() == 2);
    const auto scope = std::find_if(plan.scopes.begin(), plan.scopes.end(),
                                    [](const ingot::Scope& x) { return x.name == "metals"; });
    REQUIRE(scope != plan.scopes.end());
    const ingot::Scope& metals = *scope;
    CHECK(metals.declared_size == 10);
    CHECK(metals.items == std::vector<std::string>{"copper", "aluminum", "lithium"});
    REQUIRE(metals.citations.size() == 1);
    CHECK(metals.citations[0].source == "TRIV");
    CHECK(metals.citations[0].quote ==
          std::optional<std::string>(
              "It targets 10 nonferrous metals, including copper, aluminum, and lithium."));
    CHECK(metals.span.begin.line == 34);

    std::vector<std::string> target_names;
    for (const ingot::Target& t : plan.targets) {
        target_names.push_back(t.name);
    }
    CHECK(target_names ==
          std::vector<std::string>{"iva", "ten_metals", "recycled", "recycled_pace"});

    const ingot::Target& iva = find_target(plan, "iva");
    CHECK(iva.focus == "value_chain");
    CHECK(iva.metric == "value_added");
    CHECK(iva.series == "value_added");
    REQUIRE(iva.clauses.size() == 1);
    CHECK(iva.clauses[0].verb == "grows");
    CHECK(iva.clauses[0].figure.text == "~5 %/yr");
    CHECK(iva.clauses[0].figure.comparator == "~");
    CHECK(iva.clauses[0].figure.low == 5);
    CHECK(iva.clauses[0].figure.high == 5);
    CHECK(iva.clauses[0].figure.unit == "%/yr");
    CHECK_FALSE(iva.clauses[0].by);
    REQUIRE(iva.citations.size() == 1);
    CHECK(iva.citations[0].source == "ILK");
    CHECK(iva.citations[0].quote == std::optional<std::string>("年均增长5%左右"));
    CHECK(iva.span.path == "plans/nonferrous-2025.plan");
    CHECK(iva.span.begin.line == 40);
    CHECK(iva.span.begin.column == 5);

    const ingot::Target& ten = find_target(plan, "ten_metals");
    CHECK(ten.focus == "value_chain");
    CHECK(ten.metric == "output");
    CHECK(ten.series == "output(metals)");
    CHECK(ten.clauses[0].figure.text == "~1.5 %/yr");

    const ingot::Target& recycled = find_target(plan, "recycled");
    CHECK(recycled.focus == "green");
    CHECK(recycled.metric == "recycled_output");
    REQUIRE(recycled.clauses.size() == 1);
    CHECK(recycled.clauses[0].verb == "reaches");
    CHECK(recycled.clauses[0].figure.text == "> 20 Mt");
    CHECK(recycled.clauses[0].figure.comparator == ">");
    CHECK(recycled.clauses[0].figure.unit == "Mt");
    CHECK(recycled.clauses[0].by == 2026);

    const ingot::Target& pace = find_target(plan, "recycled_pace");
    CHECK(pace.focus == "green");
    CHECK(pace.clauses[0].verb == "grows");
    CHECK(pace.clauses[0].figure.text == "4.4 %");
    CHECK(pace.citations[0].source == "TRIV");

    REQUIRE(plan.baselines.size() >= 2);
    CHECK(plan.baselines[0].series == "output(metals)");
    CHECK(plan.baselines[0].metric == "output");
    CHECK(plan.baselines[0].year == 2024);
    CHECK_FALSE(plan.baselines[0].is_growth);
    CHECK(plan.baselines[0].figure.text == "79.19 Mt");
    CHECK(plan.baselines[0].figure.low == 79.19);
    CHECK(plan.baselines[0].citations[0].source == "INT_NF");
    CHECK(plan.baselines[1].series == "recycled_output");
    CHECK(plan.baselines[1].figure.text == "19.15 Mt");
    const auto growth = std::find_if(plan.baselines.begin(), plan.baselines.end(),
                                     [](const ingot::Baseline& b) { return b.is_growth; });
    REQUIRE(growth != plan.baselines.end());
    CHECK(growth->series == "value_added");
    CHECK(growth->figure.text == "8.9 % y/y");

    REQUIRE(plan.focuses.size() >= 2);
    CHECK(plan.focuses[0].name == "value_chain");
    CHECK(plan.focuses[0].label == "Move up the value chain");
    CHECK(plan.focuses[0].targets == std::vector<std::string>{"iva", "ten_metals"});
    CHECK(plan.focuses[0].drivers ==
          std::vector<std::string>{"high_purity_metals", "copper_alloys", "rare_earth_materials"});
    CHECK(plan.focuses[0].serves == std::vector<std::string>{"ev", "aerospace", "ai"});
    CHECK(plan.focuses[1].name == "green");
    CHECK(plan.focuses[1].targets == std::vector<std::string>{"recycled", "recycled_pace"});
    CHECK(plan.silent_on == std::vector<std::string>{"overcapacity_restriction", "capacity_target",
                                                     "energy_efficiency_target",
                                                     "green_factory_target"});

    // metrics(): the prelude's and the rulebook's, with where they are declared.
    const auto& metrics = analysis.metrics();
    const auto unit_value =
        std::find_if(metrics.begin(), metrics.end(),
                     [](const ingot::Metric& m) { return m.name == "unit_value"; });
    REQUIRE(unit_value != metrics.end());
    CHECK(unit_value->unit == "CNY/t");
    CHECK(unit_value->label == "value added per tonne of output");
    CHECK(unit_value->span.path == "plans/rules/analyst.rules");
    CHECK(unit_value->span.begin.line == 7);
    const auto recycled_output =
        std::find_if(metrics.begin(), metrics.end(),
                     [](const ingot::Metric& m) { return m.name == "recycled_output"; });
    REQUIRE(recycled_output != metrics.end());
    CHECK(recycled_output->aka == std::vector<std::string>{"secondary_output"});
    CHECK(std::any_of(metrics.begin(), metrics.end(),
                      [](const ingot::Metric& m) { return m.name == "value_added"; }));
}

TEST_CASE("API: derivation of nonferrous_2025 with provenance", "[api][analysis]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    const ingot::Analysis analysis = ws.analyze();
    CHECK(analysis.derivation("no_such_plan") == nullptr);
    const ingot::Derivation* d = analysis.derivation("nonferrous_2025");
    REQUIRE(d != nullptr);
    CHECK(d->plan == "nonferrous_2025");
    CHECK(d->base_year == 2024);
    CHECK(d->last_year == 2026);
    CHECK(d->consistent);

    const auto series =
        std::find_if(d->series.begin(), d->series.end(),
                     [](const ingot::DerivedSeries& s) { return s.series == "unit_value"; });
    REQUIRE(series != d->series.end());
    CHECK(series->metric == "unit_value");
    CHECK(series->unit == "CNY/t");
    const double nominal = (1.05 / 1.015 - 1) * 100; // 3.4482758… %/yr
    for (const int year : {2025, 2026}) {
        INFO(year);
        const auto y = std::find_if(series->years.begin(), series->years.end(),
                                    [&](const ingot::DerivedYear& x) { return x.year == year; });
        REQUIRE(y != series->years.end());
        REQUIRE(y->growth);
        REQUIRE(y->growth->nominal);
        CHECK(*y->growth->nominal == Approx(nominal).epsilon(1e-9));
        CHECK(*y->growth->nominal == Approx(3.45).epsilon(0.01));
        CHECK(y->growth->low.value == Approx((1.045 / 1.0165 - 1) * 100).epsilon(1e-9));
        CHECK(y->growth->high.value == Approx((1.055 / 1.0135 - 1) * 100).epsilon(1e-9));
        CHECK_FALSE(y->growth->low.open);
        CHECK_FALSE(y->growth->high.open);
        // Each bound says how it was found: a derived step whose inputs lead to the figures.
        for (const ingot::Bound* bound : {&y->growth->low, &y->growth->high}) {
            REQUIRE(bound->step);
            REQUIRE(*bound->step < d->steps.size());
            const ingot::Step& step = d->steps[*bound->step];
            CHECK(step.kind == ingot::Step::Kind::derived);
            CHECK_FALSE(step.text.empty());
            std::vector<std::string> figures;
            std::vector<std::size_t> todo = step.inputs;
            while (!todo.empty()) {
                const std::size_t i = todo.back();
                todo.pop_back();
                REQUIRE(i < *bound->step);
                const ingot::Step& input = d->steps[i];
                if (input.kind == ingot::Step::Kind::figure) {
                    CHECK(input.inputs.empty());
                    figures.push_back(input.text);
                } else {
                    todo.insert(todo.end(), input.inputs.begin(), input.inputs.end());
                }
            }
            CHECK(std::count(figures.begin(), figures.end(),
                             "target iva: value_added grows ~5 %/yr") == 1);
            CHECK(std::count(figures.begin(), figures.end(),
                             "target ten_metals: output(metals) grows ~1.5 %/yr") == 1);
        }
    }
    // Figure steps carry their citations and span.
    const auto iva = std::find_if(d->steps.begin(), d->steps.end(), [](const ingot::Step& s) {
        return s.text == "target iva: value_added grows ~5 %/yr";
    });
    REQUIRE(iva != d->steps.end());
    CHECK(iva->kind == ingot::Step::Kind::figure);
    CHECK(iva->span.path == "plans/nonferrous-2025.plan");
    CHECK(iva->span.begin.line == 40);
    REQUIRE(iva->citations.size() == 1);
    CHECK(iva->citations[0].quote == std::optional<std::string>("年均增长5%左右"));
}

TEST_CASE("API: explain data and render_text agree with `ingot explain`", "[api][explain]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    const ingot::Analysis analysis = ws.analyze();
    const ingot::Explanation e = analysis.explain("nonferrous_2025", "unit_value");
    CHECK(e.plan == "nonferrous_2025");
    CHECK(e.series == "unit_value");
    CHECK(e.label == std::optional<std::string>("value added per tonne of output"));
    CHECK(e.unit == "CNY/t");
    CHECK_FALSE(e.year);
    CHECK(e.consistent);
    REQUIRE(e.years.size() == 4);
    CHECK(e.years[0].year == 2023);
    CHECK(e.years[1].year == 2024);
    CHECK(e.years[1].base);
    CHECK_FALSE(e.years[2].base);
    const ingot::ExplainValue& g2025 = e.years[2].growth;
    CHECK(g2025.kind == ingot::ExplainValue::Kind::growth);
    CHECK(g2025.unit == "%/yr");
    REQUIRE(g2025.nominal);
    CHECK(*g2025.nominal == Approx(1.05 / 1.015 - 1).epsilon(1e-9));
    CHECK(g2025.lo.value == Approx(1.045 / 1.0165 - 1).epsilon(1e-9));
    CHECK(g2025.hi.value == Approx(1.055 / 1.0135 - 1).epsilon(1e-9));
    CHECK(e.years[3].growth == g2025);
    CHECK_FALSE(e.years[2].level.nominal);
    CHECK(std::isinf(e.years[2].level.lo.value));
    REQUIRE(e.period);
    CHECK(e.period->from_year == 2024);
    CHECK(e.period->to_year == 2026);
    REQUIRE(e.period->change.nominal);
    CHECK(*e.period->change.nominal == Approx(std::pow(1.05 / 1.015, 2) - 1).epsilon(1e-9));

    REQUIRE(e.figures.size() == 5);
    CHECK(e.figures[0].kind == ingot::ExplainFigure::Kind::identity);
    CHECK(e.figures[0].summary == "identity value_added = output * unit_value");
    CHECK(e.figures[0].span.path == "plans/rules/analyst.rules");
    CHECK(e.figures[0].span.begin.line == 11);
    CHECK(e.figures[0].citations.empty());
    CHECK(e.figures[1].kind == ingot::ExplainFigure::Kind::target);
    CHECK(e.figures[1].summary == "target iva: value_added grows ~5 %/yr");
    REQUIRE(e.figures[1].citations.size() == 1);
    CHECK(e.figures[1].citations[0].source == "ILK");
    CHECK(e.figures[1].citations[0].quote == std::optional<std::string>("年均增长5%左右"));
    CHECK(e.figures[1].citations[0].url ==
          std::optional<std::string>("http://www.ilinki.net/news/detail/73247"));
    CHECK(e.figures[2].summary == "target ten_metals: output(metals) grows ~1.5 %/yr");
    CHECK(e.figures[3].kind == ingot::ExplainFigure::Kind::baseline);
    CHECK(e.figures[3].summary == "baseline value_added growth 2024 = 8.9 % y/y");
    CHECK(e.figures[4].summary == "baseline output(metals) growth 2024 = 4.3 % y/y");

    for (std::size_t i = 0; i < e.steps.size(); ++i) {
        for (const std::size_t s : e.steps[i].steps) {
            CHECK(s < i);
        }
        CHECK_FALSE(e.steps[i].derivations.empty());
    }
    REQUIRE_FALSE(e.sections.empty());
    CHECK(e.sections[0].kind == ingot::ExplainSection::Kind::growth);
    CHECK(e.sections[0].year == 2024);

    // The text is what the CLI prints (tests/golden/cli/explain-unit-value.txt).
    const std::string golden = read_text(source_dir / "tests/golden/cli/explain-unit-value.txt");
    REQUIRE_FALSE(golden.empty());
    CHECK(ingot::render_text(e) == golden);
    const std::string first_line =
        "nonferrous_2025.unit_value — value added per tonne of output (CNY/t)\n";
    CHECK(ingot::render_text(e, {5}).rfind(first_line, 0) == 0);
    CHECK(ingot::render_text(e, {5}).find("3.4483 %/yr") != std::string::npos);

    // One year only; an `aka` name; a scoped series.
    const ingot::Explanation one = analysis.explain("nonferrous_2025", "unit_value", 2025);
    CHECK(one.year == 2025);
    const ingot::Explanation aka = analysis.explain("nonferrous_2025", "iva");
    CHECK(aka.series == "value_added");
    const ingot::Explanation scoped = analysis.explain("nonferrous_2025", "output(metals)");
    CHECK(scoped.series == "output(metals)");
    CHECK(scoped.unit == "Mt");
}

TEST_CASE("API: explain of what is not there throws usage errors", "[api][explain]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    const ingot::Analysis analysis = ws.analyze();
    const auto message = [&](std::string_view plan, std::string_view metric,
                             std::optional<int> year = std::nullopt) {
        const ingot::Error e = thrown_by([&] { (void)analysis.explain(plan, metric, year); });
        CHECK(e.kind() == ingot::Error::Kind::usage);
        return std::string(e.what());
    };
    CHECK(message("nonferrous_202", "unit_value") ==
          "no plan `nonferrous_202` in the files given; did you mean `nonferrous_2025`?");
    CHECK(message("nonferrous_2025", "unit_valeu") ==
          "unknown metric `unit_valeu`; did you mean `unit_value`?");
    CHECK(message("nonferrous_2025", "unit_value", 2030) ==
          "2030 is outside the years of `nonferrous_2025`: 2023 to 2026");
    CHECK(message("steel_2025", "recycled_output") ==
          "`steel_2025` says nothing about `recycled_output`; its series are `capacity`, "
          "`crude_steel_output`, `output`, `ule_retrofit_share`, `unit_value`, `value_added`");
}

TEST_CASE("API: eval returns values of every kind", "[api][eval]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    ingot::Analysis analysis = ws.analyze();

    const ingot::EvalResult rate = analysis.eval("nonferrous_2025", "growth(unit_value)");
    CHECK(rate.diagnostics.empty());
    REQUIRE(rate.value);
    const auto* n = std::get_if<ingot::Number>(&*rate.value);
    REQUIRE(n != nullptr);
    CHECK(n->unit == "%/yr");
    CHECK(n->value == Approx((1.05 / 1.015 - 1) * 100).epsilon(1e-9));
    CHECK(n->low == Approx((1.045 / 1.0165 - 1) * 100).epsilon(1e-9));
    CHECK(n->high == Approx((1.055 / 1.0135 - 1) * 100).epsilon(1e-9));
    CHECK(ingot::to_text_with_range(*rate.value) == "3.45 %/yr (2.8 … 4.09 %/yr)");

    const ingot::EvalResult yes = analysis.eval("nonferrous_2025", "plan.last_year > 2025");
    REQUIRE(yes.value);
    CHECK(std::get<bool>(*yes.value));

    const ingot::EvalResult title = analysis.eval("nonferrous_2025", "plan.sector");
    REQUIRE(title.value);
    CHECK(std::get<std::string>(*title.value) == "nonferrous_metals");

    const ingot::EvalResult strays =
        analysis.eval("nonferrous_2025", "outside(metals, ten_nonferrous_metals)");
    REQUIRE(strays.value);
    CHECK(std::get<ingot::List>(*strays.value).items == std::vector<std::string>{"lithium"});
    const ingot::EvalResult plans = analysis.eval("nonferrous_2025", "plans with value_added");
    REQUIRE(plans.value);
    CHECK(std::get<ingot::List>(*plans.value).items ==
          std::vector<std::string>{"nonferrous_2025", "automobiles_2025", "electronics_2025",
                                   "petrochemicals_2025", "steel_2025"});
    CHECK(ingot::to_text(*plans.value) == "nonferrous_2025, automobiles_2025, electronics_2025, "
                                          "petrochemicals_2025, steel_2025");
    const ingot::EvalResult count = analysis.eval("nonferrous_2025", "count(plans)");
    REQUIRE(count.value);
    CHECK(std::get<ingot::Number>(*count.value).value == 8);

    const ingot::EvalResult unknown = analysis.eval("steel_2025", "growth(recycled_output)");
    REQUIRE(unknown.value);
    CHECK(std::get<ingot::Unknown>(*unknown.value).why ==
          "plan `steel_2025` has no figures for `recycled_output`");

    const ingot::EvalResult sum = analysis.eval("nonferrous_2025", "300 bn CNY == 3000 yi CNY");
    REQUIRE(sum.value);
    CHECK(std::get<bool>(*sum.value));
}

TEST_CASE("API: eval mistakes are diagnostics, a wrong plan throws", "[api][eval]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    ingot::Analysis analysis = ws.analyze();

    const ingot::EvalResult typo = analysis.eval("nonferrous_2025", "growth(unit_valeu)");
    CHECK_FALSE(typo.value);
    REQUIRE(typo.diagnostics.size() == 1);
    const ingot::Diagnostic& d = typo.diagnostics[0];
    CHECK(d.id == "unknown-name");
    CHECK(d.severity == ingot::Severity::error);
    CHECK(d.message == "unknown metric `unit_valeu`");
    CHECK(d.primary.span.path == "<expr>");
    CHECK(d.primary.span.begin == ingot::Location{7, 1, 8});
    CHECK(d.primary.span.end == ingot::Location{17, 1, 18});
    CHECK(d.help == std::optional<std::string>("did you mean `unit_value`?"));
    // The expression can be rendered like any diagnostic of the analysis.
    CHECK(analysis.render(d).rfind("<expr>:1:8: error[unknown-name]: unknown metric "
                                   "`unit_valeu`\n  |\n1 | growth(unit_valeu)\n",
                                   0) == 0);

    const ingot::EvalResult mismatch = analysis.eval("nonferrous_2025", "5 % + 2 Mt");
    CHECK_FALSE(mismatch.value);
    REQUIRE(mismatch.diagnostics.size() == 1);
    CHECK(mismatch.diagnostics[0].id == "unit-mismatch");
    CHECK(mismatch.diagnostics[0].message == "cannot add a share (%) and a mass (Mt)");
    CHECK(analysis.render(mismatch.diagnostics[0]) ==
          "<expr>:1:1: error[unit-mismatch]: cannot add a share (%) and a mass (Mt)\n"
          "  |\n"
          "1 | 5 % + 2 Mt\n"
          "  | ^^^ a share (%)\n"
          "  |       ---- a mass\n");

    const ingot::Error no_plan = thrown_by([&] { (void)analysis.eval("nonferrous_202", "1"); });
    CHECK(no_plan.kind() == ingot::Error::Kind::usage);
    CHECK(std::string(no_plan.what()) ==
          "no plan `nonferrous_202`; did you mean `nonferrous_2025`?");

    // "" is the plan of the first source given, when it holds exactly one.
    ingot::Workspace one(engine);
    one.set_source("one.plan", "plan only {\n  period 2025..2026\n}\n");
    ingot::Analysis only = one.analyze();
    const ingot::EvalResult name = only.eval("", "plan.name");
    REQUIRE(name.value);
    CHECK(std::get<std::string>(*name.value) == "only");
    ingot::Workspace two(engine);
    two.set_source("two.plan", "plan a {\n}\nplan b {\n}\n");
    ingot::Analysis both = two.analyze();
    const ingot::Error several = thrown_by([&] { (void)both.eval("", "1"); });
    CHECK(several.kind() == ingot::Error::Kind::usage);
    CHECK(std::string(several.what()).rfind("the file holds several plans (a, b)", 0) == 0);
    ingot::Workspace none(engine);
    ingot::Analysis empty = none.analyze();
    const ingot::Error no_plans = thrown_by([&] { (void)empty.eval("", "1"); });
    CHECK(no_plans.kind() == ingot::Error::Kind::usage);
    CHECK(std::string(no_plans.what()).rfind("the file holds no plan", 0) == 0);
}

TEST_CASE("API: render gives the normative headline, the source and help", "[api][render]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    ws.set_source("main.plan", typo_plan);
    const ingot::Analysis analysis = ws.analyze();
    REQUIRE(analysis.diagnostics().size() == 1);
    const ingot::Diagnostic& d = analysis.diagnostics()[0];
    CHECK(analysis.render(d) ==
          "main.plan:5:14: error[unknown-name]: unknown metric `outptu`\n"
          "  |\n"
          "5 |   target up: outptu grows ~5 %/yr  [A]\n"
          "  |              ^^^^^^ not declared in this file, its imports or the prelude\n"
          "  = help: did you mean `output`?\n");
    CHECK(analysis.render(d, {false, false}) ==
          "main.plan:5:14: error[unknown-name]: unknown metric `outptu`\n"
          "  = help: did you mean `output`?\n");
    const std::string colored = analysis.render(d, {true, true});
    CHECK(colored.find('\x1b') != std::string::npos);
    CHECK(colored.find("unknown metric `outptu`") != std::string::npos);
}

TEST_CASE("API: Analysis::checks() adds the analyst rules with their doc comments",
          "[api][analysis]") {
    const ingot::Engine engine;
    const ingot::Workspace ws = shipped_plans(engine);
    const ingot::Analysis analysis = ws.analyze();
    const auto& checks = analysis.checks();
    REQUIRE(checks.size() == builtin_ids.size() + analyst_rules.size());
    for (std::size_t i = 0; i < builtin_ids.size(); ++i) {
        CHECK(checks[i].id == builtin_ids[i]);
    }
    std::vector<std::string> rules;
    for (std::size_t i = builtin_ids.size(); i < checks.size(); ++i) {
        CHECK(checks[i].origin == ingot::CheckOrigin::rule);
        CHECK(checks[i].category == "rule");
        CHECK(checks[i].bad_example.empty());
        rules.push_back(checks[i].id);
    }
    CHECK(rules == analyst_rules);
    const auto find = [&](const std::string& id) {
        const auto it = std::find_if(checks.begin(), checks.end(),
                                     [&](const ingot::CheckInfo& c) { return c.id == id; });
        REQUIRE(it != checks.end());
        return *it;
    };
    const ingot::CheckInfo conservative = find("conservative_green_target");
    CHECK(conservative.default_severity == ingot::Severity::warning);
    CHECK(conservative.explanation ==
          "A conservative target: a plan's target implies growth far below what the metric did "
          "in the last\n"
          "year before the plan (building materials: > 300 bn CNY in 2026 from 278 bn CNY implies "
          "about\n"
          "3.9 %/yr, after 39 % in 2024). `ratio` is how far below counts as \"far\".");
    CHECK(conservative.summary ==
          "A conservative target: a plan's target implies growth far below what the metric did "
          "in the last year before the plan (building materials: > 300 bn CNY in 2026 from 278 "
          "bn CNY implies about 3.9 %/yr, after 39 % in 2024).");
    const ingot::CheckInfo readings = find("recycled_readings");
    CHECK(readings.default_severity == ingot::Severity::info);
    // The Engine's registry has no analyst rules.
    CHECK(engine.checks().size() == builtin_ids.size());
}

TEST_CASE("API: a did-you-mean fix replaces exactly the misspelt name", "[api][fix]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    ws.set_source("main.plan", typo_plan);
    const ingot::Analysis analysis = ws.analyze();
    REQUIRE(analysis.diagnostics().size() == 1);
    const ingot::Diagnostic& d = analysis.diagnostics()[0];
    CHECK(d.id == "unknown-name");
    CHECK(d.message == "unknown metric `outptu`");
    CHECK(d.primary.span.path == "main.plan");
    const std::size_t at = typo_plan.find("outptu");
    CHECK(d.primary.span.begin == ingot::Location{static_cast<std::uint32_t>(at), 5, 14});
    CHECK(d.primary.span.end == ingot::Location{static_cast<std::uint32_t>(at + 6), 5, 20});
    REQUIRE(d.fixes.size() == 1);
    const ingot::Fix& fix = d.fixes[0];
    CHECK(fix.title == "replace `outptu` with `output`");
    REQUIRE(fix.edits.size() == 1);
    const ingot::Edit& edit = fix.edits[0];
    CHECK(edit.replacement == "output");
    CHECK(edit.span == d.primary.span);
    CHECK(spanned(typo_plan, edit.span) == "outptu");

    std::string fixed = typo_plan;
    fixed.replace(edit.span.begin.offset, edit.span.end.offset - edit.span.begin.offset,
                  edit.replacement);
    CHECK(fixed == clean_plan.substr(0, 0) + "plan typo {\n  period 2025..2026\n  source A "
                                             "\"https://example.org/a\"\n  baseline output 2024 = "
                                             "100 Mt  [A]\n  target up: output grows ~5 %/yr  "
                                             "[A]\n}\n");
    ws.set_source("main.plan", fixed);
    CHECK(ws.analyze().diagnostics().empty());
}

/// `text` with every edit of the first fix of each diagnostic applied, last edit first.
std::string apply_first_fixes(std::string text, const ingot::Analysis& analysis) {
    std::vector<ingot::Edit> edits;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        if (!d.fixes.empty()) {
            edits.insert(edits.end(), d.fixes[0].edits.begin(), d.fixes[0].edits.end());
        }
    }
    std::sort(edits.begin(), edits.end(), [](const ingot::Edit& a, const ingot::Edit& b) {
        return a.span.begin.offset > b.span.begin.offset;
    });
    for (const ingot::Edit& e : edits) {
        text.replace(e.span.begin.offset, e.span.end.offset - e.span.begin.offset, e.replacement);
    }
    return text;
}

TEST_CASE("API: misspelt units, identity metrics and rule names carry fixes too", "[api][fix]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    const std::string plan = "plan p {\n"
                             "  period 2025..2026\n"
                             "  source A \"https://example.org/a\"\n"
                             "  baseline revenue 2024 = 300 bn CNYY  [A]\n"
                             "  target up: revenue grows ~5 %/yr  [A]\n"
                             "  title \"t\"  [AA]\n"
                             "}\n"
                             "metric scrap \"steel scrap\" unit Mtt\n"
                             "identity value_added = outptu * revenue\n"
                             "rule r: info {\n"
                             "  when growht(revenue) > 1 Mtt\n"
                             "  message \"x\"\n"
                             "}\n";
    ws.set_source("p.plan", plan);
    const ingot::Analysis analysis = ws.analyze();
    std::vector<std::string> titles;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        for (const ingot::Fix& f : d.fixes) {
            titles.push_back(f.title);
        }
    }
    std::sort(titles.begin(), titles.end());
    CHECK(titles == std::vector<std::string>{
                        "replace `AA` with `A`", "replace `Mtt` with `Mt`",
                        "replace `Mtt` with `Mt`", "replace `bn CNYY` with `bn CNY`",
                        "replace `growht` with `growth`", "replace `outptu` with `output`"});
    const std::string fixed = apply_first_fixes(plan, analysis);
    CHECK(fixed.find("300 bn CNY  [A]") != std::string::npos);
    CHECK(fixed.find("identity value_added = output * revenue") != std::string::npos);
    CHECK(fixed.find("title \"t\"  [A]") != std::string::npos);
    CHECK(fixed.find("unit Mt\n") != std::string::npos);
    CHECK(fixed.find("when growth(revenue) > 1 Mt\n") != std::string::npos);
}

TEST_CASE("API: positions count code points in columns and bytes in offsets", "[api][fix]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    const std::string text = "plan p {\n"
                             "  period 2025..2026\n"
                             "  source A \"https://example.org/a\"\n"
                             "  note \"产量\" [A]  target t: outptu grows 1 %/yr  [A]\n"
                             "}\n";
    ws.set_source("wide.plan", text);
    const ingot::Analysis analysis = ws.analyze();
    const auto it = std::find_if(analysis.diagnostics().begin(), analysis.diagnostics().end(),
                                 [](const ingot::Diagnostic& d) { return d.id == "unknown-name"; });
    REQUIRE(it != analysis.diagnostics().end());
    const std::size_t at = text.find("outptu");
    CHECK(it->primary.span.begin.offset == at);
    CHECK(it->primary.span.begin.line == 4);
    CHECK(it->primary.span.begin.column == 1 + (at - text.rfind('\n', at) - 1) - 4);
    CHECK(spanned(text, it->primary.span) == "outptu");
}

// ---- files and formatting ---------------------------------------------------------------------

TEST_CASE("API: format_source formats, or returns the syntax errors", "[api][format]") {
    const std::string messy = "plan   p{\n# kept\ntitle \"x\"   [A]\nsource A \"u\"\n}\n";
    const std::string canonical = "plan p {\n  # kept\n  title \"x\"  [A]\n  source A \"u\"\n}\n";
    const ingot::FormatResult r = ingot::format_source("messy.plan", messy);
    REQUIRE(r.text);
    CHECK(*r.text == canonical);
    CHECK(r.diagnostics.empty());
    CHECK(r.rendered.empty());
    // Idempotent.
    CHECK(ingot::format_source("messy.plan", canonical).text == std::optional(canonical));

    const std::string broken = "plan p {\n  title \"x\n}\n";
    const ingot::FormatResult bad = ingot::format_source("broken.plan", broken);
    CHECK_FALSE(bad.text);
    REQUIRE_FALSE(bad.diagnostics.empty());
    CHECK(ids_of(bad.diagnostics) == std::vector<std::string>(bad.diagnostics.size(), "syntax"));
    CHECK(bad.diagnostics[0].message ==
          "unterminated string: add the closing `\"` before the end of the line");
    CHECK(bad.diagnostics[0].primary.span.path == "broken.plan");
    CHECK(bad.diagnostics[0].primary.span.begin.line == 2);
    CHECK(bad.diagnostics[0].primary.span.begin.column == 11);
    CHECK(bad.rendered.rfind("broken.plan:2:11: error[syntax]: unterminated string: add the "
                             "closing `\"` before the end of the line\n",
                             0) == 0);
    CHECK(bad.rendered.find("2 |   title \"x") != std::string::npos);
    const ingot::FormatResult plain = ingot::format_source("broken.plan", broken, {false, false});
    CHECK(plain.rendered.find("2 |") == std::string::npos);
    CHECK(ingot::format_source("broken.plan", broken, {true, true}).rendered.find('\x1b') !=
          std::string::npos);
}

TEST_CASE("API: find_sources and read_source", "[api][files]") {
    TempDir dir;
    dir.write("b.plan", clean_plan);
    dir.write("a/z.rules", "");
    dir.write("a/y.plan", clean_plan);
    dir.write("notes.txt", "not a plan");
    dir.write(".hidden/x.plan", clean_plan);
    dir.write(".dot.plan", clean_plan);
    CHECK(ingot::find_sources(dir.path().string()) ==
          std::vector<std::string>{dir / "a/y.plan", dir / "a/z.rules", dir / "b.plan"});
    // A file is itself, whatever its name.
    CHECK(ingot::find_sources(dir / "notes.txt") == std::vector<std::string>{dir / "notes.txt"});
    const ingot::Error missing = thrown_by([&] { (void)ingot::find_sources(dir / "none"); });
    CHECK(missing.kind() == ingot::Error::Kind::io);
    CHECK(std::string(missing.what()) ==
          "cannot read `" + (dir / "none") + "`: no such file or directory");

    CHECK(ingot::read_source(dir / "b.plan") == clean_plan);
    const auto io_message = [](const std::string& path, std::size_t max = 16u << 20) {
        const ingot::Error e = thrown_by([&] { (void)ingot::read_source(path, max); });
        CHECK(e.kind() == ingot::Error::Kind::io);
        return std::string(e.what());
    };
    CHECK(io_message(dir / "none") == "cannot read `" + (dir / "none") + "`: no such file");
    CHECK(io_message(dir / "a") == "cannot read `" + (dir / "a") + "`: it is a directory");
    const std::string fifo = dir / "pipe.plan";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(io_message(fifo) == "cannot read `" + fifo + "`: it is not a regular file");
    CHECK(io_message(dir / "b.plan", 10) ==
          "cannot read `" + (dir / "b.plan") +
              "`: it is larger than the source size limit of 10 bytes");
    CHECK(ingot::read_source(dir / "b.plan", clean_plan.size()) == clean_plan);
}

TEST_CASE("API: rewrite_source replaces a file it read, and nothing else", "[api][files]") {
    TempDir dir;
    const std::string path = dir.write("a.plan", clean_plan);
    const auto io_message = [](const std::function<void()>& f) {
        const ingot::Error e = thrown_by(f);
        CHECK(e.kind() == ingot::Error::Kind::io);
        return std::string(e.what());
    };
    SECTION("the new text, the old permission bits") {
        REQUIRE(chmod(path.c_str(), 0640) == 0);
        const ingot::SourceVersion read = ingot::read_source_version(path);
        CHECK(read.text == clean_plan);
        CHECK(read.size == clean_plan.size());
        CHECK(read.mode == 0640);
        ingot::rewrite_source(read, "# new\n");
        CHECK(ingot::read_source(path) == "# new\n");
        struct stat info {};
        REQUIRE(stat(path.c_str(), &info) == 0);
        CHECK((info.st_mode & 07777) == 0640);
        // No temporary file is left beside it.
        CHECK(ingot::find_sources(dir.path().string()) == std::vector<std::string>{path});
    }
    SECTION("a symbolic link stays a link; the file it points to gets the text") {
        const std::string link = dir / "link.plan";
        REQUIRE(symlink("a.plan", link.c_str()) == 0);
        ingot::rewrite_source(ingot::read_source_version(link), "# new\n");
        CHECK(fs::is_symlink(link));
        CHECK(fs::read_symlink(link) == "a.plan");
        CHECK(ingot::read_source(path) == "# new\n");
    }
    SECTION("a read-only file (no write bit for its owner, even for root) is left as it is") {
        REQUIRE(chmod(path.c_str(), 0444) == 0);
        const ingot::SourceVersion read = ingot::read_source_version(path);
        CHECK(io_message([&] { ingot::rewrite_source(read, "# new\n"); }) ==
              "`" + path +
                  "` is read-only (its owner has no write permission); it is left "
                  "unchanged");
        CHECK(ingot::read_source(path) == clean_plan);
    }
    SECTION("an edit saved after the read is kept, even with the same size and time") {
        const ingot::SourceVersion read = ingot::read_source_version(path);
        std::string edited = clean_plan;
        edited[0] = edited[0] == '#' ? '!' : '#';
        dir.write("a.plan", edited);
        const struct timespec times[2] = {
            {0, UTIME_OMIT}, {read.mtime_ns / 1'000'000'000, read.mtime_ns % 1'000'000'000}};
        REQUIRE(utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
        CHECK(io_message([&] { ingot::rewrite_source(read, "# new\n"); }) ==
              "`" + path + "` changed after it was read; it is left unchanged");
        CHECK(ingot::read_source(path) == edited);
    }
    SECTION("a file replaced by another (another inode) is left as it is") {
        const ingot::SourceVersion read = ingot::read_source_version(path);
        REQUIRE(std::remove(path.c_str()) == 0);
        dir.write("a.plan", clean_plan);
        CHECK(io_message([&] { ingot::rewrite_source(read, "# new\n"); }) ==
              "`" + path + "` changed after it was read; it is left unchanged");
        CHECK(ingot::read_source(path) == clean_plan);
    }
    SECTION("a failed write is an error, not a success") {
        const ingot::SourceVersion read = ingot::read_source_version(path);
        fs::remove_all(dir.path());
        CHECK(io_message([&] { ingot::rewrite_source(read, "# new\n"); }) ==
              "cannot write `" + path + "`: No such file or directory; it is left unchanged");
    }
}

TEST_CASE("API: a slip of scale is fixed by the rescale the source's quote points at",
          "[api][fix][plausibility]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine);
    const std::string plan = "plan p {\n"
                             "  period 2025..2026\n"
                             "  source A \"https://example.org/a\"\n"
                             "  baseline output 2024 = 79.19 Mt                   [A]\n"
                             "  target out: output reaches 8_100 Mt by 2026       [A]\n"
                             "  baseline capacity 2024 = 1.915e1 Mt               [A]\n"
                             "  target cap: capacity reaches 2e3 Mt by 2026   [A: \"2e3万吨\"]\n"
                             "}\n";
    ws.set_source("p.plan", plan);
    const ingot::Analysis analysis = ws.analyze();
    std::vector<std::string> titles;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        CHECK(d.id == "implausible-change");
        CHECK(d.severity == ingot::Severity::warning);
        for (const ingot::Fix& f : d.fixes) {
            titles.push_back(f.title);
        }
    }
    // Without a quote, both figures' rescales are alternatives, the baseline's first; the figure
    // whose source quotes it with a scale word is the only one to rescale.
    CHECK(titles == std::vector<std::string>{"replace `79.19 Mt` with `7919 Mt`",
                                             "replace `8_100 Mt` with `81 Mt`",
                                             "replace `2e3 Mt` with `2e1 Mt`"});
    const std::string fixed = apply_first_fixes(plan, analysis);
    CHECK(fixed.find("baseline output 2024 = 7919 Mt ") != std::string::npos);
    CHECK(fixed.find("reaches 2e1 Mt by 2026") != std::string::npos);
}

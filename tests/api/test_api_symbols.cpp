// Analysis::symbols, symbol_at and references; Engine::units and scale_words; keywords().
#include "api_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

namespace {

const char* const rules_text = "metric widgets \"widgets made\" unit t aka gadgets\n"
                               "scope nordic { se, fi }\n"
                               "rule fast: warning {\n"
                               "  require growth(widgets) < 9 %/yr\n"
                               "  message \"too fast\"\n"
                               "}\n";

const char* const plan_text = "import \"w.rules\"\n"
                              "plan p {\n"
                              "  period 2025..2026\n"
                              "  source A \"http://a\"\n"
                              "  scope metals { cu }\n"
                              "  focus f \"F\" {\n"
                              "    target t: gadgets(metals) grows 5 %/yr  [A: \"五\"]\n"
                              "  }\n"
                              "  baseline widgets(nordic) 2024 = 3 t  [A]\n"
                              "  target u: output grows 1 %/yr  [B]\n"
                              "}\n";

struct Fixture {
    ingot::Analysis analysis;
    Fixture()
        : analysis([] {
              ingot::Workspace ws(ingot::Engine(), ".");
              ws.set_source("w.rules", rules_text);
              ws.set_source("p.plan", plan_text);
              return ws.analyze();
          }()) {}
};

std::string describe(const ingot::Symbol& s) {
    std::string out = std::string(to_string(s.kind)) + " " + s.name + " " +
                      std::to_string(s.span.begin.line) + ":" + std::to_string(s.span.begin.column);
    if (s.declaration) {
        out += " decl";
    } else if (!s.definition) {
        out += " unresolved";
    } else if (s.definition->path.empty()) {
        out += " -> prelude";
    } else {
        out += " -> " + s.definition->path + ":" + std::to_string(s.definition->begin.line) + ":" +
               std::to_string(s.definition->begin.column);
    }
    if (!s.plan.empty()) {
        out += " in " + s.plan;
    }
    if (!s.focus.empty()) {
        out += "/" + s.focus;
    }
    if (!s.scope.empty()) {
        out += " scope " + s.scope;
    }
    return out;
}

} // namespace

TEST_CASE("api: symbols of a plan resolve to their declarations", "[api][symbols]") {
    const Fixture f;
    std::vector<std::string> got;
    for (const ingot::Symbol& s : f.analysis.symbols("p.plan")) {
        got.push_back(describe(s));
    }
    CHECK(got == std::vector<std::string>{
                     "import w.rules 1:8 -> w.rules:1:1",
                     "plan p 2:6 decl",
                     "source A 4:10 decl in p",
                     "scope metals 5:9 decl in p",
                     "focus f 6:9 decl in p",
                     "target t 7:12 decl in p/f",
                     "metric widgets 7:15 -> w.rules:1:8 in p/f scope metals",
                     "scope metals 7:23 -> p.plan:5:9 in p/f",
                     "source A 7:46 -> p.plan:4:10 in p/f",
                     "metric widgets 9:12 -> w.rules:1:8 in p scope nordic",
                     "scope nordic 9:20 -> w.rules:2:7 in p",
                     "source A 9:41 -> p.plan:4:10 in p",
                     "target u 10:10 decl in p",
                     "metric output 10:13 -> prelude in p",
                     "source B 10:35 unresolved in p",
                 });
}

TEST_CASE("api: symbols of a rulebook, and extents of declarations", "[api][symbols]") {
    const Fixture f;
    std::vector<std::string> got;
    for (const ingot::Symbol& s : f.analysis.symbols("w.rules")) {
        got.push_back(describe(s));
        if (s.kind == ingot::SymbolKind::rule) {
            REQUIRE(s.extent);
            CHECK(s.extent->begin.line == 3);
            CHECK(s.extent->end.line == 6);
        }
    }
    CHECK(got == std::vector<std::string>{"metric widgets 1:8 decl",
                                          "metric widgets 1:42 -> w.rules:1:8",
                                          "scope nordic 2:7 decl", "rule fast 3:6 decl",
                                          "metric widgets 4:18 -> w.rules:1:8"});
    CHECK(f.analysis.symbols("nope.plan").empty());
}

TEST_CASE("api: symbol_at and references", "[api][symbols]") {
    const Fixture f;
    // `gadgets` on line 7 starts at byte offset of "gadgets(" in the plan.
    const auto offset = static_cast<std::uint32_t>(std::string(plan_text).find("gadgets("));
    const auto at = f.analysis.symbol_at("p.plan", offset + 3);
    REQUIRE(at);
    CHECK(describe(*at) == "metric widgets 7:15 -> w.rules:1:8 in p/f scope metals");
    CHECK_FALSE(f.analysis.symbol_at("p.plan", 0)); // `import` itself names nothing
    std::vector<std::string> refs;
    for (const ingot::Symbol& s : f.analysis.references(*at)) {
        refs.push_back(s.span.path + ":" + std::to_string(s.span.begin.line) + ":" +
                       std::to_string(s.span.begin.column));
    }
    std::sort(refs.begin(), refs.end());
    CHECK(refs == std::vector<std::string>{"p.plan:7:15", "p.plan:9:12", "w.rules:1:42",
                                           "w.rules:1:8", "w.rules:4:18"});
    // An unresolved name has no references.
    const auto b = f.analysis.symbol_at(
        "p.plan", static_cast<std::uint32_t>(std::string(plan_text).find("[B]") + 1));
    REQUIRE(b);
    CHECK(f.analysis.references(*b).empty());
}

TEST_CASE("api: the engine's units, scale words and the keywords", "[api][symbols]") {
    const ingot::Engine engine =
        ingot::EngineBuilder().define_unit("ktce", 1000, "tce").define_scale("lakh", 1e5).build();
    std::vector<std::string> units;
    for (const ingot::UnitInfo& u : engine.units()) {
        if (!u.scale_word) {
            units.push_back(u.word);
        }
    }
    const auto scales = engine.scale_words();
    for (const char* u : {"t", "Mt", "CNY", "%", "ktce", "kgce"}) {
        CHECK(std::find(units.begin(), units.end(), u) != units.end());
    }
    for (const char* s : {"bn", "lakh"}) {
        CHECK(std::find(scales.begin(), scales.end(), s) != scales.end());
        CHECK(std::find(units.begin(), units.end(), s) == units.end());
    }
    const auto words = ingot::keywords();
    for (const char* k :
         {"plan", "target", "baseline", "actual", "base", "rule", "grows", "reaches", "peaks"}) {
        CHECK(std::find(words.begin(), words.end(), k) != words.end());
    }
}

TEST_CASE("api: unit_info and functions", "[api][symbols]") {
    const ingot::Engine engine =
        ingot::EngineBuilder()
            .define_unit("ktce", 1000, "tce")
            .define_function(
                "to_ktce", {{"tce"}, "ktce"},
                [](const std::vector<double>& a) -> std::optional<double> { return a[0]; })
            .build();
    const auto mt = engine.unit_info("Mt");
    REQUIRE(mt);
    CHECK(mt->unit == "Mt");
    CHECK(mt->meaning == "a mass");
    CHECK(mt->scale == 1e6);
    CHECK_FALSE(engine.unit_info("Mtt"));
    const auto functions = engine.functions();
    REQUIRE(functions.size() >= 2);
    CHECK(functions.front().name == "growth");
    CHECK(functions.front().signature == "growth(METRIC[, YEAR])");
    CHECK(functions.front().parameters == std::vector<std::string>{"METRIC", "YEAR"});
    CHECK(functions.back().name == "to_ktce");
    CHECK(functions.back().signature == "to_ktce(tce) -> ktce");
}

TEST_CASE("API: the name after `follows` refers to the plan of that name", "[api][symbols]") {
    ingot::Workspace ws(ingot::Engine(), ".");
    ws.set_source("old.plan", "plan p_2023 {\n  period 2023..2024\n}\n");
    ws.set_source("new.plan", "plan p_2025 {\n  period  2025..2026\n  follows p_2023\n}\n");
    const ingot::Analysis analysis = ws.analyze();
    std::vector<std::string> symbols;
    for (const ingot::Symbol& s : analysis.symbols("new.plan")) {
        symbols.push_back(describe(s));
    }
    CHECK(symbols == std::vector<std::string>{"plan p_2025 1:6 decl",
                                              "plan p_2023 3:11 -> old.plan:1:6 in p_2025"});
    const auto at = analysis.symbol_at("new.plan", 47); // inside `p_2023` after `follows`
    REQUIRE(at);
    CHECK(analysis.references(*at).size() == 2); // the declaration and the `follows`
}

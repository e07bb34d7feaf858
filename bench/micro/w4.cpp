// ingot_bench_w4 — issue 12, workload W4: one compiled rulebook evaluated over in-memory plans
// through the public API, against the same rule as a Lua function called through the Lua C API.
//
// The rule: value per tonne must rise by more than 3 %/yr, i.e. (1 + va) / (1 + out) − 1 > 3 %/yr
// where va and out are the yearly growth the plan sets for value added and output (as
// `unit_value_climb` in plans/rules/analyst.rules). The plans: INGOT_BENCH_W4_PLANS (default
// 1000) in-memory plans, each with a value-added and an output target whose rates vary with the
// plan's number, so that the rule fires on some and not on others.
//
//   BM_W4_Ingot  RuleSet::evaluate over an Analysis of the plans (parsed and derived once,
//                outside the timing): the rule's lets, `when` and message, per plan.
//   BM_W4_Lua    the plans' figures pushed once as Lua tables; per plan, the rule (a Lua
//                function that returns the message or nil) called with lua_pcall.
//
// Both build the finding's message when the rule fires. Before timing, both run once and must
// fire on the same plans; the program aborts otherwise. Each reports `ns_per_plan`.
#include <ingot/ingot.hpp>

#include <benchmark/benchmark.h>
#include <lua.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fmt/format.h>
#include <set>
#include <string>
#include <time.h>
#include <vector>

namespace {

/// The rule in Ingot. Rates are in %/yr, so `1 +` is written `one +` with one = 100 %/yr.
constexpr const char* ingot_rule = R"(# W4: value per tonne must rise more than 3 %/yr.
rule unit_value_climb: warning {
  let one = 100 %/yr
  let threshold = 3 %/yr
  let needed = (one + growth(value_added)) / (one + growth(output)) * one - one
  when needed > threshold
  message "value added per tonne must rise {needed}"
}
)";

/// The same rule in Lua: rates as fractions (0.05 for 5 %/yr).
constexpr const char* lua_rule = R"(
function unit_value_climb(p)
  local needed = (1 + p.value_added) / (1 + p.output) - 1
  if needed > 0.03 then
    return string.format("value added per tonne must rise %.3g %%/yr", needed * 100)
  end
  return nil
end
)";

/// One plan's figures: yearly growth of value added and output, in %/yr.
struct Figures {
    double value_added;
    double output;
};

std::size_t plan_count() {
    const char* value = std::getenv("INGOT_BENCH_W4_PLANS");
    if (value == nullptr || *value == '\0') {
        return 1000;
    }
    char* end = nullptr;
    const unsigned long n = std::strtoul(value, &end, 10);
    if (end == value || *end != '\0' || n == 0) {
        std::fprintf(stderr, "ingot_bench_w4: INGOT_BENCH_W4_PLANS must be a positive number\n");
        std::exit(2);
    }
    return n;
}

/// Deterministic figures on a 0.1 %/yr grid: value added 2.0 … 7.9, output 0.5 … 4.4. No plan
/// sits on the threshold (1.03 × (1 + out) − 1 is never on the grid), so rounding cannot make
/// the two sides disagree.
std::vector<Figures> make_figures(std::size_t n) {
    std::vector<Figures> out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back({2.0 + static_cast<double>(i * 37 % 60) / 10,
                       0.5 + static_cast<double>(i * 53 % 40) / 10});
    }
    return out;
}

std::string plan_path(std::size_t i) {
    return fmt::format("w4/p{}.plan", i);
}

struct IngotSide {
    ingot::Engine engine;
    ingot::RuleSet rules;
    ingot::Analysis analysis;

    explicit IngotSide(const std::vector<Figures>& figures)
        : rules(engine, "w4.rules", ingot_rule), analysis(analyze(engine, figures)) {
        if (!rules.diagnostics().empty() || rules.rules().size() != 1) {
            for (const ingot::Diagnostic& d : rules.diagnostics()) {
                std::fprintf(stderr, "%s:%u:%u: %s\n", d.primary.span.path.c_str(),
                             d.primary.span.begin.line, d.primary.span.begin.column,
                             d.message.c_str());
            }
            std::fprintf(stderr, "ingot_bench_w4: the Ingot rule does not compile\n");
            std::abort();
        }
    }

    static ingot::Analysis analyze(const ingot::Engine& engine,
                                   const std::vector<Figures>& figures) {
        ingot::Workspace ws(engine, ".");
        for (std::size_t i = 0; i < figures.size(); ++i) {
            ws.set_source(plan_path(i), fmt::format("plan p{} {{\n"
                                                    "  period 2025..2026\n"
                                                    "  target va: value_added grows {} %/yr\n"
                                                    "  target out: output grows {} %/yr\n"
                                                    "}}\n",
                                                    i, figures[i].value_added, figures[i].output));
        }
        return ws.analyze();
    }

    /// The plans the rule fires on, by number.
    std::set<std::size_t> fired() const {
        std::set<std::size_t> out;
        for (const ingot::Diagnostic& d : rules.evaluate(analysis)) {
            if (d.id != "unit_value_climb") {
                std::fprintf(stderr, "ingot_bench_w4: unexpected finding %s: %s\n", d.id.c_str(),
                             d.message.c_str());
                std::abort();
            }
            out.insert(std::stoul(d.primary.span.path.substr(4))); // `w4/p` NUMBER `.plan`
        }
        return out;
    }
};

struct LuaSide {
    lua_State* L = luaL_newstate();
    int rule = LUA_NOREF;  // the rule function, in the registry
    int plans = LUA_NOREF; // the array of plan tables, in the registry
    std::size_t count = 0;

    explicit LuaSide(const std::vector<Figures>& figures) : count(figures.size()) {
        luaL_openlibs(L);
        if (luaL_dostring(L, lua_rule) != LUA_OK) {
            std::fprintf(stderr, "ingot_bench_w4: %s\n", lua_tostring(L, -1));
            std::abort();
        }
        lua_getglobal(L, "unit_value_climb");
        rule = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_createtable(L, static_cast<int>(figures.size()), 0);
        for (std::size_t i = 0; i < figures.size(); ++i) {
            lua_createtable(L, 0, 3);
            lua_pushstring(L, fmt::format("p{}", i).c_str());
            lua_setfield(L, -2, "name");
            lua_pushnumber(L, figures[i].value_added / 100);
            lua_setfield(L, -2, "value_added");
            lua_pushnumber(L, figures[i].output / 100);
            lua_setfield(L, -2, "output");
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
        plans = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    ~LuaSide() { lua_close(L); }
    LuaSide(const LuaSide&) = delete;
    LuaSide& operator=(const LuaSide&) = delete;

    /// Calls the rule on every plan; `on_fire(i, message)` for each plan it fires on.
    template <typename F>
    void run(F&& on_fire) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, plans);
        const int table = lua_gettop(L);
        for (std::size_t i = 0; i < count; ++i) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, rule);
            lua_rawgeti(L, table, static_cast<lua_Integer>(i + 1));
            if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
                std::fprintf(stderr, "ingot_bench_w4: %s\n", lua_tostring(L, -1));
                std::abort();
            }
            if (lua_isstring(L, -1) != 0) {
                on_fire(i, lua_tostring(L, -1));
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }

    std::set<std::size_t> fired() {
        std::set<std::size_t> out;
        run([&](std::size_t i, const char*) { out.insert(i); });
        return out;
    }
};

struct Fixture {
    std::vector<Figures> figures = make_figures(plan_count());
    IngotSide ingot{figures};
    LuaSide lua{figures};
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

/// The CPU time of this thread, in nanoseconds: the machines that run this are shared, and CPU
/// time (what Google Benchmark reports as CPU) is what the other work disturbs least.
double thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

/// Nanoseconds per plan: the CPU time of the timed loop over iterations × plans. Computed here,
/// not with Counter::kInvert (whose value would be in seconds), so the value is in ns as named.
double ns_per_plan(const benchmark::State& state, double start, std::size_t plans) {
    return (thread_cpu_ns() - start) /
           (static_cast<double>(state.iterations()) * static_cast<double>(plans));
}

void BM_W4_Ingot(benchmark::State& state) {
    Fixture& f = fixture();
    std::size_t fired = 0;
    const double start = thread_cpu_ns();
    for (auto _ : state) {
        std::vector<ingot::Diagnostic> found = f.ingot.rules.evaluate(f.ingot.analysis);
        fired = found.size();
        benchmark::DoNotOptimize(found);
    }
    state.counters["ns_per_plan"] = ns_per_plan(state, start, f.figures.size());
    state.counters["fired"] = static_cast<double>(fired);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(f.figures.size()));
}

void BM_W4_Lua(benchmark::State& state) {
    Fixture& f = fixture();
    std::size_t fired = 0;
    const double start = thread_cpu_ns();
    for (auto _ : state) {
        fired = 0;
        f.lua.run([&](std::size_t, const char* message) {
            benchmark::DoNotOptimize(message);
            ++fired;
        });
    }
    state.counters["ns_per_plan"] = ns_per_plan(state, start, f.figures.size());
    state.counters["fired"] = static_cast<double>(fired);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(f.figures.size()));
}

BENCHMARK(BM_W4_Ingot);
BENCHMARK(BM_W4_Lua);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    try {
        Fixture& f = fixture();
        const std::set<std::size_t> ingot_fired = f.ingot.fired();
        const std::set<std::size_t> lua_fired = f.lua.fired();
        if (ingot_fired != lua_fired || ingot_fired.empty() ||
            ingot_fired.size() == f.figures.size()) {
            std::fprintf(stderr,
                         "ingot_bench_w4: verdicts differ or are all alike: Ingot fires on %zu "
                         "plans, Lua on %zu, of %zu\n",
                         ingot_fired.size(), lua_fired.size(), f.figures.size());
            std::abort();
        }
        benchmark::AddCustomContext("plans", std::to_string(f.figures.size()));
        benchmark::AddCustomContext("fired", std::to_string(ingot_fired.size()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ingot_bench_w4: %s\n", e.what());
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

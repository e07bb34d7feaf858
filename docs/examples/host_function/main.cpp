// host_function: extend the language from C++ with a function and a check.
//
//   - `deflate(value, year)` turns a nominal CNY amount of `year` into 2024 prices, with a price
//     index the host owns; rules can call it like a built-in function.
//   - `target-count` is a check written in C++: it warns when a plan has fewer than 2 targets.
//     It has a registry entry like the built-in checks (`ingot rule target-count` in a host
//     that offers one).
//
// Then it analyses an inline plan and rulebook, prints the findings, and evaluates an expression
// that calls `deflate` in the plan's context.
#include <ingot/ingot.hpp>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

// The host's data: a price index, 2024 = 1. Immutable once the Engine is built, so the function
// below is pure and safe to call from several threads at once, as the API requires.
const std::map<int, double> price_index = {{2024, 1.00}, {2025, 1.02}, {2026, 1.045}};

// deflate(value, year): `value` arrives in the parameter's unit (CNY), `year` as a plain number.
// nullopt means "no value" (a year without an index): the rule then does not apply.
std::optional<double> deflate(const std::vector<double>& args) {
    const auto it = price_index.find(static_cast<int>(args.at(1)));
    if (it == price_index.end()) {
        return std::nullopt;
    }
    return args.at(0) / it->second;
}

// A check in C++: called once per plan, reports through the context.
void target_count(ingot::CheckContext& context) {
    const ingot::Plan& plan = context.plan();
    if (plan.targets.size() < 2) {
        context.report("plan `" + plan.name + "` has " + std::to_string(plan.targets.size()) +
                           " target(s); a plan worth checking sets at least 2",
                       plan.span, "this plan");
    }
}

constexpr const char* plan_text = R"(plan demo_2025 {
  title  "A small demonstration plan"
  period 2025..2026
  source NEWS "https://example.invalid/news"
  baseline value_added 2024 = 120 bn CNY      [NEWS]
  target growth: value_added grows ~5 %/yr    [NEWS: "about 5 % a year"]
}
)";

// A rule that calls the host function: value added in 2026, at 2024 prices.
constexpr const char* rules_text = R"(rule real_value_added: info {
  let real = deflate(level(value_added, 2026), 2026)
  when real > 0 CNY
  message "value added in 2026 is {real} at 2024 prices"
}
)";

} // namespace

int main() try {
    ingot::CheckInfo info;
    info.id = "target-count";
    info.default_severity = ingot::Severity::warning;
    info.category = "structure";
    info.summary = "a plan sets fewer than 2 targets";
    info.explanation = "A plan with a single target says little that can be checked against "
                       "anything else. Transcribe the plan's other targets, or ignore this "
                       "finding for a plan that really sets only one.";
    info.bad_example = "plan p {\n  period 2025..2026\n  target a: value_added grows 5 %/yr\n}\n";
    info.good_example = "plan p {\n  period 2025..2026\n  target a: value_added grows 5 %/yr\n"
                        "  target b: revenue grows 4 %/yr\n}\n";

    // Definitions are checked at the call (a duplicate name throws ingot::Error); build()
    // freezes them into an immutable Engine.
    const ingot::Engine engine = ingot::EngineBuilder()
                                     .define_function("deflate", {{"CNY", ""}, "CNY"}, deflate)
                                     .define_check(std::move(info), target_count)
                                     .build();

    ingot::Workspace workspace(engine);
    workspace.set_source("demo.plan", plan_text);
    workspace.set_source("host.rules", rules_text);

    // The rulebook applies to every plan, as `ingot check --rules host.rules` would.
    ingot::AnalyzeOptions options;
    options.rulebooks = {"host.rules"};
    ingot::Analysis analysis = workspace.analyze(options);

    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        std::cout << analysis.render(d);
    }

    // Any rule expression can be evaluated in a plan's context; mistakes are diagnostics.
    const ingot::EvalResult result =
        analysis.eval("demo_2025", "deflate(level(value_added, 2026), 2026)");
    for (const ingot::Diagnostic& d : result.diagnostics) {
        std::cout << analysis.render(d);
    }
    if (!result.value) {
        return 1;
    }
    std::cout << "value added in 2026 at 2024 prices: " << ingot::to_text(*result.value) << '\n';
    return 0;
} catch (const ingot::Error& e) {
    std::cerr << "host_function: " << e.what() << '\n';
    return 2;
}

// Fuzz target: derivation (runtime/derive*.cpp, constraints, solve) on random but well-formed
// plans. The bytes do not become the text: they drive a generator (FuzzedDataProvider) that writes
// syntactically valid plans — metrics with units, identities, scopes, baselines (levels and
// growth), targets with one to three clauses of every verb and comparator, periods of 1 to 12
// years, figures with ranges — so the fuzzer spends its time in derivation, not in syntax errors.
// Figures stay in the range real plans use (overflow of written numbers has its own target,
// fuzz_check). The plan is analysed through the public API, then every plan's every series is
// explained. Nothing may crash, leak, hang or run into undefined behaviour.
//
// Regression inputs for this target are the generator's bytes, not plan text; the replay prints
// the generated plan (INGOT_FUZZ_PRINT=1) so a finding can be turned into a readable test.
#include "ingot/ingot.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

/// The engine: built once (as a host does); imports are refused, nothing is read from disk.
const ingot::Engine& engine() {
    static const ingot::Engine built = ingot::EngineBuilder()
                                           .resolver([](const ingot::ImportRequest& request) {
                                               ingot::ImportResult refused;
                                               refused.path = request.path;
                                               refused.error = "the fuzz target reads no files";
                                               return refused;
                                           })
                                           .build();
    return built;
}

struct Metric {
    std::string name;
    std::vector<std::string> units; // units a figure of it may be written in
};

class Generator {
public:
    explicit Generator(FuzzedDataProvider& in) : in_(in) {}

    std::string file() {
        metrics_ = {{"output", {"Mt", "t", "kt"}},
                    {"value_added", {"bn CNY", "CNY", "trillion CNY"}},
                    {"capacity", {"Mt", "t"}},
                    {"energy_intensity", {"tce/wan CNY"}},
                    {"emissions", {"Mt CO2", "tCO2"}}};
        std::string out;
        const int extra = in_.ConsumeIntegralInRange(0, 3);
        for (int i = 0; i < extra; ++i) {
            const std::string name = "m" + std::to_string(i);
            const std::string unit = pick({"Mt", "bn CNY", "%", "t/CNY", "count", "CNY/t"});
            out += "metric " + name + " unit " + unit + "\n";
            metrics_.push_back({name, {unit}});
        }
        if (in_.ConsumeBool()) {
            out += "metric unit_value unit CNY/t\nidentity value_added = output * unit_value\n";
            metrics_.push_back({"unit_value", {"CNY/t", "wan CNY/t"}});
        }
        if (in_.ConsumeIntegralInRange(0, 3) == 0) {
            out += "rule r: warning {\n  let g = growth(" + metric().name + ")\n  when g > " +
                   number(-20, 20) + " %/yr\n  message \"{g}\"\n}\n";
        }
        const int plans = in_.ConsumeIntegralInRange(1, 2);
        for (int p = 0; p < plans; ++p) {
            out += plan("p" + std::to_string(p));
        }
        return out;
    }

private:
    std::string pick(std::initializer_list<const char*> options) {
        const auto i = in_.ConsumeIntegralInRange<std::size_t>(0, options.size() - 1);
        return *(options.begin() + static_cast<std::ptrdiff_t>(i));
    }
    const Metric& metric() {
        return metrics_[in_.ConsumeIntegralInRange<std::size_t>(0, metrics_.size() - 1)];
    }
    /// A decimal figure in [low, high] with 0 to 3 decimals, as a plan writes it.
    std::string number(int low, int high) {
        const int whole = in_.ConsumeIntegralInRange(low, high);
        const int decimals = in_.ConsumeIntegralInRange(0, 3);
        std::string text = std::to_string(whole);
        if (decimals > 0) {
            text += '.';
            for (int i = 0; i < decimals; ++i) {
                text += static_cast<char>('0' + in_.ConsumeIntegralInRange(0, 9));
            }
        }
        return text;
    }
    /// A figure with a unit, sometimes a range `a..b`.
    std::string quantity(const std::string& unit, int low, int high) {
        std::string text = number(low, high);
        if (in_.ConsumeIntegralInRange(0, 5) == 0) {
            text += ".." + number(low, high);
        }
        return text + " " + unit;
    }
    std::string comparator(bool required) {
        const std::string c = pick({"", ">=", "<=", ">", "<", "=", "~"});
        return c.empty() && required ? "<=" : c;
    }
    std::string series(const Metric& m) {
        if (!scopes_.empty() && in_.ConsumeIntegralInRange(0, 3) == 0) {
            return m.name + "(" +
                   scopes_[in_.ConsumeIntegralInRange<std::size_t>(0, scopes_.size() - 1)] + ")";
        }
        return m.name;
    }
    std::string unit_of(const Metric& m) {
        return m.units[in_.ConsumeIntegralInRange<std::size_t>(0, m.units.size() - 1)];
    }

    std::string clause(const Metric& m, int first, int last) {
        switch (in_.ConsumeIntegralInRange(0, 4)) {
        case 0:
            return "grows " + comparator(false) + " " +
                   quantity(in_.ConsumeBool() ? "%/yr" : "%", -30, 60);
        case 1:
            return "falls " + comparator(false) + " " +
                   quantity(in_.ConsumeBool() ? "%/yr" : "% y/y", -10, 40);
        case 2: {
            std::string text = "reaches " + comparator(false) + " " + quantity(unit_of(m), 0, 5000);
            if (in_.ConsumeBool()) {
                text += " by " + std::to_string(in_.ConsumeIntegralInRange(first - 1, last + 1));
            }
            return text;
        }
        case 3:
            return "stays " + comparator(true) + " " + quantity(unit_of(m), 0, 5000);
        default: // a figure in the wrong kind of unit: rate-vs-level and unit findings
            return "reaches " + quantity(pick({"%/yr", "%", "pp", "bn CNY", "Mt"}), -5, 100);
        }
    }

    std::string plan(const std::string& name) {
        scopes_.clear();
        const int first = in_.ConsumeIntegralInRange(2015, 2030);
        const int last = first + in_.ConsumeIntegralInRange(0, 11);
        std::string out = "plan " + name + " {\n  period " + std::to_string(first);
        if (last != first || in_.ConsumeBool()) {
            out += ".." + std::to_string(last);
        }
        out += "\n  source A \"https://example.org/a\"\n";
        const int scopes = in_.ConsumeIntegralInRange(0, 2);
        for (int s = 0; s < scopes; ++s) {
            const std::string scope = "s" + std::to_string(s);
            out += "  scope " + scope;
            if (in_.ConsumeBool()) {
                out += " of " + std::to_string(in_.ConsumeIntegralInRange(1, 12));
            }
            out += " { a, b } [A]\n";
            scopes_.push_back(scope);
        }
        const int statements = in_.ConsumeIntegralInRange(1, 10);
        for (int s = 0; s < statements && in_.remaining_bytes() > 0; ++s) {
            const Metric& m = metric();
            const bool in_focus = in_.ConsumeIntegralInRange(0, 4) == 0;
            std::string indent = in_focus ? "    " : "  ";
            if (in_focus) {
                out += "  focus f" + std::to_string(s) + " {\n";
            }
            if (!in_focus && in_.ConsumeIntegralInRange(0, 2) == 0) {
                const bool growth = in_.ConsumeIntegralInRange(0, 3) == 0;
                out += indent + "baseline " + series(m) + (growth ? " growth " : " ") +
                       std::to_string(in_.ConsumeIntegralInRange(first - 3, last)) + " = " +
                       comparator(false) + " " +
                       (growth ? quantity("%", -20, 40) : quantity(unit_of(m), 0, 5000)) + " [A]\n";
            } else {
                out += indent + "target t" + std::to_string(s) + ": " + series(m) + " " +
                       clause(m, first, last);
                const int more = in_.ConsumeIntegralInRange(0, 2);
                for (int c = 0; c < more; ++c) {
                    out += ", " + clause(m, first, last);
                }
                out += " [A]\n";
            }
            if (in_focus) {
                out += "  }\n";
            }
        }
        return out + "}\n";
    }

    FuzzedDataProvider& in_;
    std::vector<Metric> metrics_;
    std::vector<std::string> scopes_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string text = Generator(in).file();
    if (std::getenv("INGOT_FUZZ_PRINT") != nullptr) {
        std::fprintf(stderr, "%s", text.c_str());
    }
    ingot::Workspace workspace(engine(), ".");
    workspace.set_source("fuzz.plan", text);
    ingot::AnalyzeOptions options;
    options.implied = true;
    const ingot::Analysis analysis = workspace.analyze(options);
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        (void)analysis.render(d);
    }
    for (const ingot::Plan& plan : analysis.plans()) {
        const ingot::Derivation* derivation = analysis.derivation(plan.name);
        if (derivation == nullptr) {
            std::abort(); // every plan analysed has a derivation
        }
        for (const ingot::DerivedSeries& s : derivation->series) {
            try {
                (void)analysis.explain(plan.name, s.series);
            } catch (const ingot::Error&) {
                // a series the plan says nothing about directly: a usage error, not a defect
            }
        }
    }
    return 0;
}

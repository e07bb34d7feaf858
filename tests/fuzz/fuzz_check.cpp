// Fuzz target: `ingot check` end to end, through the public API as the CLI uses it. The input is
// one in-memory source, `fuzz.plan` (plans, metrics, identities, rules, tests: any text); it is
// analysed with every check on (implied included), every diagnostic is rendered with and without
// colour, the findings are written in every report format, and each plan is evaluated once in
// the rule language. Imports are refused by the resolver: nothing is read from disk. Nothing may
// crash, leak, hang or run into undefined behaviour, whatever the bytes.
#include "ingot/ingot.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ingot::Workspace workspace(engine(), ".");
    workspace.set_source("fuzz.plan", std::string(reinterpret_cast<const char*>(data), size));
    ingot::AnalyzeOptions options;
    options.implied = true;
    ingot::Analysis analysis = workspace.analyze(options);

    ingot::Report report;
    report.files = analysis.files();
    report.diagnostics = analysis.diagnostics();
    report.checks = analysis.checks();
    for (const ingot::Diagnostic& d : report.diagnostics) {
        (void)analysis.render(d, {.color = true, .snippet = true});
        if (analysis.render(d, {.color = false, .snippet = false}).empty()) {
            std::abort(); // a finding always renders to at least its headline
        }
        (void)ingot::fingerprint(d, analysis);
    }
    for (const std::string& name : ingot::report_format_names()) {
        (void)ingot::write_report(*ingot::parse_report_format(name), report, analysis);
    }

    for (const ingot::Plan& plan : analysis.plans()) {
        try {
            (void)analysis.eval(plan.name, "growth(output) + level(output) * 2");
        } catch (const ingot::Error&) {
            // two plans of one name: eval names a plan ambiguously, a usage error
        }
    }
    return 0;
}

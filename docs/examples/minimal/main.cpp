// minimal: analyse plan files and print the findings as `ingot check` does.
//
//     minimal [FOLDER]
//
// With a folder, every *.plan and *.rules under it is analysed; without one, a small plan written
// inline. Exits 1 when there is an error among the findings.
#include <ingot/ingot.hpp>

#include <iostream>

// A plan as an editor might hold it in an unsaved buffer. `value_added` is a prelude metric.
constexpr const char* inline_plan = R"(plan demo_2025 {
  title  "A small demonstration plan"
  period 2025..2026
  source NEWS "https://example.invalid/news"
  baseline value_added 2024 = 120 bn CNY      [NEWS]
  target growth: value_added grows ~5 %/yr    [NEWS: "about 5 % a year"]
}
)";

int main(int argc, char** argv) try {
    // One Engine holds the units, the prelude and the checks; building it is the costly part,
    // so a real host builds it once and keeps it.
    const ingot::Engine engine;

    // A Workspace is the set of sources of one analysis. Its root confines imports.
    const std::string root = argc > 1 ? argv[1] : ".";
    ingot::Workspace workspace(engine, root);
    if (argc > 1) {
        workspace.add_path(root); // throws ingot::Error(io) if it cannot be read
    } else {
        workspace.set_source("demo.plan", inline_plan);
    }

    // Parse, lower, derive, run the checks and rules. Problems in the files are diagnostics,
    // never exceptions.
    const ingot::Analysis analysis = workspace.analyze();

    bool failed = false;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        std::cout << analysis.render(d); // `PATH:LINE:COL: SEVERITY[ID]: message` and the source
        failed = failed || d.severity == ingot::Severity::error;
    }
    std::cout << analysis.files().size() << " files, " << analysis.diagnostics().size()
              << " findings\n";
    return failed ? 1 : 0;
} catch (const ingot::Error& e) {
    // Misuse of the API or an unreadable path.
    std::cerr << "minimal: " << e.what() << '\n';
    return 2;
}

// threads: one Engine shared by several threads, each with its own Workspace.
//
//     threads PLANS_FOLDER RULEBOOK      e.g.  threads plans plans/rules/analyst.rules
//
// The rulebook must be inside the folder: imports are confined to it.
// An Engine is immutable and may be used by any number of threads at once; a Workspace and an
// Analysis belong to one thread at a time. Every thread analyses the same files with the same
// rulebook, so every thread must find the same diagnostics; exits 1 if they differ.
#include <ingot/ingot.hpp>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <iostream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

// What must agree between threads: the id and the position of each finding.
using Finding = std::tuple<std::string, std::string, std::uint32_t, std::uint32_t>;

std::vector<Finding> findings(const ingot::Analysis& analysis) {
    std::vector<Finding> out;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        out.emplace_back(d.id, d.primary.span.path, d.primary.span.begin.line,
                         d.primary.span.begin.column);
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: threads PLANS_FOLDER RULEBOOK\n";
        return 2;
    }
    const std::string folder = argv[1];
    const std::string rulebook = argv[2];
    const unsigned n = std::max(2u, std::thread::hardware_concurrency());

    const ingot::Engine engine; // built once, shared by every thread below

    std::vector<std::vector<Finding>> results(n); // one slot per thread: no locking needed
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            try {
                // The thread's own Workspace; copying an Engine only shares its state.
                // Imports and rulebooks resolve inside the folder.
                ingot::Workspace workspace(engine, folder);
                workspace.add_path(folder);
                ingot::AnalyzeOptions options;
                options.rulebooks = {rulebook}; // as `ingot check --rules RULEBOOK`
                results[i] = findings(workspace.analyze(options));
            } catch (...) {
                errors[i] = std::current_exception(); // rethrown on the main thread
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }

    try {
        for (const std::exception_ptr& e : errors) {
            if (e) {
                std::rethrow_exception(e);
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "threads: " << e.what() << '\n';
        return 2;
    }

    const bool same = std::all_of(results.begin(), results.end(),
                                  [&](const std::vector<Finding>& r) { return r == results[0]; });
    std::cout << n << " threads, one engine: " << results[0].size() << " diagnostics each, "
              << (same ? "identical" : "DIFFERENT") << '\n';
    return same ? 0 : 1;
}

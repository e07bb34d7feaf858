// One Engine shared by several threads, each with its own Workspace, as ingot.hpp promises.
// `./dev test` also runs this file under ThreadSanitizer (the `[threads]` tag, build-tsan), so it
// includes nothing but the public API, Catch2 and the standard library.
#include <ingot/ingot.hpp>

#include <catch2/catch.hpp>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path plans_dir = fs::path(INGOT_SOURCE_DIR) / "plans";

using Finding =
    std::tuple<std::string, std::string, std::uint32_t, std::uint32_t, std::uint32_t, std::string>;

std::vector<Finding> findings(const ingot::Analysis& analysis) {
    std::vector<Finding> out;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        out.emplace_back(d.id, d.primary.span.path, d.primary.span.begin.line,
                         d.primary.span.begin.column, d.primary.span.begin.offset, d.message);
    }
    return out;
}

} // namespace

TEST_CASE("API: one Engine shared by 4 threads gives identical results", "[api][threads]") {
    constexpr unsigned thread_count = 4;
    constexpr unsigned runs = 3;
    const ingot::Engine engine; // built once, shared below

    std::vector<std::vector<std::vector<Finding>>> results(thread_count);
    std::vector<std::vector<std::string>> explained(thread_count);
    std::vector<std::exception_ptr> errors(thread_count);
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < thread_count; ++i) {
        threads.emplace_back([&, i] {
            try {
                ingot::Workspace ws(engine, plans_dir.string());
                ws.add_path(plans_dir.string());
                ingot::AnalyzeOptions options;
                options.rulebooks = {(plans_dir / "rules/analyst.rules").string()};
                for (unsigned run = 0; run < runs; ++run) {
                    ingot::Analysis analysis = ws.analyze(options);
                    results[i].push_back(findings(analysis));
                    explained[i].push_back(
                        ingot::render_text(analysis.explain("nonferrous_2025", "unit_value")));
                    const ingot::EvalResult r =
                        analysis.eval("nonferrous_2025", "growth(unit_value)");
                    explained[i].push_back(r.value ? ingot::to_text_with_range(*r.value) : "");
                }
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (const std::exception_ptr& e : errors) {
        CHECK_NOTHROW(e ? std::rethrow_exception(e) : void());
    }

    REQUIRE(results[0].size() == runs);
    const std::vector<Finding>& first = results[0][0];
    CHECK_FALSE(first.empty());
    for (unsigned i = 0; i < thread_count; ++i) {
        REQUIRE(results[i].size() == runs);
        for (unsigned run = 0; run < runs; ++run) {
            INFO("thread " << i << ", run " << run);
            CHECK(results[i][run] == first);
        }
        CHECK(explained[i] == explained[0]);
    }
    CHECK(explained[0].at(1) == "3.45 %/yr (2.8 … 4.09 %/yr)");

    // The same as one thread alone finds.
    ingot::Workspace ws(engine, plans_dir.string());
    ws.add_path(plans_dir.string());
    ingot::AnalyzeOptions options;
    options.rulebooks = {(plans_dir / "rules/analyst.rules").string()};
    CHECK(findings(ws.analyze(options)) == first);
}

TEST_CASE("API: one analysis deriving its plans on 4 threads finds what one thread finds",
          "[api][threads]") {
    const ingot::Engine engine;
    ingot::Workspace ws(engine, plans_dir.string());
    ws.add_path(plans_dir.string());
    ingot::AnalyzeOptions serial;
    serial.implied = true;
    ingot::AnalyzeOptions parallel = serial;
    parallel.threads = 4;
    const auto expected = findings(ws.analyze(serial));
    CHECK(expected.size() > 10);
    for (int run = 0; run < 3; ++run) {
        INFO("run " << run);
        CHECK(findings(ws.analyze(parallel)) == expected);
    }
}

TEST_CASE("API: one RuleSet evaluated by 4 threads over one analysis finds what one thread finds",
          "[api][threads]") {
    constexpr unsigned thread_count = 4;
    const ingot::Engine engine;
    const ingot::RuleSet rules(engine, "climb.rules",
                               "rule value_per_tonne: warning {\n"
                               "  let one = 100 %/yr\n"
                               "  let needed = (one + growth(value_added)) / (one + "
                               "growth(output)) * one - one\n"
                               "  when needed > 3 %/yr\n"
                               "  message \"value added per tonne must rise {needed}\"\n"
                               "}\n");
    ingot::Workspace ws(engine, plans_dir.string());
    ws.add_path(plans_dir.string());
    const ingot::Analysis analysis = ws.analyze(); // shared read-only by the threads
    const auto as_findings = [](const std::vector<ingot::Diagnostic>& found) {
        std::vector<Finding> out;
        for (const ingot::Diagnostic& d : found) {
            out.emplace_back(d.id, d.primary.span.path, d.primary.span.begin.line,
                             d.primary.span.begin.column, d.primary.span.begin.offset, d.message);
        }
        return out;
    };
    const std::vector<Finding> expected = as_findings(rules.evaluate(analysis));
    REQUIRE(expected.size() == 1);

    std::vector<std::vector<Finding>> results(thread_count);
    std::vector<std::exception_ptr> errors(thread_count);
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < thread_count; ++i) {
        threads.emplace_back([&, i] {
            try {
                for (int run = 0; run < 3; ++run) {
                    results[i] = as_findings(rules.evaluate(analysis));
                }
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    for (unsigned i = 0; i < thread_count; ++i) {
        INFO("thread " << i);
        CHECK_NOTHROW(errors[i] ? std::rethrow_exception(errors[i]) : void());
        CHECK(results[i] == expected);
    }
}

// `ingot test`: runs the test blocks of rulebooks (ingot::run_tests) and prints pass/fail per
// test, with expected and actual findings for each failure; `--coverage` adds what the tests did
// with each rule.
#include "cli.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

namespace ingot::cli {

namespace {

struct TestArgs {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string filter;
    std::string root;
    bool coverage = false;
    std::string coverage_json;
    std::optional<double> fail_under;
    OutputOptions output;
};

double percent(std::size_t covered, std::size_t total) {
    return total == 0 ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(total);
}

std::string coverage_text(const TestRun& run) {
    std::string out;
    std::size_t covered = 0;
    std::size_t total = 0;
    for (const RulebookCoverage& book : run.coverage) {
        covered += book.covered();
        total += book.total();
        out += fmt::format("coverage of {}: {} of {} ({:.1f} %)\n", book.path, book.covered(),
                           book.total(), percent(book.covered(), book.total()));
        std::size_t width = 0;
        for (const RuleCoverage& r : book.rules) {
            width = std::max(width, r.rule.size());
        }
        for (const RuleCoverage& r : book.rules) {
            std::size_t ran = 0;
            std::string missed;
            for (const StatementCoverage& s : r.statements) {
                if (s.ran) {
                    ++ran;
                } else {
                    missed += fmt::format("{}{} {}", missed.empty() ? "" : ", ", s.keyword, s.line);
                }
            }
            out += fmt::format("  {:<{}}  {:<11}  {:<12}  {}/{} statements{}\n", r.rule, width,
                               r.fired ? "fires" : "never fires",
                               r.silent ? "stays silent" : "never silent", ran, r.statements.size(),
                               missed.empty() ? "" : fmt::format(" (never ran: {})", missed));
        }
    }
    out += fmt::format("rule coverage: {} of {} ({:.1f} %)\n", covered, total,
                       percent(covered, total));
    return out;
}

int run_test(const TestArgs& args) {
    const std::vector<std::string> paths = or_current_folder(args.paths);
    TestOptions options;
    options.root = project_root(args.root, paths);
    options.filter = args.filter;
    const Engine engine;
    const TestRun run = run_tests(engine, paths, options);

    if (args.format == "text") {
        const bool color = use_color(args.output, stdout);
        for (const Diagnostic& d : run.errors) {
            fmt::print("{}", run.analysis->render(d, {color, true}));
        }
        for (const TestResult& t : run.tests) {
            const char* status = t.passed ? "ok  " : "FAIL";
            if (color) {
                status = t.passed ? "\x1b[32mok\x1b[0m  " : "\x1b[1;31mFAIL\x1b[0m";
            }
            fmt::print("{}  {}:{}: {}\n{}", status, printable(t.span.path), t.span.begin.line,
                       printable(t.name), t.diff);
        }
        fmt::print("{}: {} passed, {} failed{}\n", plural(run.tests.size(), "test", "tests"),
                   run.tests.size() - run.failed(), run.failed(),
                   run.errors.empty() ? ""
                                      : fmt::format(", {} in the test files",
                                                    plural(run.errors.size(), "error", "errors")));
        if (args.coverage) {
            fmt::print("{}", coverage_text(run));
        }
    } else {
        fmt::print("{}",
                   write_report(*parse_report_format(args.format), to_report(run), *run.analysis,
                                ReportOptions{false, true, true, options.root}));
    }
    if (!args.coverage_json.empty() && !write_output(args.coverage_json, coverage_json(run))) {
        return exit_usage_or_io;
    }

    bool failed = !run.passed();
    if (run.tests.empty()) {
        report_error(args.filter.empty() ? "no test blocks found"
                                         : fmt::format("no test matches `{}`", args.filter));
        failed = true;
    }
    if (args.fail_under) {
        std::size_t covered = 0;
        std::size_t total = 0;
        for (const RulebookCoverage& book : run.coverage) {
            covered += book.covered();
            total += book.total();
        }
        const double pct = percent(covered, total);
        if (pct < *args.fail_under) {
            fmt::print(stderr, "ingot: rule coverage {:.1f} % is under --coverage-fail-under {}\n",
                       pct, *args.fail_under);
            failed = true;
        }
    }
    return failed ? exit_findings : exit_clean;
}

} // namespace

Command add_test_command(CLI::App& app) {
    auto args = std::make_shared<TestArgs>();
    CLI::App* cmd = app.add_subcommand(
        "test", "Run the test blocks of rulebooks (*.rules); folders are searched recursively");
    cmd->add_option("paths", args->paths, "Files or folders (default: .)")->type_name("PATH");
    cmd->add_option("--format", args->format,
                    "text (default), or a report format of `check`: json, junit, sarif, ... (one "
                    "check per test, one finding per failure)")
        ->check(CLI::IsMember(report_format_names()));
    cmd->add_option("--filter", args->filter, "Run only the tests whose name contains NAME")
        ->type_name("NAME");
    cmd->add_flag("--coverage", args->coverage,
                  "After the results, per rule: whether a test made it fire, whether one kept it "
                  "silent, and which statements ran");
    cmd->add_option("--coverage-json", args->coverage_json,
                    "Write the coverage as JSON to PATH (`-`: standard output)")
        ->type_name("PATH");
    cmd->add_option("--coverage-fail-under", args->fail_under,
                    "Fail (exit 1) when rule coverage is under PCT percent")
        ->type_name("PCT")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--root", args->root, root_help)->type_name("DIR");
    add_color_option(*cmd, args->output);
    cmd->footer("Exit codes: 0 every test passed, 1 a test failed (or coverage is under "
                "--coverage-fail-under, or no test ran), 2 usage or I/O errors.\n\n"
                "Examples:\n"
                "  ingot test plans/                        every test under plans/\n"
                "  ingot test --filter climb plans/         the tests whose name has `climb`\n"
                "  ingot test --coverage plans/             and what they cover\n"
                "  ingot test --format junit plans/ > tests.xml");
    return {cmd, [args] { return run_test(*args); }};
}

} // namespace ingot::cli

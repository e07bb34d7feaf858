// The `ingot` program: a thin host over the public API (<ingot/ingot.hpp>), like any other.
// It parses arguments, reads and writes files, and prints what the API returns. Each subcommand
// lives in its own file (check.cpp, fmt.cpp, ...); this file is the table that dispatches them.
//
// Exit codes: 0 clean; 1 findings at or above the failing severity (or files `fmt --check` would
// change); 2 usage or I/O errors.
#include "cli.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#ifdef INGOT_MIMALLOC
#include <mimalloc.h>
#endif

using namespace ingot::cli;

namespace {

int run(int argc, char** argv) {
    CLI::App app{
        "Ingot checks industrial plans: it parses plan files and rulebooks, derives what "
        "their numbers imply, and reports what does not hold together.\n\n"
        "Exit codes: 0 clean, 1 findings (or files `fmt --check` would change), 2 usage "
        "or I/O errors.\n\nExamples:\n"
        "  ingot check plans/                 check every *.plan and *.rules under plans/\n"
        "  ingot check --fail-on warning .    fail on warnings too\n"
        "  ingot fmt plans/                   rewrite files in the canonical layout\n"
        "  ingot fmt --check plans/           list files that are not formatted\n"
        "  ingot check --implied plans/       also show derived values worth knowing\n"
        "  ingot explain nonferrous_2025.unit_value plans/\n"
        "                                     what the plan implies for unit_value, and why\n"
        "  ingot eval plans/nonferrous-2025.plan 'growth(unit_value)'\n"
        "                                     one expression in a plan's context\n"
        "  ingot compare plans/*-2025.plan    the 2025 plans side by side, metric by metric\n"
        "  ingot diff plans/predecessors/nonferrous-2023.plan plans/nonferrous-2025.plan\n"
        "                                     what a plan changed against its predecessor\n"
        "  ingot export --derived plans/      every figure as CSV, derived values too\n"
        "  ingot report plans/*-2025.plan -o report.html\n"
        "                                     the 2025 plans compared on one page, with charts\n"
        "  ingot rules                        every check, with its id and summary\n"
        "  ingot rule unknown-name            what one check means, with examples\n"
        "  ingot fmt --diff plans/            show what fmt would change, as a unified diff\n"
        "  ingot metrics plans/               the built-in metrics and those declared under "
        "plans/\n"
        "  ingot units                        the unit words and scale words (万吨 = wan t)\n"
        "  ingot lsp                          the language server, for editors (docs/editors.md)\n"
        "  ingot completions bash > ~/.local/share/bash-completion/completions/ingot\n"
        "                                     tab completion for bash (or zsh, fish)",
        "ingot"};
    app.set_version_flag("-V,--version", "ingot " + std::string(ingot::version()));
    app.require_subcommand(1);
    app.failure_message(CLI::FailureMessage::help);

    // The subcommand table: exactly one entry runs, the one CLI11 parsed. `completions` reads the
    // whole tree when it runs, so its place in the table does not matter; it is last in --help.
    const std::vector<Command> commands = {
        add_check_command(app),  add_fmt_command(app),     add_explain_command(app),
        add_eval_command(app),   add_compare_command(app), add_diff_command(app),
        add_export_command(app), add_report_command(app),  add_rules_command(app),
        add_rule_command(app),   add_test_command(app),    add_metrics_command(app),
        add_units_command(app),  add_lsp_command(app),     add_completions_command(app),
    };

    // An unknown command is named as such, with the closest command when one is near enough to be
    // a typo (CLI11 would only say that a subcommand is required).
    if (argc > 1 && argv[1][0] != '-' &&
        std::none_of(commands.begin(), commands.end(),
                     [&](const auto& c) { return c.app->get_name() == argv[1]; })) {
        std::vector<std::string> names;
        names.reserve(commands.size());
        for (const auto& c : commands) {
            names.push_back(c.app->get_name());
        }
        const auto meant = closest_name(argv[1], names);
        report_error(fmt::format("unknown command `{}`; {} {}", argv[1],
                                 meant ? fmt::format("did you mean `{}`? The commands are", *meant)
                                       : "the commands are",
                                 fmt::join(names, ", ")));
        return exit_usage_or_io;
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_clean : exit_usage_or_io;
    }

    try {
        for (const Command& command : commands) {
            if (command.app->parsed()) {
                return command.run();
            }
        }
        report_error("no subcommand was run; `ingot --help` lists them");
        return exit_usage_or_io;
    } catch (const ingot::Error& e) {
        report_error(e.what());
        return exit_usage_or_io;
    } catch (const std::exception& e) {
        fmt::print(stderr, "ingot: internal error: {}\n", e.what());
        return exit_usage_or_io;
    }
}

} // namespace

int main(int argc, char** argv) {
#ifdef INGOT_MIMALLOC
    // 2 MiB pages where the kernel offers them (transparent huge pages): an analysis touches
    // about 100 KiB of memory per plan, and faulting it in 4 KiB at a time was a third of the
    // time of checking 10 000 plans on two threads (docs/performance.md). Costs more memory.
    mi_option_enable(mi_option_large_os_pages);
#endif
    // Nothing escapes main, so nothing ends in std::terminate: building the command tree, and
    // reporting an error, can throw too (std::bad_alloc, fmt::format_error). The C stdio here
    // cannot throw.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ingot: internal error: %s\n", e.what());
    } catch (...) {
        std::fputs("ingot: internal error: an unknown exception\n", stderr);
    }
    return exit_usage_or_io;
}

// `ingot rules` and `ingot rule`: the check registry.
#include "cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace ingot::cli {

namespace {

struct RulesArgs {
    std::string id; // `rule ID` only
    std::vector<std::string> paths;
};

/// The registry: the engine's checks, and the analyst rules of `paths` when given.
std::optional<std::vector<ingot::CheckInfo>> registry(const std::vector<std::string>& paths) {
    const ingot::Engine engine;
    if (paths.empty()) {
        return engine.checks();
    }
    ingot::Workspace ws(engine, project_root("", paths));
    if (!add_paths(ws, paths)) {
        return std::nullopt;
    }
    return ws.analyze().checks();
}

int run_rules(const RulesArgs& options) {
    const auto checks = registry(options.paths);
    if (!checks) {
        return exit_usage_or_io;
    }
    std::size_t width = 0;
    for (const ingot::CheckInfo& c : *checks) {
        width = std::max(width, c.id.size());
    }
    for (const ingot::CheckInfo& c : *checks) {
        std::string severity(ingot::to_string(c.default_severity));
        if (!c.enabled_by_default) {
            severity += " (off)";
        }
        fmt::print("{:<{}}  {:<13}  {}{}\n", c.id, width, severity, c.summary,
                   c.fixable ? " [fix]" : "");
    }
    return exit_clean;
}

std::string indented(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += line.empty() ? "\n" : "    " + line + "\n";
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

int run_rule(const RulesArgs& options) {
    const auto checks = registry(options.paths);
    if (!checks) {
        return exit_usage_or_io;
    }
    const auto it = std::find_if(checks->begin(), checks->end(),
                                 [&](const ingot::CheckInfo& c) { return c.id == options.id; });
    if (it == checks->end()) {
        std::vector<std::string> ids;
        for (const ingot::CheckInfo& c : *checks) {
            ids.push_back(c.id);
        }
        const auto meant = closest_name(options.id, ids);
        report_error(fmt::format("no check `{}`; {}`ingot rules` lists them", options.id,
                                 meant ? fmt::format("did you mean `{}`? ", *meant) : ""));
        return exit_usage_or_io;
    }
    const ingot::CheckInfo& c = *it;
    fmt::print("{}\n\n", c.id);
    fmt::print("  severity: {}{}\n", ingot::to_string(c.default_severity),
               c.enabled_by_default ? "" : " (off by default)");
    fmt::print("  category: {}\n  origin:   {}\n  fix:      {}\n\n", c.category,
               ingot::to_string(c.origin), c.fixable ? "some findings carry a fix" : "none");
    fmt::print("{}\n", c.summary);
    if (!c.explanation.empty() && c.explanation != c.summary) {
        fmt::print("\n{}\n", c.explanation);
    }
    if (!c.bad_example.empty()) {
        fmt::print("\nFires on:\n\n{}", indented(c.bad_example));
    }
    if (!c.good_example.empty()) {
        fmt::print("\nQuiet on:\n\n{}", indented(c.good_example));
    }
    return exit_clean;
}

} // namespace

Command add_rules_command(CLI::App& app) {
    auto options = std::make_shared<RulesArgs>();
    CLI::App* cmd = app.add_subcommand(
        "rules", "List every check: id, default severity and a one-line summary; with PATHs, "
                 "the analyst rules found there too");
    cmd->add_option("paths", options->paths, "Files or directories with rulebooks");
    cmd->footer(
        "Each line: the id, the default severity (`(off)`: off unless asked for, as "
        "`implied` is with `check --implied`) and the summary; `[fix]` marks a check some "
        "of whose findings carry a mechanical fix.\n\nExamples:\n"
        "  ingot rules                  every built-in check\n"
        "  ingot rules plans/           and the analyst rules of the rulebooks under plans/\n"
        "  ingot rules | grep warning   the checks that warn by default\n\n"
        "Exit codes: 0 listed, 2 I/O errors (a missing or unreadable PATH).");

    return {cmd, [options] { return run_rules(*options); }};
}

Command add_rule_command(CLI::App& app) {
    auto options = std::make_shared<RulesArgs>();
    CLI::App* cmd = app.add_subcommand(
        "rule", "Explain one check: what it means, how to fix it, an example that fires and one "
                "that does not");
    cmd->add_option("id", options->id, "The check id, e.g. unknown-name")
        ->required()
        ->type_name("ID");
    cmd->add_option("paths", options->paths, "Files or directories with rulebooks");
    cmd->footer("Examples:\n"
                "  ingot rule uncited                   what `uncited` means, an example that "
                "fires and the same fixed\n"
                "  ingot rule unit_value_climb plans/   an analyst rule of a rulebook under "
                "plans/\n\n"
                "Exit codes: 0 shown, 2 an unknown ID (the closest id is suggested) or I/O "
                "errors.");

    return {cmd, [options] { return run_rule(*options); }};
}

} // namespace ingot::cli

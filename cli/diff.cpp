// `ingot diff OLD NEW`: what changed between two plans, by what they say (ingot::diff_plans).
#include "cli.hpp"
#include "project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>

namespace ingot::cli {

namespace {

namespace fs = std::filesystem;

struct DiffArgs {
    std::string old_arg;
    std::string new_arg;
    std::string format = "text";
    bool exit_code = false;
    std::optional<int> digits;
    std::string root;
    OutputOptions output;
};

/// `FILE` or `FILE:PLAN`.
struct PlanArg {
    std::string file;
    std::string plan; // "" when not given
};

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

/// Splits `FILE:PLAN` at its last `:` when what follows is a name and the whole argument is no
/// file of its own.
PlanArg split_plan_arg(const std::string& arg) {
    const auto colon = arg.rfind(':');
    std::error_code ec;
    if (colon == std::string::npos || colon == 0 || !is_identifier(arg.substr(colon + 1)) ||
        fs::exists(arg, ec)) {
        return {arg, ""};
    }
    return {arg.substr(0, colon), arg.substr(colon + 1)};
}

/// One side of the diff: the file's analysis, in its own Workspace (two versions of one plan
/// share its name, so they cannot be one analysis), and the plan chosen in it.
struct Loaded {
    std::unique_ptr<Analysis> analysis;
    std::string plan;
    int digits = 3;
};

/// Loads `arg`; on failure reports why and gives nullopt (every failure is exit 2).
std::optional<Loaded> load(const std::string& arg, const DiffArgs& options) {
    const PlanArg which = split_plan_arg(arg);
    ProjectSettings settings;
    try {
        settings = project_settings({which.file}, options.root, options.digits);
    } catch (const ProjectError& e) {
        report_error(e.what());
        return std::nullopt;
    }
    Workspace ws(Engine(), settings.root);
    if (!add_paths(ws, {which.file})) {
        return std::nullopt;
    }
    auto analysis = std::make_unique<Analysis>(ws.analyze(settings.analyze));
    // Syntax errors stop the diff: a plan read only in part would show changes it does not have.
    bool syntax = false;
    const bool color = use_color(options.output, stdout);
    for (const Diagnostic& d : analysis->diagnostics()) {
        if (d.id == "syntax") {
            fmt::print("{}", analysis->render(d, {color, true}));
            syntax = true;
        }
    }
    if (syntax) {
        report_error(fmt::format("`{}` has syntax errors; fix them to compare it", which.file));
        return std::nullopt;
    }
    const std::string path = fs::path(which.file).lexically_normal().string();
    std::vector<std::string> plans;
    for (const Plan& p : analysis->plans()) {
        if (p.path == path) {
            plans.push_back(p.name);
        }
    }
    Loaded out{std::move(analysis), which.plan, settings.digits};
    if (!which.plan.empty()) {
        if (std::find(plans.begin(), plans.end(), which.plan) == plans.end()) {
            const auto meant = closest_name(which.plan, plans);
            report_error(fmt::format(
                "`{}` holds no plan `{}`{}", which.file, which.plan,
                meant           ? fmt::format("; did you mean `{}`?", *meant)
                : plans.empty() ? std::string("; it holds no plan")
                                : fmt::format("; its plans are {}", fmt::join(plans, ", "))));
            return std::nullopt;
        }
    } else if (plans.size() == 1) {
        out.plan = plans.front();
    } else if (plans.empty()) {
        report_error(fmt::format("`{}` holds no plan", which.file));
        return std::nullopt;
    } else {
        report_error(fmt::format("`{}` holds several plans ({}); name the one to compare: `{}:{}`",
                                 which.file, fmt::join(plans, ", "), which.file, plans.front()));
        return std::nullopt;
    }
    return out;
}

int run_diff(const DiffArgs& options) {
    const auto before = load(options.old_arg, options);
    if (!before) {
        return exit_usage_or_io;
    }
    const auto after = load(options.new_arg, options);
    if (!after) {
        return exit_usage_or_io;
    }
    const PlanDiff diff =
        diff_plans(*before->analysis, before->plan, *after->analysis, after->plan);
    const DiffFormat format = options.format == "json"       ? DiffFormat::json
                              : options.format == "markdown" ? DiffFormat::markdown
                                                             : DiffFormat::text;
    fmt::print("{}", write_diff(format, diff, after->digits));
    return options.exit_code && diff.changed() ? exit_findings : exit_clean;
}

} // namespace

Command add_diff_command(CLI::App& app) {
    auto options = std::make_shared<DiffArgs>();
    CLI::App* cmd = app.add_subcommand(
        "diff", "Compare two plans, or two versions of one plan, by what they say: targets "
                "raised, cut, added or removed, scopes, focuses, silent_on and the period");
    cmd->add_option("old", options->old_arg,
                    "The old plan: a file holding one plan, or FILE:PLAN to pick one of several")
        ->required()
        ->type_name("FILE");
    cmd->add_option("new", options->new_arg, "The new plan, written like OLD")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--format", options->format, "How to write the diff (default: text)")
        ->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_flag("--exit-code", options->exit_code,
                  "Exit 1 when the plans differ, 0 when they do not (like git diff)");
    cmd->add_option("--digits", options->digits,
                    "Significant digits (default: 3, or `digits` of ingot.toml)")
        ->check(CLI::Range(1, 15));
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    add_color_option(*cmd, options->output);
    cmd->footer(
        "Each file is analysed on its own, with its imports, so two versions of one plan can be "
        "compared. A growth target is compared by the average yearly growth each plan's figures "
        "imply (the change in pp), a level target by its level (the change in its unit).\n\n"
        "Examples:\n"
        "  ingot diff plans/predecessors/nonferrous-2023.plan plans/nonferrous-2025.plan\n"
        "      the output target cut from ~5 %/yr to ~1.5 %/yr: -3.5 pp\n"
        "  ingot diff old/steel-2025.plan plans/steel-2025.plan --format markdown\n"
        "  ingot diff two.plan:draft two.plan:final --format json\n"
        "  ingot diff --exit-code a.plan b.plan && echo unchanged\n\n"
        "Exit codes: 0 compared (with or without changes), 1 with --exit-code when the plans "
        "differ, 2 usage or I/O errors (a missing file, a file with syntax errors, a file with "
        "several plans and no :PLAN).");

    return {cmd, [options] { return run_diff(*options); }};
}

} // namespace ingot::cli

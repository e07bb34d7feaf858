// What the subcommands of the `ingot` program share: exit codes, colour, error lines, the project
// root, and the shape of a subcommand (its CLI11 sub-app and the function that runs it).
#pragma once

#include <ingot/ingot.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::cli {

constexpr int exit_clean = 0;
constexpr int exit_findings = 1;
constexpr int exit_usage_or_io = 2;

/// One subcommand: the sub-app CLI11 parses into, and what runs when it was the one parsed.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

// Each adds its sub-app to `app` and returns it with its runner. The options live in the runner.
Command add_check_command(CLI::App& app);
Command add_fmt_command(CLI::App& app);
Command add_explain_command(CLI::App& app);
Command add_eval_command(CLI::App& app);
/// `ingot compare`: plans side by side (compare.cpp).
Command add_compare_command(CLI::App& app);
/// `ingot diff OLD NEW`: two plans compared by what they say (diff.cpp).
Command add_diff_command(CLI::App& app);
/// `ingot export`: every figure in long form (export.cpp).
Command add_export_command(CLI::App& app);
/// `ingot report`: a comparison of plans as one HTML page, with charts and findings (report.cpp).
Command add_report_command(CLI::App& app);
Command add_rules_command(CLI::App& app);
Command add_rule_command(CLI::App& app);
Command add_test_command(CLI::App& app);
/// `ingot lsp`: the language server (cli/lsp/).
Command add_lsp_command(CLI::App& app);
Command add_metrics_command(CLI::App& app);
Command add_units_command(CLI::App& app);
/// `ingot completions SHELL`: a completion script written from `app`'s command tree. The tree is
/// read when the command runs, not when it is added, so every command and option is in it.
Command add_completions_command(CLI::App& app);

struct OutputOptions {
    std::string color = "auto";
};

/// Adds `--color` to `command`.
void add_color_option(CLI::App& command, OutputOptions& output);
/// Whether to colour what goes to `stream`: `--color always|never`, else NO_COLOR, FORCE_COLOR,
/// CLICOLOR_FORCE and whether `stream` is a terminal.
bool use_color(const OutputOptions& options, FILE* stream);

/// `ingot: error: MESSAGE` on stderr.
void report_error(const std::string& message);
/// "1 file", "2 files".
std::string plural(std::size_t n, std::string_view one, std::string_view many);
/// `paths`, or the current folder when there are none.
std::vector<std::string> or_current_folder(const std::vector<std::string>& paths);

/// The help text of `--root`.
extern const char* const root_help;
/// The project root that imports are confined to: `--root` when given; otherwise the current
/// folder when every path is inside it, else the deepest folder holding all the paths.
std::string project_root(const std::string& given, const std::vector<std::string>& paths);

/// The Damerau-Levenshtein distance of `a` and `b` (optimal string alignment): insertions,
/// deletions, substitutions and transpositions of two adjacent characters cost 1 each.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The entry of `known` closest to `unknown`, when one is close enough to be what was meant: at
/// most 1 edit for a word of up to 3 characters, else 2, and fewer edits than `unknown` has
/// characters (or a prefix of the entry). Ties go to the earlier entry.
std::optional<std::string> closest_name(std::string_view unknown,
                                        const std::vector<std::string>& known);

/// Writes `text` to the file `path`, or to standard output when `path` is `-`; a failure is
/// reported (`cannot write `PATH`: why`) and gives false. A file is replaced atomically (a
/// temporary file beside it, renamed over it): a reader or a crash sees the old file or the
/// whole new one, and a failed write leaves no damaged or partial file behind.
bool write_output(const std::string& path, const std::string& text);

/// Adds every path to the workspace; unreadable ones are reported and make the result false.
bool add_paths(Workspace& ws, const std::vector<std::string>& paths);

/// A unified diff from `before` to `after` of the file `path` (3 lines of context, `--- a/PATH`
/// and `+++ b/PATH` headers for a relative path, as `git apply` and `patch -p1` take), coloured
/// when `color`; "" when the texts are equal.
std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after, bool color);

/// Replaces the file `read` came from with `text` through ingot::rewrite_source (atomic; a file
/// edited since it was read is kept). A failure is reported (`ingot: error: …`) and gives false.
bool rewrite_or_report(const SourceVersion& read, std::string_view text);

} // namespace ingot::cli

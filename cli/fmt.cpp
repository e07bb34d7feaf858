// `ingot fmt`: rewrite files in the canonical layout, or show what would change.
#include "cli.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace ingot::cli {

namespace {

namespace fs = std::filesystem;

struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
    bool diff = false;
    std::string stdin_filename;
    OutputOptions output;
};

/// Flushes standard output; false (with a reported error) when the text did not all get there,
/// as when it is a full disk or /dev/full.
bool flush_stdout() {
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        report_error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
        return false;
    }
    return true;
}

/// Where each kind of output goes. Formatted text, `would reformat:` lines and diffs go to
/// stdout. Diagnostics go to stdout beside the summary when files are rewritten or checked (as
/// `check` prints them), but to stderr when stdout carries a file's text (`fmt -`) or a patch
/// (`--diff`), so that a pipe gets only the text or a diff `git apply` takes.
int run_fmt(const FmtOptions& options) {
    const bool from_stdin = options.paths.size() == 1 && options.paths[0] == "-";
    if (!options.stdin_filename.empty() && !from_stdin) {
        report_error("--stdin-filename names standard input; use it with `-` as the only PATH");
        return exit_usage_or_io;
    }
    FILE* const notes = from_stdin || options.diff ? stderr : stdout;
    const ingot::RenderOptions render_options{use_color(options.output, notes), true};
    const bool diff_color = use_color(options.output, stdout);
    bool io_ok = true;
    bool failed = false;
    std::size_t changed = 0;
    std::size_t unchanged = 0;
    std::size_t not_written = 0;

    // Formats one text; prints or writes what the options ask for (`read` is the file's version,
    // absent for standard input). Returns the text standard output should carry for `fmt -`
    // without --check or --diff.
    const auto format_one = [&](const std::string& path, const std::string& text,
                                const ingot::SourceVersion* read) -> std::string {
        const ingot::FormatResult result = ingot::format_source(path, text, render_options);
        if (!result.text) {
            fmt::print(notes, "{}", result.rendered);
            fmt::print(notes, "{}: not formatted: fix the syntax errors first\n", printable(path));
            failed = true;
            return text; // unchanged, so `ingot fmt - <a >b` never loses the file
        }
        if (*result.text == text) {
            ++unchanged;
            return text;
        }
        if (options.diff) {
            fmt::print("{}", unified_diff(path, text, *result.text, diff_color));
        } else if (options.check) {
            fmt::print("would reformat: {}\n", printable(path));
        } else if (read != nullptr && !rewrite_or_report(*read, *result.text)) {
            io_ok = false;
            ++not_written;
            return text;
        }
        ++changed;
        return *result.text;
    };

    if (from_stdin) {
        const std::string text{std::istreambuf_iterator<char>(std::cin),
                               std::istreambuf_iterator<char>()};
        const std::string formatted = format_one(
            options.stdin_filename.empty() ? "<stdin>" : options.stdin_filename, text, nullptr);
        if (!options.check && !options.diff) {
            // fwrite, not fmt::print (which throws on a short write): flush_stdout reports it.
            std::fwrite(formatted.data(), 1, formatted.size(), stdout);
        }
        if (!flush_stdout()) {
            return exit_usage_or_io;
        }
        return failed || ((options.check || options.diff) && changed > 0) ? exit_findings
                                                                          : exit_clean;
    }

    for (const std::string& path : or_current_folder(options.paths)) {
        std::vector<std::string> files;
        try {
            files = ingot::find_sources(path);
        } catch (const ingot::Error& e) {
            report_error(e.what());
            io_ok = false;
            continue;
        }
        for (const std::string& file : files) {
            try {
                const ingot::SourceVersion read = ingot::read_source_version(file);
                format_one(file, read.text, &read);
            } catch (const ingot::Error& e) {
                report_error(e.what());
                io_ok = false;
            }
        }
    }
    fmt::print(notes, "{} {}, {} already formatted{}\n", plural(changed, "file", "files"),
               options.check || options.diff ? "would be reformatted" : "reformatted", unchanged,
               not_written > 0 ? fmt::format(", {} not written", not_written) : "");
    if (!flush_stdout() || !io_ok) {
        return exit_usage_or_io;
    }
    return failed || ((options.check || options.diff) && changed > 0) ? exit_findings : exit_clean;
}

} // namespace

Command add_fmt_command(CLI::App& app) {
    auto options = std::make_shared<FmtOptions>();
    CLI::App* cmd = app.add_subcommand(
        "fmt", "Rewrite files in the canonical layout, keeping comments; `-` formats stdin to "
               "stdout. Files with syntax errors are left untouched.");
    cmd->add_option("paths", options->paths, "Files or directories (default: .); `-`: stdin")
        ->type_name("PATH");
    CLI::Option* check =
        cmd->add_flag("--check", options->check,
                      "Change nothing; list the files that would change and exit 1 if any");
    cmd->add_flag("--diff", options->diff,
                  "Change nothing; print a unified diff of what would change (diagnostics on "
                  "stderr) and exit 1 if anything would")
        ->excludes(check);
    cmd->add_option("--stdin-filename", options->stdin_filename,
                    "The name standard input goes by in diagnostics and diffs (with `-`)")
        ->type_name("PATH");
    add_color_option(*cmd, options->output);
    cmd->footer(
        "With `-`, standard output gets exactly the formatted text, or the input unchanged when "
        "it has syntax errors (exit 1), so `ingot fmt - <in >out` never loses the file; "
        "diagnostics go to stderr.\n\nExamples:\n"
        "  ingot fmt plans/                   rewrite every *.plan and *.rules under plans/\n"
        "  ingot fmt --check plans/           list the files that are not formatted\n"
        "  ingot fmt --diff plans/            show what would change, as a unified diff\n"
        "  ingot fmt - <a.plan >tidy.plan     format standard input to standard output\n"
        "  ingot fmt --stdin-filename a.plan - <a.plan\n"
        "                                     format a buffer (an editor's); errors name a.plan\n\n"
        "A file keeps its byte order mark and its line ends (CRLF when most are); a symbolic "
        "link stays a link. A read-only file, a file edited while fmt ran, and a file whose "
        "write failed are left as they are and reported.\n\n"
        "Exit codes: 0 nothing to change (or all rewritten), 1 files would change (--check, "
        "--diff) or have syntax errors, 2 usage or I/O errors (a file not written among "
        "them).");

    return {cmd, [options] { return run_fmt(*options); }};
}

} // namespace ingot::cli

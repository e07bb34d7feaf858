// `ingot fmt`: rewrite files in the canonical layout.
#include "cli.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace ingot::cli {

namespace {

namespace fs = std::filesystem;

struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
    OutputOptions output;
};

/// Replaces `path` with `text` atomically: a temporary file in the same folder, flushed to disk,
/// given the original's permissions, then renamed over it. A crash leaves the old or the new file,
/// never a mix.
bool write_atomically(const std::string& path, const std::string& text, std::string& error) {
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (dir / ("." + target.filename().string() + ".ingot-fmt-XXXXXX")).string();
    const int fd = mkstemp(temp.data());
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    bool ok = true;
    std::size_t written = 0;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            ok = false;
        } else {
            written += static_cast<std::size_t>(n);
        }
    }
    struct stat original {};
    if (ok && ::stat(path.c_str(), &original) == 0) {
        ok = ::fchmod(fd, original.st_mode & 07777) == 0;
    }
    ok = ok && ::fsync(fd) == 0;
    if (!ok) {
        error = std::strerror(errno);
    }
    ::close(fd);
    if (ok && std::rename(temp.c_str(), path.c_str()) != 0) {
        error = std::strerror(errno);
        ok = false;
    }
    if (!ok) {
        std::remove(temp.c_str());
    }
    return ok;
}

int run_fmt(const FmtOptions& options) {
    const ingot::RenderOptions render_options{use_color(options.output, stdout), true};
    bool io_ok = true;
    bool failed = false;
    std::size_t changed = 0;
    std::size_t unchanged = 0;

    const auto format_one = [&](const std::string& path, const std::string& text, bool to_stdout) {
        const ingot::FormatResult result = ingot::format_source(path, text, render_options);
        if (!result.text) {
            fmt::print("{}", result.rendered);
            fmt::print("{}: not formatted: fix the syntax errors first\n", path);
            failed = true;
            if (to_stdout) {
                fmt::print("{}", text);
            }
            return;
        }
        if (to_stdout) {
            fmt::print("{}", *result.text);
            return;
        }
        if (*result.text == text) {
            ++unchanged;
            return;
        }
        ++changed;
        if (options.check) {
            fmt::print("would reformat: {}\n", path);
            return;
        }
        std::string error;
        if (!write_atomically(path, *result.text, error)) {
            report_error(fmt::format("cannot write `{}`: {}", path, error));
            io_ok = false;
        }
    };

    if (options.paths.size() == 1 && options.paths[0] == "-") {
        const std::string text{std::istreambuf_iterator<char>(std::cin),
                               std::istreambuf_iterator<char>()};
        format_one("<stdin>", text, true);
        return failed ? exit_findings : exit_clean;
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
                format_one(file, ingot::read_source(file), false);
            } catch (const ingot::Error& e) {
                report_error(e.what());
                io_ok = false;
            }
        }
    }
    fmt::print("{} {}, {} already formatted\n", plural(changed, "file", "files"),
               options.check ? "would be reformatted" : "reformatted", unchanged);
    if (!io_ok) {
        return exit_usage_or_io;
    }
    return failed || (options.check && changed > 0) ? exit_findings : exit_clean;
}

} // namespace

Command add_fmt_command(CLI::App& app) {
    auto options = std::make_shared<FmtOptions>();
    CLI::App* cmd = app.add_subcommand(
        "fmt", "Rewrite files in the canonical layout, keeping comments; `-` formats stdin to "
               "stdout. Files with syntax errors are left untouched.");
    cmd->add_option("paths", options->paths, "Files or directories (default: .)");
    cmd->add_flag("--check", options->check,
                  "Change nothing; list the files that would change and exit 1 if any");
    add_color_option(*cmd, options->output);

    return {cmd, [options] { return run_fmt(*options); }};
}

} // namespace ingot::cli

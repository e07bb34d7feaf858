// The helpers the subcommands share; see cli.hpp.
#include "cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <utility>

namespace ingot::cli {

namespace fs = std::filesystem;

const char* const root_help =
    "Imports must stay inside this folder (default: the current folder, or the folder "
    "holding every PATH when they are outside it)";

void add_color_option(CLI::App& command, OutputOptions& output) {
    command
        .add_option("--color", output.color,
                    "Colour the output: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR "
                    "or CLICOLOR_FORCE force it), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
}

namespace {

bool env_set(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

} // namespace

bool use_color(const OutputOptions& options, FILE* stream) {
    if (options.color == "always") {
        return true;
    }
    if (options.color == "never") {
        return false;
    }
    // https://no-color.org wins over https://force-color.org: an explicit "no" is the safer one.
    if (const char* no_color = std::getenv("NO_COLOR"); no_color != nullptr && *no_color != '\0') {
        return false;
    }
    if (env_set("FORCE_COLOR") || env_set("CLICOLOR_FORCE")) {
        return true;
    }
    const char* term = std::getenv("TERM");
    return isatty(fileno(stream)) && !(term != nullptr && std::string_view(term) == "dumb");
}

void report_error(const std::string& message) {
    fmt::print(stderr, "ingot: error: {}\n", printable(message));
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::vector<std::string> or_current_folder(const std::vector<std::string>& paths) {
    return paths.empty() ? std::vector<std::string>{"."} : paths;
}

namespace {

bool inside(const fs::path& root, const fs::path& path) {
    const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return r == root.end();
}

} // namespace

/// The project root that imports are confined to: `--root` when given; otherwise the current
/// folder when every path is inside it, else the deepest folder holding all the paths.
std::string project_root(const std::string& given, const std::vector<std::string>& paths) {
    if (!given.empty()) {
        return given;
    }
    const fs::path cwd = fs::current_path().lexically_normal();
    std::vector<fs::path> folders;
    for (const std::string& p : paths) {
        std::error_code ec;
        const fs::path abs = fs::absolute(p, ec).lexically_normal();
        folders.push_back(fs::is_directory(abs, ec) ? abs : abs.parent_path());
    }
    if (std::all_of(folders.begin(), folders.end(),
                    [&](const fs::path& f) { return inside(cwd, f); })) {
        return ".";
    }
    fs::path common = folders.front();
    for (const fs::path& f : folders) {
        while (!inside(common, f) && common.has_relative_path()) {
            common = common.parent_path();
        }
    }
    return common.string();
}

bool write_output(const std::string& path, const std::string& text) {
    if (path == "-") {
        // fwrite, not fmt::print (which throws on a short write), and flushed here, so that a
        // full disk or /dev/full is reported as an I/O error, not lost at exit.
        std::fwrite(text.data(), 1, text.size(), stdout);
        if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
            report_error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
            return false;
        }
        return true;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        report_error(fmt::format("cannot write `{}`: {}", path, std::strerror(errno)));
        return false;
    }
    return true;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the table: the transposition looks two rows back.
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_name(std::string_view unknown,
                                        const std::vector<std::string>& known) {
    const std::size_t limit = unknown.size() <= 3 ? 1 : 2;
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const std::string& name : known) {
        const std::size_t d = edit_distance(unknown, name);
        const bool close = d <= limit && (d < unknown.size() || name.starts_with(unknown));
        if (close && d < best_distance) {
            best = name;
            best_distance = d;
        }
    }
    return best;
}

/// Adds every path to the workspace; unreadable ones are reported and make the run fail.
bool add_paths(ingot::Workspace& ws, const std::vector<std::string>& paths) {
    bool ok = true;
    for (const std::string& path : paths) {
        try {
            ws.add_path(path);
        } catch (const ingot::Error& e) {
            report_error(e.what());
            ok = false;
        }
    }
    return ok;
}

} // namespace ingot::cli

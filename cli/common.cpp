// The helpers the subcommands share; see cli.hpp.
#include "cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

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
    fmt::print(stderr, "ingot: error: {}\n", message);
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

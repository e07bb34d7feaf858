// The helpers the subcommands share; see cli.hpp.
#include "cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
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

namespace {

/// Writes all of `text` to `fd`; false (errno set) on failure.
bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

/// Writes `text` to the file `path` so that a reader, or a crash, sees the old file or the
/// whole new one, never a part: a temporary file beside it (a rename does not cross file
/// systems), flushed, then renamed over it. A symbolic link stays a link (the file it resolves
/// to is replaced); the file keeps its permission bits, a new one gets those the umask allows.
/// What is not a regular file (`/dev/null`, a FIFO, a terminal) is written as it is: renaming
/// over it would replace the device. Gives the reason of a failure, or "".
std::string write_atomically(const std::string& path, std::string_view text) {
    std::error_code ec;
    fs::path target = fs::weakly_canonical(path, ec);
    if (ec) {
        target = path;
    }
    struct stat existing {};
    const bool exists = ::stat(target.c_str(), &existing) == 0;
    if (exists && !S_ISREG(existing.st_mode)) {
        if (S_ISDIR(existing.st_mode)) {
            return "it is a folder";
        }
        const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) {
            return std::strerror(errno);
        }
        const bool written = write_all(fd, text);
        const int saved = errno;
        ::close(fd);
        return written ? "" : std::strerror(saved);
    }
    fs::path dir = target.parent_path();
    if (dir.empty()) {
        dir = ".";
    }
    std::string temp =
        (dir / ("." + target.filename().string().substr(0, 200) + ".ingot-XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        return std::strerror(errno);
    }
    const auto fail = [&](int error) {
        ::close(fd);
        ::unlink(temp.c_str());
        return std::string(std::strerror(error));
    };
    mode_t mode = 0;
    if (exists) {
        mode = existing.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    if (!write_all(fd, text) || ::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
        return fail(errno);
    }
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return std::strerror(error);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return std::strerror(error);
    }
    return "";
}

} // namespace

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
    if (const std::string why = write_atomically(path, text); !why.empty()) {
        report_error(fmt::format("cannot write `{}`: {}", path, why));
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

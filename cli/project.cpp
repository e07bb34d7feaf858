// ingot.toml (read with toml++), globs (fnmatch(3) per path segment) and .gitignore (libgit2).
#include "project.hpp"

#include "cli.hpp"

#include <fmt/format.h>
#include <git2.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <set>

namespace ingot::cli {

namespace fs = std::filesystem;

namespace {

std::string where(const std::string& path, const toml::source_region& at) {
    return fmt::format("{}:{}:{}", path, at.begin.line, at.begin.column);
}

[[noreturn]] void fail(const std::string& path, const toml::node& node, const std::string& what) {
    throw ProjectError(fmt::format("{}: {}", where(path, node.source()), what));
}

std::vector<Setting<std::string>> string_list(const std::string& path, const std::string& key,
                                              const toml::node& node) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
        fail(path, node,
             fmt::format("`{}` must be a list of strings, e.g. {} = [\"uncited\"]", key, key));
    }
    std::vector<Setting<std::string>> out;
    for (const toml::node& item : *array) {
        const auto* text = item.as_string();
        if (text == nullptr) {
            fail(path, item, fmt::format("`{}` must hold strings only", key));
        }
        out.push_back({text->get(), item.source().begin.line, item.source().begin.column});
    }
    return out;
}

std::string string_value(const std::string& path, const std::string& key, const toml::node& node) {
    const auto* text = node.as_string();
    if (text == nullptr) {
        fail(path, node, fmt::format("`{}` must be a string", key));
    }
    return text->get();
}

Severity severity_value(const std::string& path, const std::string& key, const toml::node& node) {
    const auto severity = parse_severity(string_value(path, key, node));
    if (!severity) {
        fail(path, node,
             fmt::format("`{}` must be \"error\", \"warning\" or \"info\", not \"{}\"", key,
                         string_value(path, key, node)));
    }
    return *severity;
}

double number_value(const std::string& path, const std::string& key, const toml::node& node,
                    double low, double high) {
    const auto value = node.value<double>(); // an integer converts too
    if (!value || !(*value >= low && *value <= high)) {
        fail(path, node, fmt::format("`{}` must be a number from {} to {}", key, low, high));
    }
    return *value;
}

constexpr std::string_view known_keys =
    "select, ignore, severity, rules, include, exclude, about, plausible-change, digits, baseline, "
    "fail-on";

} // namespace

ProjectFile read_project_file(const std::string& path) {
    std::string text;
    try {
        text = read_source(path, 1u << 20);
    } catch (const Error& e) {
        throw ProjectError(e.what());
    }
    toml::table table;
    try {
        table = toml::parse(text, std::string_view(path));
    } catch (const toml::parse_error& e) {
        throw ProjectError(fmt::format("{}: {}", where(path, e.source()), e.description()));
    }
    ProjectFile project;
    project.path = path;
    const fs::path parent = fs::path(path).parent_path();
    project.root = parent.empty() ? "." : parent.string();
    for (const auto& [key_node, value] : table) {
        const std::string key(key_node.str());
        if (key == "select") {
            project.select = string_list(path, key, value);
        } else if (key == "ignore") {
            project.ignore = string_list(path, key, value);
        } else if (key == "rules") {
            project.rules = string_list(path, key, value);
        } else if (key == "include" || key == "exclude") {
            auto& globs = key == "include" ? project.include : project.exclude;
            for (const auto& glob : string_list(path, key, value)) {
                globs.push_back(glob.value);
            }
        } else if (key == "severity") {
            const toml::table* levels = value.as_table();
            if (levels == nullptr) {
                fail(path, value, "`severity` must be a table: [severity] uncited = \"error\"");
            }
            for (const auto& [id, level] : *levels) {
                project.severity[std::string(id.str())] = {
                    severity_value(path, "severity." + std::string(id.str()), level),
                    id.source().begin.line, id.source().begin.column};
            }
        } else if (key == "about") {
            project.about = number_value(path, key, value, 0, 100);
        } else if (key == "plausible-change") {
            project.plausible_change = number_value(path, key, value, 1, 10000);
        } else if (key == "digits") {
            project.digits = static_cast<int>(number_value(path, key, value, 1, 15));
            if (!value.is_integer()) {
                fail(path, value, "`digits` must be a whole number from 1 to 15");
            }
        } else if (key == "baseline") {
            project.baseline = string_value(path, key, value);
        } else if (key == "fail-on") {
            project.fail_on = severity_value(path, key, value);
        } else {
            throw ProjectError(fmt::format("{}: unknown key `{}`; the keys are {}",
                                           where(path, key_node.source()), key, known_keys));
        }
    }
    return project;
}

std::string find_project_file(const std::vector<std::string>& paths) {
    if (paths.empty()) {
        return "";
    }
    std::error_code ec;
    fs::path folder = fs::absolute(paths.front(), ec).lexically_normal();
    if (!fs::is_directory(folder, ec)) {
        folder = folder.parent_path();
    }
    for (;;) {
        const fs::path candidate = folder / "ingot.toml";
        if (fs::is_regular_file(candidate, ec)) {
            // Shown relative to the current folder when it is inside it, as paths are.
            const fs::path relative = candidate.lexically_relative(fs::current_path(ec));
            return !relative.empty() && *relative.begin() != ".." ? relative.string()
                                                                  : candidate.string();
        }
        if (!folder.has_relative_path()) {
            return "";
        }
        folder = folder.parent_path();
    }
}

ProjectSettings project_settings(const std::vector<std::string>& paths, const std::string& root,
                                 std::optional<int> digits) {
    ProjectSettings settings;
    if (const std::string file = find_project_file(paths); !file.empty()) {
        settings.project = read_project_file(file);
    }
    settings.root = !root.empty()                    ? root
                    : !settings.project.path.empty() ? settings.project.root
                                                     : project_root("", paths);
    settings.analyze = project_analyze_options(settings.project);
    settings.digits = digits.value_or(settings.project.digits.value_or(3));
    settings.analyze.digits = settings.digits;
    return settings;
}

AnalyzeOptions project_analyze_options(const ProjectFile& project) {
    AnalyzeOptions analyze;
    analyze.about_tolerance = project.about.value_or(10) / 100;
    analyze.plausible_change = project.plausible_change.value_or(50) / 100;
    analyze.digits = project.digits.value_or(3);
    if (project.select) {
        analyze.select.emplace();
        for (const auto& s : *project.select) {
            analyze.select->push_back(s.value);
        }
    }
    for (const auto& s : project.ignore) {
        analyze.ignore.push_back(s.value);
    }
    for (const auto& [id, s] : project.severity) {
        analyze.severity[id] = s.value;
    }
    return analyze;
}

bool is_glob(const std::string& argument) {
    return argument.find_first_of("*?[") != std::string::npos;
}

namespace {

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string::npos ? path.size() : slash;
        if (end > start) {
            out.push_back(path.substr(start, end - start));
        }
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    return out;
}

/// Whether pattern segments [p…] match path segments [s…] entirely.
bool match_segments(const std::vector<std::string>& pattern, std::size_t p,
                    const std::vector<std::string>& path, std::size_t s) {
    if (p == pattern.size()) {
        return s == path.size();
    }
    if (pattern[p] == "**") {
        for (std::size_t skip = s; skip <= path.size(); ++skip) {
            if (match_segments(pattern, p + 1, path, skip)) {
                return true;
            }
        }
        return false;
    }
    return s < path.size() && fnmatch(pattern[p].c_str(), path[s].c_str(), FNM_PERIOD) == 0 &&
           match_segments(pattern, p + 1, path, s + 1);
}

} // namespace

bool glob_match(const std::string& pattern, const std::string& path) {
    std::string anchored = pattern;
    if (anchored.rfind("./", 0) == 0) {
        anchored.erase(0, 2);
    }
    while (!anchored.empty() && anchored.back() == '/') {
        anchored.pop_back();
    }
    // Like .gitignore: a pattern without a slash matches a name at any depth.
    if (anchored.find('/') == std::string::npos) {
        anchored = "**/" + anchored;
    }
    const auto pattern_segments = segments(anchored);
    const auto path_segments = segments(path);
    // A pattern that matches a folder matches everything in it.
    for (std::size_t n = 1; n <= path_segments.size(); ++n) {
        const std::vector<std::string> prefix(path_segments.begin(),
                                              path_segments.begin() + static_cast<long>(n));
        if (match_segments(pattern_segments, 0, prefix, 0)) {
            return true;
        }
    }
    return false;
}

struct FileFilter::Git {
    git_repository* repo = nullptr;
    fs::path workdir;
};

FileFilter::FileFilter(const ProjectFile& project, std::string root)
    : include_(project.include), exclude_(project.exclude), root_(std::move(root)) {}

const FileFilter::Git* FileFilter::git() const {
    if (git_opened_) {
        return git_;
    }
    git_opened_ = true;
    git_libgit2_init();
    git_repository* repo = nullptr;
    std::error_code ec;
    const fs::path absolute = fs::absolute(root_, ec);
    if (git_repository_open_ext(&repo, absolute.c_str(), 0, nullptr) == 0) {
        if (const char* workdir = git_repository_workdir(repo)) {
            git_ = new Git{repo, fs::path(workdir).lexically_normal()};
        } else {
            git_repository_free(repo); // a bare repository has nothing to ignore
        }
    }
    return git_;
}

FileFilter::~FileFilter() {
    if (git_ != nullptr) {
        git_repository_free(git_->repo);
        delete git_;
    }
    if (git_opened_) {
        git_libgit2_shutdown();
    }
}

std::string FileFilter::relative(const std::string& path) const {
    std::error_code ec;
    return fs::absolute(path, ec)
        .lexically_normal()
        .lexically_relative(fs::absolute(root_, ec).lexically_normal())
        .generic_string();
}

bool FileFilter::excluded(const std::string& path) const {
    const std::string rel = relative(path);
    if (!include_.empty() && std::none_of(include_.begin(), include_.end(),
                                          [&](const auto& g) { return glob_match(g, rel); })) {
        return true;
    }
    if (std::any_of(exclude_.begin(), exclude_.end(),
                    [&](const auto& g) { return glob_match(g, rel); })) {
        return true;
    }
    if (const Git* git = this->git()) {
        std::error_code ec;
        const std::string in_repo = fs::absolute(path, ec)
                                        .lexically_normal()
                                        .lexically_relative(git->workdir)
                                        .generic_string();
        int ignored = 0;
        if (!in_repo.empty() && in_repo.rfind("..", 0) != 0 &&
            git_ignore_path_is_ignored(&ignored, git->repo, in_repo.c_str()) == 0 && ignored == 1) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> FileFilter::files_under(const std::string& folder) const {
    std::vector<std::string> out;
    for (const std::string& file : find_sources(folder)) {
        if (!excluded(file)) {
            out.push_back(file);
        }
    }
    return out;
}

std::vector<std::string> FileFilter::files_matching(const std::string& glob) const {
    std::vector<std::string> out;
    const std::string pattern = relative(glob);
    for (const std::string& file : files_under(root_)) {
        if (glob_match(pattern, relative(file))) {
            out.push_back(file);
        }
    }
    return out;
}

std::string shown_path(const std::string& path) {
    std::error_code ec;
    const fs::path normal = fs::path(path).lexically_normal();
    if (normal.is_absolute()) {
        const fs::path relative = normal.lexically_relative(fs::current_path(ec));
        if (!relative.empty() && *relative.begin() != "..") {
            return relative.string();
        }
    }
    return normal.string();
}

Targets find_targets(const std::vector<std::string>& arguments, const FileFilter& filter,
                     bool force_exclude) {
    Targets targets;
    std::set<std::string> seen;
    const auto add = [&](const std::string& file) {
        const std::string shown = shown_path(file);
        if (seen.insert(shown).second) {
            targets.files.push_back(shown);
        }
    };
    for (const std::string& argument : arguments) {
        std::error_code ec;
        if (argument == "-") {
            targets.from_stdin = true;
            continue;
        }
        if (is_glob(argument) && !fs::exists(argument, ec)) {
            const auto matched = filter.files_matching(argument);
            if (matched.empty()) {
                report_error(fmt::format("no *.plan or *.rules file matches `{}`", argument));
                targets.io_ok = false;
            }
            std::for_each(matched.begin(), matched.end(), add);
            continue;
        }
        try {
            if (fs::is_directory(argument, ec)) {
                const auto found = filter.files_under(argument);
                std::for_each(found.begin(), found.end(), add);
            } else if (!force_exclude || !filter.excluded(argument)) {
                // A file named on the command line is checked even if a glob excludes it
                // (unless --force-exclude): naming it is asking for it.
                find_sources(argument); // throws when it does not exist
                add(argument);
            }
        } catch (const Error& e) {
            report_error(e.what());
            targets.io_ok = false;
        }
    }
    return targets;
}

bool add_project_context(Workspace& ws, const ProjectFile& project, const FileFilter& filter,
                         const std::set<std::string>& reported) {
    if (project.path.empty()) {
        return true;
    }
    try {
        for (const std::string& file : filter.files_under(filter.root())) {
            const std::string shown = shown_path(file);
            if (!reported.contains(shown)) {
                try {
                    ws.set_source(shown, read_source(file));
                } catch (const Error&) {
                }
            }
        }
    } catch (const Error& e) {
        report_error(e.what());
        return false;
    }
    return true;
}

FilesAnalysis analyse_files(const std::vector<std::string>& paths, const std::string& root,
                            std::optional<int> digits, bool implied) {
    FilesAnalysis out;
    try {
        out.settings = project_settings(paths, root, digits);
    } catch (const ProjectError& e) {
        report_error(e.what());
        out.exit_code = exit_usage_or_io;
        return out;
    }
    const ProjectFile& project = out.settings.project;
    const FileFilter filter(project, out.settings.root);
    const Targets targets = find_targets(paths, filter, false);
    if (targets.from_stdin) {
        report_error("standard input (`-`) cannot be read here: name the files");
        out.exit_code = exit_usage_or_io;
        return out;
    }
    if (!targets.io_ok) {
        out.exit_code = exit_usage_or_io;
        return out;
    }
    Workspace ws(Engine(), out.settings.root);
    const std::set<std::string> reported(targets.files.begin(), targets.files.end());
    if (!add_project_context(ws, project, filter, reported)) {
        out.exit_code = exit_usage_or_io;
        return out;
    }
    for (const std::string& file : targets.files) {
        try {
            ws.set_source(file, read_source(file));
            out.files.push_back(file);
        } catch (const Error& e) {
            report_error(e.what());
            out.exit_code = exit_usage_or_io;
            return out;
        }
    }
    AnalyzeOptions analyze = out.settings.analyze;
    analyze.threads = 0;
    analyze.implied = analyze.implied || implied;
    for (const auto& r : project.rules) {
        const std::string rulebook = shown_path((fs::path(out.settings.root) / r.value).string());
        try {
            if (!reported.contains(rulebook)) {
                ws.set_source(rulebook, read_source(rulebook));
            }
            analyze.rulebooks.push_back(rulebook);
        } catch (const Error& e) {
            report_error(e.what());
            out.exit_code = exit_usage_or_io;
            return out;
        }
    }
    out.analysis.emplace(ws.analyze(analyze));
    return out;
}

int report_file_errors(const Analysis& analysis, const std::vector<std::string>& files,
                       bool color) {
    std::set<std::string> wanted(files.begin(), files.end());
    for (std::vector<std::string> pending(files.begin(), files.end()); !pending.empty();) {
        const std::string file = pending.back();
        pending.pop_back();
        for (const std::string& imported : analysis.imports(file)) {
            if (wanted.insert(imported).second) {
                pending.push_back(imported);
            }
        }
    }
    int code = exit_clean;
    for (const Diagnostic& d : analysis.diagnostics()) {
        if (d.severity != Severity::error ||
            !(d.primary.span.path.empty() || wanted.contains(d.primary.span.path))) {
            continue;
        }
        fmt::print(stderr, "{}", analysis.render(d, {color, true}));
        code = d.id == "syntax" ? exit_usage_or_io : std::max(code, exit_findings);
    }
    return code;
}

} // namespace ingot::cli

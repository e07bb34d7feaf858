// The project: its root, its settings (`ingot.toml`), and which files belong to it.
//
// A project file is found by walking up from the checked paths (or given with `--config`); the
// folder holding it is the project root. Without one, the root is the folder the paths share (or
// the current folder) and the project is just the paths given. Settings are validated when read:
// an unknown key or a bad value is an error naming the file, line and column.
#pragma once

#include <ingot/ingot.hpp>

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace ingot::cli {

/// A value read from the project file, with where it was written (for later errors).
template <typename T>
struct Setting {
    T value;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

struct ProjectFile {
    std::string path; // the ingot.toml read; "" when there is none
    std::string root; // the folder holding it

    std::optional<std::vector<Setting<std::string>>> select;
    std::vector<Setting<std::string>> ignore;
    std::map<std::string, Setting<Severity>> severity;
    std::vector<Setting<std::string>> rules; // relative to the root
    std::vector<std::string> include;        // globs, relative to the root
    std::vector<std::string> exclude;
    std::optional<double> about;            // % of a figure's value
    std::optional<double> plausible_change; // %/yr
    std::optional<int> digits;
    std::optional<std::string> baseline; // relative to the root
    std::optional<Severity> fail_on;
};

/// A mistake in the project file (or in finding one): `PATH:LINE:COL: message`.
class ProjectError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Reads the project file `path`. Throws ProjectError.
ProjectFile read_project_file(const std::string& path);

/// The ingot.toml in the folder of the first path or the nearest folder above it, or "" when
/// there is none.
std::string find_project_file(const std::vector<std::string>& paths);

/// What commands other than `check` take from the project: the project file found from `paths`
/// (none when there is none), the root (`--root`, else the project file's folder, else as
/// project_root()), and the `about` and `digits` settings. Throws ProjectError.
struct ProjectSettings {
    ProjectFile project;
    std::string root;
    AnalyzeOptions analyze; // about_tolerance
    int digits = 3;
};
ProjectSettings project_settings(const std::vector<std::string>& paths, const std::string& root,
                                 std::optional<int> digits);

/// The analysis options `project` sets: `about`, `select`, `ignore` and `severity` (the
/// defaults where it sets nothing). `ingot check` puts its command line on top; `ingot lsp`
/// uses them as they are.
AnalyzeOptions project_analyze_options(const ProjectFile& project);

/// Whether `path` (relative to the root, `/`-separated) matches the glob `pattern`: `*` and `?`
/// within one path segment, `[…]` classes, `**` any number of segments. A pattern without a `/`
/// matches the file name at any depth; one that matches a folder matches everything in it.
bool glob_match(const std::string& pattern, const std::string& path);

/// Whether a path argument is a glob rather than a file name.
bool is_glob(const std::string& argument);

/// Which files of a folder tree belong to the project: `*.plan` and `*.rules` files, not in
/// hidden folders, not ignored by the repository's .gitignore files (when the root is in a git
/// work tree), matching an include glob (when any) and no exclude glob.
class FileFilter {
public:
    FileFilter(const ProjectFile& project, std::string root);
    ~FileFilter();
    FileFilter(const FileFilter&) = delete;
    FileFilter& operator=(const FileFilter&) = delete;

    /// The folder the filter's globs are relative to.
    const std::string& root() const { return root_; }
    /// Whether `path` (as found under the root) is excluded by the globs or by git.
    bool excluded(const std::string& path) const;
    /// Every project file under `folder` (sorted), or those matching `glob` under the root.
    std::vector<std::string> files_under(const std::string& folder) const;
    std::vector<std::string> files_matching(const std::string& glob) const;

private:
    std::string relative(const std::string& path) const;
    struct Git;
    /// The repository holding the root, opened on first use: starting libgit2 loads the TLS
    /// certificates (about 50 M instructions, 5x the rest of a small check), so a run that never
    /// asks whether a file is ignored never starts it. Null when there is no repository.
    const Git* git() const;
    std::vector<std::string> include_;
    std::vector<std::string> exclude_;
    std::string root_;
    mutable Git* git_ = nullptr;
    mutable bool git_opened_ = false;
};

/// `path` as a run shows it: relative to the current folder when inside it, normalised.
std::string shown_path(const std::string& path);

/// The files a run reports on, found from its arguments.
struct Targets {
    std::vector<std::string> files; // shown paths, in argument order, each once
    bool from_stdin = false;        // `-` was among the arguments
    bool io_ok = true;              // false: an argument could not be read (already reported)
};

/// The files that `arguments` name: files as they are (unless `force_exclude` and the filter
/// excludes them), the project files under folders, and the project files globs match. A missing
/// file, or a glob that matches nothing, is reported and makes io_ok false.
Targets find_targets(const std::vector<std::string>& arguments, const FileFilter& filter,
                     bool force_exclude);

/// Adds the project's other files to `ws` as context: a run given some files of a project (a
/// partial `check`, `compare plans/*-2025.plan`) sees the whole project — its series, imports
/// and predecessors work as in a full run — while only the files `reported` are reported on.
/// Nothing without a project file (`project.path` empty). A context file that cannot be read is
/// left out silently; a folder that cannot be listed is reported and gives false.
bool add_project_context(Workspace& ws, const ProjectFile& project, const FileFilter& filter,
                         const std::set<std::string>& reported);

/// The analysis behind the commands that read a project's figures (`compare`, `export`,
/// `report`): the files `paths` name (files, folders, globs) with the project's other files as
/// context (add_project_context) and the project's rulebooks, analysed with its settings
/// (`implied`: with the `implied` findings too, as `check --implied`).
struct FilesAnalysis {
    ProjectSettings settings;
    std::vector<std::string> files; // the files given, as shown
    std::optional<Analysis> analysis;
    int exit_code = 0; // when `analysis` is empty: why (the error is reported)
};
FilesAnalysis analyse_files(const std::vector<std::string>& paths, const std::string& root,
                            std::optional<int> digits, bool implied = false);

/// What the errors of `files` (and what they import) mean for a command that prints what the
/// figures give: each error is printed to stderr in the compiler style (`color`: with colour);
/// 2 when one is a syntax error (a plan that does not parse is missing from the output), 1 for
/// other errors (the output stands, but is of files with errors), 0 without errors. Warnings
/// and infos are `ingot check`'s to report.
int report_file_errors(const Analysis& analysis, const std::vector<std::string>& files, bool color);

} // namespace ingot::cli

// Helpers shared by the tests.
#pragma once

#include "lang/diagnostic.hpp"
#include "lang/parser.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ingot::test {

inline const std::filesystem::path source_dir{INGOT_SOURCE_DIR};

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// A parsed in-memory file together with the SourceMap it lives in.
struct Parsed {
    lang::SourceMap sources;
    lang::FileId id = 0;
    lang::ParseResult result;

    /// First lines (`PATH:LINE:COL: SEVERITY[ID]: message`) of all diagnostics.
    std::vector<std::string> headlines() const {
        std::vector<std::string> out;
        for (const auto& d : result.diagnostics) {
            out.push_back(lang::headline(d, sources));
        }
        return out;
    }
};

inline Parsed parse(std::string text, std::string path = "test.plan") {
    Parsed p;
    p.id = p.sources.add(std::move(path), std::move(text));
    p.result = lang::parse_file(p.sources, p.id);
    return p;
}

/// Every *.plan and *.rules file under the given folders of the source tree, sorted.
inline std::vector<std::filesystem::path> files_under(std::initializer_list<const char*> dirs) {
    std::vector<std::filesystem::path> out;
    for (const char* dir : dirs) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir / dir)) {
            const auto ext = entry.path().extension();
            if (entry.is_regular_file() && (ext == ".plan" || ext == ".rules")) {
                out.push_back(entry.path());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// A fresh temporary folder, removed with everything in it when the test ends.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    /// Writes `text` to `relative` (creating folders), returning the file's full path.
    std::string write(const std::string& relative, const std::string& text) const;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// The first lines of a list of diagnostics, with the folder `dir` (and its `/`) taken off the
/// front of paths, so expectations do not depend on where a temporary folder was made.
std::vector<std::string> relative_headlines(const std::vector<lang::Diagnostic>& diagnostics,
                                            const lang::SourceMap& sources,
                                            const std::filesystem::path& dir);

/// Runs the `ingot` program with arguments (a shell fragment) in `dir`; returns exit code and
/// captures stdout and stderr.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
RunResult run_ingot(const std::string& args, const std::filesystem::path& dir = source_dir,
                    const std::string& stdin_text = "");

} // namespace ingot::test

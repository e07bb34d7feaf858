// Helpers for the API tests, in standard C++ only: the API tests see Ingot as a host does,
// through <ingot/ingot.hpp>, and nothing of lang/ or runtime/.
#pragma once

#include <ingot/ingot.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace api_test {

namespace fs = std::filesystem;

/// The source tree (tests/CMakeLists.txt defines INGOT_SOURCE_DIR).
inline const fs::path source_dir{INGOT_SOURCE_DIR};
inline const fs::path plans_dir = source_dir / "plans";

/// Every built-in check id, in the registry's (pipeline) order.
inline const std::vector<std::string> builtin_ids = {"syntax",
                                                     "import",
                                                     "limit",
                                                     "number-range",
                                                     "unknown-name",
                                                     "duplicate-name",
                                                     "missing-predecessor",
                                                     "predecessor-cycle",
                                                     "scope-count",
                                                     "empty-focus",
                                                     "uncited",
                                                     "unused-source",
                                                     "outside-period",
                                                     "unit-mismatch",
                                                     "rate-vs-level",
                                                     "contradiction",
                                                     "rounding",
                                                     "implied",
                                                     "implausible-change",
                                                     "negative-level",
                                                     "unused-baseline",
                                                     "off-track",
                                                     "on-track",
                                                     "share-range",
                                                     "changed-target",
                                                     "invalid-rule",
                                                     "bad-allow",
                                                     "unused-allow"};

/// The lines of `text`, without their line breaks.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

inline std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// A fresh temporary folder, removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "ingot-api-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("cannot create a temporary folder");
        }
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    /// Writes `text` to `relative` (creating folders); returns the file's full path.
    std::string write(const std::string& relative, const std::string& text) const {
        const fs::path file = path_ / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
        return file.string();
    }
    std::string operator/(const std::string& relative) const { return (path_ / relative).string(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

/// What identifies a finding: id, path, line, column and message.
using Finding = std::tuple<std::string, std::string, std::uint32_t, std::uint32_t, std::string>;

inline std::vector<Finding> findings(const std::vector<ingot::Diagnostic>& diagnostics) {
    std::vector<Finding> out;
    for (const ingot::Diagnostic& d : diagnostics) {
        out.emplace_back(d.id, d.primary.span.path, d.primary.span.begin.line,
                         d.primary.span.begin.column, d.message);
    }
    return out;
}

/// The first lines of rendered diagnostics: `PATH:LINE:COL: SEVERITY[ID]: message`.
inline std::vector<std::string> headlines(const ingot::Analysis& analysis) {
    std::vector<std::string> out;
    for (const ingot::Diagnostic& d : analysis.diagnostics()) {
        const std::string text = analysis.render(d);
        out.push_back(text.substr(0, text.find('\n')));
    }
    return out;
}

/// The shipped plans under the paths the CLI uses from the source tree (`plans/…`), as
/// in-memory sources, so that the results do not depend on the current folder.
inline ingot::Workspace shipped_plans(const ingot::Engine& engine) {
    ingot::Workspace ws(engine, plans_dir.string());
    for (const std::string& file : ingot::find_sources(plans_dir.string())) {
        ws.set_source(fs::relative(file, source_dir).string(), ingot::read_source(file));
    }
    return ws;
}

} // namespace api_test

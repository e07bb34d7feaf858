// The default import resolver: imports confined to a root folder.
//
// A refused import is refused before the file is opened, and the refusal names only the path as
// written and the root, so nothing of a file outside the root (an /etc/passwd, a
// /proc/self/environ) can reach a diagnostic or a CI log.
#include "runtime/sources.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace ingot {

namespace fs = std::filesystem;

namespace {

/// Whether `path` is `root` or below it; both absolute and normal.
bool inside(const fs::path& root, const fs::path& path) {
    const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return r == root.end();
}

fs::path absolute_normal(const fs::path& p) {
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec);
    return (ec ? p : abs).lexically_normal();
}

} // namespace

ImportResolver confined_resolver(const std::string& root, std::size_t max_bytes) {
    std::error_code ec;
    fs::path real_root = fs::weakly_canonical(absolute_normal(root), ec);
    if (ec) {
        real_root = absolute_normal(root);
    }
    const fs::path written_root = absolute_normal(root);
    return [real_root, written_root, max_bytes](const ImportRequest& request) -> ImportResult {
        ImportResult out;
        const fs::path written(request.path);
        if (written.is_absolute()) {
            out.error = "an import path must be relative to the importing file; absolute paths "
                        "are refused";
            return out;
        }
        const fs::path relative =
            (fs::path(request.importer).parent_path() / written).lexically_normal();
        const fs::path candidate = absolute_normal(relative);
        if (!inside(written_root, candidate) && !inside(real_root, candidate)) {
            out.error = "it leaves the project root, so it is refused";
            return out;
        }
        // Symlinks are followed only when where they lead is inside the root too.
        std::error_code real_ec;
        const fs::path real = fs::weakly_canonical(candidate, real_ec);
        if (real_ec || !inside(real_root, real)) {
            out.error = "it leads outside the project root (through a symbolic link), so it is "
                        "refused";
            return out;
        }
        runtime::ReadResult read = runtime::read_source(real.string(), max_bytes);
        if (read.status != runtime::ReadStatus::ok) {
            out.error = read.error;
            out.over_limit = read.status == runtime::ReadStatus::too_large;
            return out;
        }
        out.path = relative.string();
        out.text = std::move(read.text);
        return out;
    };
}

} // namespace ingot

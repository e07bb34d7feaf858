// Loading: paths → source files → ASTs, following imports.
//
// A Workspace owns everything later stages point into: the SourceMap, every parsed file, and the
// diagnostics found so far. Files are loaded once each, however often they are named or imported.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"

#include <deque>
#include <string>
#include <vector>

namespace ingot::runtime {

/// A file that could not be read, or a path that names nothing. Exit code 2 territory.
struct IoError {
    std::string path;
    std::string message;
};

struct LoadedFile {
    lang::File ast;
    std::string key; // canonical absolute path: one LoadedFile per key
    bool is_prelude = false;
    bool is_global = false;            // seen by every file: the prelude and `--rules` rulebooks
    std::vector<lang::FileId> imports; // files this one imports directly
};

struct LoadOptions {
    /// Files larger than this are refused with an I/O error rather than read.
    std::size_t max_file_bytes = 16u << 20;
};

class Workspace {
public:
    lang::SourceMap sources;
    std::deque<LoadedFile> files; // index = FileId; deque keeps references stable
    std::vector<lang::Diagnostic> diagnostics;
    std::vector<IoError> io_errors;

    const LoadedFile& file(lang::FileId id) const { return files.at(id); }
    /// The files whose declarations `id` can see: itself, its imports transitively, and the
    /// global files (the prelude, `--rules` rulebooks) with their imports.
    std::vector<lang::FileId> visible_files(lang::FileId id) const;
};

/// Expands directories (recursively, `*.plan` and `*.rules`, sorted, skipping hidden entries)
/// and returns the files to load. Paths that do not exist become IoErrors.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<IoError>& io_errors);

/// Reads a whole file. Returns false and sets `error` (a sentence) when it cannot.
bool read_file(const std::string& path, std::string& text, std::string& error,
               std::size_t max_bytes = 16u << 20);

/// Loads the prelude, the global rulebooks and every given file (files, not directories: see
/// expand_paths), parsing each and following imports. Syntax errors become diagnostics;
/// unreadable files IoErrors; an import that cannot be read is an `import` diagnostic at the
/// import. Global rulebooks are visible to every file, as the prelude is.
Workspace load_workspace(const std::vector<std::string>& files, const LoadOptions& options = {},
                         const std::vector<std::string>& global_rulebooks = {});

} // namespace ingot::runtime

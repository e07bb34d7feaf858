// Loading: source texts → parsed files, following imports.
//
// A Workspace owns everything later stages point into: the SourceMap and every parsed file.
// Sources arrive as texts (the public Workspace read them, or a host set them); imports are
// found among those texts first, then asked of the import resolver, which alone touches the
// file system. Every file is loaded once, however often it is named or imported.
#pragma once

#include "ingot/ingot.hpp"
#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"
#include "lang/parser.hpp"

#include <deque>
#include <string>
#include <vector>

namespace ingot::runtime {

/// A source to load: the path it is known by, and its text. `over_limit` marks a file the host
/// refused to read because it is larger than the source limit: it loads as an empty file with a
/// `limit` diagnostic.
struct SourceText {
    std::string path;
    std::string text;
    bool over_limit = false;
};

struct LoadedFile {
    lang::File ast;
    std::string key; // the path it is known by: one LoadedFile per key
    bool is_prelude = false;
    bool is_global = false;            // seen by every file: the prelude and `--rules` rulebooks
    bool is_root = false;              // given to the analysis, not only imported
    std::vector<lang::FileId> imports; // files this one imports directly
};

struct LoadOptions {
    Limits limits;
    /// Resolves imports that are not among the given sources; null refuses them all.
    ImportResolver resolver;
    /// The prelude's text: the built-in metrics and the host's.
    std::string prelude;
    /// Threads parsing the given sources (0: one per core); the result does not depend on it.
    unsigned threads = 1;
};

/// The files of one analysis, and what loading them found.
class Workspace {
public:
    lang::SourceMap sources;
    std::deque<LoadedFile> files; // index = FileId; deque keeps references stable
    /// Syntax, import and limit findings of loading.
    std::vector<lang::Diagnostic> diagnostics;

    const LoadedFile& file(lang::FileId id) const { return files.at(id); }
    /// The one answer to "what can file `id` see": itself, its imports transitively, and the
    /// global files (the prelude, `--rules` rulebooks) with their imports. Sorted by id.
    const std::vector<lang::FileId>& visible_files(lang::FileId id) const;
    /// Whether a declaration in file `declared_in` is visible from file `from`.
    bool sees(lang::FileId from, lang::FileId declared_in) const;

    /// The files in the order a depth-first load meets them: the prelude, the rulebooks, then
    /// each given source followed by what it imports, first import first. File ids are handed
    /// out differently — the given sources in the order given, so that they can be parsed at
    /// once — so whatever is ordered by file (the model, figures, files()) follows this order.
    const std::vector<lang::FileId>& load_order() const { return load_order_; }
    /// The position of file `id` in load_order().
    std::size_t load_rank(lang::FileId id) const { return load_rank_.at(id); }

    /// Computes every file's visible set and the load order; load_workspace calls it once all
    /// files are loaded, starting the depth-first walk at `starts` (after the prelude).
    void index_files(const std::vector<lang::FileId>& starts);

private:
    void index_visibility();

    std::vector<std::vector<lang::FileId>> visible_; // per file, sorted
    std::vector<lang::FileId> load_order_;
    std::vector<std::size_t> load_rank_; // per file
};

/// Loads the prelude, the global rulebooks (with their imports), then every source: the
/// sources get their file ids in the order given, and the files they import that are not among
/// them come after. Parses each file. Syntax errors, refused imports and reached limits become
/// diagnostics.
Workspace load_workspace(const std::vector<SourceText>& sources,
                         const std::vector<SourceText>& global_rulebooks,
                         const LoadOptions& options);

/// The parse options that carry the engine's limits.
lang::ParseOptions parse_options(const Limits& limits);

} // namespace ingot::runtime

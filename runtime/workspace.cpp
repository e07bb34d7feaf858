#include "runtime/workspace.hpp"

#include "runtime/parallel.hpp"
#include "runtime/registry.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

namespace ingot::runtime {

namespace fs = std::filesystem;

namespace {

std::string normal_path(const std::string& path) {
    return fs::path(path).lexically_normal().string();
}

class Loader {
public:
    Loader(Workspace& ws, const std::vector<SourceText>& sources, const LoadOptions& options)
        : ws_(ws), options_(options) {
        for (const SourceText& s : sources) {
            given_.emplace(normal_path(s.path), &s);
        }
    }

    void load_prelude() {
        const lang::FileId id = ws_.sources.add("<prelude>", options_.prelude);
        add_parsed(id, "<prelude>", true);
    }

    /// Loads a given source unless loaded already; returns its id, or nullopt past the file
    /// limit (then reported once).
    std::optional<lang::FileId> load_given(const SourceText& source) {
        const std::string key = normal_path(source.path);
        if (const auto it = by_key_.find(key); it != by_key_.end()) {
            return it->second;
        }
        if (!room_for_another(std::nullopt)) {
            return std::nullopt;
        }
        const lang::FileId id = add_source(key, source);
        add_parsed(id, key, false);
        follow_imports(id);
        return id;
    }

    /// Loads the sources given to the analysis: each gets its id in the order given (after the
    /// prelude and the rulebooks), all are parsed — on up to `threads` threads, each file into
    /// its own slot — and then their imports are followed in that order. Returns the ids.
    std::vector<lang::FileId> load_roots(const std::vector<SourceText>& sources, unsigned threads) {
        struct Pending {
            lang::FileId id;
            std::string key;
            lang::ParseResult parsed;
        };
        std::vector<lang::FileId> ids;
        std::vector<Pending> pending;
        for (const SourceText& source : sources) {
            std::string key = normal_path(source.path);
            if (const auto it = by_key_.find(key); it != by_key_.end()) {
                ids.push_back(it->second);
                continue;
            }
            if (!room_for_another(std::nullopt)) {
                break;
            }
            const lang::FileId id = add_source(key, source);
            by_key_.emplace(key, id);
            ids.push_back(id);
            pending.push_back({id, std::move(key), {}});
            ws_.files.emplace_back(); // its slot: file ids index `files`
        }
        parallel_for(pending.size(), threads, [&](std::size_t i) {
            pending[i].parsed =
                lang::parse_file(ws_.sources, pending[i].id, parse_options(options_.limits));
        });
        for (Pending& p : pending) {
            store_parsed(p.id, std::move(p.key), std::move(p.parsed), false);
        }
        for (const Pending& p : pending) {
            follow_imports(p.id);
        }
        return ids;
    }

private:
    /// Adds a given source's text to the source map; a source over the size limit is added
    /// empty, with a `limit` finding.
    lang::FileId add_source(const std::string& key, const SourceText& source) {
        // Buffers from a host are held to the limit as files read from disk are.
        const bool over_limit =
            source.over_limit || source.text.size() > options_.limits.max_source_bytes;
        const lang::FileId id = ws_.sources.add(key, over_limit ? std::string() : source.text);
        if (over_limit) {
            ws_.diagnostics.push_back(lang::make_diagnostic(
                Severity::error, check::limit,
                fmt::format("the file is larger than the source size limit of {} bytes, so it "
                            "was not read",
                            options_.limits.max_source_bytes),
                {id, 0, 0}));
        }
        return id;
    }

    bool room_for_another(std::optional<lang::SourceSpan> at) {
        // The prelude does not count.
        if (ws_.files.size() < options_.limits.max_files + 1) {
            return true;
        }
        if (!limit_reported_) {
            limit_reported_ = true;
            const std::size_t limit = options_.limits.max_files;
            lang::Diagnostic d = lang::make_diagnostic(
                Severity::error, check::limit,
                fmt::format("this analysis reached the limit of {} {}; the rest were not loaded",
                            limit, limit == 1 ? "file" : "files"),
                at.value_or(lang::SourceSpan{lang::no_file, 0, 0}), "not loaded");
            d.help = "check fewer files at once, or raise the limit (Limits::max_files)";
            ws_.diagnostics.push_back(std::move(d));
        }
        return false;
    }

    void add_parsed(lang::FileId id, std::string key, bool is_prelude) {
        by_key_.emplace(key, id);
        ws_.files.emplace_back();
        store_parsed(id, std::move(key),
                     lang::parse_file(ws_.sources, id, parse_options(options_.limits)), is_prelude);
    }

    /// Fills the slot of file `id` (already in `files`) with its parse.
    void store_parsed(lang::FileId id, std::string key, lang::ParseResult parsed, bool is_prelude) {
        for (auto& d : parsed.diagnostics) {
            ws_.diagnostics.push_back(std::move(d));
        }
        LoadedFile& file = ws_.files[id];
        file.ast = std::move(parsed.file);
        file.key = std::move(key);
        file.is_prelude = is_prelude;
        file.is_global = is_prelude;
    }

    void follow_imports(lang::FileId id) {
        // Copy what is needed first: loading more files grows `ws_.files`.
        std::vector<std::pair<std::string, lang::SourceSpan>> imports;
        for (const lang::Item& item : ws_.files[id].ast.items) {
            if (const auto* imp = std::get_if<lang::ImportDecl>(&item)) {
                imports.emplace_back(imp->path.value, imp->path.span);
            }
        }
        const std::string importer = ws_.sources.file(id).path();
        for (const auto& [written, span] : imports) {
            if (const auto imported = load_import(importer, written, span)) {
                ws_.files[id].imports.push_back(*imported);
            }
        }
    }

    std::optional<lang::FileId> load_import(const std::string& importer, const std::string& written,
                                            lang::SourceSpan span) {
        // A source the host gave (an editor's buffer) wins over the file system.
        if (!fs::path(written).is_absolute()) {
            const std::string key =
                normal_path((fs::path(importer).parent_path() / written).string());
            if (const auto it = given_.find(key); it != given_.end()) {
                return load_given(*it->second);
            }
            if (const auto it = by_key_.find(key); it != by_key_.end()) {
                return it->second;
            }
        }
        if (!options_.resolver) {
            refuse(written, span, "imports are not resolved in this workspace", false);
            return std::nullopt;
        }
        ImportResult resolved = options_.resolver({importer, written});
        if (resolved.error) {
            refuse(written, span, *resolved.error, resolved.over_limit);
            return std::nullopt;
        }
        const std::string key = normal_path(resolved.path);
        if (const auto it = by_key_.find(key); it != by_key_.end()) {
            return it->second;
        }
        if (!room_for_another(span)) {
            return std::nullopt;
        }
        const lang::FileId id = ws_.sources.add(key, std::move(resolved.text));
        add_parsed(id, key, false);
        follow_imports(id);
        return id;
    }

    void refuse(const std::string& written, lang::SourceSpan span, const std::string& why,
                bool over_limit) {
        // `why` comes from the resolver and, by its contract, holds nothing of the target.
        lang::Diagnostic d = lang::make_diagnostic(
            Severity::error, over_limit ? check::limit : check::import,
            fmt::format("cannot import `{}`: {}", written, why), span, "imported here");
        d.help = over_limit ? "raise the source size limit (Limits::max_source_bytes), or split "
                              "the file"
                            : "an import path is relative to this file's folder and must stay "
                              "inside the project root";
        ws_.diagnostics.push_back(std::move(d));
    }

    Workspace& ws_;
    const LoadOptions& options_;
    std::map<std::string, const SourceText*> given_;
    std::map<std::string, lang::FileId> by_key_;
    bool limit_reported_ = false;
};

} // namespace

lang::ParseOptions parse_options(const Limits& limits) {
    lang::ParseOptions options;
    options.max_depth = limits.max_depth;
    return options;
}

const std::vector<lang::FileId>& Workspace::visible_files(lang::FileId id) const {
    return visible_.at(id);
}

bool Workspace::sees(lang::FileId from, lang::FileId declared_in) const {
    const auto& visible = visible_.at(from);
    return std::binary_search(visible.begin(), visible.end(), declared_in);
}

void Workspace::index_files(const std::vector<lang::FileId>& starts) {
    // Depth-first, in preorder, with an explicit stack: import chains may be long.
    load_rank_.assign(files.size(), files.size());
    load_order_.clear();
    const auto walk = [&](lang::FileId start) {
        std::vector<std::pair<lang::FileId, std::size_t>> stack{{start, 0}};
        if (load_rank_[start] != files.size()) {
            return;
        }
        load_rank_[start] = load_order_.size();
        load_order_.push_back(start);
        while (!stack.empty()) {
            auto& [id, next] = stack.back();
            if (next == files[id].imports.size()) {
                stack.pop_back();
                continue;
            }
            const lang::FileId imported = files[id].imports[next++];
            if (load_rank_[imported] == files.size()) {
                load_rank_[imported] = load_order_.size();
                load_order_.push_back(imported);
                stack.emplace_back(imported, 0);
            }
        }
    };
    walk(0); // the prelude
    for (const lang::FileId start : starts) {
        walk(start);
    }
    for (lang::FileId id = 0; id < files.size(); ++id) {
        walk(id); // none is left unreached; this keeps the order total if one were
    }
    index_visibility();
}

void Workspace::index_visibility() {
    // The closure of the global files is shared by every file; each file adds its own imports.
    const auto closure = [&](std::vector<lang::FileId> todo, std::set<lang::FileId>& seen) {
        while (!todo.empty()) {
            const lang::FileId next = todo.back();
            todo.pop_back();
            if (seen.insert(next).second) {
                todo.insert(todo.end(), files[next].imports.begin(), files[next].imports.end());
            }
        }
    };
    std::set<lang::FileId> global;
    for (lang::FileId f = 0; f < files.size(); ++f) {
        if (files[f].is_global) {
            closure({f}, global);
        }
    }
    visible_.assign(files.size(), {});
    for (lang::FileId f = 0; f < files.size(); ++f) {
        std::set<lang::FileId> seen = global;
        closure({f}, seen);
        visible_[f].assign(seen.begin(), seen.end());
    }
}

Workspace load_workspace(const std::vector<SourceText>& sources,
                         const std::vector<SourceText>& global_rulebooks,
                         const LoadOptions& options) {
    Workspace ws;
    Loader loader(ws, sources, options);
    loader.load_prelude();
    std::vector<lang::FileId> starts;
    for (const SourceText& rulebook : global_rulebooks) {
        if (const auto id = loader.load_given(rulebook)) {
            ws.files[*id].is_global = true;
            starts.push_back(*id);
        }
    }
    for (const lang::FileId id : loader.load_roots(sources, options.threads)) {
        ws.files[id].is_root = true;
        starts.push_back(id);
    }
    ws.index_files(starts);
    return ws;
}

} // namespace ingot::runtime

#include "runtime/workspace.hpp"
#include "runtime/registry.hpp"

#include "lang/parser.hpp"
#include "runtime/prelude.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace ingot::runtime {

namespace fs = std::filesystem;

namespace {

bool is_checked_file(const fs::path& path) {
    const auto ext = path.extension();
    return ext == ".plan" || ext == ".rules";
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.';
}

std::string canonical_key(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? path : p.string();
}

class Loader {
public:
    Loader(Workspace& ws, const LoadOptions& options) : ws_(ws), options_(options) {}

    void load_prelude() {
        const lang::FileId id =
            ws_.sources.add(std::string(prelude_path), std::string(prelude_text()));
        add_parsed(id, std::string(prelude_path), true);
    }

    /// Loads `path` if not loaded yet; returns its id, or nullopt when it cannot be read.
    std::optional<lang::FileId> load(const std::string& path, std::string& error) {
        const std::string key = canonical_key(path);
        if (const auto it = by_key_.find(key); it != by_key_.end()) {
            return it->second;
        }
        std::string text;
        if (!read_file(path, text, error, options_.max_file_bytes)) {
            return std::nullopt;
        }
        const lang::FileId id =
            ws_.sources.add(fs::path(path).lexically_normal().string(), std::move(text));
        add_parsed(id, key, false);
        follow_imports(id);
        return id;
    }

private:
    void add_parsed(lang::FileId id, std::string key, bool is_prelude) {
        lang::ParseResult parsed = lang::parse_file(ws_.sources, id);
        for (auto& d : parsed.diagnostics) {
            ws_.diagnostics.push_back(std::move(d));
        }
        by_key_.emplace(key, id);
        ws_.files.push_back({std::move(parsed.file), std::move(key), is_prelude, is_prelude, {}});
    }

    void follow_imports(lang::FileId id) {
        // Copy what is needed first: loading more files grows `ws_.files`.
        std::vector<std::pair<std::string, lang::SourceSpan>> imports;
        for (const lang::Item& item : ws_.files[id].ast.items) {
            if (const auto* imp = std::get_if<lang::ImportDecl>(&item)) {
                imports.emplace_back(imp->path.value, imp->path.span);
            }
        }
        const fs::path dir = fs::path(ws_.sources.file(id).path()).parent_path();
        for (const auto& [relative, span] : imports) {
            const std::string target = (dir / relative).lexically_normal().string();
            std::string error;
            if (const auto imported = load(target, error)) {
                ws_.files[id].imports.push_back(*imported);
            } else {
                lang::Diagnostic d;
                d.severity = lang::Severity::error;
                d.id = check::import;
                d.message = fmt::format("cannot import `{}`: {}", relative, error);
                d.primary = {span, "imported here"};
                d.help = fmt::format("the path is relative to this file's folder, so it names `{}`",
                                     target);
                ws_.diagnostics.push_back(std::move(d));
            }
        }
    }

    Workspace& ws_;
    const LoadOptions& options_;
    std::map<std::string, lang::FileId> by_key_;
};

} // namespace

std::vector<lang::FileId> Workspace::visible_files(lang::FileId id) const {
    std::vector<lang::FileId> out;
    std::set<lang::FileId> seen;
    std::vector<lang::FileId> todo{id};
    for (lang::FileId f = 0; f < files.size(); ++f) {
        if (files[f].is_global) {
            todo.push_back(f);
        }
    }
    while (!todo.empty()) {
        const lang::FileId next = todo.back();
        todo.pop_back();
        if (!seen.insert(next).second) {
            continue;
        }
        out.push_back(next);
        for (lang::FileId imported : files.at(next).imports) {
            todo.push_back(imported);
        }
    }
    return out;
}

bool read_file(const std::string& path, std::string& text, std::string& error,
               std::size_t max_bytes) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        error = "it is a directory";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return false;
    }
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
        error = fmt::format("it is {} bytes, more than the limit of {} bytes", size, max_bytes);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = std::strerror(errno);
        return false;
    }
    text = std::move(buffer).str();
    return true;
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                      std::vector<IoError>& io_errors) {
    std::vector<std::string> out;
    for (const std::string& path : paths) {
        std::error_code ec;
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            io_errors.push_back({path, "no such file or directory"});
            continue;
        }
        if (!fs::is_directory(status)) {
            out.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied,
                                            ec);
        if (ec) {
            io_errors.push_back({path, ec.message()});
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) {
                io_errors.push_back({path, ec.message()});
                break;
            }
            if (is_hidden(it->path())) {
                if (it->is_directory()) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (it->is_regular_file() && is_checked_file(it->path())) {
                found.push_back(it->path().lexically_normal().string());
            }
        }
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

Workspace load_workspace(const std::vector<std::string>& files, const LoadOptions& options,
                         const std::vector<std::string>& global_rulebooks) {
    Workspace ws;
    Loader loader(ws, options);
    loader.load_prelude();
    for (const std::string& path : global_rulebooks) {
        std::string error;
        if (const auto id = loader.load(path, error)) {
            ws.files[*id].is_global = true;
        } else {
            ws.io_errors.push_back({path, error});
        }
    }
    for (const std::string& path : files) {
        std::string error;
        if (!loader.load(path, error)) {
            ws.io_errors.push_back({path, error});
        }
    }
    return ws;
}

} // namespace ingot::runtime

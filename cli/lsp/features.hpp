// What the language server knows of the open documents, and the requests it answers about
// them (hover, definition, references, formatting, code actions, completion, symbols, folding,
// signature help), each a function of a document and the request's parameters.
#pragma once

#include "lsp/convert.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::cli::lsp {

/// One analysis of a project: the folder it is rooted in and what it found.
struct ProjectAnalysis {
    std::string root;
    std::string project_file; // "" without an ingot.toml
    std::unique_ptr<Analysis> analysis;
};

struct Document {
    std::string uri;
    std::string path; // absolute, normalised: the name the analysis knows it by
    std::string text;
    long long version = 0;
    std::string root; // the project root it was last analysed in
    /// The findings of the last analysis on this document (primary span in it).
    std::vector<Diagnostic> diagnostics;
    /// The last analysis of its project (shared with the project's other open documents).
    std::shared_ptr<const ProjectAnalysis> project;
};

/// The open documents and the analyses of their projects.
class Documents {
public:
    Document& open(const std::string& uri, const std::string& path, std::string text,
                   long long version);
    Document* find(const std::string& uri);
    void close(const std::string& uri);
    /// The open documents inside `root`.
    std::vector<Document*> in_root(const std::string& root);

    /// Analyses the project `doc` belongs to, with the text of every open document in it, and
    /// gives each of those documents its findings. Returns them (doc among them). Problems of
    /// the project file are logged and the project analysed without it.
    std::vector<Document*> analyse(Document& doc, const std::function<void(std::string_view)>& log);

    /// The text of `path` as the analysis of `doc` saw it ("" when unknown).
    std::string_view text_of(const Document& doc, const std::string& path) const;

private:
    std::map<std::string, std::unique_ptr<Document>> documents_; // by URI
};

struct FeatureContext {
    Encoding encoding;
    Documents& documents;
};

/// A request about one document: `textDocument/hover` and the like.
struct Feature {
    std::string_view method;
    nlohmann::json (*handle)(Document& doc, const nlohmann::json& params,
                             const FeatureContext& context);
};

/// The feature answering `method`, or null.
const Feature* find_feature(std::string_view method);

/// The ServerCapabilities of `initialize`'s answer (positionEncoding is the server's to add).
nlohmann::json capabilities();

} // namespace ingot::cli::lsp

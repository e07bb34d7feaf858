#include "lsp/features.hpp"

#include "project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace ingot::cli::lsp {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string normal(const std::string& path) {
    std::error_code ec;
    const fs::path p = fs::absolute(path, ec);
    return (ec ? fs::path(path) : p).lexically_normal().string();
}

bool inside(const std::string& path, const std::string& root) {
    return path.size() > root.size() && path.starts_with(root) &&
           (root.ends_with('/') || path[root.size()] == '/');
}

} // namespace

// ---- documents ------------------------------------------------------------------------------

Document& Documents::open(const std::string& uri, const std::string& path, std::string text,
                          long long version) {
    auto& slot = documents_[uri];
    slot = std::make_unique<Document>();
    slot->uri = uri;
    slot->path = normal(path);
    slot->text = std::move(text);
    slot->version = version;
    return *slot;
}

Document* Documents::find(const std::string& uri) {
    const auto it = documents_.find(uri);
    return it == documents_.end() ? nullptr : it->second.get();
}

void Documents::close(const std::string& uri) {
    documents_.erase(uri);
}

std::vector<Document*> Documents::in_root(const std::string& root) {
    std::vector<Document*> out;
    for (auto& [uri, doc] : documents_) {
        if (inside(doc->path, root)) {
            out.push_back(doc.get());
        }
    }
    return out;
}

std::vector<Document*> Documents::analyse(Document& doc,
                                          const std::function<void(std::string_view)>& log) {
    // The project, found as `ingot check` finds it: the nearest ingot.toml above the document.
    ProjectFile project;
    try {
        if (const std::string file = find_project_file({doc.path}); !file.empty()) {
            project = read_project_file(file);
        }
    } catch (const ProjectError& e) {
        log(fmt::format("lsp: {} (the project file is not used)", e.what()));
        project = ProjectFile{};
    }
    auto result = std::make_shared<ProjectAnalysis>();
    result->project_file = project.path.empty() ? "" : normal(project.path);
    result->root =
        project.path.empty() ? fs::path(doc.path).parent_path().string() : normal(project.root);

    Workspace ws(Engine(), result->root);
    std::set<std::string> given;
    if (!project.path.empty()) {
        // The project's files as context, as `ingot check FILE` reads them.
        try {
            const FileFilter filter(project, result->root);
            for (const std::string& file : filter.files_under(result->root)) {
                try {
                    const std::string path = normal(file);
                    ws.set_source(path, read_source(file));
                    given.insert(path);
                } catch (const Error&) {
                    // an unreadable context file is left out, as `ingot check` does
                }
            }
        } catch (const Error& e) {
            log(fmt::format("lsp: {}", e.what()));
        }
    }
    std::vector<Document*> open = in_root(result->root);
    if (std::find(open.begin(), open.end(), &doc) == open.end()) {
        open.push_back(&doc);
    }
    for (Document* d : open) {
        ws.set_source(d->path, d->text);
        given.insert(d->path);
    }
    AnalyzeOptions options = project_analyze_options(project);
    // `implied` findings are computed for hovers; they are published only when selected.
    const bool publish_implied =
        options.select && std::find(options.select->begin(), options.select->end(), "implied") !=
                              options.select->end();
    options.implied = true;
    for (const auto& r : project.rules) {
        const std::string path = normal((fs::path(result->root) / r.value).string());
        try {
            if (!given.contains(path)) {
                ws.set_source(path, read_source(path));
            }
            options.rulebooks.push_back(path);
        } catch (const Error& e) {
            log(fmt::format("lsp: {}", e.what()));
        }
    }
    result->analysis = std::make_unique<Analysis>(ws.analyze(options));

    for (Document* d : open) {
        d->root = result->root;
        d->project = result;
        d->diagnostics.clear();
        for (const Diagnostic& diagnostic : result->analysis->diagnostics()) {
            if (diagnostic.primary.span.path == d->path &&
                (publish_implied || diagnostic.id != "implied")) {
                d->diagnostics.push_back(diagnostic);
            }
        }
    }
    return open;
}

std::string_view Documents::text_of(const Document& doc, const std::string& path) const {
    if (path == doc.path) {
        return doc.text;
    }
    if (doc.project && doc.project->analysis) {
        if (const auto text = doc.project->analysis->source_text(path)) {
            return *text;
        }
    }
    return {};
}

// ---- features -------------------------------------------------------------------------------

namespace {

/// What a request's `position` points at: the byte offset in the document.
std::uint32_t offset_of(const Document& doc, const json& params, Encoding encoding) {
    const json& p = params.at("position");
    return to_offset(doc.text,
                     {p.at("line").get<std::uint32_t>(), p.at("character").get<std::uint32_t>()},
                     encoding);
}

const Analysis* analysis_of(const Document& doc) {
    return doc.project && doc.project->analysis ? doc.project->analysis.get() : nullptr;
}

json location(const Span& span, const FeatureContext& context, const Document& doc) {
    return {{"uri", path_to_uri(span.path)},
            {"range", to_range(context.documents.text_of(doc, span.path), span, context.encoding)}};
}

/// `x` with 3 significant digits, trailing zeros dropped: 3.45, 79.2, 20.
std::string number(double x) {
    if (std::isinf(x)) {
        return x > 0 ? "∞" : "−∞";
    }
    std::string s = fmt::format("{:.3g}", x);
    if (s.find('e') != std::string::npos) {
        s = fmt::format("{:.3f}", x);
        while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
            s.pop_back();
        }
    }
    return s;
}

/// An ExplainValue as every command shows it: `5 %/yr (4.5 … 5.5 %/yr)`, `unknown`.
std::string value_text(const ExplainValue& v) {
    return ingot::to_text(v);
}

/// Markdown for what `plan`'s figures imply for `series`, with the findings at `where`.
std::string explain_markdown(const Analysis& analysis, const Document& doc, const std::string& plan,
                             const std::string& series, const std::optional<Span>& where) {
    std::string md;
    try {
        const Explanation e = analysis.explain(plan, series);
        md += fmt::format("**{}.{}**{}{}\n\n", e.plan, e.series,
                          e.label ? " — " + *e.label : std::string(),
                          e.unit.empty() ? std::string() : " (" + e.unit + ")");
        md += "| year | level | growth |\n| --- | --- | --- |\n";
        for (const ExplainYear& y : e.years) {
            md += fmt::format("| {}{} | {} | {} |\n", y.year, y.base ? " (base)" : "",
                              value_text(y.level), value_text(y.growth));
        }
        if (e.period) {
            md += fmt::format("\nFrom {} to {}: change {}", e.period->from_year, e.period->to_year,
                              value_text(e.period->change));
            if (e.period->relative) {
                md += fmt::format(", relative change {}", value_text(*e.period->relative));
            }
            if (e.period->average) {
                md += fmt::format(", an average of {}", value_text(*e.period->average));
            }
            md += "\n";
        }
        // The short derivation: the steps of the last growth section that are relations.
        for (auto it = e.sections.rbegin(); it != e.sections.rend(); ++it) {
            if (it->kind != ExplainSection::Kind::growth) {
                continue;
            }
            std::string steps;
            for (const std::size_t i : it->steps) {
                const ExplainStep& step = e.steps.at(i);
                for (const ExplainDerivation& d : step.derivations) {
                    if (d.kind == ExplainDerivation::Kind::relation && !d.formula.empty()) {
                        steps += fmt::format("- `{} = {}` = {}\n", step.name, d.formula,
                                             value_text(step.value));
                        break;
                    }
                }
            }
            if (!steps.empty()) {
                md += fmt::format("\nHow it follows ({}):\n{}", it->year, steps);
            }
            break;
        }
    } catch (const Error& e) {
        md += fmt::format("**{}.{}**: {}\n", plan, series, e.what());
    }
    if (where) {
        std::string found;
        for (const Diagnostic& d : analysis.diagnostics()) {
            if (d.primary.span.path == doc.path &&
                d.primary.span.begin.offset >= where->begin.offset &&
                d.primary.span.begin.offset < where->end.offset) {
                found += fmt::format("- {}[{}]: {}\n", to_string(d.severity), d.id, d.message);
            }
        }
        if (!found.empty()) {
            md += "\nImplied and found here:\n" + found;
        }
    }
    return md;
}

const Plan* find_plan(const Analysis& analysis, std::string_view name) {
    for (const Plan& p : analysis.plans()) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

std::string metric_markdown(const Analysis& analysis, const std::string& name) {
    for (const Metric& m : analysis.metrics()) {
        if (m.name == name) {
            std::string md = fmt::format("**metric {}**{} — unit `{}`", m.name,
                                         m.label.empty() ? "" : " — " + m.label, m.unit);
            if (!m.aka.empty()) {
                md += ", also known as ";
                for (std::size_t i = 0; i < m.aka.size(); ++i) {
                    md += fmt::format("{}`{}`", i ? ", " : "", m.aka[i]);
                }
            }
            md += m.span.path.empty()
                      ? "\n\nDeclared by the prelude (built in)."
                      : fmt::format("\n\nDeclared in {}:{}.",
                                    fs::path(m.span.path).filename().string(), m.span.begin.line);
            return md;
        }
    }
    return fmt::format("`{}`: no metric of that name is visible here", name);
}

/// The word of unit characters around `offset` (`Mt`, `%`, `yr`), as [begin, end).
std::pair<std::size_t, std::size_t> unit_word_at(std::string_view text, std::size_t offset) {
    const auto part = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '%';
    };
    std::size_t begin = std::min(offset, text.size());
    std::size_t end = begin;
    while (begin > 0 && part(text[begin - 1])) {
        --begin;
    }
    while (end < text.size() && part(text[end])) {
        ++end;
    }
    return {begin, end};
}

/// A hover on a unit word: what it means.
json unit_hover(const Document& doc, std::uint32_t offset, const FeatureContext& context) {
    const auto [begin, end] = unit_word_at(doc.text, offset);
    const std::string word = doc.text.substr(begin, end - begin);
    if (word.empty() || std::isdigit(static_cast<unsigned char>(word[0])) != 0) {
        return nullptr;
    }
    const Engine engine;
    std::string md;
    const auto scales = engine.scale_words();
    if (std::find(scales.begin(), scales.end(), word) != scales.end()) {
        if (const auto info = engine.unit_info(word + " t")) {
            md = fmt::format("**scale word `{}`**: × {} before a unit (`{} t`, `{} CNY`)", word,
                             number(info->scale), word, word);
        }
    } else if (const auto info = engine.unit_info(word)) {
        md = fmt::format("**unit `{}`**: {}", info->unit, info->meaning);
        if (info->scale != 1) {
            md += fmt::format(" — 1 {} is {} of its base unit", info->unit, number(info->scale));
        }
    }
    if (md.empty()) {
        return nullptr;
    }
    const Span span{doc.path,
                    {static_cast<std::uint32_t>(begin), 0, 0},
                    {static_cast<std::uint32_t>(end), 0, 0}};
    return {{"contents", {{"kind", "markdown"}, {"value", md}}},
            {"range", to_range(doc.text, span, context.encoding)}};
}

json hover(Document& doc, const json& params, const FeatureContext& context) {
    const Analysis* analysis = analysis_of(doc);
    if (!analysis) {
        return nullptr;
    }
    const std::uint32_t offset = offset_of(doc, params, context.encoding);
    const auto symbol = analysis->symbol_at(doc.path, offset);
    if (!symbol) {
        return unit_hover(doc, offset, context);
    }
    std::string md;
    const Plan* plan = symbol->plan.empty() ? nullptr : find_plan(*analysis, symbol->plan);
    switch (symbol->kind) {
    case SymbolKind::target:
        if (plan) {
            for (const Target& t : plan->targets) {
                if (t.name == symbol->name) {
                    md = fmt::format("**target {}**: {}\n\n", t.name, t.series) +
                         explain_markdown(*analysis, doc, plan->name,
                                          t.series.empty() ? t.metric : t.series, symbol->extent);
                }
            }
        }
        break;
    case SymbolKind::metric:
        md = metric_markdown(*analysis, symbol->name);
        if (plan) {
            const std::string series = symbol->scope.empty()
                                           ? symbol->name
                                           : fmt::format("{}({})", symbol->name, symbol->scope);
            md +=
                "\n\n---\n\n" + explain_markdown(*analysis, doc, plan->name, series, std::nullopt);
        }
        break;
    case SymbolKind::source:
        if (plan) {
            for (const Source& s : plan->sources) {
                if (s.id == symbol->name) {
                    md = fmt::format("**source {}** <{}>{}", s.id, s.url,
                                     s.description ? " — " + *s.description : "");
                }
            }
            // A citation: its quote.
            const auto quote_at = [&](const std::vector<Citation>& citations) {
                for (const Citation& c : citations) {
                    if (c.span.path == doc.path && c.span.begin.offset <= offset &&
                        offset <= c.span.end.offset && c.quote) {
                        md += fmt::format("\n\n> {}", *c.quote);
                    }
                }
            };
            for (const Target& t : plan->targets) {
                quote_at(t.citations);
            }
            for (const Baseline& b : plan->baselines) {
                quote_at(b.citations);
            }
            for (const Baseline& a : plan->actuals) {
                quote_at(a.citations);
            }
            for (const Scope& s : plan->scopes) {
                quote_at(s.citations);
            }
        }
        break;
    case SymbolKind::scope:
        if (plan) {
            for (const Scope& s : plan->scopes) {
                if (s.name == symbol->name) {
                    md =
                        fmt::format("**scope {}**{}: ", s.name,
                                    s.declared_size ? fmt::format(" of {}", *s.declared_size) : "");
                    for (std::size_t i = 0; i < s.items.size(); ++i) {
                        md += fmt::format("{}{}", i ? ", " : "", s.items[i]);
                    }
                }
            }
        }
        break;
    case SymbolKind::plan: {
        if (const Plan* p = find_plan(*analysis, symbol->name)) {
            md = fmt::format("**plan {}**", p->name);
            if (!p->title.empty()) {
                md += " — " + p->title;
            }
            if (p->first_year && p->last_year) {
                md += fmt::format("\n\nperiod {}..{}", *p->first_year, *p->last_year);
            }
            md += fmt::format(", {} targets", p->targets.size());
        }
        break;
    }
    case SymbolKind::rule:
        for (const CheckInfo& c : analysis->checks()) {
            if (c.id == symbol->name) {
                md = fmt::format("**rule {}**: {}", c.id, c.summary);
            }
        }
        break;
    case SymbolKind::import:
        md = fmt::format("**import** `{}`",
                         symbol->definition ? symbol->definition->path : symbol->name);
        break;
    case SymbolKind::focus:
        md = fmt::format("**focus {}**", symbol->name);
        break;
    }
    if (md.empty()) {
        return nullptr;
    }
    return {{"contents", {{"kind", "markdown"}, {"value", md}}},
            {"range", to_range(doc.text, symbol->span, context.encoding)}};
}

json definition(Document& doc, const json& params, const FeatureContext& context) {
    const Analysis* analysis = analysis_of(doc);
    if (!analysis) {
        return nullptr;
    }
    const auto symbol = analysis->symbol_at(doc.path, offset_of(doc, params, context.encoding));
    if (!symbol || !symbol->definition || symbol->definition->path.empty()) {
        return nullptr;
    }
    return location(*symbol->definition, context, doc);
}

json references(Document& doc, const json& params, const FeatureContext& context) {
    const Analysis* analysis = analysis_of(doc);
    json out = json::array();
    if (!analysis) {
        return out;
    }
    const auto symbol = analysis->symbol_at(doc.path, offset_of(doc, params, context.encoding));
    if (!symbol) {
        return out;
    }
    const bool with_declaration =
        params.contains("context") && params["context"].value("includeDeclaration", false);
    for (const Symbol& s : analysis->references(*symbol)) {
        if (!s.declaration || with_declaration) {
            out.push_back(location(s.span, context, doc));
        }
    }
    return out;
}

json formatting(Document& doc, const json&, const FeatureContext& context) {
    const FormatResult result = format_source(doc.path, doc.text);
    if (!result.text) {
        return nullptr; // syntax errors: the diagnostics say where
    }
    if (*result.text == doc.text) {
        return json::array();
    }
    const Position end =
        to_position(doc.text, static_cast<std::uint32_t>(doc.text.size()), context.encoding);
    return json::array({{{"range", {{"start", to_json({0, 0})}, {"end", to_json(end)}}},
                         {"newText", *result.text}}});
}

json code_action(Document& doc, const json& params, const FeatureContext& context) {
    json out = json::array();
    const json& range = params.at("range");
    const auto pos = [&](const json& p) {
        return to_offset(
            doc.text, {p.at("line").get<std::uint32_t>(), p.at("character").get<std::uint32_t>()},
            context.encoding);
    };
    const std::uint32_t begin = pos(range.at("start"));
    const std::uint32_t end = pos(range.at("end"));
    const auto text_of = [&](const std::string& path) {
        return context.documents.text_of(doc, path);
    };
    for (const Diagnostic& d : doc.diagnostics) {
        const Span& s = d.primary.span;
        // On the lines the range touches: an editor asks with the cursor's line or selection.
        const Position from = to_position(doc.text, begin, context.encoding);
        const Position to = to_position(doc.text, end, context.encoding);
        if (s.end.line < from.line + 1 || s.begin.line > to.line + 1) {
            continue;
        }
        const json lsp_diagnostic = to_lsp_diagnostic(d, doc.text, context.encoding, text_of);
        for (const Fix& fix : d.fixes) {
            json edits = json::object();
            for (const Edit& e : fix.edits) {
                edits[path_to_uri(e.span.path)].push_back(
                    {{"range", to_range(text_of(e.span.path), e.span, context.encoding)},
                     {"newText", e.replacement}});
            }
            out.push_back({{"title", fix.title},
                           {"kind", "quickfix"},
                           {"diagnostics", json::array({lsp_diagnostic})},
                           {"isPreferred", d.fixes.size() == 1},
                           {"edit", {{"changes", edits}}}});
        }
        if (d.id == "syntax" || d.id == "bad-allow" || d.id == "unused-allow") {
            continue; // not suppressible, or a suppression's own finding
        }
        // `# ingot: allow(ID) reason` on a line of its own before the finding, indented alike.
        const std::uint32_t line_start = to_offset(doc.text, {s.begin.line - 1, 0}, Encoding::utf8);
        std::size_t indent_end = line_start;
        while (indent_end < doc.text.size() &&
               (doc.text[indent_end] == ' ' || doc.text[indent_end] == '\t')) {
            ++indent_end;
        }
        const std::string indent = doc.text.substr(line_start, indent_end - line_start);
        const Position at{s.begin.line - 1, 0};
        out.push_back(
            {{"title", fmt::format("allow `{}` here (with a reason)", d.id)},
             {"kind", "quickfix"},
             {"diagnostics", json::array({lsp_diagnostic})},
             {"edit",
              {{"changes",
                {{doc.uri,
                  json::array({{{"range", {{"start", to_json(at)}, {"end", to_json(at)}}},
                                {"newText",
                                 fmt::format("{}# ingot: allow({}) REASON: why it does not apply\n",
                                             indent, d.id)}}})}}}}}});
        if (d.id == "uncited") {
            // A citation placeholder at the end of the statement's first line.
            const std::size_t eol =
                std::min(doc.text.find_first_of("\r\n", s.begin.offset), doc.text.size());
            std::size_t stop = std::min<std::size_t>(eol, s.end.offset);
            const Position p =
                to_position(doc.text, static_cast<std::uint32_t>(stop), context.encoding);
            out.push_back(
                {{"title", "add a citation placeholder"},
                 {"kind", "quickfix"},
                 {"diagnostics", json::array({lsp_diagnostic})},
                 {"edit",
                  {{"changes",
                    {{doc.uri,
                      json::array({{{"range", {{"start", to_json(p)}, {"end", to_json(p)}}},
                                    {"newText", "  [SOURCE: \"quoted words\"]"}}})}}}}}});
        }
    }
    return out;
}

// LSP SymbolKind numbers.
int lsp_symbol_kind(SymbolKind kind) {
    switch (kind) {
    case SymbolKind::plan:
        return 2; // Module
    case SymbolKind::focus:
        return 3; // Namespace
    case SymbolKind::target:
        return 14; // Constant
    case SymbolKind::metric:
        return 8; // Field
    case SymbolKind::source:
        return 20; // Key
    case SymbolKind::scope:
        return 10; // Enum
    case SymbolKind::rule:
        return 12; // Function
    case SymbolKind::import:
        return 2;
    }
    return 13;
}

json document_symbol(Document& doc, const json&, const FeatureContext& context) {
    json out = json::array();
    const Analysis* analysis = analysis_of(doc);
    if (!analysis) {
        return out;
    }
    const auto make = [&](const Symbol& s) {
        return json{{"name", s.name},
                    {"detail", std::string(to_string(s.kind))},
                    {"kind", lsp_symbol_kind(s.kind)},
                    {"range", to_range(doc.text, s.extent ? *s.extent : s.span, context.encoding)},
                    {"selectionRange", to_range(doc.text, s.span, context.encoding)},
                    {"children", json::array()}};
    };
    // plan → focuses → targets (and a plan's sources and scopes); metrics and rules on top.
    json* plan = nullptr;
    json* focus = nullptr;
    for (const Symbol& s : analysis->symbols(doc.path)) {
        if (!s.declaration) {
            continue;
        }
        if (s.plan.empty() || s.kind == SymbolKind::plan) {
            out.push_back(make(s));
            plan = s.kind == SymbolKind::plan ? &out.back() : nullptr;
            focus = nullptr;
        } else if (plan && s.kind == SymbolKind::focus) {
            (*plan)["children"].push_back(make(s));
            focus = &(*plan)["children"].back();
        } else if (plan && focus && !s.focus.empty()) {
            (*focus)["children"].push_back(make(s));
        } else if (plan) {
            (*plan)["children"].push_back(make(s));
        }
    }
    return out;
}

json folding_range(Document& doc, const json&, const FeatureContext&) {
    json out = json::array();
    const Analysis* analysis = analysis_of(doc);
    if (!analysis) {
        return out;
    }
    for (const Symbol& s : analysis->symbols(doc.path)) {
        if (s.declaration && s.extent && s.extent->end.line > s.extent->begin.line) {
            // Lines are 0-based; the closing brace's line stays visible.
            out.push_back(
                {{"startLine", s.extent->begin.line - 1}, {"endLine", s.extent->end.line - 2}});
        }
    }
    return out;
}

json completion(Document& doc, const json& params, const FeatureContext& context) {
    json items = json::array();
    const std::uint32_t offset = offset_of(doc, params, context.encoding);
    // The word before the cursor and what precedes it: after a number, units come first.
    std::size_t start = offset;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(doc.text[start - 1])) != 0 ||
                         doc.text[start - 1] == '_')) {
        --start;
    }
    std::size_t before = start;
    while (before > 0 && doc.text[before - 1] == ' ') {
        --before;
    }
    const bool after_number =
        before > 0 && (std::isdigit(static_cast<unsigned char>(doc.text[before - 1])) != 0);
    const auto add = [&](const std::string& label, int kind, const std::string& detail,
                         const std::string& sort) {
        items.push_back(
            {{"label", label}, {"kind", kind}, {"detail", detail}, {"sortText", sort + label}});
    };
    const Engine engine;
    for (const UnitInfo& u : engine.units()) {
        if (!u.scale_word) {
            add(u.word, 11, "unit", after_number ? "0" : "3");
        }
    }
    for (const std::string& w : engine.scale_words()) {
        add(w, 11, "scale word", after_number ? "0" : "3");
    }
    if (!after_number) {
        for (const std::string& k : keywords()) {
            add(k, 14, "keyword", "2");
        }
        for (const FunctionInfo& f : engine.functions()) {
            add(f.name, 3, f.signature, "2");
        }
    }
    if (const Analysis* analysis = analysis_of(doc)) {
        for (const Metric& m : analysis->metrics()) {
            add(m.name, 6,
                fmt::format("metric, {}{}", m.unit, m.label.empty() ? "" : " — " + m.label),
                after_number ? "4" : "1");
        }
        // The sources and scopes of the plan the cursor is in.
        std::string plan;
        for (const Symbol& s : analysis->symbols(doc.path)) {
            if (s.kind == SymbolKind::plan && s.extent && s.extent->begin.offset <= offset &&
                offset <= s.extent->end.offset) {
                plan = s.name;
            }
        }
        if (const Plan* p = plan.empty() ? nullptr : find_plan(*analysis, plan)) {
            for (const Source& s : p->sources) {
                add(s.id, 20, "source " + s.url, "1");
            }
            for (const Scope& s : p->scopes) {
                add(s.name, 10, "scope", "1");
                for (const std::string& item : s.items) {
                    add(item, 20, "item of scope " + s.name, "5");
                }
            }
        }
    }
    return {{"isIncomplete", false}, {"items", items}};
}

json signature_help(Document& doc, const json& params, const FeatureContext& context) {
    const std::uint32_t offset = offset_of(doc, params, context.encoding);
    // The call the cursor is in: back to the unmatched `(` on this line, counting the commas
    // between at its depth.
    int depth = 0;
    unsigned commas = 0;
    std::optional<std::size_t> open;
    for (std::size_t i = std::min<std::size_t>(offset, doc.text.size()); i > 0; --i) {
        const char c = doc.text[i - 1];
        if (c == '\n' || c == '{' || c == '}') {
            break;
        }
        if (c == ')') {
            ++depth;
        } else if (c == '(') {
            if (depth == 0) {
                open = i - 1;
                break;
            }
            --depth;
        } else if (c == ',' && depth == 0) {
            ++commas;
        }
    }
    if (!open) {
        return nullptr;
    }
    std::size_t start = *open;
    while (start > 0 && (std::isalnum(static_cast<unsigned char>(doc.text[start - 1])) != 0 ||
                         doc.text[start - 1] == '_')) {
        --start;
    }
    const std::string name = doc.text.substr(start, *open - start);
    for (const FunctionInfo& f : Engine().functions()) {
        if (f.name != name) {
            continue;
        }
        json parameters = json::array();
        for (const std::string& p : f.parameters) {
            parameters.push_back({{"label", p}});
        }
        const unsigned active =
            f.parameters.empty() ? 0
                                 : std::min(commas, static_cast<unsigned>(f.parameters.size() - 1));
        return {{"signatures", json::array({{{"label", f.signature}, {"parameters", parameters}}})},
                {"activeSignature", 0},
                {"activeParameter", active}};
    }
    return nullptr;
}

constexpr Feature features[] = {
    {"textDocument/hover", hover},
    {"textDocument/definition", definition},
    {"textDocument/references", references},
    {"textDocument/formatting", formatting},
    {"textDocument/codeAction", code_action},
    {"textDocument/documentSymbol", document_symbol},
    {"textDocument/foldingRange", folding_range},
    {"textDocument/completion", completion},
    {"textDocument/signatureHelp", signature_help},
};

} // namespace

const Feature* find_feature(std::string_view method) {
    for (const Feature& f : features) {
        if (f.method == method) {
            return &f;
        }
    }
    return nullptr;
}

json capabilities() {
    return {{"textDocumentSync",
             {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
            {"hoverProvider", true},
            {"definitionProvider", true},
            {"referencesProvider", true},
            {"documentFormattingProvider", true},
            {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
            {"documentSymbolProvider", true},
            {"foldingRangeProvider", true},
            {"completionProvider", {{"triggerCharacters", json::array({" ", "("})}}},
            {"signatureHelpProvider", {{"triggerCharacters", json::array({"(", ","})}}}};
}

} // namespace ingot::cli::lsp

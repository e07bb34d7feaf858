// Names for editors: Analysis::symbols, symbol_at, references, and the engine's vocabularies.
//
// One walker (SymbolWalker) visits every AST node kind that declares or names something; it is
// the only place that knows the tree's shape, so a new statement is one more `visit` here. The
// walk records raw occurrences; resolve() then ties each reference to its declaration with the
// rules the runtime uses: metrics through the model's names (an `aka` is the metric), visible
// from the file that names them; sources and scopes in the plan they are written in (a scope
// falls back to the top-level scopes the file sees); rules by name among the files the file sees;
// an import to the file it loaded.
#include "ingot/ingot.hpp"
#include "lang/keywords.hpp"
#include "runtime/api_access.hpp"
#include "runtime/engine.hpp"
#include "runtime/functions.hpp"
#include "runtime/to_public.hpp"

#include <algorithm>
#include <filesystem>
#include <type_traits>

namespace ingot {

namespace {

/// One name as the walk met it, before resolution.
struct Occurrence {
    SymbolKind kind = SymbolKind::metric;
    std::string name;
    lang::SourceSpan span;
    bool declaration = false;
    std::optional<lang::SourceSpan> extent;
    std::string plan;
    std::string focus;
    std::string scope;
    std::optional<lang::FileId> imported; // an import: the file it loaded
};

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

class SymbolWalker {
public:
    SymbolWalker(const runtime::Workspace& ws, lang::FileId file) : ws_(ws), file_(file) {}

    std::vector<Occurrence> walk() {
        for (const lang::Item& item : ws_.file(file_).ast.items) {
            std::visit([&](const auto& node) { visit(node); }, item);
        }
        std::sort(out_.begin(), out_.end(), [](const Occurrence& a, const Occurrence& b) {
            return a.span.begin < b.span.begin;
        });
        return std::move(out_);
    }

private:
    void add(SymbolKind kind, const lang::Ident& ident, bool declaration,
             std::optional<lang::SourceSpan> extent = std::nullopt) {
        if (ident.name.empty()) {
            return; // recovered from a syntax error
        }
        Occurrence o;
        o.kind = kind;
        o.name = ident.name;
        o.span = ident.span;
        o.declaration = declaration;
        o.extent = extent;
        o.plan = plan_;
        o.focus = focus_;
        out_.push_back(std::move(o));
    }

    // ---- top-level items
    void visit(const lang::ImportDecl& d) {
        Occurrence o;
        o.kind = SymbolKind::import;
        o.name = d.path.value;
        o.span = d.path.span;
        const LoadedKey importer = key(file_);
        const std::string wanted =
            (std::filesystem::path(importer).parent_path() / d.path.value).lexically_normal();
        for (const lang::FileId id : ws_.file(file_).imports) {
            if (key(id) == wanted ||
                std::filesystem::path(key(id)).lexically_normal().string() == wanted) {
                o.imported = id;
            }
        }
        out_.push_back(std::move(o));
    }
    void visit(const lang::PlanDecl& d) {
        add(SymbolKind::plan, d.name, true, d.span);
        plan_ = d.name.name;
        for (const lang::Stmt& s : d.body) {
            visit(s);
        }
        plan_.clear();
    }
    void visit(const lang::MetricDecl& d) {
        add(SymbolKind::metric, d.name, true, d.span);
        for (const lang::Ident& aka : d.aka) {
            add(SymbolKind::metric, aka, false);
        }
    }
    void visit(const lang::IdentityDecl& d) {
        visit(d.lhs);
        visit(d.rhs);
    }
    void visit(const lang::RuleDecl& d) {
        add(SymbolKind::rule, d.name, true, d.span);
        for (const lang::RuleStmt& s : d.body) {
            std::visit(Overloaded{[&](const lang::LetStmt& x) { visit(x.value); },
                                  [&](const lang::WhenStmt& x) { visit(x.condition); },
                                  [&](const lang::RequireStmt& x) { visit(x.condition); },
                                  [&](const lang::MessageStmt& x) { visit(x.text); }},
                       s);
        }
    }
    void visit(const lang::TestDecl& d) {
        for (const lang::TestStmt& s : d.body) {
            std::visit(
                Overloaded{
                    [&](const lang::PlanDecl& x) { visit(x); }, [&](const lang::PlanFile&) {},
                    [&](const lang::ExpectFinding& x) { add(SymbolKind::rule, x.id, false); },
                    [&](const lang::ExpectAbsent& x) { add(SymbolKind::rule, x.id, false); },
                    [&](const lang::ExpectValue& x) {
                        visit(x.condition);
                        if (x.within) {
                            visit(*x.within);
                        }
                    }},
                s);
        }
    }

    // ---- statements of plans and focuses
    void visit(const lang::Stmt& s) {
        std::visit([&](const auto& node) { visit(node); }, s.kind);
        for (const lang::Citation& c : lang::base(s).citations) {
            add(SymbolKind::source, c.source, false);
        }
    }
    void visit(const lang::FieldStmt& d) {
        if (const auto* name = std::get_if<lang::Ident>(&d.value);
            name != nullptr && d.kind == lang::FieldKind::follows) {
            add(SymbolKind::plan, *name, false); // `follows NAME` refers to a plan
        }
    }
    void visit(const lang::NoteStmt&) {}
    void visit(const lang::ListStmt&) {}
    void visit(const lang::SourceStmt& d) { add(SymbolKind::source, d.name, true, d.span); }
    void visit(const lang::ScopeStmt& d) { add(SymbolKind::scope, d.name, true, d.span); }
    void visit(const lang::BaselineStmt& d) { visit(d.metric); }
    void visit(const lang::ActualStmt& d) { visit(d.metric); }
    void visit(const lang::TargetStmt& d) {
        add(SymbolKind::target, d.name, true, d.span);
        visit(d.metric);
    }
    void visit(const lang::FocusStmt& d) {
        add(SymbolKind::focus, d.name, true, d.span);
        focus_ = d.name.name;
        for (const lang::Stmt& s : d.body) {
            visit(s);
        }
        focus_.clear();
    }
    void visit(const lang::MetricRef& r) {
        add(SymbolKind::metric, r.metric, false);
        if (r.scope) {
            out_.back().scope = r.scope->name;
            add(SymbolKind::scope, *r.scope, false);
        }
    }

    // ---- expressions: a bare name is kept as a metric candidate; resolve() drops the names
    // that are no metric (let bindings, `plan`, fields).
    void visit(const lang::InterpolatedString& s) {
        for (const auto& part : s.parts) {
            if (const auto* e = std::get_if<lang::Expr>(&part)) {
                visit(*e);
            }
        }
    }
    void visit(const lang::Expr& e) {
        std::visit(
            Overloaded{[&](const lang::NameExpr& x) { add(SymbolKind::metric, x.name, false); },
                       [&](const lang::MemberExpr& x) { visit(*x.object); },
                       [&](const lang::CallExpr& x) {
                           for (const lang::Expr& a : x.args) {
                               visit(a);
                           }
                       },
                       [&](const lang::UnaryExpr& x) { visit(*x.operand); },
                       [&](const lang::BinaryExpr& x) {
                           visit(*x.lhs);
                           visit(*x.rhs);
                       },
                       [&](const lang::QuantifierExpr& x) { visit(x.predicate); },
                       [&](const lang::FilterExpr& x) { visit(x.predicate); }, [&](const auto&) {}},
            e.kind);
    }
    void visit(const lang::Predicate& p) {
        std::visit(Overloaded{[&](const lang::HasPredicate& x) { visit(x.metric); },
                              [&](const lang::WherePredicate& x) { visit(*x.condition); }},
                   p);
    }

    using LoadedKey = std::string;
    const std::string& key(lang::FileId id) const { return ws_.file(id).key; }

    const runtime::Workspace& ws_;
    lang::FileId file_;
    std::string plan_;
    std::string focus_;
    std::vector<Occurrence> out_;
};

/// Every file's occurrences, and the resolution of one against the others.
class SymbolIndex {
public:
    explicit SymbolIndex(const runtime::Analysis& run) : run_(run) {
        const auto& ws = run.workspace;
        occurrences_.resize(ws.files.size());
        for (lang::FileId id = 0; id < ws.files.size(); ++id) {
            occurrences_[id] = SymbolWalker(ws, id).walk();
        }
    }

    std::optional<lang::FileId> file_of(std::string_view path) const {
        const auto& ws = run_.workspace;
        for (lang::FileId id = 0; id < ws.files.size(); ++id) {
            if (!ws.file(id).is_prelude && ws.sources.file(id).path() == path) {
                return id;
            }
        }
        return std::nullopt;
    }

    /// The symbols of file `id`, resolved; unresolved bare names in expressions are left out.
    std::vector<Symbol> symbols(lang::FileId id) const {
        std::vector<Symbol> out;
        for (const Occurrence& o : occurrences_[id]) {
            if (auto s = resolve(id, o)) {
                out.push_back(std::move(*s));
            }
        }
        return out;
    }

    std::size_t file_count() const { return occurrences_.size(); }
    bool is_prelude(lang::FileId id) const { return run_.workspace.file(id).is_prelude; }

private:
    Span span(lang::SourceSpan s) const {
        if (run_.workspace.file(s.file).is_prelude) {
            return {}; // the prelude is no file an editor can open
        }
        return runtime::to_public(run_.workspace.sources, s);
    }

    /// A declaration of `kind` named `name` in file `in` (in `plan`, when given).
    std::optional<lang::SourceSpan> declared(lang::FileId in, SymbolKind kind,
                                             const std::string& name,
                                             const std::string* plan) const {
        for (const Occurrence& o : occurrences_[in]) {
            if (o.declaration && o.kind == kind && o.name == name && (!plan || o.plan == *plan)) {
                return o.span;
            }
        }
        return std::nullopt;
    }

    std::optional<Symbol> resolve(lang::FileId id, const Occurrence& o) const {
        const auto& ws = run_.workspace;
        Symbol s;
        s.kind = o.kind;
        s.name = o.name;
        s.span = span(o.span);
        s.declaration = o.declaration;
        if (o.extent) {
            s.extent = span(*o.extent);
        }
        s.plan = o.plan;
        s.focus = o.focus;
        s.scope = o.scope;
        if (o.declaration) {
            s.definition = s.span;
            return s;
        }
        std::optional<lang::SourceSpan> target;
        switch (o.kind) {
        case SymbolKind::metric: {
            const auto it = run_.model.metric_names.find(o.name);
            if (it != run_.model.metric_names.end() && ws.sees(id, it->second->file)) {
                s.name = it->second->name();
                target = it->second->decl->name.span;
            }
            break;
        }
        case SymbolKind::source:
            target = declared(id, SymbolKind::source, o.name, &o.plan);
            break;
        case SymbolKind::scope:
            target = declared(id, SymbolKind::scope, o.name, &o.plan);
            if (!target) {
                const std::string top;
                for (const lang::FileId f : ws.visible_files(id)) {
                    if ((target = declared(f, SymbolKind::scope, o.name, &top))) {
                        break;
                    }
                }
            }
            break;
        case SymbolKind::rule:
            for (const lang::FileId f : ws.visible_files(id)) {
                if ((target = declared(f, SymbolKind::rule, o.name, nullptr))) {
                    break;
                }
            }
            break;
        case SymbolKind::plan:
            if (const runtime::Plan* p = run_.model.find_plan(o.name)) {
                target = p->decl->name.span;
            }
            break;
        case SymbolKind::import:
            if (o.imported) {
                s.definition = runtime::to_public(ws.sources, {*o.imported, 0, 0});
            }
            return s;
        default:
            break;
        }
        if (target) {
            s.definition = span(*target);
        } else if (o.kind == SymbolKind::metric && o.scope.empty() && !is_metric_ref_context(o)) {
            return std::nullopt; // a bare name in an expression that is no metric
        }
        return s;
    }

    /// Names written as a metric reference (targets, baselines, `has`) are kept unresolved, so
    /// an editor can still show them; bare names in expressions are not.
    static bool is_metric_ref_context(const Occurrence& o) { return !o.plan.empty(); }

    const runtime::Analysis& run_;
    std::vector<std::vector<Occurrence>> occurrences_;
};

} // namespace

std::string_view to_string(SymbolKind kind) {
    switch (kind) {
    case SymbolKind::metric:
        return "metric";
    case SymbolKind::source:
        return "source";
    case SymbolKind::scope:
        return "scope";
    case SymbolKind::plan:
        return "plan";
    case SymbolKind::focus:
        return "focus";
    case SymbolKind::target:
        return "target";
    case SymbolKind::rule:
        return "rule";
    case SymbolKind::import:
        return "import";
    }
    return "metric";
}

std::vector<Symbol> Analysis::symbols(std::string_view path) const {
    const SymbolIndex index(AnalysisAccess::run(*this));
    const auto id = index.file_of(path);
    return id ? index.symbols(*id) : std::vector<Symbol>{};
}

std::optional<Symbol> Analysis::symbol_at(std::string_view path, std::uint32_t offset) const {
    std::vector<Symbol> all = symbols(path);
    const auto it = std::find_if(all.begin(), all.end(), [&](const Symbol& s) {
        return s.span.begin.offset <= offset && offset <= s.span.end.offset;
    });
    if (it == all.end()) {
        return std::nullopt;
    }
    return std::optional<Symbol>(std::move(*it));
}

std::vector<Symbol> Analysis::references(const Symbol& symbol) const {
    std::vector<Symbol> out;
    if (!symbol.definition) {
        return out;
    }
    const SymbolIndex index(AnalysisAccess::run(*this));
    for (lang::FileId id = 0; id < index.file_count(); ++id) {
        if (index.is_prelude(id)) {
            continue;
        }
        for (Symbol& s : index.symbols(id)) {
            if (s.kind == symbol.kind && s.definition == symbol.definition &&
                (symbol.kind != SymbolKind::metric || s.name == symbol.name)) {
                out.push_back(std::move(s));
            }
        }
    }
    return out;
}

std::vector<std::string> Engine::scale_words() const {
    std::vector<std::string> words = state_->units.scales();
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
}

std::optional<UnitMeaning> Engine::unit_info(std::string_view text) const {
    std::string error;
    const auto unit = state_->units.lookup(text, error);
    if (!unit) {
        return std::nullopt;
    }
    return UnitMeaning{unit->symbol, unit->describe(), unit->scale};
}

std::vector<FunctionInfo> Engine::functions() const {
    std::vector<FunctionInfo> out;
    for (const runtime::detail::Builtin& b : runtime::detail::builtins()) {
        FunctionInfo f{std::string(b.name), std::string(b.signature), {}};
        // The parameters are the upper-case words of the signature: `METRIC`, `YEAR`.
        std::string word;
        for (const char c : f.signature.substr(f.name.size())) {
            if ((c >= 'A' && c <= 'Z') || c == '_') {
                word += c;
            } else if (!word.empty()) {
                f.parameters.push_back(std::move(word));
                word.clear();
            }
        }
        out.push_back(std::move(f));
    }
    for (const runtime::HostFunction& h : state_->functions) {
        FunctionInfo f{h.name, h.name + "(", {}};
        for (std::size_t i = 0; i < h.params.size(); ++i) {
            f.parameters.push_back(h.params[i] ? h.params[i]->symbol : "number");
            f.signature += (i ? ", " : "") + f.parameters.back();
        }
        f.signature +=
            ") -> " + (h.result.symbol.empty() ? std::string("number") : h.result.symbol);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<std::string> keywords() {
    std::vector<std::string> out(lang::statement_keywords.begin(), lang::statement_keywords.end());
    out.insert(out.end(), lang::clause_keywords.begin(), lang::clause_keywords.end());
    return out;
}

} // namespace ingot

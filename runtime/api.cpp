// The public API (include/ingot/ingot.hpp) over the runtime's pipeline. This file only adapts:
// it reads sources, runs runtime::analyze, converts results to public values, and runs the
// host's checks over the public model.
#include "ingot/ingot.hpp"

#include "lang/diagnostic.hpp"
#include "lang/format.hpp"
#include "lang/parser.hpp"
#include "lang/source.hpp"
#include "runtime/analysis.hpp"
#include "runtime/api_access.hpp"
#include "runtime/engine.hpp"
#include "runtime/explain.hpp"
#include "runtime/export.hpp"
#include "runtime/policy.hpp"
#include "runtime/prelude.hpp"
#include "runtime/registry.hpp"
#include "runtime/rules.hpp"
#include "runtime/sources.hpp"
#include "runtime/to_public.hpp"
#include "runtime/value.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>

#ifndef INGOT_VERSION
#define INGOT_VERSION "0.0.0"
#endif

namespace ingot {

namespace fs = std::filesystem;

std::string_view version() {
    return INGOT_VERSION;
}

std::string printable(std::string_view text) {
    return lang::printable(text);
}

std::string_view to_string(CheckOrigin origin) {
    switch (origin) {
    case CheckOrigin::builtin:
        return "built-in";
    case CheckOrigin::host:
        return "host";
    case CheckOrigin::rule:
        return "rule";
    }
    return "built-in";
}

// ---- EngineBuilder ------------------------------------------------------------------------

struct EngineBuilder::State {
    Engine::State engine;
    std::vector<std::string> metric_lines;
    std::set<std::string> metric_names = prelude_metric_names(); // and their `aka` names

    /// The names the prelude declares: `metric NAME … aka A, B`.
    static std::set<std::string> prelude_metric_names() {
        std::set<std::string> names;
        std::string_view text = runtime::prelude_text();
        while (!text.empty()) {
            const std::size_t end = text.find('\n');
            std::string_view line = text.substr(0, end);
            text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
            if (!line.starts_with("metric ")) {
                continue;
            }
            line.remove_prefix(7);
            names.emplace(line.substr(0, line.find(' ')));
            if (const auto aka = line.find(" aka "); aka != std::string_view::npos) {
                std::string_view rest = line.substr(aka + 5);
                while (!rest.empty()) {
                    const std::size_t comma = rest.find(',');
                    std::string_view one = rest.substr(0, comma);
                    while (!one.empty() && one.front() == ' ') {
                        one.remove_prefix(1);
                    }
                    while (!one.empty() && one.back() == ' ') {
                        one.remove_suffix(1);
                    }
                    names.emplace(one);
                    rest = comma == std::string_view::npos ? std::string_view()
                                                           : rest.substr(comma + 1);
                }
            }
        }
        return names;
    }
};

namespace {

[[noreturn]] void usage_error(const std::string& message) {
    throw Error(Error::Kind::usage, message);
}

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

runtime::Unit parse_unit(const runtime::UnitRegistry& units, std::string_view text,
                         std::string_view what) {
    std::string error;
    const auto unit = units.lookup(text, error);
    if (!unit) {
        usage_error(fmt::format("{}: {}", what, error));
    }
    return *unit;
}

} // namespace

EngineBuilder::EngineBuilder() : state_(std::make_unique<State>()) {
    state_->engine.registry = runtime::builtin_checks();
}
EngineBuilder::~EngineBuilder() = default;
EngineBuilder::EngineBuilder(EngineBuilder&&) noexcept = default;
EngineBuilder& EngineBuilder::operator=(EngineBuilder&&) noexcept = default;

EngineBuilder& EngineBuilder::limits(const Limits& limits) {
    state_->engine.limits = limits;
    return *this;
}

EngineBuilder& EngineBuilder::resolver(ImportResolver resolver) {
    state_->engine.resolver = std::move(resolver);
    return *this;
}

EngineBuilder& EngineBuilder::define_unit(std::string name, double factor, const std::string& of) {
    std::string error;
    if (!is_identifier(name)) {
        usage_error(fmt::format("define_unit: `{}` is not a name (letters, digits, `_`)", name));
    }
    if (!state_->engine.units.add_unit(std::move(name), factor, of, error)) {
        usage_error("define_unit: " + error);
    }
    return *this;
}

EngineBuilder& EngineBuilder::define_scale(std::string name, double factor) {
    std::string error;
    if (!is_identifier(name)) {
        usage_error(fmt::format("define_scale: `{}` is not a name (letters, digits, `_`)", name));
    }
    if (!state_->engine.units.add_scale(std::move(name), factor, error)) {
        usage_error("define_scale: " + error);
    }
    return *this;
}

EngineBuilder& EngineBuilder::define_metric(std::string name, std::string unit,
                                            const std::string& label,
                                            std::vector<std::string> aka) {
    for (const std::string& n : aka) {
        if (!is_identifier(n)) {
            usage_error(fmt::format("define_metric: `{}` is not a name", n));
        }
    }
    if (!is_identifier(name)) {
        usage_error(fmt::format("define_metric: `{}` is not a name", name));
    }
    for (const std::string& n : aka) {
        if (n == name) {
            usage_error(fmt::format("define_metric: `{}` is its own other name", name));
        }
    }
    // One name, one metric: neither the name nor an `aka` may be taken already.
    std::vector<const std::string*> candidates{&name};
    candidates.reserve(1 + aka.size());
    for (const std::string& n : aka) {
        candidates.push_back(&n);
    }
    for (const std::string* candidate : candidates) {
        if (state_->metric_names.count(*candidate) > 0) {
            usage_error(
                fmt::format("define_metric: a metric named `{}` exists already", *candidate));
        }
    }
    parse_unit(state_->engine.units, unit, fmt::format("define_metric `{}`", name));
    state_->metric_names.insert(name);
    state_->metric_names.insert(aka.begin(), aka.end());
    std::string quoted;
    for (const char c : label) {
        if (c == '"' || c == '\\' || c == '{' || c == '}') {
            quoted += '\\';
        }
        quoted += c == '\n' ? ' ' : c;
    }
    std::string line = fmt::format("metric {} \"{}\" unit {}", name, quoted, unit);
    if (!aka.empty()) {
        line += fmt::format(" aka {}", fmt::join(aka, ", "));
    }
    state_->metric_lines.push_back(std::move(line));
    return *this;
}

EngineBuilder& EngineBuilder::define_function(std::string name, const FunctionSignature& signature,
                                              HostFunction fn) {
    if (!is_identifier(name)) {
        usage_error(fmt::format("define_function: `{}` is not a name", name));
    }
    if (!fn) {
        usage_error(fmt::format("define_function `{}`: the function is empty", name));
    }
    if (runtime::detail::find_builtin(name) != nullptr) {
        usage_error(fmt::format("define_function: `{}` is a built-in function", name));
    }
    for (const runtime::HostFunction& f : state_->engine.functions) {
        if (f.name == name) {
            usage_error(fmt::format("define_function: `{}` is defined twice", name));
        }
    }
    runtime::HostFunction def;
    const std::string what = fmt::format("define_function `{}`", name);
    std::vector<double> scales;
    for (const std::string& p : signature.params) {
        if (p.empty()) {
            def.params.emplace_back(std::nullopt);
            scales.push_back(1);
        } else {
            def.params.emplace_back(parse_unit(state_->engine.units, p, what));
            scales.push_back(def.params.back()->scale);
        }
    }
    def.result = signature.result.empty()
                     ? runtime::Unit{}
                     : parse_unit(state_->engine.units, signature.result, what);
    def.name = std::move(name);
    // The host works in the units it declared; the runtime in base units.
    def.impl = [fn = std::move(fn), scales = std::move(scales),
                result_scale = def.result.scale](const std::vector<double>& base) {
        std::vector<double> args(base.size());
        for (std::size_t i = 0; i < base.size(); ++i) {
            args[i] = base[i] / (i < scales.size() ? scales[i] : 1.0);
        }
        const std::optional<double> r = fn(args);
        return r ? std::optional<double>(*r * result_scale) : std::nullopt;
    };
    state_->engine.functions.push_back(std::move(def));
    return *this;
}

EngineBuilder& EngineBuilder::define_check(CheckInfo info, HostCheck check) {
    if (info.id.empty() || !check) {
        usage_error("define_check: a check needs an id and a function");
    }
    for (const CheckInfo& c : state_->engine.registry) {
        if (c.id == info.id) {
            usage_error(fmt::format("define_check: `{}` is already a check id", info.id));
        }
    }
    info.origin = CheckOrigin::host;
    state_->engine.registry.push_back(info);
    state_->engine.checks.push_back({std::move(info), std::move(check)});
    return *this;
}

Engine EngineBuilder::build() {
    auto engine = std::make_shared<Engine::State>(std::move(state_->engine));
    engine->prelude = std::string(runtime::prelude_text());
    for (const std::string& line : state_->metric_lines) {
        engine->prelude += line + "\n";
    }
    state_ = std::make_unique<State>();
    state_->engine.registry = runtime::builtin_checks();
    return Engine(std::move(engine));
}

// ---- Engine -------------------------------------------------------------------------------

Engine::Engine() : Engine(runtime::default_engine_state()) {}
Engine::Engine(std::shared_ptr<const State> state) : state_(std::move(state)) {}

const Limits& Engine::limits() const {
    return state_->limits;
}

const std::vector<CheckInfo>& Engine::checks() const {
    return state_->registry;
}

const CheckInfo* Engine::find_check(std::string_view id) const {
    for (const CheckInfo& c : state_->registry) {
        if (c.id == id) {
            return &c;
        }
    }
    return nullptr;
}

std::vector<Metric> Engine::prelude_metrics() const {
    Workspace ws(*this);
    const Analysis analysis = ws.analyze();
    return analysis.metrics();
}

std::vector<UnitInfo> Engine::units() const {
    std::vector<UnitInfo> out;
    for (auto& l : state_->units.listing()) {
        out.push_back({std::move(l.word), l.scale_word, std::move(l.dimension), l.factor,
                       std::move(l.of), std::move(l.same_as), l.host});
    }
    return out;
}

// ---- Analysis -----------------------------------------------------------------------------

struct Analysis::State {
    std::unique_ptr<runtime::Analysis> run;
    std::vector<Diagnostic> diagnostics;
    std::vector<std::string> files;
    std::vector<Plan> plans;
    std::vector<Metric> metrics;
    std::vector<CheckInfo> checks;
    std::unordered_map<std::string_view, std::size_t> plan_index; // name -> first plan of it

    /// The public derivation of plans[i], exported on first use: most analyses (`ingot check`)
    /// never ask, and exporting every plan's figures cost as much as deriving them.
    const Derivation& derivation_at(std::size_t i) const {
        const std::lock_guard<std::mutex> lock(derivations_mutex);
        std::unique_ptr<const Derivation>& slot = derivations[i];
        if (!slot) {
            const runtime::Derivation* d = run->derivations.find(plans[i].name);
            slot = std::make_unique<const Derivation>(
                d ? runtime::export_derivation(*run, *d)
                  : Derivation{plans[i].name, 0, 0, true, {}, {}});
        }
        return *slot;
    }
    mutable std::mutex derivations_mutex;
    mutable std::vector<std::unique_ptr<const Derivation>> derivations; // parallel to plans
    std::map<std::string, lang::FileId, std::less<>> file_ids;
    lang::FileId first_root = 0; // the first source given: `eval` with no plan looks there
};

namespace {

/// A host check's view of one plan; findings are collected as public diagnostics.
class HostCheckContext final : public CheckContext {
public:
    HostCheckContext(const CheckInfo& info, const Plan& plan, const Derivation& derivation,
                     std::vector<Diagnostic>& out)
        : info_(info), plan_(plan), derivation_(derivation), out_(out) {}
    const Plan& plan() const override { return plan_; }
    const Derivation& derivation() const override { return derivation_; }
    void report(std::string message, const Span& span, std::string label) override {
        Diagnostic d;
        d.id = info_.id;
        d.severity = info_.default_severity;
        d.message = std::move(message);
        d.primary = {span, std::move(label)};
        out_.push_back(std::move(d));
    }

private:
    const CheckInfo& info_;
    const Plan& plan_;
    const Derivation& derivation_;
    std::vector<Diagnostic>& out_;
};

/// The `#` comment lines directly above line `line` of `file`, without the `#`.
std::string doc_comment(const lang::SourceFile& file, const lang::File& ast, std::uint32_t line) {
    std::vector<std::string> lines;
    for (auto it = ast.comments.rbegin(); it != ast.comments.rend(); ++it) {
        const std::uint32_t at = file.location(it->span.begin).line;
        if (at >= line) {
            continue;
        }
        if (at + 1 != line || file.location(it->span.begin).column != 1 + [&] {
                const auto text = file.line_text(at);
                return static_cast<std::uint32_t>(text.find_first_not_of(" \t"));
            }()) {
            break;
        }
        std::string text = it->text.substr(1);
        if (!text.empty() && text[0] == ' ') {
            text.erase(0, 1);
        }
        lines.insert(lines.begin(), std::move(text));
        line = at;
    }
    return fmt::format("{}", fmt::join(lines, "\n"));
}

std::vector<CheckInfo> rule_checks(const runtime::Analysis& run) {
    std::vector<CheckInfo> out;
    for (const lang::RuleDecl* rule : run.model.rules) {
        CheckInfo info;
        info.id = rule->name.name;
        info.default_severity = parse_severity(rule->severity.name).value_or(Severity::warning);
        info.category = "rule";
        info.origin = CheckOrigin::rule;
        const lang::SourceFile& file = run.workspace.sources.file(rule->span.file);
        const auto& ast = run.workspace.file(rule->span.file).ast;
        // The doc comment explains; its first sentence, on one line, is the summary.
        info.explanation = doc_comment(file, ast, file.location(rule->span.begin).line);
        std::string flat = info.explanation;
        std::replace(flat.begin(), flat.end(), '\n', ' ');
        // A sentence ends at `. ` not followed by a small letter (not at an ellipsis `... to`).
        std::size_t sentence_end = std::string::npos;
        for (std::size_t i = 1; i + 2 < flat.size(); ++i) {
            if (flat[i] == '.' && flat[i - 1] != '.' && flat[i + 1] == ' ' &&
                !std::islower(static_cast<unsigned char>(flat[i + 2]))) {
                sentence_end = i;
                break;
            }
        }
        info.summary = sentence_end == std::string::npos ? flat : flat.substr(0, sentence_end + 1);
        if (info.summary.empty()) {
            info.summary = fmt::format("analyst rule in {}", file.path());
        }
        out.push_back(std::move(info));
    }
    return out;
}

} // namespace

const runtime::Analysis& AnalysisAccess::run(const Analysis& analysis) {
    return *analysis.state_->run;
}

Analysis::Analysis(std::unique_ptr<State> state) : state_(std::move(state)) {}
Analysis::~Analysis() = default;
Analysis::Analysis(Analysis&&) noexcept = default;
Analysis& Analysis::operator=(Analysis&&) noexcept = default;

const std::vector<Diagnostic>& Analysis::diagnostics() const {
    return state_->diagnostics;
}
const std::vector<std::string>& Analysis::files() const {
    return state_->files;
}
const std::vector<Plan>& Analysis::plans() const {
    return state_->plans;
}
const std::vector<Metric>& Analysis::metrics() const {
    return state_->metrics;
}
const std::vector<CheckInfo>& Analysis::checks() const {
    return state_->checks;
}

const Derivation* Analysis::derivation(std::string_view plan) const {
    const auto it = state_->plan_index.find(plan);
    return it == state_->plan_index.end() ? nullptr : &state_->derivation_at(it->second);
}

Explanation Analysis::explain(std::string_view plan, std::string_view metric,
                              std::optional<int> year) const {
    auto result = runtime::explain_data(*state_->run, plan, metric, year);
    if (!result.explanation) {
        usage_error(result.error);
    }
    return std::move(*result.explanation);
}

EvalResult Analysis::eval(std::string_view plan, std::string_view expression) {
    runtime::Analysis& run = *state_->run;
    const runtime::ExpressionResult r =
        runtime::evaluate_text(run.model, run.derivations, run.workspace, state_->first_root, plan,
                               std::string(expression), run.engine->functions, &run.units);
    if (!r.error.empty()) {
        usage_error(r.error);
    }
    EvalResult out;
    for (const lang::Diagnostic& d : r.diagnostics) {
        out.diagnostics.push_back(runtime::to_public(run.workspace.sources, d));
    }
    if (r.value) {
        out.value = runtime::to_public(*r.value);
    }
    const lang::FileId expr_file =
        static_cast<lang::FileId>(run.workspace.sources.size() - 1); // `<expr>`, just added
    state_->file_ids.insert_or_assign(run.workspace.sources.file(expr_file).path(), expr_file);
    return out;
}

std::vector<std::string> Analysis::imports(std::string_view path) const {
    std::vector<std::string> out;
    const auto it = state_->file_ids.find(path);
    if (it == state_->file_ids.end() || it->second >= state_->run->workspace.files.size()) {
        return out;
    }
    for (const lang::FileId id : state_->run->workspace.file(it->second).imports) {
        out.push_back(state_->run->workspace.sources.file(id).path());
    }
    return out;
}

std::optional<std::string_view> Analysis::source_text(std::string_view path) const {
    const auto it = state_->file_ids.find(path);
    if (it == state_->file_ids.end()) {
        return std::nullopt;
    }
    return std::string_view(state_->run->workspace.sources.file(it->second).text());
}

std::string Analysis::render(const Diagnostic& d, const RenderOptions& options) const {
    const auto internal_span = [&](const Span& s) {
        const auto it = state_->file_ids.find(s.path);
        if (it == state_->file_ids.end()) {
            return lang::SourceSpan{static_cast<lang::FileId>(-1), 0, 0};
        }
        return lang::SourceSpan{it->second, s.begin.offset, s.end.offset};
    };
    lang::Diagnostic internal;
    internal.id = d.id;
    internal.severity = d.severity;
    internal.message = d.message;
    internal.primary = {internal_span(d.primary.span), d.primary.message};
    for (const Label& l : d.secondary) {
        internal.secondary.push_back({internal_span(l.span), l.message});
    }
    internal.notes = d.notes;
    internal.help = d.help;
    return lang::render(internal, state_->run->workspace.sources, {options.color, options.snippet});
}

// ---- values, files, formatting --------------------------------------------------------------

namespace {

runtime::Value to_runtime_value(const Value& v) {
    return std::visit(
        [](const auto& x) -> runtime::Value {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, Unknown>) {
                return runtime::Unknown{x.why};
            } else if constexpr (std::is_same_v<T, Number>) {
                runtime::Unit unit;
                unit.symbol = x.unit;
                runtime::Measure m{x.value, x.low, x.high, unit, x.decimals};
                m.reading = static_cast<runtime::Reading>(x.reading);
                m.lo_open = x.low_open;
                m.hi_open = x.high_open;
                m.change = x.change;
                return m;
            } else if constexpr (std::is_same_v<T, List>) {
                return runtime::Names{x.items};
            } else {
                return x;
            }
        },
        v);
}

} // namespace

std::string to_text(const Value& value, int digits) {
    if (const auto* u = std::get_if<Unknown>(&value)) {
        return "unknown: " + u->why;
    }
    return runtime::to_text(to_runtime_value(value), digits);
}

std::string to_text_with_range(const Value& value, int digits) {
    return runtime::to_text_with_range(to_runtime_value(value), digits);
}

bool outside_range(const Value& value) {
    const auto* n = std::get_if<Number>(&value);
    if (n == nullptr || n->decimals >= 0) {
        return false;
    }
    return runtime::outside_range(
        runtime::figure_of(std::get<runtime::Measure>(to_runtime_value(value))));
}

// The public Reading is the runtime's, converted by value.
static_assert(static_cast<int>(Reading::none) == static_cast<int>(runtime::Reading::none) &&
              static_cast<int>(Reading::above) == static_cast<int>(runtime::Reading::above) &&
              static_cast<int>(Reading::at_most) == static_cast<int>(runtime::Reading::at_most));

std::vector<std::string> find_sources(const std::string& path) {
    return runtime::find_sources(path);
}

std::string read_source(const std::string& path, std::size_t max_bytes) {
    runtime::ReadResult read = runtime::read_source(path, max_bytes);
    if (read.status != runtime::ReadStatus::ok) {
        throw Error(Error::Kind::io, fmt::format("cannot read `{}`: {}", path, read.error));
    }
    return std::move(read.text);
}

SourceVersion read_source_version(const std::string& path, std::size_t max_bytes) {
    runtime::ReadResult read = runtime::read_source(path, max_bytes);
    if (read.status != runtime::ReadStatus::ok) {
        throw Error(Error::Kind::io, fmt::format("cannot read `{}`: {}", path, read.error));
    }
    return {path,      std::move(read.text), read.device, read.inode,
            read.size, read.mtime_ns,        read.mode};
}

void rewrite_source(const SourceVersion& read, std::string_view text) {
    runtime::rewrite_source(read, text);
}

FormatResult format_source(std::string_view path, std::string_view text,
                           const RenderOptions& options) {
    lang::SourceMap sources;
    const lang::FileId id = sources.add(std::string(path), std::string(text));
    const lang::ParseResult parsed = lang::parse_file(sources, id);
    FormatResult out;
    if (!parsed.ok()) {
        for (const lang::Diagnostic& d : parsed.diagnostics) {
            out.diagnostics.push_back(runtime::to_public(sources, d));
            out.rendered += lang::render(d, sources, {options.color, options.snippet});
        }
        return out;
    }
    out.text = lang::format_file(parsed.file, sources.file(id));
    return out;
}

// ---- Workspace ----------------------------------------------------------------------------

struct Workspace::State {
    std::shared_ptr<const Engine::State> engine;
    std::string root;
    std::vector<runtime::SourceText> sources;                  // in the order added
    std::unordered_map<std::string, std::size_t> source_index; // path -> position in `sources`
};

Workspace::Workspace(Engine engine, std::string root) : state_(std::make_unique<State>()) {
    state_->engine = std::move(engine.state_);
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        throw Error(Error::Kind::io, fmt::format("the root `{}` is not a folder", root));
    }
    state_->root = std::move(root);
}
Workspace::~Workspace() = default;
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;

const std::string& Workspace::root() const {
    return state_->root;
}

void Workspace::add_path(const std::string& path) {
    for (const std::string& file : runtime::find_sources(path)) {
        runtime::ReadResult read =
            runtime::read_source(file, state_->engine->limits.max_source_bytes);
        if (read.status != runtime::ReadStatus::ok &&
            read.status != runtime::ReadStatus::too_large) {
            throw Error(Error::Kind::io, fmt::format("cannot read `{}`: {}", file, read.error));
        }
        const bool over = read.status == runtime::ReadStatus::too_large;
        set_source(file, std::move(read.text));
        if (over) {
            const std::string key = fs::path(file).lexically_normal().string();
            state_->sources[state_->source_index.at(key)].over_limit = true;
        }
    }
}

void Workspace::set_source(const std::string& path, std::string text) {
    const std::string key = fs::path(path).lexically_normal().string();
    if (const auto it = state_->source_index.find(key); it != state_->source_index.end()) {
        runtime::SourceText& s = state_->sources[it->second];
        s.text = std::move(text);
        s.over_limit = false;
        return;
    }
    state_->source_index.emplace(key, state_->sources.size());
    state_->sources.push_back({key, std::move(text), false});
}

bool Workspace::remove_source(const std::string& path) {
    const std::string key = fs::path(path).lexically_normal().string();
    const auto it = state_->source_index.find(key);
    if (it == state_->source_index.end()) {
        return false;
    }
    const std::size_t removed = it->second;
    state_->sources.erase(state_->sources.begin() + static_cast<std::ptrdiff_t>(removed));
    state_->source_index.erase(it);
    for (auto& [_, position] : state_->source_index) {
        if (position > removed) {
            --position;
        }
    }
    return true;
}

std::vector<std::string> Workspace::paths() const {
    std::vector<std::string> out;
    for (const runtime::SourceText& s : state_->sources) {
        out.push_back(s.path);
    }
    return out;
}

Analysis Workspace::analyze(const AnalyzeOptions& options) const {
    const Engine::State& engine = *state_->engine;
    std::vector<runtime::SourceText> rulebooks;
    for (const std::string& path : options.rulebooks) {
        const std::string key = fs::path(path).lexically_normal().string();
        if (const auto given = state_->source_index.find(key);
            given != state_->source_index.end()) {
            rulebooks.push_back(state_->sources[given->second]);
            continue;
        }
        runtime::ReadResult read = runtime::read_source(path, engine.limits.max_source_bytes);
        if (read.status != runtime::ReadStatus::ok) {
            throw Error(Error::Kind::io, fmt::format("cannot read `{}`: {}", path, read.error));
        }
        rulebooks.push_back({key, std::move(read.text), false});
    }
    runtime::AnalysisOptions run_options;
    run_options.derivation.about_tolerance = options.about_tolerance;
    run_options.derivation.plausible_change = options.plausible_change;
    run_options.derivation.digits = std::clamp(options.digits, 1, 15);
    run_options.derivation.max_period_years = engine.limits.max_period_years;
    {
        // The derivation reports `implied` and `on-track`, and the analysis `changed-target`,
        // only when selected (`implied` costs a solve per target); `--implied` selects them.
        runtime::Policy selection;
        selection.select = options.select;
        selection.ignore = options.ignore;
        const auto selected = [&](std::string_view id) {
            const CheckInfo& check = *runtime::find_builtin_check(id);
            return runtime::enabled(check, selection) ||
                   (options.implied &&
                    std::find(options.ignore.begin(), options.ignore.end(), check.id) ==
                        options.ignore.end() &&
                    std::find(options.ignore.begin(), options.ignore.end(), check.category) ==
                        options.ignore.end());
        };
        run_options.derivation.report_implied = selected(runtime::check::implied);
        run_options.derivation.report_on_track = selected(runtime::check::on_track);
        run_options.report_changed_target = selected(runtime::check::changed_target);
    }
    run_options.threads = options.threads;
    ImportResolver resolver = engine.resolver
                                  ? engine.resolver
                                  : confined_resolver(state_->root, engine.limits.max_source_bytes);

    auto state = std::make_unique<Analysis::State>();
    state->run =
        runtime::analyze(state_->engine, state_->sources, rulebooks, resolver, run_options);
    const runtime::Analysis& run = *state->run;
    const lang::SourceMap& sources = run.workspace.sources;

    for (const lang::FileId id : run.workspace.load_order()) {
        const runtime::LoadedFile& file = run.workspace.file(id);
        state->file_ids.emplace(sources.file(id).path(), id);
        if (!file.is_prelude) {
            state->files.push_back(sources.file(id).path());
        }
    }
    if (!state_->sources.empty()) {
        const auto it = state->file_ids.find(state_->sources.front().path);
        state->first_root = it == state->file_ids.end() ? 0 : it->second;
    }
    for (const lang::Diagnostic& d : run.workspace.diagnostics) {
        state->diagnostics.push_back(runtime::to_public(sources, d));
    }
    state->plans = runtime::export_plans(run, options.threads);
    state->metrics = runtime::export_metrics(run);
    state->derivations.resize(state->plans.size());
    for (std::size_t i = 0; i < state->plans.size(); ++i) {
        state->plan_index.emplace(state->plans[i].name, i);
    }
    for (const HostCheckDef& check : engine.checks) {
        for (std::size_t i = 0; i < state->plans.size(); ++i) {
            HostCheckContext context(check.info, state->plans[i], state->derivation_at(i),
                                     state->diagnostics);
            check.check(context);
        }
    }
    state->checks = engine.registry;
    const auto rules = rule_checks(run);
    state->checks.insert(state->checks.end(), rules.begin(), rules.end());
    runtime::Policy policy;
    policy.select = options.select;
    if (options.implied) {
        if (!policy.select) {
            policy.select.emplace();
            for (const CheckInfo& c : state->checks) {
                if (c.enabled_by_default) {
                    policy.select->push_back(c.id);
                }
            }
        }
        policy.select->push_back(std::string(runtime::check::implied));
        policy.select->push_back(std::string(runtime::check::on_track));
        policy.select->push_back(std::string(runtime::check::changed_target));
    }
    policy.ignore = options.ignore;
    policy.severity = options.severity;
    policy.suppressions = options.suppressions;
    state->diagnostics =
        runtime::apply_policy(std::move(state->diagnostics), state->checks, policy, run);
    std::stable_sort(state->diagnostics.begin(), state->diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.primary.span.path, a.primary.span.begin.offset, a.id) <
                                std::tie(b.primary.span.path, b.primary.span.begin.offset, b.id);
                     });
    return Analysis(std::move(state));
}

} // namespace ingot

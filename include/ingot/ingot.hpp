// Ingot's embedding API: the one header a host includes.
//
//     #include <ingot/ingot.hpp>
//
//     ingot::Engine engine = ingot::EngineBuilder().build(); // units, prelude, built-in checks
//     ingot::Workspace ws(engine, "plans");                   // imports stay inside plans/
//     ws.add_path("plans");                                   // every *.plan and *.rules
//     ingot::Analysis analysis = ws.analyze();                // parse, lower, derive, check
//     for (const ingot::Diagnostic& d : analysis.diagnostics())
//         std::cout << analysis.render(d);
//
// Compile once, analyse many: an Engine is built once and is immutable afterwards; it holds no
// global or static mutable state, so one Engine may be shared by any number of threads, each
// with its own Workspaces. A Workspace (the sources of one analysis) and an Analysis (its
// results) belong to one thread at a time. Results are values: diagnostics, the plan model,
// derived ranges with their provenance, explanations — the text renderers are separate
// functions over the same data.
//
// Errors: findings about the files (syntax, names, units, imports, limits) are Diagnostics and
// never throw; misuse of the API and unreadable paths throw ingot::Error (see error.hpp).
#pragma once

#include "ingot/checks.hpp"
#include "ingot/compare.hpp"
#include "ingot/diagnostic.hpp"
#include "ingot/diff.hpp"
#include "ingot/error.hpp"
#include "ingot/explain.hpp"
#include "ingot/export.hpp"
#include "ingot/figures.hpp"
#include "ingot/html_report.hpp"
#include "ingot/model.hpp"
#include "ingot/report.hpp"
#include "ingot/testing.hpp"
#include "ingot/value.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ingot {

/// The version of the library, "MAJOR.MINOR.PATCH".
INGOT_API std::string_view version();

// ---- limits -------------------------------------------------------------------------------

/// Resource bounds of one analysis. The defaults are far above what real plans need; reaching
/// one is a `limit` diagnostic naming it, never a crash.
struct Limits {
    std::size_t max_source_bytes = 16u << 20; // one file or in-memory source
    std::size_t max_files = 100000;           // files in one analysis, imports included
    unsigned max_depth = 100;                 // nesting of expressions
    std::uint64_t max_steps = 100000;         // evaluation steps of one rule on one plan
    int max_period_years = 100;               // years of one plan's period that are derived
};

// ---- imports ------------------------------------------------------------------------------

/// An `import "PATH"` to resolve: the importing file's path and the path as written.
struct ImportRequest {
    std::string importer;
    std::string path;
};

/// What a resolver answers: the text of the imported source and the path it is known by (one
/// source per path, however often imported) — or, when `error` is set, why it is refused. A
/// refusal must not contain any of the refused file's content.
struct ImportResult {
    std::string path;
    std::string text;
    std::optional<std::string> error;
    bool over_limit = false; // refused for its size: reported as `limit`, not `import`
};

/// Resolves imports. Called on the analysing thread; must be safe to call from several threads
/// at once when the Engine is shared.
using ImportResolver = std::function<ImportResult(const ImportRequest&)>;

/// The default resolver: paths are relative to the importing file's folder and must stay inside
/// `root` (absolute paths and `..` that leave it are refused without being opened); only regular
/// files are read, symlinks must resolve inside `root` too, and no more than `max_bytes` are read.
INGOT_API ImportResolver confined_resolver(const std::string& root,
                                           std::size_t max_bytes = 16u << 20);

// ---- host extensions ----------------------------------------------------------------------

/// The signature of a host function: the unit of each argument ("" for a plain number such as a
/// year) and of the result. Units are written as in plan files: "CNY", "bn CNY", "%/yr", "t".
struct FunctionSignature {
    std::vector<std::string> params;
    std::string result;
};

/// A host function: receives each argument in its parameter's unit and returns the result in
/// the result's unit, or nullopt for "no value" (the rule then does not apply). Must be pure and
/// thread-safe: it may run on several threads at once.
using HostFunction = std::function<std::optional<double>(const std::vector<double>& args)>;

/// What a host check sees of one plan, and how it reports.
class INGOT_API CheckContext {
public:
    virtual ~CheckContext() = default;
    virtual const Plan& plan() const = 0;
    virtual const Derivation& derivation() const = 0;
    /// Reports a finding of the check at `span` (a span taken from plan() or derivation()).
    virtual void report(std::string message, const Span& span, std::string label = {}) = 0;
};

/// A host check: called once per plan. Must be thread-safe, as HostFunction.
using HostCheck = std::function<void(CheckContext& context)>;

/// A unit as Engine::unit_info describes it.
struct UnitMeaning {
    std::string unit;    // as written, normalised: `bn CNY`
    std::string meaning; // its dimension, as messages say it: "a mass", "money (CNY)", "a rate"
    double scale = 1;    // how many of the dimension's base unit one of it is (1e6 for `Mt`)
};

/// A function rules can call (Engine::functions): for signature help and docs.
struct FunctionInfo {
    std::string name;
    std::string signature;               // `growth(METRIC[, YEAR])`, `to_kgce(t) -> kgce`
    std::vector<std::string> parameters; // as the signature names them: `METRIC`, `YEAR`
};

class Engine;

/// One word of an Engine's units, as `ingot units` lists it: `Mt` (a unit word: 10⁶ of `t`,
/// mass), `bn` (a scale word: 10⁹), `万吨`'s parts `万` (alias of `wan`) and `吨` (alias of `t`).
struct UnitInfo {
    std::string word;
    bool scale_word = false; // a scale word (`bn`, `万`), written before a unit word
    std::string dimension;   // "a mass", "money (CNY)", "a share (%)"; empty for a scale word
    double factor = 1;       // how many `of` one of this word is; a scale word's multiplier
    std::string of;          // the reference unit of the dimension (`t`, `J`); empty for scales
    std::string same_as;     // the word this one is an alias of (`吨` → `t`), or empty
    bool host = false;       // defined by EngineBuilder::define_unit or define_scale
};

/// Collects the configuration of an Engine; build() freezes it. Definition errors (a name
/// defined twice, a unit that does not parse) throw Error(usage) at the call.
class INGOT_API EngineBuilder {
public:
    EngineBuilder();
    ~EngineBuilder();
    EngineBuilder(EngineBuilder&&) noexcept;
    EngineBuilder& operator=(EngineBuilder&&) noexcept;

    EngineBuilder& limits(const Limits& limits);
    /// Replaces the default resolver (confined to each Workspace's root).
    EngineBuilder& resolver(ImportResolver resolver);
    /// A unit word: `name` is `factor` × `of` ("ktce", 1000, "tce"; "heads", 1, "count").
    EngineBuilder& define_unit(std::string name, double factor, const std::string& of);
    /// A scale word usable before any unit word ("lakh", 1e5).
    EngineBuilder& define_scale(std::string name, double factor);
    /// A metric every file sees, as if the prelude declared it.
    EngineBuilder& define_metric(std::string name, std::string unit, const std::string& label = {},
                                 std::vector<std::string> aka = {});
    /// A function rules can call; arity and units are checked when a rulebook loads.
    EngineBuilder& define_function(std::string name, const FunctionSignature& signature,
                                   HostFunction fn);
    /// A check in C++ that reports like a built-in and has an entry in the registry.
    /// `info.origin` is set to host; `info.id` must not be a built-in id.
    EngineBuilder& define_check(CheckInfo info, HostCheck check);

    /// The Engine. The builder is left empty.
    Engine build();

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// Units, prelude, built-in functions and checks, host extensions, limits, resolver. Immutable;
/// copies share one state; safe to use from any number of threads at once.
class INGOT_API Engine {
public:
    /// An engine with the defaults, as EngineBuilder().build().
    Engine();

    const Limits& limits() const;
    /// The registry: every built-in and host check, in pipeline order.
    const std::vector<CheckInfo>& checks() const;
    /// The registry entry of `id`, or null.
    const CheckInfo* find_check(std::string_view id) const;
    /// The metrics every file sees (the prelude and host metrics).
    std::vector<Metric> prelude_metrics() const;
    /// Every unit word, then every scale word (built-in, then the host's), then `%`, `pp` and
    /// `%/yr`: the vocabulary of units that plan figures are written in.
    std::vector<UnitInfo> units() const;
    /// The scale words that may stand before a unit word (`bn`, `wan`, host scales), sorted.
    std::vector<std::string> scale_words() const;
    /// What the unit written `text` (`Mt`, `bn CNY`, `%/yr`) means, or nullopt when it is no
    /// unit the engine knows.
    std::optional<UnitMeaning> unit_info(std::string_view text) const;
    /// The functions rules can call: the built-ins, then the host's.
    std::vector<FunctionInfo> functions() const;

    struct State; // internal

private:
    friend class EngineBuilder;
    friend class Workspace;
    friend class RuleSet;
    explicit Engine(std::shared_ptr<const State> state);
    std::shared_ptr<const State> state_;
};

// ---- analysis -----------------------------------------------------------------------------

struct AnalyzeOptions {
    /// Rulebooks applied to every plan, as if each plan imported them (`ingot check --rules`).
    std::vector<std::string> rulebooks;
    /// `~` widens a figure by this fraction of its value (at least its written precision).
    double about_tolerance = 0.10;
    /// Two level figures of a series that imply a larger yearly change, up or down, are an
    /// `implausible-change` (0.5: ±50 %/yr) — the mark of a figure read at the wrong scale.
    double plausible_change = 0.5;
    /// Report `implied` findings (off by default); the same as selecting `implied`.
    bool implied = false;
    /// Significant digits of the figures findings and rule messages show, at least: more where
    /// a range needs them (docs/language.md, "How figures are printed"). Clamped to 1 … 15.
    int digits = 3;

    /// Which checks report, by check id or category (`names`, `rule` for every analyst rule);
    /// nullopt: every check that is on by default. Unknown entries select nothing (a host that
    /// reads them from a file validates them against Analysis::checks()).
    std::optional<std::vector<std::string>> select;
    /// Check ids or categories never reported; wins over `select`. `syntax` is always reported.
    std::vector<std::string> ignore;
    /// Severity by check id, replacing the default.
    std::map<std::string, Severity, std::less<>> severity;
    /// Honour (and check) `# ingot: allow(ID) reason` comments in the files.
    bool suppressions = true;

    /// Threads for the per-file and per-plan work — parsing the given sources, deriving the
    /// plans, exporting them — 0: one per core. Results do not depend on it: every item is
    /// computed into its own slot and gathered in order. Imports, rules and host checks run on
    /// the calling thread.
    unsigned threads = 1;
};

struct RenderOptions {
    bool color = false;
    bool snippet = true; // false: the headline, notes and help only
};

/// The outcome of Analysis::eval: a value, or diagnostics about the expression.
struct EvalResult {
    std::optional<Value> value;
    std::vector<Diagnostic> diagnostics;
};

/// What a name in a source names (Analysis::symbols).
enum class SymbolKind { metric, source, scope, plan, focus, target, rule, import };

/// "metric", "source", "scope", "plan", "focus", "target", "rule", "import".
INGOT_API std::string_view to_string(SymbolKind kind);

/// One name as written in a source: a declaration (`metric unit_value …`, `source ILK …`,
/// `target iva: …`) or a reference to one (`value_added` in a target, `ILK` in a citation,
/// `metals` in `output(metals)`, the path of an `import`).
struct Symbol {
    SymbolKind kind = SymbolKind::metric;
    std::string name; // as declared: an `aka` name resolves to the metric's own name
    Span span;        // the name as written here (an import: its quoted path)
    /// Where what it names is declared: the declaration's name (an import: the start of the
    /// imported file). Equal to `span` for a declaration; nullopt when the name resolves to
    /// nothing; an empty path for the prelude's and the host's metrics.
    std::optional<Span> definition;
    bool declaration = false;
    /// Declarations: the whole statement or block (`plan … { … }`), for outlines and folding.
    std::optional<Span> extent;
    std::string plan;  // the plan the name is written in; "" outside plans
    std::string focus; // the focus it is written in; "" outside focuses
    /// References to a metric in a target or baseline: the scope it is qualified by
    /// (`metals` in `output(metals)`), so that Analysis::explain can be asked for the series.
    std::string scope;
};

class Analysis;
struct AnalysisAccess; // internal

/// The sources of one analysis: files read from disk and in-memory buffers, by path. Adding,
/// replacing and removing sources is cheap; analyze() reads nothing from disk but imports.
/// Not thread-safe: one thread at a time.
class INGOT_API Workspace {
public:
    /// Imports resolve inside `root` (with the default resolver). `root` must be a folder.
    explicit Workspace(Engine engine, std::string root = ".");
    ~Workspace();
    Workspace(Workspace&&) noexcept;
    Workspace& operator=(Workspace&&) noexcept;

    const std::string& root() const;

    /// Adds a file, or every `*.plan` and `*.rules` under a folder (recursively, sorted, hidden
    /// entries skipped), reading them now. Throws Error(io) when a path cannot be read; what was
    /// read before the failure stays added.
    void add_path(const std::string& path);
    /// Adds or replaces the source known as `path` with `text` (an editor's unsaved buffer).
    void set_source(const std::string& path, std::string text);
    /// Removes the source known as `path`; false when there is none.
    bool remove_source(const std::string& path);
    /// The paths of the sources, in the order they were added.
    std::vector<std::string> paths() const;

    /// Parses, follows imports, lowers, derives, and runs the checks and rules.
    Analysis analyze(const AnalyzeOptions& options = {}) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// Everything one analysis found. Independent of the Workspace it came from (editing the
/// Workspace afterwards does not change it). Const members are safe to call concurrently;
/// eval() is not const.
class INGOT_API Analysis {
public:
    ~Analysis();
    Analysis(Analysis&&) noexcept;
    Analysis& operator=(Analysis&&) noexcept;

    /// Every finding, sorted by file, line, column and id.
    const std::vector<Diagnostic>& diagnostics() const;
    /// The files analysed, imports included, in load order (not the prelude).
    const std::vector<std::string>& files() const;
    const std::vector<Plan>& plans() const;
    const std::vector<Metric>& metrics() const;
    /// The derivation of `plan`, or null when there is no such plan.
    const Derivation* derivation(std::string_view plan) const;
    /// The registry as this analysis saw it: the engine's checks, then one entry per analyst
    /// rule (id = the rule's name, explanation = its doc comment).
    const std::vector<CheckInfo>& checks() const;

    /// How `plan`'s figures imply the series `metric` (`unit_value`, `output(metals)`, an `aka`
    /// name); with `year`, that year only. Throws Error(usage) for an unknown plan or metric, a
    /// metric the plan says nothing about, or a year outside the plan's years.
    Explanation explain(std::string_view plan, std::string_view metric,
                        std::optional<int> year = std::nullopt) const;

    /// Evaluates a rule expression for `plan`, seen from the file that declares it; "" means
    /// the one plan of the first source added to the Workspace. Mistakes in the expression are
    /// diagnostics; an unknown plan, or "" when that source holds no plan or several, throws
    /// Error(usage).
    EvalResult eval(std::string_view plan, std::string_view expression);

    /// The files `path` imports directly (as loaded: resolved and normalised), in import order;
    /// empty for an unknown path.
    std::vector<std::string> imports(std::string_view path) const;

    /// The text of the source loaded as `path` (a file, an import or an in-memory buffer), or
    /// nullopt when this analysis has no such source. Valid as long as the Analysis.
    std::optional<std::string_view> source_text(std::string_view path) const;

    /// A diagnostic of this analysis as a compiler would print it, ending with a newline:
    /// `PATH:LINE:COL: SEVERITY[ID]: message`, the source lines, notes and help.
    std::string render(const Diagnostic& diagnostic, const RenderOptions& options = {}) const;

    /// Every name written in the source loaded as `path` — declarations and references of
    /// metrics, sources, scopes, plans, focuses, targets, rules and imports — in source order
    /// (see Symbol). Empty for an unknown path. For editors: outline, go to definition.
    std::vector<Symbol> symbols(std::string_view path) const;
    /// The name written at byte `offset` of `path` (its span holds the offset, or ends at it),
    /// or nullopt when there is none there.
    std::optional<Symbol> symbol_at(std::string_view path, std::uint32_t offset) const;
    /// Every occurrence, in every source of the analysis, of what `symbol` names (its
    /// declaration included): the symbols whose `definition` equals `symbol.definition`. Empty
    /// when `symbol` is unresolved.
    std::vector<Symbol> references(const Symbol& symbol) const;

    struct State; // internal

private:
    friend class Workspace;
    friend struct AnalysisAccess;
    explicit Analysis(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// ---- compiled rule sets --------------------------------------------------------------------

/// A rulebook compiled once and evaluated over the plans of any number of analyses, for hosts
/// that run the same rules in a loop (scenario sweeps):
///
///     ingot::RuleSet rules(engine, "climb.rules", text);  // parse and check, once
///     for (const ingot::Analysis& a : scenarios)
///         for (const ingot::Diagnostic& d : rules.evaluate(a)) ...
///
/// The rulebook holds per-plan rules (and comments and tests, which are ignored). Its
/// expressions may name the metrics every file sees: the engine's prelude and host metrics.
/// Any other declaration (`import`, `metric`, `identity`, `scope`, `plan`, a `for series` rule)
/// is an `invalid-rule` error, and then no rule of the set runs: its names would mean something
/// else in each analysis. Immutable after construction; evaluate() may run on several threads
/// at once.
class INGOT_API RuleSet {
public:
    /// Parses `text` (known as `path` in diagnostics) and checks its rules against `engine`.
    /// Mistakes are diagnostics(), never exceptions; a rule with a mistake does not run.
    RuleSet(const Engine& engine, std::string path, std::string text);
    ~RuleSet();
    RuleSet(const RuleSet&);
    RuleSet& operator=(const RuleSet&);
    RuleSet(RuleSet&&) noexcept;
    RuleSet& operator=(RuleSet&&) noexcept;

    /// The rulebook's mistakes (syntax, names, units, declarations it may not hold), sorted by
    /// position. Their spans name `path`.
    const std::vector<Diagnostic>& diagnostics() const;
    /// The names of the rules that run, in source order.
    std::vector<std::string> rules() const;

    /// Evaluates every rule on every plan of `analysis`, rule by rule in source order, each over
    /// the plans in the analysis's order; a rule sees the plans of the plan's series as `plans`.
    /// A finding is what the analysis itself reports when the rulebook is one of
    /// AnalyzeOptions::rulebooks: id = the rule's name, its severity, message and spans (which
    /// point at the plan's figures, so Analysis::render shows them). A rule that meets a number
    /// out of range or the step limit on a plan gives a `number-range` or `limit` error whose
    /// span names the rulebook. No policy applies (select, ignore, severity, suppressions): the
    /// host filters. Throws Error(usage) when `analysis` was made with another Engine (a copy
    /// of `engine` is the same engine).
    std::vector<Diagnostic> evaluate(const Analysis& analysis) const;

    struct State; // internal

private:
    std::shared_ptr<const State> state_;
};

// ---- files and formatting ------------------------------------------------------------------

/// `path` if it is a file; every `*.plan` and `*.rules` under it if a folder (recursively,
/// sorted, hidden entries skipped). Throws Error(io) when it does not exist or cannot be listed.
INGOT_API std::vector<std::string> find_sources(const std::string& path);

/// The text of the regular file `path`, reading at most `max_bytes`. Throws Error(io) when it is
/// missing, not a regular file (a FIFO, a device), larger than `max_bytes`, or unreadable.
INGOT_API std::string read_source(const std::string& path, std::size_t max_bytes = 16u << 20);

/// A file's text together with what identifies the version that was read, so that a later
/// `rewrite_source` can tell whether the file changed in between.
struct SourceVersion {
    std::string path; // as given (a symbolic link is read through, and stays a link)
    std::string text;
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0; // modification time, nanoseconds since the epoch
    std::uint32_t mode = 0;    // permission bits
};

/// `read_source`, keeping the version's identity (device, inode, size, modification time).
INGOT_API SourceVersion read_source_version(const std::string& path,
                                            std::size_t max_bytes = 16u << 20);

/// Replaces the file `read` came from with `text`, so that a crash leaves the old or the new
/// file, never a mix, and nothing is lost:
///  - a symbolic link stays a link: the file it resolves to is rewritten;
///  - the new file keeps the old one's permission bits (and, where allowed, its owner);
///  - the text goes to a temporary file in the same folder, flushed to disk, then renamed over
///    the file, and the folder is flushed too, so the rename itself survives a crash.
/// Throws Error(io), leaving the file as it is, when the file is read-only (its owner has no
/// write permission: checked on the mode bits, so it holds for root too), when it changed since
/// `read` (another inode, size, modification time or text: an edit saved in between is kept),
/// or when writing fails. A failure to flush the folder after the rename is reported too, though
/// the new text is then in place.
INGOT_API void rewrite_source(const SourceVersion& read, std::string_view text);

/// The outcome of formatting one source: the canonical text, or the syntax errors that prevent
/// it (then `text` is empty and `rendered` holds them as `Analysis::render` would).
struct FormatResult {
    std::optional<std::string> text;
    std::vector<Diagnostic> diagnostics;
    std::string rendered;
};

/// Formats `text` (known as `path` in diagnostics) in the canonical layout, keeping comments.
/// Idempotent; never changes meaning.
INGOT_API FormatResult format_source(std::string_view path, std::string_view text,
                                     const RenderOptions& options = {});

// ---- fixes ---------------------------------------------------------------------------------

/// The outcome of applying fixes to one text: the new text and which fixes it took.
struct FixResult {
    std::string text;
    std::vector<std::size_t> applied; // indices into the fixes given, in the order given
    std::vector<std::size_t> skipped; // indices of fixes left out: overlapping or out of range
};

/// Applies `fixes` to `text`, the source every one of their edits points into (pass the fixes of
/// one file: the edits' paths are not compared, their byte offsets are used). Fixes are taken
/// whole, in the order given: a fix is skipped when one of its edits overlaps an edit of a fix
/// already taken (two edits that start at the same offset overlap; edits that only touch do
/// not), or reaches past the end of `text` or ends before it begins. Editors' code actions and
/// `ingot check --fix` apply fixes through this function, so both make the same change.
/// Applying the taken fixes once more to the result is not meaningful: analyse the new text
/// again for the fixes that remain.
INGOT_API FixResult apply_fixes(std::string_view text, const std::vector<Fix>& fixes);

// ---- language vocabulary ------------------------------------------------------------------

/// The words that begin a statement (`plan`, `target`, `baseline`, `rule`, …) and the verbs of
/// a target's clauses (`grows`, `reaches`, …): what an editor offers to complete.
INGOT_API std::vector<std::string> keywords();

} // namespace ingot

// The test runner behind `ingot test`: test blocks → one analysis per test → pass/fail, and the
// rules' coverage.
//
// Input: the `*.rules` files under the given paths. Each `test` block's plan (written inline, or
// a plan file) is analysed on its own — with the test's further plans, if any, as context, such
// as the plan it `follows` — with the rules of the test's file applied to it as if it
// imported that file (and, for `NAME_test.rules`, its sibling `NAME.rules`); the expectations are
// then compared with what the analysis found. An inline plan is analysed as the source
// `FILE#TEST` whose text is the plan block alone, so a finding's line there is counted from the
// `plan` line (line 1). Result: a TestRun (include/ingot/testing.hpp).
#include "ingot/testing.hpp"

#include "ingot/ingot.hpp"
#include "lang/ast.hpp"
#include "lang/parser.hpp"
#include "runtime/api_access.hpp"
#include "runtime/sources.hpp"
#include "runtime/to_public.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>

namespace ingot {

namespace {

namespace fs = std::filesystem;

struct TestFile {
    std::string path;
    lang::SourceMap sources;
    lang::FileId id = 0;
    lang::File ast;
    std::vector<lang::Diagnostic> syntax;

    const lang::SourceFile& source() const { return sources.file(id); }
    std::string_view text(lang::SourceSpan span) const {
        return std::string_view(source().text()).substr(span.begin, span.end - span.begin);
    }
    std::uint32_t line(std::uint32_t offset) const { return source().location(offset).line; }
};

/// What the tests did with one rule, merged over every test.
struct Trace {
    bool fired = false;
    bool silent = false;
    std::vector<bool> evaluated;
};

std::string quote_text(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

/// A finding as a failure shows it: `warning[id] line 6: message`.
std::string finding_text(const Diagnostic& d) {
    return fmt::format("{}[{}] line {}: {}", to_string(d.severity), d.id, d.primary.span.begin.line,
                       d.message);
}

/// The sibling rulebook a `NAME_test.rules` file tests, when it exists.
std::optional<std::string> sibling_of(const std::string& path) {
    constexpr std::string_view suffix = "_test.rules";
    if (path.size() <= suffix.size() ||
        path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return std::nullopt;
    }
    std::string sibling = path.substr(0, path.size() - suffix.size()) + ".rules";
    std::error_code ec;
    if (!fs::is_regular_file(sibling, ec)) {
        return std::nullopt;
    }
    return sibling;
}

class Runner {
public:
    Runner(const Engine& engine, const TestOptions& options) : engine_(engine), options_(options) {}

    void run(const TestFile& file, const lang::TestDecl& test, TestRun& out) {
        TestResult result;
        result.name = test.name.name;
        result.label = test.label ? test.label->value : "";
        result.span = runtime::to_public(file.sources, test.name.span);
        file_ = &file;
        // Both are reset by finish(), which every return from run passes through; cppcheck
        // does not follow that.
        // cppcheck-suppress danglingLifetime
        result_ = &result;

        Workspace ws(engine_, options_.root);
        AnalyzeOptions analyze;
        analyze.rulebooks.push_back(file.path);
        if (const auto sibling = sibling_of(file.path)) {
            analyze.rulebooks.push_back(*sibling);
        }
        // The first `plan` is the plan under test; any others are context, analysed with it
        // (such as the plan it `follows`), whose findings are not compared.
        std::vector<const lang::TestStmt*> plans;
        for (const lang::TestStmt& stmt : test.body) {
            if (std::holds_alternative<lang::PlanDecl>(stmt) ||
                std::holds_alternative<lang::PlanFile>(stmt)) {
                plans.push_back(&stmt);
            }
        }
        if (plans.empty()) {
            fail(test.name.span, "a test with a `plan`", "no plan");
            finish(result, out);
            return;
        }
        std::string plan_path;
        std::string plan_name;
        for (std::size_t i = 0; i < plans.size(); ++i) {
            const auto added = add_plan(*plans[i], file, test, i, ws);
            if (!added) {
                finish(result, out);
                return;
            }
            if (i == 0) {
                plan_path = added->first;
                plan_name = added->second;
            }
        }

        Analysis analysis = ws.analyze(analyze);
        if (plan_name.empty()) { // a plan file: its plan
            for (const Plan& p : analysis.plans()) {
                if (p.path == plan_path) {
                    plan_name = p.name;
                }
            }
        }
        merge_traces(analysis);

        std::vector<const Diagnostic*> found;
        for (const Diagnostic& d : analysis.diagnostics()) {
            if (d.primary.span.path == plan_path) {
                found.push_back(&d);
            }
        }
        std::vector<bool> used(found.size(), false);
        for (const lang::TestStmt& stmt : test.body) {
            if (const auto* f = std::get_if<lang::ExpectFinding>(&stmt)) {
                expect_finding(*f, found, used);
            } else if (const auto* a = std::get_if<lang::ExpectAbsent>(&stmt)) {
                expect_absent(*a, found);
            } else if (const auto* v = std::get_if<lang::ExpectValue>(&stmt)) {
                expect_value(*v, analysis, plan_name);
            }
        }
        finish(result, out);
    }

    const std::map<std::string, Trace, std::less<>>& traces() const { return traces_; }

private:
    /// Adds the test's `index`th plan to `ws`: an inline plan as the source `FILE#TEST` (the
    /// first) or `FILE#TEST.N` (the N-th after it), the plan block alone from the start of its
    /// line, so that line 1 is the `plan` line; a plan file by its path. Gives the path and, for
    /// an inline plan, its name; nullopt (with the failure recorded) when a file cannot be read.
    std::optional<std::pair<std::string, std::string>> add_plan(const lang::TestStmt& stmt,
                                                                const TestFile& file,
                                                                const lang::TestDecl& test,
                                                                std::size_t index, Workspace& ws) {
        if (const auto* inline_plan = std::get_if<lang::PlanDecl>(&stmt)) {
            std::string path = file.path + "#" + test.name.name;
            if (index > 0) {
                path += "." + std::to_string(index + 1);
            }
            const lang::SourceFile& source = file.source();
            const std::uint32_t line = source.location(inline_plan->span.begin).line;
            const std::uint32_t start = source.line_start(line);
            std::string text(inline_plan->span.begin - start, ' ');
            text += file.text(inline_plan->span);
            text += '\n';
            ws.set_source(path, std::move(text));
            return std::pair{path, inline_plan->name.name};
        }
        const auto& plan_file = std::get<lang::PlanFile>(stmt);
        std::string path =
            (fs::path(file.path).parent_path() / plan_file.path.value).lexically_normal();
        try {
            ws.add_path(path);
        } catch (const Error& e) {
            fail(plan_file.span, fmt::format("the plan file `{}`", plan_file.path.value), e.what());
            return std::nullopt;
        }
        return std::pair{path, std::string()};
    }

    void finish(TestResult& result, TestRun& out) {
        result.passed = result.failures.empty();
        out.tests.push_back(std::move(result));
        result_ = nullptr; // `result` is run's local: no pointer to it outlives the run
        file_ = nullptr;
    }

    /// Records a failed expectation at `span` of the test's file.
    void fail(lang::SourceSpan span, const std::string& expected, const std::string& got,
              const std::vector<std::string>& more = {}) {
        Diagnostic d = runtime::to_public(
            file_->sources,
            lang::make_diagnostic(lang::Severity::error, result_->name,
                                  fmt::format("expected {}; got {}", expected, got), span));
        result_->diff += fmt::format("  expected: {}\n  got:      {}\n", lang::printable(expected),
                                     lang::printable(got));
        for (const std::string& line : more) {
            result_->diff += fmt::format("            {}\n", lang::printable(line));
            d.message += "; " + line;
        }
        result_->failures.push_back(std::move(d));
    }

    void expect_finding(const lang::ExpectFinding& f, const std::vector<const Diagnostic*>& found,
                        std::vector<bool>& used) {
        // A line beyond any file's is kept in range, so that the conversion is defined.
        // No std::optional here: GCC 12 under the sanitizers flags a false maybe-uninitialized.
        const bool any_line = !f.line;
        const std::uint32_t line =
            any_line ? 0 : static_cast<std::uint32_t>(std::min(f.line->value, 4294967295.0));
        const auto matches = [&](const Diagnostic& d) {
            return d.id == f.id.name && to_string(d.severity) == f.severity.name &&
                   (any_line || d.primary.span.begin.line == line) &&
                   (!f.text || d.message.find(f.text->value) != std::string::npos);
        };
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (!used[i] && matches(*found[i])) {
                used[i] = true;
                return;
            }
        }
        std::string expected = fmt::format("{}[{}]", f.severity.name, f.id.name);
        if (f.line) {
            expected += " line " + f.line->text;
        }
        if (f.text) {
            expected += " " + quote_text(f.text->value);
        }
        std::vector<std::string> same_id;
        for (const Diagnostic* d : found) {
            if (d->id == f.id.name) {
                same_id.push_back(finding_text(*d));
            }
        }
        if (same_id.empty()) {
            fail(f.span, expected, fmt::format("no {} finding", f.id.name));
            return;
        }
        const std::string first = same_id.front();
        same_id.erase(same_id.begin());
        fail(f.span, expected, first, same_id);
    }

    void expect_absent(const lang::ExpectAbsent& a, const std::vector<const Diagnostic*>& found) {
        std::vector<std::string> got;
        for (const Diagnostic* d : found) {
            if (d->id == a.id.name) {
                got.push_back(finding_text(*d));
            }
        }
        if (!got.empty()) {
            const std::string first = got.front();
            got.erase(got.begin());
            fail(a.span, fmt::format("no {}", a.id.name), first, got);
        }
    }

    /// The value of `text` for the plan, as a failure shows it, or why there is none.
    static std::string value_text(Analysis& analysis, const std::string& plan,
                                  const std::string& text) {
        const EvalResult r = analysis.eval(plan, text);
        if (!r.diagnostics.empty()) {
            return r.diagnostics.front().message;
        }
        return r.value ? to_text(*r.value, 4) : "no value";
    }

    void expect_value(const lang::ExpectValue& v, Analysis& analysis, const std::string& plan) {
        const std::string condition(file_->text(v.condition.span));
        std::string expected = condition;
        std::string check = condition;
        const auto* equal = std::get_if<lang::BinaryExpr>(&v.condition.kind);
        const bool comparison = equal != nullptr && equal->op != lang::BinaryOp::logical_and &&
                                equal->op != lang::BinaryOp::logical_or &&
                                equal->op >= lang::BinaryOp::less;
        if (v.within) {
            if (equal == nullptr || equal->op != lang::BinaryOp::equal) {
                fail(v.span, "`A == B within TOLERANCE`",
                     fmt::format("`{}`, which is no `==` comparison", condition));
                return;
            }
            std::string tolerance(file_->text(v.within->span));
            const auto& written = std::get<lang::NumberExpr>(v.within->kind);
            const auto* b = std::get_if<lang::NumberExpr>(&equal->rhs->kind);
            if (!written.unit && b != nullptr && b->unit) {
                tolerance += " " + std::string(file_->text(b->unit->span));
            }
            expected += " within " + std::string(file_->text(v.within->span));
            const std::string lhs(file_->text(equal->lhs->span));
            const std::string rhs(file_->text(equal->rhs->span));
            check = fmt::format("(({}) - ({})) <= ({}) and (({}) - ({})) <= ({})", lhs, rhs,
                                tolerance, rhs, lhs, tolerance);
        }
        EvalResult r;
        try {
            r = analysis.eval(plan, check);
        } catch (const Error& e) {
            fail(v.span, expected, e.what());
            return;
        }
        if (!r.diagnostics.empty()) {
            fail(v.span, expected, r.diagnostics.front().message);
            return;
        }
        if (r.value && std::holds_alternative<bool>(*r.value) && std::get<bool>(*r.value)) {
            return;
        }
        std::string got = r.value ? to_text(*r.value) : "no value";
        if (comparison) {
            const std::string lhs(file_->text(equal->lhs->span));
            got = fmt::format("{} = {}", lhs, value_text(analysis, plan, lhs));
        }
        fail(v.span, expected, got);
    }

    void merge_traces(const Analysis& analysis) {
        for (const auto& [name, trace] : AnalysisAccess::run(analysis).rule_traces) {
            Trace& t = traces_[name];
            t.fired = t.fired || trace.fired > 0;
            t.silent = t.silent || trace.silent > 0;
            t.evaluated.resize(std::max(t.evaluated.size(), trace.evaluated.size()), false);
            for (std::size_t i = 0; i < trace.evaluated.size(); ++i) {
                if (trace.evaluated[i]) {
                    t.evaluated[i] = true;
                }
            }
        }
    }

    const Engine& engine_;
    const TestOptions& options_;
    const TestFile* file_ = nullptr;
    TestResult* result_ = nullptr;
    std::map<std::string, Trace, std::less<>> traces_;
};

std::string_view keyword_of(const lang::RuleStmt& stmt) {
    switch (stmt.index()) {
    case 0:
        return "let";
    case 1:
        return "when";
    case 2:
        return "require";
    default:
        return "message";
    }
}

} // namespace

TestRun run_tests(const Engine& engine, const std::vector<std::string>& paths,
                  const TestOptions& options) {
    TestRun run;
    std::set<std::string> seen;
    for (const std::string& path : paths) {
        for (const std::string& found : find_sources(path)) {
            const std::string file = fs::path(found).lexically_normal().string();
            if (file.size() > 6 && file.compare(file.size() - 6, 6, ".rules") == 0 &&
                seen.insert(file).second) {
                run.files.push_back(file);
            }
            // The rulebook a `NAME_test.rules` file tests is under test too.
            if (const auto sibling = sibling_of(file)) {
                const std::string normal = fs::path(*sibling).lexically_normal().string();
                if (seen.insert(normal).second) {
                    run.files.push_back(normal);
                }
            }
        }
    }
    std::sort(run.files.begin(), run.files.end());

    // The test files alone: their own mistakes, and the source text reports read.
    Workspace base(engine, options.root);
    std::vector<std::unique_ptr<TestFile>> files;
    for (const std::string& path : run.files) {
        auto file = std::make_unique<TestFile>();
        file->path = path;
        std::string text = read_source(path, engine.limits().max_source_bytes);
        base.set_source(path, text);
        file->id = file->sources.add(path, std::move(text));
        lang::ParseOptions parse;
        parse.max_depth = engine.limits().max_depth;
        lang::ParseResult parsed = lang::parse_file(file->sources, file->id, parse);
        file->ast = std::move(parsed.file);
        files.push_back(std::move(file));
    }
    auto analysis = std::make_shared<Analysis>(base.analyze());
    for (const Diagnostic& d : analysis->diagnostics()) {
        if (d.severity == Severity::error && seen.contains(d.primary.span.path)) {
            run.errors.push_back(d);
        }
    }
    run.analysis = analysis;

    Runner runner(engine, options);
    for (const auto& file : files) {
        for (const lang::Item& item : file->ast.items) {
            if (const auto* test = std::get_if<lang::TestDecl>(&item)) {
                if (test->name.name.find(options.filter) != std::string::npos) {
                    runner.run(*file, *test, run);
                }
            }
        }
    }

    for (const auto& file : files) {
        RulebookCoverage book;
        book.path = file->path;
        for (const lang::Item& item : file->ast.items) {
            const auto* rule = std::get_if<lang::RuleDecl>(&item);
            if (rule == nullptr) {
                continue;
            }
            RuleCoverage rc;
            rc.rule = rule->name.name;
            rc.span = runtime::to_public(file->sources, rule->name.span);
            const auto it = runner.traces().find(rule->name.name);
            if (it != runner.traces().end()) {
                rc.fired = it->second.fired;
                rc.silent = it->second.silent;
            }
            for (std::size_t i = 0; i < rule->body.size(); ++i) {
                const lang::RuleStmt& stmt = rule->body[i];
                StatementCoverage sc;
                sc.line = file->line(std::visit([](const auto& s) { return s.span; }, stmt).begin);
                sc.keyword = keyword_of(stmt);
                sc.ran = it != runner.traces().end() && i < it->second.evaluated.size() &&
                         it->second.evaluated[i];
                rc.statements.push_back(std::move(sc));
            }
            book.rules.push_back(std::move(rc));
        }
        if (!book.rules.empty()) {
            run.coverage.push_back(std::move(book));
        }
    }
    return run;
}

Report to_report(const TestRun& run) {
    Report report;
    report.files = run.files;
    std::set<std::string> ids;
    for (const TestResult& t : run.tests) {
        if (ids.insert(t.name).second) {
            CheckInfo info;
            info.id = t.name;
            info.default_severity = Severity::error;
            info.category = "test";
            info.summary = t.label.empty() ? fmt::format("test `{}`", t.name) : t.label;
            info.origin = CheckOrigin::rule;
            report.checks.push_back(std::move(info));
        }
        report.diagnostics.insert(report.diagnostics.end(), t.failures.begin(), t.failures.end());
    }
    report.diagnostics.insert(report.diagnostics.end(), run.errors.begin(), run.errors.end());
    std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         const Span& x = a.primary.span;
                         const Span& y = b.primary.span;
                         return std::tie(x.path, x.begin.line, x.begin.column, a.id) <
                                std::tie(y.path, y.begin.line, y.begin.column, b.id);
                     });
    return report;
}

std::string coverage_json(const TestRun& run) {
    std::size_t covered = 0;
    std::size_t total = 0;
    std::string books;
    for (const RulebookCoverage& book : run.coverage) {
        covered += book.covered();
        total += book.total();
        std::string rules;
        for (const RuleCoverage& r : book.rules) {
            std::string statements;
            for (const StatementCoverage& s : r.statements) {
                statements += fmt::format("{}{{\"line\": {}, \"keyword\": {}, \"ran\": {}}}",
                                          statements.empty() ? "" : ", ", s.line,
                                          json_string(s.keyword), s.ran);
            }
            rules += fmt::format("{}\n        {{\"rule\": {}, \"line\": {}, \"fired\": {}, "
                                 "\"silent\": {}, \"covered\": {}, \"total\": {}, "
                                 "\"statements\": [{}]}}",
                                 rules.empty() ? "" : ",", json_string(r.rule), r.span.begin.line,
                                 r.fired, r.silent, r.covered(), r.total(), statements);
        }
        books += fmt::format("{}\n    {{\"path\": {}, \"covered\": {}, \"total\": {}, \"rules\": "
                             "[{}\n      ]}}",
                             books.empty() ? "" : ",", json_string(book.path), book.covered(),
                             book.total(), rules);
    }
    return fmt::format("{{\n  \"version\": 1,\n  \"covered\": {},\n  \"total\": {},\n  "
                       "\"rulebooks\": [{}\n  ]\n}}\n",
                       covered, total, books);
}

} // namespace ingot

// Tests of rulebooks: `test` blocks beside the rules, run by `ingot test`, with coverage.
//
//     ingot::TestRun run = ingot::run_tests(engine, {"plans"});
//     for (const ingot::TestResult& t : run.tests)
//         std::cout << (t.passed ? "ok   " : "FAIL ") << t.name << '\n' << t.diff;
//
// A test block (docs/language.md, "Tests") names a plan — written inline or a plan file — and
// what must follow from the rules its file sees: findings that must appear (by id, severity, line
// and part of the message), findings that must not, and values. run_tests analyses each test's
// plan on its own with its file's rules and compares. Results are values: the pass/fail of each
// test with a readable diff, failures as Diagnostics at the failing expectation (to_report turns
// a run into an ingot::Report for write_report: one check per test), and the coverage of every
// rule the test files declare.
#pragma once

#include "ingot/diagnostic.hpp"
#include "ingot/export.hpp"
#include "ingot/report.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ingot {

class Engine;
class Analysis;

struct TestOptions {
    /// Imports (and plan files of tests) resolve inside this folder.
    std::string root = ".";
    /// Only the tests whose name contains this text run ("" runs all). Coverage counts only
    /// the tests that ran.
    std::string filter;
};

/// One test block's outcome.
struct TestResult {
    std::string name;
    std::string label; // the test's description, "" when it has none
    Span span;         // the test's name in its file
    bool passed = false;
    /// One per failed expectation, at the expectation: id = the test's name, severity error,
    /// message `expected …; got …`.
    std::vector<Diagnostic> failures;
    /// The failures as people read them: for each, an `expected:` and a `got:` line, indented
    /// two spaces, each line ending with a line break; "" when the test passed.
    std::string diff;
};

/// One `let`, `when`, `require` or `message` of a rule.
struct StatementCoverage {
    std::uint32_t line = 0; // in the rule's file
    std::string keyword;    // "let", "when", "require", "message"
    bool ran = false;       // evaluated in at least one test
};

/// What the tests did with one rule.
struct RuleCoverage {
    std::string rule;
    Span span;          // the rule's name
    bool fired = false; // some test's plan made it report
    /// Some test's plan ran it and its conditions kept it from reporting. A plan that lacks a
    /// figure the rule needs (the rule does not apply) proves neither firing nor silence.
    bool silent = false;
    std::vector<StatementCoverage> statements;
    /// Points covered of total: firing, staying silent and each statement count one each.
    std::size_t covered() const {
        std::size_t n = (fired ? 1 : 0) + (silent ? 1 : 0);
        for (const StatementCoverage& s : statements) {
            n += s.ran ? 1 : 0;
        }
        return n;
    }
    std::size_t total() const { return 2 + statements.size(); }
};

/// The rules of one rulebook, in source order.
struct RulebookCoverage {
    std::string path;
    std::vector<RuleCoverage> rules;
    std::size_t covered() const {
        std::size_t n = 0;
        for (const RuleCoverage& r : rules) {
            n += r.covered();
        }
        return n;
    }
    std::size_t total() const {
        std::size_t n = 0;
        for (const RuleCoverage& r : rules) {
            n += r.total();
        }
        return n;
    }
};

/// Everything one run found.
struct TestRun {
    /// The test files, sorted: every `*.rules` file under the paths, and the sibling `NAME.rules`
    /// of each `NAME_test.rules`.
    std::vector<std::string> files;
    /// The tests that ran, by file and position.
    std::vector<TestResult> tests;
    /// Mistakes in the test files themselves (syntax, an unreadable plan file, a rule that does
    /// not check): the run fails with any of them.
    std::vector<Diagnostic> errors;
    /// Every rulebook among `files` that declares rules (a `NAME_test.rules` file covers the
    /// rules of its sibling NAME.rules).
    std::vector<RulebookCoverage> coverage;
    /// The analysis of the test files alone, which write_report reads source text from.
    std::shared_ptr<const Analysis> analysis;

    std::size_t failed() const {
        std::size_t n = 0;
        for (const TestResult& t : tests) {
            n += t.passed ? 0 : 1;
        }
        return n;
    }
    bool passed() const { return errors.empty() && failed() == 0; }
};

/// Runs every test block in the `*.rules` files of `paths` (files, or folders searched
/// recursively). Throws Error(io) when a path cannot be read.
INGOT_API TestRun run_tests(const Engine& engine, const std::vector<std::string>& paths,
                            const TestOptions& options = {});

/// The run as a Report for write_report: its files, one check per test (id = the test's name,
/// category `test`), and the failures and errors as diagnostics, sorted.
INGOT_API Report to_report(const TestRun& run);

/// The coverage as JSON (schema in docs/language.md, "Tests"), ending with a line break.
INGOT_API std::string coverage_json(const TestRun& run);

} // namespace ingot

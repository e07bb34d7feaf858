// The parser: source text → AST.
#pragma once

#include "lang/ast.hpp"
#include "lang/diagnostic.hpp"

#include <optional>
#include <vector>

namespace ingot::lang {

struct ParseResult {
    File file;
    /// Syntax errors (id `syntax`, or `limit` for nesting too deep), in source order. Empty when
    /// the file parsed cleanly.
    std::vector<Diagnostic> diagnostics;

    bool ok() const { return diagnostics.empty(); }
};

struct ParseOptions {
    /// Deepest nesting of expressions accepted; deeper input is a `limit` diagnostic, never a
    /// stack overflow.
    unsigned max_depth = 100;
    /// After this many syntax errors in one file the parser stops.
    unsigned max_errors = 50;
};

/// Parses the file `id` of `sources`. Never throws on bad input: every problem is a diagnostic, and
/// after an error the parser resumes at the next statement so one run reports several mistakes.
ParseResult parse_file(const SourceMap& sources, FileId id, const ParseOptions& options = {});

struct ExpressionParseResult {
    std::optional<Expr> expr; // set when the text parsed
    std::vector<Diagnostic> diagnostics;
};

/// Parses the whole of file `id` as one expression (for `ingot eval`).
ExpressionParseResult parse_expression(const SourceMap& sources, FileId id,
                                       const ParseOptions& options = {});

} // namespace ingot::lang

// Fuzz target: the parser (lang/parser.cpp) on any bytes. The input is one file; it is parsed as a
// file and as one expression (`ingot eval`), and every diagnostic is rendered (snippets, carets
// and display widths over arbitrary text). Nothing may crash, leak, hang or run into undefined
// behaviour; the parser's own contract is checked too: a file that parses cleanly has no
// diagnostics, and every diagnostic has a headline naming the file.
#include "lang/diagnostic.hpp"
#include "lang/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ingot::lang;
    const std::string text(reinterpret_cast<const char*>(data), size);
    SourceMap sources;
    const FileId id = sources.add("fuzz.plan", text);
    const ParseResult parsed = parse_file(sources, id);
    for (const Diagnostic& d : parsed.diagnostics) {
        if (headline(d, sources).rfind("fuzz.plan:", 0) != 0) {
            std::abort(); // a diagnostic must name the file it is about
        }
        (void)render(d, sources, {.color = true, .snippet = true});
    }
    const ExpressionParseResult expr = parse_expression(sources, id);
    if (!expr.expr && expr.diagnostics.empty()) {
        std::abort(); // no expression and no reason why
    }
    for (const Diagnostic& d : expr.diagnostics) {
        (void)render(d, sources);
    }
    return 0;
}

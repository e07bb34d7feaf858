// Fuzz target: the formatter (lang/format.cpp) and its contract (lang/format.hpp). For every input
// that parses without errors:
//  - the formatted text parses without errors,
//  - to the same AST (the tests' dump, which leaves out spans),
//  - with the same comments, in the same order,
//  - and formatting it again changes nothing (idempotence).
// A broken property aborts with the two texts on stderr; the input then goes to
// tests/fuzz/regressions/format/.
#include "dump.hpp"
#include "lang/format.hpp"
#include "lang/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const char* property, const std::string& before,
                         const std::string& after) {
    std::fprintf(stderr, "fuzz_format: %s\n--- before\n%s\n--- after\n%s\n---\n", property,
                 before.c_str(), after.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ingot::lang;
    SourceMap sources;
    const FileId id =
        sources.add("fuzz.plan", std::string(reinterpret_cast<const char*>(data), size));
    const ParseResult original = parse_file(sources, id);
    if (!original.ok()) {
        return 0; // the formatter is only called on files that parse cleanly
    }
    const std::string once = format_file(original.file, sources.file(id));
    const FileId again_id = sources.add("fuzz.plan", once);
    const ParseResult again = parse_file(sources, again_id);
    if (!again.ok()) {
        broken("the formatted text does not parse", sources.file(id).text(), once);
    }
    if (dump(again.file) != dump(original.file)) {
        broken("the formatted text has another AST", dump(original.file), dump(again.file));
    }
    if (again.file.comments.size() != original.file.comments.size()) {
        broken("the formatted text has another number of comments", sources.file(id).text(), once);
    }
    for (std::size_t i = 0; i < original.file.comments.size(); ++i) {
        if (again.file.comments[i].text != original.file.comments[i].text) {
            broken("the formatted text has other comments", original.file.comments[i].text,
                   again.file.comments[i].text);
        }
    }
    const std::string twice = format_file(again.file, sources.file(again_id));
    if (twice != once) {
        broken("formatting twice changes the text", once, twice);
    }
    return 0;
}

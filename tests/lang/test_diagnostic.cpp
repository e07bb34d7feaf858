// Rendering of diagnostics: the normative first line, snippets, carets under wide characters,
// labels, notes and help — pinned by golden files in tests/golden/ (one `.plan` and its
// `.expected` rendering each). Set INGOT_UPDATE_GOLDEN=1 to rewrite the expected files after a
// reviewed change.
#include "lang/diagnostic.hpp"
#include "runtime/analysis.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

using namespace ingot;

TEST_CASE("golden renderings of diagnostics", "[diagnostic]") {
    const auto dir = test::source_dir / "tests/golden";
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".plan") {
            continue;
        }
        const std::string relative =
            std::filesystem::relative(entry.path(), test::source_dir).string();
        DYNAMIC_SECTION(relative) {
            const auto analysis = runtime::analyze({relative});
            std::string rendered;
            for (const lang::Diagnostic& d : analysis->workspace.diagnostics) {
                rendered += lang::render(d, analysis->workspace.sources);
            }
            auto expected_path = entry.path();
            expected_path.replace_extension(".expected");
            if (std::getenv("INGOT_UPDATE_GOLDEN") != nullptr) {
                std::ofstream(expected_path, std::ios::binary) << rendered;
            }
            CHECK(rendered == test::read_text(expected_path));
            ++compared;
        }
    }
    CHECK(compared >= 1);
}

TEST_CASE("the first line is PATH:LINE:COL: SEVERITY[ID]: message", "[diagnostic]") {
    lang::SourceMap sources;
    const auto id = sources.add("plans/x.plan", "plan p {\n  note \"有色\" x\n}\n");
    const auto d = lang::make_diagnostic(lang::Severity::warning, "some-id", "a message",
                                         {id, 25, 26}, "label");
    // Column counts code points: `  note "有色" ` is 12 code points (18 bytes) before `x`.
    CHECK(lang::headline(d, sources) == "plans/x.plan:2:13: warning[some-id]: a message");
    CHECK(lang::render(d, sources) == "plans/x.plan:2:13: warning[some-id]: a message\n"
                                      "  |\n"
                                      "2 |   note \"有色\" x\n"
                                      "  |               ^ label\n");
}

TEST_CASE("colour only when asked, and then around the parts of the first line", "[diagnostic]") {
    lang::SourceMap sources;
    const auto id = sources.add("a.plan", "plan p {}\n");
    const auto d = lang::make_diagnostic(lang::Severity::error, "syntax", "bad", {id, 0, 4}, "");
    CHECK(lang::render(d, sources).find('\x1b') == std::string::npos);
    const std::string coloured = lang::render(d, sources, {true, true});
    CHECK(coloured.find("\x1b[") != std::string::npos);
    CHECK(coloured.find("error[syntax]") != std::string::npos);
}

TEST_CASE("severities parse and print", "[diagnostic]") {
    CHECK(lang::parse_severity("warning") == lang::Severity::warning);
    CHECK(!lang::parse_severity("fatal"));
    CHECK(lang::to_string(lang::Severity::info) == "info");
}

// Script tests: every file under tests/scripts/ carries its expectations inline. A comment
//     # expect: SEVERITY[ID]
// or  # expect: SEVERITY[ID] exact message
// on a line says that line must get that diagnostic. Every diagnostic of the file must be
// expected and every expectation met, so a script also proves that checks stay quiet on the
// correct lines around the mistake.
#include "runtime/analysis.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <set>

namespace {

using namespace ingot;

struct Expectation {
    std::uint32_t line;
    std::string severity_and_id; // `error[scope-count]`
    std::string message;         // empty: any message
    bool operator<(const Expectation& o) const {
        return std::tie(line, severity_and_id, message) <
               std::tie(o.line, o.severity_and_id, o.message);
    }
};

/// `# expect: SEVERITY[ID]` or `# expect: SEVERITY[ID] message` on a line. (Parsed by hand:
/// <regex> trips GCC 12's -Wmaybe-uninitialized under the sanitizers, and warnings are errors.)
std::vector<Expectation> expectations_in(const lang::SourceFile& file) {
    constexpr std::string_view marker = "# expect: ";
    std::vector<Expectation> out;
    for (std::uint32_t line = 1; line <= file.line_count(); ++line) {
        const std::string_view text = file.line_text(line);
        const auto at = text.find(marker);
        if (at == std::string_view::npos) {
            continue;
        }
        const std::string_view rest = text.substr(at + marker.size());
        const auto close = rest.find(']');
        const auto open = rest.find('[');
        const std::string_view severity = rest.substr(0, open);
        if (close == std::string_view::npos || open == std::string_view::npos ||
            !lang::parse_severity(severity)) {
            continue;
        }
        std::string message;
        if (close + 1 < rest.size() && rest[close + 1] == ' ') {
            message = std::string(rest.substr(close + 2));
        }
        out.push_back({line, std::string(rest.substr(0, close + 1)), message});
    }
    return out;
}

} // namespace

TEST_CASE("script tests: each check fires where expected and nowhere else", "[scripts]") {
    const auto scripts = test::files_under({"tests/scripts"});
    REQUIRE(scripts.size() >= 10);
    for (const auto& path : scripts) {
        const std::string relative = std::filesystem::relative(path, test::source_dir).string();
        DYNAMIC_SECTION(relative) {
            // `implied`, `on-track` and `changed-target` findings are off by default; a script
            // that expects one turns it on.
            runtime::AnalysisOptions options;
            const std::string text = test::read_text(path);
            options.derivation.report_implied = text.find("info[implied]") != std::string::npos;
            options.derivation.report_on_track = text.find("info[on-track]") != std::string::npos;
            options.report_changed_target = text.find("info[changed-target]") != std::string::npos;
            const auto analysis = runtime::analyze({path.string()}, options);
            const runtime::Workspace& ws = analysis->workspace;
            const lang::FileId id = 1; // 0 is the prelude
            const lang::SourceFile& file = ws.sources.file(id);
            const auto expected = expectations_in(file);

            std::vector<std::string> unexpected;
            std::set<Expectation> unmet(expected.begin(), expected.end());
            for (const lang::Diagnostic& d : ws.diagnostics) {
                const std::uint32_t line = file.location(d.primary.span.begin).line;
                const std::string key = fmt::format("{}[{}]", lang::to_string(d.severity), d.id);
                const auto match = std::find_if(unmet.begin(), unmet.end(), [&](const auto& e) {
                    return d.primary.span.file == id && e.line == line &&
                           e.severity_and_id == key &&
                           (e.message.empty() || e.message == d.message);
                });
                if (match != unmet.end()) {
                    unmet.erase(match);
                } else {
                    unexpected.push_back(lang::headline(d, ws.sources));
                }
            }
            INFO("unexpected diagnostics:\n" << fmt::format("{}", fmt::join(unexpected, "\n")));
            CHECK(unexpected.empty());
            for (const Expectation& e : unmet) {
                FAIL_CHECK(fmt::format("{}:{}: expected {} {}", relative, e.line, e.severity_and_id,
                                       e.message));
            }
        }
    }
}

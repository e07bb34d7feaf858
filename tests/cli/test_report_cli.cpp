// `ingot check --format F`: the program writes the same reports as the writers' golden files
// (tests/golden/report/, pinned by tests/api/test_report_writers.cpp), and docs/ci.md shows what
// the program writes.
#include "api/report_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

namespace {

/// `ingot ARGS` in the source tree, every format, against tests/golden/report/NAME.SUFFIX; SARIF's
/// %SRCROOT% must be `root`.
void compare_cli_with_golden(const std::string& args, const std::string& name,
                             const std::string& root, int exit_code) {
    for (const api_test::GoldenFormat& f : api_test::golden_formats) {
        const std::string format(ingot::to_string(f.format));
        const auto r = ingot::test::run_ingot("check --format " + format + " " + args);
        INFO("ingot check --format " << format << " " << args << "\n" << r.err);
        CHECK(r.exit_code == exit_code);
        CHECK(r.err.empty());
        const std::string out = f.format == ingot::ReportFormat::sarif
                                    ? api_test::normalised_sarif(r.out, root)
                                    : r.out;
        // Not rewritten under INGOT_UPDATE_GOLDEN: the writers' test owns the golden files.
        CHECK(out == api_test::read_text(api_test::golden_dir / (name + f.suffix)));
    }
}

/// An output block of docs/ci.md: a line `<!-- output: ingot ARGS -->` (the whole output) or
/// `<!-- output: ingot ARGS (lines A-B) -->` (those lines of it), then a fenced block.
struct OutputBlock {
    std::size_t line = 0; // of the marker, from 1
    std::string args;
    std::size_t first = 0; // 0: the whole output
    std::size_t last = 0;
    std::vector<std::string> lines;
};

std::vector<OutputBlock> output_blocks(const std::vector<std::string>& doc) {
    const std::string open = "<!-- output: ingot ";
    const std::string close = " -->";
    const std::string range = " (lines ";
    std::vector<OutputBlock> blocks;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (!doc[i].starts_with(open)) {
            continue;
        }
        INFO("docs/ci.md:" << i + 1 << ": " << doc[i]);
        REQUIRE(doc[i].ends_with(close));
        OutputBlock b;
        b.line = i + 1;
        b.args = doc[i].substr(open.size(), doc[i].size() - open.size() - close.size());
        if (const auto at = b.args.find(range); at != std::string::npos) {
            REQUIRE(b.args.ends_with(")"));
            const std::string numbers =
                b.args.substr(at + range.size(), b.args.size() - at - range.size() - 1);
            b.args.resize(at);
            const auto dash = numbers.find('-');
            REQUIRE(dash != std::string::npos);
            b.first = std::stoul(numbers.substr(0, dash));
            b.last = std::stoul(numbers.substr(dash + 1));
            REQUIRE(b.first >= 1);
            REQUIRE(b.first <= b.last);
        }
        REQUIRE(i + 1 < doc.size());
        REQUIRE(doc[i + 1].starts_with("```"));
        std::size_t end = i + 2;
        while (end < doc.size() && doc[end] != "```") {
            b.lines.push_back(doc[end]);
            ++end;
        }
        REQUIRE(end < doc.size());
        blocks.push_back(std::move(b));
        i = end;
    }
    return blocks;
}

} // namespace

TEST_CASE("ingot check --format F plans/ writes the golden report of each format",
          "[report][cli]") {
    // plans/ingot.toml makes plans/ the project root: SARIF's URIs are relative to it.
    compare_cli_with_golden("plans/", "plans", "plans", 0);
}

TEST_CASE("ingot check --implied --format F on the fixture where every check fires",
          "[report][cli]") {
    compare_cli_with_golden("--implied tests/scripts/every-check", "every-check", ".", 1);
}

TEST_CASE("docs/ci.md shows what ingot check writes", "[report][cli][docs]") {
    const auto blocks =
        output_blocks(api_test::lines_of(api_test::read_text(api_test::source_dir / "docs/ci.md")));
    std::set<std::string> formats;
    for (const OutputBlock& b : blocks) {
        INFO("docs/ci.md:" << b.line << ": ingot " << b.args);
        const auto r = ingot::test::run_ingot(b.args);
        const std::vector<std::string> all = api_test::lines_of(r.out);
        if (b.first == 0) {
            CHECK(b.lines == all);
        } else {
            REQUIRE(b.last <= all.size());
            CHECK(b.lines == std::vector<std::string>(all.begin() + static_cast<long>(b.first) - 1,
                                                      all.begin() + static_cast<long>(b.last)));
        }
        if (const auto at = b.args.find("--format "); at != std::string::npos) {
            formats.insert(b.args.substr(at + 9, b.args.find(' ', at + 9) - at - 9));
        }
    }
    // Each format is shown at least once.
    for (const std::string& name : ingot::report_format_names()) {
        INFO("docs/ci.md shows no output of --format " << name);
        CHECK(formats.contains(name));
    }
}

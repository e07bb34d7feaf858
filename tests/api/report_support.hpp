// What the report tests share (tests/api/test_report_writers.cpp, tests/cli/test_report_cli.cpp):
// the golden files of tests/golden/report/ and how SARIF's one machine-dependent field is made
// comparable. Standard C++ and the public API only, like the other API tests.
#pragma once

#include "api/api_support.hpp"

#include <ingot/ingot.hpp>

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

namespace api_test {

inline const fs::path golden_dir = source_dir / "tests/golden/report";

struct GoldenFormat {
    ingot::ReportFormat format;
    std::string suffix; // NAME.SUFFIX in golden_dir
};

inline const std::vector<GoldenFormat> golden_formats = {
    {ingot::ReportFormat::text, ".txt"},          {ingot::ReportFormat::compact, ".compact.txt"},
    {ingot::ReportFormat::json, ".json"},         {ingot::ReportFormat::sarif, ".sarif"},
    {ingot::ReportFormat::junit, ".junit.xml"},   {ingot::ReportFormat::github, ".github.txt"},
    {ingot::ReportFormat::gitlab, ".gitlab.json"}};

/// `path` as a file URI path: RFC 3986 unreserved characters and `/` kept, the rest encoded.
inline std::string percent_encoded(const std::string& path) {
    std::string out;
    for (const char c : path) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += c;
        } else {
            constexpr char hex[] = "0123456789ABCDEF";
            out += {'%', hex[b >> 4], hex[b & 0xF]};
        }
    }
    return out;
}

/// SARIF's one absolute path made machine-independent: `%SRCROOT%` must be the `file://` URI of
/// the folder `root` (relative to the current folder), which the golden files show as
/// file:///SRCROOT/.
inline std::string normalised_sarif(std::string sarif, const std::string& root) {
    fs::path absolute = fs::absolute(root).lexically_normal();
    if (!absolute.has_filename() && absolute.has_relative_path()) {
        absolute = absolute.parent_path();
    }
    const std::string root_uri =
        "\"uri\": \"file://" + percent_encoded(absolute.generic_string()) + "/\"";
    const auto at = sarif.find(root_uri);
    INFO("expected %SRCROOT% at " << root_uri);
    REQUIRE(at != std::string::npos);
    sarif.replace(at, root_uri.size(), "\"uri\": \"file:///SRCROOT/\"");
    return sarif;
}

/// `actual` against tests/golden/report/NAME; INGOT_UPDATE_GOLDEN=1 rewrites the file instead.
inline void compare_with_golden(const std::string& name, const std::string& actual) {
    const fs::path golden = golden_dir / name;
    INFO("golden file " << golden.string());
    if (std::getenv("INGOT_UPDATE_GOLDEN") != nullptr) {
        fs::create_directories(golden_dir);
        std::ofstream(golden, std::ios::binary) << actual;
    }
    CHECK(actual == read_text(golden));
}

} // namespace api_test

// The sarif format: SARIF 2.1.0, one run. Rules come from the registry (Report::checks), results
// from the findings; paths are URIs relative to ReportOptions::root under the base id %SRCROOT%.
// tests/sarif/validate.sh checks the output with the SARIF Multitool.
#include "runtime/report.hpp"
#include "runtime/report_json.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>

namespace ingot::runtime::report {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr std::string_view root_base_id = "%SRCROOT%";

/// `path` as a URI path: RFC 3986 unreserved characters and `/` as they are, every other byte
/// (spaces, `%`, `#`, `?`, `:`, non-ASCII UTF-8) percent-encoded.
std::string percent_encode(std::string_view path) {
    std::string out;
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~' || byte == '/';
        if (unreserved) {
            out += c;
        } else {
            constexpr char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        }
    }
    return out;
}

/// `path` made absolute against the current folder, with `.` and `..` resolved lexically (the
/// file need not exist: a finding may name an in-memory source).
fs::path absolute_path(const std::string& path) {
    std::error_code ignored;
    fs::path p = fs::absolute(path.empty() ? "." : path, ignored).lexically_normal();
    if (!p.has_filename() && p.has_relative_path()) {
        p = p.parent_path(); // `/a/b/` (from `/a/b/.`) is `/a/b`, so that paths compare by name
    }
    return p;
}

/// A `file://` URI of an absolute path.
std::string file_uri(const fs::path& absolute) {
    return "file://" + percent_encode(absolute.generic_string());
}

/// The artifact locations of one run: URIs relative to the root where the file lies under it,
/// absolute `file://` URIs where it does not; the index of each reported file in `artifacts`.
class Artifacts {
public:
    Artifacts(const Report& report, const ReportOptions& options)
        : root_(absolute_path(options.root)) {
        for (const std::string& file : report.files) {
            if (index_.emplace(file, index_.size()).second) {
                files_.push_back(file);
            }
        }
    }

    /// `file:///abs/root/`: what %SRCROOT% stands for (originalUriBaseIds needs the final `/`).
    std::string root_uri() const {
        std::string uri = file_uri(root_);
        if (uri.back() != '/') {
            uri += '/';
        }
        return uri;
    }

    Json location(const std::string& path) const {
        Json j = Json::object();
        const fs::path relative = absolute_path(path).lexically_relative(root_);
        const std::string rel = relative.generic_string();
        if (relative.empty() || rel == ".." || rel.starts_with("../")) {
            j["uri"] = file_uri(absolute_path(path));
        } else {
            j["uri"] = percent_encode(rel);
            j["uriBaseId"] = root_base_id;
        }
        if (const auto it = index_.find(path); it != index_.end()) {
            j["index"] = it->second;
        }
        return j;
    }

    Json artifacts() const {
        Json out = Json::array();
        for (const std::string& file : files_) {
            Json location = this->location(file);
            location.erase("index");
            // Every reported file was analysed, including the clean ones: the role says so (and
            // makes the list more than a repetition of the results' locations).
            out.push_back(Json{{"location", std::move(location)},
                               {"roles", Json::array({"analysisTarget"})}});
        }
        return out;
    }

private:
    fs::path root_;
    std::vector<std::string> files_;
    std::map<std::string, std::size_t> index_;
};

/// A region in text terms (lines, and columns in code points, as `columnKind` says) and in
/// bytes, which is what Ingot's offsets count. `snippet`: the source text of the region.
Json region_json(const Span& span, const Analysis& analysis, bool snippet) {
    Json j = Json{
        {"startLine", span.begin.line},    {"startColumn", span.begin.column},
        {"endLine", span.end.line},        {"endColumn", span.end.column},
        {"byteOffset", span.begin.offset}, {"byteLength", span.end.offset - span.begin.offset}};
    if (snippet) {
        if (const auto text = span_text(analysis, span)) {
            j["snippet"] = Json{{"text", *text}};
        }
    }
    return j;
}

/// The lines around `span`: from the line before its first to the line after its last (where
/// there are such lines), with their text; nullopt without source text, or when that is no more
/// than the span itself (SARIF wants a proper superset of the region).
std::optional<Json> context_region_json(const Span& span, const Analysis& analysis) {
    const auto text = analysis.source_text(span.path);
    if (!text || span.begin.offset > span.end.offset || span.end.offset > text->size()) {
        return std::nullopt;
    }
    const auto line_start = [&](std::size_t at) {
        const std::size_t newline = at == 0 ? std::string_view::npos : text->rfind('\n', at - 1);
        return newline == std::string_view::npos ? 0 : newline + 1;
    };
    const auto line_end = [&](std::size_t at) { // the offset of its newline, or the end
        return std::min(text->find('\n', at), text->size());
    };
    std::size_t begin = line_start(span.begin.offset);
    std::uint32_t begin_line = span.begin.line;
    if (begin > 0) {
        begin = line_start(begin - 1);
        --begin_line;
    }
    std::size_t end = line_end(span.end.offset);
    std::uint32_t end_line = span.end.line;
    if (end < text->size()) {
        end = line_end(end + 1);
        ++end_line;
    }
    if (end > begin && (*text)[end - 1] == '\r') {
        --end; // a CRLF line's end does not include its CR
    }
    if (begin >= span.begin.offset && end <= span.end.offset) {
        return std::nullopt;
    }
    return Json{{"startLine", begin_line},
                {"endLine", end_line},
                {"snippet", Json{{"text", text->substr(begin, end - begin)}}}};
}

/// `region` of the span, with its snippet; `contextRegion` too for a result's own location.
Json physical_location(const Span& span, const Analysis& analysis, const Artifacts& artifacts,
                       bool context) {
    Json j = Json{{"artifactLocation", artifacts.location(span.path)},
                  {"region", region_json(span, analysis, true)}};
    if (context) {
        if (auto region = context_region_json(span, analysis)) {
            j["contextRegion"] = std::move(*region);
        }
    }
    return j;
}

std::string_view level(Severity severity) {
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::info:
        break;
    }
    return "note";
}

/// `unknown-name` → `UnknownName`, `unit_value_climb` → `UnitValueClimb`: SARIF's `name` is
/// conventionally an identifier in Pascal case.
std::string pascal_case(std::string_view id) {
    std::string out;
    bool start = true;
    for (const char c : id) {
        const bool alnum =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum) {
            start = true;
            continue;
        }
        out += start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        start = false;
    }
    return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    const auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](char x, char y) { return lower(x) == lower(y); });
}

/// A Markdown code fence longer than any run of backticks in `text`, so the text cannot close it.
std::string fence_for(std::string_view text) {
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string with_final_newline(std::string text) {
    if (!text.empty() && text.back() != '\n') {
        text += '\n';
    }
    return text;
}

/// `code` indented by four spaces, without a final line break: a code block in plain text.
std::string indented(std::string_view code) {
    std::string out;
    bool line_start = true;
    for (const char c : code) {
        if (line_start && c != '\n') {
            out += "    ";
        }
        out += c;
        line_start = c == '\n';
    }
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

/// `help`: the explanation, then the example that fires and the same file fixed (when the check
/// has examples), as plain text (examples indented) and as Markdown (examples fenced).
Json help_json(const CheckInfo& check) {
    std::string text = check.explanation;
    std::string markdown = check.explanation;
    const auto example = [&](std::string_view title, const std::string& code) {
        if (code.empty()) {
            return;
        }
        text += "\n\n" + std::string(title) + ":\n\n" + indented(code);
        const std::string body = with_final_newline(code);
        const std::string fence = fence_for(body);
        markdown += "\n\n" + std::string(title) + ":\n\n" + fence + '\n' + body + fence;
    };
    example("Example that fires", check.bad_example);
    example("The same file, fixed", check.good_example);
    return Json{{"text", text}, {"markdown", markdown}};
}

Json rule_json(const CheckInfo& check) {
    Json configuration = Json{{"level", level(check.default_severity)}};
    if (!check.enabled_by_default) {
        configuration["enabled"] = false;
    }
    Json j = Json::object();
    j["id"] = check.id;
    // SARIF wants `name` to differ from `id`, ignoring case (the Multitool's SARIF1001):
    // `uncited` gets no name, `unknown-name` the name `UnknownName`.
    if (std::string name = pascal_case(check.id); !same_ignoring_case(name, check.id)) {
        j["name"] = std::move(name);
    }
    j["shortDescription"] = Json{{"text", check.summary}};
    j["fullDescription"] = Json{{"text", check.explanation}};
    j["help"] = help_json(check);
    j["defaultConfiguration"] = std::move(configuration);
    j["properties"] = Json{{"category", check.category}, {"origin", to_string(check.origin)}};
    return j;
}

/// The finding's message, then its notes and help on lines of their own, as the text output
/// shows them (`note: …`, `help: …`).
std::string message_text(const Diagnostic& d) {
    std::string text = d.message;
    for (const std::string& note : d.notes) {
        text += "\nnote: " + note;
    }
    if (d.help) {
        text += "\nhelp: " + *d.help;
    }
    return text;
}

Json fix_json(const Fix& fix, const Analysis& analysis, const Artifacts& artifacts) {
    // One artifactChange per file, in the order its first edit appears.
    std::vector<std::string> paths;
    std::map<std::string, Json> replacements;
    for (const Edit& e : fix.edits) {
        if (!replacements.contains(e.span.path)) {
            paths.push_back(e.span.path);
            replacements[e.span.path] = Json::array();
        }
        replacements[e.span.path].push_back(
            Json{{"deletedRegion", region_json(e.span, analysis, false)},
                 {"insertedContent", Json{{"text", e.replacement}}}});
    }
    Json changes = Json::array();
    for (const std::string& path : paths) {
        changes.push_back(Json{{"artifactLocation", artifacts.location(path)},
                               {"replacements", std::move(replacements[path])}});
    }
    return Json{{"description", Json{{"text", fix.title}}},
                {"artifactChanges", std::move(changes)}};
}

Json result_json(const Diagnostic& d, const std::map<std::string, std::size_t>& rule_index,
                 const Analysis& analysis, const Artifacts& artifacts) {
    Json j = Json::object();
    j["ruleId"] = d.id;
    if (const auto it = rule_index.find(d.id); it != rule_index.end()) {
        j["ruleIndex"] = it->second;
    }
    j["level"] = level(d.severity);
    j["message"] = Json{{"text", message_text(d)}};
    // A finding about the run as a whole (an empty path) has no location.
    if (!d.primary.span.path.empty()) {
        Json location = Json{
            {"physicalLocation", physical_location(d.primary.span, analysis, artifacts, true)}};
        if (!d.primary.message.empty()) {
            location["message"] = Json{{"text", d.primary.message}};
        }
        j["locations"] = Json::array({std::move(location)});
    }
    if (!d.secondary.empty()) {
        Json related = Json::array();
        for (std::size_t i = 0; i < d.secondary.size(); ++i) {
            const Label& l = d.secondary[i];
            Json location = Json{{"id", i + 1}};
            if (!l.span.path.empty()) {
                location["physicalLocation"] =
                    physical_location(l.span, analysis, artifacts, false);
            }
            location["message"] = Json{{"text", l.message}};
            related.push_back(std::move(location));
        }
        j["relatedLocations"] = std::move(related);
    }
    if (!d.fixes.empty()) {
        Json fixes = Json::array();
        for (const Fix& f : d.fixes) {
            fixes.push_back(fix_json(f, analysis, artifacts));
        }
        j["fixes"] = std::move(fixes);
    }
    j["partialFingerprints"] = Json{{"ingot/v1", fingerprint(d, analysis)}};
    return j;
}

} // namespace

std::string write_sarif(const Report& report, const Analysis& analysis,
                        const ReportOptions& options) {
    const Artifacts artifacts(report, options);

    Json rules = Json::array();
    std::map<std::string, std::size_t> rule_index;
    for (const CheckInfo& check : report.checks) {
        if (rule_index.emplace(check.id, rules.size()).second) {
            rules.push_back(rule_json(check));
        }
    }
    Json driver = Json::object();
    driver["name"] = "ingot";
    driver["version"] = ingot::version();
    driver["semanticVersion"] = ingot::version();
    driver["rules"] = std::move(rules);

    Json results = Json::array();
    for (const Diagnostic& d : report.diagnostics) {
        results.push_back(result_json(d, rule_index, analysis, artifacts));
    }

    Json run = Json::object();
    run["tool"] = Json{{"driver", std::move(driver)}};
    run["originalUriBaseIds"] = Json{{root_base_id, Json{{"uri", artifacts.root_uri()}}}};
    run["artifacts"] = artifacts.artifacts();
    run["results"] = std::move(results);
    run["columnKind"] = "unicodeCodePoints";

    Json log = Json::object();
    log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = Json::array({std::move(run)});
    return dump_json(log);
}

} // namespace ingot::runtime::report

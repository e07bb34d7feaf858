#include "baseline.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

namespace ingot::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view schema = "ingot-baseline";
constexpr int version = 1;

std::string relative_to(const std::string& path, const std::string& root) {
    if (path.empty()) {
        return path;
    }
    std::error_code ec;
    return fs::absolute(path, ec)
        .lexically_normal()
        .lexically_relative(fs::absolute(root, ec).lexically_normal())
        .generic_string();
}

using Key = std::tuple<std::string, std::string, std::string>;

} // namespace

std::vector<BaselineEntry> read_baseline(const std::string& path) {
    std::string text;
    try {
        text = read_source(path, 64u << 20);
    } catch (const Error& e) {
        throw BaselineError(e.what());
    }
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is 1-based; the line is what a reader looks for.
        const std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
        throw BaselineError(
            fmt::format("{}:{}: not a baseline: the JSON does not parse", path, line));
    }
    const auto bad = [&](const std::string& what) {
        return BaselineError(fmt::format("{}: not a baseline: {}; write one with "
                                         "`ingot check --write-baseline {}`",
                                         path, what, path));
    };
    if (!json.is_object() || json.value("schema", "") != schema) {
        throw bad(fmt::format("it has no \"schema\": \"{}\"", schema));
    }
    if (json.value("version", 0) != version) {
        throw bad(fmt::format("version {} is not {}", json.value("version", 0), version));
    }
    if (!json.contains("findings") || !json["findings"].is_array()) {
        throw bad("it has no \"findings\" list");
    }
    std::vector<BaselineEntry> out;
    for (const nlohmann::json& f : json["findings"]) {
        if (!f.is_object() || !f.contains("path") || !f.contains("id") ||
            !f.contains("fingerprint") || !f["path"].is_string() || !f["id"].is_string() ||
            !f["fingerprint"].is_string()) {
            throw bad("each finding needs \"path\", \"id\" and \"fingerprint\" strings");
        }
        out.push_back({f["path"], f["id"], f["fingerprint"], f.value("message", "")});
    }
    return out;
}

std::vector<BaselineEntry> baseline_entries(const std::vector<Diagnostic>& diagnostics,
                                            const Analysis& analysis, const std::string& root) {
    std::vector<BaselineEntry> out;
    out.reserve(diagnostics.size());
    for (const Diagnostic& d : diagnostics) {
        out.push_back(
            {relative_to(d.primary.span.path, root), d.id, fingerprint(d, analysis), d.message});
    }
    return out;
}

std::string baseline_text(std::vector<BaselineEntry> entries) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return std::tie(a.path, a.id, a.fingerprint, a.message) <
               std::tie(b.path, b.id, b.fingerprint, b.message);
    });
    nlohmann::json findings = nlohmann::json::array();
    for (const BaselineEntry& e : entries) {
        findings.push_back({{"path", e.path},
                            {"id", e.id},
                            {"fingerprint", e.fingerprint},
                            {"message", e.message}});
    }
    const nlohmann::json json = {{"schema", schema}, {"version", version}, {"findings", findings}};
    // Invalid UTF-8 in a message is replaced, never a reason to fail writing the file.
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::vector<Diagnostic> without_baselined(const std::vector<Diagnostic>& diagnostics,
                                          const std::vector<BaselineEntry>& baseline,
                                          const Analysis& analysis, const std::string& root) {
    std::map<Key, std::size_t> recorded;
    for (const BaselineEntry& e : baseline) {
        ++recorded[{e.path, e.id, e.fingerprint}];
    }
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : diagnostics) {
        const auto it =
            recorded.find({relative_to(d.primary.span.path, root), d.id, fingerprint(d, analysis)});
        if (it != recorded.end() && it->second > 0) {
            --it->second;
            continue;
        }
        out.push_back(d);
    }
    return out;
}

} // namespace ingot::cli

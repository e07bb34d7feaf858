// `ingot metrics` and `ingot units`: the vocabulary plans are written in. Both print what the
// public API lists (Engine::prelude_metrics, Analysis::metrics, Engine::units); this file only
// lays it out, as text columns or as JSON.
#include "cli.hpp"
#include "project.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace ingot::cli {

namespace {

struct VocabArgs {
    std::vector<std::string> paths; // `metrics` only
    std::string format = "text";
    std::string root;
};

std::string json_text(const nlohmann::json& json) {
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

/// `path:line:col` of a declared metric, or `built-in` for the prelude's and the host's.
std::string declared_at(const ingot::Metric& m) {
    if (m.span.path.empty()) {
        return "built-in";
    }
    return fmt::format("{}:{}:{}", m.span.path, m.span.begin.line, m.span.begin.column);
}

/// The width of `text` in terminal columns: CJK ideographs take two, other code points one.
std::size_t columns(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
        width += length == 3 ? 2 : 1; // the 3-byte sequences here are CJK ideographs
        i += length;
    }
    return width;
}

std::string padded(std::string_view text, std::size_t width) {
    const std::size_t w = columns(text);
    return std::string(text) + std::string(width > w ? width - w : 0, ' ');
}

int run_metrics(const VocabArgs& options) {
    std::vector<ingot::Metric> metrics;
    if (options.paths.empty()) {
        metrics = ingot::Engine().prelude_metrics();
    } else {
        ProjectSettings settings;
        try {
            settings = project_settings(options.paths, options.root, std::nullopt);
        } catch (const ProjectError& e) {
            report_error(e.what());
            return exit_usage_or_io;
        }
        ingot::Workspace ws(ingot::Engine(), settings.root);
        if (!add_paths(ws, options.paths)) {
            return exit_usage_or_io;
        }
        metrics = ws.analyze(settings.analyze).metrics();
    }
    if (options.format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const ingot::Metric& m : metrics) {
            nlohmann::json entry = {{"name", m.name},
                                    {"unit", m.unit},
                                    {"label", m.label},
                                    {"aka", m.aka},
                                    {"builtin", m.span.path.empty()}};
            if (!m.span.path.empty()) {
                entry["path"] = m.span.path;
                entry["line"] = m.span.begin.line;
                entry["column"] = m.span.begin.column;
            }
            list.push_back(std::move(entry));
        }
        fmt::print("{}", json_text({{"metrics", list}}));
        return exit_clean;
    }
    std::size_t name_width = 4;
    std::size_t unit_width = 4;
    std::size_t label_width = 5;
    std::size_t aka_width = 3;
    std::vector<std::string> akas;
    for (const ingot::Metric& m : metrics) {
        akas.push_back(fmt::format("{}", fmt::join(m.aka, ", ")));
        name_width = std::max(name_width, columns(m.name));
        unit_width = std::max(unit_width, columns(m.unit));
        label_width = std::max(label_width, columns(m.label));
        aka_width = std::max(aka_width, columns(akas.back()));
    }
    fmt::print("{}  {}  {}  {}  {}\n", padded("name", name_width), padded("unit", unit_width),
               padded("label", label_width), padded("aka", aka_width), "declared");
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        const ingot::Metric& m = metrics[i];
        fmt::print("{}  {}  {}  {}  {}\n", padded(m.name, name_width), padded(m.unit, unit_width),
                   padded(m.label, label_width), padded(akas[i], aka_width), declared_at(m));
    }
    return exit_clean;
}

/// A factor as the docs write it: `1`, `1000`, `0.01`; a power of ten from 10⁴ on as `1e4`, so
/// that `1e6 t` and `1e8` read at a glance; other large values as `2.93076e10`.
std::string factor_text(double factor) {
    const double power = std::round(std::log10(factor));
    if (factor >= 1e4 && std::pow(10.0, power) == factor) {
        return fmt::format("1e{}", static_cast<int>(power));
    }
    std::string text = fmt::format("{:.10g}", factor);
    const auto e = text.find("e+");
    if (e != std::string::npos) {
        std::string exponent = text.substr(e + 2);
        exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
        text.replace(e, std::string::npos, "e" + exponent);
    }
    return text;
}

int run_units(const VocabArgs& options) {
    const std::vector<ingot::UnitInfo> units = ingot::Engine().units();
    if (options.format == "json") {
        nlohmann::json unit_words = nlohmann::json::array();
        nlohmann::json scale_words = nlohmann::json::array();
        for (const ingot::UnitInfo& u : units) {
            nlohmann::json entry = {{"word", u.word}, {"factor", u.factor}};
            if (!u.scale_word) {
                entry["dimension"] = u.dimension;
                entry["of"] = u.of;
            }
            if (!u.same_as.empty()) {
                entry["same_as"] = u.same_as;
            }
            (u.scale_word ? scale_words : unit_words).push_back(std::move(entry));
        }
        fmt::print("{}", json_text({{"units", unit_words}, {"scales", scale_words}}));
        return exit_clean;
    }
    std::size_t word_width = 4;
    std::size_t dimension_width = 9;
    for (const ingot::UnitInfo& u : units) {
        word_width = std::max(word_width, columns(u.word));
        dimension_width = std::max(dimension_width, columns(u.dimension));
    }
    const auto alias = [](const ingot::UnitInfo& u) {
        return u.same_as.empty() ? std::string() : fmt::format("  (= {})", u.same_as);
    };
    fmt::print("Unit words\n{}  {}  {}\n", padded("word", word_width),
               padded("dimension", dimension_width), "value");
    for (const ingot::UnitInfo& u : units) {
        if (!u.scale_word) {
            const std::string value =
                u.of.empty() ? factor_text(u.factor) : factor_text(u.factor) + " " + u.of;
            fmt::print("{}  {}  {}{}\n", padded(u.word, word_width),
                       padded(u.dimension, dimension_width), value, alias(u));
        }
    }
    fmt::print("\nScale words (before a unit word: `bn CNY`, `万吨`)\n{}  {}\n",
               padded("word", word_width), "factor");
    for (const ingot::UnitInfo& u : units) {
        if (u.scale_word) {
            fmt::print("{}  {}{}\n", padded(u.word, word_width), factor_text(u.factor), alias(u));
        }
    }
    return exit_clean;
}

void add_format_option(CLI::App& cmd, VocabArgs& options) {
    cmd.add_option("--format", options.format, "text or json (default: text)")
        ->check(CLI::IsMember({"text", "json"}));
}

} // namespace

Command add_metrics_command(CLI::App& app) {
    auto options = std::make_shared<VocabArgs>();
    CLI::App* cmd = app.add_subcommand(
        "metrics", "List the built-in metrics (name, unit, label, aka); with PATHs, also the "
                   "metrics the files there declare, with where");
    cmd->add_option("paths", options->paths, "Files or folders with plans and rulebooks");
    add_format_option(*cmd, *options);
    cmd->add_option("--root", options->root, root_help)->type_name("DIR");
    cmd->footer("Examples:\n"
                "  ingot metrics                  the prelude's metrics\n"
                "  ingot metrics plans/           and those declared under plans/, with "
                "file:line:col\n"
                "  ingot metrics --format json    the same as JSON\n\n"
                "Exit codes: 0 listed, 2 usage or I/O errors (a missing or unreadable PATH).");
    return {cmd, [options] { return run_metrics(*options); }};
}

Command add_units_command(CLI::App& app) {
    auto options = std::make_shared<VocabArgs>();
    CLI::App* cmd = app.add_subcommand(
        "units", "List the unit words (with dimension and value) and the scale words, Chinese "
                 "aliases included");
    add_format_option(*cmd, *options);
    cmd->footer("Examples:\n"
                "  ingot units                    every unit word and scale word\n"
                "  ingot units | grep mass        the units of mass\n"
                "  ingot units --format json      the same as JSON\n\n"
                "Exit codes: 0 listed, 2 usage errors.");
    return {cmd, [options] { return run_units(*options); }};
}

} // namespace ingot::cli

#include "bench/micro/corpus.hpp"

#include "ingot/ingot.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <sstream>
#include <utility>

namespace ingot::bench {

namespace {

bool ends_with(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// The first word of `line` after `keyword ` and blanks: [begin, end) of it, or npos.
std::pair<std::size_t, std::size_t> word_after(const std::string& line, std::string_view keyword) {
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, keyword.size(), keyword) != 0 ||
        start + keyword.size() >= line.size() ||
        (line[start + keyword.size()] != ' ' && line[start + keyword.size()] != '\t')) {
        return {std::string::npos, std::string::npos};
    }
    const std::size_t begin = line.find_first_not_of(" \t", start + keyword.size());
    if (begin == std::string::npos) {
        return {std::string::npos, std::string::npos};
    }
    std::size_t end = begin;
    while (end < line.size() &&
           (std::isalnum(static_cast<unsigned char>(line[end])) != 0 || line[end] == '_')) {
        ++end;
    }
    return {begin, end};
}

std::size_t env_size(const char* name, std::size_t fallback) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return fallback;
    }
    char* end = nullptr;
    const unsigned long long n = std::strtoull(value, &end, 10);
    if (end == value || *end != '\0' || n == 0) {
        throw Error(Error::Kind::usage, fmt::format("{} must be a positive whole number", name));
    }
    return static_cast<std::size_t>(n);
}

} // namespace

std::string rename_plans(const std::string& text, const std::string& suffix) {
    std::istringstream in(text);
    std::string out;
    out.reserve(text.size() + 64);
    std::string line;
    bool in_plan = false;
    while (std::getline(in, line)) {
        // `plan NAME {` at the start of a line opens a plan, `}` at the start of a line closes
        // it; `series NAME` inside it names its series. Comments and the rest stay as they are.
        std::pair<std::size_t, std::size_t> word{std::string::npos, std::string::npos};
        if (line.rfind("plan ", 0) == 0) {
            in_plan = true;
            word = word_after(line, "plan");
        } else if (in_plan) {
            word = word_after(line, "series");
        }
        if (!line.empty() && line[0] == '}') {
            in_plan = false;
        }
        const auto [begin, end] = word;
        if (begin != std::string::npos && end > begin) {
            line.insert(end, suffix);
        }
        out += line;
        out += '\n';
    }
    return out;
}

Corpus load_corpus() {
    Corpus corpus;
    if (const char* folder = std::getenv("INGOT_BENCH_CORPUS"); folder && *folder) {
        corpus.root = folder;
        for (const std::string& path : find_sources(folder)) {
            std::string text = read_source(path);
            corpus.bytes += text.size();
            if (ends_with(path, ".plan")) {
                ++corpus.plan_files;
                corpus.plan_bytes += text.size();
            }
            corpus.sources.push_back({path, std::move(text), false});
        }
        corpus.description = fmt::format("{}: {} plan files, {} bytes of plans", folder,
                                         corpus.plan_files, corpus.plan_bytes);
        return corpus;
    }
    const std::size_t wanted = env_size("INGOT_BENCH_BYTES", 2u << 20);
    const std::string root = INGOT_SOURCE_DIR "/plans";
    std::vector<runtime::SourceText> plans;
    std::vector<runtime::SourceText> rulebooks;
    for (const std::string& path : find_sources(root)) {
        (ends_with(path, ".plan") ? plans : rulebooks).push_back({path, read_source(path), false});
    }
    corpus.root = root;
    std::size_t copy = 0;
    while (corpus.plan_bytes < wanted) {
        ++copy;
        for (const runtime::SourceText& plan : plans) {
            const std::string suffix = fmt::format("_c{}", copy);
            const std::string stem = plan.path.substr(0, plan.path.size() - 5); // `.plan`
            std::string text = rename_plans(plan.text, suffix);
            corpus.plan_bytes += text.size();
            ++corpus.plan_files;
            corpus.sources.push_back({stem + suffix + ".plan", std::move(text), false});
        }
    }
    corpus.bytes = corpus.plan_bytes;
    for (runtime::SourceText& r : rulebooks) {
        corpus.bytes += r.text.size();
        corpus.sources.push_back(std::move(r));
    }
    corpus.description = fmt::format("plans/ x{}: {} plan files, {} bytes of plans", copy,
                                     corpus.plan_files, corpus.plan_bytes);
    return corpus;
}

} // namespace ingot::bench

// What rewrites files and shows the change: `ingot fmt` and `ingot check --fix` share both, so a
// file is written, and a change is shown, the same way whichever command makes it.
#include "cli.hpp"

#include <dtl/dtl.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace ingot::cli {

namespace {

namespace fs = std::filesystem;

/// `text` cut into lines, each with its `\n`; the last has none when the text does not end with
/// one, so a missing final newline is a difference like any other.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::size_t next = end == std::string::npos ? text.size() : end + 1;
        lines.push_back(text.substr(start, next - start));
        start = next;
    }
    return lines;
}

/// `a/PATH` for a relative path, as git writes it (so `git apply` and `patch -p1` take the diff);
/// an absolute path as it is, as `diff -u` writes it.
std::string diff_label(const std::string& prefix, const std::string& path) {
    return fs::path(path).is_absolute() ? path : prefix + path;
}

/// `@@ -START,COUNT +START,COUNT @@`'s halves: `,COUNT` is left out when it is 1, and an empty
/// range starts at the line before it, as `diff -u` and `git diff` write them.
std::string hunk_range(std::size_t first, std::size_t count) {
    const std::size_t start = count == 0 ? first : first + 1;
    return count == 1 ? fmt::format("{}", start) : fmt::format("{},{}", start, count);
}

} // namespace

/// A unified diff from `before` to `after` with 3 lines of context, as `diff -u` writes it, under
/// `--- a/PATH` and `+++ b/PATH` headers; "" when the texts are equal. dtl finds the shortest
/// edit script (Wu's O(NP) algorithm); this function only groups it into hunks: changes whose
/// contexts meet or overlap (at most 6 unchanged lines apart) share a hunk, and within a run of
/// changes the removed lines come before the added ones.
std::string unified_diff(const std::string& path, const std::string& before,
                         const std::string& after, bool color) {
    if (before == after) {
        return {};
    }
    constexpr std::size_t context = 3;
    const std::vector<std::string> old_lines = lines_of(before);
    const std::vector<std::string> new_lines = lines_of(after);
    dtl::Diff<std::string, std::vector<std::string>> diff(old_lines, new_lines);
    diff.compose();

    struct Entry {
        dtl::edit_t kind;
        const std::string* line;
        std::size_t old_index; // lines of `before` ahead of this entry
        std::size_t new_index; // lines of `after` ahead of this entry
    };
    std::vector<Entry> entries;
    std::vector<std::size_t> changes;
    std::size_t old_index = 0;
    std::size_t new_index = 0;
    for (const auto& element : diff.getSes().getSequence()) {
        const dtl::elemInfo& info = element.second;
        const std::string* text = nullptr;
        if (info.type == dtl::SES_ADD) {
            text = &new_lines[new_index];
        } else {
            text = &old_lines[old_index];
        }
        if (info.type != dtl::SES_COMMON) {
            changes.push_back(entries.size());
        }
        entries.push_back({info.type, text, old_index, new_index});
        old_index += info.type != dtl::SES_ADD ? 1 : 0;
        new_index += info.type != dtl::SES_DELETE ? 1 : 0;
    }

    const auto paint = [color](std::string_view code, const std::string& text) {
        return color && !code.empty() ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
    };
    const auto print_line = [&](char sign, const std::string& line, std::string_view code) {
        const bool newline = !line.empty() && line.back() == '\n';
        std::string out =
            paint(code, sign + line.substr(0, line.size() - (newline ? 1 : 0))) + "\n";
        return newline ? out : out + "\\ No newline at end of file\n";
    };

    std::string out = paint("1", "--- " + diff_label("a/", path)) + "\n" +
                      paint("1", "+++ " + diff_label("b/", path)) + "\n";
    const auto print_hunk = [&](std::size_t lo, std::size_t hi) {
        std::size_t old_count = 0;
        std::size_t new_count = 0;
        for (std::size_t i = lo; i < hi; ++i) {
            old_count += entries[i].kind != dtl::SES_ADD ? 1 : 0;
            new_count += entries[i].kind != dtl::SES_DELETE ? 1 : 0;
        }
        out +=
            paint("36", fmt::format("@@ -{} +{} @@", hunk_range(entries[lo].old_index, old_count),
                                    hunk_range(entries[lo].new_index, new_count))) +
            "\n";
        std::string added;
        for (std::size_t i = lo; i < hi; ++i) {
            const Entry& e = entries[i];
            if (e.kind == dtl::SES_COMMON) {
                out += added + print_line(' ', *e.line, "");
                added.clear();
            } else if (e.kind == dtl::SES_DELETE) {
                out += print_line('-', *e.line, "31");
            } else {
                added += print_line('+', *e.line, "32");
            }
        }
        out += added;
    };

    std::size_t lo = changes.front() > context ? changes.front() - context : 0;
    std::size_t hi = changes.front() + 1;
    for (std::size_t k = 1; k < changes.size(); ++k) {
        const std::size_t at = changes[k];
        if (at - hi > 2 * context) {
            print_hunk(lo, hi + context);
            lo = at - context;
        }
        hi = at + 1;
    }
    print_hunk(lo, std::min(entries.size(), hi + context));
    return out;
}

bool rewrite_or_report(const SourceVersion& read, std::string_view text) {
    try {
        rewrite_source(read, text);
        return true;
    } catch (const Error& e) {
        // Read-only, changed since it was read, or the write failed: the file is as it was.
        report_error(e.what());
        return false;
    }
}

} // namespace ingot::cli

// Source buffers and spans.
//
// Every AST node and every diagnostic points into source text through a SourceSpan: a file id and a
// half-open byte range [begin, end). Lines and columns are computed lazily from a per-file table of
// line starts, so spans stay small and cheap to copy. Columns count Unicode code points (not
// bytes), so a caret under Chinese text lines up with what an editor shows as the column number.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::lang {

using FileId = std::uint32_t;

/// A half-open byte range [begin, end) in one file.
struct SourceSpan {
    FileId file = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    bool operator==(const SourceSpan&) const = default;
};

/// A 1-based line and a 1-based column counted in code points.
struct LineColumn {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

/// One file's text and its line table. Immutable once built.
class SourceFile {
public:
    SourceFile(std::string path, std::string text);

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }

    /// Line and column of a byte offset; offsets past the end map to the end of the text.
    LineColumn location(std::uint32_t offset) const;
    /// The text of a 1-based line, without its line terminator.
    std::string_view line_text(std::uint32_t line) const;
    /// Byte offset at which a 1-based line starts.
    std::uint32_t line_start(std::uint32_t line) const;
    std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

private:
    std::string path_;
    std::string text_;
    std::vector<std::uint32_t> line_starts_;
};

/// Owns every loaded file; FileIds index into it. Files are never removed, so references to a
/// SourceFile stay valid for the map's lifetime.
class SourceMap {
public:
    FileId add(std::string path, std::string text);
    const SourceFile& file(FileId id) const { return *files_.at(id); }
    std::size_t size() const { return files_.size(); }

private:
    std::vector<std::unique_ptr<SourceFile>> files_;
};

/// Number of code points in a UTF-8 string (bytes that are not continuation bytes).
std::uint32_t count_code_points(std::string_view text);

/// Terminal display width of UTF-8 text: East Asian wide characters count 2, combining marks 0.
std::uint32_t display_width(std::string_view text);

/// Offset of the first byte that is not valid UTF-8, or npos when the whole text is valid.
std::size_t find_invalid_utf8(std::string_view text);

/// Whether a code point must never reach a terminal or a log raw: C0 and C1 controls and DEL
/// (they move the cursor, end lines, start escape sequences), the line and paragraph separators,
/// and the bidirectional overrides and isolates, which reorder what is shown ("Trojan Source").
bool is_unsafe_code_point(char32_t code_point);

/// `text` as it may be shown in text output: every unsafe code point written as an escape the
/// language itself reads (`\n`, `\r`, `\t`, `\u{1B}`), every byte that is not UTF-8 as
/// `\x{FF}`; everything else unchanged. With `keep_tabs`, tabs stay (a quoted source line keeps
/// its indentation). The contract of every text renderer: text from a checked file (paths,
/// strings, names, messages built from them, source lines) goes through this, so no input can
/// start a line of output or send a control sequence.
std::string printable(std::string_view text, bool keep_tabs = false);

} // namespace ingot::lang

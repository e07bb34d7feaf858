// Conversions between the library's values and the Language Server Protocol's: positions,
// ranges, URIs and diagnostics.
//
// Positions: the library counts byte offsets (Location::offset); LSP counts a 0-based line and a
// character within it, in UTF-16 code units unless the client agreed to UTF-8 bytes
// (`positionEncoding`, LSP 3.17). Lines end at `\n`, `\r\n` or `\r`, as LSP says.
#pragma once

#include <ingot/ingot.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ingot::cli::lsp {

enum class Encoding { utf8, utf16 };

struct Position {
    std::uint32_t line = 0;
    std::uint32_t character = 0;

    bool operator==(const Position&) const = default;
};

/// The position of byte `offset` of `text` (an offset inside a code point counts as its start;
/// past the end: the end of the text).
Position to_position(std::string_view text, std::uint32_t offset, Encoding encoding);

/// The byte offset of `position` in `text`. A character past the end of its line is the end of
/// the line; a line past the last is the end of the text. A character inside a UTF-16 surrogate
/// pair is the start of that code point.
std::uint32_t to_offset(std::string_view text, Position position, Encoding encoding);

/// `file:///a/b%20c.plan` for `/a/b c.plan` (relative paths are made absolute first).
std::string path_to_uri(const std::string& path);
/// The path of a `file:` URI (percent-decoded), or "" when `uri` is not a `file:` URI.
std::string uri_to_path(std::string_view uri);

/// {"line":…, "character":…}
nlohmann::json to_json(Position position);
/// The LSP Range of `span` in `text` (the text of the span's file).
nlohmann::json to_range(std::string_view text, const Span& span, Encoding encoding);

/// The LSP Diagnostic of `diagnostic`, in the document whose text is `text`: severity, code
/// (the check id), source "ingot", the message with the notes and help after it, and the
/// secondary labels as relatedInformation (`text_of` gives the text of another file, "" when
/// unknown).
nlohmann::json
to_lsp_diagnostic(const Diagnostic& diagnostic, std::string_view text, Encoding encoding,
                  const std::function<std::string_view(const std::string&)>& text_of);

} // namespace ingot::cli::lsp

#include "lang/source.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utf8proc.h>

namespace ingot::lang {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::uint32_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') {
            line_starts_.push_back(i + 1);
        }
    }
}

LineColumn SourceFile::location(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    const std::uint32_t start = line_starts_[line - 1];
    const std::string_view before(text_.data() + start, offset - start);
    return {line, count_code_points(before) + 1};
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) {
        return static_cast<std::uint32_t>(text_.size());
    }
    return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) {
        return {};
    }
    const std::uint32_t start = line_starts_[line - 1];
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                   : static_cast<std::uint32_t>(text_.size());
    if (end > start && text_[end - 1] == '\r') {
        --end;
    }
    return std::string_view(text_).substr(start, end - start);
}

FileId SourceMap::add(std::string path, std::string text) {
    files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
    return static_cast<FileId>(files_.size() - 1);
}

std::uint32_t count_code_points(std::string_view text) {
    return static_cast<std::uint32_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::uint32_t display_width(std::string_view text) {
    std::uint32_t width = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t remaining = static_cast<utf8proc_ssize_t>(text.size());
    while (remaining > 0) {
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(bytes, remaining, &code_point);
        if (n <= 0) { // invalid byte: count it as one column and move on
            ++width;
            ++bytes;
            --remaining;
            continue;
        }
        width +=
            code_point == '\t' ? 1 : static_cast<std::uint32_t>(utf8proc_charwidth(code_point));
        bytes += n;
        remaining -= n;
    }
    return width;
}

std::size_t find_invalid_utf8(std::string_view text) {
    const auto* begin = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    std::size_t offset = 0;
    while (offset < text.size()) {
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(
            begin + offset, static_cast<utf8proc_ssize_t>(text.size() - offset), &code_point);
        if (n <= 0) {
            return offset;
        }
        offset += static_cast<std::size_t>(n);
    }
    return std::string_view::npos;
}

bool is_unsafe_code_point(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

std::string printable(std::string_view text, bool keep_tabs) {
    std::string out;
    out.reserve(text.size());
    const auto* begin = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    std::size_t offset = 0;
    while (offset < text.size()) {
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(
            begin + offset, static_cast<utf8proc_ssize_t>(text.size() - offset), &code_point);
        if (n <= 0) {
            out += fmt::format("\\x{{{:02X}}}", static_cast<unsigned char>(text[offset]));
            ++offset;
            continue;
        }
        const auto length = static_cast<std::size_t>(n);
        const auto c = static_cast<char32_t>(code_point);
        if (!is_unsafe_code_point(c) || (keep_tabs && c == '\t')) {
            out.append(text.substr(offset, length));
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += fmt::format("\\u{{{:X}}}", static_cast<std::uint32_t>(c));
        }
        offset += length;
    }
    return out;
}

} // namespace ingot::lang

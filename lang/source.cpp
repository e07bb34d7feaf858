#include "lang/source.hpp"

#include <algorithm>
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

} // namespace ingot::lang

#include "lsp/convert.hpp"

#include <filesystem>

namespace ingot::cli::lsp {

namespace {

/// The length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte, which
/// is then one unit in either encoding: an editor shows it as one replacement character).
std::uint32_t sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead <= 0xF4) {
        return 4;
    }
    if (lead >= 0xE0) {
        return lead <= 0xEF ? 3 : 1;
    }
    if (lead >= 0xC2) {
        return 2;
    }
    return 1;
}

/// The byte offset where 0-based line `line` starts, or text.size() when there is no such line.
std::size_t line_start(std::string_view text, std::uint32_t line) {
    std::size_t at = 0;
    for (std::uint32_t l = 0; l < line; ++l) {
        const std::size_t end = text.find_first_of("\r\n", at);
        if (end == std::string_view::npos) {
            return text.size();
        }
        at = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
    }
    return at;
}

} // namespace

Position to_position(std::string_view text, std::uint32_t offset, Encoding encoding) {
    const std::size_t end = std::min<std::size_t>(offset, text.size());
    Position p;
    std::size_t start = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
            ++p.line;
            start = i + 1;
        }
    }
    for (std::size_t i = start; i < end;) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::uint32_t length = sequence_length(lead);
        if (i + length > end) {
            break; // `offset` is inside this code point: its start
        }
        p.character += encoding == Encoding::utf8 ? length : (length == 4 ? 2 : 1);
        i += length;
    }
    return p;
}

std::uint32_t to_offset(std::string_view text, Position position, Encoding encoding) {
    std::size_t at = line_start(text, position.line);
    const std::size_t line_end = std::min(text.find_first_of("\r\n", at), text.size());
    std::uint32_t units = 0;
    while (at < line_end && units < position.character) {
        const std::uint32_t length = sequence_length(static_cast<unsigned char>(text[at]));
        const std::uint32_t width = encoding == Encoding::utf8 ? length : (length == 4 ? 2 : 1);
        if (units + width > position.character) {
            break; // inside a surrogate pair or a UTF-8 sequence: its start
        }
        units += width;
        at = std::min(at + length, line_end);
    }
    return static_cast<std::uint32_t>(at);
}

std::string path_to_uri(const std::string& path) {
    std::error_code ec;
    std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
    if (ec) {
        absolute = path;
    }
    std::string out = "file://";
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char ch : absolute) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string uri_to_path(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (!uri.starts_with(scheme)) {
        return {};
    }
    uri.remove_prefix(scheme.size());
    // `file://host/path`: only the local host (empty or `localhost`) names a file here.
    if (uri.starts_with("localhost/")) {
        uri.remove_prefix(9);
    } else if (!uri.starts_with("/")) {
        return {};
    }
    const auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && digit(uri[i + 1]) >= 0 &&
            digit(uri[i + 2]) >= 0) {
            out += static_cast<char>(digit(uri[i + 1]) * 16 + digit(uri[i + 2]));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

nlohmann::json to_json(Position position) {
    return {{"line", position.line}, {"character", position.character}};
}

nlohmann::json to_range(std::string_view text, const Span& span, Encoding encoding) {
    return {{"start", to_json(to_position(text, span.begin.offset, encoding))},
            {"end", to_json(to_position(text, span.end.offset, encoding))}};
}

nlohmann::json
to_lsp_diagnostic(const Diagnostic& d, std::string_view text, Encoding encoding,
                  const std::function<std::string_view(const std::string&)>& text_of) {
    std::string message = d.message;
    if (!d.primary.message.empty()) {
        message += "\n" + d.primary.message;
    }
    for (const std::string& note : d.notes) {
        message += "\nnote: " + note;
    }
    if (d.help) {
        message += "\nhelp: " + *d.help;
    }
    nlohmann::json out = {
        {"range", to_range(text, d.primary.span, encoding)},
        {"severity", d.severity == Severity::error     ? 1
                     : d.severity == Severity::warning ? 2
                                                       : 3},
        {"code", d.id},
        {"source", "ingot"},
        {"message", message},
    };
    nlohmann::json related = nlohmann::json::array();
    for (const Label& label : d.secondary) {
        if (label.span.path.empty()) {
            continue;
        }
        const std::string_view other =
            label.span.path == d.primary.span.path ? text : text_of(label.span.path);
        related.push_back(
            {{"location",
              {{"uri", path_to_uri(label.span.path)},
               {"range", to_range(other, label.span, encoding)}}},
             {"message", label.message.empty() ? std::string("related") : label.message}});
    }
    if (!related.empty()) {
        out["relatedInformation"] = std::move(related);
    }
    return out;
}

} // namespace ingot::cli::lsp

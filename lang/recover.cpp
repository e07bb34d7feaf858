#include "lang/recover.hpp"

#include "lang/keywords.hpp"

#include <algorithm>
#include <array>

namespace ingot::lang::detail {

namespace {

bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view word_at(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size() && is_ident_char(text[end])) {
        ++end;
    }
    return text.substr(pos, end - pos);
}

bool first_on_line(std::string_view text, std::size_t pos) {
    while (pos > 0) {
        const char c = text[pos - 1];
        if (c == '\n') {
            return true;
        }
        if (c != ' ' && c != '\t' && c != '\r') {
            return false;
        }
        --pos;
    }
    return true;
}

} // namespace

bool is_statement_keyword(std::string_view word) {
    return std::find(statement_keywords.begin(), statement_keywords.end(), word) !=
           statement_keywords.end();
}

std::size_t resume_offset(std::string_view text, std::size_t start, std::size_t error_offset,
                          bool unclosed_block) {
    const std::size_t error = std::min(error_offset, text.size());
    const auto at_statement_start = [&](std::size_t p) {
        return p >= text.size() || text[p] == '}' || is_statement_keyword(word_at(text, p));
    };
    if (unclosed_block && error > start && first_on_line(text, error) &&
        at_statement_start(error)) {
        return error;
    }
    // Scan the failed statement from its start, so strings, comments and braces are seen whole
    // even when the error sits inside one of them; stop only past the error and past the start
    // (the statement must be consumed, or the body would loop on it forever).
    std::size_t pos = start;
    bool at_line_start = false;
    int depth = 0;
    const auto may_stop = [&] { return pos >= error && pos > start && depth == 0; };
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '\n') {
            ++pos;
            at_line_start = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++pos;
            continue;
        }
        if (c == '#') {
            while (pos < text.size() && text[pos] != '\n') {
                ++pos;
            }
            continue;
        }
        if (at_line_start && may_stop() && at_statement_start(pos)) {
            return pos;
        }
        at_line_start = false;
        if (c == '"') {
            ++pos;
            while (pos < text.size() && text[pos] != '"' && text[pos] != '\n') {
                pos += text[pos] == '\\' && pos + 1 < text.size() && text[pos + 1] != '\n' ? 2 : 1;
            }
            if (pos < text.size() && text[pos] == '"') {
                ++pos;
            }
            continue;
        }
        if (c == '{') {
            ++depth;
        } else if (c == '}') {
            if (may_stop()) {
                return pos; // closes the enclosing block: let the block see it
            }
            depth = std::max(0, depth - 1);
        }
        ++pos;
    }
    return pos;
}

int net_closing_braces(std::string_view text) {
    int net = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '#') {
            while (pos < text.size() && text[pos] != '\n') {
                ++pos;
            }
            continue;
        }
        if (c == '"') {
            ++pos;
            while (pos < text.size() && text[pos] != '"' && text[pos] != '\n') {
                pos += text[pos] == '\\' && pos + 1 < text.size() && text[pos + 1] != '\n' ? 2 : 1;
            }
        } else if (c == '{') {
            --net;
        } else if (c == '}') {
            ++net;
        }
        ++pos;
    }
    return net;
}

} // namespace ingot::lang::detail

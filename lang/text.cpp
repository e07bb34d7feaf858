#include "lang/text.hpp"

#include "lang/keywords.hpp"

#include <cstdio>

namespace ingot::lang {

namespace {

std::string padded(int value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
    return buffer;
}

} // namespace

std::string escaped_text(std::string_view value, bool in_message) {
    std::string out;
    out.reserve(value.size());
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '\\' || ch == '"' || (in_message && (ch == '{' || ch == '}'))) {
            out += '\\';
            out += ch;
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7F) {
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "\\u{%X}", static_cast<unsigned>(c));
            out += buffer;
        } else {
            out += ch;
        }
    }
    return out;
}

std::string year_text(const Year& y) {
    return padded(y.value, 4);
}

std::string date_text(const Date& d) {
    return padded(d.year, 4) + "-" + padded(d.month, 2) + "-" + padded(d.day, 2);
}

/// Words of a group joined by one space, groups by `/` without spaces: the only spelling the
/// grammar reads back as the same groups.
std::string unit_text(const WrittenUnit& u) {
    std::string out;
    for (std::size_t g = 0; g < u.parts.size(); ++g) {
        if (g > 0) {
            out += '/';
        }
        for (std::size_t w = 0; w < u.parts[g].size(); ++w) {
            if (w > 0) {
                out += ' ';
            }
            out += u.parts[g][w];
        }
    }
    return out;
}

std::string quantity_text(const Quantity& q) {
    std::string out = q.low.text;
    if (q.high) {
        out += ".." + q.high->text;
    }
    return out + " " + unit_text(q.unit);
}

std::string_view comparator_text(Comparator c) {
    switch (c) {
    case Comparator::greater:
        return ">";
    case Comparator::greater_equal:
        return ">=";
    case Comparator::less:
        return "<";
    case Comparator::less_equal:
        return "<=";
    case Comparator::equal:
        return "=";
    case Comparator::about:
        return "~";
    }
    return "";
}

/// `~` reads as part of the figure (`~5 %/yr`); the other comparators are operators (`> 20 Mt`).
std::string figure_text(const std::optional<Comparator>& comparator, const Quantity& q) {
    if (!comparator) {
        return quantity_text(q);
    }
    if (*comparator == Comparator::about) {
        return "~" + quantity_text(q);
    }
    return std::string(comparator_text(*comparator)) + " " + quantity_text(q);
}

std::string metric_text(const MetricRef& m) {
    return m.scope ? m.metric.name + "(" + m.scope->name + ")" : m.metric.name;
}

std::string clause_text(const Clause& c) {
    std::string out = std::string(keyword(c.kind)) + " " + figure_text(c.comparator, c.value);
    if (c.by) {
        out += " by " + year_text(*c.by);
    }
    return out;
}

} // namespace ingot::lang

#include "runtime/names.hpp"

#include <algorithm>
#include <cctype>

namespace ingot::runtime {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::optional<std::string> did_you_mean(std::string_view unknown,
                                        const std::vector<std::string>& known) {
    const std::string u = lower(unknown);
    const std::size_t limit = u.size() <= 3 ? 1 : 2;
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const std::string& word : known) {
        if (word == unknown) {
            continue; // the name itself is known but not usable here: suggesting it helps nobody
        }
        const std::string w = lower(word);
        const std::size_t d = edit_distance(u, w);
        const bool close = d == 0 || (d <= limit && (d < u.size() || w.starts_with(u)));
        if (close && d < best_distance) {
            best = word;
            best_distance = d;
        }
    }
    return best;
}

} // namespace ingot::runtime

// The writers of a plan diff (include/ingot/diff.hpp): text for a terminal, Markdown for a pull
// request, JSON in the versioned schema of docs/diff.md. They read only the public PlanDiff; its
// figures are printed as every command prints them (to_text_with_range).
#include "ingot/diff.hpp"

#include "ingot/ingot.hpp"
#include "runtime/report_json.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace ingot {

namespace {

/// The JSON schema's version: raised when a field is removed, renamed or changes meaning; adding
/// a field keeps it.
constexpr int schema_version = 1;

using K = TargetChange::Kind;

/// The word of a change: growth that went down is cut, a level lowered.
std::string kind_word(const TargetChange& t) {
    switch (t.kind) {
    case K::added:
        return "added";
    case K::removed:
        return "removed";
    case K::raised:
        return "raised";
    case K::lowered:
        return t.compared == "level" ? "lowered" : "cut";
    case K::changed:
        return "changed";
    case K::unchanged:
        return "unchanged";
    }
    return "changed";
}

/// The kind as the JSON names it.
std::string_view kind_name(K kind) {
    switch (kind) {
    case K::added:
        return "added";
    case K::removed:
        return "removed";
    case K::raised:
        return "raised";
    case K::lowered:
        return "lowered";
    case K::changed:
        return "changed";
    case K::unchanged:
        return "unchanged";
    }
    return "changed";
}

std::string compared_words(const TargetChange& t) {
    if (t.compared == "growth") {
        return "average yearly growth";
    }
    if (t.compared == "points") {
        return "change in points";
    }
    return "level";
}

std::string number_text(const Number& n, int digits) {
    return to_text_with_range(Value{n}, digits);
}

std::string years_text(int from, int to, const TargetChange& t) {
    // Growth and points cover the years after the base year; a level is of one year.
    if (t.compared == "level" || from == to) {
        return fmt::format("in {}", to);
    }
    return from + 1 == to ? fmt::format("in {}", to) : fmt::format("over {}–{}", from + 1, to);
}

std::string period_text(const std::optional<int>& first, const std::optional<int>& last) {
    if (!first || !last) {
        return "no period";
    }
    return fmt::format("{}..{}", *first, *last);
}

std::string names_text(const std::vector<std::string>& names) {
    return fmt::format("{}", fmt::join(names, ", "));
}

/// `[iva]`, or `[old → new]` when the targets on the series were renamed.
std::string target_label(const TargetChange& t) {
    if (t.old_targets.empty() || t.new_targets.empty() || t.old_targets == t.new_targets) {
        return names_text(t.new_targets.empty() ? t.old_targets : t.new_targets);
    }
    return fmt::format("{} → {}", names_text(t.old_targets), names_text(t.new_targets));
}

/// "1 cut, 1 changed, 1 added": the changed targets by kind, in a fixed order.
std::string target_counts(const PlanDiff& d) {
    std::vector<std::string> parts;
    std::map<std::string, std::size_t, std::less<>> counts;
    for (const TargetChange& t : d.targets) {
        if (t.kind != K::unchanged) {
            ++counts[kind_word(t)];
        }
    }
    for (const std::string_view word :
         {"raised", "cut", "lowered", "changed", "added", "removed"}) {
        if (const auto it = counts.find(word); it != counts.end()) {
            parts.push_back(fmt::format("{} {}", it->second, word));
        }
    }
    return names_text(parts);
}

std::string summary(const PlanDiff& d) {
    if (!d.changed()) {
        return "no changes";
    }
    std::vector<std::string> parts;
    const auto changed = static_cast<std::size_t>(
        std::count_if(d.targets.begin(), d.targets.end(),
                      [](const TargetChange& t) { return t.kind != K::unchanged; }));
    if (changed > 0) {
        parts.push_back(fmt::format("{} {} ({})", changed,
                                    changed == 1 ? "target changed" : "targets changed",
                                    target_counts(d)));
    }
    const auto count = [&](std::size_t n, std::string_view one, std::string_view many) {
        if (n > 0) {
            parts.push_back(fmt::format("{} {}", n, n == 1 ? one : many));
        }
    };
    count(d.scopes.size(), "scope", "scopes");
    count(d.focuses.added.size() + d.focuses.removed.size(), "focus", "focuses");
    count(d.silent_on.added.size() + d.silent_on.removed.size(), "silent_on name",
          "silent_on names");
    if (d.old_first_year != d.new_first_year || d.old_last_year != d.new_last_year) {
        parts.emplace_back("the period");
    }
    return names_text(parts);
}

// ---- text ---------------------------------------------------------------------------------

std::string write_text(const PlanDiff& d, int digits) {
    std::string out;
    out += fmt::format("old: {}  {}  {}\n", d.old_plan, d.old_path,
                       period_text(d.old_first_year, d.old_last_year));
    out += fmt::format("new: {}  {}  {}{}\n", d.new_plan, d.new_path,
                       period_text(d.new_first_year, d.new_last_year),
                       d.new_follows.empty() ? "" : "  follows " + d.new_follows);
    if (d.old_first_year != d.new_first_year || d.old_last_year != d.new_last_year) {
        out += fmt::format("\nperiod: {} → {}\n", period_text(d.old_first_year, d.old_last_year),
                           period_text(d.new_first_year, d.new_last_year));
    }
    if (!d.targets.empty()) {
        out += "\ntargets:\n";
    }
    constexpr std::string_view indent = "              ";
    for (const TargetChange& t : d.targets) {
        std::string written = t.kind == K::added     ? t.new_written
                              : t.kind == K::removed ? t.old_written
                              : t.kind == K::unchanged
                                  ? t.new_written
                                  : fmt::format("{} → {}", t.old_written, t.new_written);
        out += fmt::format("  {:<11} {}: {}  [{}]\n", kind_word(t), t.series, written,
                           target_label(t));
        if (t.kind == K::unchanged || t.kind == K::added || t.kind == K::removed) {
            continue;
        }
        if (t.old_form != t.new_form) {
            out += fmt::format("{}{} → {}\n", indent, t.old_form, t.new_form);
        }
        if (t.change && t.old_value && t.new_value) {
            out +=
                fmt::format("{}{} {} {} → {} {}: {}\n", indent, compared_words(t),
                            number_text(*t.old_value, digits), years_text(t.old_from, t.old_to, t),
                            number_text(*t.new_value, digits), years_text(t.new_from, t.new_to, t),
                            number_text(*t.change, digits));
        }
    }
    if (!d.scopes.empty()) {
        out += "\nscopes:\n";
        for (const ScopeChange& s : d.scopes) {
            if (s.added) {
                out +=
                    fmt::format("  added       {} {{ {} }}\n", s.name, names_text(s.items.added));
            } else if (s.removed) {
                out +=
                    fmt::format("  removed     {} {{ {} }}\n", s.name, names_text(s.items.removed));
            } else {
                std::vector<std::string> parts;
                if (!s.items.added.empty()) {
                    parts.push_back("+ " + names_text(s.items.added));
                }
                if (!s.items.removed.empty()) {
                    parts.push_back("- " + names_text(s.items.removed));
                }
                if (s.old_size != s.new_size) {
                    const auto size = [](const std::optional<double>& n) {
                        return n ? fmt::format("of {}", *n) : std::string("no size");
                    };
                    parts.push_back(fmt::format("{} → {}", size(s.old_size), size(s.new_size)));
                }
                out += fmt::format("  changed     {}: {}\n", s.name, names_text(parts));
            }
        }
    }
    const auto names = [&](std::string_view title, const NamesChange& c) {
        if (c.empty()) {
            return;
        }
        out += fmt::format("\n{}:\n", title);
        if (!c.added.empty()) {
            out += fmt::format("  added       {}\n", names_text(c.added));
        }
        if (!c.removed.empty()) {
            out += fmt::format("  removed     {}\n", names_text(c.removed));
        }
    };
    names("focuses", d.focuses);
    names("silent_on", d.silent_on);
    out += fmt::format("\n{}\n", summary(d));
    return out;
}

// ---- markdown -----------------------------------------------------------------------------

/// Text for a table cell: `|` escaped, line breaks as spaces.
std::string cell(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string code(std::string_view text) {
    return text.empty() ? std::string() : fmt::format("`{}`", cell(text));
}

std::string code_list(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const std::string& n : names) {
        out.push_back(code(n));
    }
    return names_text(out);
}

std::string write_markdown(const PlanDiff& d, int digits) {
    std::string out = fmt::format("## `{}` → `{}`\n\n", d.old_plan, d.new_plan);
    out += "| | old | new |\n| --- | --- | --- |\n";
    out += fmt::format("| plan | {} | {} |\n", code(d.old_plan), code(d.new_plan));
    out += fmt::format("| file | {} | {} |\n", code(d.old_path), code(d.new_path));
    out += fmt::format("| period | {} | {} |\n", period_text(d.old_first_year, d.old_last_year),
                       period_text(d.new_first_year, d.new_last_year));
    out += fmt::format("| follows | | {} |\n", code(d.new_follows));
    if (!d.targets.empty()) {
        out += "\n### Targets\n\n| change | series | old | new | compared by | old value | new "
               "value | change |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
        for (const TargetChange& t : d.targets) {
            const auto side = [](const std::vector<std::string>& targets,
                                 const std::string& written, const std::string& form) {
                if (targets.empty()) {
                    return std::string();
                }
                return fmt::format("{}: {} ({})", code_list(targets), cell(written), cell(form));
            };
            const auto value = [&](const std::optional<Number>& n, int from, int to) {
                return n ? fmt::format("{} {}", cell(number_text(*n, digits)),
                                       years_text(from, to, t))
                         : std::string();
            };
            out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", kind_word(t),
                               code(t.series), side(t.old_targets, t.old_written, t.old_form),
                               side(t.new_targets, t.new_written, t.new_form),
                               t.change ? compared_words(t) : std::string(),
                               value(t.old_value, t.old_from, t.old_to),
                               value(t.new_value, t.new_from, t.new_to),
                               t.change && t.kind != K::unchanged
                                   ? fmt::format("**{}**", cell(number_text(*t.change, digits)))
                                   : std::string());
        }
    }
    if (!d.scopes.empty()) {
        out += "\n### Scopes\n\n";
        for (const ScopeChange& s : d.scopes) {
            if (s.added) {
                out += fmt::format("- added {}: {}\n", code(s.name), code_list(s.items.added));
            } else if (s.removed) {
                out += fmt::format("- removed {}: {}\n", code(s.name), code_list(s.items.removed));
            } else {
                std::vector<std::string> parts;
                if (!s.items.added.empty()) {
                    parts.push_back("added " + code_list(s.items.added));
                }
                if (!s.items.removed.empty()) {
                    parts.push_back("removed " + code_list(s.items.removed));
                }
                if (s.old_size != s.new_size) {
                    const auto size = [](const std::optional<double>& n) {
                        return n ? fmt::format("`of {}`", *n) : std::string("no size");
                    };
                    parts.push_back(fmt::format("{} → {}", size(s.old_size), size(s.new_size)));
                }
                out += fmt::format("- {}: {}\n", code(s.name), names_text(parts));
            }
        }
    }
    const auto names = [&](std::string_view title, const NamesChange& c) {
        if (c.empty()) {
            return;
        }
        out += fmt::format("\n### {}\n\n", title);
        if (!c.added.empty()) {
            out += fmt::format("- added: {}\n", code_list(c.added));
        }
        if (!c.removed.empty()) {
            out += fmt::format("- removed: {}\n", code_list(c.removed));
        }
    };
    names("Focuses", d.focuses);
    names("Silent on", d.silent_on);
    out += fmt::format("\n{}\n", summary(d));
    return out;
}

// ---- json ---------------------------------------------------------------------------------

using Json = nlohmann::ordered_json;

using runtime::report::number_json;
using runtime::report::reading_name;

Json number_json(const std::optional<Number>& n) {
    if (!n) {
        return nullptr;
    }
    return Json{{"value", n->reading == Reading::none ? Json(nullptr) : number_json(n->value)},
                {"reading", reading_name(n->reading)},
                {"low", number_json(n->low)},
                {"high", number_json(n->high)},
                {"unit", n->unit}};
}

Json period_json(const std::optional<int>& first, const std::optional<int>& last) {
    if (!first || !last) {
        return nullptr;
    }
    return Json{{"first", *first}, {"last", *last}};
}

Json names_json(const NamesChange& c) {
    return Json{{"added", c.added}, {"removed", c.removed}};
}

std::string write_json(const PlanDiff& d) {
    Json out = Json::object();
    out["schema"] = "ingot-diff";
    out["version"] = schema_version;
    out["tool"] = Json{{"name", "ingot"}, {"version", ingot::version()}};
    out["old"] = Json{{"plan", d.old_plan},
                      {"path", d.old_path},
                      {"period", period_json(d.old_first_year, d.old_last_year)}};
    out["new"] = Json{{"plan", d.new_plan},
                      {"path", d.new_path},
                      {"period", period_json(d.new_first_year, d.new_last_year)},
                      {"follows", d.new_follows.empty() ? Json(nullptr) : Json(d.new_follows)}};
    out["changed"] = d.changed();
    out["targets"] = Json::array();
    for (const TargetChange& t : d.targets) {
        const auto side = [&](const std::vector<std::string>& targets, const std::string& written,
                              const std::string& form, const std::optional<Number>& value, int from,
                              int to) -> Json {
            if (targets.empty()) {
                return nullptr;
            }
            return Json{{"targets", targets},
                        {"written", written},
                        {"form", form},
                        {"value", number_json(value)},
                        {"from", value ? Json(from) : Json(nullptr)},
                        {"to", value ? Json(to) : Json(nullptr)}};
        };
        out["targets"].push_back(Json{
            {"kind", kind_name(t.kind)},
            {"series", t.series},
            {"compared", t.compared.empty() ? Json(nullptr) : Json(t.compared)},
            {"change", number_json(t.change)},
            {"old",
             side(t.old_targets, t.old_written, t.old_form, t.old_value, t.old_from, t.old_to)},
            {"new",
             side(t.new_targets, t.new_written, t.new_form, t.new_value, t.new_from, t.new_to)}});
    }
    out["scopes"] = Json::array();
    for (const ScopeChange& s : d.scopes) {
        const auto size = [](const std::optional<double>& n) {
            return n ? Json(*n) : Json(nullptr);
        };
        out["scopes"].push_back(Json{{"name", s.name},
                                     {"added", s.added},
                                     {"removed", s.removed},
                                     {"items", names_json(s.items)},
                                     {"old_size", size(s.old_size)},
                                     {"new_size", size(s.new_size)}});
    }
    out["focuses"] = names_json(d.focuses);
    out["silent_on"] = names_json(d.silent_on);
    out["summary"] = summary(d);
    return runtime::report::dump_json(out);
}

} // namespace

std::string write_diff(DiffFormat format, const PlanDiff& diff, int digits) {
    digits = std::clamp(digits, 1, 15);
    switch (format) {
    case DiffFormat::markdown:
        return write_markdown(diff, digits);
    case DiffFormat::json:
        return write_json(diff);
    case DiffFormat::text:
        break;
    }
    return write_text(diff, digits);
}

} // namespace ingot

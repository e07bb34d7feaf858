// Comparing two plans: the series both target, what became of their targets, and the
// `changed-target` findings (see diff.hpp). The public diff_plans builds on compare_targets and
// adds the plans' scopes, focuses, `silent_on` and periods.
#include "runtime/diff.hpp"

#include "lang/text.hpp"
#include "runtime/api_access.hpp"
#include "runtime/derived.hpp"
#include "runtime/registry.hpp"
#include "runtime/rule_eval.hpp"
#include "runtime/to_public.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace ingot::runtime {

namespace {

/// What kind of target a clause sets, in the words a message uses.
std::string form_of(const lang::Clause& clause, const UnitRegistry& units) {
    switch (clause.kind) {
    case lang::ClauseKind::peaks:
        return "a peak";
    case lang::ClauseKind::reaches:
        return "a level";
    case lang::ClauseKind::stays:
        return "a bound in every year";
    default:
        break;
    }
    if (clause.in) {
        return "growth in single years";
    }
    std::string error;
    const auto unit = units.lookup(clause.value.unit.parts, error);
    if (unit && unit->kind == UnitKind::points) {
        return "a change in points";
    }
    if (unit && unit->kind == UnitKind::share) {
        return "a change over the period";
    }
    return "an annual rate";
}

bool is_growth_form(const std::string& form) {
    return form == "an annual rate" || form == "growth in single years" ||
           form == "a change over the period";
}

/// A clause as a diff shows it: as written, without the verb when it is `grows`.
std::string written_text(const lang::Clause& clause) {
    std::string text = lang::clause_text(clause);
    constexpr std::string_view grows = "grows ";
    if (text.starts_with(grows)) {
        text.erase(0, grows.size());
    }
    return text;
}

std::string series_key(const Target& t) {
    return t.decl->metric.scope
               ? fmt::format("{}({})", t.metric->name(), t.decl->metric.scope->name)
               : t.metric->name();
}

/// The targets of a plan, grouped by series, in the order each series is first targeted.
std::vector<std::pair<std::string, std::vector<const Target*>>> by_series(const Plan& plan) {
    std::vector<std::pair<std::string, std::vector<const Target*>>> out;
    for (const Target& t : plan.targets) {
        if (t.metric == nullptr) {
            continue; // an unknown metric is reported; nothing to compare
        }
        const std::string key = series_key(t);
        const auto it = std::find_if(out.begin(), out.end(),
                                     [&](const auto& entry) { return entry.first == key; });
        if (it == out.end()) {
            out.push_back({key, {&t}});
        } else {
            it->second.push_back(&t);
        }
    }
    return out;
}

/// One side of the comparison: the targets on a series, and what they are.
struct Side {
    const Analysis* run = nullptr;
    const Derivation* derivation = nullptr;
    std::vector<const Target*> targets;
    std::vector<std::string> forms; // distinct, in order
    std::string written;
    std::optional<int> level_year; // the year the first `reaches` sets, else the last year

    Side(const Analysis& analysis, const Plan& plan, std::vector<const Target*> on_series)
        : run(&analysis), derivation(analysis.derivations.find(plan.name())),
          targets(std::move(on_series)) {
        std::vector<std::string> clauses;
        for (const Target* t : targets) {
            for (const lang::Clause& c : t->decl->clauses) {
                clauses.push_back(written_text(c));
                std::string form = form_of(c, analysis.units);
                if (std::find(forms.begin(), forms.end(), form) == forms.end()) {
                    forms.push_back(std::move(form));
                }
                if (c.kind == lang::ClauseKind::reaches && !level_year && derivation) {
                    level_year = c.by ? c.by->value : derivation->last_year;
                }
            }
        }
        written = fmt::format("{}", fmt::join(clauses, ", "));
    }

    bool has(const std::string& form) const {
        return std::find(forms.begin(), forms.end(), form) != forms.end();
    }
    bool has_growth() const { return std::any_of(forms.begin(), forms.end(), is_growth_form); }
    std::string form() const { return fmt::format("{}", fmt::join(forms, " and ")); }
    bool derived() const { return derivation != nullptr && derivation->consistent; }
};

TargetChange::Kind direction(const Measure& change) {
    using K = TargetChange::Kind;
    const bool up_reading = change.reading == Reading::point || change.reading == Reading::above ||
                            change.reading == Reading::at_least;
    const bool down_reading = change.reading == Reading::point ||
                              change.reading == Reading::below ||
                              change.reading == Reading::at_most;
    if (change.reading != Reading::none && change.value > 0 && up_reading) {
        return K::raised;
    }
    if (change.reading != Reading::none && change.value < 0 && down_reading) {
        return K::lowered;
    }
    if (change.lo > 0 || (change.lo == 0 && change.lo_open)) {
        return K::raised;
    }
    if (change.hi < 0 || (change.hi == 0 && change.hi_open)) {
        return K::lowered;
    }
    return K::changed;
}

/// Fills the compared figures of `out` from the two sides' derivations.
void compare(const Side& before, const Side& after, const std::string& series, SeriesChange& out) {
    if (!before.derived() || !after.derived()) {
        return;
    }
    const Derivation& a = *before.derivation;
    const Derivation& b = *after.derivation;
    if (before.has("a change in points") && after.has("a change in points")) {
        const auto x = change_between(a, series, a.base_year, a.last_year, true);
        const auto y = change_between(b, series, b.base_year, b.last_year, true);
        if (x && y) {
            out.compared = "points";
            out.old_value = x;
            out.new_value = y;
            out.old_from = a.base_year;
            out.old_to = a.last_year;
            out.new_from = b.base_year;
            out.new_to = b.last_year;
        }
    } else if (before.level_year && after.level_year &&
               !(before.has_growth() && after.has_growth())) {
        const Variable* x = a.find(series, VarKind::level, *before.level_year);
        const Variable* y = b.find(series, VarKind::level, *after.level_year);
        if (x != nullptr && y != nullptr && known(measure_of(a, *x)) && known(measure_of(b, *y))) {
            out.compared = "level";
            out.old_value = measure_of(a, *x);
            out.new_value = measure_of(b, *y);
            out.old_from = out.old_to = *before.level_year;
            out.new_from = out.new_to = *after.level_year;
        }
    }
    if (out.compared.empty()) {
        // Growth: the targets are growth on both sides, or of different kinds (a level against
        // a rate), which the average growth they imply still compares.
        const auto x = average_growth(a, series, a.base_year, a.last_year);
        const auto y = average_growth(b, series, b.base_year, b.last_year);
        if (x && y) {
            out.compared = "growth";
            out.old_value = x;
            out.new_value = y;
            out.old_from = a.base_year;
            out.old_to = a.last_year;
            out.new_from = b.base_year;
            out.new_to = b.last_year;
        }
    }
    if (out.compared.empty()) {
        return;
    }
    Measure change = difference(*out.new_value, *out.old_value);
    if (out.compared != "level") {
        change.unit = points_unit(); // rates and points differ by percentage points
    }
    change.change = true;
    out.change = change;
}

} // namespace

std::vector<SeriesChange> compare_targets(const Analysis& old_run, const Plan& old_plan,
                                          const Analysis& new_run, const Plan& new_plan) {
    const auto before = by_series(old_plan);
    const auto after = by_series(new_plan);
    std::vector<SeriesChange> out;
    const auto find = [](const auto& list, const std::string& key) {
        return std::find_if(list.begin(), list.end(),
                            [&](const auto& entry) { return entry.first == key; });
    };
    for (const auto& [series, targets] : after) {
        SeriesChange c;
        c.series = series;
        const Side now(new_run, new_plan, targets);
        c.new_targets = targets;
        c.new_written = now.written;
        c.new_form = now.form();
        const auto it = find(before, series);
        if (it == before.end()) {
            c.kind = TargetChange::Kind::added;
            out.push_back(std::move(c));
            continue;
        }
        const Side then(old_run, old_plan, it->second);
        c.old_targets = it->second;
        c.old_written = then.written;
        c.old_form = then.form();
        compare(then, now, series, c);
        if (c.old_written == c.new_written && c.old_form == c.new_form) {
            c.kind = TargetChange::Kind::unchanged;
        } else if (c.change) {
            c.kind = direction(*c.change);
        } else {
            c.kind = TargetChange::Kind::changed;
        }
        out.push_back(std::move(c));
    }
    for (const auto& [series, targets] : before) {
        if (find(after, series) != after.end()) {
            continue;
        }
        SeriesChange c;
        c.kind = TargetChange::Kind::removed;
        c.series = series;
        const Side then(old_run, old_plan, targets);
        c.old_targets = targets;
        c.old_written = then.written;
        c.old_form = then.form();
        out.push_back(std::move(c));
    }
    return out;
}

namespace {

std::string target_names(const std::vector<const Target*>& targets) {
    std::vector<std::string> names;
    names.reserve(targets.size());
    for (const Target* t : targets) {
        names.push_back(fmt::format("`{}`", t->decl->name.name));
    }
    return fmt::format("{} {}", targets.size() == 1 ? "target" : "targets", fmt::join(names, ", "));
}

std::string figure(const Measure& m, int digits) {
    return to_text_with_range(Value{m}, digits);
}

/// The verb of a change: growth is raised or cut, a level raised or lowered.
std::string verb(const SeriesChange& c) {
    switch (c.kind) {
    case TargetChange::Kind::raised:
        return "raised";
    case TargetChange::Kind::lowered:
        return c.compared == "level" ? "lowered" : "cut";
    default:
        return "changed";
    }
}

lang::Diagnostic changed_target(const SeriesChange& c, const Plan& before, int digits) {
    const std::string what = c.compared == "growth"   ? c.series + " growth"
                             : c.compared == "points" ? c.series + " change"
                                                      : c.series;
    std::string message = fmt::format("{} {} {} from {} ({}) to {}", target_names(c.new_targets),
                                      verb(c), what, c.old_written, before.name(), c.new_written);
    if (c.old_form != c.new_form) {
        message += fmt::format(", {} to {}", c.old_form, c.new_form);
    }
    if (c.change) {
        message += ": " + figure(*c.change, digits);
    }
    const lang::TargetStmt& at = *c.new_targets.front()->decl;
    lang::Diagnostic d =
        lang::make_diagnostic(lang::Severity::info, check::changed_target, std::move(message),
                              at.span, fmt::format("against `{}`", before.name()));
    if (c.change) {
        const std::string compared =
            c.compared == "growth"   ? "the average yearly growth each plan's figures imply"
            : c.compared == "points" ? "the change in points each plan's figures imply"
                                     : "the level each plan sets";
        const auto years = [](int from, int to) {
            return from == to ? fmt::format("in {}", to) : fmt::format("from {} to {}", from, to);
        };
        d.notes.push_back(fmt::format("compared by {}: {} {} in `{}`, {} {} here", compared,
                                      figure(*c.old_value, digits), years(c.old_from, c.old_to),
                                      before.name(), figure(*c.new_value, digits),
                                      years(c.new_from, c.new_to)));
    }
    return d;
}

} // namespace

std::vector<lang::Diagnostic> changed_target_findings(const Analysis& run) {
    std::vector<lang::Diagnostic> out;
    for (const Plan& plan : run.model.plans) {
        const Plan* before = run.model.predecessor(plan);
        if (before == nullptr) {
            continue;
        }
        for (const SeriesChange& c : compare_targets(run, *before, run, plan)) {
            if (c.kind == TargetChange::Kind::raised || c.kind == TargetChange::Kind::lowered ||
                c.kind == TargetChange::Kind::changed) {
                out.push_back(changed_target(c, *before, run.digits));
            }
        }
    }
    return out;
}

} // namespace ingot::runtime

namespace ingot {

namespace {

std::optional<Number> to_number(const std::optional<runtime::Measure>& m) {
    if (!m) {
        return std::nullopt;
    }
    return std::get<Number>(runtime::to_public(runtime::Value{*m}));
}

std::vector<std::string> target_names(const std::vector<const runtime::Target*>& targets) {
    std::vector<std::string> out;
    out.reserve(targets.size());
    for (const runtime::Target* t : targets) {
        out.push_back(t->decl->name.name);
    }
    return out;
}

/// Names in `b` and not in `a` (added), in `a` and not in `b` (removed), each in its plan's order.
NamesChange names_change(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    NamesChange out;
    for (const std::string& n : b) {
        if (std::find(a.begin(), a.end(), n) == a.end()) {
            out.added.push_back(n);
        }
    }
    for (const std::string& n : a) {
        if (std::find(b.begin(), b.end(), n) == b.end()) {
            out.removed.push_back(n);
        }
    }
    return out;
}

const runtime::Plan& find_plan(const runtime::Analysis& run, std::string_view name,
                               std::string_view which) {
    if (const runtime::Plan* p = run.model.find_plan(name)) {
        return *p;
    }
    throw Error(Error::Kind::usage, fmt::format("no plan `{}` in the {} analysis", name, which));
}

const Plan& public_plan(const Analysis& analysis, std::string_view name) {
    for (const Plan& p : analysis.plans()) {
        if (p.name == name) {
            return p;
        }
    }
    throw Error(Error::Kind::usage, fmt::format("no plan `{}`", name));
}

} // namespace

bool PlanDiff::changed() const {
    const bool targets_changed =
        std::any_of(targets.begin(), targets.end(),
                    [](const TargetChange& t) { return t.kind != TargetChange::Kind::unchanged; });
    return targets_changed || !scopes.empty() || !focuses.empty() || !silent_on.empty() ||
           old_first_year != new_first_year || old_last_year != new_last_year;
}

PlanDiff diff_plans(const Analysis& old_analysis, std::string_view old_plan,
                    const Analysis& new_analysis, std::string_view new_plan) {
    const runtime::Analysis& old_run = AnalysisAccess::run(old_analysis);
    const runtime::Analysis& new_run = AnalysisAccess::run(new_analysis);
    const runtime::Plan& before = find_plan(old_run, old_plan, "old");
    const runtime::Plan& after = find_plan(new_run, new_plan, "new");
    const Plan& a = public_plan(old_analysis, old_plan);
    const Plan& b = public_plan(new_analysis, new_plan);

    PlanDiff out;
    out.old_plan = a.name;
    out.new_plan = b.name;
    out.old_path = a.path;
    out.new_path = b.path;
    out.old_first_year = a.first_year;
    out.old_last_year = a.last_year;
    out.new_first_year = b.first_year;
    out.new_last_year = b.last_year;
    out.new_follows = b.follows;
    for (runtime::SeriesChange& c : runtime::compare_targets(old_run, before, new_run, after)) {
        TargetChange t;
        t.kind = c.kind;
        t.series = std::move(c.series);
        t.old_targets = target_names(c.old_targets);
        t.new_targets = target_names(c.new_targets);
        t.old_written = std::move(c.old_written);
        t.new_written = std::move(c.new_written);
        t.old_form = std::move(c.old_form);
        t.new_form = std::move(c.new_form);
        t.compared = std::move(c.compared);
        t.old_value = to_number(c.old_value);
        t.new_value = to_number(c.new_value);
        t.change = to_number(c.change);
        t.old_from = c.old_from;
        t.old_to = c.old_to;
        t.new_from = c.new_from;
        t.new_to = c.new_to;
        out.targets.push_back(std::move(t));
    }
    // Scopes: those of the new plan, in the plan model's order, then those only the old one has.
    for (const Scope& s : b.scopes) {
        const auto old = std::find_if(a.scopes.begin(), a.scopes.end(),
                                      [&](const Scope& o) { return o.name == s.name; });
        ScopeChange c;
        c.name = s.name;
        c.new_size = s.declared_size;
        if (old == a.scopes.end()) {
            c.added = true;
            c.items.added = s.items;
        } else {
            c.old_size = old->declared_size;
            c.items = names_change(old->items, s.items);
            if (c.items.empty() && c.old_size == c.new_size) {
                continue;
            }
        }
        out.scopes.push_back(std::move(c));
    }
    for (const Scope& s : a.scopes) {
        if (std::none_of(b.scopes.begin(), b.scopes.end(),
                         [&](const Scope& n) { return n.name == s.name; })) {
            ScopeChange c;
            c.name = s.name;
            c.removed = true;
            c.old_size = s.declared_size;
            c.items.removed = s.items;
            out.scopes.push_back(std::move(c));
        }
    }
    const auto focus_names = [](const Plan& p) {
        std::vector<std::string> names;
        for (const Focus& f : p.focuses) {
            names.push_back(f.name);
        }
        return names;
    };
    out.focuses = names_change(focus_names(a), focus_names(b));
    out.silent_on = names_change(a.silent_on, b.silent_on);
    return out;
}

} // namespace ingot

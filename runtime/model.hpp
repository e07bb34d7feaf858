// The plan model: what the files declare, with names resolved.
//
// Lowering (lower.cpp) builds it from the ASTs of a Workspace and reports unknown and duplicate
// names. Everything here points into the Workspace's ASTs, so a Model must not outlive the
// Workspace it was lowered from.
#pragma once

#include "lang/ast.hpp"
#include "runtime/names.hpp"
#include "runtime/workspace.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ingot::runtime {

struct Metric {
    const lang::MetricDecl* decl = nullptr; // never null
    lang::FileId file = 0;
    const std::string& name() const { return decl->name.name; }
};

/// A target with what it resolved to. `metric` is null when the metric is unknown.
struct Target {
    const lang::TargetStmt* decl = nullptr;
    const lang::FocusStmt* focus = nullptr; // null for a target directly in the plan
    const Metric* metric = nullptr;
};

struct Baseline {
    const lang::BaselineStmt* decl = nullptr;
    const Metric* metric = nullptr; // null when unknown
};

/// An observed figure (`actual`), compared with what the plan's own figures require.
struct Actual {
    const lang::ActualStmt* decl = nullptr;
    const Metric* metric = nullptr; // null when unknown
};

struct Plan {
    const lang::PlanDecl* decl = nullptr;
    lang::FileId file = 0;
    std::optional<lang::Period> period;
    std::optional<lang::Year> base; // `base YEAR`: the year changes run from by default
    std::optional<std::string> series;
    std::optional<std::string> sector;
    /// `follows NAME`: the name as written, null when the plan names no predecessor.
    const lang::Ident* follows = nullptr;
    /// The plan `follows` names, as an index into Model::plans: set when that plan is in the
    /// model, is not this one and is on no cycle of `follows` (see Model::predecessor).
    std::optional<std::size_t> predecessor;
    std::map<std::string, const lang::SourceStmt*> sources;
    std::set<std::string> cited_sources;
    std::map<std::string, const lang::ScopeStmt*> scopes;
    std::vector<const lang::FocusStmt*> focuses;
    std::vector<Target> targets;
    std::vector<Baseline> baselines;
    std::vector<Actual> actuals;
    std::vector<const lang::ListStmt*> silent_on;

    const std::string& name() const { return decl->name.name; }
};

struct Model {
    /// The first declaration of each metric name; `aka` names map to the same Metric. A metric is
    /// its file's (and its importers'): two files that no file sees together may each declare a
    /// name, and then this holds the first only. Code that knows which file asks uses
    /// find_metric; name-only lookups here are right only for names declared once.
    std::map<std::string, const Metric*> metric_names;
    /// Every declaration of every name and `aka` name, in load order.
    std::multimap<std::string, const Metric*> metric_declarations;
    std::deque<Metric> metrics;
    std::vector<Plan> plans;
    std::vector<const lang::RuleDecl*> rules;
    std::vector<const lang::IdentityDecl*> identities;
    /// Top-level scopes: reference sets rules compare plans' scopes with.
    std::map<std::string, const lang::ScopeStmt*> reference_scopes;

    const Plan* find_plan(std::string_view name) const;
    /// The plan `plan` follows, when it resolved (lowering reports the others), else null.
    const Plan* predecessor(const Plan& plan) const;
    /// The declaration of metric `name` that file `from` sees (its own, an import's, the
    /// prelude's), or null. When two are visible lowering has reported `duplicate-name`; the first
    /// is returned.
    const Metric* find_metric(std::string_view name, lang::FileId from, const Workspace& ws) const;
};

/// How far before its period a plan's figures may reach (a baseline's year, `base`, `from`): an
/// earlier year is reported and takes no part in the derivation, whose work grows with its years.
inline constexpr int max_years_before_period = 50;

/// The earliest year a figure of a plan with a period may name: the year before the period, less
/// max_years_before_period.
int earliest_year(const Plan& plan);

/// The year a plan's changes run from by default: its `base` when that lies from earliest_year to
/// the year before the period's last, else the year before the period. Requires a period.
int base_year(const Plan& plan);

struct LoweringResult {
    Model model;
    /// `unknown-name`, `duplicate-name`; `missing-predecessor`, `predecessor-cycle` (`follows`)
    std::vector<lang::Diagnostic> diagnostics;
};

/// Builds the model from the parsed files, resolving names.
LoweringResult lower(const Workspace& ws);

} // namespace ingot::runtime

// Comparing two plans: the data behind `ingot diff` (include/ingot/diff.hpp) and the built-in
// check `changed-target`.
//
// Input: two plans, each in the analysis it was derived in (one analysis for a plan and the
// plan it `follows`; two for two versions of one plan). Result: for every series either plan
// targets, what became of its targets (runtime Measures, so a finding prints its figures as
// every command does), and the `changed-target` findings of an analysis.
//
// A growth target is compared by the average yearly growth each plan's figures imply over its
// own period (average_growth, runtime/derived.hpp): `~5 %/yr` and `~5.5 % in 2023, > 5.5 % in
// 2024` are both growth, read from the derivation rather than from the written figures, so two
// targets of different kinds still compare. A level target is compared by the level it sets, a
// share's change in points by its change. The change is new − old as a rule's `-` computes it
// (difference, runtime/rule_eval.hpp), in pp for growth.
#pragma once

#include "ingot/diff.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/analysis.hpp"
#include "runtime/value.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ingot::runtime {

/// What became of the targets on one series; see ingot::TargetChange, whose fields these are,
/// with the figures as Measures and the targets as the model's.
struct SeriesChange {
    TargetChange::Kind kind = TargetChange::Kind::unchanged;
    std::string series;
    std::vector<const Target*> old_targets;
    std::vector<const Target*> new_targets;
    std::string old_written;
    std::string new_written;
    std::string old_form;
    std::string new_form;
    std::string compared; // "growth", "points", "level" or ""
    std::optional<Measure> old_value;
    std::optional<Measure> new_value;
    std::optional<Measure> change;
    int old_from = 0;
    int old_to = 0;
    int new_from = 0;
    int new_to = 0;
};

/// Compares the targets of `old_plan` (of `old_run`) with those of `new_plan` (of `new_run`),
/// series by series: the new plan's series in its order, then those only the old plan has.
std::vector<SeriesChange> compare_targets(const Analysis& old_run, const Plan& old_plan,
                                          const Analysis& new_run, const Plan& new_plan);

/// `changed-target`: for every plan with a predecessor, one info per series both target that
/// was raised, cut or changed (not for one unchanged), at the plan's first target on it.
std::vector<lang::Diagnostic> changed_target_findings(const Analysis& run);

} // namespace ingot::runtime

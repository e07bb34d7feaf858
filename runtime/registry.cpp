#include "runtime/registry.hpp"

#include <algorithm>

namespace ingot::runtime {

namespace {

CheckInfo entry(std::string_view id, Severity severity, std::string category, std::string summary,
                std::string explanation, std::string bad, std::string good, bool fixable = false) {
    CheckInfo c;
    c.id = std::string(id);
    c.default_severity = severity;
    c.category = std::move(category);
    c.summary = std::move(summary);
    c.explanation = std::move(explanation);
    c.bad_example = std::move(bad);
    c.good_example = std::move(good);
    c.fixable = fixable;
    return c;
}

std::vector<CheckInfo> make_builtin_checks() {
    using S = Severity;
    std::vector<CheckInfo> all;
    all.push_back(entry(
        check::syntax, S::error, "syntax",
        "the file does not parse, or a value is invalid (a date, a period, a number)",
        "The file does not match the grammar at the position shown: the message says what was "
        "expected there and what was found. Values that parse but cannot be meant are reported "
        "the same way: a date that is not a calendar date, a period that ends before it starts, "
        "a number too large to represent. The statement is left out and the rest of the file is "
        "still checked; fix the first error of a block first.",
        "plan steel_2025 {\n  period 2025..2026\n  target crude: output grows ~5\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  target crude: output grows ~5 %/yr\n}\n"));
    all.push_back(entry(
        check::import, S::error, "imports",
        "an `import` names a file that cannot be read, or one outside the project root",
        "`import \"PATH\"` is resolved relative to the importing file's folder, and must stay "
        "inside the project root: an absolute path, or a `..` that leaves the root, is refused "
        "without reading the file, so nothing of it can reach the output. A file that does not "
        "exist, is a folder, is not a regular file or is larger than the source limit cannot be "
        "imported either. Correct the path, or move the file into the project.",
        "import \"../../../../etc/passwd\"\nplan steel_2025 {\n  period 2025..2026\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n}\n"));
    all.push_back(entry(
        check::limit, S::error, "limits",
        "a resource limit was reached: files, source size, nesting depth, evaluation steps or "
        "period length",
        "The engine bounds what one analysis may use: the number of files, the size of one "
        "source, the nesting depth of expressions, the evaluation steps of one rule and the "
        "years of one plan's period, which its derivation works through. The "
        "defaults are far above what a real plan needs; a file that reaches one is probably "
        "generated or broken. The message names the limit and its value; a host raises it with "
        "EngineBuilder::limits.",
        "", ""));
    all.push_back(entry(
        check::number_range, S::error, "numbers",
        "a number is beyond what can be computed with: it overflows or underflows, or a rule "
        "divides by zero",
        "Ingot computes with 64-bit floating point numbers: magnitudes from about 2.2e-308 to "
        "1.8e308, exact to 15 significant digits. A figure that leaves that range once converted "
        "to base units (`1e308 Mt` is 1e314 t), a number written too large or too small to read "
        "(`1e999`), a scope size or a count too large to be one, and a rule expression whose "
        "value is infinite or undefined (a division by zero, an overflow) are reported here "
        "instead of computing with infinity or NaN. The figure is left out of the derivation and "
        "the rule's value is unknown, so neither causes a false finding. Check the figure, its "
        "scale word and its exponent against the source.",
        "plan steel_2025 {\n  period 2025..2026\n  baseline output 2024 = 1e308 Mt\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  baseline output 2024 = 1005 Mt\n}\n"));
    all.push_back(entry(
        check::unknown_name, S::error, "names",
        "a metric, scope, source, unit, function, field or name that is not defined",
        "A name is used where nothing of that name can be seen: a metric not declared in the "
        "prelude or in a file this one imports, a scope or source not declared in the plan, a "
        "unit word Ingot does not know, a function or field a rule cannot call. Where a known "
        "name is close, the message says \"did you mean\" and the finding carries a fix that "
        "replaces the name.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target a: outptu grows 1 %/yr  [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target a: output grows 1 %/yr  [MIIT]\n}\n",
        true));
    all.push_back(entry(
        check::duplicate_name, S::error, "names",
        "two plans, metrics, rules, sources, scopes, focuses or targets with one name in one "
        "scope, or a plan field given twice",
        "Names are how figures, rules and citations refer to things, so one name must mean one "
        "thing: two targets of a plan, two sources, two metrics seen by one file may not share "
        "it. The second declaration is reported, pointing at the first. Rename one of them.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target crude: output grows 1 %/yr   [MIIT]\n"
        "  target crude: output reaches 20 Mt  [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target crude: output grows 1 %/yr   [MIIT]\n"
        "  target level: output reaches 20 Mt  [MIIT]\n}\n"));
    all.push_back(entry(
        check::missing_predecessor, S::warning, "names",
        "a plan `follows` a plan that is not among the files analysed",
        "`follows NAME` says which plan this one succeeds, so that rules (`previous(…)`), "
        "`changed-target` and `ingot diff` can compare the two. The name is looked up among "
        "the plans of the analysis; when none has it, nothing can be compared. That is often "
        "only because the predecessor's file was not given: add it, or check inside the "
        "project (`ingot.toml`), which loads every file of the project as context. When a plan "
        "of a close name is there, the name is probably misspelt, and that is `unknown-name`.",
        "plan steel_2025 {\n  period  2025..2026\n  follows steel_2023\n}\n",
        "plan steel_2023 {\n  period 2023..2024\n}\n"
        "plan steel_2025 {\n  period  2025..2026\n  follows steel_2023\n}\n"));
    all.push_back(entry(
        check::predecessor_cycle, S::error, "names",
        "a plan follows itself, or plans follow each other round in a cycle",
        "`follows` runs from a plan to an earlier one, so a chain of predecessors must end. A "
        "plan that names itself, or plans that name each other round (`a` follows `b`, `b` "
        "follows `a`), have no predecessor that makes sense: none of them gets one, and the "
        "finding names the plans of the cycle. Remove the `follows` of the earliest plan.",
        "plan steel_2023 {\n  period  2023..2024\n  follows steel_2025\n}\n"
        "plan steel_2025 {\n  period  2025..2026\n  follows steel_2023\n}\n",
        "plan steel_2023 {\n  period 2023..2024\n}\n"
        "plan steel_2025 {\n  period  2025..2026\n  follows steel_2023\n}\n"));
    all.push_back(entry(
        check::scope_count, S::error, "structure",
        "a scope names more items than `of N` (error), or fewer (info)",
        "`scope NAME of N { … }` declares how many items the plan counts in the scope. Naming "
        "more items than N is an error: the list or the count is wrong. Naming fewer is common "
        "(a plan names \"10 metals, including copper, aluminum and lithium\") and is reported as "
        "information: how many are left unnamed.",
        "plan nonferrous_2025 {\n  source TRIV \"https://triviumchina.com/?p=187848\"\n"
        "  scope metals of 2 { copper, aluminum, lead }  [TRIV]\n}\n",
        "plan nonferrous_2025 {\n  source TRIV \"https://triviumchina.com/?p=187848\"\n"
        "  scope metals of 3 { copper, aluminum, lead }  [TRIV]\n}\n"));
    all.push_back(entry(
        check::empty_focus, S::warning, "structure", "a focus with no target and no `initiatives`",
        "A focus groups what a plan does about one theme: its targets and its initiatives. One "
        "with neither (only drivers, `serves` or notes) says nothing checkable; add what the "
        "plan sets under it, or remove it.",
        "plan nonferrous_2025 {\n  focus green \"Make the industry greener\" {\n    drivers ev\n"
        "  }\n}\n",
        "plan nonferrous_2025 {\n  focus green \"Make the industry greener\" {\n    drivers ev\n"
        "    initiatives energy_efficiency\n  }\n}\n"));
    all.push_back(entry(
        check::uncited, S::warning, "structure", "a target, baseline or actual with no citation",
        "Every figure in a plan file should say where it comes from, so a reader can check it "
        "against the source text. End the statement with `[ID]` or `[ID: \"quote\"]`, citing a "
        "source the plan declares.",
        "plan steel_2025 {\n  period 2025..2026\n  target up: output grows 1 %/yr\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target up: output grows 1 %/yr  [MIIT]\n}\n"));
    all.push_back(
        entry(check::unused_source, S::warning, "structure",
              "a declared source that nothing in the plan cites",
              "A source that nothing cites is either left over or a sign that a citation names the "
              "wrong source. Cite it where its text supports a statement, or remove it.",
              "plan steel_2025 {\n  source MIIT \"https://example.org/miit\"\n"
              "  source XH \"https://example.org/xinhua\"\n  title \"Steel plan\"  [MIIT]\n}\n",
              "plan steel_2025 {\n  source MIIT \"https://example.org/miit\"\n"
              "  title \"Steel plan\"  [MIIT]\n}\n"));
    all.push_back(
        entry(check::outside_period, S::error, "structure",
              "a target's year outside the plan's period, or a change that does not run forward",
              "A target's year (`by YEAR`, `in YEAR`) must fall inside the period the plan "
              "covers; a year outside it is usually a typo, or a figure from another plan. A "
              "change runs forward: its `from` year, or the plan's `base`, must come before the "
              "year the change is set for, and at most 50 years before the period. (`peaks by "
              "YEAR` may name a year after the period.) Correct the year, or the period.",
              "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
              "  target late: output reaches 10 Mt by 2027  [MIIT]\n}\n",
              "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
              "  target late: output reaches 10 Mt by 2026  [MIIT]\n}\n"));
    all.push_back(entry(
        check::unit_mismatch, S::error, "units",
        "dimensions disagree: a figure against its metric's unit, the two sides of an identity, "
        "or an expression",
        "Every figure carries a unit, and units are checked by dimension: a money metric cannot "
        "reach a mass, the two sides of an identity must agree, and `5 % + 2 Mt` in a rule is "
        "an error that points at both operands. Write the figure in a unit of the metric's "
        "dimension.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target sales: revenue reaches 20 Mt  [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target sales: revenue reaches 20 bn CNY  [MIIT]\n}\n"));
    all.push_back(entry(
        check::rate_vs_level, S::error, "units",
        "`grows`/`falls` with a level unit, `reaches` or a level baseline with a rate, a growth "
        "baseline with a level",
        "`grows` and `falls` take a rate (`%/yr`) or a cumulative change (`%`); `reaches` and "
        "`stays` take a level in the metric's unit. Mixing them up usually means the wrong verb: "
        "`grows 2 Mt` is `reaches` a level, or a rate was meant.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target crude: output grows 2 Mt  [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target crude: output grows 2 %/yr  [MIIT]\n}\n"));
    all.push_back(entry(
        check::contradiction, S::error, "derivation",
        "no values within what the figures say can satisfy them all",
        "Every figure is read at the precision it is written with, widened for `~`, and the "
        "figures are propagated through the plan's years and identities. When no values are "
        "left, the figures contradict each other; the finding lists the chain of figures, with "
        "their citations, that leaves nothing. Check those figures against the source.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  baseline output 2024 = 100 Mt                [MIIT]\n"
        "  target up: output grows >= 5 %/yr            [MIIT]\n"
        "  target cap: output reaches < 105 Mt by 2026  [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  baseline output 2024 = 100 Mt                [MIIT]\n"
        "  target up: output grows >= 5 %/yr            [MIIT]\n"
        "  target cap: output reaches < 115 Mt by 2026  [MIIT]\n}\n"));
    all.push_back(entry(
        check::rounding, S::info, "derivation",
        "the figures as written disagree, but agree within their written precision",
        "Figures in official plans are rounded. When two figures as written disagree but agree "
        "once each is read at its written precision (`4.4 %` is 4.35–4.45 %), Ingot reports how "
        "far one of them must lie from its written value for both to hold. Nothing is wrong; "
        "the finding tells which reading the plan needs.",
        "metric recycled_output \"recycled nonferrous metal output\" unit t\n"
        "plan nonferrous_2025 {\n  period 2025..2026\n"
        "  source ILK \"http://www.ilinki.net/news/detail/73247\"\n"
        "  baseline recycled_output 2024 = 19.15 Mt          [ILK]\n"
        "  target recycled: recycled_output reaches > 20 Mt  [ILK]\n"
        "  target pace: recycled_output grows 4.4 %          [ILK]\n}\n",
        "metric recycled_output \"recycled nonferrous metal output\" unit t\n"
        "plan nonferrous_2025 {\n  period 2025..2026\n"
        "  source ILK \"http://www.ilinki.net/news/detail/73247\"\n"
        "  baseline recycled_output 2024 = 19.15 Mt          [ILK]\n"
        "  target recycled: recycled_output reaches > 20 Mt  [ILK]\n"
        "  target pace: recycled_output grows 4.5 %          [ILK]\n}\n"));
    CheckInfo implied = entry(
        check::implied, S::info, "derivation",
        "a derived value worth showing (off by default; `--implied`)",
        "What the figures imply beyond what is written: the annual rate a level target needs "
        "from its baseline, the growth of a metric an identity relates to two targets. Off by "
        "default, as in CI output; `ingot check --implied` shows them.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  baseline output 2024 = 100 Mt          [MIIT]\n"
        "  target cap: output reaches > 110 Mt    [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  baseline output 2024 = 100 Mt          [MIIT]\n}\n");
    implied.enabled_by_default = false;
    all.push_back(std::move(implied));
    all.push_back(entry(
        check::implausible_change, S::warning, "derivation",
        "two level figures of a series imply a yearly change beyond ±50 %/yr: a slip of scale?",
        "Figures copied from a source slip by a power of ten when a scale word is misread: "
        "7919万吨 is 79.19 Mt, not 7919 Mt; kt and Mt are easy to swap. When two level figures "
        "of one series (baselines and level targets, as written) imply a yearly change beyond "
        "the plausible threshold (±50 %/yr by default; `plausible-change` in ingot.toml, "
        "`--plausible-change`), Ingot reports it, and where rescaling one of the two figures by "
        "10², 10³ or 10⁴ makes every change of the series plausible, it offers that edit as the "
        "fix (a baseline's first).",
        "plan nonferrous_2025 {\n  period 2025..2026\n"
        "  source ILK \"http://www.ilinki.net/news/detail/73247\"\n"
        "  baseline output 2024 = 7919 Mt            [ILK]\n"
        "  target ten: output reaches 81 Mt by 2026  [ILK]\n}\n",
        "plan nonferrous_2025 {\n  period 2025..2026\n"
        "  source ILK \"http://www.ilinki.net/news/detail/73247\"\n"
        "  baseline output 2024 = 79.19 Mt           [ILK]\n"
        "  target ten: output reaches 81 Mt by 2026  [ILK]\n}\n",
        true));
    all.push_back(entry(
        check::negative_level, S::warning, "derivation",
        "a level below zero for a metric that cannot be negative",
        "A mass, energy, emissions, a count or an intensity is never below zero, so a "
        "negative level is a slip: a sign copied from a change, or a fall written as a level. "
        "Money and plain numbers may be negative (a loss, a balance); a share below zero is "
        "`share-range`. Where the figure begins with a minus sign, dropping it is offered as the "
        "fix.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  baseline output 2024 = -100 Mt  [MIIT]\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  baseline output 2024 = 100 Mt  [MIIT]\n}\n",
        true));
    all.push_back(entry(
        check::unused_baseline, S::warning, "derivation",
        "a baseline in a year the derivation does not reach: after the period, or long before it",
        "A baseline is a known level or rate the plan's targets start from. The derivation "
        "covers the years from the earliest figure (at most 50 years before the period) to the "
        "period's last year, so a baseline after the last year, or earlier than that, would take "
        "no part and no target could reach it; it is reported rather than dropped. A figure "
        "observed after the period is an `actual`, which is compared with what the targets "
        "require: the fix rewrites `baseline` as `actual`. A plan without a period derives "
        "nothing, and its baselines are not reported.",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source INT_NF \"https://example.org/int_nf\"\n"
        "  baseline output 2025 = 80.5 Mt  [INT_NF]\n}\n",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source INT_NF \"https://example.org/int_nf\"\n"
        "  actual output 2025 = 80.5 Mt  [INT_NF]\n}\n",
        true));
    all.push_back(entry(
        check::off_track, S::warning, "derivation",
        "an actual lies outside what the plan's targets require for its year",
        "An `actual` records a figure observed inside or after the period. It is not combined "
        "with the plan's figures: each actual is compared, on its own, with the range the "
        "baselines and targets allow for that level or growth in that year, every figure read "
        "at its written precision and `~` widened by the about tolerance. When the actual, read "
        "at its own precision, lies outside that range, the plan is off track there: the "
        "finding says by how much (in the metric's unit and in percent for a level, in "
        "percentage points for a growth) and names the targets behind the bound it misses. An "
        "actual that no target bounds, such as a level when the plan gives only rates and no "
        "baseline, is not judged.",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source INT_NF \"https://example.org/int_nf\"\n"
        "  target ten: output grows ~5 %/yr          [INT_NF]\n"
        "  actual output growth 2024 = 4.3 %         [INT_NF]\n}\n",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source INT_NF \"https://example.org/int_nf\"\n"
        "  target ten: output grows ~5 %/yr          [INT_NF]\n"
        "  actual output growth 2024 = 5.2 %         [INT_NF]\n}\n"));
    CheckInfo on_track = entry(
        check::on_track, S::info, "derivation",
        "an actual lies within what the plan's targets require (off by default; `--implied`)",
        "The counterpart of `off-track`: an `actual` that lies within the range the plan's "
        "baselines and targets allow for its year, so the plan was met there. Off by default, "
        "like `implied`; `ingot check --implied` shows it, so a predecessor plan with its "
        "actuals shows which targets were met.",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source INT_NF \"https://example.org/int_nf\"\n"
        "  target iva: value_added grows > 5.5 % in 2024  [INT_NF]\n"
        "  actual value_added growth 2024 = 8.9 %         [INT_NF]\n}\n",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source INT_NF \"https://example.org/int_nf\"\n"
        "  target iva: value_added grows > 5.5 % in 2024  [INT_NF]\n}\n");
    on_track.enabled_by_default = false;
    all.push_back(std::move(on_track));
    all.push_back(entry(
        check::share_range, S::error, "derivation",
        "a share (a metric in %) below 0 % or above 100 %, written or derived, in any year",
        "A share is a part of a whole: no year's level can be below 0 % or above 100 %. A share "
        "written outside that range is a slip (a change written as a level, a figure in the "
        "wrong unit), and so is one the figures imply: 95 % growing 5 %/yr for two years passes "
        "100 %, where a rise of 5 pp was probably meant. Reported when every value the figures "
        "allow at their written precision is outside, with the years.",
        "metric ev_share unit %\nplan cars {\n  period 2025..2026\n  source A "
        "\"https://example.org/a\"\n  baseline ev_share 2024 = 95 %  [A]\n  target up: "
        "ev_share grows 5 %/yr  [A]\n}\n",
        "metric ev_share unit %\nplan cars {\n  period 2025..2026\n  source A "
        "\"https://example.org/a\"\n  baseline ev_share 2024 = 95 %  [A]\n  target up: "
        "ev_share rises 2 pp  [A]\n}\n",
        true));
    CheckInfo changed_target = entry(
        check::changed_target, S::info, "derivation",
        "a target on a metric the predecessor also targets, raised, cut or changed in kind "
        "(off by default; `--implied`)",
        "For a plan that `follows` another, each metric both plans set a target on is compared: "
        "a growth target by the average yearly growth each plan's figures imply over its own "
        "period (the change in percentage points), a level target by the level it sets (the "
        "change in the level's unit). The finding says whether the target was raised or cut "
        "(lowered, for a level), or changed in kind (an annual rate for single-year growth, a "
        "level for a rate), with the old and new figures as written. Ingot knows no direction "
        "in which a metric is better, so it does not say tightened or loosened. Off by "
        "default, like `implied`; `ingot check --implied` shows it, and `ingot diff` compares "
        "two plans in full.",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source HRZ \"http://hrzcn.com/article/79952.html\"\n"
        "  target ten: output grows ~5 %/yr  [HRZ]\n}\n"
        "plan nonferrous_2025 {\n  period  2025..2026\n  follows nonferrous_2023\n"
        "  source ILK \"http://www.ilinki.net/news/detail/73247\"\n"
        "  target ten: output grows ~1.5 %/yr  [ILK]\n}\n",
        "plan nonferrous_2023 {\n  period 2023..2024\n"
        "  source HRZ \"http://hrzcn.com/article/79952.html\"\n"
        "  target ten: output grows ~5 %/yr  [HRZ]\n}\n"
        "plan nonferrous_2025 {\n  period  2025..2026\n  follows nonferrous_2023\n"
        "  source ILK \"http://www.ilinki.net/news/detail/73247\"\n"
        "  target ten: output grows ~5 %/yr  [ILK]\n}\n");
    changed_target.enabled_by_default = false;
    all.push_back(std::move(changed_target));
    all.push_back(entry(
        check::invalid_rule, S::error, "rules",
        "a rule is malformed (types, argument counts, `for` subject)",
        "Rules are checked when they are loaded, before any plan is evaluated: a condition that "
        "is not a truth value, a function called with the wrong number of arguments, a `for` "
        "subject other than `series`. The rule does not run until it is fixed.",
        "rule arity: warning {\n  when level() > 3 Mt\n  message \"too high\"\n}\n",
        "rule arity: warning {\n  when level(output, 2026) > 3 Mt\n  message \"too high\"\n}\n"));
    all.push_back(entry(
        check::bad_allow, S::error, "suppressions",
        "an `# ingot: allow(…)` comment is malformed, names no known check, or gives no reason",
        "A finding that does not apply is suppressed with a comment on its line, or on the line "
        "before: `# ingot: allow(ID) reason`, naming one or more check ids (or analyst rules) "
        "and saying why. A suppression without a reason hides a decision from the next reader, "
        "so it suppresses nothing and is reported; so is one naming a check that does not exist "
        "(with a did-you-mean) and a `# ingot:` comment that is not an allow.",
        "plan steel_2025 {\n  period 2025..2026\n  target crude: output grows 1 %/yr  "
        "# ingot: allow(uncited)\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  target crude: output grows 1 %/yr  "
        "# ingot: allow(uncited) the figure is the analysts' own estimate\n}\n"));
    all.push_back(entry(
        check::unused_allow, S::warning, "suppressions",
        "an `# ingot: allow(…)` comment suppresses nothing",
        "An allow that no longer matches a finding (the figure was cited, the line moved, the "
        "check changed) would silently hide the next real finding on that line. It is reported "
        "so it can be removed; the fix removes it. An allow for a check that is turned off in "
        "this run is not reported: it may serve another configuration.",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target crude: output grows 1 %/yr  [MIIT]  # ingot: allow(uncited) estimate\n}\n",
        "plan steel_2025 {\n  period 2025..2026\n  source MIIT \"https://example.org/miit\"\n"
        "  target crude: output grows 1 %/yr  [MIIT]\n}\n",
        true));
    return all;
}

} // namespace

const std::vector<CheckInfo>& builtin_checks() {
    static const std::vector<CheckInfo> all = make_builtin_checks(); // immutable once built
    return all;
}

const CheckInfo* find_builtin_check(std::string_view id) {
    const auto& all = builtin_checks();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const CheckInfo& c) { return c.id == id; });
    return it == all.end() ? nullptr : &*it;
}

} // namespace ingot::runtime

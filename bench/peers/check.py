#!/usr/bin/env python3
"""The Python peer: check the JSON form of a benchmark corpus as `ingot check` checks the Ingot form.

    check.py DIR/json

Reads every plan (one JSON document per file, parsed with the json module) and the rulebook's
metrics (bench.json), computes each plan's implied growth figures (the yearly rate a level target
implies over its baseline; value added per tonne from the rates of value added and output, through
the identity value_added = output * unit_value) and the findings of the checks the corpus plants,
then prints the summary of bench/README.md: plans, targets, findings, and a count per check id.
Plain Python 3, standard library only.
"""

import json
import math
import os
import sys

INF = math.inf
RATE_UNITS = {"%/yr", "% y/y"}


def interval(fig, about):
    """The range of values a figure allows, in its written unit: at its written precision, widened
    by `about` % for `~`, or a one-sided bound."""
    v, cmp = fig["value"], fig["cmp"]
    half = 0.5 * 10.0 ** -fig["decimals"]
    if cmp in ("<=", "<"):
        return (-INF, v)
    if cmp in (">=", ">"):
        return (v, INF)
    if cmp == "=":
        return (v, v)
    if cmp == "~":
        half = max(half, abs(v) * about / 100)
    return (v - half, v + half)


def nominal(fig):
    """The figure as written: its point, or its one bound."""
    return fig["value"]


class Checker:
    def __init__(self, rulebook):
        self.metrics = rulebook["metrics"]
        self.units = rulebook["units"]
        self.about = rulebook["about"]
        self.counts = {}
        self.plans = 0
        self.targets = 0
        self.series = {}

    def find(self, check_id):
        self.counts[check_id] = self.counts.get(check_id, 0) + 1

    def unit_ok(self, metric, fig, verb):
        """The unit checks of one figure; True when the figure can enter the derivation."""
        unit = fig["unit"]
        dim = self.metrics[metric]["dimension"]
        if unit in RATE_UNITS:
            if verb in ("reaches", "stays", "baseline"):
                self.find("rate-vs-level")
                return False
            return True
        if unit == "%" and verb in ("grows", "falls"):
            return True  # a cumulative change over the period
        udim = self.units[unit]["dimension"]
        if udim != dim:
            self.find("unit-mismatch")
            return False
        if verb in ("grows", "falls"):
            self.find("rate-vs-level")
            return False
        return True

    def check_plan(self, plan):
        self.plans += 1
        first, last = plan["period"]
        base = first - 1
        # ---- structure ----
        cited = set()

        def cite(cites):
            for c in cites:
                cited.add(c["source"])
        cite(plan["issuer_cites"])
        for s in plan["scopes"]:
            cite(s["cites"])
            of = s.get("of")
            if of is not None and len(s["items"]) != of:
                self.find("scope-count")
        targets = list(plan["targets"])
        for fo in plan["focuses"]:
            targets.extend(fo["targets"])
            cite(fo["cites"])
            for n in fo["notes"]:
                cite(n["cites"])
            if not fo["targets"] and not fo["initiatives"]:
                self.find("empty-focus")
        for n in plan["notes"]:
            cite(n["cites"])
        for b in plan["baselines"]:
            cite(b["cites"])
            if not b["cites"]:
                self.find("uncited")
        for t in targets:
            cite(t["cites"])
            if not t["cites"]:
                self.find("uncited")
        for s in plan["sources"]:
            if s["id"] not in cited:
                self.find("unused-source")
        self.targets += len(targets)

        # ---- units and derivation, per metric ----
        levels = {}   # metric -> [(year, fig)]
        rates = {}    # metric -> [yearly-rate figure as (lo, hi, nominal)]
        for b in plan["baselines"]:
            if self.unit_ok(b["metric"], b, "baseline"):
                levels.setdefault(b["metric"], []).append((b["year"], b, "baseline"))
        n = last - base
        for t in targets:
            m = t["metric"]
            for c in t["clauses"]:
                verb = c["verb"]
                if verb == "reaches" and c.get("by") is not None and not first <= c["by"] <= last:
                    self.find("outside-period")
                    continue
                if not self.unit_ok(m, c, verb):
                    continue
                if verb in ("grows", "falls"):
                    lo, hi = interval(c, self.about)
                    nom = nominal(c)
                    if verb == "falls":
                        lo, hi, nom = -hi, -lo, -nom
                    if c["unit"] == "%":  # cumulative over n years -> yearly
                        lo, hi, nom = (yearly(lo, n), yearly(hi, n), yearly(nom, n))
                    rates.setdefault(m, []).append((lo / 100, hi / 100, nom / 100))
                elif verb == "reaches":
                    levels.setdefault(m, []).append((c.get("by") or last, c, "target"))
                # `stays` bounds: no baseline is ever given with them, so they constrain nothing
        growth = {}
        for m in set(levels) | set(rates):
            lo, hi = -INF, INF
            nom = None
            for r in rates.get(m, []):
                lo, hi = max(lo, r[0]), min(hi, r[1])
                nom = r[2] if nom is None else nom
            bases = [(y, f) for y, f, k in levels.get(m, []) if k == "baseline" and y == base]
            for y, f, k in levels.get(m, []):
                if k != "target" or not bases:
                    continue
                scale = self.units[f["unit"]]["scale"]
                bf = bases[0][1]
                bscale = self.units[bf["unit"]]["scale"]
                llo, lhi = (x * scale for x in interval(f, self.about))
                blo, bhi = (x * bscale for x in interval(bf, self.about))
                years = y - base
                lo = max(lo, implied_rate(llo, bhi, years))
                hi = min(hi, implied_rate(lhi, blo, years))
                if nom is None:
                    nom = (nominal(f) * scale / (nominal(bf) * bscale)) ** (1 / years) - 1
            if lo > hi:
                self.find("contradiction")
            elif nom is not None:
                growth[m] = nom

        # ---- the rulebook's rules ----
        g_out = growth.get("output")
        if g_out is not None and g_out < 0.005:
            self.find("output_stall")
        g_va = growth.get("value_added")
        if g_out is not None and g_va is not None:
            unit_value = (1 + g_va) / (1 + g_out) - 1
            if unit_value < 0:
                self.find("unit_value_falls")
        has_va = any(t["metric"] == "value_added" for t in targets)
        self.series.setdefault(plan["series"], []).append(has_va)

    def finish(self):
        for flags in self.series.values():
            for has in flags:
                if not has:
                    self.find("series_value_added")

    def summary(self):
        lines = [f"plans {self.plans}", f"targets {self.targets}",
                 f"findings {sum(self.counts.values())}"]
        for cid, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n} {cid}")
        return "\n".join(lines) + "\n"


def yearly(cumulative_pct, n):
    """A cumulative change in % over n years as the yearly rate in %."""
    if cumulative_pct == -INF or cumulative_pct == INF:
        return cumulative_pct
    return ((1 + cumulative_pct / 100) ** (1 / n) - 1) * 100


def implied_rate(level, baseline, years):
    """The yearly rate that takes BASELINE to LEVEL in YEARS (either may be a bound's infinity)."""
    if level == INF or baseline <= 0:
        return INF
    if level == -INF or level <= 0:
        return -1.0
    return (level / baseline) ** (1 / years) - 1


def main(argv):
    if len(argv) != 1:
        print("usage: check.py DIR/json", file=sys.stderr)
        return 2
    root = argv[0]
    try:
        with open(os.path.join(root, "bench.json"), encoding="utf-8") as f:
            checker = Checker(json.load(f))
        paths = []
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            paths.extend(os.path.join(folder, f) for f in sorted(files)
                         if f.endswith(".json") and f != "bench.json")
        for path in paths:
            with open(path, encoding="utf-8") as f:
                checker.check_plan(json.load(f))
    except OSError as e:
        print(f"check.py: {e}", file=sys.stderr)
        return 2
    checker.finish()
    sys.stdout.write(checker.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

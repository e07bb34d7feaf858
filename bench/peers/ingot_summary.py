#!/usr/bin/env python3
"""Ingot's side of the peers' summary, from `ingot check --format json` (the versioned report).

    ingot check --format json DIR/ingot | ingot_summary.py

Prints `plans N`, `findings N` and one `COUNT ID` line per check id (count descending, then id), the
format of the peers' summaries (bench/README.md) without their `targets` line: the report lists the
files checked and every finding, not the targets. Each plan file of the corpus holds one plan, so the
plans are the `.plan` files of the report.
"""

import json
import sys


def main():
    report = json.load(sys.stdin)
    if report.get("schema") != "ingot-report":
        print("ingot_summary.py: not an ingot report", file=sys.stderr)
        return 2
    counts = {}
    for d in report["diagnostics"]:
        counts[d["id"]] = counts.get(d["id"], 0) + 1
    plans = sum(1 for f in report["files"] if f.endswith(".plan"))
    lines = [f"plans {plans}", f"findings {sum(counts.values())}"]
    lines += [f"{n} {cid}" for cid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

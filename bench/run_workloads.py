#!/usr/bin/env python3
"""The workloads of bench/compare: generate the corpora, time Ingot and every peer, print the table.

    run_workloads.py --ingot BIN --pkl BIN --work DIR [--quick] [--limit SECONDS]

Run by bench/compare after it has installed the tools and built Ingot; bench/README.md describes
the workloads. Times are hyperfine medians (wall clock, --warmup, JSON export); peak memory is GNU
time's %M of one run. The table goes to standard output and to WORK/compare.md.
"""

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATE = os.path.join(HERE, "corpus", "generate.py")
PEERS = os.path.join(HERE, "peers")


def log(*args):
    print("compare:", *args, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args):
        self.ingot = os.path.abspath(args.ingot)
        self.pkl = os.path.abspath(args.pkl)
        self.work = os.path.abspath(args.work)
        self.quick = args.quick
        self.args = args
        self.limit = args.limit
        self.cores = os.cpu_count() or 1
        self.corpora = os.path.join(self.work, "corpus")
        self.results = os.path.join(self.work, "results")
        os.makedirs(self.results, exist_ok=True)
        self.skipped = []
        self.lines = []

    # ---- corpora -------------------------------------------------------------------------

    def corpus(self, name, *gen_args):
        """Generate DIR once per generator version and arguments (kept between runs)."""
        out = os.path.join(self.corpora, name)
        stamp = os.path.join(out, ".stamp")
        key = " ".join(gen_args) + " " + str(os.path.getmtime(GENERATE))
        if os.path.exists(stamp) and open(stamp).read() == key:
            return out
        log(f"generating {name} ({' '.join(gen_args)})")
        subprocess.run([sys.executable, GENERATE, "--out", out, *gen_args], check=True)
        # Ingot skips git-ignored files, and build-bench/ is git-ignored: as a team's plans are,
        # each corpus is a repository of its own.
        subprocess.run(["git", "init", "-q", out], check=True)
        with open(stamp, "w") as f:
            f.write(key)
        return out

    def commands(self, corpus, jobs_all=True):
        """The tools, each as (label, argv), on one corpus."""
        cmds = [("Ingot -j1", [self.ingot, "check", "--statistics", "-j1", f"{corpus}/ingot"])]
        if jobs_all:
            cmds.append((f"Ingot -j{self.cores}",
                         [self.ingot, "check", "--statistics", f"-j{self.cores}", f"{corpus}/ingot"]))
        cmds += [
            ("Lua 5.4", ["lua5.4", os.path.join(PEERS, "check.lua"), f"{corpus}/lua"]),
            ("Python 3", [sys.executable, os.path.join(PEERS, "check.py"), f"{corpus}/json"]),
            ("Pkl", [self.pkl, "eval", f"{corpus}/pkl/check.pkl"]),
        ]
        return cmds

    # ---- measuring -----------------------------------------------------------------------

    def once(self, argv):
        """One run under GNU time: (peak RSS in KiB, exit code, standard output), or None past
        the limit."""
        try:
            proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, timeout=self.limit)
        except subprocess.TimeoutExpired:
            return None
        rss = int(proc.stderr.strip().splitlines()[-1])
        return rss, proc.returncode, proc.stdout

    def hyperfine(self, name, cmds, runs, warmup):
        """Median seconds of each command, timed in one hyperfine run."""
        export = os.path.join(self.results, name + ".json")
        argv = ["hyperfine", "-N", "-i", "--style", "basic", "--warmup", str(warmup), "--runs",
                str(runs), "--export-json", export]
        for label, cmd in cmds:
            argv += ["-n", label, " ".join(shlex.quote(c) for c in cmd)]
        subprocess.run(argv, check=True, stdout=sys.stderr)
        with open(export) as f:
            data = json.load(f)
        return {r["command"]: (r["median"], r["user"] + r["system"]) for r in data["results"]}

    def measure(self, name, cmds, runs, warmup, dead, corpus=None):
        """One run of each command under GNU time (peak memory, and its output checked against
        what the generator planted, so no table compares different work; past --limit the tool is
        dead for the larger sizes), then hyperfine on the ones that finished.
        Returns label -> (median s, mean CPU s, peak RSS KiB)."""
        expected = open(os.path.join(corpus, "expected.txt")).read() if corpus else None
        alive, rss = [], {}
        for label, cmd in cmds:
            if label in dead:
                continue
            log(f"{name}: {label}")
            r = self.once(cmd)
            if r is None:
                dead.add(label)
                self.skipped.append(f"{name}: {label} took over {self.limit} s; not timed at this size or larger")
                continue
            if r[1] not in (0, 1):
                raise SystemExit(f"compare: {label} failed on {name} (exit {r[1]}): {' '.join(cmd)}")
            if expected is not None and label != "lua5.4 -e ''":
                got = statistics_summary(r[2]) if label.startswith("Ingot") else r[2]
                want = expected if not label.startswith("Ingot") else findings_only(expected)
                if got != want:
                    raise SystemExit(f"compare: {label} on {name} disagrees with {corpus}/expected.txt:\n{r[2]}")
            rss[label] = r[0]
            alive.append((label, cmd))
        times = self.hyperfine(name, alive, runs, warmup) if alive else {}
        return {label: times[label] + (rss[label],) for label, _ in alive}

    # ---- workloads -----------------------------------------------------------------------

    def plan_bytes(self, corpus):
        total = 0
        for folder, _, files in os.walk(os.path.join(corpus, "ingot")):
            total += sum(os.path.getsize(os.path.join(folder, f)) for f in files
                         if f.endswith((".plan", ".rules")))
        return total

    def w1(self, n, runs):
        corpus = self.corpus(f"plans-{n}", "--plans", str(n))
        res = self.measure(f"W1-{n}", self.commands(corpus), runs, 1, set(), corpus)
        mb = self.plan_bytes(corpus) / 1e6
        self.lines.append(f"\n### W1: check {n} plans ({mb:.1f} MB of plan text), median of {runs} runs\n")
        self.table(res, "Ingot -j1", extra=lambda label, t: f"{mb / t:.2f} MB/s" if label.startswith("Ingot") else "")

    def w2(self, runs):
        corpus = self.corpus("plans-1", "--plans", "1")
        cmds = [(label, cmd) for label, cmd in self.commands(corpus) if "-j" not in label or label == "Ingot -j1"]
        cmds.append(("lua5.4 -e ''", ["lua5.4", "-e", ""]))
        res = self.measure("W2", cmds, runs, 3, set(), corpus)
        self.lines.append(f"\n### W2: one small plan, start to exit, median of {runs} runs\n")
        self.table(res, "Ingot -j1")
        floor = res.get("lua5.4 -e ''")
        if floor and "Ingot -j1" in res:
            self.lines.append(f"\nIngot / `lua5.4 -e ''`: {res['Ingot -j1'][0] / floor[0]:.2f}× (target: under 2×)\n")

    def w3(self, sizes, kind, runs):
        dead = set()
        rows = []
        for n in sizes:
            if kind == "plans":
                corpus = self.corpus(f"plans-{n}", "--plans", str(n))
            else:
                corpus = self.corpus(f"targets-{n}", "--targets", str(n))
            res = self.measure(f"W3-{kind}-{n}", self.commands(corpus, jobs_all=False), runs, 1, dead, corpus)
            rows.append((n, res))
        unit = "plan" if kind == "plans" else "target"
        title = "plans" if kind == "plans" else "one plan of N targets"
        self.lines.append(f"\n### W3: {title}, median of {runs} runs; time and peak RSS per {unit}\n")
        labels = [label for label, _ in self.commands("x", jobs_all=False)]
        self.lines.append(f"| N | " + " | ".join(f"{l} µs/{unit} | {l} KiB/{unit}" for l in labels) + " |")
        self.lines.append("|---:|" + "---:|---:|" * len(labels))
        for n, res in rows:
            cells = []
            for l in labels:
                if l in res:
                    t, _, rss = res[l]
                    cells += [f"{t / n * 1e6:.1f}", f"{rss / n:.1f}"]
                else:
                    cells += ["–", "–"]
            self.lines.append(f"| {n} | " + " | ".join(cells) + " |")
        first, last = rows[0], rows[-1]
        if "Ingot -j1" in first[1] and "Ingot -j1" in last[1]:
            t0, _, m0 = first[1]["Ingot -j1"]
            t1, _, m1 = last[1]["Ingot -j1"]
            self.lines.append(
                f"\nIngot per {unit} at {last[0]} against {first[0]}: time {t1 / last[0] / (t0 / first[0]):.2f}×, "
                f"memory {m1 / last[0] / (m0 / first[0]):.2f}× (target: within 1.15×)\n")

    def w4(self):
        found = None
        for folder, dirs, files in os.walk(self.work):
            dirs[:] = [d for d in dirs if d not in ("corpus", "tools", "results", "CMakeFiles")]
            if "ingot_bench_w4" in files and os.access(os.path.join(folder, "ingot_bench_w4"), os.X_OK):
                found = os.path.join(folder, "ingot_bench_w4")
                break
        if not found:
            self.skipped.append("W4: no ingot_bench_w4 built (bench/CMakeLists.txt absent)")
            return
        out = subprocess.run([found, "--benchmark_format=json"], capture_output=True, text=True, check=True).stdout
        per = {}
        for b in json.loads(out)["benchmarks"]:
            for key in ("BM_W4_Ingot", "BM_W4_Lua"):
                if b["name"].split("/")[0] == key and "ns_per_plan" in b:
                    per[key] = b["ns_per_plan"]
        self.lines.append("\n### W4: one compiled rulebook over in-memory plans (Google Benchmark)\n")
        self.lines.append("| tool | ns per plan | ratio Lua/Ingot |\n|---|---:|---:|")
        if "BM_W4_Ingot" in per:
            self.lines.append(f"| Ingot (public API) | {per['BM_W4_Ingot']:.0f} | 1.00 |")
        if "BM_W4_Lua" in per:
            ratio = per["BM_W4_Lua"] / per["BM_W4_Ingot"] if "BM_W4_Ingot" in per else float("nan")
            self.lines.append(f"| Lua 5.4 (C API) | {per['BM_W4_Lua']:.0f} | {ratio:.2f} |")

    def table(self, res, reference, extra=None):
        ref = res.get(reference)
        self.lines.append(f"| tool | median s | ratio to {reference} | CPU s (mean) | peak RSS MB | |")
        self.lines.append("|---|---:|---:|---:|---:|---|")
        for label, (t, cpu, rss) in res.items():
            ratio = f"{t / ref[0]:.2f}" if ref else "–"
            self.lines.append(f"| {label} | {t:.3f} | {ratio} | {cpu:.3f} | {rss / 1024:.1f} | "
                              f"{extra(label, t) if extra else ''} |")

    def run(self):
        version = subprocess.run([self.ingot, "--version"], capture_output=True, text=True).stdout.strip()
        lua = subprocess.run(["lua5.4", "-v"], capture_output=True, text=True).stdout.strip()
        pkl = subprocess.run([self.pkl, "--version"], capture_output=True, text=True).stdout.strip()
        self.lines.append("## bench/compare" + (" --quick" if self.quick else ""))
        self.lines.append(f"\n{version}; {lua}; Python {platform.python_version()}; {pkl}; "
                          f"{self.cores} cores ({platform.processor() or platform.machine()}); "
                          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
        if self.quick:
            w1_n, runs, w2_runs = 1000, 3, 10
            plans, targets = [100, 300, 1000], [500, 1000, 2000]
        else:
            w1_n, runs, w2_runs = 10000, 5, 30
            plans, targets = [1000, 10000, 100000], [1000, 10000, 50000]
        a = self.args
        w1_n = a.w1 or w1_n
        runs = a.runs or runs
        w2_runs = a.runs or w2_runs
        plans = a.w3_plans or plans
        targets = a.w3_targets or targets
        if (w1_n, plans, targets) != (10000, [1000, 10000, 100000], [1000, 10000, 50000]):
            self.skipped.append(f"sizes smaller than the issue's: W1 at {w1_n} plans (10000); W3 at "
                                f"{', '.join(map(str, plans))} plans (1000, 10000, 100000) and "
                                f"{', '.join(map(str, targets))} targets (1000, 10000, 50000)")
        self.w1(w1_n, runs)
        self.w2(w2_runs)
        self.w3(plans, "plans", max(2, runs - 2))
        self.w3(targets, "targets", max(2, runs - 2))
        self.w4()
        if self.skipped:
            self.lines.append("\n### Skipped\n")
            self.lines += [f"- {s}" for s in self.skipped]
        text = "\n".join(self.lines) + "\n"
        sys.stdout.write(text)
        with open(os.path.join(self.work, "compare.md"), "w", encoding="utf-8") as f:
            f.write(text)


def findings_only(summary):
    """A peer's summary without its `plans` and `targets` lines: what `ingot check --statistics`
    can say (the ctest bench_peers_agree compares the plans too)."""
    return "".join(line for line in summary.splitlines(keepends=True)
                   if not line.startswith(("plans ", "targets ")))


def statistics_summary(text):
    """`ingot check --statistics` output (`COUNT  ID  SEVERITY  SUMMARY` lines) as a summary
    without plans and targets: `findings N` and `COUNT ID` lines, count descending, then id."""
    counts = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0].isdigit():
            counts[fields[1]] = int(fields[0])
    lines = [f"findings {sum(counts.values())}"]
    lines += [f"{n} {cid}" for cid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ingot", required=True)
    ap.add_argument("--pkl", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--limit", type=int, default=600)
    sizes = lambda text: [int(x) for x in text.split(",")]
    ap.add_argument("--w1", type=int, help="plans of W1")
    ap.add_argument("--w3-plans", type=sizes, help="plans of W3, comma-separated")
    ap.add_argument("--w3-targets", type=sizes, help="targets of W3's one plan, comma-separated")
    ap.add_argument("--runs", type=int, help="timed runs of each command")
    Bench(ap.parse_args(argv)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Write a benchmark corpus of realistic plans, the same content in four forms.

    generate.py --out DIR [--plans N | --targets T] [--seed S]

DIR/ingot/   Ingot plans (sNNN/pNNNNN.plan, series of about 300 plans) that all import the shared
             rulebook DIR/ingot/rules/bench.rules, and an ingot.toml (the project: about = 10).
DIR/json/    the same plans as JSON (one file per plan) and bench.json (the rulebook's metrics),
             read by bench/peers/check.py.
DIR/lua/     the same plans as Lua table constructors (one chunk per plan), index.lua listing
             them and bench.lua (the metrics), read by bench/peers/check.lua.
DIR/pkl/     the same plans as Pkl modules amending bench/peers/Plan.pkl (copied to DIR/pkl/),
             and check.pkl, which imports them all and computes the findings in Pkl.
DIR/expected.txt
             the counts the generator planted: plans, targets and findings per check id, in the
             summary format every peer prints (bench/README.md).

`--targets T` writes one plan of T targets instead (workload W3). Stdlib only; the same --seed
gives the same bytes. The checks planted are those whose logic the peers reproduce exactly: see
bench/README.md ("What the peers do"). Figures are drawn with margins so that no figure sits near a
threshold of a rule or of `~`/precision widening, where the peers' double arithmetic and Ingot's
could round differently.
"""

import argparse
import json
import os
import random
import shutil
import sys

SERIES_SIZE = 300
HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(os.path.dirname(HERE), "peers")

SECTORS = [
    ("steel", "钢铁", "Steel"),
    ("nonferrous_metals", "有色金属", "Nonferrous metals"),
    ("building_materials", "建材", "Building materials"),
    ("petrochemicals", "石化化工", "Petrochemical and chemical"),
    ("machinery", "机械", "Machinery"),
    ("automobiles", "汽车", "Automobile"),
    ("electronics", "电子信息制造", "Electronics manufacturing"),
    ("light_industry", "轻工业", "Light industry"),
    ("textiles", "纺织", "Textile"),
    ("pharmaceuticals", "医药", "Pharmaceutical"),
]
PROVINCES = [
    ("national", "全国", "National"), ("hebei", "河北省", "Hebei"),
    ("jiangsu", "江苏省", "Jiangsu"), ("guangdong", "广东省", "Guangdong"),
    ("shandong", "山东省", "Shandong"), ("zhejiang", "浙江省", "Zhejiang"),
    ("sichuan", "四川省", "Sichuan"), ("henan", "河南省", "Henan"),
]
ISSUERS = ["MIIT", "NDRC", "MOFCOM", "MEE", "SAMR", "MNR", "PBOC", "SASAC"]
ITEMS = ["copper", "aluminum", "lead", "zinc", "nickel", "tin", "cement", "glass", "ethylene",
         "methanol", "robots", "machine_tools", "batteries", "chips", "displays", "fibres",
         "paper", "vaccines", "tyres", "ceramics"]
INITIATIVES = ["equipment_upgrades", "digital_transition", "green_transition", "capacity_replacement",
               "quality_standards", "export_promotion", "energy_efficiency", "recycling",
               "smart_factories", "talent_training", "supply_chain_security", "brand_building"]
QUOTES = ["年均增长{v}左右", "到{y}年达到{v}", "力争{y}年突破{v}", "an average annual rate of around {v}",
          "to reach {v} by {y}", "增速保持在{v}以上", "比{b}年下降{v}"]

PHRASES = ["方案提出五方面重点任务", "The plan stresses supply-side structural reform.",
           "加快推进数字化智能化绿色化转型", "扩大有效投资，激发市场消费潜能",
           "The work plan calls for higher standards and quality."]

# The rulebook's metrics (bench.rules) after the prelude's: name -> (unit word, dimension).
# Dimensions are those the peers compare: a figure's unit must have its metric's dimension.
PRELUDE_METRICS = {
    "value_added": ("CNY", "money_cny"), "output": ("t", "mass"), "revenue": ("CNY", "money_cny"),
    "profit": ("CNY", "money_cny"), "capacity": ("t", "mass"), "investment": ("CNY", "money_cny"),
    "exports": ("USD", "money_usd"), "energy_intensity": ("tce/wan CNY", "energy_per_cny"),
    "emissions": ("tCO2", "emissions"),
}
BENCH_METRICS = {
    "unit_value": ("CNY/t", "money_cny_per_mass", "value added per tonne of output"),
    "green_revenue": ("CNY", "money_cny", "revenue of green products"),
    "digital_share": ("%", "share", "share of firms with digital production"),
    "recycled_output": ("t", "mass", "recycled output"),
    "rd_share": ("%", "share", "R&D spending as a share of revenue"),
    "new_product_revenue": ("CNY", "money_cny", "revenue of new products"),
    "smart_factories": ("factories", "count", "smart factories built"),
    "water_use": ("m3", "volume", "industrial water use"),
    "export_share": ("%", "share", "exports as a share of revenue"),
    "ule_share": ("%", "share", "capacity retrofitted to ultra-low emissions"),
    "key_firms": ("firms", "count", "firms above designated size"),
}
# How each unit written in the corpus maps to (dimension, scale to the metric's base unit).
UNITS = {
    "Mt": ("mass", 1e6), "kt": ("mass", 1e3), "t": ("mass", 1.0),
    "bn CNY": ("money_cny", 1e9), "tn CNY": ("money_cny", 1e12), "yi CNY": ("money_cny", 1e8),
    "bn USD": ("money_usd", 1e9), "tce/wan CNY": ("energy_per_cny", 1.0),
    "MtCO2": ("emissions", 1e6), "%": ("share", 0.01), "factories": ("count", 1.0),
    "firms": ("count", 1.0), "mn m3": ("volume", 1e6), "bn m3": ("volume", 1e9),
}
# The level figures drawn per metric: (unit written, low, high, decimals).
LEVELS = {
    "value_added": ("bn CNY", 50, 3000, 1), "output": ("Mt", 5, 1200, 2),
    "revenue": ("bn CNY", 100, 9000, 0), "profit": ("bn CNY", 10, 600, 1),
    "capacity": ("Mt", 10, 1500, 1), "investment": ("bn CNY", 20, 900, 0),
    "exports": ("bn USD", 5, 400, 1), "energy_intensity": ("tce/wan CNY", 0.3, 1.5, 2),
    "emissions": ("MtCO2", 50, 2000, 0), "green_revenue": ("bn CNY", 20, 800, 0),
    "digital_share": ("%", 40, 90, 0), "recycled_output": ("Mt", 2, 40, 2),
    "rd_share": ("%", 1, 4, 1), "new_product_revenue": ("bn CNY", 10, 500, 0),
    "smart_factories": ("factories", 50, 2000, 0), "water_use": ("bn m3", 2, 60, 1),
    "export_share": ("%", 5, 30, 0), "ule_share": ("%", 60, 95, 0), "key_firms": ("firms", 500, 9000, 0),
}
SHARE_METRICS = {"digital_share", "rd_share", "export_share", "ule_share"}
COUNT_METRICS = {"smart_factories", "key_firms"}
# Metrics a plain target may set (output and value_added are drawn first, capacity is kept for the
# planted contradiction; the rest at random).
OTHER_METRICS = ["revenue", "profit", "investment", "exports", "energy_intensity", "emissions",
                 "green_revenue", "digital_share", "recycled_output", "rd_share",
                 "new_product_revenue", "smart_factories", "water_use", "export_share",
                 "ule_share", "key_firms"]

RULEBOOK = """\
# bench.rules: the shared rulebook every plan of the benchmark corpus imports (bench/corpus/generate.py).
# The peers (bench/peers/) implement the same three rules as functions.

{metrics}

# Value added is output times value added per tonne, so their growth rates compound:
# 1 + growth(value_added) = (1 + growth(output)) * (1 + growth(unit_value)).
identity value_added = output * unit_value

# Output that barely grows (or falls) over the period.
rule output_stall: warning {{
  let floor = 0.5 %/yr
  let g = growth(output)
  when g < floor
  message "output grows only {{g}} a year, below {{floor}}"
}}

# Value added growing slower than output: value per tonne must fall.
rule unit_value_falls: warning {{
  let needed = growth(unit_value)
  when needed < 0 %/yr
  message "value added per tonne must change {{needed}} ((1 + {{growth(value_added)}}) / (1 + {{growth(output)}}) − 1)"
}}

# Series: a plan without a value-added target.
rule series_value_added: warning for series {{
  require every plan has value_added
  message "{{plan}} sets no value-added target, unlike {{count(plans with value_added)}} plans in {{series}}"
}}
"""


def fmt_num(value, decimals):
    """A number as a plan writes it: fixed decimals, `_` between thousands of the integer part."""
    text = f"{value:.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + "_".join(groups)
    return out + ("." + frac if frac else "")


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def rate(self, lo, hi, decimals=1):
        return round(self.rng.uniform(lo, hi), decimals)

    def level(self, metric):
        unit, lo, hi, dec = LEVELS["new_product_revenue" if metric.startswith("kpi_") else metric]
        return round(self.rng.uniform(lo, hi), dec), unit, dec

    def cite(self, sources, value_text, year, base):
        """A citation group: one or two sources, the first with a quote."""
        src = self.rng.choice(sources)["id"]
        if value_text:
            quote = self.rng.choice(QUOTES).format(v=value_text, y=year, b=base)
        else:
            quote = self.rng.choice(PHRASES)
        cites = [{"source": src, "quote": quote}]
        if self.rng.random() < 0.3:
            other = self.rng.choice(sources)["id"]
            if other != src:
                cites.append({"source": other, "quote": None})
        return cites

    # ---- one plan ---------------------------------------------------------------------------

    def plan(self, name, series, index, n_targets=None):
        rng = self.rng
        sector, sector_zh, sector_en = SECTORS[index % len(SECTORS)]
        prov, prov_zh, prov_en = PROVINCES[(index // len(SECTORS)) % len(PROVINCES)]
        first = rng.choice([2024, 2025, 2025, 2026])
        last = first + rng.choice([1, 2, 2, 3])
        base = first - 1
        years = f"{first}—{last}"
        plan = {
            "name": name,
            "title": f"{prov_en} {sector_en.lower()} industry stable growth work plan ({first}-{last}) no. {index}",
            "original": f"{prov_zh}{sector_zh}行业稳增长工作方案（{years}年）",
            "issuer": sorted(rng.sample(ISSUERS, rng.randint(1, 4))),
            "period": [first, last],
            "series": series,
            "sector": sector,
            "sources": [],
            "issuer_cites": [],
            "scopes": [],
            "baselines": [],
            "targets": [],  # plan-level targets
            "focuses": [],
            "notes": [],
        }
        n_sources = rng.randint(3, 6)
        for k in range(n_sources):
            plan["sources"].append({
                "id": f"S{k + 1}",
                "url": f"https://news.example.cn/{series}/{name}/{k + 1}.html",
                "description": rng.choice([None, "Xinhua, 新华社", "People's Daily", "MIIT explainer"]),
            })
        sources = plan["sources"]
        planted = {}

        def plant(check_id, n=1):
            planted[check_id] = planted.get(check_id, 0) + n

        # Which findings this plan carries (a plan of --targets carries none of the rare ones).
        kinds = []
        if n_targets is None:
            for kind, p in [("uncited", 0.08), ("unused-source", 0.05), ("scope-over", 0.03),
                            ("scope-under", 0.03), ("empty-focus", 0.05), ("outside-period", 0.03),
                            ("rate-vs-level", 0.03), ("unit-mismatch", 0.03), ("contradiction", 0.04)]:
                if rng.random() < p:
                    kinds.append(kind)

        plan["issuer_cites"] = [{"source": "S1", "quote": None}]

        # Scope: `of N` with N items, no `of`, or a planted mismatch.
        items = rng.sample(ITEMS, rng.randint(2, 6))
        of = len(items) if rng.random() < 0.6 else None
        if "scope-over" in kinds:
            of = len(items) - 1
            plant("scope-count")
        elif "scope-under" in kinds:
            of = len(items) + rng.randint(1, 5)
            plant("scope-count")
        plan["scopes"].append({"name": "products", "of": of, "items": items,
                               "cites": self.cite(sources, str(len(items)), last, base)})

        # Targets: value_added and output in most plans (the rules read them), then others.
        want = n_targets if n_targets is not None else rng.randint(5, 15)
        targets = []
        used = set()

        def add_rate_target(metric, tname, r, verb=None, cmp="~", unit="%/yr"):
            verb = verb or ("grows" if r >= 0 else "falls")
            targets.append({"name": tname, "metric": metric, "scope": None,
                            "clauses": [{"verb": verb, "cmp": cmp, "value": abs(r),
                                         "decimals": 1, "unit": unit, "by": None}]})
            used.add(metric)

        def add_level_target(metric, tname, value, unit, dec, cmp="", by=None):
            targets.append({"name": tname, "metric": metric, "scope": None,
                            "clauses": [{"verb": "reaches", "cmp": cmp, "value": value,
                                         "decimals": dec, "unit": unit, "by": by}]})
            used.add(metric)

        n = last - base
        va = None
        if n_targets is not None or rng.random() < 0.8:
            va = self.rate(2.0, 9.0)
            add_rate_target("value_added", "iva", va)
        if n_targets is not None or rng.random() < 0.85:
            form = rng.random()
            stall = rng.random() < 0.12
            g = self.rate(-3.0, -0.5) if stall else self.rate(1.5, 8.0)
            if va is not None and abs((1 + va / 100) / (1 + g / 100) - 1) < 0.003:
                g = round(g + 0.8, 1)  # keep clear of the unit_value_falls threshold
            if form < 0.5:
                add_rate_target("output", "output_pace", g)
            elif form < 0.65 and g > 0:
                # cumulative over the period; rounded to 1 decimal, well inside the margins
                cum = round(((1 + g / 100) ** n - 1) * 100, 1)
                add_rate_target("output", "output_total", cum, unit="%")
            else:
                b, unit, dec = self.level("output")
                plan["baselines"].append({"metric": "output", "scope": None, "year": base,
                                          "kind": "level", "cmp": "", "value": b, "decimals": dec,
                                          "unit": unit, "cites": self.cite(sources, fmt_num(b, dec) + " " + unit, base, base)})
                level = round(b * (1 + g / 100) ** n, dec)
                add_level_target("output", "output_level", level, unit, dec)

        if "contradiction" in kinds:
            # a level and a rate target of capacity that cannot both hold
            b, unit, dec = self.level("capacity")
            plan["baselines"].append({"metric": "capacity", "scope": None, "year": base,
                                      "kind": "level", "cmp": "", "value": b, "decimals": dec,
                                      "unit": unit, "cites": self.cite(sources, fmt_num(b, dec) + " " + unit, base, base)})
            level = round(b * (1 + self.rate(8, 15) / 100) ** n, dec)
            add_level_target("capacity", "capacity_level", level, unit, dec)
            add_rate_target("capacity", "capacity_pace", self.rate(0.5, 2.0), cmp="<=")
            plant("contradiction")
        else:
            used.add("capacity")

        if "rate-vs-level" in kinds:
            m = "recycled_output"
            add_rate_target(m, "recycled_pace", self.rate(1.0, 9.0), unit="Mt", cmp="")
            plant("rate-vs-level")
        if "unit-mismatch" in kinds:
            # exports are in USD: a level in Mt is of the wrong dimension
            v, _, _ = self.level("output")
            add_level_target("exports", "export_level", v, "Mt", 2)
            plant("unit-mismatch")
        if "outside-period" in kinds and "water_use" not in used:
            v, unit, dec = self.level("water_use")
            add_level_target("water_use", "water_cap", v, unit, dec, cmp="<=", by=last + 2)
            plant("outside-period")

        pool = [m for m in OTHER_METRICS if m not in used]
        rng.shuffle(pool)
        k = 0
        while len(targets) < want:
            if k < len(pool):
                metric = pool[k]
                tname = metric
            else:
                # a big plan (--targets) runs out of metrics: the rulebook declares kpi_NNNNN
                metric = f"kpi_{k - len(pool):05d}"
                tname = metric
            k += 1
            roll = rng.random()
            if metric in SHARE_METRICS:
                v, unit, dec = self.level(metric)
                add_level_target(metric, tname, v, unit, dec, cmp=rng.choice([">=", "", "~"]))
            elif metric in COUNT_METRICS or metric.startswith("kpi_") or roll < 0.3:
                v, unit, dec = self.level(metric)
                add_level_target(metric, tname, v, unit, dec,
                                 cmp=rng.choice(["", ">", ">=", "~"]),
                                 by=rng.choice([None, last]))
            elif metric in ("energy_intensity", "emissions", "water_use"):
                add_rate_target(metric, tname, -self.rate(1.0, 5.0),
                                cmp=rng.choice(["~", "", ">="]))
            elif roll < 0.45:
                targets.append({"name": tname, "metric": metric, "scope": None,
                                "clauses": [{"verb": "stays", "cmp": "<=", "value": self.level(metric)[0],
                                             "decimals": LEVELS[metric][3], "unit": LEVELS[metric][0], "by": None}]})
            else:
                add_rate_target(metric, tname, self.rate(1.0, 12.0),
                                cmp=rng.choice(["~", "", ">="]),
                                unit=rng.choice(["%/yr", "%/yr", "%"]))

        # citations: every target cites, except planted uncited ones
        for t in targets:
            c = t["clauses"][0]
            t["cites"] = self.cite(sources, fmt_num(c["value"], c["decimals"]) + " " + c["unit"], last, base)
        if "uncited" in kinds:
            rng.choice(targets)["cites"] = []
            plant("uncited")

        # Focuses: 3-5, targets spread over them, a few at plan level.
        n_focus = rng.randint(3, 5)
        focuses = []
        for f in range(n_focus):
            focuses.append({"name": f"focus_{f + 1}", "label": rng.choice(
                ["Industry management", "Technology and innovation", "Investment", "Demand",
                 "Green transition", "Opening-up and cooperation", "数字化转型"]),
                "targets": [], "initiatives": rng.sample(INITIATIVES, rng.randint(1, 4)),
                "drivers": rng.sample(ITEMS, rng.randint(0, 3)), "notes": [], "cites": []})
        empty = None
        if "empty-focus" in kinds:
            empty = focuses[-1]
            empty["initiatives"] = []
            empty["notes"].append({"text": "No measures given for this area yet.", "cites": []})
            plant("empty-focus")
        homes = [fo for fo in focuses if fo is not empty]
        for t in targets:
            if rng.random() < 0.2:
                plan["targets"].append(t)
            else:
                rng.choice(homes)["targets"].append(t)
        for fo in focuses:
            if rng.random() < 0.5:
                fo["cites"] = self.cite(sources, "", last, base)
            if rng.random() < 0.3:
                fo["notes"].append({"text": "The analyst's reading: 目标偏保守，需配套政策。", "cites": []})
        plan["focuses"] = focuses

        # Notes, some citing; then every source not yet cited is cited by a note, except a
        # planted unused one.
        plan["notes"].append({"text": f"Diagnosis: {sector_en.lower()} demand recovers slowly; 供需矛盾仍然突出.",
                              "cites": self.cite(sources, "", last, base)})
        cited = set()

        def collect(cites):
            for c in cites:
                cited.add(c["source"])
        collect(plan["issuer_cites"])
        for s in plan["scopes"]:
            collect(s["cites"])
        for b in plan["baselines"]:
            collect(b["cites"])
        for t in targets:
            collect(t["cites"])
        for fo in focuses:
            collect(fo["cites"])
            for no in fo["notes"]:
                collect(no["cites"])
        for no in plan["notes"]:
            collect(no["cites"])
        uncited_sources = [s["id"] for s in sources if s["id"] not in cited]
        if "unused-source" in kinds:
            sources.append({"id": f"S{len(sources) + 1}", "url": "https://example.org/unused",
                            "description": "never cited"})
            plant("unused-source")
        if uncited_sources:
            plan["notes"].append({"text": "Further reporting on the plan.",
                                  "cites": [{"source": s, "quote": None} for s in uncited_sources]})
        return plan, planted


# ---- writers -------------------------------------------------------------------------------------

def ingot_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ingot_cites(cites):
    if not cites:
        return ""
    parts = []
    for c in cites:
        parts.append(c["source"] + (": " + ingot_string(c["quote"]) if c["quote"] else ""))
    return "  [" + ", ".join(parts) + "]"


def ingot_figure(c):
    cmp = c["cmp"]
    text = fmt_num(c["value"], c["decimals"]) + " " + c["unit"]
    return (cmp + text) if cmp else text


def ingot_target(t, indent):
    c = t["clauses"][0]
    metric = t["metric"] + (f"({t['scope']})" if t["scope"] else "")
    clause = f"{c['verb']} {ingot_figure(c)}" + (f" by {c['by']}" if c["by"] else "")
    return f"{indent}target {t['name']}: {metric} {clause}{ingot_cites(t['cites'])}\n"


def write_ingot(plan, path, import_path):
    p = plan
    out = [f"# {p['name']}: generated by bench/corpus/generate.py (benchmark corpus)\n",
           f'import "{import_path}"\n\n', f"plan {p['name']} {{\n",
           f"  title    {ingot_string(p['title'])}\n",
           f"  original {ingot_string(p['original'])}\n",
           f"  issuer   {', '.join(p['issuer'])}{ingot_cites(p['issuer_cites'])}\n",
           f"  period   {p['period'][0]}..{p['period'][1]}\n",
           f"  series   {p['series']}\n", f"  sector   {p['sector']}\n\n"]
    for s in p["sources"]:
        desc = f" {ingot_string(s['description'])}" if s["description"] else ""
        out.append(f"  source {s['id']} {ingot_string(s['url'])}{desc}\n")
    out.append("\n")
    for s in p["scopes"]:
        of = f" of {s['of']}" if s["of"] is not None else ""
        out.append(f"  scope {s['name']}{of} {{ {', '.join(s['items'])} }}{ingot_cites(s['cites'])}\n")
    for b in p["baselines"]:
        metric = b["metric"] + (f"({b['scope']})" if b["scope"] else "")
        fig = ingot_figure(b)
        out.append(f"  baseline {metric} {b['year']} = {fig}{ingot_cites(b['cites'])}\n")
    out.append("  # Plan-level targets; the rest are in the focuses below.\n")
    for t in p["targets"]:
        out.append(ingot_target(t, "  "))
    for fo in p["focuses"]:
        out.append(f"\n  focus {fo['name']} {ingot_string(fo['label'])} {{\n")
        for t in fo["targets"]:
            out.append(ingot_target(t, "    "))
        if fo["initiatives"]:
            out.append(f"    initiatives {', '.join(fo['initiatives'])}\n")
        if fo["drivers"]:
            out.append(f"    drivers {', '.join(fo['drivers'])}\n")
        for no in fo["notes"]:
            out.append(f"    note {ingot_string(no['text'])}{ingot_cites(no['cites'])}\n")
        out.append(f"  }}{ingot_cites(fo['cites'])}\n")
    out.append("\n")
    for no in p["notes"]:
        out.append(f"  note {ingot_string(no['text'])}{ingot_cites(no['cites'])}\n")
    out.append("}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def lua_key(k):
    return k if k.isidentifier() and k.isascii() else "[" + json.dumps(k, ensure_ascii=False) + "]"


def lua_value(v, indent=""):
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid Lua 5.4 string
    if isinstance(v, list):
        return "{" + ", ".join(lua_value(x, indent) for x in v) + "}"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{lua_key(k)} = {lua_value(x, indent)}" for k, x in v.items() if x is not None) + "}"
    raise TypeError(type(v))


def pkl_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pkl_value(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v) if "." in repr(v) or "e" in repr(v) else repr(v) + ".0"
    if isinstance(v, str):
        return pkl_string(v)
    if isinstance(v, list):
        return "new Listing { " + " ".join(pkl_value(x) for x in v) + " }"
    if isinstance(v, dict):
        return "new { " + " ".join(f"{k} = {pkl_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def figure_record(c):
    """A figure as the data forms store it: the number as a float, its written decimals (the
    precision), the unit and comparator as written."""
    return {"verb": c.get("verb"), "cmp": c["cmp"], "value": float(c["value"]),
            "decimals": c["decimals"], "unit": c["unit"], "by": c.get("by")}


def data_form(plan):
    """The plan as the JSON, Lua and Pkl forms hold it."""
    def targets(ts):
        return [{"name": t["name"], "metric": t["metric"],
                 "clauses": [figure_record(c) for c in t["clauses"]], "cites": t["cites"]} for t in ts]
    return {
        "name": plan["name"], "title": plan["title"], "original": plan["original"],
        "issuer": plan["issuer"], "issuer_cites": plan["issuer_cites"],
        "period": plan["period"], "series": plan["series"], "sector": plan["sector"],
        "sources": plan["sources"],
        "scopes": plan["scopes"],
        "baselines": [dict(figure_record(b), metric=b["metric"], year=b["year"], cites=b["cites"])
                      for b in plan["baselines"]],
        "targets": targets(plan["targets"]),
        "focuses": [{"name": fo["name"], "label": fo["label"], "targets": targets(fo["targets"]),
                     "initiatives": fo["initiatives"], "drivers": fo["drivers"],
                     "notes": fo["notes"], "cites": fo["cites"]} for fo in plan["focuses"]],
        "notes": plan["notes"],
    }


def pkl_cites(cites):
    """A citation group as a Listing<Cite> amendment: `cites { new { source = "S1" } }`."""
    return "cites { " + " ".join(
        f"new {{ source = {pkl_string(c['source'])}"
        + (f" quote = {pkl_string(c['quote'])}" if c["quote"] else "") + " }" for c in cites) + " }"


def pkl_figure(f):
    by = f" by = {f['by']}" if f.get("by") else ""
    verb = f" verb = {pkl_string(f['verb'])}" if f.get("verb") else ""
    return (f"{verb} cmp = {pkl_string(f['cmp'])} value = {pkl_value(f['value'])} "
            f"decimals = {f['decimals']} unit = {pkl_string(f['unit'])}{by}")


def pkl_list(names):
    return "{ " + " ".join(pkl_string(i) for i in names) + " }"


def pkl_targets(ts, indent):
    out = []
    for t in ts:
        clauses = " ".join(f"new {{{pkl_figure(c)} }}" for c in t["clauses"])
        out.append(f"{indent}new {{ name = {pkl_string(t['name'])} metric = {pkl_string(t['metric'])}\n"
                   f"{indent}  clauses {{ {clauses} }}\n"
                   f"{indent}  {pkl_cites(t['cites'])} }}\n")
    return "".join(out)


def write_pkl(d, path, schema_path):
    out = [f"// {d['name']}: generated by bench/corpus/generate.py (benchmark corpus)\n",
           f'amends "{schema_path}"\n\n',
           f"name = {pkl_string(d['name'])}\n", f"title = {pkl_string(d['title'])}\n",
           f"original = {pkl_string(d['original'])}\n",
           f"issuer {pkl_list(d['issuer'])}\n",
           f"issuer_{pkl_cites(d['issuer_cites'])}\n",
           f"period {{ first = {d['period'][0]} last = {d['period'][1]} }}\n",
           f"series = {pkl_string(d['series'])}\n", f"sector = {pkl_string(d['sector'])}\n",
           "sources {\n"]
    for s in d["sources"]:
        desc = f" description = {pkl_string(s['description'])}" if s["description"] else ""
        out.append(f"  new {{ id = {pkl_string(s['id'])} url = {pkl_string(s['url'])}{desc} }}\n")
    out.append("}\nscopes {\n")
    for s in d["scopes"]:
        of = f" of = {s['of']}" if s["of"] is not None else ""
        out.append(f"  new {{ name = {pkl_string(s['name'])}{of} items {pkl_list(s['items'])} "
                   f"{pkl_cites(s['cites'])} }}\n")
    out.append("}\nbaselines {\n")
    for b in d["baselines"]:
        out.append(f"  new {{ metric = {pkl_string(b['metric'])} year = {b['year']}{pkl_figure(b)} "
                   f"{pkl_cites(b['cites'])} }}\n")
    out.append("}\ntargets {\n")
    out.append(pkl_targets(d["targets"], "  "))
    out.append("}\nfocuses {\n")
    for fo in d["focuses"]:
        notes = " ".join(f"new {{ text = {pkl_string(n['text'])} {pkl_cites(n['cites'])} }}" for n in fo["notes"])
        out.append(f"  new {{ name = {pkl_string(fo['name'])} label = {pkl_string(fo['label'])}\n"
                   "    targets {\n" + pkl_targets(fo["targets"], "      ") + "    }\n"
                   f"    initiatives {pkl_list(fo['initiatives'])}\n"
                   f"    drivers {pkl_list(fo['drivers'])}\n"
                   f"    notes {{ {notes} }}\n"
                   f"    {pkl_cites(fo['cites'])}\n  }}\n")
    out.append("}\nnotes {\n")
    for n in d["notes"]:
        out.append(f"  new {{ text = {pkl_string(n['text'])} {pkl_cites(n['cites'])} }}\n")
    out.append("}\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def summary_text(plans, targets, counts):
    """The summary every peer prints: plans, targets, findings, then one line per check id
    (count descending, then id), as bench/README.md describes."""
    lines = [f"plans {plans}", f"targets {targets}", f"findings {sum(counts.values())}"]
    for cid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{n} {cid}")
    return "\n".join(lines) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="the folder to write (replaced)")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--plans", type=int, default=None, help="plans in series of 300 (default 300)")
    group.add_argument("--targets", type=int, default=None, help="one plan of this many targets")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--forms", default="ingot,json,lua,pkl", help="which forms to write")
    args = ap.parse_args(argv)
    forms = set(args.forms.split(","))
    if args.plans is not None and args.plans < 1 or args.targets is not None and args.targets < 5:
        ap.error("--plans must be at least 1, --targets at least 5")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    gen = Gen(args.seed)
    n_plans = 1 if args.targets is not None else (args.plans or 300)

    for form in forms:
        os.makedirs(os.path.join(args.out, form), exist_ok=True)
    kpis = [f"kpi_{k:05d}" for k in range(args.targets or 0)]
    if "ingot" in forms:
        os.makedirs(os.path.join(args.out, "ingot", "rules"), exist_ok=True)
        decls = [f'metric {m:<20} {json.dumps(desc, ensure_ascii=False)} unit {unit}'
                 for m, (unit, _, desc) in BENCH_METRICS.items()]
        decls += [f'metric {m} "indicator {m}" unit CNY' for m in kpis]
        with open(os.path.join(args.out, "ingot", "rules", "bench.rules"), "w", encoding="utf-8") as f:
            f.write(RULEBOOK.format(metrics="\n".join(decls)))
        with open(os.path.join(args.out, "ingot", "ingot.toml"), "w", encoding="utf-8") as f:
            f.write("# The benchmark corpus: one project; `~` widens by 10 % (the default, said here so\n"
                    "# the peers' reading is pinned).\nabout = 10\n")
    metrics = {m: {"unit": u, "dimension": d} for m, (u, d) in PRELUDE_METRICS.items()}
    metrics.update({m: {"unit": u, "dimension": d} for m, (u, d, _) in BENCH_METRICS.items()})
    metrics.update({m: {"unit": "CNY", "dimension": "money_cny"} for m in kpis})
    units = {u: {"dimension": d, "scale": s} for u, (d, s) in UNITS.items()}
    rulebook = {"metrics": metrics, "units": units, "about": 10}
    if "json" in forms:
        with open(os.path.join(args.out, "json", "bench.json"), "w", encoding="utf-8") as f:
            json.dump(rulebook, f, ensure_ascii=False, indent=1)
    if "lua" in forms:
        with open(os.path.join(args.out, "lua", "bench.lua"), "w", encoding="utf-8") as f:
            f.write("-- the rulebook's metrics and the units of the corpus\nreturn " + lua_value(rulebook) + "\n")
    if "pkl" in forms:
        shutil.copy(os.path.join(PEERS, "Plan.pkl"), os.path.join(args.out, "pkl", "Plan.pkl"))
        shutil.copy(os.path.join(PEERS, "check.pkl"), os.path.join(args.out, "pkl", "check.pkl"))
        with open(os.path.join(args.out, "pkl", "Bench.pkl"), "w", encoding="utf-8") as f:
            f.write("// The rulebook's metrics and the units of the corpus (generated).\n"
                    "class Metric { unit: String(!isEmpty); dimension: String(!isEmpty) }\n"
                    "class Unit { dimension: String(!isEmpty); scale: Float(this > 0) }\n"
                    "metrics: Mapping<String, Metric> = new {\n")
            for m, v in metrics.items():
                f.write(f'  ["{m}"] = new {{ unit = {pkl_string(v["unit"])} dimension = {pkl_string(v["dimension"])} }}\n')
            f.write("}\nunits: Mapping<String, Unit> = new {\n")
            for u, v in units.items():
                f.write(f'  [{pkl_string(u)}] = new {{ dimension = {pkl_string(v["dimension"])} scale = {pkl_value(float(v["scale"]))} }}\n')
            f.write("}\nabout: Int(isBetween(0, 100)) = 10\n")

    total_targets = 0
    counts = {}
    lua_index = []
    series_va = {}
    for i in range(n_plans):
        s = i // SERIES_SIZE
        series = f"bench_s{s:03d}"
        name = f"p{i:06d}" if args.targets is None else f"big_{args.targets}"
        plan, planted = gen.plan(name, series, i, args.targets)
        n_t = len(plan["targets"]) + sum(len(fo["targets"]) for fo in plan["focuses"])
        total_targets += n_t
        for k, v in planted.items():
            counts[k] = counts.get(k, 0) + v
        # the rules' findings, from the generator's own figures (what it drew to fire or not)
        all_t = plan["targets"] + [t for fo in plan["focuses"] for t in fo["targets"]]
        has_va = any(t["metric"] == "value_added" for t in all_t)
        series_va.setdefault(series, []).append(has_va)
        g_out = expected_growth(plan, all_t, "output")
        g_va = expected_growth(plan, all_t, "value_added")
        if g_out is not None and g_out < 0.005:
            counts["output_stall"] = counts.get("output_stall", 0) + 1
        if g_out is not None and g_va is not None and (1 + g_va) / (1 + g_out) - 1 < 0:
            counts["unit_value_falls"] = counts.get("unit_value_falls", 0) + 1
        sub = f"s{s:03d}"
        for form in forms:
            os.makedirs(os.path.join(args.out, form, sub), exist_ok=True)
        if "ingot" in forms:
            write_ingot(plan, os.path.join(args.out, "ingot", sub, name + ".plan"), "../rules/bench.rules")
        d = data_form(plan)
        if "json" in forms:
            with open(os.path.join(args.out, "json", sub, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False)
        if "lua" in forms:
            with open(os.path.join(args.out, "lua", sub, name + ".lua"), "w", encoding="utf-8") as f:
                f.write("return " + lua_value(d) + "\n")
            lua_index.append(f"{sub}/{name}.lua")
        if "pkl" in forms:
            write_pkl(d, os.path.join(args.out, "pkl", sub, name + ".pkl"), "../Plan.pkl")
    for flags in series_va.values():
        missing = flags.count(False)
        if missing:
            counts["series_value_added"] = counts.get("series_value_added", 0) + missing
    if "lua" in forms:
        with open(os.path.join(args.out, "lua", "index.lua"), "w", encoding="utf-8") as f:
            f.write("return {\n" + "".join(f'  "{p}",\n' for p in lua_index) + "}\n")
    with open(os.path.join(args.out, "expected.txt"), "w", encoding="utf-8") as f:
        f.write(summary_text(n_plans, total_targets, counts))
    return 0


def expected_growth(plan, targets, metric):
    """The nominal yearly growth the generator drew for METRIC, as a fraction, or None."""
    n = plan["period"][1] - (plan["period"][0] - 1)
    for t in targets:
        if t["metric"] != metric:
            continue
        c = t["clauses"][0]
        if c["unit"] == "%/yr":
            return (c["value"] if c["verb"] == "grows" else -c["value"]) / 100
        if c["unit"] == "%":
            return (1 + c["value"] / 100) ** (1 / n) - 1
        if c["verb"] == "reaches":
            for b in plan["baselines"]:
                if b["metric"] == metric:
                    return (c["value"] / b["value"]) ** (1 / n) - 1
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

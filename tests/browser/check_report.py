#!/usr/bin/env python3
"""The HTML report in a real browser: headless Chromium renders `ingot report` of the three
shipped 2025 plans, and this script checks what it shows.

    check_report.py INGOT SOURCE_DIR WORK_DIR [SCREENSHOT_COPY [HEIGHT]]

- The page loads with nothing refused: Chromium's log has no "Refused to" (the page's
  Content-Security-Policy blocked something it needs) and no "Uncaught" (a script error; the
  page has no script at all).
- The DOM as Chromium parsed it: one bar (`<rect class="bar">`) per rate that `ingot compare
  --format json` gives a value for, one value label per rate it draws (a value, or a range with
  a finite end), one path chart per series a compared plan gives a level baseline for and knows
  two years of (from `ingot export --derived --format json`), and every chart an image
  (`role="img"`) with a <title> and a <desc>.
- The screenshot (1280 px wide) is not blank: many distinct colours, and the plans' colours
  (Okabe-Ito blue, orange, green) drawn in area.

Python's standard library only: the PNG is decoded here (zlib and the five PNG row filters).
The screenshot is copied to SCREENSHOT_COPY when given, cut to its top HEIGHT pixels when given
(docs/report.png is made so: `... docs/report.png 1830`).

Exit 0 on success, 1 on a failed check, 77 (skipped) when Chromium is not installed.
"""

import glob
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77
PLANS = "plans/*-2025.plan"  # as docs/compare.md and README.md show the command


def fail(message):
    print(f"check_report: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(args, cwd, timeout=120):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return result


# ---- what the page should hold, from ingot's own JSON -------------------------------------------


def expected_rates(ingot, source, files):
    r = run([ingot, "compare", "--format", "json", *files], source)
    if r.returncode != 0:
        fail(f"ingot compare --format json: exit {r.returncode}\n{r.stderr}")
    doc = json.loads(r.stdout)
    bars = 0
    drawn = 0
    for row in doc["rows"]:
        for cell in row["cells"]:
            rate = cell and cell.get("annual_rate")
            if not rate:
                continue
            if rate["nominal"] is not None:
                bars += 1
                drawn += 1
            elif rate["low"] is not None or rate["high"] is not None:
                drawn += 1
    return bars, drawn, [row["metric"] for row in doc["rows"]]


def expected_paths(ingot, source, files, metrics):
    """The series of the compared plans with a level baseline and at least two years of levels
    that something is known of."""
    r = run([ingot, "export", "--derived", "--format", "json", *files], source)
    if r.returncode != 0:
        fail(f"ingot export --derived --format json: exit {r.returncode}\n{r.stderr}")
    rows = json.loads(r.stdout)
    rows = rows["figures"]
    with_baseline = set()
    known_years = {}
    for row in rows:
        if row["metric"] not in metrics or row["quantity"] != "level":
            continue
        series = row["series"]
        scope = series[series.find("("):] if "(" in series else ""
        key = (row["plan"], row["metric"], scope)
        if row["kind"] == "baseline":
            with_baseline.add(key)
        elif row["kind"] == "derived" and (row["low"] is not None or row["high"] is not None):
            known_years.setdefault(key, set()).add(row["year"])
    return sum(1 for key in with_baseline if len(known_years.get(key, ())) >= 2)


# ---- the DOM ------------------------------------------------------------------------------------


class Dom(html.parser.HTMLParser):
    """Counts what the checks need; Chromium's --dump-dom output is well-formed HTML."""

    def __init__(self):
        super().__init__()
        self.bars = 0
        self.value_labels = 0
        self.charts = []  # [class, role, has title, has desc]
        self.path_charts = 0
        self.scripts = 0
        self.in_svg = None
        self.parent = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "svg" and "chart" in classes:
            self.in_svg = [a.get("class"), a.get("role"), False, False]
            self.charts.append(self.in_svg)
            if "path" in classes:
                self.path_charts += 1
        if tag == "rect" and "bar" in classes:
            self.bars += 1
        if tag == "text" and "value-label" in classes:
            self.value_labels += 1
        if self.in_svg is not None and tag in ("title", "desc") and self.parent == ["svg"]:
            self.in_svg[2 if tag == "title" else 3] = True
        if self.in_svg is not None:
            self.parent.append(tag)

    def handle_endtag(self, tag):
        if self.in_svg is None:
            return
        if self.parent:
            self.parent.pop()
        if tag == "svg" and not self.parent:
            self.in_svg = None


# ---- the screenshot -----------------------------------------------------------------------------


def decode_png(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("the screenshot is not a PNG")
    at = 8
    idat = b""
    width = height = color_type = None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind = data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color_type not in (2, 6) or interlace != 0:
                fail(f"unexpected PNG format: depth {depth}, colour type {color_type}")
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    at = 0
    for _ in range(height):
        kind = raw[at]
        line = bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
            elif kind != 0:
                fail(f"unknown PNG filter {kind}")
        rows.append(bytes(line))
        previous = line
    pixels = [[tuple(r[i:i + 3]) for i in range(0, stride, channels)] for r in rows]
    return width, height, pixels


def encode_png(width, pixels):
    """An 8-bit RGB PNG of `pixels` (rows of (r, g, b)), rows unfiltered, zlib at level 9."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    raw = b"".join(b"\0" + bytes(v for p in row for v in p) for row in pixels)
    header = struct.pack(">IIBBBBB", width, len(pixels), 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def check_screenshot(path):
    with open(path, "rb") as f:
        width, height, pixels = decode_png(f.read())
    if width != 1280:
        fail(f"the screenshot is {width} px wide, not 1280")
    colours = {}
    non_white = 0
    for row in pixels:
        for p in row:
            colours[p] = colours.get(p, 0) + 1
            if p != (255, 255, 255):
                non_white += 1
    print(f"check_report: screenshot {width}x{height}: {len(colours)} distinct colours, "
          f"{non_white / (width * height):.1%} not white")
    if len(colours) < 64:
        fail(f"the screenshot has only {len(colours)} distinct colours: is it blank?")
    if non_white < width * height // 50:
        fail("the screenshot is nearly all white")

    # The plans' own colours, drawn in area: the charts rendered (antialiasing aside, a bar's
    # fill is its exact colour).
    def near(p, q):
        return all(abs(a - b) <= 6 for a, b in zip(p, q))

    for name, rgb in (("blue", (0x00, 0x72, 0xB2)), ("orange", (0xE6, 0x9F, 0x00)),
                      ("bluish green", (0x00, 0x9E, 0x73))):
        n = sum(count for p, count in colours.items() if near(p, rgb))
        print(f"check_report: {n} pixels of Okabe-Ito {name}")
        if n < 200:
            fail(f"hardly any pixels of the plans' {name}: the bar chart did not render")
    return width, pixels


def main():
    if len(sys.argv) not in (4, 5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    ingot, source, work = (os.path.abspath(a) for a in sys.argv[1:4])
    chromium = find_chromium()
    if chromium is None:
        print("check_report: chromium not found; skipped (./dev test installs it)")
        return SKIP
    os.makedirs(work, exist_ok=True)
    files = sorted(os.path.relpath(p, source) for p in glob.glob(os.path.join(source, PLANS)))
    if len(files) != 3:
        fail(f"expected the three 2025 plans, found {files}")
    page = os.path.join(work, "report.html")
    r = run([ingot, "report", *files, "-o", page], source)
    if r.returncode != 0:
        fail(f"ingot report: exit {r.returncode}\n{r.stderr}")

    bars, drawn, metrics = expected_rates(ingot, source, files)
    paths = expected_paths(ingot, source, files, set(metrics))

    # A profile of its own, so that the run neither reads nor leaves a user's browser state.
    browser = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--no-default-browser-check", "--disable-extensions",
               f"--user-data-dir={os.path.join(work, 'profile')}",
               "--enable-logging=stderr", "--v=0"]
    url = "file://" + page
    r = run([*browser, "--dump-dom", url], work)
    if r.returncode != 0 or "<html" not in r.stdout:
        fail(f"chromium --dump-dom: exit {r.returncode}\n{r.stderr[-2000:]}")
    log = r.stderr
    dom = Dom()
    dom.feed(r.stdout)

    shot = os.path.join(work, "report.png")
    if os.path.exists(shot):
        os.remove(shot)
    r = run([*browser, f"--screenshot={shot}", "--window-size=1280,2400",
             "--hide-scrollbars", url], work)
    if r.returncode != 0 or not os.path.exists(shot):
        fail(f"chromium --screenshot: exit {r.returncode}\n{r.stderr[-2000:]}")
    log += r.stderr

    for bad in ("Refused to", "Uncaught"):
        lines = [line for line in log.splitlines() if bad in line]
        if lines:
            fail(f"chromium's log says `{bad}`:\n" + "\n".join(lines))
    print(f"check_report: {dom.bars} bars (expected {bars}), {dom.value_labels} value labels "
          f"(expected {drawn}), {dom.path_charts} path charts (expected {paths}), "
          f"{len(dom.charts)} charts")
    if dom.scripts:
        fail(f"the page has {dom.scripts} <script> elements")
    if bars == 0 or dom.bars != bars:
        fail(f"{dom.bars} bars, but ingot compare gives {bars} rates with a value")
    if dom.value_labels != drawn:
        fail(f"{dom.value_labels} value labels, but ingot compare gives {drawn} rates to draw")
    if paths == 0 or dom.path_charts != paths:
        fail(f"{dom.path_charts} path charts, expected {paths}")
    if len(dom.charts) != 1 + paths:
        fail(f"{len(dom.charts)} charts, expected the bar chart and {paths} path charts")
    for cls, role, title, desc in dom.charts:
        if role != "img" or not title or not desc:
            fail(f"a chart ({cls}) lacks role=img, a <title> or a <desc>")

    width, pixels = check_screenshot(shot)
    if len(sys.argv) >= 5:
        if len(sys.argv) == 6:
            with open(sys.argv[4], "wb") as f:
                f.write(encode_png(width, pixels[:int(sys.argv[5])]))
        else:
            shutil.copyfile(shot, sys.argv[4])
        print(f"check_report: screenshot copied to {sys.argv[4]}")
    print("check_report: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

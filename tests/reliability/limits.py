#!/usr/bin/python3
"""Library limits, long texts and hostile templates: each case either builds (exit 0, a PDF that
passes qpdf --check whose text holds what it should, every xlsx part well-formed XML) or fails
with a clear message at the right position (exit 1 or 3), leaving nothing in the output folder
and no temporary file.  Usage: limits.py KPIREPORT SRC [CASE...]"""
import os, re, shutil, subprocess, sys, tempfile, zipfile
import xml.dom.minidom

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from outputs import output_names  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
ONLY = set(sys.argv[3:])
work = tempfile.mkdtemp(prefix="kr-limits-")
env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TMPDIR=work, SOURCE_DATE_EPOCH="1499040000")
from checks import check, finish  # tests/reliability/checks.py


def handout(projects, head="", template="./t.yaml"):
    tl = f"template: {template}\n" if template else ""
    return f"version: 1\n{tl}title: 施策の評価\nfiscal_year: 2016\n{head}projects:\n{projects}"


def project(name="事業", overview=None, extra=""):
    s = f"  - name: {name}\n    cost: 1000\n    grant: 500\n{extra}"
    if overview:
        s += "    overview:\n" + "".join(f"      - {o}\n" for o in overview)
    return s


SEED_TEMPLATE = open(os.path.join(SRC, "templates", "kodaira-kpi.yaml"), encoding="utf-8").read()


def run(name, doc, template=None, want_rc=0, want=(), text=(), cmd="build"):
    """Builds (or validates) doc; checks the exit status, the messages (regexes) and the files."""
    if ONLY and name not in ONLY:
        return None
    d = os.path.join(work, name)
    out = os.path.join(d, "out")
    os.makedirs(out)
    src = os.path.join(d, "h.yaml")
    with open(src, "w", encoding="utf-8", newline="") as f:
        f.write(doc)
    if template is not None:
        with open(os.path.join(d, "t.yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(template)
    args = [BIN, cmd, "-o", out, src] if cmd == "build" else [BIN, cmd, src]
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    check(r.returncode == want_rc, f"{name}: exit {r.returncode}, want {want_rc}: {r.stderr[-600:]}")
    check("Segmentation" not in r.stderr and r.returncode >= 0, f"{name}: crashed")
    for w in want:
        check(re.search(w, r.stderr), f"{name}: no message matching {w!r} in: {r.stderr[-600:]}")
    left = sorted(os.listdir(out))
    if cmd == "build" and want_rc == 0:
        check(left == output_names(BIN, "h"), f"{name}: outputs {left}")
        pdf = os.path.join(out, "h.pdf")
        q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        check(q.returncode == 0, f"{name}: qpdf --check: {q.stdout[-300:]}")
        t = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
        flat = re.sub(r"\s", "", t)
        for s in text:
            check(s in flat, f"{name}: {s!r} missing from the PDF text")
        check_xlsx(name, os.path.join(out, "h.xlsx"))
    elif cmd == "build":
        check(left == [], f"{name}: a failed build left {left}")
    tmp = [n for n in os.listdir(work) if not os.path.isdir(os.path.join(work, n))]
    check(not tmp, f"{name}: temporary files in TMPDIR: {tmp}")
    return r


def check_xlsx(name, path):
    """Every XML part of the workbook is well-formed UTF-8 XML."""
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            if not (part.endswith(".xml") or part.endswith(".rels")):
                continue
            data = z.read(part)
            try:
                data.decode("utf-8")
                xml.dom.minidom.parseString(data)
            except Exception as e:  # noqa: BLE001 - any parse error is the finding
                check(False, f"{name}: {part} is not well-formed UTF-8 XML: {e}")
                return
    check(True, name)


# --- 2. the page limit of libharu (32,767 pages): refused, not a crash ----------------------
TALL = """version: 1
page: {size: A4, orientation: portrait, margins: {top: 100, bottom: 100, left: 10, right: 10}}
font: {title: 8, meeting: 4, header: 4, body: 48, small: 4, footer: 4, line_gap: 1}
columns:
  - {field: name, width: 1}
  - {field: overview, width: 3}
"""
many = "".join(project(f"事業{i}", ["あ"] * 20) for i in range(4300))
run("pages-exact", handout(many), TALL, 3,
    [r"h\.yaml: error: the PDF would have \d\d\d\d\d pages, and a PDF holds at most 32767"])
many = "".join(project(f"事業{i}", ["あ"] * 20) for i in range(6000))
run("pages-estimate", handout(many), TALL, 3,
    [r"h\.yaml: error: the PDF would have at least \d+ pages, and a PDF holds at most 32767"])

# --- 3. texts outside the table: bounded in validation, and what fits is drawn on the page -----
run("title-1600", handout(project(), template=None).replace("施策の評価", "題" * 1600), None, 1,
    [r"h\.yaml:2:8: error: this text has 1600 characters; the limit here is 200"], cmd="validate")
head = "meeting:\n  committee: " + "委" * 100 + "\n  material: " + "資" * 20 + "\n  session: 3\n  date: 2017-07-03\n"
run("meeting-at-limits", handout(project("上限の事業"), head, template=None).replace("施策の評価", "題" * 200),
    None, 0, text=["題" * 200, "委" * 100, "上限の事業"])
big = SEED_TEMPLATE.replace("title: 12.5", "title: 48").replace("meeting: 8.5", "meeting: 48")
run("title-too-tall", handout(project(), template="./t.yaml").replace("施策の評価", "題" * 200), big, 3,
    [r"h\.yaml:3:8: error: the title block is \d+ pt tall"])
run("header-too-tall", handout(project()), SEED_TEMPLATE.replace("header: 7.5", "header: 48")
    .replace("label: 事業の概要", "label: " + "概" * 100), 3,
    [r"t\.yaml:\d+:\d+: error: the header row is \d+ pt tall"])
run("sizes-max-gap", handout(project("最大の事業", ["あ" * 300])),
    SEED_TEMPLATE.replace("line_gap: 0.32", "line_gap: 2").replace("body: 7", "body: 24")
    .replace("small: 6", "small: 24"), 0, text=["最大の事業"])

# --- 4. a long name is not repeated whole on every page: near-linear growth ------------------
def name_time(n):
    import time
    best = None
    d = os.path.join(work, f"name-{n}")
    os.makedirs(d)
    with open(os.path.join(d, "h.yaml"), "w", encoding="utf-8") as f:
        f.write(handout(project("名" * n), template=None))
    for _ in range(3):
        t0 = time.monotonic()
        r = subprocess.run([BIN, "build", "-o", d, os.path.join(d, "h.yaml")], env=env,
                           capture_output=True, timeout=600)
        dt = time.monotonic() - t0
        check(r.returncode == 0, f"name of {n} characters: exit {r.returncode}")
        best = dt if best is None else min(best, dt)
    shutil.rmtree(d, ignore_errors=True)
    return best


if not ONLY or "name-growth" in ONLY:
    small, large = name_time(3200), name_time(32000)
    check(large <= 20 * max(small, 0.05),
          f"growth: a name of 3,200 characters {small:.2f}s, of 32,000 {large:.2f}s")

FOOTER_LINE = SEED_TEMPLATE.splitlines().index('footer: "{page} / {pages}"') + 1
run("footer-too-tall", handout(project()), SEED_TEMPLATE.replace("footer: 7", "footer: 48"), 3,
    [r"t\.yaml:%d:9: error: the footer does not fit in the bottom margin of 31 pt" % FOOTER_LINE])
run("footer-wraps", handout(project()), SEED_TEMPLATE.replace("footer: 7", "footer: 30").replace(
    'footer: "{page} / {pages}"', "footer: " + "脚" * 60 + "{page}"), 3,
    [r"t\.yaml:\d+:9: error: the footer does not fit in the bottom margin"])

# --- 5. lengths cut at whole characters; limits of the workbook found by validate ---------------
run("footer-121", handout(project()), SEED_TEMPLATE.replace('footer: "{page} / {pages}"', "footer: " + "あ" * 121), 1,
    [r"t\.yaml:\d+:\d+: error: this text has 121 characters; the limit here is 100"], cmd="validate")
run("footer-100", handout(project("脚注の事業")), SEED_TEMPLATE.replace('footer: "{page} / {pages}"', "footer: " + "あ" * 94 + "{page}"), 0,
    text=["脚注の事業"])
run("xlsx-font-50", handout(project()), SEED_TEMPLATE.replace("  font: IPAexGothic", "  font: " + "あ" * 50), 1,
    [r"t\.yaml:\d+:\d+: error: a spreadsheet font name has at most 31 characters"], cmd="validate")
run("cell-32768", handout(project("長", ["あ" * 20000, "い" * 12766]), template=None), None, 1,
    [r"h\.yaml:\d+:7: error: these texts have 32769 characters together"], cmd="validate")

run("subproject-name", handout("  - name: 親\n    subprojects:\n      - name: " + "子" * 32767 +
                               "\n        cost: 1000\n", template=None), None, 1,
    [r"h\.yaml:\d+:\d+: error: the name has 32767 characters, and with its number"], cmd="validate")
kpis = "    kpis:\n" + "".join(f"      - name: {'指' * 20000}\n        unit: 件\n        target: {i + 1}\n"
                           for i in range(2))
run("kpi-cell", handout(project("指標の事業", extra=kpis), template=None), None, 1,
    [r"h\.yaml:\d+:\d+: error: the KPIs of this project have about \d+ characters together"],
    cmd="validate")

# --- 6. templates that validated but failed while rendering -----------------------------------
run("one-column", handout(project("一列の事業")), "version: 1\ncolumns:\n  - {field: name}\n", 0,
    text=["一列の事業"])
run("widths-300-1", handout(project()), "version: 1\ncolumns:\n  - {field: name, width: 300}\n"
    "  - {field: cost, width: 1}\n", 1,
    [r"t\.yaml:4:26: error: this column would be [\d.]+ mm wide, too narrow for one character"],
    cmd="validate")
run("session-label", handout(project("回の事業"), "meeting:\n  session: 2\n"),
    SEED_TEMPLATE.replace("labels:\n", "labels:\n  session: 第{n}回" + "あ" * 60 + "\n"), 0,
    text=["第2回" + "あ" * 60])
for label, sheets, msg in [
        ("sheet-chars", "projects: 'a[1]'", r"a sheet name cannot contain any of"),
        ("sheet-long", "kpis: " + "K" * 32, r"a sheet name has 1 to 31 characters; 'K+' has 32"),
        ("sheet-apostrophe", "info: \"'情報\"", r"a sheet name cannot start or end with an apostrophe"),
        ("sheet-duplicate", "projects: Data\n    kpis: DATA", r"two sheets would be named 'DATA'")]:
    run(label, handout(project()), SEED_TEMPLATE.replace(
        "  sheets: {projects: 事業一覧, kpis: KPI, info: 基本情報, chart: 達成率グラフ}",
        "  sheets:\n    " + sheets), 1,
        [r"t\.yaml:\d+:\d+: error: " + msg], cmd="validate")
run("font-without-japanese", handout(project("事業")), SEED_TEMPLATE.replace(
    "family: IPAexGothic", "family: DejaVu Sans"), 3,
    [r"t\.yaml:12:11: error: the font 'DejaVu Sans' has no Japanese characters"])
run("columns-10000", handout(project()), "version: 1\ncolumns:\n" +
    "  - {field: cost}\n" * 10000, 1,
    [r"t\.yaml:67:5: error: a table has at most 64 columns; this one has 10000"], cmd="validate")

# --- 8. libxlsxwriter's own stderr lines become diagnostics; destinations found before writing ---
seed_t = SEED_TEMPLATE.replace("kpis: KPI,", 'kpis: "A!B",')
KPI = "    kpis:\n      - name: 件数\n        unit: 件\n        target: 10\n        actual: 5\n"
r = run("library-warning-sheet", handout(project("警告の事業", extra=KPI)), seed_t, 0,
        [r"out/h\.xlsx: warning: the workbook library reports: workbook_add_chart\(\): worksheet "
         r"name 'A' in chart formula"], text=["警告の事業"])
if r is not None:
    check("[WARNING]" not in r.stderr, "a raw [WARNING] line reached stderr")

# A label starting with '=' is text in the chart, never a formula (before: <c:f>A1</c:f>).
r = run("label-formula", handout(project("式の事業", extra=KPI)),
        SEED_TEMPLATE.replace("labels:\n", 'labels:\n  met: "=A1"\n'), 0, text=["式の事業"])
if r is not None:
    with zipfile.ZipFile(os.path.join(work, "label-formula", "out", "h.xlsx")) as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    check("<c:f>A1</c:f>" not in chart and "<c:v>=A1</c:v>" in chart,
          "label-formula: the chart reads the label as a formula")


def build_into(name, stem, prepare, ext=".yaml"):
    """Builds a one-project handout named stem.yaml into a folder prepare() set up first."""
    d = os.path.join(work, name)
    out = os.path.join(d, "out")
    os.makedirs(out)
    src = os.path.join(d, stem + ext)
    with open(src, "w", encoding="utf-8") as f:
        f.write(handout(project("行き先の事業"), template=None))
    prepare(out)
    before = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)
              if os.path.isfile(os.path.join(out, n))}
    r = subprocess.run([BIN, "build", "-o", out, src], capture_output=True, text=True, env=env)
    after = {n: open(os.path.join(out, n), "rb").read() for n in os.listdir(out)
             if os.path.isfile(os.path.join(out, n))}
    return r, out, before, after


if not ONLY or "dest-folder" in ONLY:
    def folder_and_old_pdf(out):
        os.mkdir(os.path.join(out, "h.xlsx"))
        with open(os.path.join(out, "h.pdf"), "wb") as f:
            f.write(b"%PDF-old")
    r, out, before, after = build_into("dest-folder", "h", folder_and_old_pdf)
    check(r.returncode == 3, f"dest-folder: exit {r.returncode}")
    check(re.search(r"out/h\.xlsx: error: a folder has this name", r.stderr), f"dest-folder: {r.stderr}")
    check(before == after and sorted(os.listdir(out)) == ["h.pdf", "h.xlsx"],
          f"dest-folder: the PDF was replaced or files were left: {sorted(os.listdir(out))}")
if not ONLY or "name-250" in ONLY:
    stem = "a" * 250
    r, out, before, after = build_into("name-250", stem, lambda out: None)
    check(r.returncode == 0 and sorted(after) == output_names(BIN, stem),
          f"name-250: exit {r.returncode}, {sorted(after)}: {r.stderr[-300:]}")
    stem = "b" * 251
    r, out, before, after = build_into("name-251", stem, lambda out: None, ".yml")
    check(r.returncode == 3 and "a folder holds names of at most 255 bytes" in r.stderr and not after,
          f"name-251: exit {r.returncode}: {r.stderr[-300:]}")

shutil.rmtree(work, ignore_errors=True)
finish()

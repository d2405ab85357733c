#!/usr/bin/python3
"""Library limits, long texts and hostile templates: each case either builds (exit 0, a PDF that
passes qpdf --check whose text holds what it should, every xlsx part well-formed XML) or fails
with a clear message at the right position (exit 1 or 3), leaving nothing in the output folder
and no temporary file.  Usage: limits.py KPIREPORT SRC [CASE...]"""
import os, re, shutil, subprocess, sys, tempfile, zipfile
import xml.dom.minidom

BIN, SRC = sys.argv[1], sys.argv[2]
ONLY = set(sys.argv[3:])
work = tempfile.mkdtemp(prefix="kr-limits-")
env = dict(os.environ, LC_ALL="C", TMPDIR=work, SOURCE_DATE_EPOCH="1499040000")
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


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
        check(left == ["h.pdf", "h.xlsx"], f"{name}: outputs {left}")
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
font: {title: 48, meeting: 48, header: 4, body: 48, small: 48, footer: 4, line_gap: 2}
columns:
  - {field: name, width: 1}
  - {field: overview, width: 3}
"""
many = "".join(project(f"事業{i}", ["あ"] * 20) for i in range(2000))
run("pages-exact", handout(many), TALL, 3,
    [r"h\.yaml: error: the PDF would have \d\d\d\d\d pages, and a PDF holds at most 32767"])
many = "".join(project(f"事業{i}", ["あ"] * 20) for i in range(4000))
run("pages-estimate", handout(many), TALL, 3,
    [r"h\.yaml: error: the PDF would have at least \d+ pages, and a PDF holds at most 32767"])

shutil.rmtree(work, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

"""Shared helpers of the xlsx tests: build workbooks with kpireport, run LibreOffice headless with a
throwaway profile that recalculates every formula on load, read its csv exports, and collect the
texts of an input file.  Run under Debian's /usr/bin/python3 (openpyxl, PyYAML)."""

import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = os.path.join(ROOT, "input", "kodaira-h28-shiryo1.yaml")
INJECTION = os.path.join(HERE, "injection.yaml")
EPOCH = "1499000000"  # 2017-07-02T12:53:20Z

# LibreOffice does not recalculate an xlsx on load unless told to: this profile setting forces it.
RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

# UTF-8, every sheet, raw values (not as shown) so that numbers compare exactly.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def build(kr_bin, inputs, outdir, epoch=EPOCH):
    """kpireport build -o outdir inputs...; returns {stem: xlsx path}."""
    os.makedirs(outdir, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    r = subprocess.run([kr_bin, "build", "-o", outdir] + list(inputs), env=env,
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "kpireport build failed (%d):\n%s" % (r.returncode, r.stderr))
    out = {}
    for i in inputs:
        stem = os.path.splitext(os.path.basename(i))[0]
        path = os.path.join(outdir, stem + ".xlsx")
        check(os.path.isfile(path), "no workbook written for " + i)
        out[stem] = path
    return out


def soffice(files, convert_to, outdir, recalc=True):
    """Converts files with LibreOffice headless in one process (it costs ~1.2 s a call)."""
    check(shutil.which("soffice"), "LibreOffice (soffice) is not installed")
    profile = tempfile.mkdtemp(prefix="kr-lo-")
    try:
        if recalc:
            os.makedirs(os.path.join(profile, "user"))
            with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
                f.write(RECALC_XCU)
        os.makedirs(outdir, exist_ok=True)
        r = subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                            "--convert-to", convert_to, "--outdir", outdir] + list(files),
                           capture_output=True, text=True, timeout=180)
        check(r.returncode == 0, "soffice failed:\n" + r.stdout + r.stderr)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def csv_sheets(outdir, stem):
    """{sheet name: rows} of the csv files LibreOffice wrote for one workbook."""
    sheets = {}
    for path in glob.glob(os.path.join(outdir, glob.escape(stem) + "-*.csv")):
        name = os.path.basename(path)[len(stem) + 1:-4]
        with open(path, newline="", encoding="utf-8") as f:
            sheets[name] = list(csv.reader(f))
    check(sheets, "LibreOffice wrote no csv for " + stem)
    return sheets


def csv_cell(rows, r, c):
    """Cell at 1-based row r, column c of a csv export ('' outside)."""
    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
        return rows[r - 1][c - 1]
    return ""


def csv_number(s):
    """A raw csv value as a number ('174.2%' -> 1.742), or None for text and blanks."""
    s = s.strip()
    try:
        if s.endswith("%"):
            return float(s[:-1]) / 100
        return float(s)
    except ValueError:
        return None


def header_columns(ws, row):
    """{label with newlines removed: 1-based column} of a header row."""
    cols = {}
    for cell in ws[row]:
        if isinstance(cell.value, str):
            cols.setdefault(cell.value.replace("\n", ""), cell.column)
    return cols


def find_row(ws, col, predicate, start=1):
    for r in range(start, ws.max_row + 1):
        v = ws.cell(r, col).value
        if isinstance(v, str) and predicate(v):
            return r
    return None


def resave(wb, path):
    """Saves an openpyxl workbook.  openpyxl 3.0.9 cannot write back a chart trend line it read
    (AttributeError in Series.to_tree), so the copy goes without the chart."""
    for ws in wb.worksheets:
        ws._charts = []
    wb.save(path)


def texts_of(path):
    """Every text of an input that its workbook shows: names, paragraphs, bullets, KPI names,
    notes, scales, meeting facts, and each project field that the template's xlsx columns
    include.  Values that are codes (direction) or shown converted (due: wareki) are left out."""
    import yaml

    with open(path, encoding="utf-8-sig") as f:
        doc = yaml.safe_load(f)
    with open(os.path.join(ROOT, "templates", doc["template"] + ".yaml"), encoding="utf-8") as f:
        tmpl = yaml.safe_load(f)
    fields = {c["field"] for c in tmpl.get("xlsx", {}).get("columns") or tmpl["columns"]}
    optional = {"overview", "results", "plans", "policy", "committee", "rating", "department",
                "code", "status", "number", "grant_program", "extra"}
    skip = {"template", "direction", "version", "due"} | (optional - fields)
    out = []

    def walk(v, key=None):
        if key in skip:
            return
        if isinstance(v, dict):
            for k, w in v.items():
                walk(w, k)
        elif isinstance(v, list):
            for w in v:
                walk(w, key)
        elif isinstance(v, str):
            out.append(v)

    walk(doc)
    return out


def squash(s):
    """Text without any white space: line breaks of wrapped cells do not matter."""
    return re.sub(r"\s+", "", s)

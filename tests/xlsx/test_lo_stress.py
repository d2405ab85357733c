"""The stress-size workbook, on screen and printed by LibreOffice.

The handout is bench/gen.py's 60 projects with texts made longer than a spreadsheet row can show
(409 pt): every fifth project's results run to about 1,000 pt, one overview is one paragraph of
3,000 characters, and one grant programme has no grant at all.  Checked:
  - no row is taller than 409 pt, and every row is at least as tall as its text needs (the cells
    of a row that would be taller continue on rows of their own);
  - LibreOffice prints every sentence of the input (pdftotext of its PDF);
  - the totals of the programme without grants show the no-grant mark, not 0 and 0.0 %;
  - the charts: at most 12 bars each, every bar labelled with its KPI and its project, their text
    in the cell font for Japanese too (<a:ea>) and never bold; the printed charts use no font but
    the template's (no DejaVu).
usage: test_lo_stress.py KPIREPORT WORKDIR"""

import os
import re
import subprocess
import sys
import zipfile

import openpyxl
import yaml

from xlsxlib import CSV_FILTER, ROOT, build, check, csv_sheets, soffice, squash, texts_of

kr_bin, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
SENTENCE = "第%d項目として、地域の事業者と連携した支援策を講じ、その成果を市民に分かりやすく公表した。"
NO_GRANT = "市単独事業"


def stress_doc(path):
    gen = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "gen.py"), "60"],
                         capture_output=True, text=True, check=True).stdout
    doc = yaml.safe_load(gen)
    for i, p in enumerate(doc["projects"]):
        if i % 5 == 2:
            p["results"] = [SENTENCE % k * 2 for k in range(30)]
        if i in (7, 8):  # a programme with no grant figures
            p["grant_program"] = NO_GRANT
            p.pop("grant", None)
            for s in p.get("subprojects") or []:
                s.pop("grant", None)
    doc["projects"][4]["overview"] = ["".join(SENTENCE % k for k in range(60))]
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, width=1000)
    return doc


src = os.path.join(work, "stress.yaml")
doc = stress_doc(src)
book = build(kr_bin, [src], os.path.join(work, "out"))["stress"]

# Rows: none over 409 pt.
wb = openpyxl.load_workbook(book)
sheet = wb[wb.sheetnames[0]]
heights = [d.height for d in sheet.row_dimensions.values() if d.height]
check(heights and max(heights) <= 409, "a row is %.1f pt tall, over 409" % max(heights or [0]))

# The charts.
with zipfile.ZipFile(book) as z:
    charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
    kpis = sum(len(q.get("kpis") or []) for p in doc["projects"]
               for q in [p] + (p.get("subprojects") or []))
    check(len(charts) == (kpis + 11) // 12, "%d KPIs in %d charts" % (kpis, len(charts)))
    for n in charts:
        x = z.read(n).decode()
        for r1, r2 in re.findall(r"<c:cat>.*?\$(\d+):\$[A-Z]+\$(\d+)", x, re.S):
            check(int(r2) - int(r1) + 1 <= 12, "%s: %s bars" % (n, int(r2) - int(r1) + 1))
        latin = re.findall(r'<a:latin typeface="([^"]*)"', x)
        ea = re.findall(r'<a:ea typeface="([^"]*)"', x)
        check(latin and latin == ea, "%s: East Asian typeface %r for %r" % (n, ea, latin))
        check(' b="1"' not in x and len(re.findall(r"<a:defRPr(?![^>]* b=)", x)) == 0,
              "%s: bold chart text" % n)

# LibreOffice prints every sentence; the charts label every bar; no font but the template's.
soffice([book], "pdf", os.path.join(work, "pdf"))
pdf = os.path.join(work, "pdf", "stress.pdf")
text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                      check=True).stdout
printed = squash(text)
for p in doc["projects"]:
    for q in [p] + (p.get("subprojects") or []):
        for k in q.get("kpis") or []:
            label = squash("%s（%s）" % (k["name"], q["name"]))
            check(label in printed, "no chart bar labelled %s" % label)
fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
check("DejaVu" not in fonts, "the print falls back to DejaVu:\n" + fonts)

# The totals of the programme without grants, as LibreOffice computes them (csv export).
soffice([book], CSV_FILTER, os.path.join(work, "csv"))
rows = csv_sheets(os.path.join(work, "csv"), "stress")[wb.sheetnames[0]]
head = next(r for r in rows if "交付金充当率" in r)
tot = [r for r in rows if r and r[0].startswith("合計") and NO_GRANT in r[0]]
check(len(tot) == 1, "no totals row for %s: %r" % (NO_GRANT, tot))
grant, ratio = tot[0][head.index("交付金(円)")], tot[0][head.index("交付金充当率")]
check(grant == "-" and ratio == "", "the totals of %s show %r and %r" % (NO_GRANT, grant, ratio))
# A text cut across continuation rows prints part by part, other cells' text between: each part
# must print, and the parts, in order, must make the text.
cells = [squash(str(c.value)).lstrip("・") for row in sheet.iter_rows() for c in row
         if isinstance(c.value, str) and len(c.value) > 20]
missing = []
for t in texts_of(src):
    if squash(t) in printed or re.match(r"\d{4}-", t):
        continue
    parts = [v for v in cells if v in squash(t)]
    if "".join(parts) != squash(t) or any(v not in printed for v in parts):
        missing.append(t[:60])
check(not missing, "%d texts missing from the print, e.g. %r" % (len(missing), missing[:2]))
split = sum(1 for t in texts_of(src) if squash(t) not in printed and not re.match(r"\d{4}-", t))
check(split > 0, "no text went on continuation rows: the test lost its point")
print("ok: %d texts printed, %d charts" % (len(texts_of(src)), len(charts)))

"""LibreOffice, forced to recalculate every formula on load, computes exactly the values the
workbooks cache (the computed values the PDF prints), and every text cell, including texts that
look like formulas (=1+1, @SUM(A1), +81-3-..., -5), comes back as the same text.  Copies re-saved
by openpyxl carry no cached results at all, so their values can only come from the formulas.
usage: test_lo_recalc.py KPIREPORT WORKDIR"""

import datetime
import glob
import os
import sys

import openpyxl

from xlsxlib import (CSV_FILTER, INJECTION, ROOT, SEED, build, check, csv_cell, csv_number,
                     csv_sheets, resave, soffice)

kr_bin, work = sys.argv[1], sys.argv[2]
inputs = sorted(glob.glob(os.path.join(ROOT, "input", "*.yaml"))) + [INJECTION]
books = build(kr_bin, inputs, os.path.join(work, "out"))
files = list(books.values())
for stem, path in list(books.items()):
    wb = openpyxl.load_workbook(path)
    copy = os.path.join(work, "out", stem + "-resaved.xlsx")
    resave(wb, copy)
    files.append(copy)
csvdir = os.path.join(work, "csv")
soffice(files, CSV_FILTER, csvdir)


def same_number(a, b):
    return a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


formulas = texts = numbers = 0
for stem, path in books.items():
    wf = openpyxl.load_workbook(path)
    wv = openpyxl.load_workbook(path, data_only=True)
    for variant in (stem, stem + "-resaved"):
        lo = csv_sheets(csvdir, variant)
        for ws in wf.worksheets:
            rows = lo.get(ws.title)
            check(rows is not None, "%s: LibreOffice exported no sheet %s" % (variant, ws.title))
            for row in ws.iter_rows():
                for cell in row:
                    want = wv[ws.title].cell(cell.row, cell.column).value
                    got = csv_cell(rows, cell.row, cell.column)
                    where = "%s!%s" % (ws.title, cell.coordinate)
                    if cell.data_type == "f":
                        formulas += 1
                        if isinstance(want, (int, float)):
                            check(same_number(csv_number(got), want),
                                  "%s %s: LibreOffice computes %r, cached %r (%s)"
                                  % (variant, where, got, want, cell.value))
                        else:
                            check(got == (want or ""), "%s %s: LibreOffice computes %r, cached %r"
                                  % (variant, where, got, want))
                    elif isinstance(cell.value, str):
                        texts += 1
                        check(cell.data_type == "s", "%s %s is stored as text" % (variant, where))
                        check(got == cell.value, "%s %s: text %r comes back as %r"
                              % (variant, where, cell.value, got))
                    elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                        numbers += 1
                        check(same_number(csv_number(got), cell.value),
                              "%s %s: number %r comes back as %r" % (variant, where, cell.value, got))
                    elif isinstance(cell.value, datetime.datetime):
                        pass

# The injection workbook: every formula-looking text is a string cell, shown as written.
wb = openpyxl.load_workbook(books["injection"])
seen = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
        if isinstance(c.value, str) and c.data_type == "s"}
for s in ("=1+1", "@SUM(A1)", "+81-3-1234-5678", "-5", "=cmd|' /C calc'!A0", "=SUM(1,2)",
          '=HYPERLINK("http://example.com","委員会")', "=A1", "@継続"):
    check(any(s in v for v in seen), "injection text %r stored as a string" % s)
for s in ("=1+1", "=SUM(1,2)", "-5", "@件", "=前年度", "=A1", "@継続", "@SUM(A1)"):
    check(s in seen, "a cell holding exactly %r is a string cell" % s)
lo = csv_sheets(csvdir, "injection")
flat = "\n".join(",".join(r) for rows in lo.values() for r in rows)
check("=1+1" in flat and "@SUM(A1)" in flat and "+81-3-1234-5678" in flat,
      "LibreOffice shows the injection texts as written")
print("ok: LibreOffice recalculates %d formulas to the cached values; %d texts and %d numbers "
      "round-trip" % (formulas, texts, numbers))

"""kpireport merge of workbooks whose layout the print work changed (docs/workbook.md):
  - a money cell under a 千円 header takes thousands: 16000 typed in 実績額(千円) merges as
    cost: 16000000 (national-form2, money_unit: thousand);
  - a text too tall for one row continues on continuation rows: an unedited workbook merges to
    nothing; an item edited on a continuation row, and a paragraph cut across rows edited in its
    second part, merge as the whole text with only that change.
usage: test_layout.py KPIREPORT WORKDIR"""

import os
import sys

import openpyxl
import yaml

from mergelib import ROOT, build, check, copy, edit, merge

kr_bin, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def find(book, sheet, want):
    """The cell (A1 name) whose value is want, or whose value starts with want (a str)."""
    ws = openpyxl.load_workbook(book)[sheet]
    for row in ws.iter_rows():
        for c in row:
            if c.value == want or (isinstance(c.value, str) and isinstance(want, str)
                                   and c.value.startswith(want)):
                return c.coordinate, c.value
    return None, None


# ---- 千円: the cell takes the unit its header says -------------------------------------------
path = copy(os.path.join(ROOT, "input", "kasumino-r3-yoshiki2.yaml"),
            os.path.join(work, "thousand", "kasumino-r3-yoshiki2.yaml"))
data = read(path)
book = build(kr_bin, path, os.path.join(work, "thousand", "out"))
ws = openpyxl.load_workbook(book).worksheets[0]
head = [c.value for row in ws.iter_rows(max_row=6) for c in row if isinstance(c.value, str)]
check("実績額(千円)" in head, "the header says 千円: %r" % head)
cell, value = find(book, ws.title, 15840)
check(cell, "the cost 15,840,000 yen is in the workbook as 15840 (thousands)")
e = edit(book, os.path.join(work, "thousand", "a.xlsx"), {(ws.title, cell): 16000})
r = merge(kr_bin, path, e)
check(r.returncode == 0 and read(path) == data.replace(b"cost: 15840000", b"cost: 16000000"),
      "16000 in a 千円 cell merges as 16000000 yen:\n%s%s" % (r.stdout, r.stderr))

# ---- continuation rows ------------------------------------------------------------------------
ITEM = "第%d項目として、地域の事業者と連携した支援策を講じ、その成果を市民に分かりやすく公表した。"
doc = {"version": 1, "template": "kodaira-kpi", "title": "継続行の試験", "fiscal_year": 2022,
       "ratings": ["効果があった", "効果がなかった"],
       "projects": [{"name": "長い実績の事業", "cost": 1000, "kpis": [], "rating": "効果があった",
                     "results": [ITEM % k * 2 for k in range(40)]},
                    {"name": "長い段落の事業", "cost": 2000, "kpis": [], "rating": "効果があった",
                     "overview": ["".join(ITEM % k for k in range(60))]}]}
path = os.path.join(work, "long", "long.yaml")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w", encoding="utf-8") as f:
    yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, width=1000)
data = read(path)
book = build(kr_bin, path, os.path.join(work, "long", "out"))
wb = openpyxl.load_workbook(book)
keys = [c.value for row in wb.worksheets[0].iter_rows() for c in row
        if isinstance(c.value, str) and c.value.startswith("p")]
check("p1#2" in keys and "p2#2" in keys, "both projects continue on rows of their own: %r" % keys)
heights = [d.height for d in wb.worksheets[0].row_dimensions.values() if d.height]
check(max(heights) <= 409, "no row over 409 pt: %r" % max(heights))

r = merge(kr_bin, path, book)
check(r.returncode == 0 and read(path) == data, "the workbook as made merges to nothing:\n" + r.stderr)

# An item on a continuation row, edited.
cell, value = find(book, wb.worksheets[0].title, "・" + ITEM % 30)
check(cell and int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) > 6, "item 30 is on a continuation row")
e = edit(book, os.path.join(work, "long", "a.xlsx"),
         {(wb.worksheets[0].title, cell): value.replace("第30項目", "第三十項目", 1)})
r = merge(kr_bin, path, e)
after = read(path)
check(r.returncode == 0 and after.count("第三十項目".encode()) == 1 and
      after.replace("第三十項目".encode(), "第30項目".encode(), 1) == data,
      "the edited item merges, nothing else changes:\n%s%s" % (r.stdout, r.stderr))

# A paragraph cut across rows, edited in its second part: one item still, with the change.
with open(path, "wb") as f:
    f.write(data)
rows = [c for row in wb.worksheets[0].iter_rows() for c in row
        if isinstance(c.value, str) and ITEM % 59 in c.value]
check(rows and not rows[0].value.startswith("・"), "the paragraph's end is on a continuation row")
e = edit(book, os.path.join(work, "long", "b.xlsx"),
         {(wb.worksheets[0].title, rows[0].coordinate): rows[0].value.replace("第59項目", "最後の項目")})
r = merge(kr_bin, path, e)
merged = yaml.safe_load(read(path))
check(r.returncode == 0 and merged["projects"][1]["overview"] ==
      ["".join(ITEM % k for k in range(59)) + (ITEM % 59).replace("第59項目", "最後の項目")],
      "the paragraph merges whole, as one item:\n%s%s" % (r.stdout, r.stderr))
print("ok")

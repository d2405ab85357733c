"""kpireport merge of workbooks whose layout the print work changed (docs/workbook.md):
  - a money cell under a 千円 header takes thousands: 16000 typed in 実績額(千円) merges as
    cost: 16000000 (national-form2, money_unit: thousand); yen typed there (15840000, over 100
    times the amount) is refused with the number to type; a unit typed with the number says the
    scale itself (15,840,000円 in a 千円 cell, 16,000千円 in a yen cell); a fraction of a yen is
    named as one; a tampered scale in the identity sheet is refused;
  - a text too tall for one row continues on continuation rows: an unedited workbook merges to
    nothing; an item edited on a continuation row, and a paragraph cut across rows edited in its
    second part, merge as the whole text with only that change; an error value typed in a
    continuation cell is refused; an identity sheet whose continuation row names another row,
    or that starts with a continuation, is refused as damaged.
usage: test_layout.py KPIREPORT WORKDIR"""

import os
import sys

import openpyxl
import yaml

from mergelib import ROOT, SEED, build, check, copy, edit, expect_refusal, merge, resave

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

# Yen typed where thousands belong: refused, with the number to type.
with open(path, "wb") as f:
    f.write(data)
e = edit(book, os.path.join(work, "thousand", "yen.xlsx"), {(ws.title, cell): 15840000})
expect_refusal(merge(kr_bin, path, e), path, data,
               "「15840000」 in a cell in thousands of yen (千円) is 15,840,000,000円, over 100 "
               "times the 15,840,000円 it was; if you typed yen, type 15840 instead")
# 円 typed with the number: yen, whatever the cell's unit (was read as 15,840,000,000).
e = edit(book, os.path.join(work, "thousand", "en.xlsx"), {(ws.title, cell): "15,840,000円"})
r = merge(kr_bin, path, e)
check(r.returncode == 0 and read(path) == data and "was read as 15840000\n" in r.stderr,
      "15,840,000円 in a 千円 cell is 15,840,000 yen:\n%s%s" % (r.stdout, r.stderr))
# A fraction of a yen is named as one (was "too large or has more than 6 decimal places").
e = edit(book, os.path.join(work, "thousand", "frac.xlsx"), {(ws.title, cell): 15840.0005})
expect_refusal(merge(kr_bin, path, e), path, data, "「15840.0005」 is not a whole number of yen")


def tamper_scale(src, out, value):
    """src with the identity sheet's scale of every 千円 cell set to value."""
    wb = openpyxl.load_workbook(src)
    ident = wb["kpireport"]
    for row in ident.iter_rows(min_row=10):
        if row[7].value == "1000":
            row[7].value = value
    resave(wb, out)
    return out


for bad in ("abc", "0", "-1000", "99999999999999999999"):
    e = tamper_scale(book, os.path.join(work, "thousand", "scale.xlsx"), bad)
    expect_refusal(merge(kr_bin, path, e), path, data, "the identity sheet is damaged at its row")

# 千円 typed in a yen cell (kodaira-kpi): thousands (was read as 16,000 yen).
path = copy(SEED, os.path.join(work, "yen", "kodaira-h28-shiryo1.yaml"))
data = read(path)
book = build(kr_bin, path, os.path.join(work, "yen", "out"))
ws = openpyxl.load_workbook(book).worksheets[0]
cell, value = find(book, ws.title, 954000)
e = edit(book, os.path.join(work, "yen", "a.xlsx"), {(ws.title, cell): "1,000千円"})
r = merge(kr_bin, path, e)
check(r.returncode == 0 and read(path) == data.replace(b"cost: 954000", b"cost: 1000000"),
      "1,000千円 in a yen cell merges as 1000000 yen:\n%s%s" % (r.stdout, r.stderr))

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

# Items of about half a row's lines: parts cut at items hold half as many lines as a row can, so
# there are more of them than a row count of lines suggests (they overran their array, and the
# workbook's shared strings were not well-formed XML).
half = {"version": 1, "template": "kodaira-kpi", "title": "継続行の試験", "fiscal_year": 2022,
        "ratings": ["効果があった", "効果がなかった"],
        "projects": [{"name": "項目の多い事業", "cost": 1000, "kpis": [], "rating": "効果があった",
                      "results": ["あ" * n for k in range(120)]} for n in (100, 200)]}
hpath = os.path.join(work, "half", "half.yaml")
os.makedirs(os.path.dirname(hpath), exist_ok=True)
with open(hpath, "w", encoding="utf-8") as f:
    yaml.safe_dump(half, f, allow_unicode=True, sort_keys=False, width=1000)
hdata = read(hpath)
hbook = build(kr_bin, hpath, os.path.join(work, "half", "out"))
shown = [c.value for row in openpyxl.load_workbook(hbook).worksheets[0].iter_rows() for c in row
         if isinstance(c.value, str) and c.value.startswith("・あ")]
check(sum(v.count("・") for v in shown) == 240, "every item is in the workbook once")
r = merge(kr_bin, hpath, hbook)
check(r.returncode == 0 and read(hpath) == hdata, "the workbook merges to nothing:\n" + r.stderr)

# An error value in a continuation cell: refused like one in the first (was joined as text).
with open(path, "wb") as f:
    f.write(data)
e = edit(book, os.path.join(work, "long", "err.xlsx"), {(wb.worksheets[0].title, cell): "#N/A"})
expect_refusal(merge(kr_bin, path, e), path, data, "the cell shows the error #N/A")


def tamper_ident(src, out, change):
    """src with change(rows) applied to the identity sheet's noted rows (lists of cells)."""
    book = openpyxl.load_workbook(src)
    change([list(r) for r in book["kpireport"].iter_rows(min_row=10) if r[1].value])
    resave(book, out)
    return out


def other_key(rows):
    """The first continuation row names the other project's continuation row."""
    next(r for r in rows if r[10].value)[2].value = "p2#2"


def first_continues(rows):
    rows[0][10].value = "item"


# A continuation row of another row joined p1's results with p2's overview.
for name, change in (("key", other_key), ("first", first_continues)):
    e = tamper_ident(book, os.path.join(work, "long", name + ".xlsx"), change)
    expect_refusal(merge(kr_bin, path, e), path, data, "the identity sheet is damaged at its row")
print("ok")

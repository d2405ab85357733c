"""A workbook written the way Excel writes one, crafted part by part: a prefixed namespace
(<x:c>), rows and cells without r=, relationship ids and part names that do not follow the sheet
order, shared strings with rich-text runs and furigana (<rPh>, left out), _x000D_ escapes,
inline strings, a shared formula, an error cell and a date stored as a serial number.  It merges
into its handout with exactly the typed values.
usage: test_excel.py KPIREPORT WORKDIR"""

import datetime
import os
import sys
import zipfile
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from mergelib import build, check, merge

kr_bin, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
HANDOUT = """version: 1
title: Excel形式のテスト
fiscal_year: 2016
ratings: [良い, 普通]
projects:
  - name: 事業X
    cost: 1000000
    kpis:
      - name: 指標X
        unit: 件
        target: 100
        actual: 50
    rating: 普通
    results: 前の文
    plans: 予定
"""
path = os.path.join(work, "excel.yaml")
with open(path, "w", encoding="utf-8") as f:
    f.write(HANDOUT)
book = build(kr_bin, path, os.path.join(work, "out"))

# Every cell of the built workbook that the identity sheet lists, and each data sheet's key
# column, as the values a department leaves in place.
wb = openpyxl.load_workbook(book)
ident = wb["kpireport"]
sheets = {"KPI": {}, "事業一覧": {}}
entries = []  # (sheet, cell, field): a blank sheet cell repeats the one above
for row in ident.iter_rows(min_row=10, values_only=True):
    if not row[1]:
        break
    sheet = row[0] or entries[-1][0]
    entries.append((sheet, row[1], row[3]))
    sheets[sheet][row[1]] = wb[sheet][row[1]].value
keycols = {ident["B6"].value: ident["C6"].value, ident["D6"].value: ident["E6"].value}
for name, col in keycols.items():
    ws = wb[name]
    c = column_index_from_string(col[:-1] if col[-1].isdigit() else col)
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, c).value:
            sheets[name]["%s%d" % (get_column_letter(c), r)] = ws.cell(r, c).value

def find(sheet, field):
    for s, cell, f in entries:
        if s == sheet and f == field:
            return cell
    raise KeyError(field)

A = find("KPI", "actual")
COST = find("事業一覧", "cost")
RES, RAT, PLN = find("事業一覧", "results"), find("事業一覧", "rating"), find("事業一覧", "plans")
strings = []  # shared strings as raw <si> XML

def shared(xml):
    strings.append(xml)
    return len(strings) - 1

# Typed values, each stored in one of the ways Excel stores them.
special = {
    ("KPI", A): ("n", "60", None),                                   # a number
    ("事業一覧", RES): ("s", shared(
        '<x:r><x:t>新しい</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">成果 </x:t>'
        '</x:r><x:r><x:t>です_x000D_\n二行目</x:t></x:r>'
        '<x:rPh sb="0" eb="3"><x:t>アタラシイ</x:t></x:rPh><x:phoneticPr fontId="1"/>'), None),
    ("事業一覧", RAT): ("inlineStr", "良い", None),
    ("事業一覧", PLN): ("n", "45124", 1),                              # a date (style 1)
    ("事業一覧", COST): ("n", "1500", None),                            # thousands: scale 1000
}

def cell_xml(sheet, ref, value, with_ref):
    r = ' r="%s"' % ref if with_ref else ""
    if (sheet, ref) in special:
        t, v, s = special[(sheet, ref)]
        st = ' s="%d"' % s if s is not None else ""
        if t == "inlineStr":
            return '<x:c%s t="inlineStr"%s><x:is><x:t>%s</x:t></x:is></x:c>' % (r, st, escape(v))
        if t == "s":
            return '<x:c%s t="s"%s><x:v>%s</x:v></x:c>' % (r, st, v)
        return '<x:c%s%s><x:v>%s</x:v></x:c>' % (r, st, v)
    if value is None:
        return '<x:c%s/>' % r
    if isinstance(value, (int, float)):
        return '<x:c%s><x:v>%r</x:v></x:c>' % (r, value)
    return '<x:c%s t="s"><x:v>%d</x:v></x:c>' % (r, shared("<x:t>%s</x:t>" % escape(value)))

def sheet_xml(sheet, with_refs):
    cells = {}
    for ref, v in sheets[sheet].items():
        col, row = coordinate_from_string(ref)
        cells.setdefault(row, {})[column_index_from_string(col)] = v
    last_col = max(c for row in cells.values() for c in row) + 2
    rows = []
    for r in range(1, max(cells) + 1):
        cs = cells.get(r, {})
        if with_refs and not cs:
            continue
        parts = []
        for c in range(1, last_col + 1):
            ref = "%s%d" % (get_column_letter(c), r)
            if c in cs or (sheet, ref) in special:
                parts.append(cell_xml(sheet, ref, cs.get(c), with_refs))
            elif not with_refs:
                parts.append("<x:c/>")  # keeps the next cell's column without r=
        if r == 5 and sheet == "KPI":  # a shared formula and an error after the row's cells
            parts.append('<x:c%s><x:f t="shared" ref="Z5:Z5" si="0">F5/E5</x:f><x:v>0.6</x:v></x:c>'
                         % (' r="Z5"' if with_refs else ""))
            parts.append('<x:c%s t="e"><x:v>#DIV/0!</x:v></x:c>' % (' r="AA5"' if with_refs else ""))
        rows.append('<x:row%s>%s</x:row>' % (' r="%d"' % r if with_refs else "", "".join(parts)))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<x:sheetData>%s</x:sheetData></x:worksheet>' % "".join(rows))

# The identity sheet as inline strings (openpyxl's way), with r= everywhere.
for row in ident.iter_rows(min_row=10):
    if row[1].value == COST:
        row[7].value = 1000  # a cell that takes 千円 (docs/merge.md)
id_rows = []
for row in ident.iter_rows():
    cs = ['<x:c r="%s" t="inlineStr"><x:is><x:t>%s</x:t></x:is></x:c>' % (c.coordinate, escape(str(c.value)))
          for c in row if c.value is not None]
    if cs:
        id_rows.append('<x:row r="%d">%s</x:row>' % (row[0].row, "".join(cs)))
ident_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet '
             'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>%s'
             '</x:sheetData></x:worksheet>' % "".join(id_rows))
kpi_xml, prj_xml = sheet_xml("KPI", False), sheet_xml("事業一覧", True)
NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
parts = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % R,
    "xl/workbook.xml": '<?xml version="1.0"?><x:workbook %s xmlns:r="%s"><x:workbookPr/><x:sheets>'
                       '<x:sheet name="事業一覧" sheetId="1" r:id="rId9"/><x:sheet name="KPI" sheetId="2" r:id="rId3"/>'
                       '<x:sheet name="kpireport" sheetId="5" state="hidden" r:id="rId4"/></x:sheets></x:workbook>' % (NS, R),
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId3" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId9" Type="%s/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        '<Relationship Id="rId4" Type="%s/worksheet" Target="worksheets/../worksheets/id.xml"/>'
        '<Relationship Id="rId5" Type="%s/sharedStrings" Target="strs.xml"/>'
        '<Relationship Id="rId6" Type="%s/styles" Target="styles.xml"/></Relationships>' % (R, R, R, R, R),
    "xl/styles.xml": '<?xml version="1.0"?><x:styleSheet %s><x:cellXfs count="2"><x:xf numFmtId="0"/>'
                     '<x:xf numFmtId="14" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>' % NS,
    "xl/worksheets/sheet1.xml": kpi_xml,
    "xl/worksheets/sheet2.xml": prj_xml,
    "xl/worksheets/id.xml": ident_xml,
}
parts["xl/strs.xml"] = ('<?xml version="1.0"?><x:sst %s count="%d">%s</x:sst>'
                        % (NS, len(strings), "".join("<x:si>%s</x:si>" % s for s in strings)))
excel = os.path.join(work, "excel.xlsx")
with zipfile.ZipFile(excel, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)

r = merge(kr_bin, path, excel)
check(r.returncode == 0, "the Excel-style workbook merges (%d):\n%s%s" % (r.returncode, r.stdout, r.stderr))
check("warning" not in r.stderr, "no locked cell was seen as changed:\n" + r.stderr)
with open(path, encoding="utf-8") as f:
    got = f.read()
want = (HANDOUT.replace("actual: 50", "actual: 60").replace("cost: 1000000", "cost: 1500000").replace("rating: 普通", "rating: 良い")
        .replace("results: 前の文", 'results: "新しい成果 です\\n二行目"')
        .replace("plans: 予定", 'plans: "%s"' % (datetime.date(1899, 12, 30) + datetime.timedelta(45124))))
check(got == want, "the typed values, and nothing else, are in the handout:\n" + got)
print("ok: an Excel-style workbook (x: prefix, no r=, rich text with furigana, inline strings, "
      "shared formula, error cell, date serial) merges")

"""A department edits actual values (openpyxl writes them, as Excel would), LibreOffice recalculates:
達成率, 判定 and the long-term progress follow, and a cleared actual blanks them.
usage: test_lo_edit.py KPIREPORT WORKDIR"""

import os
import sys

import openpyxl

from xlsxlib import (CSV_FILTER, SEED, build, check, csv_cell, csv_number, csv_sheets,
                     header_columns, resave, soffice)

kr_bin, work = sys.argv[1], sys.argv[2]
path = build(kr_bin, [SEED], os.path.join(work, "out"))["kodaira-h28-shiryo1"]
wb = openpyxl.load_workbook(path)
ws = wb["KPI"]
cols = header_columns(ws, 4)
c_act = [c for k, c in cols.items() if k.startswith("実績値")][0]
rows = {ws.cell(r, cols["KPI"]).value: r for r in range(5, 9)}
edits = {  # KPI: new actual, expected 達成率, 判定, long-term progress ("" = blank)
    "在宅ワークによる新規就労(内定含む)者": (45, 1.5, "達成", 0.225),
    "スキルUP講習会参加人数": (150, 0.75, "未達成", 0.15),
    "サイトのアクセス件数": (None, "", "", ""),
}
for name, (actual, *_rest) in edits.items():
    check(ws.cell(rows[name], c_act).protection.locked is False, "the actual of %s is editable" % name)
    ws.cell(rows[name], c_act).value = actual
edited = os.path.join(work, "out", "edited.xlsx")
resave(wb, edited)
csvdir = os.path.join(work, "csv")
soffice([edited], CSV_FILTER, csvdir)
lo = csv_sheets(csvdir, "edited")["KPI"]
for name, (actual, ach, verdict, prog) in edits.items():
    r = rows[name]
    got = csv_cell(lo, r, cols["達成率"])
    if ach == "":
        check(got == "", "達成率 of %s is blank after clearing the actual: %r" % (name, got))
    else:
        check(abs(csv_number(got) - ach) < 1e-12, "達成率 of %s: %r, want %r" % (name, got, ach))
    check(csv_cell(lo, r, cols["判定"]) == verdict, "判定 of %s: %r, want %r"
          % (name, csv_cell(lo, r, cols["判定"]), verdict))
    got = csv_cell(lo, r, cols["将来KPIに対する進捗"])
    check((got == "" and prog == "") or (prog != "" and abs(csv_number(got) - prog) < 1e-12),
          "long-term progress of %s: %r, want %r" % (name, got, prog))
# The untouched KPI keeps its value.
r = rows["創業支援事業による支援を受けた件数"]
check(abs(csv_number(csv_cell(lo, r, cols["達成率"])) - 1.46) < 1e-12, "an untouched KPI keeps 146.0 %")
print("ok: edited actuals recalculate 達成率, 判定 and progress in LibreOffice")

"""kpireport build --per-department writes STEM-担当課.xlsx for each department of the handout, each
with only that department's rows open for input; merge takes several of them back in one call,
and a department's edit of another department's (locked) row is reported and ignored.
usage: test_departments.py KPIREPORT WORKDIR"""

import os
import sys

import openpyxl
import yaml

from mergelib import ROOT, check, copy, edit, merge, run

kr_bin, work = sys.argv[1], sys.argv[2]
src = os.path.join(ROOT, "input", "kasumino-r3-yoshiki2.yaml")
path = copy(src, os.path.join(work, "h", "kasumino-r3-yoshiki2.yaml"))
out = os.path.join(work, "out")
os.makedirs(out, exist_ok=True)
r = run(kr_bin, "build", "--per-department", "-o", out, path)
check(r.returncode == 0, "build --per-department: " + r.stderr)

with open(path, encoding="utf-8") as f:
    doc = yaml.safe_load(f)
owner = {}  # KPI name: its department (a subproject without one belongs to its project's)
for p in doc["projects"]:
    for s in [p] + p.get("subprojects", []):
        for k in s.get("kpis") or []:
            owner[k["name"]] = s.get("department") or p.get("department")
depts = sorted({d for d in owner.values() if d} |
               {p["department"] for p in doc["projects"] if p.get("department")})
files = sorted(f for f in os.listdir(out) if f.startswith("kasumino-r3-yoshiki2-"))
check(files == sorted("kasumino-r3-yoshiki2-%s.xlsx" % d for d in depts),
      "one workbook per department: %r, want %r" % (files, depts))


def actual_cells(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["KPI"]
    col = [c.column_letter for c in ws[4] if c.value and str(c.value).startswith("実績値")][0]
    return wb, {ws.cell(r, 3).value: "%s%d" % (col, r) for r in range(5, ws.max_row + 1)
                if ws.cell(r, 3).value}


for d in depts:
    wb, cells = actual_cells(os.path.join(out, "kasumino-r3-yoshiki2-%s.xlsx" % d))
    check(wb["kpireport"]["B5"].value == d, "the identity sheet names the department %s" % d)
    for name, cell in cells.items():
        locked = wb["KPI"][cell].protection.locked
        check(locked == (owner[name] != d), "%s: %s is %s" % (d, name, "locked" if locked else "open"))

# Two departments answer in their own workbooks; one also overwrites another's locked actual.
a_book = os.path.join(out, "kasumino-r3-yoshiki2-総合政策課.xlsx")
b_book = os.path.join(out, "kasumino-r3-yoshiki2-こども課.xlsx")
_, ca = actual_cells(a_book)
_, cb = actual_cells(b_book)
a = edit(a_book, os.path.join(work, "a.xlsx"), {("KPI", ca["移住相談件数"]): 250,
                                                 ("KPI", ca["保育士就職支援金の交付件数"]): 99})
b = edit(b_book, os.path.join(work, "b.xlsx"), {("KPI", cb["保育士就職支援金の交付件数"]): 19})
with open(path, "rb") as f:
    before = f.read()
r = merge(kr_bin, path, a, b)
check(r.returncode == 0, "both departments merge in one call: " + r.stdout + r.stderr)
check("warning: a.xlsx KPI!%s is a locked cell ('actual' of 「保育士就職支援金の交付件数」)"
      % ca["保育士就職支援金の交付件数"] in r.stderr, "the other department's row is locked:\n" + r.stderr)
with open(path, "rb") as f:
    after = f.read()
check(after == before.replace(b"actual: 236", b"actual: 250").replace(b"actual: 17\n", b"actual: 19\n"),
      "each department's own value, and only those, are merged")
print("ok: %d department workbooks, each open only for its rows; two merged in one call" % len(depts))

"""The seed's workbook, edited (actual 17420 -> 18000, a results text, a rating chosen from its
dropdown list) and really saved by LibreOffice, merges into a copy of the seed: exactly those
values change, every other byte stays, and the rebuilt PDF and workbook show 達成率 180.0 %.
usage: test_roundtrip.py KPIREPORT WORKDIR"""

import os
import subprocess
import sys
import zipfile

import openpyxl

from mergelib import SEED, build, changed_lines, check, copy, edit, merge, run, soffice

kr_bin, work = sys.argv[1], sys.argv[2]
yaml_path = copy(SEED, os.path.join(work, "h", "kodaira-h28-shiryo1.yaml"))
with open(yaml_path, "rb") as f:
    before = f.read()
book = build(kr_bin, yaml_path, os.path.join(work, "out"))

wb = openpyxl.load_workbook(book)
kpi, prj = wb["KPI"], wb["事業一覧"]
kcol = {str(c.value).split("\n")[0]: c.column_letter for c in kpi[4] if c.value}
krow = {kpi.cell(r, 3).value: r for r in range(5, kpi.max_row + 1)}
pcol = {c.value: c.column_letter for c in prj[4] if c.value}
prow = {prj.cell(r, 1).value: r for r in range(6, prj.max_row + 1)}
actual = "%s%d" % (kcol["実績値"], krow["サイトのアクセス件数"])
results = "%s%d" % (pcol["事業の実績・効果等"], prow["(1)子育てサイトの構築・運営"])
rating = "%s%d" % (pcol["事業の効果"], prow["(2)子育て中の女性の就労促進事業"])
# The rating is one of the dropdown's entries, and the cell has that dropdown.
choice = "地方創生に効果があった"
dv = [v for v in prj.data_validations.dataValidation if rating in v.sqref]
check(dv and dv[0].type == "list", "the rating cell %s has a dropdown" % rating)
info = wb["基本情報"]
choices = [r[0].value for r in info[dv[0].formula1.split("!")[1].replace("$", "")]]
check(choice in choices, "%s is in the dropdown's list %r" % (choice, choices))
text = "サイト「こだち」を公開し、アクセス件数は目標を大きく上回った。"
edited = edit(book, os.path.join(work, "edited.xlsx"),
              {("KPI", actual): 18000, ("事業一覧", results): text, ("事業一覧", rating): choice})

# LibreOffice opens the edited workbook and saves it as xlsx itself.
lo_dir = os.path.join(work, "lo")
soffice([edited], "xlsx:Calc MS Excel 2007 XML", lo_dir, recalc=False)
lo_book = os.path.join(lo_dir, "edited.xlsx")
with zipfile.ZipFile(lo_book) as z:
    app = z.read("docProps/app.xml").decode()
check("LibreOffice" in app, "the workbook was saved by LibreOffice: %s" % app[:200])

r = merge(kr_bin, yaml_path, lo_book)
check(r.returncode == 0, "merge failed (%d):\n%s%s" % (r.returncode, r.stdout, r.stderr))
for needle in ("KPI!%s: 'actual'" % actual, "「17420」 → 「18000」", "'results'", "'rating'",
               "3 values to change", "3 values written"):
    check(needle in r.stdout, "the summary says %r:\n%s" % (needle, r.stdout))
with open(yaml_path, "rb") as f:
    after = f.read()
removed, added = changed_lines(before, after)
want_removed = ["            actual: 17420\n", "        rating: 地方創生に相当程度効果があった\n"]
want_added = ["            actual: 18000\n", "        results: %s\n" % text,
              "        rating: 地方創生に効果があった\n"]
check(removed == [s.encode() for s in want_removed], "removed lines: %r" % removed)
check(added == [s.encode() for s in want_added], "added lines: %r" % added)
# git's own view of the change: three lines in, two out, nothing else.
g = subprocess.run(["git", "diff", "--no-index", "--numstat", SEED, yaml_path],
                   capture_output=True, text=True)
check(g.stdout.split()[:2] == ["3", "2"], "git diff --numstat: %r" % g.stdout)

# Merging the same workbook again changes nothing.
r = merge(kr_bin, yaml_path, lo_book)
check(r.returncode == 0 and "nothing to change" in r.stdout, "a second merge: %s%s" % (r.stdout, r.stderr))
with open(yaml_path, "rb") as f:
    check(f.read() == after, "a second merge leaves the file as it was")

# The rebuilt PDF and workbook show 180.0 % for that KPI.
out2 = os.path.join(work, "out2")
book2 = build(kr_bin, yaml_path, out2)
pdf = os.path.join(out2, "kodaira-h28-shiryo1.pdf")
t = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
check("180.0%" in t.replace(" ", ""), "the PDF shows 180.0 %")
check("174.2%" not in t.replace(" ", ""), "the PDF no longer shows 174.2 %")
check(text in t.replace("\n", ""), "the PDF shows the new results text")
wv = openpyxl.load_workbook(book2, data_only=True)["KPI"]
ach = wv["%s%d" % (kcol["達成率"], krow["サイトのアクセス件数"])].value
check(abs(ach - 1.8) < 1e-12, "the workbook's cached 達成率 is 180.0 %%: %r" % ach)
print("ok: a LibreOffice-saved workbook merges with exactly its three values changed; 180.0 % rebuilt")

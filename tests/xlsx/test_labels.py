#!/usr/bin/python3
"""The KPI sheet's headers and the 増加/減少 words come from the template's labels."""
import os, re, shutil, subprocess, sys, tempfile

import openpyxl

BIN, WORK = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
with open(os.path.join(ROOT, "templates", "kodaira-kpi.yaml"), encoding="utf-8") as f:
    t = f.read()
t = t.replace("labels:\n", "labels:\n  kpi_target: 目標\n  kpi_verdict: 結果\n  increase: 上昇\n", 1)
with open(os.path.join(WORK, "t.yaml"), "w", encoding="utf-8") as f:
    f.write(t)
with open(os.path.join(ROOT, "input", "kodaira-h28-shiryo1.yaml"), encoding="utf-8") as f:
    doc = re.sub(r"^template: .*$", "template: ./t.yaml", f.read(), flags=re.M)
with open(os.path.join(WORK, "doc.yaml"), "w", encoding="utf-8") as f:
    f.write(doc)
subprocess.run([BIN, "build", "-o", WORK, os.path.join(WORK, "doc.yaml")], check=True)
ws = openpyxl.load_workbook(os.path.join(WORK, "doc.xlsx"))["KPI"]
cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
failed = 0
for want in ("目標\n(H28年度)", "結果", "上昇"):
    if want not in cells:
        failed += 1
        print("FAIL: no cell", repr(want))
for unwanted in ("判定", "増加"):
    if unwanted in cells:
        failed += 1
        print("FAIL: the default label", unwanted, "is still there")
print(f"{5 - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)

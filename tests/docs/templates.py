#!/usr/bin/python3
"""docs/templates.md lists the columns of every template as the template's file has them: for
each templates/NAME.yaml, the section "### NAME" names its PDF columns, KPI lines and workbook
columns in order.  usage: templates.py SOURCE-DIR"""
import glob, os, re, sys

import yaml

SRC = sys.argv[1]
doc = open(os.path.join(SRC, "docs", "templates.md"), encoding="utf-8").read()
failures = 0


def listed(section, label):
    m = re.search(r"^%s: (.*)$" % re.escape(label), section, flags=re.M)
    return re.findall(r"`([a-z_]+)`", m.group(1)) if m else None


for path in sorted(glob.glob(os.path.join(SRC, "templates", "*.yaml"))):
    name = os.path.splitext(os.path.basename(path))[0]
    t = yaml.safe_load(open(path, encoding="utf-8"))
    m = re.search(r"^### %s\n(.*?)(?=^#|\Z)" % re.escape(name), doc, flags=re.M | re.S)
    if not m:
        print("FAIL docs/templates.md has no section ### %s" % name)
        failures += 1
        continue
    section = m.group(1)
    pdf = [c["field"] for c in t["columns"]]
    xlsx = [c["field"] for c in t.get("xlsx", {}).get("columns") or []]
    want = {"PDF columns": pdf, "KPI lines": t.get("kpi_lines", []),
            "Workbook columns": xlsx or None}
    for label, fields in want.items():
        got = listed(section, label)
        if fields is None:
            ok = "the PDF columns" in section
        else:
            ok = got == fields
        if not ok:
            print("FAIL %s: docs say %s %s, the template has %s" % (name, label, got, fields))
            failures += 1
print("templates: %d differences" % failures)
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""Every link inside the given Markdown files to a heading of the same file (#anchor) names a
heading that exists, with anchors made the way GitHub makes them (lower case; letters, digits,
'-' and '_' kept, spaces made '-', everything else dropped).  usage: links.py FILE.md..."""
import re, sys, unicodedata


def slug(heading):
    out = []
    for ch in heading.strip().lower():
        cat = unicodedata.category(ch)
        if ch == " ":
            out.append("-")
        elif ch in "-_" or cat[0] in "LN" or cat == "Mn":
            out.append(ch)
    return "".join(out)


failures = checks = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    anchors = {slug(m.group(1)) for m in re.finditer(r"^#+ (.*)$", body, flags=re.M)}
    for m in re.finditer(r"\]\(#([^)]+)\)", body):
        checks += 1
        if m.group(1) not in anchors:
            failures += 1
            print("FAIL %s: no heading for #%s" % (path, m.group(1)))
print("%d links, %d broken" % (checks, failures))
sys.exit(1 if failures or not checks else 0)

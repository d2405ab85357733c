#!/usr/bin/python3
"""The checks the tests make, applied to a benchmark output: is the work really done?

    bench/check.py FILE.yaml OUT.pdf [OUT.xlsx]

- qpdf --check passes (exit 0: no errors, no warnings);
- pdffonts lists only embedded subset fonts (emb yes, sub yes, a ABCDEF+ name), at least one;
- pdftotext -raw, with whitespace removed, contains every sentence of the input (every string
  value, split after 。, whitespace removed).  A sentence that a page break cuts in two (a row
  continued on the next page) must have its head on one page and its tail on the next.
- the xlsx, if given, is a zip holding xl/workbook.xml and its sheets' shared strings hold every
  sentence as well.

Prints one line "ok ..." or the problems, exit 0 / 1.
"""
import re
import subprocess
import sys
import zipfile

import yaml

TEXT_KEYS = {"name", "overview", "results", "plans", "comment", "note", "title", "target_text",
             "grant_program", "rating", "reason", "choice", "committee"}


def strings(v, key=None):
    if isinstance(v, dict):
        for k, w in v.items():
            yield from strings(w, k)
    elif isinstance(v, list):
        for w in v:
            yield from strings(w, key)
    elif isinstance(v, str) and key in TEXT_KEYS:
        yield v


def sentences(doc):
    out = []
    for p in doc.get("projects", []):
        for s in strings(p):
            for part in re.split(r"(?<=。)", s):
                part = re.sub(r"\s+", "", part)
                if part:
                    out.append(part)
    for s in doc.get("notes") or []:
        out.append(re.sub(r"\s+", "", s))
    out.append(re.sub(r"\s+", "", doc["title"]))
    return out


def find_all(sents, flat):
    """The sentences not in flat.  They come in about the order of the input: look after the
    last one found first, then around it, then everywhere."""
    pos, missing = 0, []
    for s in sents:
        i = flat.find(s, pos, pos + 200000)
        if i < 0:
            i = flat.find(s, max(0, pos - 50000), pos + 200000)
        if i < 0:
            i = flat.find(s)
        if i >= 0:
            pos = i
        else:
            missing.append(s)
    return missing


def split_found(s, pages):
    """s[:k] on page i and s[k:] on page i + 1, for some k and i."""
    n = len(s)
    h = min(12, n - 1)
    if h < 1:
        return False
    for i in (i for i in range(len(pages) - 1) if s[:h] in pages[i]):   # heads >= h chars
        if any(s[:k] in pages[i] and s[k:] in pages[i + 1] for k in range(h, n)):
            return True
    for j in (j for j in range(1, len(pages)) if s[h:] in pages[j]):    # shorter heads
        if any(s[:k] in pages[j - 1] and s[k:] in pages[j] for k in range(1, h)):
            return True
    return False


def main():
    yml, pdf = sys.argv[1], sys.argv[2]
    xlsx = sys.argv[3] if len(sys.argv) > 3 else None
    with open(yml, encoding="utf-8-sig") as f:
        doc = yaml.safe_load(f)
    problems = []
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode != 0:
        problems.append(f"qpdf --check exit {q.returncode}: {(q.stdout + q.stderr).strip()[-300:]}")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
    if not fonts:
        problems.append("pdffonts: no font")
    for line in fonts:
        cols = line.split()
        # name type... encoding emb sub uni objnum gen
        emb, sub = cols[-5], cols[-4]
        if emb != "yes" or sub != "yes" or not re.match(r"^[A-Z]{6}\+", cols[0]):
            problems.append(f"font not an embedded subset: {line.strip()}")
    raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", raw)
    pages = None
    sents = sentences(doc)
    missing = []
    for s in find_all(sents, flat):
        # a row cut by a page break: the head of the sentence on page i, its tail on page i+1,
        # near the page of the sentence found before it
        if pages is None:
            pages = [re.sub(r"\s+", "", p) for p in raw.split("\f")]
        if not split_found(s, pages):
            missing.append(s)
    if missing:
        problems.append(f"{len(missing)} of {len(sents)} sentences not in pdftotext -raw, e.g. "
                        + " | ".join(missing[:3]))
    if xlsx:
        with zipfile.ZipFile(xlsx) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names:
                problems.append("xlsx: no xl/workbook.xml")
            ss = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
            ss += "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
        import html
        flatx = re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", ss)))
        mx = find_all(sents, flatx)
        if mx:
            problems.append(f"xlsx: {len(mx)} of {len(sents)} sentences missing, e.g. " + " | ".join(mx[:3]))
    if problems:
        print("FAIL " + pdf + ": " + "; ".join(problems))
        sys.exit(1)
    print(f"ok {pdf}: qpdf check, {len(fonts)} embedded subset font(s), {len(sents)} sentences"
          + (", xlsx too" if xlsx else ""))


if __name__ == "__main__":
    main()

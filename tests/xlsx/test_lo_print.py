"""LibreOffice prints every workbook to PDF, and the printed text contains every sentence of its
input: row heights were computed from the wrapped text, so no line is cut off by a short row
(LibreOffice drops the lines a row cannot show, so pdftotext sees what is missing).  The cells
print in the template's Japanese font.
usage: test_lo_print.py KPIREPORT WORKDIR"""

import glob
import os
import re
import subprocess
import sys

from xlsxlib import INJECTION, ROOT, build, check, soffice, squash, texts_of

kr_bin, work = sys.argv[1], sys.argv[2]
inputs = sorted(glob.glob(os.path.join(ROOT, "input", "*.yaml"))) + [INJECTION]
books = build(kr_bin, inputs, os.path.join(work, "out"))
pdfdir = os.path.join(work, "pdf")
soffice(list(books.values()), "pdf", pdfdir)
total = 0
for src in inputs:
    stem = os.path.splitext(os.path.basename(src))[0]
    pdf = os.path.join(pdfdir, stem + ".pdf")
    check(os.path.isfile(pdf), "LibreOffice printed no PDF for " + stem)
    text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    printed = squash(text)
    # A character outside the BMP (𠮷) comes from a fallback font, which LibreOffice writes as
    # its own text run: pdftotext -raw puts it on a line of its own.  Sentences are compared
    # without such characters, and each of them is looked for on its own.
    astral = re.compile("[\U00010000-\U0010FFFF]")
    bmp_printed = astral.sub("", printed)
    missing = [t for t in texts_of(src)
               if astral.sub("", squash(t)) and astral.sub("", squash(t)) not in bmp_printed]
    missing += [ch for t in texts_of(src) for ch in astral.findall(t) if ch not in printed]
    check(not missing, "%s: %d texts missing from the print, e.g. %r"
          % (stem, len(missing), missing[:3]))
    total += len(texts_of(src))
    # A number too wide for its column prints as ### (the seed's 交付金充当率 of 100.0 % did
    # once).  Hidden helper columns print ### invisibly, so look for the numbers themselves.
    if stem == "kodaira-h28-shiryo1":
        for shown in ("100.0%", "50.0%", "98.9%", "43,187,320", "44,141,320"):
            check(shown in printed, "%s: %s does not print (its column too narrow?)" % (stem, shown))
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    check("IPAexGothic" in fonts, "%s prints in IPAexGothic:\n%s" % (stem, fonts))
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    n = int([l for l in pages.splitlines() if l.startswith("Pages:")][0].split()[1])
    check(n >= 4, "%s: every sheet prints (%d pages)" % (stem, n))
print("ok: %d workbooks print every one of %d input texts" % (len(inputs), total))

"""Identical input and SOURCE_DATE_EPOCH give a byte-identical workbook; another epoch changes
only the creation date in docProps/core.xml.
usage: test_deterministic.py KPIREPORT WORKDIR"""

import os
import sys
import zipfile

from xlsxlib import INJECTION, SEED, build, check

kr_bin, work = sys.argv[1], sys.argv[2]
runs = [build(kr_bin, [SEED, INJECTION], os.path.join(work, d), epoch)
        for d, epoch in (("a", "1499000000"), ("b", "1499000000"), ("c", "1600000000"))]
for stem in runs[0]:
    a, b, c = (open(r[stem], "rb").read() for r in runs)
    check(a == b, "%s: two builds with one SOURCE_DATE_EPOCH differ" % stem)
    check(a != c, "%s: SOURCE_DATE_EPOCH is not used" % stem)
    za, zc = zipfile.ZipFile(runs[0][stem]), zipfile.ZipFile(runs[2][stem])
    differ = [n for n in za.namelist() if za.read(n) != zc.read(n)]
    check(differ == ["docProps/core.xml"], "%s: another epoch changes %r" % (stem, differ))
    core = za.read("docProps/core.xml").decode()
    check("2017-07-02T12:53:20Z" in core, "%s: created is SOURCE_DATE_EPOCH" % stem)
print("ok: workbooks are byte-identical under SOURCE_DATE_EPOCH")

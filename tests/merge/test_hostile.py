"""Hostile workbooks (they arrive by e-mail): each is refused with a clear message and exit 1,
the handout is left byte-identical, in bounded time and memory (docs/merge.md lists the limits).
usage: test_hostile.py KPIREPORT WORKDIR"""

import os
import re
import struct
import sys
import zipfile

import subprocess

from mergelib import SEED, build, check, copy, expect_refusal, run_measured

kr_bin, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
path = os.path.join(work, "h", "kodaira-h28-shiryo1.yaml")
book = os.path.join(work, "out", "kodaira-h28-shiryo1.xlsx")
MAKE = len(sys.argv) > 3  # the child that makes the workbooks (the parent measures the runs)
if not MAKE:
    copy(SEED, path)
    build(kr_bin, path, os.path.join(work, "out"))
    # The large test files are made in a child process, so that this one stays small: a child's
    # peak memory counts the pages it shares with its parent when forked.
    made = subprocess.run([sys.executable, __file__, kr_bin, work, "make"], capture_output=True, text=True)
    check(made.returncode == 0, "making the hostile workbooks failed:\n" + made.stderr)
    import json
    cases = json.loads(made.stdout)
with open(path, "rb") as f:
    before = f.read()
with zipfile.ZipFile(book) as z:
    parts = {i.filename: z.read(i.filename) for i in z.infolist()}
rels = parts["xl/_rels/workbook.xml.rels"].decode()
wbxml = parts["xl/workbook.xml"].decode()
rid = re.search(r'<sheet name="kpireport" sheetId="\d+" state="hidden" r:id="(rId\d+)"', wbxml).group(1)
ident = "xl/" + re.search(r'Id="%s" Type="[^"]+" Target="([^"]+)"' % rid, rels).group(1)


def variant(name, replace=None, drop=(), extra=None):
    """The seed's workbook with parts replaced, dropped or added (zipfile.ZipInfo: data)."""
    out = os.path.join(work, name + ".xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            if n in drop:
                continue
            z.writestr(n, (replace or {}).get(n, data))
        for info, data in (extra or {}).items():
            z.writestr(info, data)
    return out


def lie_about_size(p, member, size):
    """Rewrites the sizes a zip states for member (local header and central directory)."""
    with zipfile.ZipFile(p) as z:
        off = z.getinfo(member).header_offset
    with open(p, "r+b") as f:
        data = bytearray(f.read())
        struct.pack_into("<I", data, off + 22, size)
        cd = data.index(b"PK\x01\x02")
        while True:
            nlen = struct.unpack_from("<H", data, cd + 28)[0]
            if data[cd + 46:cd + 46 + nlen] == member.encode():
                struct.pack_into("<I", data, cd + 24, size)
                break
            cd = data.index(b"PK\x01\x02", cd + 4)
        f.seek(0)
        f.write(data)


asan = "ASAN_OPTIONS" in os.environ
if MAKE:
    cases = []
    notzip = os.path.join(work, "notzip.xlsx")
    with open(notzip, "wb") as f:
        f.write("実績は17420件です\n".encode() * 100)
    cases.append(("not a zip", notzip, "not an xlsx workbook (not a zip file)"))
    trunc = os.path.join(work, "truncated.xlsx")
    with open(trunc, "wb") as f:
        f.write(open(book, "rb").read()[:4000])
    cases.append(("a truncated zip", trunc, "not an xlsx workbook"))
    space = b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + b" " * (100 << 20) + b"</sst>"
    cases.append(("a huge member", variant("huge", {"xl/sharedStrings.xml": space}),
                  "the part xl/sharedStrings.xml would be"))
    bomb = variant("bomb", {"xl/sharedStrings.xml": space})
    lie_about_size(bomb, "xl/sharedStrings.xml", 2000)
    cases.append(("a zip bomb that lies about its size", bomb,
                  "the part xl/sharedStrings.xml is damaged (its checksum does not match)"))
    laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
              + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9))
              + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&j;</t></si></sst>')
    cases.append(("entity expansion", variant("laughs", {"xl/sharedStrings.xml": laughs.encode()}),
                  "it declares a DTD (<!DOCTYPE>), which no workbook does"))
    rows = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + b"".join(b'<row r="%d"/>' % i for i in range(1, 1000002)) + b"</sheetData></worksheet>")
    cases.append(("a million rows", variant("rows", {ident: rows}), "more than 100000 rows in the sheet"))
    big = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
           + b"A" * (100 << 20) + b"</t></si></sst>")
    cases.append(("a 100 MB shared string", variant("bigstring", {"xl/sharedStrings.xml": big}),
                  "the part xl/sharedStrings.xml would be"))
    one = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
           + "あ".encode() * 40000 + b"</t></si></sst>")
    cases.append(("a shared string over 32,767 characters", variant("longstring", {"xl/sharedStrings.xml": one}),
                  "a text of 40000 characters; a cell holds at most 32767"))
    cases.append(("a missing workbook part", variant("missing", drop={"xl/workbook.xml"}),
                  "the part xl/workbook.xml is missing"))
    cases.append(("a missing sheet", variant("nosheet", drop={ident}), "the part %s is missing" % ident))
    link = zipfile.ZipInfo(ident)
    link.external_attr = (0o120777 << 16)
    cases.append(("a symbolic link member", variant("symlink", drop={ident}, extra={link: b"/etc/passwd"}),
                  "the part %s is a symbolic link" % ident))
    cases.append(("a damaged identity sheet", variant("badid", {ident: b"<worksheet><sheetData><row><c"}),
                  "is not well-formed XML"))

    import json
    print(json.dumps(cases))
    sys.exit(0)
peak = 0
for what, wb, needle in cases:
    rc, out, err, elapsed, rss = run_measured(kr_bin, "merge", path, wb)
    expect_refusal(subprocess.CompletedProcess([], rc, out, err), path, before, needle)
    check(err.count("error:") == 1, "%s: one error:\n%s" % (what, err))
    check(elapsed < (60 if asan else 10), "%s: refused in %.1f s" % (what, elapsed))
    check(asan or rss < 100, "%s: refused within 100 MB of memory (%.0f MB)" % (what, rss))
    peak = max(peak, rss)
    print("ok: %-40s %5.2f s %5.1f MB  %s" % (what, elapsed, rss, err.strip().splitlines()[0][:90]))
print("ok: every hostile workbook refused, handout unchanged; peak resident size %.1f MB" % peak)

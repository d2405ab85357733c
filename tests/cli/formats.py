#!/usr/bin/python3
"""The renderer table is the one list of outputs: `kpireport --help` lists it, `build` writes one
file per format (each starting as its format does), `--formats a,b` writes only those, a name
that is not a format is a usage error naming it, and the man page documents every format."""
import os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from outputs import formats  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
SEED = os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml")
STEM = "kodaira-h28-shiryo1"
MAGIC = {".pdf": b"%PDF-", ".xlsx": b"PK\x03\x04", ".html": b"<!DOCTYPE html>",
         ".csv": b"\xef\xbb\xbf"}
failed = 0


def check(ok, what):
    global failed
    if not ok:
        failed += 1
        print("FAIL", what)


def build(*args):
    d = tempfile.mkdtemp(prefix="kr-formats-")
    r = subprocess.run([BIN, "build", "-o", d, *args, SEED], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
    names = sorted(os.listdir(d))
    heads = {n: open(os.path.join(d, n), "rb").read(16) for n in names}
    for n in names:
        os.unlink(os.path.join(d, n))
    os.rmdir(d)
    return r, names, heads


table = formats(BIN)
check(len(table) >= 2 and len({n for n, _ in table}) == len(table), f"formats: {table}")
r, names, heads = build()
check(r.returncode == 0, f"build: {r.returncode} {r.stderr}")
check(names == sorted(STEM + ext for _, ext in table), f"build wrote {names}")
for n, h in heads.items():
    ext = os.path.splitext(n)[1]
    check(ext in MAGIC and h.startswith(MAGIC[ext]), f"{n} starts with {h!r}")
for name, ext in table:
    r, names, _ = build("--formats", name)
    check(r.returncode == 0 and names == [STEM + ext], f"--formats {name}: {r.returncode} {names}")
if len(table) >= 2:
    pair = [table[-1], table[0]]
    r, names, _ = build(f"--formats={pair[0][0]},{pair[1][0]}")
    check(names == sorted(STEM + e for _, e in pair), f"two formats: {names}")
for bad, said in (("pdf,docx", "'docx' is not an output format"),
                  ("", "--formats needs a list of output formats")):
    r, names, _ = build("--formats", bad)
    check(r.returncode == 2 and said in r.stderr and not names,
          f"--formats {bad!r}: {r.returncode} {names} {r.stderr[:120]}")
man = open(os.path.join(SRC, "docs", "kpireport.1"), encoding="utf-8").read()
section = man.split(".SH OUTPUT FORMATS", 1)[-1].split("\n.SH ", 1)[0]
for name, ext in table:
    check(re.search(r"^\.B " + re.escape(name) + "$", section, re.M) and ext in section,
          f"the man page's OUTPUT FORMATS does not document {name} ({ext})")
print("formats ok" if not failed else f"{failed} failed")
sys.exit(1 if failed else 0)

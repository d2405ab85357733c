"""Helpers of the merge tests: build a handout's workbook, edit it as a department would (openpyxl,
LibreOffice), run kpireport merge, and compare files byte for byte.  Run under /usr/bin/python3."""

import difflib
import hashlib
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "xlsx"))
from xlsxlib import EPOCH, ROOT, SEED, check, fail, resave, soffice  # noqa: E402,F401

ENV = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C")


def run(kr_bin, *args, timeout=120):
    """kpireport ARGS...; returns the CompletedProcess (text)."""
    return subprocess.run([kr_bin] + list(args), env=ENV, capture_output=True, text=True,
                          timeout=timeout)


def run_measured(kr_bin, *args):
    """kpireport ARGS... -> (returncode, stdout, stderr, seconds, peak resident MB of that run)."""
    import tempfile
    import time
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen([kr_bin] + list(args), env=ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read().decode(), err.read().decode(), elapsed,
                usage.ru_maxrss / 1024)


def build(kr_bin, yaml_path, outdir):
    os.makedirs(outdir, exist_ok=True)
    r = run(kr_bin, "build", "-o", outdir, yaml_path)
    check(r.returncode == 0, "build failed:\n" + r.stderr)
    stem = os.path.splitext(os.path.basename(yaml_path))[0]
    return os.path.join(outdir, stem + ".xlsx")


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def changed_lines(before, after):
    """(removed, added) lines between two byte strings, line ends kept."""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    removed, added = [], []
    for line in difflib.diff_bytes(difflib.unified_diff, a, b, n=0):
        if line.startswith(b"---") or line.startswith(b"+++") or line.startswith(b"@@"):
            continue
        (removed if line.startswith(b"-") else added).append(line[1:])
    return removed, added


def edit(path, out, edits):
    """Writes out: path with {(sheet, cell): value} set, as openpyxl saves it."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell] = value
    resave(wb, out)
    return out


def merge(kr_bin, yaml_path, *books, dry=False):
    args = ["merge"] + (["--dry-run"] if dry else []) + [yaml_path] + list(books)
    return run(kr_bin, *args)


def expect_refusal(r, yaml_path, before, *needles):
    """The merge failed with exit 1, said each needle on stderr, and left the handout alone."""
    check(r.returncode == 1, "exit 1 expected, got %d:\n%s%s" % (r.returncode, r.stdout, r.stderr))
    for n in needles:
        check(n in r.stderr, "message %r expected in:\n%s" % (n, r.stderr))
    with open(yaml_path, "rb") as f:
        check(f.read() == before, "the handout was left byte-identical")

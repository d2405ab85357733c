#!/usr/bin/python3
"""A full disk, for real: a small tmpfs filled to a given number of free KiB, then a second build
of the same handouts into it.  Whatever point the disk fills at (the workbook's write, the PDF's
write, both, creating a temporary file, or nothing: a nearly full disk at the renames), the build
either exits 0 with a new, valid pair, or exits 3 naming the output it could not write, with the
previous PDF and workbook byte-identical and no temporary file left.

Needs root (mount); exits 77 (skipped, with the reason) when a tmpfs cannot be mounted."""
import hashlib, os, shutil, subprocess, sys, tempfile, zipfile

BIN, SRC = sys.argv[1], sys.argv[2]
SEED = os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml")
SKIP = 77
from checks import check, finish  # tests/reliability/checks.py
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from outputs import formats, output_names  # noqa: E402  tests/outputs.py


work = tempfile.mkdtemp(prefix="kr-diskfull-")
mnt = os.path.join(work, "full")
os.mkdir(mnt)


def mount(opts):
    return subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", mnt],
                          capture_output=True, text=True)


def umount():
    subprocess.run(["umount", mnt], capture_output=True)


probe = mount("size=64k") if os.getuid() == 0 else None
if probe is None or probe.returncode != 0:
    why = "not root" if probe is None else probe.stderr.strip()
    print(f"SKIP: cannot mount a tmpfs to fill ({why}); the full-disk test needs root")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(SKIP)
umount()

env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TMPDIR=work)
STEM = "kodaira-h28-shiryo1"
# The first sweep builds the PDF and the workbook only, in steps of one page; the second every
# format the renderer table has (the HTML and the CSV too), in steps of two.
FORMATS = "pdf,xlsx"
OUTS = [STEM + ".pdf", STEM + ".xlsx"]


def build(epoch):
    return subprocess.run([BIN, "build", "--formats", FORMATS, "-o", mnt, SEED],
                          capture_output=True, text=True,
                          env=dict(env, SOURCE_DATE_EPOCH=str(epoch)), timeout=120)


def digest():
    return {n: hashlib.sha256(open(os.path.join(mnt, n), "rb").read()).hexdigest() for n in OUTS}


_reference = {}


def reference():
    """The digests of the second build's outputs made where there is room (deterministic)."""
    if FORMATS not in _reference:
        d = tempfile.mkdtemp(dir=work)
        subprocess.run([BIN, "build", "--formats", FORMATS, "-o", d, SEED], capture_output=True,
                       env=dict(env, SOURCE_DATE_EPOCH="2"), check=True, timeout=120)
        _reference[FORMATS] = {n: hashlib.sha256(open(os.path.join(d, n), "rb").read()).hexdigest()
                               for n in OUTS}
        shutil.rmtree(d)
    return _reference[FORMATS]


def valid_pair():
    pdf, xlsx = (os.path.join(mnt, STEM + ext) for ext in (".pdf", ".xlsx"))
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
    try:
        with zipfile.ZipFile(xlsx) as z:
            zok = z.testzip() is None
    except zipfile.BadZipFile:
        zok = False
    return q.returncode == 0 and zok


def fill(free_kib):
    """Leaves free_kib KiB free on the tmpfs (tmpfs counts whole 4 KiB pages)."""
    st = os.statvfs(mnt)
    avail = st.f_bavail * st.f_frsize
    size = avail - free_kib * 1024
    if size > 0:
        with open(os.path.join(mnt, "filler"), "wb") as f:
            f.write(b"\0" * size)


def second_build(label, setup):
    """One case: a good first build, the disk made full by setup(), then a second build."""
    r = build(1)
    check(r.returncode == 0, f"{label}: first build exit {r.returncode}: {r.stderr[-300:]}")
    before = digest()
    setup()
    r = build(2)
    left = sorted(n for n in os.listdir(mnt) if n not in OUTS and n != "filler")
    check(not left, f"{label}: temporary files left: {left}")
    if r.returncode == 0:
        check(digest() == reference(), f"{label}: exit 0 but the outputs differ from a build "
              "on a disk with room")
        check(valid_pair(), f"{label}: exit 0 but the outputs are not valid")
        return "ok"
    check(r.returncode == 3, f"{label}: exit {r.returncode} (want 0 or 3): {r.stderr[-300:]}")
    check(digest() == before, f"{label}: a failed build changed the previous outputs")
    named = [n for n in OUTS if f"{os.path.join(mnt, n)}: error: cannot" in r.stderr]
    check(named, f"{label}: the error names no output: {r.stderr[-300:]}")
    check("[ERROR]" not in r.stderr and "[WARNING]" not in r.stderr,
          f"{label}: raw library lines on stderr: {r.stderr[-300:]}")
    return "+".join(os.path.splitext(n)[1][1:] for n in named)


seen = {}
try:
    # Free space from nothing to more than both outputs need, in the tmpfs's 4 KiB pages.
    # Every page of free space; every other one under the sanitizers (5x slower).
    for free in range(0, 104, 8 if os.environ.get("KR_SANITIZED") else 4):
        mount("size=320k")
        seen.setdefault(second_build(f"{free} KiB free", lambda: fill(free)), []).append(free)
        umount()
    FORMATS = ",".join(name for name, _ in formats(BIN))
    OUTS = output_names(BIN, STEM)
    for free in range(0, 200, 16 if os.environ.get("KR_SANITIZED") else 8):
        mount("size=400k")
        seen.setdefault(second_build(f"{free} KiB free, every format", lambda: fill(free)),
                        []).append(f"{free} all")
        umount()
    FORMATS, OUTS = "pdf,xlsx", [STEM + ".pdf", STEM + ".xlsx"]
    # No inode left for the second temporary file: creating it fails.
    mount("size=1m,nr_inodes=4")
    seen.setdefault(second_build("one inode free", lambda: None), []).append("inodes")
    umount()
finally:
    umount()
    shutil.rmtree(work, ignore_errors=True)

print("outcomes by free space:", seen)
# The sweep must have met the disk full at each point, not only one of them.
check("ok" in seen, "no free space was enough for a successful build")
check(any("pdf" in k for k in seen), "never failed at the PDF's write")
check(any("xlsx" in k for k in seen), "never failed at the workbook's write")
check(any(k != "ok" and ("html" in k or "csv" in k) for k in seen),
      "never failed at the HTML's or the CSV's write")
check(any(str(v).endswith("all") for k, vs in seen.items() if k == "ok" for v in vs),
      "no free space was enough for every format")
finish()

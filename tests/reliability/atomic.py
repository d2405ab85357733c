#!/usr/bin/python3
"""Atomic output and batches: whatever fails, nothing partial is left and the previous outputs
stay byte-identical; temporary files never outlive the process."""
import glob, hashlib, os, resource, shutil, signal, subprocess, sys, tempfile, time, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from outputs import output_names  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
SEED = os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml")
work = tempfile.mkdtemp(prefix="kr-atomic-")
os.chmod(work, 0o755)
tmpdir = os.path.join(work, "tmp")
os.mkdir(tmpdir)
env = dict(os.environ, TMPDIR=tmpdir, SOURCE_DATE_EPOCH="1499040000")
from checks import check, finish  # tests/reliability/checks.py


def build(out, *inputs, preexec=None, user=None):
    cmd = [BIN, "build", "-o", out, *inputs]
    if user:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, preexec_fn=preexec, timeout=300)


def digest(d):
    return {os.path.basename(p): hashlib.sha256(open(p, "rb").read()).hexdigest()
            for p in sorted(glob.glob(os.path.join(d, "*")))}


def leftovers(d):
    return [p for p in glob.glob(os.path.join(d, "*")) + glob.glob(os.path.join(tmpdir, "*"))
            if ".tmp" in os.path.basename(p) or os.path.dirname(p) == tmpdir]


def valid_outputs(d, stem):
    pdf, xlsx = os.path.join(d, stem + ".pdf"), os.path.join(d, stem + ".xlsx")
    if not (os.path.exists(pdf) and os.path.exists(xlsx)):
        return False
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
    try:
        with zipfile.ZipFile(xlsx) as z:
            zok = z.testzip() is None
    except zipfile.BadZipFile:
        zok = False
    return q.returncode in (0, 3) and zok


out = os.path.join(work, "out")
os.mkdir(out)
os.chmod(out, 0o755)
r = build(out, SEED)
check(r.returncode == 0, f"first build: {r.returncode} {r.stderr}")
before = digest(out)
check(sorted(before) == output_names(BIN, "kodaira-h28-shiryo1"), f"outputs: {sorted(before)}")

# An invalid input with the same stem leaves the previous outputs alone.
bad_dir = os.path.join(work, "bad")
os.mkdir(bad_dir)
bad = os.path.join(bad_dir, "kodaira-h28-shiryo1.yaml")
with open(bad, "w") as f:
    f.write("version: 1\ntitle: 壊れた\nfiscal_year: 2016\nprojects:\n  - name: x\n    cost: 1,000\n")
r = build(out, bad)
check(r.returncode == 1 and "error:" in r.stderr, f"invalid input: {r.returncode}")
check(digest(out) == before, "invalid input changed the outputs")

# Disk full: the file size limit makes writes fail (SIGXFSZ is ignored by kpireport).
def small_files():
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
r = build(out, SEED, preexec=small_files)
check(r.returncode == 3 and "cannot" in r.stderr.lower() or "error" in r.stderr,
      f"disk full: rc={r.returncode} {r.stderr[:200]}")
check(r.returncode == 3, f"disk full exit status {r.returncode}")
check(digest(out) == before, "disk full changed the outputs")
check(not leftovers(out), f"disk full left {leftovers(out)}")

# An unwritable folder (as an unprivileged user when run as root).
ro = os.path.join(work, "ro")
os.mkdir(ro)
seed_copy = os.path.join(work, "kodaira-h28-shiryo1.yaml")
shutil.copy(SEED, seed_copy)
if os.getuid() == 0:
    os.chmod(work, 0o755)
    os.chmod(seed_copy, 0o644)
    os.chmod(tmpdir, 0o777)
    os.chmod(ro, 0o755)
    r = build(ro, seed_copy, user=True)
else:
    os.chmod(ro, 0o555)
    r = build(ro, seed_copy)
check(r.returncode == 3 and ro in r.stderr, f"unwritable folder: rc={r.returncode} {r.stderr[:200]}")
check(os.listdir(ro) == [], f"unwritable folder has {os.listdir(ro)}")

# A batch goes on past a bad file and fails overall.
batch = os.path.join(work, "batch")
os.mkdir(batch)
good2 = os.path.join(work, "second.yaml")
shutil.copy(SEED, good2)
broken = os.path.join(bad_dir, "broken.yaml")  # its own stem: one call never names a stem twice
shutil.copy(bad, broken)
r = build(batch, seed_copy, broken, good2)
check(r.returncode == 1, f"batch exit status {r.returncode}")
check(valid_outputs(batch, "kodaira-h28-shiryo1") and valid_outputs(batch, "second"),
      f"batch outputs: {os.listdir(batch)}")

# Two processes building the same input into the same folder at once.
race = os.path.join(work, "race")
os.mkdir(race)
for _ in range(3):
    ps = [subprocess.Popen([BIN, "build", "-o", race, SEED], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE) for _ in range(2)]
    rcs = [p.wait(timeout=120) for p in ps]
    check(rcs == [0, 0], f"concurrent builds: {rcs}")
check(valid_outputs(race, "kodaira-h28-shiryo1"), "concurrent builds left invalid files")
check(digest(race) == before, "concurrent builds differ from a single build")
check(not leftovers(race), f"concurrent builds left {leftovers(race)}")

# SIGTERM in the middle of a batch: no temporary files, outputs complete or absent.
sig = os.path.join(work, "sig")
os.mkdir(sig)
inputs = []
for i in range(40):
    p = os.path.join(work, f"copy{i:02d}.yaml")
    shutil.copy(SEED, p)
    inputs.append(p)
for delay in (0.05, 0.2, 0.5):
    p = subprocess.Popen([BIN, "build", "-o", sig, *inputs], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(delay)
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=60)
    check(not leftovers(sig), f"SIGTERM after {delay}s left {leftovers(sig)}")
    stems = {os.path.splitext(os.path.basename(f))[0] for f in glob.glob(os.path.join(sig, "*"))}
    check(all(valid_outputs(sig, s) for s in stems), "SIGTERM left an incomplete pair")

check(os.listdir(tmpdir) == [], f"temporary files left in TMPDIR: {os.listdir(tmpdir)}")
shutil.rmtree(work, ignore_errors=True)
finish()

#!/usr/bin/python3
"""Two builds into one folder: two different handouts with the same stem, built at once into the
same folder again and again, always leave a PDF and a workbook of the same handout (each build
renames its pair under a lock of the folder); a stem given twice in one call is an error that
writes nothing.  Usage: race.py KPIREPORT SRC"""
import os, re, shutil, subprocess, sys, tempfile, time, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from outputs import output_names  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
RUNS = int(os.environ.get("KR_RACE_RUNS", "60"))
SEED = open(os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml"), encoding="utf-8").read()
work = tempfile.mkdtemp(prefix="kr-race-")
env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TMPDIR=work)
from checks import check, finish  # tests/reliability/checks.py


# Two handouts named handout.yaml in two folders, told apart by their titles.
inputs = []
for tag in ("甲", "乙"):
    d = os.path.join(work, tag)
    os.mkdir(d)
    p = os.path.join(d, "handout.yaml")
    with open(p, "w", encoding="utf-8") as f:
        f.write(re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {tag}{m.group(1)}", SEED, count=1))
    inputs.append(p)
out = os.path.join(work, "out")
os.mkdir(out)


def titles():
    pdf = subprocess.run(["pdfinfo", os.path.join(out, "handout.pdf")], capture_output=True,
                         text=True).stdout
    t_pdf = re.search(r"(?m)^Title:\s*(\S)", pdf)
    with zipfile.ZipFile(os.path.join(out, "handout.xlsx")) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    t_xlsx = re.search(r"<dc:title>(\S)", core)
    return (t_pdf.group(1) if t_pdf else "?"), (t_xlsx.group(1) if t_xlsx else "?")


mixed = 0
for i in range(RUNS):
    ps = [subprocess.Popen([BIN, "build", "-o", out, p], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True) for p in (inputs if i % 2 else inputs[::-1])]
    rcs = [p.wait(timeout=120) for p in ps]
    check(rcs == [0, 0], f"run {i}: exit {rcs}")
    a, b = titles()
    if a != b or a not in ("甲", "乙"):
        mixed += 1
        print(f"run {i}: the PDF is of {a}, the workbook of {b}")
check(mixed == 0, f"{mixed} of {RUNS} runs left a PDF and a workbook of different handouts")
check(sorted(os.listdir(out)) == output_names(BIN, "handout"), f"left {os.listdir(out)}")

# The pair is renamed under the folder's flock: while another process holds it, the outputs are
# not replaced; once it lets go, they are.
import fcntl  # noqa: E402
held = os.path.join(work, "held")
os.mkdir(held)
fd = os.open(held, os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
p = subprocess.Popen([BIN, "build", "-o", held, inputs[0]], env=env, stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE, text=True)
time.sleep(1.5)
check(p.poll() is None and os.listdir(held) != [] and
      not set(output_names(BIN, "handout")) & set(os.listdir(held)),
      f"the outputs were renamed while another process held the folder: {os.listdir(held)}")
fcntl.flock(fd, fcntl.LOCK_UN)
os.close(fd)
check(p.wait(timeout=120) == 0, "the build after the lock was released failed")
check(sorted(os.listdir(held)) == output_names(BIN, "handout"), f"left {os.listdir(held)}")

# One call naming two files with one stem: refused before anything is written.
for pair in (inputs, [os.path.join(work, "x.yml"), os.path.join(work, "x.yaml")]):
    for p in pair:
        if not os.path.exists(p):
            shutil.copy(inputs[0], p)
    o2 = os.path.join(work, "o2")
    os.makedirs(o2, exist_ok=True)
    r = subprocess.run([BIN, "build", "-o", o2, *pair], capture_output=True, text=True, env=env)
    check(r.returncode == 2, f"same stem {pair}: exit {r.returncode}")
    check(f"{pair[0]} and {pair[1]}" in r.stderr and "same" in r.stderr,
          f"same stem: message {r.stderr!r}")
    check(os.listdir(o2) == [], f"same stem: wrote {os.listdir(o2)}")

shutil.rmtree(work, ignore_errors=True)
finish()

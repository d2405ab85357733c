#!/usr/bin/python3
"""A red-team run over the promises of docs/reliability.md, with generated inputs (not part of the
suite: it takes minutes; its figures are in docs/reliability.md).

  redteam.py KPIREPORT SRC [--seed N] [--templates N] [--texts N] [--races N] [--signals N]
                           [--full]     (--full needs root: full disks on a tmpfs)

Each build is judged by the same oracle: it exits 0, 1 or 3 (never a signal); on 0 the PDF passes
qpdf --check, every word pdftotext places lies inside its page, every XML part of the workbook is
well-formed UTF-8 XML and the output folder holds exactly the pair; otherwise the folder is as it
was and the error is kpireport's own (a library's refusal of what validated is a finding); stderr is UTF-8 with no raw library line; no temporary file is left anywhere.  Any breach is
printed with the input that caused it, kept under /tmp/kr-redteam-found/."""
import argparse, glob, hashlib, os, random, re, shutil, signal, subprocess, sys, tempfile, time
import xml.parsers.expat, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from outputs import output_names  # noqa: E402  tests/outputs.py

ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("src")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--templates", type=int, default=200)
ap.add_argument("--texts", type=int, default=200)
ap.add_argument("--races", type=int, default=100)
ap.add_argument("--signals", type=int, default=60)
ap.add_argument("--full", action="store_true")
a = ap.parse_args()
rng = random.Random(a.seed)
BIN, SRC = a.bin, a.src
work = tempfile.mkdtemp(prefix="kr-redteam-")
tmpdir = os.path.join(work, "tmp")
os.mkdir(tmpdir)
found_dir = "/tmp/kr-redteam-found"
env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", TMPDIR=tmpdir)
SEED_T = open(os.path.join(SRC, "templates", "kodaira-kpi.yaml"), encoding="utf-8").read()
SEED_H = open(os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml"), encoding="utf-8").read()
stats = {}
findings = []


def sub(pat, repl, s, count=0, flags=0):
    """re.sub with repl taken literally, or a function of the match."""
    return re.sub(pat, repl if callable(repl) else (lambda m: repl), s, count=count, flags=flags)


def count(kind, outcome):
    stats.setdefault(kind, {}).setdefault(outcome, 0)
    stats[kind][outcome] += 1


def finding(kind, what, files):
    os.makedirs(found_dir, exist_ok=True)
    n = len(findings)
    for f in files:
        if os.path.exists(f):
            shutil.copy(f, os.path.join(found_dir, f"{kind}-{n}-{os.path.basename(f)}"))
    findings.append(f"{kind}: {what}")
    print("FOUND", kind, what[:300], flush=True)


def pdf_ok(pdf):
    if subprocess.run(["qpdf", "--check", pdf], capture_output=True).returncode != 0:
        return "qpdf --check fails"
    # errors="replace": pdftotext -bbox writes the ActualText of an emoji drawn as 〓 as UTF-8
    # encoded surrogates (its -raw output is right).
    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True).stdout.decode(
        "utf-8", "replace")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    for w, h, body in pages:
        for x0, y0, x1, y1 in re.findall(
                r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)"', body):
            # A line-initial opening bracket is set half an em to the left (its glyph's left half
            # is blank, 行頭の始め括弧は二分): its box may start that far outside the margin.
            em = float(y1) - float(y0)
            if float(x0) < -1 - 0.55 * em or float(y0) < -1 or float(x1) > float(w) + 1 or \
                    float(y1) > float(h) + 1:
                return f"a word drawn outside its page ({x0},{y0})-({x1},{y1}) of {w}x{h}"
    return None


def xlsx_ok(path):
    try:
        with zipfile.ZipFile(path) as z:
            for part in z.namelist():
                if part.endswith(".xml") or part.endswith(".rels"):
                    data = z.read(part)
                    data.decode("utf-8")
                    xml.parsers.expat.ParserCreate("UTF-8").Parse(data, True)
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        return f"workbook: {e}"
    return None


def snapshot(d):
    return {n: hashlib.sha256(open(os.path.join(d, n), "rb").read()).hexdigest()
            for n in sorted(os.listdir(d)) if os.path.isfile(os.path.join(d, n)) and n != "filler"}


def judge(kind, handout, template=None, stem="h"):
    """One build of handout (and template, as ./t.yaml) into a fresh folder, judged."""
    d = tempfile.mkdtemp(dir=work)
    out = os.path.join(d, "out")
    os.mkdir(out)
    src = os.path.join(d, stem + ".yaml")
    with open(src, "w", encoding="utf-8", newline="") as f:
        f.write(handout)
    files = [src]
    if template is not None:
        with open(os.path.join(d, "t.yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(template)
        files.append(os.path.join(d, "t.yaml"))
    try:
        r = subprocess.run([BIN, "build", "-o", out, src], capture_output=True, env=env, timeout=300)
    except subprocess.TimeoutExpired:
        finding(kind, "timeout after 300 s", files)
        count(kind, "timeout")
        return
    err = r.stderr.decode("utf-8", "replace")
    problem = None
    if r.returncode not in (0, 1, 3):
        problem = f"exit {r.returncode}"
    else:
        try:
            r.stderr.decode("utf-8")
        except UnicodeDecodeError:
            problem = "stderr is not UTF-8"
    if not problem and ("[WARNING]" in err or "[ERROR]" in err):
        problem = "a raw library line on stderr"
    left = sorted(os.listdir(out))
    if not problem and r.returncode == 0:
        if left != output_names(BIN, stem):
            problem = f"outputs {left}"
        else:
            problem = pdf_ok(os.path.join(out, stem + ".pdf")) or xlsx_ok(os.path.join(out, stem + ".xlsx"))
    elif not problem and left:
        problem = f"a failed build left {left}"
    elif not problem and not re.search(r": error: ", err):
        problem = "a failure without an error message"
    elif not problem and re.search(r"cannot write the workbook|PDF library error|post-processing", err):
        problem = "validated, then failed in a renderer's library"
    if not problem and os.listdir(tmpdir):
        problem = f"temporary files in TMPDIR: {os.listdir(tmpdir)}"
    if problem:
        finding(kind, problem + " | " + err[-300:], files)
        for f in os.listdir(tmpdir):
            os.unlink(os.path.join(tmpdir, f))
    count(kind, f"exit {r.returncode}" + (" FOUND" if problem else ""))
    shutil.rmtree(d, ignore_errors=True)


# ---- hostile templates ---------------------------------------------------------------------
WEIRD = ["=A1", "&P&N&&", "<b>]]>", "'", "[]:*?/\\", "\u202e反転", "\u2028", "𠮷𩸽", "ｶﾞｷﾞ",
         "か\u3099", "👨‍👩‍👧", "\t", "{page}{pages}{n}{fy}", "%s%n%d", "\\", '"', "ー" * 5, " "]


def text(n):
    pool = ["あ", "漢", "A", "w", "1", "、", "。", "（", "）", "・", "ー", "𠮷", " "] + WEIRD
    s = "".join(rng.choice(pool) for _ in range(n))
    return s[:n]


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace(
        "\u2028", "\\L") + '"'


def mutate_template():
    t = SEED_T
    for key, lo, hi in [("title", 4, 48), ("meeting", 4, 48), ("header", 4, 48), ("body", 4, 48),
                        ("small", 4, 48), ("footer", 4, 48), ("line_gap", 0, 2), ("padding", 0, 10)]:
        if rng.random() < 0.25:
            v = rng.choice([lo, hi] + [round(rng.uniform(lo, (lo + hi) / 3), 2)] * 4)
            t = sub(rf"(?m)^  {key}: .*$", f"  {key}: {v}", t)
    if rng.random() < 0.4:
        m = {k: rng.choice([0, 5, 50, 100]) for k in ("top", "right", "bottom", "left")}
        t = sub(r"(?m)^  margins: .*$", "  margins: {top: %(top)d, right: %(right)d, bottom: %(bottom)d, left: %(left)d}" % m, t)
    if rng.random() < 0.3:
        t = t.replace("size: A4", "size: " + rng.choice(["A3", "B4", "B5", "letter"]))
        t = t.replace("orientation: landscape", "orientation: " + rng.choice(["landscape", "portrait"]))
    if rng.random() < 0.5:
        fields = ["name", "number", "grant_program", "department", "code", "status", "cost",
                  "grant", "grant_ratio", "overview", "kpis", "rating", "results", "plans",
                  "policy", "committee"]
        cols = []
        for _ in range(rng.choice([1, 2, 3, 9, 30, 64, 65])):
            c = f"{{field: {rng.choice(fields)}, width: {rng.choice([0.01, 1, 1, 2, 5, 5, 300])}"
            if rng.random() < 0.5:
                c += f", label: {yq(text(rng.choice([1, 10, 100, 101])))}"
            if rng.random() < 0.3:
                c += f", group: {yq(text(5))}"
            cols.append("  - " + c + "}")
        t = sub(r"(?ms)^columns:\n.*?(?=^\S)", "columns:\n" + "\n".join(cols) + "\n", t, count=1)
    if rng.random() < 0.4:
        t = sub(r"(?m)^footer: .*$", "footer: " + yq(text(rng.choice([5, 100, 101])) + "{page}"), t)
    if rng.random() < 0.4:
        lab = rng.choice(["session", "met", "not_met", "continued", "legend", "total", "kpi_name",
                          "committee_prompt", "increase"])
        t = t.replace("labels:\n", f"labels:\n  {lab}: {yq(text(rng.choice([1, 30, 100])))}\n")
    if rng.random() < 0.4:
        sheet = rng.choice(["projects", "kpis", "info", "chart"])
        name = rng.choice([text(rng.choice([1, 5, 31, 32])), "KPI", "kpi", "History", "'x", "A!B"])
        t = sub(rf"{sheet}: [^,}}]+", f"{sheet}: {yq(name)}", t, count=1)
    if rng.random() < 0.2:
        t = t.replace("  font: IPAexGothic", "  font: " + yq(text(rng.choice([5, 31, 32, 50]))))
    if rng.random() < 0.1:
        t = t.replace("family: IPAexGothic", "family: " + rng.choice(["DejaVu Sans", "No Such", "IPAexMincho"]))
    return t


HANDOUT_T = re.sub(r"(?m)^template: .*$", "template: ./t.yaml", SEED_H)
for i in range(a.templates):
    judge("template", HANDOUT_T, mutate_template())
print("templates done", stats.get("template"), flush=True)

# ---- long texts ------------------------------------------------------------------------------
FIELDS = ["title", "committee", "material", "name", "overview", "results", "plans", "kpi name",
          "note", "unit", "department", "grant_program", "rating_label"]


def long_handout():
    h = SEED_H
    field = rng.choice(FIELDS)
    n = rng.choice([50, 99, 100, 101, 199, 200, 201, 1000, 8000, 32000, 32767, 32768])
    s = yq(text(n)) if rng.random() < 0.7 else yq("x" * n)
    if field in ("title",):
        h = sub(r"(?m)^title: .*$", "title: " + s, h, count=1)
    elif field in ("committee", "material"):
        h = sub(rf"(?m)^  {field}: .*$", f"  {field}: {s}", h, count=1)
    elif field == "name":
        h = sub(r"(?m)^  - name: .*$", "  - name: " + s, h, count=1)
    elif field in ("overview", "results", "plans"):
        h = sub(rf"(?m)^    {field}:", f"    {field}: {s}\n    x_{field}:", h, count=1)
        h = sub(rf"(?ms)^    x_{field}:.*?(?=^    \w)", "", h, count=1)
    elif field == "kpi name":
        h = sub(r"(?m)^      - name: .*$", "      - name: " + s, h, count=1)
    elif field == "note":
        h = sub(r"(?m)^(      - name: .*)$", lambda m: m.group(1) + "\n        note: " + s, h, count=1)
    elif field == "unit":
        h = sub(r"(?m)^        unit: .*$", "        unit: " + s, h, count=1)
    elif field in ("department", "grant_program"):
        h = sub(r"(?m)^(  - name: .*)$", lambda m: m.group(1) + f"\n    {field}: " + s, h, count=1)
    else:
        h = sub(r"(?m)^  - label: .*$", "  - label: " + s, h, count=1)
    return h


for i in range(a.texts):
    judge("text", long_handout())
print("texts done", stats.get("text"), flush=True)

# ---- concurrent builds: three handouts with one stem into one folder -------------------------
race = os.path.join(work, "race")
os.mkdir(race)
srcs = []
for tag in ("甲", "乙", "丙"):
    d = os.path.join(work, "race-" + tag)
    os.mkdir(d)
    p = os.path.join(d, "handout.yaml")
    with open(p, "w", encoding="utf-8") as f:
        f.write(re.sub(r"(?m)^title: ", f"title: {tag}", SEED_H, count=1))
    srcs.append(p)
for i in range(a.races):
    ps = [subprocess.Popen([BIN, "build", "-o", race, p], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) for p in rng.sample(srcs, 3)]
    rcs = [p.wait() for p in ps]
    t_pdf = re.search(r"(?m)^Title:\s*(\S)", subprocess.run(
        ["pdfinfo", os.path.join(race, "handout.pdf")], capture_output=True, text=True).stdout)
    with zipfile.ZipFile(os.path.join(race, "handout.xlsx")) as z:
        t_x = re.search(r"<dc:title>(\S)", z.read("docProps/core.xml").decode())
    ok = rcs == [0, 0, 0] and t_pdf and t_x and t_pdf.group(1) == t_x.group(1) \
        and sorted(os.listdir(race)) == output_names(BIN, "handout") and not os.listdir(tmpdir)
    if not ok:
        finding("race", f"run {i}: exits {rcs}, PDF {t_pdf and t_pdf.group(1)}, workbook "
                f"{t_x and t_x.group(1)}, folder {os.listdir(race)}", [])
    count("race", "ok" if ok else "FOUND")
print("races done", stats.get("race"), flush=True)

# ---- signals during a build of a 600-project handout ----------------------------------------
big = os.path.join(work, "big.yaml")
subprocess.run(["/usr/bin/python3", os.path.join(SRC, "bench", "gen.py"), "600", "-o", big], check=True)
sig = os.path.join(work, "sig")
os.mkdir(sig)
subprocess.run([BIN, "build", "-o", sig, big], env=env, check=True, capture_output=True)
old = snapshot(sig)
for i in range(a.signals):
    p = subprocess.Popen([BIN, "build", "-o", sig, big], env=dict(env, SOURCE_DATE_EPOCH=str(i + 2)),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, 0.5))
    s = rng.choice([signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
    p.send_signal(s)
    rc = p.wait()
    now = snapshot(sig)
    names = sorted(os.listdir(sig))
    same = now == old
    # A new set: the PDF and the workbook (which carry the build's date) both new; the HTML and
    # the CSV may be the same bytes as before.
    new_pair = not same and all(now.get(n) != old.get(n) for n in ("big.pdf", "big.xlsx")) and \
        pdf_ok(os.path.join(sig, "big.pdf")) is None and xlsx_ok(os.path.join(sig, "big.xlsx")) is None
    ok = names == output_names(BIN, "big") and (same or new_pair) and not os.listdir(tmpdir)
    if not ok:
        finding("signal", f"signal {s} run {i}: exit {rc}, files {names}, unchanged {same}", [])
    count("signal", ("killed" if rc < 0 else f"exit {rc}") + ("" if ok else " FOUND"))
    old = now
print("signals done", stats.get("signal"), flush=True)

# ---- full disks: every sample, every 4 KiB of free space -------------------------------------
if a.full:
    mnt = os.path.join(work, "full")
    os.mkdir(mnt)
    for sample in sorted(glob.glob(os.path.join(SRC, "input", "*.yaml"))):
        stem = os.path.splitext(os.path.basename(sample))[0]
        for free in range(0, 400, 4):
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], check=True)
            try:
                subprocess.run([BIN, "build", "-o", mnt, sample], env=dict(env, SOURCE_DATE_EPOCH="1"),
                               check=True, capture_output=True)
                old = snapshot(mnt)
                st = os.statvfs(mnt)
                with open(os.path.join(mnt, "filler"), "wb") as f:
                    f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - free * 1024))
                r = subprocess.run([BIN, "build", "-o", mnt, sample], capture_output=True,
                                   env=dict(env, SOURCE_DATE_EPOCH="2"))
                now = snapshot(mnt)
                names = sorted(n for n in os.listdir(mnt) if n != "filler")
                if r.returncode == 0:
                    ok = all(now[n] != old[n] for n in old) and \
                        pdf_ok(os.path.join(mnt, stem + ".pdf")) is None and \
                        xlsx_ok(os.path.join(mnt, stem + ".xlsx")) is None
                else:
                    ok = r.returncode == 3 and now == old and b"cannot write" in r.stderr
                ok = ok and names == output_names(BIN, stem)
                if not ok:
                    finding("full", f"{stem} with {free} KiB free: exit {r.returncode}, {names}", [])
                count("full", f"exit {r.returncode}" + ("" if ok else " FOUND"))
                if r.returncode == 0:
                    break  # everything fits from here on
            finally:
                subprocess.run(["umount", mnt], capture_output=True)
    print("full disks done", stats.get("full"), flush=True)

shutil.rmtree(work, ignore_errors=True)
print("\nbuilds by kind and outcome:")
for k, v in stats.items():
    print(f"  {k}: {sum(v.values())} — " + ", ".join(f"{o}: {n}" for o, n in sorted(v.items())))
print(f"{len(findings)} findings")
for f in findings:
    print("  " + f[:400])
sys.exit(1 if findings else 0)

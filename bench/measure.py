#!/usr/bin/python3
"""The measuring half of bench/run (which installs, builds and then calls this).

    bench/measure.py --kpireport BIN --dir DIR [--sizes 60,600,6000] [--runs 5]
                     [--peer-long 20] [--lo-long 10] [--rl-timeout 150] [--lo-timeout 120]
                     [--no-profile] [--no-libreoffice] [--json FILE]

For the seed (input/kodaira-h28-shiryo1.yaml) and a generated document per size (bench/gen.py):
  kpireport build   PDF + xlsx (--formats pdf,xlsx; bench/formats.py times the HTML and CSV)
  ReportLab         bench/reportlab_table.py, the PDF alone
  LibreOffice       soffice --headless --convert-to pdf of kpireport's xlsx (throwaway profile)
each timed as a whole process: one warm-up run, then RUNS runs, median wall time; every run under
/usr/bin/time -v for its peak RSS (median reported).  A peer whose warm-up takes longer than
--peer-long (ReportLab) or --lo-long (LibreOffice) seconds is run once: the warm-up is the
measurement and the table says "1 run".  Peers run under a timeout (--rl-timeout, --lo-timeout):
a stopped run is reported as such, with the ratio it implies as a lower bound.  Then: sizes, pdfinfo page counts, the checks of bench/check.py
on kpireport's PDF and xlsx and ReportLab's PDF, the size lower bound (bench/lowerbound.py),
callgrind instruction counts of kpireport on the seed and the smallest generated size, and a
callgrind profile by stage (bench/stages.py) of the 600-project document.
Prints Markdown.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PY = "/usr/bin/python3"
SEED = os.path.join(ROOT, "input", "kodaira-h28-shiryo1.yaml")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def timed(cmd, timeout=None, env=None):
    """One run under /usr/bin/time -v: (wall seconds, peak RSS KiB, exit status)."""
    tf = os.path.join(ARGS.dir, "time.txt")
    t0 = time.perf_counter()
    # own session: on a timeout the whole group (time, soffice and its children) is ended by id
    p = subprocess.Popen(["/usr/bin/time", "-v", "-o", tf] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return time.perf_counter() - t0, None, "timeout"
    wall = time.perf_counter() - t0
    rss = None
    with open(tf) as f:
        for line in f:
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1])
    if p.returncode != 0:
        log(err.decode(errors="replace")[-2000:])
    return wall, rss, p.returncode


def bench(name, cmd, runs, long_s=None, timeout=None, before=None, env=None):
    """Warm-up + runs; returns dict(wall, rss, runs, status)."""
    if before:
        before()
    w, r, st = timed(cmd, timeout, env)
    log(f"  {name}: warm-up {w:.2f} s" + ("" if st == 0 else f" ({st})"))
    if st != 0:
        return dict(wall=w, rss=r, runs=1, status=st)
    if long_s is not None and w > long_s:
        return dict(wall=w, rss=r, runs=1, status=0)
    walls, rsss = [], []
    for _ in range(runs):
        if before:
            before()
        w, r, st = timed(cmd, timeout, env)
        if st != 0:
            return dict(wall=w, rss=r, runs=len(walls) + 1, status=st)
        walls.append(w)
        rsss.append(r)
    log(f"  {name}: median {statistics.median(walls):.3f} s of {runs}")
    return dict(wall=statistics.median(walls), rss=statistics.median(rsss), runs=runs, status=0,
                walls=walls)


def pages(pdf):
    try:
        out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    except OSError:
        return None
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else None


def size(path):
    return os.path.getsize(path) if os.path.exists(path) else None


def check(yml, pdf, xlsx=None):
    cmd = [PY, os.path.join(BENCH, "check.py"), yml, pdf] + ([xlsx] if xlsx else [])
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode == 0, (p.stdout + p.stderr).strip()


def lower_bound(pdf):
    out = subprocess.run([PY, os.path.join(BENCH, "lowerbound.py"), pdf], capture_output=True,
                         text=True, check=True).stdout.split()
    font_z, text_z, total, chars, kanji = map(int, out)
    return dict(font=font_z, text=text_z, total=total, chars=chars, kanji=kanji)


def callgrind(kr, yml, outdir, cgfile):
    os.makedirs(outdir, exist_ok=True)
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cgfile}", kr,
                        "build", "--formats", "pdf,xlsx", "-o", outdir, yml],
                       capture_output=True, text=True, env=ENV)
    m = re.search(r"Collected : (\d+)", p.stderr)
    if p.returncode != 0 or not m:
        log(p.stderr[-2000:])
        return None
    return int(m.group(1))


def fmt_s(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def fmt_mb(kib):
    return "–" if kib is None else f"{kib / 1024:.1f}"


def fmt_b(n):
    return "–" if n is None else f"{n:,}"


def status(x, timeout):
    if x["status"] == 0:
        return ""
    if x["status"] == "timeout":
        return f" (stopped at the {timeout:.0f} s timeout)"
    return f" (exit {x['status']})"


def time_ratio(peer, k, timeout):
    if peer is None:
        return "–"
    if peer["status"] == "timeout":
        return f"> {timeout / k['wall']:.0f}× (timeout)"
    if peer["status"] != 0:
        return "–"
    return ratio(peer["wall"], k["wall"])


def ratio(a, b, digits=1):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.{digits}f}×"


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, {mem} RAM, " \
           f"{platform.system()} {platform.release()}"


def main():
    global ARGS, ENV
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpireport", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--sizes", default="60,600,6000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-long", type=float, default=20.0)
    ap.add_argument("--lo-long", type=float, default=10.0)
    ap.add_argument("--rl-timeout", type=float, default=150.0)
    ap.add_argument("--lo-timeout", type=float, default=120.0)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--no-libreoffice", action="store_true")
    ap.add_argument("--json")
    ARGS = ap.parse_args()
    kr = os.path.abspath(ARGS.kpireport)
    d = ARGS.dir = os.path.abspath(ARGS.dir)
    os.makedirs(d, exist_ok=True)
    ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", TMPDIR=d)
    sizes = [int(s) for s in ARGS.sizes.split(",") if s]
    t_start = time.time()

    docs = [("seed", SEED, None)]
    for n in sizes:
        y = os.path.join(d, f"bench-{n}.yaml")
        subprocess.run([PY, os.path.join(BENCH, "gen.py"), str(n), "-o", y], check=True)
        docs.append((f"N={n}", y, n))
    for _, y, _ in docs:
        p = subprocess.run([kr, "validate", y], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"bench: {y} does not validate:\n{p.stderr[-2000:]}")
    log(f"bench: documents generated and valid ({time.time() - t_start:.0f} s)")

    lo = shutil.which("soffice") if not ARGS.no_libreoffice else None
    lo_profile = os.path.join(d, "lo-profile")
    results = []
    for label, y, n in docs:
        stem = os.path.splitext(os.path.basename(y))[0]
        log(f"bench: {label}")
        r = dict(label=label, n=n, yaml=y)
        kdir = os.path.join(d, "kpireport")
        os.makedirs(kdir, exist_ok=True)
        # The PDF and the workbook, as before the HTML and the CSV (bench/formats.py times them).
        r["kr"] = bench("kpireport", [kr, "build", "--formats", "pdf,xlsx", "-o", kdir, y],
                        ARGS.runs, env=ENV)
        kpdf, kxlsx = os.path.join(kdir, stem + ".pdf"), os.path.join(kdir, stem + ".xlsx")
        r["kr"].update(pdf=size(kpdf), xlsx=size(kxlsx), pages=pages(kpdf))
        r["kr"]["check"] = check(y, kpdf, kxlsx)
        r["lb"] = lower_bound(kpdf)

        rdir = os.path.join(d, "reportlab")
        os.makedirs(rdir, exist_ok=True)
        rpdf = os.path.join(rdir, stem + ".pdf")
        r["rl"] = bench("ReportLab", [PY, os.path.join(BENCH, "reportlab_table.py"), y, rpdf],
                        ARGS.runs, long_s=ARGS.peer_long, timeout=ARGS.rl_timeout, env=ENV)
        ok = r["rl"]["status"] == 0
        r["rl"].update(pdf=size(rpdf) if ok else None, pages=pages(rpdf) if ok else None)
        r["rl"]["check"] = check(y, rpdf) if ok else (None, "not run to the end")

        if lo:
            ldir = os.path.join(d, "libreoffice")
            os.makedirs(ldir, exist_ok=True)
            lpdf = os.path.join(ldir, stem + ".pdf")

            def clean(lpdf=lpdf):
                if os.path.exists(lpdf):
                    os.remove(lpdf)
            r["lo"] = bench("LibreOffice",
                            [lo, f"-env:UserInstallation=file://{lo_profile}", "--headless",
                             "--convert-to", "pdf", "--outdir", ldir, kxlsx],
                            ARGS.runs, long_s=ARGS.lo_long, timeout=ARGS.lo_timeout,
                            before=clean, env=ENV)
            ok = r["lo"]["status"] == 0 and os.path.exists(lpdf)
            r["lo"].update(pdf=size(lpdf) if ok else None, pages=pages(lpdf) if ok else None)
        results.append(r)

    # callgrind: instruction counts on the seed and the smallest generated size, profile on 600
    cg = {}
    cgdir = os.path.join(d, "callgrind")
    os.makedirs(cgdir, exist_ok=True)
    for label, y, n in docs[:2]:
        log(f"bench: callgrind {label}")
        cg[label] = callgrind(kr, y, os.path.join(cgdir, "out"),
                              os.path.join(cgdir, f"{label.replace('=', '')}.callgrind"))
    profile = None
    prof_doc = next((x for x in docs if x[2] == 600), None)
    if not ARGS.no_profile and prof_doc:
        log("bench: callgrind profile N=600 (takes a few minutes)")
        f = os.path.join(cgdir, "N600.callgrind")
        cg["N=600"] = callgrind(kr, prof_doc[1], os.path.join(cgdir, "out"), f)
        profile = subprocess.run([PY, os.path.join(BENCH, "stages.py"), f, "--markdown"],
                                 capture_output=True, text=True).stdout

    report(results, cg, profile, time.time() - t_start)
    if ARGS.json:
        with open(ARGS.json, "w") as f:
            json.dump(dict(results=results, callgrind=cg), f, indent=1, default=str)


def report(results, cg, profile, elapsed):
    P = print
    P(f"Machine: {machine()}.")
    P(f"{subprocess.run([ARGS.kpireport, '--version'], capture_output=True, text=True).stdout.strip()}"
      f", Release build; times are medians of {ARGS.runs} runs after a warm-up (whole process, "
      f"wall clock), RSS is the peak from /usr/bin/time -v.")
    P()
    P("| document | projects | tool | wall s | runs | peak RSS MB | PDF bytes | xlsx bytes | pages | checks |")
    P("|---|---:|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        n = r["n"] if r["n"] else 2
        k = r["kr"]
        P(f"| {r['label']} | {n} | kpireport (PDF + xlsx) | {fmt_s(k['wall'])} | {k['runs']} | "
          f"{fmt_mb(k['rss'])} | {fmt_b(k['pdf'])} | {fmt_b(k['xlsx'])} | {k['pages'] or '–'} | "
          f"{'ok' if k['check'][0] else 'FAIL'} |")
        x = r["rl"]
        P(f"| | | ReportLab (PDF) | {fmt_s(x['wall'])}{status(x, ARGS.rl_timeout)} | {x['runs']} | "
          f"{fmt_mb(x['rss'])} | {fmt_b(x['pdf'])} | | {x['pages'] or '–'} | "
          f"{ {True: 'ok', False: 'FAIL', None: '–'}[x['check'][0]]} |")
        if "lo" in r:
            x = r["lo"]
            P(f"| | | LibreOffice (xlsx → PDF) | {fmt_s(x['wall'])}{status(x, ARGS.lo_timeout)} | {x['runs']} | "
              f"{fmt_mb(x['rss'])} | {fmt_b(x['pdf'])} | | {x['pages'] or '–'} | |")
    P()
    P("Ratios, all from this run (ReportLab / kpireport time: higher is better for kpireport; "
      "size ratios: lower is better):")
    P()
    P("| document | ReportLab ÷ kpireport time | LibreOffice ÷ kpireport time | kpireport ÷ ReportLab "
      "peak RSS | kpireport ÷ ReportLab PDF size | lower bound bytes (font + text) | kpireport PDF "
      "÷ lower bound | distinct kanji | callgrind Ir (kpireport) |")
    P("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        k, x, lb = r["kr"], r["rl"], r["lb"]
        lo = r.get("lo")
        lo_r = time_ratio(lo, k, ARGS.lo_timeout)
        ir = cg.get(r["label"])
        P(f"| {r['label']} | {time_ratio(x, k, ARGS.rl_timeout)} | {lo_r} | "
          f"{ratio(k['rss'], x['rss'] if x['status'] == 0 else None, 2)} | "
          f"{ratio(k['pdf'], x['pdf'], 3)} | "
          f"{fmt_b(lb['total'])} ({fmt_b(lb['font'])} + {fmt_b(lb['text'])}) | "
          f"{ratio(k['pdf'], lb['total'], 3)} | {lb['kanji']} | {fmt_b(ir)} |")
    P()
    # goals of issue 7
    by = {r["label"]: r for r in results}
    goals = []

    def goal(text, fig, met):
        goals.append((text, fig, "met" if met else ("**not met**" if met is False else "not measured")))

    s = by.get("seed")
    if s:
        v = s["rl"]["wall"] / s["kr"]["wall"]
        goal("seed: PDF + xlsx ≥ 20× faster than ReportLab's PDF", f"{v:.1f}×", v >= 20)
    m = by.get("N=600")
    if m:
        v = m["rl"]["wall"] / m["kr"]["wall"]
        goal("600 projects: ≥ 30× faster than ReportLab", f"{v:.1f}× ({fmt_s(m['kr']['wall'])} s vs "
             f"{fmt_s(m['rl']['wall'])} s, {m['kr']['pages']} pages)", v >= 30)
        v = m["kr"]["rss"] / m["rl"]["rss"]
        goal("600 projects: peak RSS ≤ ½ of ReportLab's", f"{v:.2f} ({fmt_mb(m['kr']['rss'])} MB vs "
             f"{fmt_mb(m['rl']['rss'])} MB)", v <= 0.5)
    b = by.get("N=6000")
    if m and b:
        v = b["kr"]["wall"] / m["kr"]["wall"]
        w = b["kr"]["rss"] / m["kr"]["rss"]
        goal("growth: time(6000) ÷ time(600) ≤ 11", f"{v:.1f} (memory {w:.1f})", v <= 11)
    worst_rl = max((r["kr"]["pdf"] / r["rl"]["pdf"] for r in results if r["rl"]["pdf"]), default=None)
    if worst_rl is not None:
        goal("PDF ≤ 0.55× ReportLab's (every document)", f"worst {worst_rl:.3f}", worst_rl <= 0.55)
    worst_lb = max(r["kr"]["pdf"] / r["lb"]["total"] for r in results)
    goal("PDF within 10 % of the lower bound (every document)", f"worst {worst_lb:.3f}×",
         worst_lb <= 1.10)
    allok = all(r["kr"]["check"][0] and r["rl"]["check"][0] is not False for r in results)
    goal("outputs pass the checks (qpdf --check, embedded subset fonts, every sentence in "
         "pdftotext -raw; xlsx holds every sentence)", "all ok" if allok else "see below", allok)
    P("| goal (issue 7) | measured | |")
    P("|---|---|---|")
    for t, f, st in goals:
        P(f"| {t} | {f} | {st} |")
    P()
    for r in results:
        for who in ("kr", "rl"):
            ok, msg = r[who]["check"]
            if ok is False:
                P(f"- check {r['label']} {who}: {msg}")
    if profile:
        P("Profile by stage, kpireport on N=600 (callgrind, inclusive instruction counts):")
        P()
        P(profile)
    P(f"bench/run took {elapsed / 60:.1f} min.")


if __name__ == "__main__":
    main()

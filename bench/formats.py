#!/usr/bin/python3
"""What the web copy and the open data cost: kpireport's formats timed apart and together.

    bench/formats.py --kpireport BIN --dir DIR [--sizes 60,600,6000] [--runs 9] [--rounds 3]

For the seed (input/kodaira-h28-shiryo1.yaml) and a bench/gen.py document per size, each of
  validate                      load, validate and compute: what every build does first
  build --formats pdf,xlsx      what a build wrote before the HTML and the CSV
  build                         every format (the default)
  build --formats html          the web copy alone
  build --formats csv           the open data alone
is run RUNS times after a warm-up, the commands interleaved (so that a neighbour's load on this
shared machine falls on all of them alike), and the whole repeated ROUNDS times: the tables give
the median wall time and the median CPU time (user + system, every thread) of all runs, with the
lowest and highest of the rounds' medians.  Under callgrind (instructions, every thread,
repeatable where times on a shared machine are not) every command is counted on the seed and
the smallest size, and validate, html and csv on every size: html or csv minus validate is what
rendering that format costs, and per project it stays flat when it grows linearly.
Prints Markdown.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
SEED = os.path.join(ROOT, "input", "kodaira-h28-shiryo1.yaml")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1500000000", LC_ALL="C.UTF-8", LANGUAGE="")
VARIANTS = [("validate", None), ("pdf,xlsx", ["--formats", "pdf,xlsx"]), ("all four", []),
            ("html", ["--formats", "html"]), ("csv", ["--formats", "csv"])]


def command(kr, args, yml, out):
    if args is None:
        return [kr, "validate", yml]
    return [kr, "build", "-q", "-o", out, *args, yml]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(kr, args, yml, out):
    """One run: (wall seconds, CPU seconds of user and system time over every thread)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(command(kr, args, yml, out), env=ENV, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(st)
    if p.returncode != 0:
        sys.exit(f"kpireport {args} failed on {yml}")
    return wall, ru.ru_utime + ru.ru_stime


def instructions(kr, args, yml, out):
    cg = os.path.join(out, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg,
                    *command(kr, args, yml, out)], env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = 0
    with open(cg) as f:
        for line in f:
            m = re.match(r"(?:summary|totals): (\d+)", line)
            if m:
                total = max(total, int(m.group(1)))
    os.unlink(cg)
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpireport", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--sizes", default="60,600,6000")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    docs = [("seed", SEED)]
    for n in a.sizes.split(","):
        y = os.path.join(a.dir, f"gen{n}.yaml")
        if not os.path.exists(y):
            subprocess.run(["/usr/bin/python3", os.path.join(BENCH, "gen.py"), n, "-o", y],
                           check=True)
        docs.append((f"N={n}", y))
    out = os.path.join(a.dir, "out")
    os.makedirs(out, exist_ok=True)
    rows = []
    for name, y in docs:
        log(f"{name}: timing")
        stem = os.path.splitext(os.path.basename(y))[0]
        runs = a.runs if not name.endswith("6000") else max(3, a.runs // 3)
        medians = {(v, k): [] for v, _ in VARIANTS for k in (0, 1)}
        times = {(v, k): [] for v, _ in VARIANTS for k in (0, 1)}
        for v, args in VARIANTS:  # warm-up
            run(a.kpireport, args, y, out)
        for _ in range(a.rounds):
            this = {key: [] for key in times}
            for _ in range(runs):
                for v, args in VARIANTS:
                    for k, t in enumerate(run(a.kpireport, args, y, out)):
                        this[(v, k)].append(t)
            for key in this:
                medians[key].append(statistics.median(this[key]))
                times[key] += this[key]
        sizes = {ext: os.path.getsize(os.path.join(out, stem + ext)) for ext in
                 (".pdf", ".xlsx", ".html", ".csv")}
        rows.append(dict(name=name, n=int(name[2:]) if name != "seed" else 2, times=times,
                         medians=medians, sizes=sizes, runs=runs))
    ir = []
    for i, (name, y) in enumerate(docs):
        log(f"{name}: callgrind")
        ir.append((name, {v: instructions(a.kpireport, args, y, out) for v, args in VARIANTS
                          if i < 2 or v in ("validate", "html", "csv")}))
    report(rows, ir, a)


def ms(s):
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.2f} s"


def timing_table(rows, a, k, what):
    print(f"{what}: the median of every run, in brackets the lowest and highest of the "
          f"{a.rounds} rounds' medians.\n")
    print("| document | runs | validate | pdf,xlsx | all four | added by html+csv | html alone "
          "| csv alone |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        med = {v: statistics.median(r["times"][(v, k)]) for v, _ in VARIANTS}
        rng = {v: (min(r["medians"][(v, k)]), max(r["medians"][(v, k)])) for v, _ in VARIANTS}
        cell = lambda v: f"{ms(med[v])} ({ms(rng[v][0])}–{ms(rng[v][1])})"
        add = med["all four"] / med["pdf,xlsx"] - 1
        print(f"| {r['name']} | {a.rounds}×{r['runs']} | {cell('validate')} | {cell('pdf,xlsx')} "
              f"| {cell('all four')} | {add * 100:+.1f} % | {cell('html')} | {cell('csv')} |")
    print()


def report(rows, ir, a):
    timing_table(rows, a, 0, "Wall time")
    timing_table(rows, a, 1, "CPU time (user + system, every thread)")
    print("Instructions (callgrind, every thread); rendering is the format minus validate:\n")
    print("| document | validate | pdf,xlsx | all four | added by html+csv | html | csv "
          "| rendering html per project | rendering csv per project |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    n_of = {r["name"]: r["n"] for r in rows}
    for name, c in ir:
        n = n_of[name]
        whole = ("pdf,xlsx" in c and f"{c['pdf,xlsx']:,} | {c['all four']:,} | "
                 f"{(c['all four'] / c['pdf,xlsx'] - 1) * 100:+.1f} %") or "– | – | –"
        print(f"| {name} | {c['validate']:,} | {whole} | {c['html']:,} | {c['csv']:,} | "
              f"{(c['html'] - c['validate']) // n:,} | {(c['csv'] - c['validate']) // n:,} |")
    print("\nOutput sizes:\n")
    print("| document | projects | PDF | xlsx | HTML | CSV | HTML per project | CSV per project |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        s, n = r["sizes"], r["n"]
        print(f"| {r['name']} | {n} | {s['.pdf']:,} | {s['.xlsx']:,} | {s['.html']:,} | "
              f"{s['.csv']:,} | {s['.html'] // n:,} B | {s['.csv'] // n:,} B |")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Times kpireport merge on a generated handout: bench/gen.py N, its workbook with every KPI's
actual changed and every tenth project's results rewritten (as openpyxl saves it), merged into a
fresh copy of the handout several times.  Prints the median wall time and the peak resident size
of the merge.

    bench/merge.py KPIREPORT [--n 600] [--runs 5] [--dir DIR]

Needs Debian's python3-openpyxl (/usr/bin/python3).  Figures: docs/performance.md."""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def edit(book, out):
    """Runs in a child process (openpyxl's memory must not count in the merge's peak)."""
    import openpyxl
    wb = openpyxl.load_workbook(book)
    kpi, prj = wb["KPI"], wb["事業一覧"]
    col = {str(c.value).split("\n")[0]: c.column for c in kpi[4] if c.value}["実績値"]
    changed = 0
    for r in range(5, kpi.max_row + 1):
        v = kpi.cell(r, col).value
        kpi.cell(r, col).value = (v or 0) + 1
        changed += 1
    res = {c.value: c.column for c in prj[4] if c.value}["事業の実績・効果等"]
    for r in range(6, prj.max_row + 1, 10):
        if prj.cell(r, 1).value:
            prj.cell(r, res).value = "・ベンチマークの書き換え%d\n・二つ目の項目" % r
            changed += 1
    for ws in wb.worksheets:
        ws._charts = []
    wb.save(out)
    print(changed)


def measured(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("merge failed: " + err)
    return time.monotonic() - t0, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--edit":
        edit(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("kpireport")
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default="build-bench/merge")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    src = os.path.join(a.dir, "gen%d.yaml" % a.n)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(a.n), "-o", src], check=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1499000000")
    subprocess.run([a.kpireport, "build", "-o", a.dir, src], check=True, env=env)
    book = os.path.join(a.dir, "gen%d.xlsx" % a.n)
    edited = os.path.join(a.dir, "edited%d.xlsx" % a.n)
    changed = subprocess.run([sys.executable, __file__, "--edit", book, edited], check=True,
                             capture_output=True, text=True).stdout.strip()
    times, peaks, cpus = [], [], []
    for i in range(a.runs):
        target = os.path.join(a.dir, "handout%d.yaml" % a.n)
        shutil.copyfile(src, target)
        t, rss, cpu = measured([a.kpireport, "merge", target, edited])
        times.append(t)
        peaks.append(rss)
        cpus.append(cpu)
    t0, rss0, cpu0 = measured([a.kpireport, "merge", target, edited])  # nothing left to change
    size = os.path.getsize(edited)
    print("N=%d: workbook %d bytes, %s values changed; merge wall median %.3f s (min %.3f, max "
          "%.3f), CPU median %.3f s, over %d runs, peak %.1f MB; the same merge again (nothing to "
          "change) %.3f s wall, %.3f s CPU, %.1f MB"
          % (a.n, size, changed, statistics.median(times), min(times), max(times),
             statistics.median(cpus), a.runs, max(peaks), t0, cpu0, rss0))


if __name__ == "__main__":
    main()

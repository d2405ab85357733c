#!/usr/bin/python3
"""A profile of kpireport by stage, from a callgrind output file.

    bench/stages.py callgrind.out [--markdown]

Reads the call graph callgrind recorded (self cost of every function and the inclusive cost of
every call edge) and maps kpireport's functions to the stages of issue 7:

  start-up      dynamic linking and everything before main
  load          kr_doc_load: read, YAML parse, node tree, model, template
  validate      kr_validate
  compute       kr_compute
  font          kr_font_load: fontconfig lookup, HarfBuzz face, coverage
  line breaking kr_wrap (ICU line breaking with 禁則, measuring), split by caller into the PDF
                layout and the xlsx row heights (a caller belongs to the renderer, kr_render_pdf
                or kr_render_xlsx, it is reachable from)
  PDF layout    kr_pl_build + kr_pl_paginate, less their line breaking
  subsetting    kr_font_subset (hb-subset)
  PDF writing   the rest of kr_render_pdf: libharu drawing and writing (zlib), the qpdf post-pass
                (kr_pdf_fix, shown apart)
  xlsx writing  kr_render_xlsx less its line breaking (libxlsxwriter, zip)
  other         what is left (output files, freeing, exit)

The costs are instruction counts (Ir), inclusive; a function that calls itself is counted once.
Function names are those in src/ (check with `nm build/kpireport`); static functions the
compiler inlined are part of their caller.
"""
import re
import sys
from collections import defaultdict


def parse(path):
    names = {}
    obs = {}
    fn_ob = {}
    ob = None
    self_cost = defaultdict(int)
    edges = defaultdict(int)          # (caller, callee) -> inclusive Ir
    summary = None
    fn = None
    pending_call = None
    name_re = re.compile(r"^\((\d+)\)(?: (.*))?$")

    def name(spec):
        m = name_re.match(spec)
        if not m:
            return spec
        i, n = m.group(1), m.group(2)
        if n is not None:
            names[i] = n
        return names.get(i, i)

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if pending_call is not None:
                    edges[(fn, pending_call)] += cost
                    pending_call = None
                else:
                    self_cost[fn] += cost
            elif line.startswith("ob="):
                m = name_re.match(line[3:])
                if m and m.group(2) is not None:
                    obs[m.group(1)] = m.group(2)
                ob = obs.get(m.group(1)) if m else line[3:]
            elif line.startswith("cob="):
                m = name_re.match(line[4:])
                if m and m.group(2) is not None:
                    obs[m.group(1)] = m.group(2)
            elif line.startswith("fn="):
                fn = name(line[3:])
                fn_ob.setdefault(fn, ob)
            elif line.startswith("cfn="):
                callee = name(line[4:])
                cur_callee = callee
            elif line.startswith("calls="):
                pending_call = cur_callee
            elif line.startswith("summary:") or line.startswith("totals:"):
                summary = int(line.split()[1])
    parse.fn_ob = fn_ob
    return self_cost, edges, summary


def main():
    path = sys.argv[1]
    md = "--markdown" in sys.argv
    self_cost, edges, total = parse(path)
    incl = defaultdict(int)
    for fn, c in self_cost.items():
        incl[fn] += c
    for (a, b), c in edges.items():
        if a != b:                    # a recursive call is already inside the outer one
            incl[a] += c
    if total is None:
        total = sum(self_cost.values())

    def I(name):
        return incl.get(name, 0)

    def into(callee, caller_pred):
        return sum(c for (a, b), c in edges.items() if b == callee and a != callee and caller_pred(a))

    # a caller of kr_wrap belongs to the renderer it is reachable from
    children = defaultdict(set)
    for (a, b) in edges:
        children[a].add(b)

    def reach(root):
        seen, todo = {root}, [root]
        while todo:
            for b in children[todo.pop()]:
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        return seen

    under_pdf, under_xlsx = reach("kr_render_pdf"), reach("kr_render_xlsx")
    pdf_side = lambda a: a in under_pdf and a not in under_xlsx
    xlsx_side = lambda a: a in under_xlsx and a not in under_pdf
    # Renderers call kr_wrap_with (their own line breaker); kr_wrap is its wrapper.
    wrap_fn = "kr_wrap_with" if "kr_wrap_with" in incl else "kr_wrap"
    wrap_pdf = into(wrap_fn, pdf_side)
    wrap_xlsx = into(wrap_fn, xlsx_side)
    wrap_other = I(wrap_fn) - wrap_pdf - wrap_xlsx
    layout = I("kr_pl_build") + I("kr_pl_paginate")
    subset = I("kr_font_subset")
    render_pdf = I("kr_render_pdf")
    fix = I("kr_pdf_fix")
    xlsx = I("kr_render_xlsx")
    # The workbook renders on a thread of its own (build.c run_job), which callgrind counts
    # outside main: the work done after main's start is main plus those threads.
    main_ = I("main") + sum(c for (a, b), c in edges.items()
                            if b == "run_job" and a == "start_thread")
    known = {
        "load": I("kr_doc_load"),
        "validate": I("kr_validate"),
        "compute": I("kr_compute"),
        "font (fontconfig, face)": I("kr_font_load"),
        "line breaking, PDF": wrap_pdf,
        "line breaking, xlsx": wrap_xlsx,
        "PDF layout (without line breaking)": layout - wrap_pdf,
        "subsetting (hb-subset)": subset,
        "PDF writing (libharu, zlib)": render_pdf - layout - subset - fix,
        "PDF post-pass (qpdf)": fix,
        "xlsx writing (without line breaking)": xlsx - wrap_xlsx,
    }
    if wrap_other > 0:
        known["line breaking, other"] = wrap_other
    rows = [("start-up (before main)", total - main_)] + list(known.items())
    rows.append(("other", main_ - sum(known.values())))
    if md:
        print("| stage | Ir | share |")
        print("|---|---:|---:|")
        for k, v in rows:
            print(f"| {k} | {v:,} | {100 * v / total:.1f} % |")
        print(f"| **total** | **{total:,}** | 100 % |")
    else:
        for k, v in rows:
            print(f"{k:40s} {v:>16,} {100 * v / total:6.1f} %")
        print(f"{'total':40s} {total:>16,}")
    # the heaviest library functions, self cost: what stands in the way
    top = sorted(self_cost.items(), key=lambda kv: -kv[1])[:8]
    print()
    print("Heaviest functions (self Ir):" if not md else "Heaviest functions (self Ir):\n")
    for fn, c in top:
        lib = (parse.fn_ob.get(fn) or "?").rsplit("/", 1)[-1]
        print(("- " if md else "  ") + f"{fn} [{lib}]: {c:,} ({100 * c / total:.1f} %)")


if __name__ == "__main__":
    main()

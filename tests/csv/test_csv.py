#!/usr/bin/python3
"""STEM.csv read by independent readers: Python's csv module (strict RFC 4180), PyYAML for the
handout, openpyxl for the workbook's cached values, LibreOffice for formula safety.

For every sample, a bench/gen.py document and tests/xlsx/injection.yaml:
- UTF-8 with a BOM, CRLF line ends, strict RFC 4180, every row as long as the header;
- the header is the column list docs/opendata.md documents (and the template's extra fields),
  every header plain JIS X 0208 (no 機種依存文字) without spaces or line breaks;
- every project and subproject of the YAML is there with its name, every KPI under it in order,
  and a project without KPIs has one row with its KPI columns empty;
- numeric columns hold plain numbers (no separators, no units), money in 円;
- the figures equal the workbook's cached values (事業費, 交付金, 交付金充当率 on the projects
  sheet; 目標値, 実績値, 達成率, 判定, 将来KPI and its progress on the KPI sheet);
- a text that a spreadsheet would take for a formula is written with one apostrophe in front and
  recovers exactly, and LibreOffice opening the CSV makes no formula of any cell.
usage: test_csv.py KPIREPORT WORKDIR"""
import csv
import io
import os
import re
import subprocess
import sys

import openpyxl
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "xlsx"))
import xlsxlib  # noqa: E402

BIN, WORK = sys.argv[1], sys.argv[2]
failed = 0


def check(ok, what):
    global failed
    if not ok:
        failed += 1
        print("FAIL", what)
    return ok


def documented_columns():
    """The column names of docs/opendata.md's table, in order ('*' for the extra fields)."""
    text = open(os.path.join(ROOT, "docs", "opendata.md"), encoding="utf-8").read()
    cols = []
    for line in text.split("| column | what it holds |", 1)[1].splitlines()[2:]:
        if not line.startswith("|"):
            break
        name = line.split("|")[1].strip()
        cols.append("*" if name.startswith("(") else name)
    return cols


NUMERIC = {"対象年度（西暦）", "指標番号", "将来目標の年度（西暦）"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def numeric(header):
    return header in NUMERIC or "（円）" in header or "（％）" in header or header in (
        "基準値", "目標値", "実績値", "将来目標値")


def read_csv(path):
    raw = open(path, "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 BOM")
    text = raw[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    # Every record ends in CRLF: outside quotes there is no bare LF.
    outside = re.sub(r'"(?:[^"]|"")*"', "", text)
    check("\n" not in outside.replace("\r\n", ""), f"{path}: a line end that is not CRLF")
    check(text.endswith("\r\n"), f"{path}: the last record does not end in CRLF")
    return rows


def projects_of(doc):
    """[(id, parent id, project dict)] in document order."""
    out = []
    for i, p in enumerate(doc["projects"], 1):
        out.append((str(i), "", p))
        for j, s in enumerate(p.get("subprojects") or [], 1):
            out.append((f"{i}-{j}", str(i), s))
    return out


def unescape(v):
    return v[1:] if v.startswith("'") else v


def same_number(a, b, places=None):
    if a in ("", None) or b in ("", None):
        return (a in ("", None)) == (b in ("", None))
    a, b = float(a), float(b)
    if places is not None:
        b = round(b + (1e-9 if b >= 0 else -1e-9), places)
    return abs(a - b) < 1e-6


def column_of(ws, row, label):
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value.replace("\n", "") == label.replace("\n", ""):
            return cell.column
    return None


def check_workbook(stem, xlsx, rows, col, tmpl):
    """The CSV's figures against the workbook's cached values."""
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    kws = wb[tmpl.get("xlsx", {}).get("sheets", {}).get("kpis", "KPI")]
    labels = tmpl.get("labels") or {}
    head = 4
    kc = {k: column_of(kws, head, labels.get(lk, d)) for k, lk, d in (
        ("target", "kpi_target", "目標値"), ("actual", "kpi_actual", "実績値"),
        ("ach", "achievement", "達成率"), ("verdict", "kpi_verdict", "判定"),
        ("lt", "kpi_long_term", "将来KPI"), ("prog", "kpi_progress", "将来KPIに\n対する進捗"),
        ("name", "kpi_name", "KPI"))}
    # The KPI sheet's headers carry the fiscal year on a second line: match by the first.
    for k in ("target", "actual"):
        if kc[k] is None:
            for cell in kws[head]:
                if isinstance(cell.value, str) and cell.value.split("\n")[0] == labels.get(
                        "kpi_" + k, "目標値" if k == "target" else "実績値"):
                    kc[k] = cell.column
    check(all(kc.values()), f"{stem}: KPI sheet columns not found: {kc}")
    kpi_rows = [r for r in rows if r[col["指標番号"]]]
    r = head + 1
    for row in kpi_rows:
        name = kws.cell(r, kc["name"]).value
        check(name == row[col["指標名"]] or name == unescape(row[col["指標名"]]),
              f"{stem}: KPI sheet row {r} is {name!r}, the CSV's {row[col['指標名']]!r}")
        tv = kws.cell(r, kc["target"]).value
        if not isinstance(tv, str):
            check(same_number(row[col["目標値"]], tv), f"{stem} {name}: 目標値 {row[col['目標値']]} vs {tv}")
        check(same_number(row[col["実績値"]], kws.cell(r, kc["actual"]).value),
              f"{stem} {name}: 実績値")
        ach = kws.cell(r, kc["ach"]).value
        check(same_number(row[col["達成率（％）"]], ach * 100 if isinstance(ach, (int, float)) else ach, 1)
              if ach not in ("", None) else row[col["達成率（％）"]] == "",
              f"{stem} {name}: 達成率 {row[col['達成率（％）']]} vs {ach}")
        check(row[col["判定"]] == (kws.cell(r, kc["verdict"]).value or ""),
              f"{stem} {name}: 判定 {row[col['判定']]!r} vs {kws.cell(r, kc['verdict']).value!r}")
        check(same_number(row[col["将来目標値"]], kws.cell(r, kc["lt"]).value),
              f"{stem} {name}: 将来目標値")
        prog = kws.cell(r, kc["prog"]).value
        check(same_number(row[col["将来目標に対する進捗率（％）"]],
                          prog * 100 if isinstance(prog, (int, float)) else prog, 1)
              if prog not in ("", None) else row[col["将来目標に対する進捗率（％）"]] == "",
              f"{stem} {name}: 進捗率 {row[col['将来目標に対する進捗率（％）']]} vs {prog}")
        r += 1
    check(kws.cell(r, kc["name"]).value in (None, ""), f"{stem}: the KPI sheet has more KPIs")
    # The projects sheet: amounts in the unit its header says (千円 for money_unit: thousand), the
    # open data in 円 whatever the template prints.
    pws = wb[tmpl.get("xlsx", {}).get("sheets", {}).get("projects", "事業一覧")]
    xcols = tmpl.get("xlsx", {}).get("columns") or tmpl["columns"]
    unit = "千円" if tmpl.get("money_unit") == "thousand" else "円"
    label = {c["field"]: c.get("label", "").replace("{unit}", unit) for c in xcols}
    hrow = next(r for r in range(1, 8) if any(isinstance(c.value, str) and c.value == label.get("cost")
                                                 for c in pws[r]))
    pc = {f: column_of(pws, hrow, label[f]) for f in ("cost", "grant", "grant_ratio") if f in label}
    firsts = [row for row in rows if row[col["指標番号"]] in ("", "1")]
    r = hrow + 1
    for row in firsts:
        while r <= pws.max_row and pws.cell(r, pc["cost"]).value is None:
            r += 1
        for f, h, places in (("cost", "事業費（円）", None), ("grant", "交付金（円）", None),
                             ("grant_ratio", "交付金充当率（％）", 1)):
            if f not in pc:
                continue
            v = pws.cell(r, pc[f]).value
            if v is None or isinstance(v, str):  # a mark for no amount, or an empty ratio
                check(row[col[h]] == "", f"{stem} {row[col['事業名']]}: {h} {row[col[h]]!r} vs {v!r}")
            else:
                v = v * 100 if f == "grant_ratio" else v * 1000 if unit == "千円" else v
                check(same_number(row[col[h]], v, places),
                      f"{stem} {row[col['事業名']]}: {h} {row[col[h]]} vs the workbook's {v}")
        r += 1


def check_document(src, outdir):
    stem = os.path.splitext(os.path.basename(src))[0]
    doc = yaml.safe_load(open(src, encoding="utf-8-sig"))
    tname = doc.get("template", "kodaira-kpi")
    tmpl = yaml.safe_load(open(os.path.join(ROOT, "templates", tname + ".yaml"), encoding="utf-8"))
    rows = read_csv(os.path.join(outdir, stem + ".csv"))
    header, body = rows[0], rows[1:]
    want = []
    for c in documented_columns():
        want += [e.get("label", e["key"]) for e in tmpl.get("extra_fields") or []] if c == "*" else [c]
    check(header == want, f"{stem}: header {header} is not docs/opendata.md's {want}")
    for h in header:
        try:
            h.encode("iso2022_jp")
        except UnicodeEncodeError:
            check(False, f"{stem}: header {h!r} is not plain JIS X 0208")
        check(not re.search(r"\s", h), f"{stem}: header {h!r} has a space or line break")
    col = {h: i for i, h in enumerate(header)}
    check(all(len(r) == len(header) for r in body), f"{stem}: a row of another length")
    for r in body:
        for h, i in col.items():
            if numeric(h) and r[i]:
                check(re.fullmatch(r"-?\d+(\.\d+)?", r[i]), f"{stem}: {h} {r[i]!r} is not a plain number")
            elif r[i].startswith(FORMULA_START):
                check(r[i].startswith("'"), f"{stem}: {h} {r[i]!r} would run as a formula")
    # Every project and KPI of the YAML, in order.
    i = 0
    for pid, parent, p in projects_of(doc):
        kpis = p.get("kpis") or []
        for k in range(max(1, len(kpis))):
            if not check(i < len(body), f"{stem}: project {pid} missing"):
                return
            row = body[i]
            check(row[col["事業ID"]] == pid and row[col["親事業ID"]] == parent,
                  f"{stem}: row {i + 2} is project {row[col['事業ID']]}, not {pid}")
            check(unescape(row[col["事業名"]]) == p["name"], f"{stem} {pid}: 事業名 {row[col['事業名']]!r}")
            if kpis:
                check(row[col["指標番号"]] == str(k + 1) and unescape(row[col["指標名"]]) == kpis[k]["name"],
                      f"{stem} {pid}: KPI {k + 1} is {row[col['指標名']]!r}, not {kpis[k]['name']!r}")
                t = kpis[k].get("target")
                check(same_number(row[col["目標値"]], t if isinstance(t, (int, float)) else None),
                      f"{stem} {pid}: 目標値 {row[col['目標値']]} vs YAML {t}")
            else:
                check(all(row[j] == "" for j in range(col["指標番号"], len(header))),
                      f"{stem} {pid}: a project without KPIs has KPI fields")
            cost = p.get("cost")
            if cost is None and p.get("subprojects"):
                subs = [s.get("cost") for s in p["subprojects"] if s.get("cost") is not None]
                cost = sum(subs) if subs else None
            check(same_number(row[col["事業費（円）"]], cost), f"{stem} {pid}: 事業費 {row[col['事業費（円）']]} vs {cost}")
            i += 1
    check(i == len(body), f"{stem}: {len(body) - i} rows more than the YAML's projects and KPIs")
    check_workbook(stem, os.path.join(outdir, stem + ".xlsx"), body, col, tmpl)
    return body, col


def check_injection(outdir):
    """Formula-looking texts: escaped, recoverable, never a formula in LibreOffice."""
    src = xlsxlib.INJECTION
    doc = yaml.safe_load(open(src, encoding="utf-8"))
    rows = read_csv(os.path.join(outdir, "injection.csv"))
    col = {h: i for i, h in enumerate(rows[0])}
    first = rows[1]
    p = doc["projects"][0]
    for h, v in (("事業名", p["name"]), ("交付金の種類", p["grant_program"]),
                 ("事業の概要", p["overview"]), ("事業効果", p["rating"]),
                 ("事業の実績・効果", "\n".join(p["results"])), ("今後の方針", p["policy"]["choice"]),
                 ("委員会の意見", p["committee"]["comment"]), ("資料の表題", doc["title"])):
        check(first[col[h]] == "'" + v, f"injection: {h} is {first[col[h]]!r}, not '{v!r}")
        check(unescape(first[col[h]]) == v, f"injection: {h} does not recover {v!r}")
    names = [unescape(r[col["指標名"]]) for r in rows[1:]]
    check(names == [k["name"] for k in p["kpis"]], f"injection: KPI names {names}")
    # LibreOffice opens the CSV with formula evaluation on: not one cell is a formula.  A control
    # file with the same text unescaped shows that this import would make one.
    control = os.path.join(WORK, "control.csv")
    with open(control, "w", encoding="utf-8-sig", newline="") as f:
        f.write("a\r\n=1+1\r\n")
    sheets = lo_open([os.path.join(outdir, "injection.csv"), control])
    check(sheets["control"][1] == ["f"], "injection: the control's =1+1 did not become a formula")
    formulas = [v for row in sheets["injection"] for v in row if v == "f"]
    check(not formulas, f"injection: LibreOffice made {len(formulas)} formulas of the CSV")


def lo_open(paths):
    """Opens CSV files in LibreOffice (UTF-8, formulas evaluated) and saves them as xlsx;
    returns {stem: rows of openpyxl data types}."""
    lo = os.path.join(WORK, "lo")
    profile = os.path.join(WORK, "lo-profile")
    r = subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                        "--infilter=CSV:44,34,76,1,,1041,false,false,false,false,false,-1,true",
                        "--convert-to", "xlsx", "--outdir", lo] + paths,
                       capture_output=True, text=True, timeout=180)
    check(r.returncode == 0, "soffice failed: " + r.stdout + r.stderr)
    out = {}
    for p in paths:
        stem = os.path.splitext(os.path.basename(p))[0]
        wb = openpyxl.load_workbook(os.path.join(lo, stem + ".xlsx"))
        out[stem] = [[c.data_type for c in row] for row in wb.active.iter_rows()]
    return out

os.makedirs(WORK, exist_ok=True)
gen = os.path.join(WORK, "gen60.yaml")
subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "gen.py"), "60", "-o", gen], check=True)
inputs = sorted(os.path.join(ROOT, "input", f) for f in os.listdir(os.path.join(ROOT, "input"))
                if f.endswith(".yaml")) + [gen, xlsxlib.INJECTION]
out = os.path.join(WORK, "out")
os.makedirs(out, exist_ok=True)
r = subprocess.run([BIN, "build", "-o", out] + inputs, capture_output=True, text=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH=xlsxlib.EPOCH))
check(r.returncode == 0, f"build failed: {r.stderr[-500:]}")
for src in inputs[:-1]:
    check_document(src, out)
check_injection(out)
print("csv ok" if not failed else f"{failed} failed")
sys.exit(1 if failed else 0)

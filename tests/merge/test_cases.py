"""kpireport merge, case by case, on workbooks edited and saved by openpyxl: the formatting of the
handout is kept byte for byte (BOM, CRLF, comments, quoting, flow and block styles, inserted
keys); conflicts, stale rows, foreign workbooks, invalid results and refused typed values write
nothing; locked cells are reported and ignored; typed numbers are normalised with a note.
usage: test_cases.py KPIREPORT WORKDIR"""

import os
import sys

import openpyxl

from mergelib import (SEED, build, check, copy, edit, expect_refusal, merge, ROOT)

kr_bin, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)


def cells(book):
    """{(sheet, what): cell}: the cells the tests edit, found by their headers and names."""
    wb = openpyxl.load_workbook(book)
    kpi, prj = wb["KPI"], wb["事業一覧"]
    kcol = {str(c.value).split("\n")[0]: c.column_letter for c in kpi[4] if c.value}
    pcol = {c.value: c.column_letter for c in prj[4] if c.value}
    out = {}
    for r in range(5, kpi.max_row + 1):
        for label in ("実績値", "目標値", "KPI"):
            out[("KPI", kpi.cell(r, 3).value, label)] = "%s%d" % (kcol[label], r)
    for r in range(6, prj.max_row + 1):
        for label in pcol:
            out[("事業一覧", prj.cell(r, 1).value, label)] = "%s%d" % (pcol[label], r)
    return out


def fresh(name, text=None):
    """A copy of the seed (or of text) in its own folder, with its workbook."""
    path = os.path.join(work, name, "kodaira-h28-shiryo1.yaml")
    if text is None:
        copy(SEED, path)
    else:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(text)
    with open(path, "rb") as f:
        data = f.read()
    return path, data, build(kr_bin, path, os.path.join(work, name, "out"))


def read(path):
    with open(path, "rb") as f:
        return f.read()


seed = read(SEED)
ACC = ("KPI", "サイトのアクセス件数", "実績値")

# ---- conflict: the handout and the workbook changed one value differently --------------------
path, data, book = fresh("conflict")
C = cells(book)
e = edit(book, os.path.join(work, "conflict", "a.xlsx"), {("KPI", C[ACC]): 18000})
data = data.replace(b"actual: 17420", b"actual: 17500")
with open(path, "wb") as f:
    f.write(data)
r = merge(kr_bin, path, e)
expect_refusal(r, path, data, "error: 'actual' of 「サイトのアクセス件数」 was changed both here, to 「17500」, "
               "and in a.xlsx KPI!%s, to 「18000」 (both were 「17420」" % C[ACC][0:].replace("KPI!", ""))
line = data[:data.index(b"actual: 17500")].count(b"\n") + 1
check(":%d:21: error:" % line in r.stderr, "the conflict names the YAML position:\n" + r.stderr)
check("nothing was written" in r.stdout, "the summary says nothing was written")
# The same value on both sides is no conflict.
data2 = data.replace(b"actual: 17500", b"actual: 18000")
with open(path, "wb") as f:
    f.write(data2)
r = merge(kr_bin, path, e)
check(r.returncode == 0 and read(path) == data2, "agreeing changes merge to nothing: " + r.stderr)

# ---- two workbooks, in order ----------------------------------------------------------------
path, data, book = fresh("two")
C = cells(book)
a = edit(book, os.path.join(work, "two", "a.xlsx"), {("KPI", C[ACC]): 18000})
b = edit(book, os.path.join(work, "two", "b.xlsx"), {("KPI", C[ACC]): 19000})
expect_refusal(merge(kr_bin, path, a, b), path, data,
               "was changed to 「18000」 in a.xlsx KPI!%s and to 「19000」 in b.xlsx KPI!%s"
               % (C[ACC], C[ACC]))
skill = ("KPI", "スキルUP講習会参加人数", "実績値")
b = edit(book, os.path.join(work, "two", "b2.xlsx"), {("KPI", C[skill]): 210})
r = merge(kr_bin, path, a, b)
check(r.returncode == 0, "two workbooks changing different values merge: " + r.stderr)
check(read(path) == data.replace(b"actual: 17420", b"actual: 18000").replace(b"actual: 205", b"actual: 210"),
      "both workbooks' values are in the handout, nothing else changed")
check("a.xlsx: 1 value to change." in r.stdout and "b2.xlsx: 1 value to change." in r.stdout,
      "a summary per workbook:\n" + r.stdout)

# ---- stale: the handout renamed the KPI since the workbook was made ---------------------------
path, data, book = fresh("stale")
C = cells(book)
e = edit(book, os.path.join(work, "stale", "a.xlsx"), {("KPI", C[ACC]): 18000})
data = data.replace(b"name: \xe3\x82\xb5\xe3\x82\xa4\xe3\x83\x88\xe3\x81\xae\xe3\x82\xa2\xe3\x82\xaf\xe3\x82\xbb\xe3\x82\xb9\xe4\xbb\xb6\xe6\x95\xb0",
                    "name: 子育てサイトの閲覧数".encode())
with open(path, "wb") as f:
    f.write(data)
expect_refusal(merge(kr_bin, path, e), path, data,
               "a.xlsx KPI!%s: the row of 「サイトのアクセス件数」 matches no project or KPI" % C[ACC])
# Moved, not renamed: two KPIs swapped in the handout; the value lands on the right one.
path, data, book = fresh("moved")
C = cells(book)
e = edit(book, os.path.join(work, "moved", "a.xlsx"), {("KPI", C[skill]): 210})
k1 = data[data.index("          - name: スキルUP".encode()):data.index("          - name: 在宅ワーク".encode())]
k2end = data.index(b"        rating:", data.index("          - name: 在宅ワーク".encode()))
k2 = data[data.index("          - name: 在宅ワーク".encode()):k2end]
swapped = data.replace(k1 + k2, k2 + k1)
check(swapped != data, "the test swapped the two KPIs")
with open(path, "wb") as f:
    f.write(swapped)
r = merge(kr_bin, path, e)
check(r.returncode == 0 and read(path) == swapped.replace(b"actual: 205", b"actual: 210"),
      "a moved KPI is found by its name: " + r.stderr)

# ---- foreign: another handout's workbook, and a workbook kpireport did not make ----------------
path, data, book = fresh("foreign")
other = build(kr_bin, os.path.join(ROOT, "input", "hibarino-r4-shiryo2.yaml"), os.path.join(work, "foreign", "o"))
expect_refusal(merge(kr_bin, path, other), path, data, "this workbook was made from another handout")
plain = os.path.join(work, "foreign", "plain.xlsx")
openpyxl.Workbook().save(plain)
expect_refusal(merge(kr_bin, path, plain), path, data, "this workbook was not made by kpireport build")

# ---- locked cells: reported with the cell and ignored -----------------------------------------
tgt = ("KPI", "サイトのアクセス件数", "目標値")
path, data, book = fresh("locked")
C = cells(book)
e = edit(book, os.path.join(work, "locked", "a.xlsx"), {("KPI", C[tgt]): 12000, ("KPI", C[ACC]): 18000})
r = merge(kr_bin, path, e)
check(r.returncode == 0, "a locked change is only a warning: " + r.stderr)
check("warning: a.xlsx KPI!%s is a locked cell ('target' of 「サイトのアクセス件数」); it was changed "
      "from 「10000」 to 「12000」 and is ignored" % C[tgt] in r.stderr, "the locked cell is named:\n" + r.stderr)
check(read(path) == data.replace(b"actual: 17420", b"actual: 18000"), "only the input cell merged")

# A sheet sorted with its protection removed: rows are found by their hidden key.  A locked
# cell with words typed into it is only a warning.
path, data, book = fresh("sorted")
C = cells(book)
wb = openpyxl.load_workbook(book)
ws = wb["KPI"]
r1, r2 = int(C[ACC][1:]), int(C[skill][1:])
for col in range(1, ws.max_column + 1):
    a, b = ws.cell(r1, col), ws.cell(r2, col)
    a.value, b.value = b.value, a.value
ws[C[ACC]] = 211  # now the スキルUP row's actual
ws["%s%d" % (C[tgt].rstrip("0123456789"), r2)] = "未定"  # the target of サイトのアクセス件数, moved to r2
sorted_book = os.path.join(work, "sorted", "a.xlsx")
for w in wb.worksheets:
    w._charts = []
wb.save(sorted_book)
r = merge(kr_bin, path, sorted_book)
check(r.returncode == 0, "a sorted sheet merges: " + r.stderr)
check(read(path) == data.replace(b"actual: 205", b"actual: 211"), "the moved row's value lands on its KPI")
check("warning: a.xlsx KPI!E%d is a locked cell ('target' of 「サイトのアクセス件数」); it was changed from "
      "「10000」 to 「未定」" % r2 in r.stderr, "the locked cell is found on its moved row:\n" + r.stderr)

# ---- typed numbers ------------------------------------------------------------------------------
path, data, book = fresh("typed")
C = cells(book)
wrk = ("KPI", "在宅ワークによる新規就労(内定含む)者", "実績値")
sog = ("KPI", "創業支援事業による支援を受けた件数", "実績値")
e = edit(book, os.path.join(work, "typed", "a.xlsx"),
         {("KPI", C[ACC]): "18,000", ("KPI", C[skill]): "２１０", ("KPI", C[wrk]): "12人",
          ("KPI", C[sog]): "未確定"})
r = merge(kr_bin, path, e)
check(r.returncode == 0, "typed numbers are normalised: " + r.stderr)
for note in ("「18,000」 was read as 18000", "「２１０」 was read as 210", "「12人」 was read as 12",
             "「未確定」 was read as not yet known (actual: null)"):
    check(note in r.stderr, "the note %r:\n%s" % (note, r.stderr))
want = (data.replace(b"actual: 17420", b"actual: 18000").replace(b"actual: 205", b"actual: 210")
        .replace(b"actual: 10\n", b"actual: 12\n").replace(b"actual: 146", b"actual: null"))
check(read(path) == want, "the normalised values are written")
path, data, book = fresh("typed-bad")
C = cells(book)
for i, (typed, msg) in enumerate([
        ("約18000", "「約18000」 is not a number; write the number alone, such as 1250 or 12.5"),
        ("-5", "「-5」 is negative; the value must be 0 or more"),
        ("1,80,00", "「1,80,00」 is not a number"),
        ("12.1234567", "「12.1234567」 is too large or has more than 6 decimal places")]):
    e = edit(book, os.path.join(work, "typed-bad", "%d.xlsx" % i), {("KPI", C[ACC]): typed})
    expect_refusal(merge(kr_bin, path, e), path, data, "%d.xlsx KPI!%s: %s" % (i, C[ACC], msg))

# ---- the merged handout must be valid ------------------------------------------------------------
path, data, book = fresh("invalid")
C = cells(book)
rat = ("事業一覧", "(1)子育てサイトの構築・運営", "事業の効果")
e = edit(book, os.path.join(work, "invalid", "a.xlsx"), {("事業一覧", C[rat]): "非常に効果的であった"})
expect_refusal(merge(kr_bin, path, e), path, data,
               "a.xlsx 事業一覧!%s: 「非常に効果的であった」 is not one of the choices of 'ratings'; did "
               "you mean 「地方創生に非常に効果的であった」?" % C[rat])
cost = ("事業一覧", "【地方創生推進交付金】\n東京郊外型就労推進事業と連携した創業支援による地域のにぎわい事業", "事業費(円)")
e = edit(book, os.path.join(work, "invalid", "b.xlsx"), {("事業一覧", C[cost]): "400,000"})
expect_refusal(merge(kr_bin, path, e), path, data, "grant", "the handout would be invalid after the merge")

# ---- --dry-run prints a unified diff and writes nothing ---------------------------------------------
path, data, book = fresh("dry")
C = cells(book)
e = edit(book, os.path.join(work, "dry", "a.xlsx"), {("KPI", C[ACC]): 18000})
r = merge(kr_bin, path, e, dry=True)
check(r.returncode == 0 and read(path) == data, "a dry run writes nothing: " + r.stderr)
check("--- a/kodaira-h28-shiryo1.yaml" in r.stdout and "-            actual: 17420\n+            actual: 18000"
      in r.stdout, "a dry run prints the diff:\n" + r.stdout)

# ---- formatting: every byte but the changed values' stays ---------------------------------------------
FMT = """# 書式のテスト: コメント、引用符、フロー、ブロック、空行
version: 1
template: kodaira-kpi
title: "書式テスト"   # 引用符つき
fiscal_year: 2016
ratings: [良い, 普通, 悪い]

projects:
  - name: 事業A        # 名前の後のコメント
    cost: 1000
    kpis:
      - {name: 指標A, unit: 件, target: 100}
    rating: '普通'
    results: |
      一行目
      二行目

    plans: >
      折り返し
      される文
  - name: 事業B
    kpis:
      - name: 指標B
        unit: 人
        target: 10
        actual:      # まだ
"""
src = b"\xef\xbb\xbf" + FMT.replace("\n", "\r\n").encode()
path, data, book = fresh("format", src)
C = cells(book)
edits = {("KPI", C[("KPI", "指標A", "実績値")]): 120,
         ("KPI", C[("KPI", "指標B", "実績値")]): 7,
         ("事業一覧", C[("事業一覧", "事業A", "事業の効果")]): "良い",
         ("事業一覧", C[("事業一覧", "事業A", "事業の実績・効果等")]): "三行目\n四行目",
         ("事業一覧", C[("事業一覧", "事業A", "今年度の取組み(予定)")]): "一つの文",
         ("事業一覧", C[("事業一覧", "事業B", "事業の実績・効果等")]): "成果: あり #1"}
r = merge(kr_bin, path, edit(book, os.path.join(work, "format", "a.xlsx"), edits))
check(r.returncode == 0, "the formatting case merges: " + r.stdout + r.stderr)
want = FMT.replace("{name: 指標A, unit: 件, target: 100}", "{name: 指標A, unit: 件, target: 100, actual: 120}") \
    .replace("rating: '普通'", "rating: '良い'") \
    .replace("results: |\n      一行目\n      二行目\n", "results: |-\n      三行目\n      四行目\n") \
    .replace("plans: >\n      折り返し\n      される文\n", "plans: |-\n      一つの文\n") \
    .replace("actual:      # まだ\n", "actual: 7      # まだ\n    results: \"成果: あり #1\"\n")
got = read(path)
check(got == b"\xef\xbb\xbf" + want.replace("\n", "\r\n").encode(),
      "only the changed values' bytes changed:\n%s" % got.decode("utf-8", "replace"))
# ---- a list changes item by item: items that stay keep their bytes --------------------------------
LIST = """version: 1
template: kodaira-kpi
title: 一覧の書式
fiscal_year: 2016
projects:
  - name: 事業L
    results:
      - 3つの取組を一体的に実施した。
      # 二つ目は引用符つき
      - '回答は1,234件: 多数'
      - "2023年度も継続"
    plans:
      - 残す項目
      - 消す項目   # 消える
"""
RES, PLANS = ("事業一覧", "事業L", "事業の実績・効果等"), ("事業一覧", "事業L", "今年度の取組み(予定)")
path, data, book = fresh("list", LIST.encode())
C = cells(book)
e = edit(book, os.path.join(work, "list", "a.xlsx"),
         {("事業一覧", C[RES]): "・3つの取組を一体的に実施した。\n・回答は1,235件: 多数\n"
                                          "・2023年度も継続\n・4つ目を追加した。",
          ("事業一覧", C[PLANS]): "・残す項目"})
r = merge(kr_bin, path, e)
check(r.returncode == 0, "the list case merges: " + r.stdout + r.stderr)
want = LIST.replace("'回答は1,234件: 多数'", "'回答は1,235件: 多数'") \
    .replace('      - "2023年度も継続"\n', '      - "2023年度も継続"\n      - 4つ目を追加した。\n') \
    .replace("      - 消す項目   # 消える\n", "")
got = read(path).decode()
check(got == want, "only the changed items' bytes changed:\n" + got)

# ---- a value shared through an alias is not changed in place --------------------------------------
ALIAS = FMT.replace("    rating: '普通'", "    rating: &r 普通").replace("  - name: 事業B\n", "  - name: 事業B\n    rating: *r\n")
path, data, book = fresh("alias", ALIAS.encode())
C = cells(book)
e = edit(book, os.path.join(work, "alias", "a.xlsx"), {("事業一覧", C[("事業一覧", "事業B", "事業の効果")]): "良い"})
expect_refusal(merge(kr_bin, path, e), path, data,
               "'rating' of 「事業B」 is shared through an alias (*name) and cannot be changed in place")

# ---- the handout's warnings print once, placed in the file the merge leaves ------------------------
# (they were printed for the original and again for the merged handout: two problems to a reader)
import re  # noqa: E402
WARNED = os.path.join(ROOT, "input", "hibarino-r4-shiryo2.yaml")
path, data, book = fresh("warned", read(WARNED))
C = cells(book)
p1 = [k for k in C if k[0] == "事業一覧" and str(k[1]).endswith("子育て世代定住促進事業")][0][1]
res = ("事業一覧", p1, "事業の実績・効果等")
results = openpyxl.load_workbook(book)["事業一覧"][C[res]].value


def warnings_once(r, text, what):
    """Every 'KEY' is given warning of r once, at the value of KEY in text; returns the keys."""
    found = re.findall(r"^.*:(\d+):(\d+): warning: '(\w+)' is given, .*$", r.stderr, re.M)
    lines = [w for w in r.stderr.splitlines() if "warning:" in w]
    check(len(lines) == len(set(lines)), "%s: a warning printed twice:\n%s" % (what, r.stderr))
    rows = text.decode("utf-8-sig").split("\n")
    for line, col, key in found:
        before = rows[int(line) - 1][:int(col) - 1]
        above = rows[int(line) - 2].strip() if not before.strip() else ""
        check(before.strip() == key + ":" or above == key + ":",
              "%s: '%s' warned at %s:%s, where the file has %r"
              % (what, key, line, col, rows[int(line) - 1]))
    check(len(set(k for _, _, k in found)) == len(found), "%s: a key warned twice:\n%s"
          % (what, r.stderr))
    return sorted(k for _, _, k in found)


WANT = sorted(["department", "code", "status", "due", "policy"])
# A merge that writes, with an item added above 'policy' (its line moves down one).
e = edit(book, os.path.join(work, "warned", "a.xlsx"),
         {("KPI", C[("KPI", "0〜4歳人口の転入超過数", "実績値")]): 88,
          ("事業一覧", C[res]): results + "\n・追加の実績を記載した。"})
dry = merge(kr_bin, path, e, dry=True)
check(dry.returncode == 0 and read(path) == data, "the dry run: " + dry.stderr)
r = merge(kr_bin, path, e)
check(r.returncode == 0 and read(path) != data, "the merge writes: " + r.stderr)
check(warnings_once(r, read(path), "written") == WANT, "the merge warns of every field:\n" + r.stderr)
check(":67:7: warning: 'policy'" in r.stderr, "'policy' is warned on its new line:\n" + r.stderr)
check(dry.stderr == r.stderr, "the dry run warns as the merge does:\n" + dry.stderr)
# Nothing to change: the handout's own warnings, once.
r = merge(kr_bin, path, e)
check(r.returncode == 0 and "nothing to change" in r.stdout, "merged twice: " + r.stdout + r.stderr)
check(warnings_once(r, read(path), "unchanged") == WANT, "nothing to change:\n" + r.stderr)

print("ok: conflict, two workbooks, stale, moved, foreign, locked, typed, invalid, dry run, formatting, alias, warnings once")

"""openpyxl, an independent reader, sees the seed workbook's values, formulas with their cached
results (the seed's 174.2 %, 102.5 %, 33.3 %, 146.0 %, 50.0 %), dropdowns and number validation,
protection, print set-up, fonts and document properties.
usage: test_openpyxl.py KPIREPORT WORKDIR"""

import datetime
import sys

import openpyxl
import yaml

from xlsxlib import EPOCH, ROOT, SEED, build, check, find_row, header_columns

kr_bin, work = sys.argv[1], sys.argv[2]
path = build(kr_bin, [SEED], work)["kodaira-h28-shiryo1"]
with open(ROOT + "/templates/kodaira-kpi.yaml", encoding="utf-8") as f:
    sheets = yaml.safe_load(f)["xlsx"]["sheets"]
wf = openpyxl.load_workbook(path)                  # formulas
wv = openpyxl.load_workbook(path, data_only=True)  # cached results

check(wf.sheetnames == [sheets["projects"], sheets["kpis"], sheets["chart"], sheets["info"],
                        "kpireport"], "sheets: %r" % wf.sheetnames)
# The merge's identity sheet (docs/merge.md) is hidden and protected; the others are visible.
check([ws.sheet_state for ws in wf.worksheets] == ["visible"] * 4 + ["hidden"],
      "only the identity sheet is hidden")
check(wf["kpireport"].protection.sheet, "the identity sheet is protected")
check(wf.active.title == sheets["projects"], "the projects sheet opens first")

# ---- KPI sheet: one row per KPI, formulas with cached values ------------------------------
kf, kv = wf[sheets["kpis"]], wv[sheets["kpis"]]
head = 4
cols = header_columns(kf, head)
for label in ("No.", "事業", "KPI", "単位", "増減", "基準値", "達成率", "判定", "将来KPI", "目標年度",
              "将来KPIに対する進捗"):
    check(label in cols, "KPI sheet header %s missing: %r" % (label, cols))
c_tgt = [c for k, c in cols.items() if k.startswith("目標値")][0]
c_act = [c for k, c in cols.items() if k.startswith("実績値")][0]
expect = [  # name, target, actual, tenths of 達成率, 判定, long-term target, its year, progress
    ("サイトのアクセス件数", 10000, 17420, 1742, "達成", 150000, "H31年度", 116),
    ("スキルUP講習会参加人数", 200, 205, 1025, "達成", 1000, "H31年度", 205),
    ("在宅ワークによる新規就労(内定含む)者", 30, 10, 333, "未達成", 200, "H31年度", 50),
    ("創業支援事業による支援を受けた件数", 100, 146, 1460, "達成", 175, "H32年度", 834),
]
for i, (name, tgt, act, tenths, verdict, lt, lt_fy, prog) in enumerate(expect):
    r = head + 1 + i
    check(kv.cell(r, cols["KPI"]).value == name, "KPI row %d name %r" % (r, kv.cell(r, cols["KPI"]).value))
    check(kv.cell(r, c_tgt).value == tgt and kv.cell(r, c_act).value == act, "KPI %s values" % name)
    ach_f = kf.cell(r, cols["達成率"]).value
    check(isinstance(ach_f, str) and ach_f.startswith("=IF("), "達成率 is a formula: %r" % ach_f)
    ach = kv.cell(r, cols["達成率"]).value
    check(isinstance(ach, float) and int(ach * 1000 + 0.5) == tenths,
          "達成率 of %s cached %r, want %.1f%%" % (name, ach, tenths / 10))
    check(kf.cell(r, cols["達成率"]).number_format == "0.0%;\\▲0.0%", "達成率 format")
    check(str(kf.cell(r, cols["判定"]).value).startswith("=IF("), "判定 is a formula")
    check(kv.cell(r, cols["判定"]).value == verdict, "判定 of %s: %r" % (name, kv.cell(r, cols["判定"]).value))
    check(kv.cell(r, cols["将来KPI"]).value == lt and kv.cell(r, cols["目標年度"]).value == lt_fy,
          "long-term target of " + name)
    p = kv.cell(r, cols["将来KPIに対する進捗"]).value
    check(str(kf.cell(r, cols["将来KPIに対する進捗"]).value).startswith("=IF(") and
          int(p * 1000 + 0.5) == prog, "long-term progress of %s: %r" % (name, p))
    check(kv.cell(r, cols["増減"]).value == "増加", "direction")
    # input cells unlocked, formulas locked
    check(kf.cell(r, c_act).protection.locked is False, "actual value cell is unlocked")
    check(kf.cell(r, cols["達成率"]).protection.locked is True, "達成率 cell is locked")
check(kv.cell(head + 5, cols["KPI"]).value is None, "exactly four KPI rows")

# number validation on the actuals, with Japanese messages
dv = [d for d in kf.data_validations.dataValidation if d.type == "decimal"]
check(len(dv) == 1, "one decimal validation on the KPI sheet")
d = dv[0]
act_letter = openpyxl.utils.get_column_letter(c_act)
check(str(d.sqref) == "%s%d:%s%d" % (act_letter, head + 1, act_letter, head + 4), "validated range %s" % d.sqref)
check(d.operator == "greaterThanOrEqual" and d.formula1 == "0", "actual >= 0")
check(d.showErrorMessage and d.showInputMessage and "0以上" in d.error and "実績値" in d.prompt,
      "Japanese input and error messages")
check(kf.freeze_panes == "D5", "KPI sheet frozen below the header: %s" % kf.freeze_panes)
check(kf.auto_filter.ref and kf.auto_filter.ref.startswith("A4:"), "KPI autofilter %s" % kf.auto_filter.ref)
check(kf.conditional_formatting, "conditional formats on the KPI sheet")
rules = [rule for cf in kf.conditional_formatting for rule in cf.rules]
check(any(rule.type == "expression" and "<1" in rule.formula[0] for rule in rules), "達成率 < 100 % rule")
check(any(rule.type == "cellIs" and rule.formula == ['"未達成"'] for rule in rules), "未達成 rule")

# ---- projects sheet ------------------------------------------------------------------------
pf, pv = wf[sheets["projects"]], wv[sheets["projects"]]
hrow = 5  # second header row (groups above)
cols = header_columns(pf, 4)
cols.update({k: v for k, v in header_columns(pf, hrow).items() if k not in cols})
name_c, cost_c, grant_c, ratio_c = (cols["交付対象事業の名称"], cols["事業費(円)"], cols["交付金(円)"],
                                    cols["交付金充当率"])
names = [pv.cell(r, name_c).value for r in range(hrow + 1, hrow + 5)]
check(names == ["【地方創生加速化交付金】\n東京郊外型の女性の新しい就労推進事業", "(1)子育てサイトの構築・運営",
                "(2)子育て中の女性の就労促進事業",
                "【地方創生推進交付金】\n東京郊外型就労推進事業と連携した創業支援による地域のにぎわい事業"],
      "project rows in document order: %r" % names)
check(pf.cell(hrow + 2, name_c).alignment.indent == 1, "a subproject is indented")
costs = [pv.cell(r, cost_c).value for r in range(hrow + 1, hrow + 5)]
check(costs == [43187320, 9130320, 34057000, 954000], "costs %r" % costs)
check(costs[1] + costs[2] == costs[0], "9,130,320 + 34,057,000 = 43,187,320")
check(pv.cell(hrow + 2, grant_c).value == "-", "no grant renders the template's mark")
r4 = hrow + 4
check(str(pf.cell(r4, ratio_c).value).startswith("=IF(") and pv.cell(r4, ratio_c).value == 0.5,
      "交付金充当率 of the 推進交付金 project: formula, cached 50.0 %")
check(pv.cell(hrow + 1, ratio_c).value == 1.0, "交付金充当率 100 %")
# totals: per programme and overall, subprojects not counted twice
tot = find_row(pv, name_c, lambda s: s == "合計")
check(tot, "an overall totals row")
check("SUBTOTAL(109," in str(pf.cell(tot, cost_c).value), "overall total uses SUBTOTAL")
check(pv.cell(tot, cost_c).value == 43187320 + 954000 and pv.cell(tot, grant_c).value == 43187320 + 477000,
      "overall totals %r %r" % (pv.cell(tot, cost_c).value, pv.cell(tot, grant_c).value))
acc = find_row(pv, name_c, lambda s: "地方創生加速化交付金）" in s)
check(acc and pv.cell(acc, cost_c).value == 43187320, "加速化交付金 total counts the project once")
# dropdowns from the info sheet's ranges
lists = [d for d in pf.data_validations.dataValidation if d.type == "list"]
check(lists, "dropdowns on the projects sheet")
for d in lists:
    check(d.formula1.startswith("'%s'!$B$" % sheets["info"]), "dropdown from a range: %s" % d.formula1)
rating_c = openpyxl.utils.get_column_letter(cols["事業の効果"])
check(any(str(d.sqref) == "%s%d:%s%d" % (rating_c, hrow + 1, rating_c, hrow + 4) for d in lists),
      "dropdown on every rating cell")
check(len(lists) == 2, "dropdowns on rating and committee rating (the seed has no policy scale): %d" % len(lists))
check(pf.cell(hrow + 1, cols["事業の概要"]).protection.locked is False, "texts are unlocked")
check(pf.cell(hrow + 1, name_c).protection.locked is True, "names are locked")
check(pf.freeze_panes == "B6", "projects sheet frozen: %s" % pf.freeze_panes)
check(pf.auto_filter.ref.startswith("A5:"), "projects autofilter %s" % pf.auto_filter.ref)
check(pf.cell(hrow + 1, cols["事業の概要"]).alignment.wrap_text, "wrapped text")
h = pf.row_dimensions[hrow + 3].height
check(h and h > 150, "row heights fit the wrapped text (row %d: %r)" % (hrow + 3, h))

# ---- every sheet: protection, print set-up ---------------------------------------------------
for ws in wf.worksheets:
    check(ws.protection.sheet and not ws.protection.password, "%s is protected, no password" % ws.title)
    check(ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9",
          "%s prints A4 landscape" % ws.title)
    check(ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None),
          "%s fits one page wide" % ws.title)
    footer = ws.oddFooter.left.text + "|" + ws.oddFooter.right.text
    check("&P" in footer and "&N" in footer and "地方創生加速化交付金" in footer,
          "%s footer with page n / N and the title: %r" % (ws.title, footer))
check(pf.print_title_rows.replace("$", "") == "4:5" and kf.print_title_rows.replace("$", "") == "4:4",
      "repeated header rows %r %r" % (pf.print_title_rows, kf.print_title_rows))
check(pf.page_setup.fitToHeight == 0, "as many pages tall as needed")
check(len(wf[sheets["chart"]]._charts) == 1, "the chart sheet has a chart")

# ---- info sheet: meeting facts and the scales ---------------------------------------------
iv = wv[sheets["info"]]
facts = {iv.cell(r, 1).value: iv.cell(r, 2).value for r in range(1, iv.max_row + 1)}
check(facts.get("委員会") == "小平市まち・ひと・しごと創生総合戦略 推進委員会" and facts.get("回") == "第1回"
      and facts.get("資料") == "資料1" and facts.get("開催日") == "平成29年7月3日(月)"
      and facts.get("対象年度") == "平成28年度", "meeting facts %r" % facts)
scale = [iv.cell(r, 2).value for r in range(1, iv.max_row + 1)]
check(all(s in scale for s in ("地方創生に非常に効果的であった", "地方創生に対して効果がなかった")), "rating scale")

# ---- fonts and properties ------------------------------------------------------------------
check(wf._fonts[0].name == "IPAexGothic" and wf._fonts[0].sz == 10, "default font %s" % wf._fonts[0].name)
p = wf.properties
check(p.title == "地方創生加速化交付金・推進交付金を活用した平成28年度実施事業の概要等", "title property")
check(p.creator == "小平市まち・ひと・しごと創生総合戦略 推進委員会", "author property")
check(p.subject and "資料1" in p.subject, "subject property %r" % p.subject)
check(p.created == datetime.datetime.utcfromtimestamp(int(EPOCH)), "created = SOURCE_DATE_EPOCH: %r" % p.created)
print("ok: openpyxl reads values, formulas, cached results, validations, protection and print set-up")

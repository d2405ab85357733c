#!/usr/bin/python3
"""PDF renderer tests, checked with tools independent of kpireport (poppler, qpdf, PyYAML,
fontTools).  Usage: pdftest.py KR_BIN SOURCE_DIR WORK_DIR TEST

Tests:
  text      every sentence of every input/*.yaml is in `pdftotext -raw` (whitespace removed)
  long      a generated 60-project handout: page count, header row and footer on every page,
            one bookmark per project, every sentence present, 禁則
  giant     one cell far taller than a page: split across pages, every line once and in order,
            continuation labelled （続き）
  fonts     pdffonts: every font embedded, subset and with a ToUnicode map
  determinism  two builds with SOURCE_DATE_EPOCH are byte-identical; CreationDate is the epoch
  check     qpdf --check passes; poppler reads every sample without a warning; pdfinfo shows the
            Japanese title, the committee as author, and the document language
  size      the seed handout is at most 64 KB
  geta      𠮷 comes from the fallback font; an emoji sequence is one 〓 with one
            FILE:LINE:COL: warning: per grapheme and string
  compose   か+゛ and e+◌́ draw が and é; compatibility ideographs stay
  variant   葛󠄀 and 辻󠄂 draw their variants; an unknown variant draws its base, with a warning
  forms     half-width katakana and full-width digits: a warning each, drawn as written
  decrease  a decrease KPI shows its baseline (kodaira-kpi does not list it) and 減少; a
            negative rate has the template's mark (▲, or △ set in marks.negative), in the PDF
            and in the workbook's number format (openpyxl)
  kinsoku   no line of any sample starts with a closing bracket, 、。, ー or small kana, or ends
            with an opening bracket
  template  the seed renders with templates/national-form2.yaml too (no hard-coded columns)
  paginate  bench/gen.py documents (60 projects, and 60 with a narrow padding) read back by
            bench/pagination.py (pdfminer): no row part under three lines, no KPI block split,
            no continued cell starting below the top of its part, no page but the last ending
            with more than 100 pt blank, no wrapped line of one character, no broken （続き）,
            no hanging 、。 near a rule, nothing below the bottom margin; and some rows are split
  glyphs    characters outside the BMP that the fonts have (𩸽 𠀋 𡈽 in IPAexGothic, 𠮷 in the
            fallback IPAmj Mincho) are drawn and
            extract as themselves (pdftotext), in the Title, Author and bookmarks too (pdfinfo,
            qpdf --json); each one-character name has ink in the page image (pdftoppm) unlike
            a blank, and differs from 〓
  kpiblock  in every sample, each KPI's name and its actual (or 未確定) are on the same page
            (the kasumino sample's 地場産品の販売額 was split across pages 1 and 2)
  legend    in every sample, each legend after the table (a scale of at most six choices) is
            on one page with its heading (the kasumino sample's 【事業効果の区分】 and its first
            choice ended page 2, its other three choices began page 3)
"""
import os
import random
import re
import subprocess
import sys

import yaml
from fontTools.ttLib import TTFont

KR, SRC, WORK, TEST = sys.argv[1:5]
os.makedirs(WORK, exist_ok=True)
FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
FALLBACK = "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"  # the templates' font.fallback
_cmap = None
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(*cmd, env=None, check=True):
    p = subprocess.run(cmd, capture_output=True, env=env)
    if check and p.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd),
                                                   p.stderr.decode(errors="replace")))
    return p


def build(src, out=None, env=None):
    """Builds src into out (default WORK/TEST); returns (pdf path, stderr text)."""
    out = out or os.path.join(WORK, TEST)
    os.makedirs(out, exist_ok=True)
    e = dict(os.environ, SOURCE_DATE_EPOCH="1499000000")
    e.update(env or {})
    p = run(KR, "build", "-o", out, src, env=e)
    stem = os.path.splitext(os.path.basename(src))[0]
    return os.path.join(out, stem + ".pdf"), p.stderr.decode()


def raw_text(pdf, first=None, last=None):
    args = ["pdftotext", "-raw"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return run(*args, pdf, "-").stdout.decode()


def squash(s):
    return re.sub(r"\s+", "", s)


def drawable(s):
    """What the PDF shows for s: characters neither IPAexGothic nor IPAmj Mincho has become 〓."""
    global _cmap
    if _cmap is None:
        _cmap = dict(TTFont(FALLBACK).getBestCmap())
        _cmap.update(TTFont(FONT).getBestCmap())
    return "".join(c if ord(c) in _cmap or c.isspace() else "〓"
                   for c in s)


def template_of(doc):
    name = doc.get("template", "kodaira-kpi")
    path = name if name.endswith(".yaml") else os.path.join(SRC, "templates", name + ".yaml")
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def texts(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else [str(x) for x in v]


def sentences(doc, tmpl=None):
    """Every input string the template's columns show."""
    tmpl = tmpl or template_of(doc)
    fields = [c["field"] for c in tmpl["columns"]]
    kpi_lines = tmpl.get("kpi_lines", [])
    out = [doc["title"]]
    m = doc.get("meeting") or {}
    out += [m[k] for k in ("committee", "material") if k in m]
    out += texts(doc.get("notes"))

    def scale(entries):
        for e in entries or []:
            if isinstance(e, str):
                out.append(e)
            else:
                out.append(e["label"])
                if e.get("criterion"):
                    out.append(e["criterion"])

    if "rating" in fields:
        scale(doc.get("ratings"))
    if "policy" in fields and doc.get("policies"):
        scale(doc.get("policies"))

    def project(p, top):
        out.append(p["name"])
        for f in ("overview", "results", "plans", "rating", "department", "code", "status"):
            if f in fields:
                out.extend(texts(p.get(f)))
        if "grant_program" in fields or (top and "name" in fields):
            out.extend(texts(p.get("grant_program")))
        if "policy" in fields and p.get("policy"):
            out.extend(texts(p["policy"].get("choice")) + texts(p["policy"].get("reason")))
        if "committee" in fields and p.get("committee"):
            c = p["committee"]
            out.extend(texts(c.get("rating")) + texts(c.get("comment")))
        for col in tmpl["columns"]:
            if col["field"] == "extra":
                out.extend(texts((p.get("extra") or {}).get(col.get("key"))))
        if "kpis" in fields:
            for k in p.get("kpis") or []:
                out.append(k["name"])
                if "target" in kpi_lines and k.get("target_text"):
                    out.append(k["target_text"])
                if "note" in kpi_lines and k.get("note"):
                    out.append(k["note"])
        for s in p.get("subprojects") or []:
            project(s, False)

    for p in doc["projects"]:
        project(p, True)
    return [s for s in out if isinstance(s, str) and s.strip()]


def check_complete(pdf, doc, tmpl=None, label=""):
    text = squash(raw_text(pdf))
    missing = [s for s in sentences(doc, tmpl) if squash(drawable(s)) not in text]
    for s in missing[:10]:
        fail("%s: not in pdftotext -raw: %s" % (label or pdf, s))
    return not missing


def load(path):
    with open(path, encoding="utf-8-sig") as f:
        return yaml.safe_load(f)


def inputs():
    d = os.path.join(SRC, "input")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".yaml"))


def page_count(pdf):
    m = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf).stdout.decode(), re.M)
    return int(m.group(1))


# 行頭禁則 (JLREQ): closing brackets, 、。，．, ー, small kana, iteration marks, ！？：；.  The list
# marker ・ is allowed at a line start (it starts a bullet); ・ inside text is checked in unit tests.
NO_START = set("）」』】〕〉》〙〗〟’”、。，．！？：；ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
               "ｧｨｩｪｫｯｬｭｮｰ｡｣､")
NO_END = set("（「『【〔〈《〘〖〝‘“")


def check_kinsoku(pdf):
    bad = 0
    for ln in raw_text(pdf).split("\n"):
        ln = ln.strip().strip("\f")
        if not ln:
            continue
        if ln[0] in NO_START or ln[-1] in NO_END:
            bad += 1
            if bad <= 10:
                fail("%s: line breaks against 禁則: %r" % (os.path.basename(pdf), ln))
    return bad == 0


# ---------------------------------------------------------------------------------------------
# Generated documents

PHRASES = ["市内の子育て世帯を対象に、", "地域の事業者と連携して", "空き店舗を活用した交流拠点を整備し、",
           "「まちなか相談窓口」を開設して", "年間10,000件の利用を目標に", "高齢者の見守り活動を支援し、",
           "ICTを活用した情報発信を強化するとともに、", "（一社）まちづくり協議会が運営を担い、",
           "102.5%の達成率となった。", "参加者アンケートでは満足度が高かった。", "翌年度以降も継続して取り組む。",
           "商店街の回遊性が向上し、", "就労支援セミナーを年4回開催した。", "移住相談件数は17,420件に達した。"]


def sentence(rng, n):
    return "".join(rng.choice(PHRASES) for _ in range(n)).rstrip("、") + "。"


def gen_doc(path, n_projects, seed=7):
    rng = random.Random(seed)
    ratings = ["地方創生に非常に効果的であった", "地方創生に相当程度効果があった",
               "地方創生に効果があった", "地方創生に対して効果がなかった"]
    projects = []
    for i in range(n_projects):
        def kpi(j):
            t = rng.choice([30, 200, 1000, 10000])
            return {"name": "指標%d-%dの参加人数" % (i + 1, j + 1), "unit": "人", "target": t,
                    "actual": int(t * rng.uniform(0.3, 1.6))}
        p = {"name": "第%d号 地域活性化推進事業%s" % (i + 1, "（拡充分）" if i % 5 == 0 else ""),
             "grant_program": rng.choice(["地方創生推進交付金", "地方創生加速化交付金"]),
             "cost": 1000000 + 1000 * i, "grant": 500000,
             "overview": [sentence(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 4))],
             "kpis": [kpi(j) for j in range(rng.randint(0, 2))],
             "rating": rng.choice(ratings),
             "results": [sentence(rng, rng.randint(1, 3)) for _ in range(rng.randint(1, 3))],
             "plans": sentence(rng, rng.randint(1, 3))}
        if i % 7 == 3:
            subs = []
            total = 0
            for j in range(2):
                c = 400000 + 100000 * j
                total += c
                subs.append({"name": "関連事業%d-%d" % (i + 1, j + 1), "cost": c,
                             "overview": [sentence(rng, 2)], "kpis": [kpi(9)],
                             "rating": rng.choice(ratings)})
            p["subprojects"] = subs
            p["cost"] = total
            p["grant"] = 300000
        projects.append(p)
    doc = {"version": 1, "template": "kodaira-kpi",
           "meeting": {"committee": "さくら市総合戦略推進委員会", "session": 3, "material": "資料2",
                       "date": "2018-07-10"},
           "title": "地方創生推進交付金を活用した平成29年度実施事業の効果検証（%d事業）" % n_projects,
           "fiscal_year": 2017,
           "ratings": ratings, "projects": projects,
           "notes": ["本資料の数値は平成30年3月末現在の実績である。"]}
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, width=1000)
    return doc


# ---------------------------------------------------------------------------------------------

def header_labels(tmpl):
    """The header row as pdftotext sees it: each label (and group) with whitespace removed."""
    labels = set()
    unit = "千円" if tmpl.get("money_unit") == "thousand" else "円"
    for c in tmpl["columns"]:
        labels.add(squash(str(c["label"]).replace("{fy}", "").replace("{unit}", unit)))
        if c.get("group"):
            labels.add(squash(c["group"]))
    return [l for l in labels if l]


def t_text():
    for src in inputs():
        pdf, _ = build(src)
        check_complete(pdf, load(src), label=os.path.basename(pdf))


def t_long():
    src = os.path.join(WORK, "long60.yaml")
    doc = gen_doc(src, 60)
    pdf, err = build(src)
    n = page_count(pdf)
    if n < 10:
        fail("60 projects on %d pages: expected at least 10" % n)
    tmpl = template_of(doc)
    labels = [l for l in header_labels(tmpl) if "(" not in l]
    for pg in range(1, n + 1):
        t = squash(raw_text(pdf, pg))
        if "%d/%d" % (pg, n) not in t:
            fail("page %d: footer %d / %d missing" % (pg, pg, n))
        if pg < n or "交付対象事業の名称" in t:
            for l in labels:
                if l not in t:
                    fail("page %d: header label %s missing" % (pg, l))
    j = run("qpdf", "--json", "--json-key=outlines", pdf).stdout.decode()
    titles = re.findall(r'"title":\s*"([^"]*)"', j)
    if len(titles) != 60:
        fail("%d bookmarks for 60 projects" % len(titles))
    elif titles[0] != doc["projects"][0]["name"]:
        fail("first bookmark is %r" % titles[0])
    check_complete(pdf, doc, label="long60.pdf")
    check_kinsoku(pdf)
    print("60 projects: %d pages, %d bytes" % (n, os.path.getsize(pdf)))


def t_giant():
    src = os.path.join(WORK, "giant.yaml")
    items = ["項目%04dの取組として、地域の事業者と連携した支援を実施した。" % i for i in range(400)]
    doc = {"version": 1, "template": "kodaira-kpi", "title": "巨大なセルの分割試験",
           "fiscal_year": 2016, "ratings": ["効果があった", "効果がなかった"],
           "projects": [{"name": "短い事業", "cost": 1000, "overview": ["短い概要。"],
                         "kpis": [], "rating": "効果があった"},
                        {"name": "長大な事業", "grant_program": "地方創生推進交付金", "cost": 5000,
                         "overview": items, "kpis": [], "rating": "効果があった",
                         "results": ["結果の記述。"]},
                        {"name": "後続の事業", "cost": 1000, "overview": ["後続の概要。"],
                         "kpis": [], "rating": "効果があった"}]}
    with open(src, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, width=1000)
    pdf, _ = build(src)
    n = page_count(pdf)
    if n < 4:
        fail("a 400-item cell on %d pages: expected at least 4" % n)
    text = squash(raw_text(pdf))
    pos = -1
    for s in items:
        k = text.find(s)
        if k < 0:
            fail("lost: %s" % s)
        elif text.count(s) != 1:
            fail("duplicated: %s" % s)
        elif k < pos:
            fail("out of order: %s" % s)
        pos = max(pos, k)
    for pg in range(2, n):
        t = squash(raw_text(pdf, pg))
        if "長大な事業（続き）" not in t:
            fail("page %d: no continuation label 長大な事業（続き）" % pg)
    if "後続の概要。" not in text:
        fail("the row after the giant one is lost")
    check_kinsoku(pdf)


def t_fonts():
    for src in inputs():
        pdf, _ = build(src)
        out = run("pdffonts", pdf).stdout.decode().splitlines()[2:]
        if not out:
            fail("%s: no fonts" % pdf)
        for ln in out:
            f = ln.split()
            # name type... emb sub uni object gen
            emb, sub, uni = f[-5], f[-4], f[-3]
            if (emb, sub, uni) != ("yes", "yes", "yes") or not re.match(r"[A-Z]{6}\+", f[0]):
                fail("%s: font not embedded+subset+unicode: %s" % (os.path.basename(pdf), ln))


def t_determinism():
    for src in inputs():
        a, _ = build(src, os.path.join(WORK, "det-a"))
        b, _ = build(src, os.path.join(WORK, "det-b"))
        if open(a, "rb").read() != open(b, "rb").read():
            fail("%s: two builds differ" % os.path.basename(a))
        info = run("pdfinfo", "-isodates", a).stdout.decode()
        if "2017-07-02T12:53:20" not in info:
            fail("%s: CreationDate is not SOURCE_DATE_EPOCH=1499000000:\n%s" % (a, info))


def t_check():
    for src in inputs():
        pdf, _ = build(src)
        q = run("qpdf", "--check", pdf, check=False)
        if q.returncode != 0:
            fail("%s: qpdf --check: %s" % (pdf, q.stdout.decode() + q.stderr.decode()))
        for tool in (["pdftotext", "-raw", pdf, "/dev/null"], ["pdffonts", pdf],
                     ["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", pdf,
                      os.path.join(WORK, "check")]):
            p = run(*tool, check=False)
            if p.returncode != 0 or p.stderr.strip():
                fail("%s: %s complains: %s" % (os.path.basename(pdf), tool[0],
                                                p.stderr.decode()[:300]))
        doc = load(src)
        info = run("pdfinfo", pdf).stdout.decode()
        if not re.search(r"^Title:\s+%s$" % re.escape(drawable(doc["title"])), info, re.M):
            fail("%s: pdfinfo Title wrong:\n%s" % (pdf, info))
        com = (doc.get("meeting") or {}).get("committee")
        if com and not re.search(r"^Author:\s+%s$" % re.escape(drawable(com)), info, re.M):
            fail("%s: pdfinfo Author wrong" % pdf)
        j = run("qpdf", "--json", "--json-key=qpdf", pdf).stdout.decode()
        if '"/Lang": "u:ja"' not in j and '"/Lang": "ja"' not in j:
            fail("%s: catalog has no /Lang ja" % pdf)


def t_size():
    pdf, _ = build(os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml"))
    n = os.path.getsize(pdf)
    print("seed PDF: %d bytes" % n)
    if n > 64 * 1024:
        fail("seed PDF is %d bytes, more than 64 KB" % n)


def t_geta():
    """𠮷, which IPAexGothic lacks, comes from the fallback font; a grapheme no font has (an emoji
    sequence) is one 〓 with one warning, per grapheme and string."""
    src = os.path.join(WORK, "geta.yaml")
    lines = ["version: 1", "template: kodaira-kpi", "title: 外字の試験", "fiscal_year: 2016",
             "ratings: [効果があった, 効果がなかった]", "projects:",
             "  - name: 𠮷野家前商店街の活性化事業",
             "    cost: 1000", "    kpis: []", "    rating: 効果があった",
             "    overview:", "      - 𠮷田さんと𠮷川さんの協力を得た。",
             "      - 家族👨\u200d👩\u200d👧と😀と😀と🇯🇵の絵文字。"]
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines).replace("\\u200d", "\u200d") + "\n")
    pdf, err = build(src)
    got = re.findall(r"^(.*):(\d+):(\d+): warning: (.*)$", err, re.M)
    want = ["U+1F468 U+200D U+1F469 U+200D U+1F467", "U+1F600", "U+1F1EF U+1F1F5"]
    if len(got) != len(want):
        fail("expected %d warnings (one per grapheme and string), got:\n%s" % (len(want), err))
    for w, g in zip(want, got):
        if g[0] != src or (int(g[1]), int(g[2])) != (13, 9) or not g[3].startswith(w + " ") \
                or "〓" not in g[3]:
            fail("warning %r, expected %s:13:9 naming %s and 〓" % (g, src, w))
    text = squash(raw_text(pdf))
    if "𠮷野家前商店街の活性化事業" not in text or "𠮷田さんと𠮷川さんの協力を得た。" not in text:
        fail("𠮷 not drawn from the fallback font:\n" + text[:400])
    if "家族〓と〓と〓と〓の絵文字。" not in text:
        fail("not one 〓 per grapheme:\n" + text[:600])
    fonts = run("pdffonts", pdf).stdout.decode()
    if not re.search(r"^[A-Z]{6}\+IPAmjMincho\s.*yes\s+yes\s+yes", fonts, re.M):
        fail("the fallback font is not embedded as a subset with ToUnicode:\n" + fonts)


def t_compose():
    """Combining sequences are composed before drawing: か+U+3099 and か+゛ draw が, e+U+0301
    draws é; a text without them (or with a compatibility ideograph) is left as it is."""
    src = small_doc("compose", "合成の試験", [("か\u3099っこう\u304b\u309bいcafe\u0301",
                                               "神\ufa19社（互換漢字）はそのまま。")])
    pdf, err = build(src)
    text = squash(raw_text(pdf))
    if "がっこうがいcafé" not in text:
        fail("not composed: %r" % text[:300])
    if "\u3099" in text or "\u309b" in text or "\u0301" in text:
        fail("a combining mark is drawn on its own")
    if "神\ufa19社" not in text:
        fail("a compatibility ideograph was normalised away")
    if "warning" in err:
        fail("warnings:\n" + err)


def t_variant():
    """An ideographic variation sequence draws the variant where a font has it (葛󠄀 in
    IPAexGothic, 辻󠄂 in IPAmj Mincho), extracting as base + selector, its glyph not the base's;
    else the base, with a warning."""
    names = ["葛\U000E0100", "葛", "辻\U000E0102", "辻"]
    src = small_doc("variant", "異体字の試験",
                    [(n, "%s城市と葛\U000E01EF飾区の事業。" % n) for n in names])
    pdf, err = build(src)
    text = squash(raw_text(pdf))
    for n in names:
        if "%s城市と葛飾区の事業。" % n not in text:
            fail("%r not drawn as itself, or the base of an unknown variant missing: %r"
                 % (n, text[:300]))
    w = re.findall(r"warning: (.*)", err)
    if len(w) != len(names) or any("U+845B U+E01EF" not in x for x in w):
        fail("expected one warning per string for 葛+U+E01EF:\n" + err)
    crops = glyph_ink(pdf, names)
    for v, base in ((names[0], names[1]), (names[2], names[3])):
        if v not in crops or base not in crops or crops[v] == crops[base]:
            fail("%r is drawn like %s (or not found)" % (v, base))


def t_forms():
    """Half-width katakana and full-width digits in a text: one warning each, drawn as written."""
    src = small_doc("forms", "表記の試験", [("ｺﾜｰｷﾝｸﾞ事業", "参加者は１２３人、ｾﾐﾅｰは２回。")])
    pdf, err = build(src)
    w = re.findall(r"^.*:(\d+):\d+: warning: (.*)$", err, re.M)
    kinds = sorted((int(l), m.split("'")[1]) for l, m in w)
    if [k for _, k in kinds] != ["ｺﾜｰｷﾝｸﾞ", "１２３", "ｾﾐﾅｰ"] or \
            "コワーキング" not in err or "'123'" not in err:
        fail("expected warnings for ｺﾜｰｷﾝｸﾞ, ｾﾐﾅｰ and １２３ with their usual forms:\n" + err)
    if "参加者は１２３人、ｾﾐﾅｰは２回。" not in squash(raw_text(pdf)):
        fail("not drawn as written")


def t_kinsoku():
    for src in inputs():
        pdf, _ = build(src)
        check_kinsoku(pdf)


def t_template():
    seed = load(os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml"))
    with open(os.path.join(SRC, "input", "kodaira-h28-shiryo1.yaml"), encoding="utf-8") as f:
        text = f.read().replace("template: kodaira-kpi", "template: national-form2")
    src = os.path.join(WORK, "seed-form2.yaml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(text)
    pdf, _ = build(src)
    t = squash(raw_text(pdf))
    with open(os.path.join(SRC, "templates", "national-form2.yaml"), encoding="utf-8") as f:
        tmpl = yaml.safe_load(f)
    for l in header_labels(tmpl):
        if l not in t:
            fail("national-form2 header %s missing" % l)
    if "今年度の取組み(予定)" in t:
        fail("national-form2 shows the kodaira column 今年度の取組み(予定)")
    check_complete(pdf, seed, tmpl, "seed-form2.pdf")


def t_money():
    """Every yen amount is printed whole on one line, however narrow its column."""
    for src in inputs():
        doc = load(src)
        tmpl = template_of(doc)
        if tmpl.get("money_unit") == "thousand":
            continue
        pdf, _ = build(src)
        lines = [squash(l) for l in raw_text(pdf).splitlines()]
        for p in doc["projects"]:
            for q in [p] + p.get("subprojects", []):
                for key in ("cost", "grant"):
                    if key in q and q[key] is not None:
                        amount = "{:,}".format(q[key])
                        if not any(amount in l for l in lines):
                            fail("%s: %s %s is not on one line" % (os.path.basename(src), key, amount))


def t_verdict():
    """A decrease KPI that reached 0 without a baseline has no ratio but is shown as achieved;
    an unknown actual shows the unknown label and no verdict."""
    src = os.path.join(WORK, "verdict.yaml")
    with open(src, "w", encoding="utf-8") as f:
        f.write("version: 1\ntitle: 判定\nfiscal_year: 2022\nprojects:\n  - name: 事業\n"
                "    kpis:\n      - {name: 事故件数, unit: 件, direction: decrease, target: 1, actual: 0}\n"
                "      - {name: 参加者数, unit: 人, target: 10, actual: null}\n")
    pdf, _ = build(src)
    lines = [squash(l) for l in raw_text(pdf).splitlines()]
    i = lines.index("【実績】0件") if "【実績】0件" in lines else -1
    if i < 0 or lines[i + 1] != "達成":
        fail("zero decrease KPI: %s" % lines[i:i + 2])
    if "【実績】未確定" not in lines:
        fail("unknown actual not shown as 未確定")


def t_paginate():
    sys.path.insert(0, os.path.join(SRC, "bench"))
    import pagination
    for name, pad in (("gen60", None), ("gen60-narrow", 0.5)):
        src = os.path.join(WORK, name + ".yaml")
        run("/usr/bin/python3", os.path.join(SRC, "bench", "gen.py"), "60", "-o", src)
        if pad is not None:  # a padding narrower than a hanging 。's ink
            with open(os.path.join(SRC, "templates", "kodaira-kpi.yaml"), encoding="utf-8") as f:
                t = f.read().replace("padding: 1.1", "padding: %g" % pad)
            with open(os.path.join(WORK, "narrow.yaml"), "w", encoding="utf-8") as f:
                f.write(t)
            with open(src, encoding="utf-8") as f:
                d = f.read().replace("template: kodaira-kpi", "template: ./narrow.yaml")
            with open(src, "w", encoding="utf-8") as f:
                f.write(d)
        pdf, _ = build(src)
        r = pagination.measure(src, pdf)
        print(name, {k: v for k, v in r.items() if k != "details"})
        for key in ("short_parts", "kpi_split", "sunk_cells", "blank_over_100", "one_char",
                    "label_broken", "hang_touch", "overflow"):
            if r[key]:
                fail("%s: %s = %d: %s" % (name, key, r[key], "; ".join(r["details"][:5])))
        if name == "gen60" and r["splits"] == 0:
            fail("gen60: no row was split: the split rules went untested")


def small_doc(name, title, projects, **top):
    """Writes WORK/name.yaml: a kodaira-kpi handout with these projects (name, overview) and
    the rest filled in; returns its path."""
    src = os.path.join(WORK, name + ".yaml")
    doc = {"version": 1, "template": "kodaira-kpi", "title": title, "fiscal_year": 2016}
    doc.update(top)
    doc.update({"ratings": ["効果があった", "効果がなかった"],
                "projects": [{"name": n, "cost": 1000, "kpis": [], "rating": "効果があった",
                              "overview": [o]} for n, o in projects]})
    with open(src, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)
    return src


def glyph_ink(pdf, chars, dpi=300):
    """The rendered pixels of each one-character word of page 1 (by pdftotext -bbox), as a tuple
    of grey bytes cropped to the word's box."""
    import html
    # (poppler 22 writes a title outside the BMP as CESU-8: only the words are read)
    bbox = run("pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-").stdout.decode(errors="replace")
    boxes = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                         r'([^<]*)</word>', bbox):
        w = html.unescape(m.group(5))
        if w in chars and w not in boxes:
            boxes[w] = [float(v) for v in m.groups()[:4]]
    out = os.path.join(WORK, "glyphs")
    run("pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-gray", pdf, out)
    pgm = open(out + "-1.pgm", "rb").read()
    head = pgm.split(b"\n", 3)
    width, height = map(int, head[1].split())
    data = head[3]
    crops = {}
    k = dpi / 72
    for ch, (x0, y0, x1, y1) in boxes.items():
        rows = range(int(y0 * k), int(y1 * k))
        crops[ch] = tuple(data[r * width + c] for r in rows for c in range(int(x0 * k), int(x1 * k)))
    return crops


def t_glyphs():
    names = ["𩸽", "𠀋", "𡈽", "𠮷", "〓"]  # 𠮷 from the fallback font
    src = small_doc("glyphs", "𩸽の干物と𠀋𡈽の試験",
                    [(n, "%s（外字）を使った商品を開発した。" % n) for n in names],
                    meeting={"committee": "𩸽市𡈽町委員会"})
    pdf, err = build(src)
    if "warning" in err:
        fail("warnings for characters the font has:\n" + err)
    text = squash(raw_text(pdf))
    for n in names[:4]:
        if "%s（外字）を使った商品を開発した。" % n not in text:
            fail("%s is not extracted as itself: %s" % (n, text[:300]))
    info = run("pdfinfo", pdf).stdout.decode()
    if not re.search(r"^Title:\s+𩸽の干物と𠀋𡈽の試験$", info, re.M) or \
            not re.search(r"^Author:\s+𩸽市𡈽町委員会$", info, re.M):
        fail("Title or Author lost characters outside the BMP:\n" + info)
    j = run("qpdf", "--json", "--json-key=outlines", pdf).stdout.decode()
    titles = re.findall(r'"title":\s*"([^"]*)"', j)
    if titles[:4] != names[:4]:
        fail("bookmarks %r" % titles)
    crops = glyph_ink(pdf, names)
    for n in names[:4]:
        c = crops.get(n)
        if not c or sum(1 for v in c if v < 128) < 20:
            fail("%s has no ink in the page image" % n)
        elif c == crops.get("〓"):
            fail("%s is drawn as 〓" % n)


def t_decrease():
    import openpyxl
    kpis = [{"name": "待機児童数", "unit": "人", "direction": "decrease", "baseline": 300,
             "target": 272, "actual": 432},
            {"name": "空き店舗数", "unit": "店舗", "direction": "decrease", "target": 5,
             "actual": 4}]
    for mark, tmpl in (("▲", "kodaira-kpi"), ("△", "./marks.yaml")):
        with open(os.path.join(SRC, "templates", "kodaira-kpi.yaml"), encoding="utf-8") as f:
            t = f.read().replace('none: "-"', 'none: "-"\n  negative: "%s"' % mark)
        with open(os.path.join(WORK, "marks.yaml"), "w", encoding="utf-8") as f:
            f.write(t)
        src = small_doc("decrease", "減少目標の試験", [("保育の受け皿整備事業", "概要。")])
        doc = load(src)
        doc["template"] = tmpl
        doc["projects"][0]["kpis"] = kpis
        with open(src, "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)
        pdf, _ = build(src)
        lines = [squash(l) for l in raw_text(pdf).splitlines()]
        want = ["【基準値】300人", "【KPI】272人（減少）", "【実績】432人", "【KPI】5店舗（減少）"]
        for w in want:
            if w not in lines:
                fail("%s: %s not printed: %s" % (mark, w, lines))
        if not any(l.startswith("達成率%s471.4%%" % mark) for l in lines) or \
                any("-471" in l for l in lines):
            fail("%s: the negative rate is not written %s471.4%%" % (mark, mark))
        wb = openpyxl.load_workbook(pdf[:-4] + ".xlsx")
        fmts = {c.number_format for ws in wb for row in ws.iter_rows() for c in row
                if "%" in c.number_format}
        if not fmts or any(f != "0.0%%;\\%s0.0%%" % mark for f in fmts):
            fail("%s: workbook rate formats %s" % (mark, fmts))


def t_kpiblock():
    for src in inputs():
        doc = load(src)
        tmpl = template_of(doc)
        if "kpis" not in [c["field"] for c in tmpl["columns"]]:
            continue
        labels = tmpl.get("labels") or {}
        actual, unknown = labels.get("actual", "【実績】"), labels.get("unknown", "未確定")
        pdf, _ = build(src)
        pages = [squash(drawable(raw_text(pdf, i))) for i in range(1, page_count(pdf) + 1)]
        for p in doc["projects"]:
            for q in [p] + (p.get("subprojects") or []):
                for k in q.get("kpis") or []:
                    v = k.get("actual")
                    shown = unknown if v is None else (
                        "{:,}".format(v) if isinstance(v, int) else str(v)) + k.get("unit", "")
                    name = squash(drawable(k["name"]))
                    on = [i for i, t in enumerate(pages)
                          if name in t and actual + shown in t[t.index(name):]]
                    if not on:
                        fail("%s: KPI %s and %s%s not on one page" %
                             (os.path.basename(src), k["name"], actual, shown))


def t_legend():
    for src in inputs():
        doc = load(src)
        fields = [c["field"] for c in template_of(doc)["columns"]]
        pdf, _ = build(src)
        lines = [(i, ln) for i in range(1, page_count(pdf) + 1)
                 for ln in raw_text(pdf, i).splitlines() if ln.strip()]
        for key in ("ratings", "committee_ratings", "policies"):
            items = [squash(x["label"] if isinstance(x, dict) else str(x))
                     for x in doc.get(key) or []]
            if not items or len(items) > 6:
                continue
            found = None
            for j, (_, ln) in enumerate(lines):
                if j and squash(ln).startswith("・" + items[0]):
                    at, k = [j], j
                    for it in items[1:]:
                        while k < len(lines) and not squash(lines[k][1]).startswith("・" + it):
                            k += 1
                        at.append(k)
                    if k < len(lines):
                        found = at
            if found is None:
                if key == "ratings" or (key == "policies" and "policy" in fields):
                    fail("%s: legend of %s not found" % (os.path.basename(src), key))
                continue
            pages = {lines[k][0] for k in [found[0] - 1] + found}
            if len(pages) > 1:
                fail("%s: the legend of %s (%s) runs over pages %s" %
                     (os.path.basename(src), key, lines[found[0] - 1][1], sorted(pages)))


TESTS = {k[2:]: v for k, v in globals().items() if k.startswith("t_")}
if TEST not in TESTS:
    sys.exit("unknown test %s; one of %s" % (TEST, ", ".join(TESTS)))
TESTS[TEST]()
if failures:
    sys.exit("%d failure(s)" % len(failures))
print("ok")

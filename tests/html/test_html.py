#!/usr/bin/python3
"""STEM.html without a browser: markup in the input is text (a name <script> stays a name), the
file is self-contained (no script, no reference to another file), lang="ja", deterministic (two
builds, the same bytes), and holds every project name and every KPI's 達成率 and 判定 as text.
Read with Python's html.parser.  usage: test_html.py KPIREPORT WORK"""
import html.parser
import os
import subprocess
import sys

BIN, WORK = sys.argv[1], sys.argv[2]
failed = 0

HOSTILE = """version: 1
meeting: {committee: "委員会 <b>太字</b> & \\"引用\\"", session: 2, material: "資料<1>", date: 2021-06-01}
title: "<script>alert(1)</script>の効果検証 & 'テスト'"
fiscal_year: 2020
ratings: ["<i>効果的</i>", "効果なし"]
projects:
  - name: "<script>alert('x')</script>"
    grant_program: "</td></tr><tr><td>交付金"
    cost: 1000
    grant: 500
    overview: ["𠮷野家の𩸽とｶﾀｶﾅとが゙", "https://www.example.lg.jp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/index.html"]
    results: "一行目\\n二行目 <br> は文字"
    rating: "<i>効果的</i>"
    kpis:
      - {name: "<img src=x onerror=alert(1)>", unit: "&lt;件", target: 10, actual: 5}
      - {name: 減る指標, direction: decrease, baseline: 20, target: 10, actual: 12}
notes: ["<!-- 注記 -->", "※&amp;はそのまま"]
"""


def check(ok, what):
    global failed
    if not ok:
        failed += 1
        print("FAIL", what)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append((self.stack[-1] if self.stack else "", data))


def build(src, out):
    os.makedirs(out, exist_ok=True)
    r = subprocess.run([BIN, "build", "--formats", "html", "-o", out, src], capture_output=True,
                       text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1500000000"))
    check(r.returncode == 0, f"build {src}: {r.returncode} {r.stderr}")
    stem = os.path.splitext(os.path.basename(src))[0]
    return open(os.path.join(out, stem + ".html"), "rb").read()


os.makedirs(WORK, exist_ok=True)
src = os.path.join(WORK, "hostile.yaml")
with open(src, "w", encoding="utf-8") as f:
    f.write(HOSTILE)
a = build(src, os.path.join(WORK, "a"))
b = build(src, os.path.join(WORK, "b"))
check(a == b, "two builds of the same input differ")
page = Page()
page.feed(a.decode("utf-8"))
text = "".join(t for _, t in page.text)
check("script" not in page.tags and "img" not in page.tags and "b" not in page.tags
      and "i" not in page.tags, f"markup from the input became elements: {set(page.tags)}")
for s in ("<script>alert('x')</script>", "</td></tr><tr><td>交付金", "<img src=x onerror=alert(1)>",
          "&lt;件", "委員会 <b>太字</b> & \"引用\"", "資料<1>", "<!-- 注記 -->", "※&amp;はそのまま",
          "𠮷野家の𩸽とｶﾀｶﾅとが゙", "<i>効果的</i>", "二行目 <br> は文字"):
    check(s in text, f"the input's text {s!r} is not shown as text")
check(("title", "<script>alert(1)</script>の効果検証 & 'テスト'") in page.text, "the title element")
check(("html", "lang", "ja") in page.attrs, 'no lang="ja"')
refs = [(t, k, v) for t, k, v in page.attrs if k in ("src", "href", "srcset", "action")]
check(not refs and "link" not in page.tags and "script" not in page.tags,
      f"not self-contained: {refs}")
check(("strong", "未達成") in page.text, "the decrease KPI's 判定 is not text")
check(any(t == "span" and d.startswith("50.0%") for t, d in page.text), "達成率 50.0% is not text")
# The samples: every project's name and every KPI's 達成率 as text.
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import yaml  # noqa: E402
for name in sorted(os.listdir(os.path.join(root, "input"))):
    path = os.path.join(root, "input", name)
    page = Page()
    page.feed(build(path, os.path.join(WORK, "samples")).decode("utf-8"))
    text = "".join(t for _, t in page.text)
    doc = yaml.safe_load(open(path, encoding="utf-8-sig"))
    for p in doc["projects"]:
        for q in [p] + (p.get("subprojects") or []):
            check(q["name"] in text, f"{name}: {q['name']} missing")
            for k in q.get("kpis") or []:
                check(k["name"] in text, f"{name}: KPI {k['name']} missing")
print("html ok" if not failed else f"{failed} failed")
sys.exit(1 if failed else 0)

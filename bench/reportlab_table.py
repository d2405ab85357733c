#!/usr/bin/python3
"""The peer of the benchmark: kpireport's kodaira-kpi handout built with ReportLab.

    bench/reportlab_table.py FILE.yaml OUT.pdf

Reads the same input (format version 1) with PyYAML and lays out the same table the way a
developer would with ReportLab's platypus: A4 landscape, the template's margins, column widths and
font sizes, a platypus Table whose two header rows (the group 事業の実績・効果等 over 効果 and
実績・効果) repeat on every page (repeatRows=2), Paragraph cells with wordWrap='CJK', IPAexGothic
embedded (ReportLab subsets TrueType fonts itself), "n / N" page numbers and the running head on
later pages, then the 【選択肢】 legend and the notes. The cell contents are those kpireport
prints: 【grant_program】, (1)/(2) labels of subprojects, yen with thousands separators, "-" for
no grant, "_" for no KPI, each KPI as ・name / 【KPI】target / 【実績】actual or 未確定 /
達成率 n.n% with 達成 or 未達成 / ※将来KPI target(era year) / ※note, the committee prompt.

Use /usr/bin/python3 (Debian's python3-reportlab and python3-yaml).
"""
import sys
from datetime import date
from fractions import Fraction
from xml.sax.saxutils import escape

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_PATH = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
FONT = "IPAexGothic"

# templates/kodaira-kpi.yaml
MARGINS = dict(top=10, right=9, bottom=11, left=9)  # mm
SIZE = dict(title=12.5, meeting=8.5, header=7.5, body=7, small=6, footer=7)
LINE_GAP = 0.32
PAD = 1.1 * mm
COLUMNS = [  # field, label, group, relative width
    ("name", "交付対象事業の名称", None, 12),
    ("cost", "事業費\n(円)", None, 6.4),
    ("grant", "交付金\n(円)", None, 6.4),
    ("overview", "事業の概要", None, 21),
    ("kpis", "KPI({fy}年度末)", None, 13),
    ("rating", "効果", "事業の実績・効果等", 7),
    ("results", "実績・効果", "事業の実績・効果等", 15),
    ("plans", "今年度の取組み(予定)", None, 15),
    ("committee", "推進委員会での評価", None, 9),
]
MARK_NO_KPI, MARK_NO_GRANT = "_", "-"
PROMPT = "(KPIの達成に有効であったか)"
WEEKDAYS = "月火水木金土日"


def style(name, size, align=TA_LEFT, indent=0, grey=0):
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * (1 + LINE_GAP),
                          alignment=align, wordWrap="CJK", leftIndent=indent,
                          firstLineIndent=-indent, textColor=colors.Color(grey, grey, grey))


BODY = style("body", SIZE["body"])
BODY_R = style("body_r", SIZE["body"], TA_RIGHT)
HEAD = style("head", SIZE["header"], TA_CENTER)
SMALL = style("small", SIZE["small"])
PROMPT_S = style("prompt", SIZE["small"], grey=0.35)
BULLET = style("bullet", SIZE["body"], indent=SIZE["body"])       # ・ hangs one em
NOTE_S = style("note", SIZE["small"], indent=SIZE["small"])        # ※ hangs one em
MEETING = style("meeting", SIZE["meeting"])
MEETING_R = style("meeting_r", SIZE["meeting"], TA_RIGHT)
TITLE = style("title", SIZE["title"], TA_CENTER)
SUBNAME = ParagraphStyle("subname", parent=BODY, leftIndent=SIZE["body"])
LEGEND = style("legend", SIZE["body"], indent=SIZE["body"])


def x(s):
    return escape(str(s)).replace("\n", "<br/>")


# ---- computed values (the rules of docs/format.md) ------------------------------------------

def fmt_num(v):
    if isinstance(v, float):
        s = repr(v)
        ip, _, fp = s.partition(".")
        fp = fp.rstrip("0")
        return f"{int(ip):,}" + (f".{fp}" if fp else "")
    return f"{int(v):,}"


def tenths(num, den):
    """round(num/den*1000) half away from zero, on exact values."""
    q = Fraction(str(num)) * 1000 / Fraction(str(den))
    neg = q < 0
    q = abs(q)
    t = int(q + Fraction(1, 2))
    return -t if neg else t


def fmt_tenths(t):
    sign = "-" if t < 0 else ""
    t = abs(t)
    return f"{sign}{t // 10:,}.{t % 10}%"


def achievement(k):
    t, a = k.get("target"), k.get("actual")
    if t is None or a is None:
        return None
    if k.get("direction", "increase") == "increase":
        num, den = a, t
    elif k.get("baseline") is not None:
        num, den = k["baseline"] - a, k["baseline"] - t
    elif a == 0:
        return None
    else:
        num, den = t, a
    if den == 0:
        return None
    met = a >= t if k.get("direction", "increase") == "increase" else a <= t
    return fmt_tenths(tenths(num, den)), met


def fy_abbr(doc, fy):
    d = (doc.get("meeting") or {}).get("date")
    if isinstance(d, str):
        d = date.fromisoformat(d)
    reiwa = fy >= 2019 if d is None else (d >= date(2019, 5, 1) and fy >= 2019)
    return f"R{fy - 2018}" if reiwa else f"H{fy - 1988}"


def era_date(d):
    if isinstance(d, str):
        d = date.fromisoformat(d)
    if d >= date(2019, 5, 1):
        y = d.year - 2018
        era = "令和" + ("元" if y == 1 else str(y))
    else:
        era = "平成" + ("元" if d.year == 1989 else str(d.year - 1988))
    return f"{era}年{d.month}月{d.day}日({WEEKDAYS[d.weekday()]})"


def label(choice):
    return choice["label"] if isinstance(choice, dict) else choice


# ---- cells ------------------------------------------------------------------------------------

def texts(v):
    """A string is a paragraph, a list bullets with ・ hanging."""
    if v is None:
        return []
    if isinstance(v, list):
        return [Paragraph("・" + x(s), BULLET) for s in v]
    return [Paragraph(x(v), BODY)]


def kpi_cell(doc, kpis):
    if not kpis:
        return [Paragraph(MARK_NO_KPI, BODY)]
    out = []
    for i, k in enumerate(kpis):
        unit = k.get("unit", "")
        lines = [Paragraph("・" + x(k["name"]), BULLET)]
        if k.get("target") is not None:
            lines.append(Paragraph(x(f"【KPI】{fmt_num(k['target'])}{unit}"), BODY))
        elif k.get("target_text"):
            lines.append(Paragraph(x(f"【KPI】{k['target_text']}"), BODY))
        a = k.get("actual")
        lines.append(Paragraph(x(f"【実績】{fmt_num(a)}{unit}" if a is not None else "【実績】未確定"),
                               BODY))
        ach = achievement(k)
        if ach:
            pct, met = ach
            lines.append(Paragraph(x(f"達成率{pct}　{'達成' if met else '未達成'}"), BODY))
        lt = k.get("long_term")
        if lt and lt.get("target") is not None:
            lines.append(Paragraph(
                x(f"※将来KPI {fmt_num(lt['target'])}{unit}({fy_abbr(doc, lt['fiscal_year'])})"), BODY))
        if k.get("note"):
            lines.append(Paragraph("※" + x(k["note"]), NOTE_S))
        if i:
            out.append(Spacer(1, 0.4 * SIZE["body"]))
        out.extend(lines)
    return out


def row(doc, p, parent, index):
    cells = []
    for field, *_ in COLUMNS:
        if field == "name":
            c = []
            if parent is None and p.get("grant_program"):
                c.append(Paragraph(x(f"【{p['grant_program']}】"), BODY))
            if parent is not None:  # (1)name, indented one em
                lab = p.get("number") or f"({index + 1})"
                c.append(Paragraph(x(lab + p["name"]), SUBNAME))
            else:
                c.append(Paragraph(x(p["name"]), BODY))
        elif field == "cost":
            total = p.get("cost")
            if total is None and p.get("subprojects"):
                costs = [s["cost"] for s in p["subprojects"] if s.get("cost") is not None]
                total = sum(costs) if costs else None
            c = [Paragraph(f"{total:,}" if total is not None else "-", BODY_R)]
        elif field == "grant":
            c = [Paragraph(f"{p['grant']:,}" if p.get("grant") is not None else MARK_NO_GRANT,
                           BODY_R)]
        elif field == "kpis":
            c = kpi_cell(doc, p.get("kpis") or [])
        elif field == "rating":
            c = [Paragraph(x(p["rating"]), BODY)] if p.get("rating") else []
        elif field in ("overview", "results", "plans"):
            c = texts(p.get(field))
        elif field == "committee":
            com = p.get("committee")
            if com:
                c = []
                if com.get("rating"):
                    c.append(Paragraph(x(com["rating"]), BODY))
                c += texts(com.get("comment"))
            else:
                c = [Paragraph(x(PROMPT), PROMPT_S), Spacer(1, 3 * BODY.leading)]
        cells.append(c)
    return cells


class NumberedCanvas(canvas.Canvas):
    """ReportLab's usual recipe for "page n / N": keep each page's state, number them at save."""

    def __init__(self, *a, **kw):
        kw["initialFontName"] = kw.get("initialFontName") or FONT  # else an unused Helvetica
        super().__init__(*a, **kw)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        n = len(self._saved)
        for st in self._saved:
            self.__dict__.update(st)
            self.setFont(FONT, SIZE["footer"])
            w, h = self._pagesize
            self.drawCentredString(w / 2, MARGINS["bottom"] * mm / 2 - 2, f"{self._pageNumber} / {n}")
            super().showPage()
        super().save()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: reportlab_table.py FILE.yaml OUT.pdf")
    with open(sys.argv[1], encoding="utf-8-sig") as f:
        doc = yaml.safe_load(f)
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH))
    pagesize = landscape(A4)
    table_w = pagesize[0] - (MARGINS["left"] + MARGINS["right"]) * mm
    total = sum(c[3] for c in COLUMNS)
    widths = [table_w * c[3] / total for c in COLUMNS]
    fy = fy_abbr(doc, doc["fiscal_year"])

    # two header rows: the group over its columns, the other labels spanning both rows
    head1, head2, spans = [], [], []
    for i, (field, lab, group, _) in enumerate(COLUMNS):
        lab = lab.replace("{fy}", fy)
        if group:
            first = i == 0 or COLUMNS[i - 1][2] != group
            head1.append(Paragraph(x(group), HEAD) if first else "")
            head2.append(Paragraph(x(lab), HEAD))
            if first:
                j = i
                while j + 1 < len(COLUMNS) and COLUMNS[j + 1][2] == group:
                    j += 1
                spans.append(("SPAN", (i, 0), (j, 0)))
        else:
            head1.append(Paragraph(x(lab), HEAD))
            head2.append("")
            spans.append(("SPAN", (i, 0), (i, 1)))
    data = [head1, head2]
    for p in doc["projects"]:
        data.append(row(doc, p, None, 0))
        for j, s in enumerate(p.get("subprojects") or []):
            data.append(row(doc, s, p, j))

    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the empty cells under spans, too
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), colors.Color(0.88, 0.88, 0.88)),
        ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("VALIGN", (0, 2), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ] + spans))

    story = []
    m = doc.get("meeting") or {}
    left = ""
    if m.get("session") is not None:
        left = f"第{m['session']}回"
    if m.get("committee"):
        left += ("　" if left else "") + m["committee"]
    right = []
    if m.get("material"):
        right.append(Paragraph(x(m["material"]), MEETING_R))
    if m.get("date"):
        right.append(Paragraph(x(era_date(m["date"])), MEETING_R))
    if left or right:
        story.append(Table([[Paragraph(x(left), MEETING), right]],
                           colWidths=[table_w * 0.75, table_w * 0.25],
                           style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("FONTNAME", (0, 0), (-1, -1), FONT),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(Spacer(1, 0.6 * SIZE["title"]))
    story.append(Paragraph(x(doc["title"]), TITLE))
    story.append(Spacer(1, 0.6 * SIZE["title"]))
    story.append(table)
    if doc.get("ratings"):
        story.append(Spacer(1, 0.8 * SIZE["body"]))
        story.append(Paragraph("【選択肢】", BODY))
        for r in doc["ratings"]:
            t = label(r) + (f"（{r['criterion']}）" if isinstance(r, dict) and r.get("criterion") else "")
            story.append(Paragraph("・" + x(t), LEGEND))
    for i, n in enumerate(doc.get("notes") or []):
        story.append(Spacer(1, (0.8 if i == 0 else 0.2) * SIZE["body"]))
        story.append(Paragraph("※" + x(n), LEGEND))

    material = m.get("material")

    def later(c, d):
        c.saveState()
        c.setFont(FONT, SIZE["small"])
        c.setFillGray(0.35)
        y = pagesize[1] - MARGINS["top"] * mm + 1
        c.drawString(MARGINS["left"] * mm, y, doc["title"])
        if material:
            c.drawRightString(pagesize[0] - MARGINS["right"] * mm, y, material)
        c.restoreState()

    out = SimpleDocTemplate(sys.argv[2], pagesize=pagesize, title=doc["title"],
                            author=m.get("committee", ""),
                            leftMargin=MARGINS["left"] * mm, rightMargin=MARGINS["right"] * mm,
                            topMargin=MARGINS["top"] * mm + SIZE["small"] * 1.7,
                            bottomMargin=MARGINS["bottom"] * mm)
    out.build(story, onLaterPages=later, canvasmaker=NumberedCanvas)


if __name__ == "__main__":
    main()

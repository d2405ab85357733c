#!/usr/bin/python3
"""Measures how a kpireport PDF is paginated, from the PDF alone (pdfminer reads the rules and
the characters; nothing of kpireport's layout is used).

    bench/pagination.py [--json] [--list] HANDOUT.yaml HANDOUT.pdf [HANDOUT.yaml HANDOUT.pdf ...]

The handout names its template, which gives the bottom margin and which column is which. On
every page the table is read back from what is drawn: the heavy frame and the grey header fill
give the table, the vertical rules the columns, the horizontal rules the rows; the characters
are grouped into lines per cell by their baselines. A row part whose name cell begins with the
grey continuation label (（続き）) continues the last row part of the page before. Reported:

  pages         page count
  splits        rows that run across a page break (one per break)
  short_parts   parts of split rows whose tallest cell has fewer than 3 lines (the label not
                counted): the "stubs"
  kpi_split     page breaks inside a KPI block (the KPI cell of a continued part starts with
                anything but the next KPI's ・)
  sunk_cells    cells of continued parts whose text starts more than half a line below the top
                of the part (the label excepted)
  blank_mean, blank_max   blank space in points between the last thing on a page and the
                bottom margin, over every page but the last
  blank_over_100          pages but the last ending with more than 100 pt blank
  one_char      wrapped lines in cells holding one character (closing punctuation aside)
  label_broken  continuation labels whose （続き） is broken across lines
  hang_touch    hanging 、。，． whose ink reaches within 0.5 pt of the column rule
  overflow      characters drawn below the bottom margin or right of their cell
Exit status 0; the figures are for reports (docs/pagination.md), tests assert on them.
"""
import argparse
import json
import os
import sys

import yaml
from fontTools.ttLib import TTFont
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTLine, LTRect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
MM = 72 / 25.4
HANGING = "、。，．"
CLOSING = "、。，．）」』】〕〉》！？"
_font = {}


def ink(ch):
    """Left and right edge of the glyph's ink in em (IPAexGothic; (0, advance) for others)."""
    if not _font:
        f = TTFont(FONT)
        _font.update(cmap=f.getBestCmap(), glyf=f["glyf"], hmtx=f["hmtx"],
                     upem=f["head"].unitsPerEm, cache={})
    c = _font["cache"].get(ch)
    if c is None:
        name = _font["cmap"].get(ord(ch)) if len(ch) == 1 else None
        g = _font["glyf"][name] if name else None
        if g is not None and getattr(g, "numberOfContours", 0):
            c = (g.xMin / _font["upem"], g.xMax / _font["upem"])
        else:
            adv = _font["hmtx"][name][0] / _font["upem"] if name else 1.0
            c = (0.0, adv)
        _font["cache"][ch] = c
    return c


def ink_right(ch):
    return ink(ch)[1]


def pdf_pages(path):
    with open(path, "rb") as f:
        rm = PDFResourceManager()
        dev = PDFPageAggregator(rm, laparams=None)
        it = PDFPageInterpreter(rm, dev)
        for p in PDFPage.get_pages(f):
            it.process_page(p)
            yield dev.get_result()


def template_of(yaml_path):
    with open(yaml_path, encoding="utf-8-sig") as f:
        doc = yaml.safe_load(f)
    name = doc.get("template", "kodaira-kpi")
    if name.endswith(".yaml") or "/" in name:
        path = os.path.join(os.path.dirname(yaml_path), name)
    else:
        path = os.path.join(ROOT, "templates", name + ".yaml")
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def grey(c):
    v = c.graphicstate.ncolor
    if isinstance(v, (list, tuple)):
        v = v[0] if v else 0
    return float(v or 0)


class Page:
    """One page read back: table box, columns, row boundaries, cell lines (top-down y)."""

    def __init__(self, lt, n_columns):
        self.h = lt.bbox[3]
        self.frame = None
        self.head_bottom = None
        hlines, vlines = [], []
        self.chars = []
        for o in lt:
            if isinstance(o, LTChar):
                self.chars.append(o)
            elif isinstance(o, LTRect) and o.stroke and o.linewidth >= 0.7:
                if not self.frame or o.width > self.frame[2] - self.frame[0]:
                    self.frame = (o.x0, self.h - o.y1, o.x1, self.h - o.y0)
            elif isinstance(o, LTRect) and o.fill and not o.stroke and o.width > 300:
                self.head_bottom = self.h - o.y0  # the grey header fill
            elif isinstance(o, LTLine):
                if abs(o.y0 - o.y1) < 0.01:
                    hlines.append((self.h - o.y0, o.x0, o.x1))
                elif abs(o.x0 - o.x1) < 0.01:
                    vlines.append(o.x0)
        self.table = self.frame is not None and self.head_bottom is not None
        if not self.table:
            return
        x0, top, x1, bottom = self.frame
        self.top, self.bottom = self.head_bottom, bottom
        xs = sorted(set(round(x, 1) for x in vlines if x0 + 1 < x < x1 - 1))
        self.cols = [x0] + xs + [x1]
        if len(self.cols) != n_columns + 1:
            raise SystemExit("page with %d columns, the template has %d" %
                             (len(self.cols) - 1, n_columns))
        rules = sorted(set(round(y, 1) for y, a, b in hlines
                           if self.top + 1 < y < bottom - 1 and b > x1 - 2))
        self.bounds = [self.top] + rules + [bottom]
        # cells[row][col] = list of lines; a line = (top y, baseline y, size, text, chars)
        self.cells = [[[] for _ in range(n_columns)] for _ in range(len(self.bounds) - 1)]
        for c in self.chars:
            base = self.h - c.matrix[5]
            lo, hi = ink(c.get_text())  # by the ink: a hanging 、。 or a flush 【 has
            cx = c.matrix[4] + (lo + hi) / 2 * c.size  # its ink on one side of its box
            if not (self.top < base <= bottom) or not (x0 < cx < x1):
                continue
            col = max(i for i in range(n_columns) if self.cols[i] <= cx)
            row = max(i for i in range(len(self.bounds) - 1) if self.bounds[i] < base)
            self.add(self.cells[row][col], c, base)
        for row in self.cells:
            for cell in row:
                cell.sort(key=lambda ln: ln[1])
                for ln in cell:
                    ln[4].sort(key=lambda ch: ch.x0)
                    ln[3] = "".join(ch.get_text() for ch in ln[4])

    @staticmethod
    def add(cell, c, base):
        for ln in cell:
            if abs(ln[1] - base) < 0.45 * c.size:
                ln[4].append(c)
                ln[2] = max(ln[2], c.size)
                ln[0] = min(ln[0], base - c.size)
                return
        cell.append([base - c.size, base, c.size, "", [c]])

    def label_lines(self, row, name_col):
        """How many lines at the top of the name cell are the grey continuation label."""
        n = 0
        for ln in self.cells[row][name_col]:
            if all(abs(grey(ch) - 0.3) < 0.02 for ch in ln[4]):
                n += 1
            else:
                break
        return n


def measure(yaml_path, pdf_path):
    t = template_of(yaml_path)
    fields = [c["field"] for c in t["columns"]]
    n_cols = len(fields)
    name_col = fields.index("name") if "name" in fields else 0
    kpi_col = fields.index("kpis") if "kpis" in fields else None
    margins = (t.get("page") or {}).get("margins") or {}
    pad = float((t.get("font") or {}).get("padding", 0.9)) * MM
    body = float((t.get("font") or {}).get("body", 7))
    pages = [Page(p, n_cols) for p in pdf_pages(pdf_path)]
    r = dict(file=os.path.basename(pdf_path), pages=len(pages), splits=0, short_parts=0,
             kpi_split=0, sunk_cells=0, one_char=0, label_broken=0, hang_touch=0, overflow=0)
    blanks, details = [], []
    for i, pg in enumerate(pages):
        limit = pg.h - float(margins.get("bottom", 10)) * MM
        low = max((pg.h - c.matrix[5] + 0.12 * c.size for c in pg.chars
                   if pg.h - c.matrix[5] <= limit + 0.5), default=0)
        r["overflow"] += sum(1 for c in pg.chars
                             if limit + 0.5 < pg.h - c.matrix[5] - c.size < limit + 8
                             and c.get_text() not in "0123456789/ ")
        if pg.table:
            low = max(low, pg.bottom)
        if i + 1 < len(pages):
            blanks.append(limit - low)
        if not pg.table:
            continue
        nxt = pages[i + 1] if i + 1 < len(pages) and pages[i + 1].table else None
        cont_next = nxt is not None and nxt.label_lines(0, name_col) > 0
        for ri, row in enumerate(pg.cells):
            first_cont = ri == 0 and pg.label_lines(0, name_col) > 0
            last_split = ri == len(pg.cells) - 1 and cont_next
            skip = pg.label_lines(ri, name_col) if first_cont else 0
            if first_cont:
                label = "".join(ln[3] for ln in row[name_col][:skip])
                if skip > 1 and "（続き）" in label and not any("（続き）" in ln[3]
                                                            for ln in row[name_col][:skip]):
                    r["label_broken"] += 1
                top = pg.bounds[ri] + pad
                for ci, cell in enumerate(row):
                    lines = cell[skip:] if ci == name_col else cell
                    if lines and lines[0][0] - top > 0.5 * body * 1.3 + (
                            row[name_col][skip - 1][1] - top if ci == name_col and skip else 0):
                        r["sunk_cells"] += 1
                        details.append("page %d: column %d starts %.1f pt down" %
                                       (i + 1, ci + 1, lines[0][0] - top))
                if kpi_col is not None and row[kpi_col]:
                    if not row[kpi_col][0][3].startswith("・"):
                        r["kpi_split"] += 1
                        details.append("page %d: KPI block continued: %s" %
                                       (i + 1, row[kpi_col][0][3]))
            if first_cont or last_split:
                tall = max(len(cell[skip:]) if ci == name_col else len(cell)
                           for ci, cell in enumerate(row))
                if tall < 3:
                    r["short_parts"] += 1
                    details.append("page %d: %s part of %d line(s)" %
                                   (i + 1, "last" if first_cont else "first", tall))
            if last_split:
                r["splits"] += 1
            for ci, cell in enumerate(row):
                for k in range(1, len(cell)):
                    s = cell[k][3].strip().rstrip(CLOSING)
                    if len(s) == 1 and cell[k][1] - cell[k - 1][1] < 1.6 * cell[k][2] \
                            and not (first_cont and ci == name_col and k < skip):
                        r["one_char"] += 1
                for ln in cell:
                    for ch in ln[4]:
                        if ch.get_text() in HANGING:
                            right = ch.matrix[4] + ink_right(ch.get_text()) * ch.size
                            if right > pg.cols[ci + 1] - 0.5:
                                r["hang_touch"] += 1
    r["blank_mean"] = round(sum(blanks) / len(blanks), 1) if blanks else 0
    r["blank_max"] = round(max(blanks), 1) if blanks else 0
    r["blank_over_100"] = sum(1 for b in blanks if b > 100)
    r["details"] = details
    return r


COLS = ["file", "pages", "splits", "short_parts", "kpi_split", "sunk_cells", "blank_mean",
        "blank_max", "blank_over_100", "one_char", "label_broken", "hang_touch", "overflow"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="one JSON object per document")
    ap.add_argument("--list", action="store_true", help="list the short parts and KPI splits")
    ap.add_argument("files", nargs="+", help="HANDOUT.yaml HANDOUT.pdf pairs")
    a = ap.parse_args()
    if len(a.files) % 2:
        ap.error("give YAML and PDF in pairs")
    rows = [measure(a.files[i], a.files[i + 1]) for i in range(0, len(a.files), 2)]
    if a.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return
    print("| " + " | ".join(COLS) + " |")
    print("|" + "---|" * len(COLS))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in COLS) + " |")
    if a.list:
        for r in rows:
            for d in r["details"]:
                print("%s: %s" % (r["file"], d))


if __name__ == "__main__":
    sys.exit(main())

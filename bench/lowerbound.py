#!/usr/bin/python3
"""The PDF size lower bound of issue 7 for one PDF.

    bench/lowerbound.py OUT.pdf [FONT.ttf]

Lower bound = zlib(unhinted hb-subset of the font to the characters the PDF's text uses)
            + zlib(the text itself, as pdftotext -raw extracts it).
No real PDF can be much smaller: it must hold the outlines of every glyph it shows and the text
(here without any positioning, grid lines or structure, which a real table needs too).

Prints: font_subset_bytes text_bytes lower_bound_bytes distinct_characters distinct_kanji
"""
import os
import subprocess
import sys
import tempfile
import zlib

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"


def main():
    pdf = sys.argv[1]
    font = sys.argv[2] if len(sys.argv) > 2 else FONT
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    chars = sorted(set(c for c in text if not c.isspace() and c != "\f"))
    kanji = sum(1 for c in chars if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    with tempfile.TemporaryDirectory() as d:
        tf = os.path.join(d, "text.txt")
        with open(tf, "w", encoding="utf-8") as f:
            f.write("".join(chars) + " ")
        sub = os.path.join(d, "sub.ttf")
        subprocess.run(["hb-subset", f"--font-file={font}", "--no-hinting", f"--text-file={tf}",
                        f"--output-file={sub}"],
                       check=True)
        with open(sub, "rb") as f:
            font_z = len(zlib.compress(f.read(), 9))
    text_z = len(zlib.compress(text.encode("utf-8"), 9))
    print(font_z, text_z, font_z + text_z, len(chars), kanji)


if __name__ == "__main__":
    main()

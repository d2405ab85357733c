/* Internals of the PDF renderer, shared by its files:
 *   pdf_layout.c  model -> cells of positioned text lines (wrapping, labels, KPI blocks)
 *   pdf_paginate.c rows -> pages of row fragments (whole rows, splits, continuations)
 *   render_pdf.c  pages -> libharu drawing, document info, outline
 *   pdf_fix.c     qpdf post-pass: ToUnicode, /Lang, viewer preferences, deterministic ID
 * Coordinates here run downward from the top of a cell, row or page, in points; render_pdf.c
 * converts to PDF's upward y once, when drawing.
 *
 * Ownership: everything a kr_playout holds lives in its arena (one kr_arena_free). */
#ifndef KR_PDF_H
#define KR_PDF_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "cells.h"
#include "render.h"
#include "text.h"

enum kr_pitem_kind {
	KR_PI_TEXT, /* a line of text; y is the top of its line box */
	KR_PI_BAR,  /* achievement bar: outline w wide, filled to fill * w */
	KR_PI_BOX,  /* a filled box (behind reversed text), grey */
	KR_PI_FRAME, /* an outlined box (the material number) */
};

typedef struct {
	double x, y, w, h; /* h: height of the line box the item sits in */
	double size;
	const char *s;     /* KR_PI_TEXT: UTF-8, already made drawable (〓 for missing glyphs) */
	size_t len;
	float grey;        /* 0 black .. 1 white */
	float track;       /* KR_PI_TEXT: points added between characters (a tightened line) */
	float fill;        /* KR_PI_BAR */
	uint8_t kind;
	bool cont;         /* the next line of this cell continues the same sentence */
	bool keep;         /* no page break before this line (the lines of a KPI block after its
	                      first) */
	bool bold;         /* drawn filled and stroked (the title) */
} kr_pitem;

typedef struct {
	kr_pitem *v;
	size_t n, cap;
	double h; /* content height, at least the last item's bottom */
} kr_pcell;

enum kr_prow_kind { KR_ROW_PROJECT, KR_ROW_SUB };

typedef struct {
	const kr_project *p;
	kr_pcell *cells;   /* one per template column */
	double h;          /* content height: the tallest cell */
	enum kr_prow_kind kind;
	bool has_subs;     /* a project row followed by its subprojects */
	bool first_sub;    /* the first subproject of its project */
	kr_pcell cont;     /* the continuation label (name（続き）), laid out for the name column */
} kr_prow;

/* A piece of a row on a page, its top at page y.  Each cell shows its own content [from[c],
 * to[c]) (pdf_paginate.c cuts every cell at its own line), moved up so that it starts at the top
 * of the cell; from is NULL for a whole row. */
typedef struct {
	size_t row;
	double *from, *to; /* per column, content y */
	double y, h;       /* page position and drawn height (padding and label included) */
	bool cont;         /* continues a row from the previous page: shows the label */
	bool split_out;    /* the row continues on the next page */
	int split_cell;    /* column whose sentence runs across the page break, or -1 */
} kr_frag;

/* A line of the flow after the table (legends, notes), or of the title block. */
typedef struct {
	kr_pcell c;        /* items relative to the block's top-left */
	double y;          /* page position, set by pagination */
	double gap;        /* space above the block */
	bool cont;         /* the sentence continues on the next block */
	bool keep_next;    /* a heading: kept with its list (docs/pagination.md) */
	bool starts;       /* the first line of a heading or of a list without one */
} kr_pblock;

typedef struct {
	kr_frag *frags;
	size_t n_frags, cap_frags;
	size_t first_block, n_blocks; /* flow blocks on this page */
	bool table;          /* the page shows the table (and its header row) */
	double body_top;     /* page y where rows (or the flow) start, below the header row */
	double table_bottom; /* page y of the last row's bottom */
	kr_pcell foot;       /* footer, in page coordinates */
	kr_pcell head;       /* running head (pages after the first), in page coordinates */
} kr_ppage;

/* Header cell: a column label, or a group label spanning columns c0..c1. */
typedef struct {
	size_t c0, c1;
	double y, h;       /* relative to the header top */
	kr_pcell text;
} kr_phead;

#define KR_PL_USED_WORDS (0x110000 / 64)

typedef struct {
	const kr_render_ctx *ctx;
	const kr_template *t;
	const kr_font *font;
	kr_arena *a;
	kr_cells cells;         /* what the cells show, for the PDF's columns */

	double table_x, table_w;
	double *col_x, *col_w;  /* per column */
	int name_col;           /* column of the project name (continuation label), or 0 */

	kr_phead *head;
	size_t n_head;
	double head_h;

	kr_pcell title;         /* title block on page 1 */
	double title_h;
	double run_h;           /* running head on later pages */

	kr_prow *rows;
	size_t n_rows;

	kr_pblock *blocks;      /* legends and notes after the table, one line each */
	size_t n_blocks, cap_blocks;

	kr_ppage *pages;
	size_t n_pages, cap_pages;

	uint64_t *used;         /* code points the document draws (for the subsets), a bit each */
	uint32_t (*pairs)[2];   /* variation sequences the document draws (for the subsets) */
	size_t n_pairs, cap_pairs;
	struct UBreakIterator *graphemes; /* pdf_clean.c, opened when first needed */
	struct kr_warned { uint32_t cp, cp2; const char *file; kr_loc loc; } *warned;
	size_t n_warned, cap_warned;
	kr_lines lines;         /* scratch for kr_wrap */
} kr_playout;

/* Sets the line breaker for the PDF: a hanging 、。 keeps its ink inside the cell padding, clear of
 * the rule by 0.7 pt; with tighten, a line may be set 5 % tighter to take in a last line of one
 * character (a balanced header or title is not: it would narrow itself into that). */
void kr_pl_tune(kr_playout *L, bool tighten);

/* Line height and baseline offset at size. */
double kr_pl_line_h(const kr_playout *L, double size);
double kr_pl_baseline(const kr_playout *L, double size);

/* pdf_clean.c.  Makes text drawable: marks composed, variation sequences drawn as their variant
 * or their base, a grapheme no font has as 〓, each with one warning per (grapheme, input
 * string); marks the code points and sequences used.  Returns s or an arena copy. */
const char *kr_pl_clean(kr_playout *L, const char *s, const char *file, kr_loc loc);
/* Marks for the subsets every character (and variation sequence) of a text that is drawn. */
void kr_pl_mark_text(kr_playout *L, const char *s, size_t len);
void kr_pl_clean_free(kr_playout *L); /* the grapheme iterator */

/* Wraps s (already clean) into c at y; returns the y below the last line. */
double kr_pl_text(kr_playout *L, kr_pcell *c, const char *s, double size, double x, double w,
		  double y, enum kr_align align, float grey);
kr_pitem *kr_pl_item(kr_playout *L, kr_pcell *c);
/* A text item: every text drawn is made here, which marks its characters for the subset. */
kr_pitem *kr_pl_text_item(kr_playout *L, kr_pcell *c, const char *s, size_t len, double w,
			  double size, double x, double y, double h, float grey);

/* Labels from the template (lab), text in a caller's buffer (tmp) and input strings (in), made
 * drawable by kr_pl_clean (input strings in half-width katakana or full-width digits also get a
 * KR_D_TEXT_FORM warning); the result lives in the layout's arena or is the argument. */
const char *kr_pl_lab(kr_playout *L, const char *s);
const char *kr_pl_tmp(kr_playout *L, const char *s);
const char *kr_pl_in(kr_playout *L, kr_str s);
void kr_pl_mark(kr_playout *L, uint32_t cp); /* the subset needs cp */
/* s cut to at most max characters, with "…" (marked for the subset) when it was longer: the
 * （続き） label and the outline show a long name that way, so that a name of 100 000 characters
 * is not repeated whole on each of hundreds of pages. */
const char *kr_pl_short(kr_playout *L, const char *s, size_t max);
/* A marker ("・", "(1)", "※") at x and s hanging after it; returns the y below. */
double kr_pl_hang(kr_playout *L, kr_pcell *c, const char *marker, const char *s, double size,
		  double x, double w, double y, float grey);
/* The text of a cell layer line's runs, each made drawable, joined (without its marker). */
const char *kr_pl_runs(kr_playout *L, const kr_cline *l);

/* pdf_layout.c: columns, header, title block, rows (pdf_cells.c: kr_pl_rows) and the flow. */
void kr_pl_build(kr_playout *L);
void kr_pl_rows(kr_playout *L);
/* pdf_paginate.c: pages; footers are laid out too, so every code point is known after it. */
void kr_pl_paginate(kr_playout *L);
/* Where content y `y` of column c of fragment f is drawn, in page y (a continued part shows the
 * （続き） label above the rest of the name); kr_pl_frag_has tells whether f shows the item. */
double kr_pl_frag_y(const kr_playout *L, const kr_frag *f, size_t c, double y);
bool kr_pl_frag_has(const kr_frag *f, size_t c, const kr_pitem *it);

/* A font libharu embedded: its name (the BaseFont after the subset tag), the font program to
 * embed instead (same glyph ids, fewer tables; NULL keeps libharu's), the character of each code
 * from KR_CID_BASE on, then the variation sequence of each code after those. */
typedef struct {
	const char *name;
	const unsigned char *prog;
	size_t prog_len;
	const uint32_t *uni;
	size_t n_uni;
	const uint32_t (*pairs)[2];
	size_t n_pairs;
} kr_pdf_font;

/* The document's properties and its bookmarks' titles (in outline order), UTF-8. */
typedef struct {
	const char *title, *author, *subject; /* author may be NULL */
	const char **outline;
	size_t n_outline, cap_outline;
} kr_pdf_info;

/* pdf_fix.c: rewrites the PDF in (len bytes, from libharu) to path with a correct ToUnicode CMap
 * and the lean program for each of the n fonts, the properties and bookmark titles of info
 * (libharu writes characters outside the BMP there as spaces), /Lang ja, /DisplayDocTitle and a
 * deterministic /ID.  Returns 0, or records KR_D_WRITE / KR_D_RENDER naming shown_path and
 * returns -1. */
int kr_pdf_fix(const unsigned char *in, size_t len, const kr_pdf_font *fonts, size_t n,
	       const kr_pdf_info *info, const char *path, const char *shown_path, kr_diags *d);

#endif

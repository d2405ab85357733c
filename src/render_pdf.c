/* The PDF renderer: lays the document out (pdf_layout.c), paginates it (pdf_paginate.c), subsets
 * the font once for every code point the pages use, draws with libharu into memory and hands the
 * bytes to the qpdf post-pass (pdf_fix.c), which writes ctx->tmp_path.
 * libharu errors are recorded by a handler (no longjmp) and become one KR_D_RENDER diagnostic. */
#define _POSIX_C_SOURCE 200809L

#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "pdf.h"
#include "wareki.h"

#define EPS 1e-6

typedef struct {
	HPDF_STATUS err, detail;
} herr;

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
	herr *h = user;
	if (!h->err) {
		h->err = err;
		h->detail = detail;
	}
}

typedef struct {
	kr_playout *L;
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font fonts[KR_FONT_MAX_FACES]; /* per font of the list; NULL for one the text never uses */
	const char *names[KR_FONT_MAX_FACES]; /* their names in the PDF (BaseFont without the tag) */
	double ph;
	double size;
	int face;   /* the font set inside BT/ET, or -1 */
	float grey; /* text fill inside BT/ET */
	float track; /* character spacing (Tc) */
	float fill; /* fill outside text */
	bool bold;
	char *buf;
	size_t cap;
	uint32_t missing; /* a drawn character the subset lacks (a layout bug), or 0 */
	kr_pdf_info *info; /* document properties and bookmarks, for the post-pass */
} draw;

/* Coordinates go to the content stream rounded to 1/4 pt: invisible, exact in libharu's floats,
 * so they print short ("508.75", not "508.70001"). */
static HPDF_REAL r1(double v) { return (HPDF_REAL)(round(v * 4) / 4); }

static void fill_grey(draw *D, float g)
{
	if (g != D->fill) {
		HPDF_Page_SetGrayFill(D->page, g);
		D->fill = g;
	}
}

/* Puts code c into D->buf at *o as UTF-8 for libharu's encoder (a code is below 0xD000). */
static void put_code(draw *D, size_t *o, uint32_t c)
{
	if (c < 0x800) {
		D->buf[(*o)++] = (char)(0xC0 | c >> 6);
	} else {
		D->buf[(*o)++] = (char)(0xE0 | c >> 12);
		D->buf[(*o)++] = (char)(0x80 | (c >> 6 & 0x3F));
	}
	D->buf[(*o)++] = (char)(0x80 | (c & 0x3F));
}

static void set_font(draw *D, int face, double size)
{
	if (face >= 0 && (face != D->face || size != D->size)) {
		HPDF_Page_SetFontAndSize(D->page, D->fonts[face], (HPDF_REAL)size);
		D->face = face;
		D->size = size;
	}
}

/* Shows the run of text in D->buf with font face at size; the first run of an item is placed at
 * (x, y), the others follow it. */
static void show_run(draw *D, int face, double size, bool first, double x, double y)
{
	set_font(D, face, size);
	if (first)
		HPDF_Page_TextOut(D->page, r1(x), r1(y), D->buf);
	else
		HPDF_Page_ShowText(D->page, D->buf);
}

static void text_item(draw *D, const kr_pitem *it, double x, double y)
{
	if (it->kind != KR_PI_TEXT || it->len == 0)
		return;
	size_t at = 0;
	set_font(D, kr_font_face_of(D->L->font, kr_utf8_next(it->s, it->len, &at)), it->size);
	if (it->grey != D->grey) {
		HPDF_Page_SetGrayFill(D->page, it->grey);
		D->grey = it->grey;
	}
	if (it->track != D->track) {
		HPDF_Page_SetCharSpace(D->page, it->track);
		D->track = it->track;
	}
	if (it->bold != D->bold) {
		HPDF_Page_SetTextRenderingMode(D->page, it->bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
		D->bold = it->bold;
	}
	/* The text in the subsets' codes (kr_font_cid), one run per font of the list: a code is at
	 * most 3 bytes, and every character of the text takes at least 1. */
	if (3 * it->len + 1 > D->cap) {
		D->cap = 2 * (3 * it->len + 1);
		free(D->buf);
		D->buf = malloc(D->cap);
		if (!D->buf)
			kr_oom();
	}
	const kr_font *font = D->L->font;
	double px = x + it->x, py = D->ph - (y + it->y + kr_pl_baseline(D->L, it->size));
	size_t o = 0;
	int face = -1;
	bool first = true;
	for (size_t i = 0; i < it->len;) {
		uint32_t cp = kr_utf8_next(it->s, it->len, &i), c = 0;
		size_t next = i;
		uint32_t vs = i < it->len ? kr_utf8_next(it->s, it->len, &next) : 0;
		int f = kr_font_face_of(font, cp);
		if (kr_font_is_selector(vs) && (f = kr_font_variant_face(font, cp, vs)) >= 0 &&
		    D->fonts[f]) { /* a variation sequence: its variant's code */
			c = kr_font_cid_pair(font, (size_t)f, cp, vs);
			i = next;
		} else if (f >= 0 && D->fonts[f]) {
			c = kr_font_cid(font, (size_t)f, cp);
		}
		if (!c) { /* the layout marks every character it draws: never a silent blank */
			if (!D->missing)
				D->missing = cp;
			continue;
		}
		if (f != face && o > 0) {
			D->buf[o] = '\0';
			show_run(D, face, it->size, first, px, py);
			first = false;
			o = 0;
		}
		face = f;
		put_code(D, &o, c);
	}
	D->buf[o] = '\0';
	if (o > 0)
		show_run(D, face, it->size, first, px, py);
}

static void text_cell(draw *D, const kr_pcell *c, double x, double y)
{
	for (size_t i = 0; i < c->n; i++)
		text_item(D, &c->v[i], x, y);
}

static void rect(draw *D, double x, double y, double w, double h)
{
	HPDF_Page_Rectangle(D->page, r1(x), r1(D->ph - y - h), r1(w), r1(h));
}

/* pass 0 fills, pass 1 adds to the path the outlines of the graphic items of a cell (of those
 * fragment f shows of column col, when f is given); returns how many outlines it added. */
static int gfx_cell(draw *D, const kr_pcell *c, double x, double y, const kr_frag *f, size_t col,
		    int pass)
{
	int n = 0;
	for (size_t i = 0; i < c->n; i++) {
		const kr_pitem *it = &c->v[i];
		if (it->kind == KR_PI_TEXT || (f && !kr_pl_frag_has(f, col, it)))
			continue;
		double ix = x + it->x, iy = y + it->y;
		double bh = it->h * 0.42, by = iy + (it->h - bh) / 2;
		if (pass == 0 && it->kind == KR_PI_BOX) {
			fill_grey(D, it->grey);
			rect(D, ix, iy, it->w, it->h);
			HPDF_Page_Fill(D->page);
		} else if (pass == 0 && it->kind == KR_PI_BAR && it->fill > 0) {
			fill_grey(D, 0.45f);
			rect(D, ix, by, it->w * it->fill, bh);
			HPDF_Page_Fill(D->page);
		} else if (pass == 1 && it->kind == KR_PI_BAR) {
			rect(D, ix, by, it->w, bh);
			n++;
		} else if (pass == 1 && it->kind == KR_PI_FRAME) {
			rect(D, ix, iy, it->w, it->h);
			n++;
		}
	}
	return n;
}

static void line(draw *D, double x0, double y0, double x1, double y1)
{
	HPDF_Page_MoveTo(D->page, r1(x0), r1(D->ph - y0));
	HPDF_Page_LineTo(D->page, r1(x1), r1(D->ph - y1));
}

/* Sets the stroke style; graphics state may not change inside a path, so this comes first. */
static void pen(draw *D, double width, float grey)
{
	HPDF_Page_SetLineWidth(D->page, (HPDF_REAL)width);
	HPDF_Page_SetGrayStroke(D->page, grey);
}

static bool grouped_pair(const kr_template *t, size_t a, size_t b)
{
	const char *x = t->columns[a].group, *y = t->columns[b].group;
	return x && y && *x && strcmp(x, y) == 0;
}

static double group_h(const kr_playout *L)
{
	for (size_t i = 0; i < L->n_head; i++)
		if (L->head[i].c0 != L->head[i].c1 || L->t->columns[L->head[i].c0].group)
			if (L->head[i].y == 0 && L->head[i].h < L->head_h - EPS)
				return L->head[i].h;
	return 0;
}

/* The ruled grid of a page: outer frame and header rule heavy, columns and project rules thin,
 * subproject rules light and indented in the name column, so that subprojects sit visibly inside
 * their project. */
static void grid(draw *D, const kr_ppage *p)
{
	kr_playout *L = D->L;
	const kr_template *t = L->t;
	double x0 = L->table_x, x1 = L->table_x + L->table_w;
	double top = p->body_top - L->head_h, bot = p->table_bottom, gh = group_h(L);
	fill_grey(D, 0.86f);
	rect(D, x0, top, L->table_w, L->head_h);
	HPDF_Page_Fill(D->page);
	pen(D, 0.4, 0);
	size_t n = 0; /* stroking an empty path is an error in libharu (one column, one row) */
	for (size_t c = 1; c < t->n_columns; c++, n++)
		line(D, x0 + L->col_x[c], grouped_pair(t, c - 1, c) ? top + gh : top,
		     x0 + L->col_x[c], bot);
	for (size_t i = 0; i < L->n_head; i++) {
		const kr_phead *h = &L->head[i];
		if (h->y == 0 && h->h < L->head_h - EPS)
			line(D, x0 + L->col_x[h->c0], top + h->h, x0 + L->col_x[h->c1 + 1],
			     top + h->h), n++;
	}
	for (size_t i = 1; i < p->n_frags; i++)
		if (L->rows[p->frags[i].row].kind == KR_ROW_PROJECT)
			line(D, x0, p->frags[i].y, x1, p->frags[i].y), n++;
	if (n)
		HPDF_Page_Stroke(D->page);
	double indent = L->name_col == 0 ? t->size_body : 0;
	bool light = false;
	for (size_t i = 1; i < p->n_frags; i++)
		if (L->rows[p->frags[i].row].kind == KR_ROW_SUB) {
			if (!light)
				pen(D, 0.3, 0.45f);
			line(D, x0 + indent, p->frags[i].y, x1, p->frags[i].y);
			light = true;
		}
	if (light)
		HPDF_Page_Stroke(D->page);
	pen(D, 0.8, 0);
	rect(D, x0, top, L->table_w, bot - top);
	line(D, x0, p->body_top, x1, p->body_top);
	HPDF_Page_Stroke(D->page);
}

static double cell_x(const kr_playout *L, size_t c)
{
	return L->table_x + L->col_x[c] + L->t->cell_pad;
}

/* Text of one cell of a fragment. */
static void text_frag_cell(draw *D, const kr_frag *f, size_t c)
{
	const kr_playout *L = D->L;
	const kr_pcell *pc = &L->rows[f->row].cells[c];
	double x = cell_x(L, c), y = kr_pl_frag_y(L, f, c, 0);
	for (size_t i = 0; i < pc->n; i++)
		if (kr_pl_frag_has(f, c, &pc->v[i]))
			text_item(D, &pc->v[i], x, y);
}

/* The column whose sentence the previous page left running into this page's first fragment. */
static int incoming_cell(const kr_playout *L, size_t pg)
{
	if (pg == 0 || L->pages[pg].n_frags == 0 || !L->pages[pg].frags[0].cont)
		return -1;
	const kr_ppage *prev = &L->pages[pg - 1];
	return prev->n_frags ? prev->frags[prev->n_frags - 1].split_cell : -1;
}

/* All text of a page, in reading order for extraction: a sentence cut by the page break is the
 * last text of its page and the first of the next, so that pdftotext -raw keeps it whole. */
static void page_text(draw *D, size_t pg)
{
	kr_playout *L = D->L;
	const kr_ppage *p = &L->pages[pg];
	HPDF_Page_BeginText(D->page);
	D->size = 0;
	D->face = -1;
	D->grey = 0;
	D->bold = false;
	int in = incoming_cell(L, pg);
	if (in >= 0)
		text_frag_cell(D, &p->frags[0], (size_t)in);
	size_t b0 = p->first_block, b1 = p->first_block + p->n_blocks;
	if (p->n_blocks && b0 > 0 && L->blocks[b0 - 1].cont) {
		text_cell(D, &L->blocks[b0].c, L->table_x, L->blocks[b0].y);
		b0++;
	}
	bool flow_out = b1 > b0 && L->blocks[b1 - 1].cont;
	text_cell(D, &p->head, 0, 0);
	if (pg == 0)
		text_cell(D, &L->title, L->t->margin_left, L->t->margin_top);
	if (p->table) {
		double top = p->body_top - L->head_h;
		for (size_t i = 0; i < L->n_head; i++) {
			const kr_phead *h = &L->head[i];
			text_cell(D, &h->text, cell_x(L, h->c0),
				  top + h->y + (h->h - h->text.h) / 2);
		}
	}
	int out = -1;
	for (size_t i = 0; i < p->n_frags; i++) {
		const kr_frag *f = &p->frags[i];
		if (f->cont)
			text_cell(D, &L->rows[f->row].cont, cell_x(L, (size_t)L->name_col),
				  f->y + L->t->cell_pad);
		bool last = i + 1 == p->n_frags && f->split_out;
		if (last)
			out = f->split_cell;
		for (size_t c = 0; c < L->t->n_columns; c++)
			if (!(i == 0 && (int)c == in) && !(last && (int)c == out))
				text_frag_cell(D, f, c);
	}
	for (size_t b = b0; b < b1 - flow_out; b++)
		text_cell(D, &L->blocks[b].c, L->table_x, L->blocks[b].y);
	text_cell(D, &p->foot, 0, 0);
	if (flow_out)
		text_cell(D, &L->blocks[b1 - 1].c, L->table_x, L->blocks[b1 - 1].y);
	if (out >= 0)
		text_frag_cell(D, &p->frags[p->n_frags - 1], (size_t)out);
	HPDF_Page_EndText(D->page);
}

static void page_gfx(draw *D, size_t pg, int pass)
{
	kr_playout *L = D->L;
	const kr_ppage *p = &L->pages[pg];
	int n = 0;
	if (pass == 1)
		pen(D, 0.5, 0);
	if (pg == 0)
		n += gfx_cell(D, &L->title, L->t->margin_left, L->t->margin_top, NULL, 0, pass);
	for (size_t i = 0; i < p->n_frags; i++) {
		const kr_frag *f = &p->frags[i];
		for (size_t c = 0; c < L->t->n_columns; c++)
			n += gfx_cell(D, &L->rows[f->row].cells[c], cell_x(L, c),
				      kr_pl_frag_y(L, f, c, 0), f, c, pass);
	}
	if (n > 0)
		HPDF_Page_Stroke(D->page);
}

static bool draw_page(draw *D, size_t pg)
{
	const kr_template *t = D->L->t;
	D->page = HPDF_AddPage(D->pdf);
	if (!D->page)
		return false; /* the error handler has the reason */
	HPDF_Page_SetWidth(D->page, (HPDF_REAL)t->page_w);
	HPDF_Page_SetHeight(D->page, (HPDF_REAL)t->page_h);
	D->ph = t->page_h;
	D->fill = 0;
	D->track = 0;
	if (D->L->pages[pg].table)
		grid(D, &D->L->pages[pg]);
	page_gfx(D, pg, 0);
	page_gfx(D, pg, 1);
	fill_grey(D, 0);
	HPDF_Page_SetLineWidth(D->page, 0.3f); /* the stroke of bold text */
	page_text(D, pg);
	return true;
}

/* One bookmark per top-level project, at the top of its first fragment. */
static void outline(draw *D, HPDF_Page *pages)
{
	kr_playout *L = D->L;
	HPDF_Encoder enc = HPDF_GetEncoder(D->pdf, "UTF-8");
	for (size_t pg = 0; pg < L->n_pages; pg++)
		for (size_t i = 0; i < L->pages[pg].n_frags; i++) {
			const kr_frag *f = &L->pages[pg].frags[i];
			const kr_prow *r = &L->rows[f->row];
			if (f->cont || r->kind != KR_ROW_PROJECT)
				continue;
			const char *name = kr_pl_short(L, kr_pl_clean(L, r->p->name.s,
								      L->ctx->doc->path,
								      r->p->name.loc), 100);
			HPDF_Outline o = HPDF_CreateOutline(D->pdf, NULL, name, enc);
			kr_pdf_info *in = D->info;
			in->outline = kr_grow(L->a, in->outline, in->n_outline, &in->cap_outline,
					      sizeof *in->outline, 16);
			in->outline[in->n_outline++] = kr_pl_short(L, r->p->name.s, 100);
			HPDF_Destination d = o ? HPDF_Page_CreateDestination(pages[pg]) : NULL;
			if (!d)
				return; /* the error handler has the reason */
			double top = L->t->page_h - f->y + 4;
			HPDF_Destination_SetXYZ(d, 0, r1(top < L->t->page_h ? top : L->t->page_h), 1);
			HPDF_Outline_SetDestination(o, d);
		}
}

static void doc_info(draw *D)
{
	const kr_render_ctx *ctx = D->L->ctx;
	const kr_doc *doc = ctx->doc;
	kr_pdf_info *in = D->info;
	char buf[KR_WAREKI_BUF];
	in->title = doc->title.s;
	in->author = doc->meeting.committee.s;
	in->subject = "";
	if (doc->meeting.material.s)
		in->subject = kr_sprintf(D->L->a, "%s ", doc->meeting.material.s);
	if (doc->meeting.date.set) {
		const kr_date *d = &doc->meeting.date;
		in->subject = kr_sprintf(D->L->a, "%s%s ", in->subject,
					 kr_wareki_date(d->y, d->m, d->d, buf));
	}
	if (doc->fiscal_year.set)
		in->subject = kr_sprintf(D->L->a, "%s%s実施事業の評価", in->subject,
					 kr_fy_long(doc, (int)doc->fiscal_year.v, buf));
	/* libharu writes characters outside the BMP as spaces: the post-pass sets these again */
	HPDF_SetInfoAttr(D->pdf, HPDF_INFO_TITLE, in->title);
	if (in->author)
		HPDF_SetInfoAttr(D->pdf, HPDF_INFO_AUTHOR, in->author);
	HPDF_SetInfoAttr(D->pdf, HPDF_INFO_SUBJECT, in->subject);
	HPDF_SetInfoAttr(D->pdf, HPDF_INFO_CREATOR, "kpireport " KR_VERSION);
	struct tm tm;
	time_t when = ctx->created;
	if (gmtime_r(&when, &tm)) {
		HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			       tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0};
		HPDF_SetInfoDateAttr(D->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(D->pdf, HPDF_INFO_MOD_DATE, d);
	}
}

/* Every code point the pages use, ascending, for the subsets. */
static uint32_t *used_code_points(const kr_playout *L, size_t *n)
{
	size_t k = 0, cap = 1024;
	uint32_t *v = malloc(cap * sizeof *v);
	if (!v)
		kr_oom();
	for (uint32_t w = 0; w < KR_PL_USED_WORDS; w++)
		for (uint64_t bits = L->used[w]; bits; bits &= bits - 1) {
			if (k == cap) {
				cap *= 2;
				v = realloc(v, cap * sizeof *v);
				if (!v)
					kr_oom();
			}
			v[k++] = w * 64 + (uint32_t)__builtin_ctzll(bits);
		}
	*n = k;
	return v;
}

/* Draws the laid-out pages with the font subsets at font_paths (NULL: a font the text never
 * uses); returns the PDF bytes (malloc'd) or NULL with *e set and *step the message for the step
 * that failed (a format for the error code and detail).  names gets each font's name. */
static unsigned char *draw_pdf(kr_playout *L, const char *const *font_paths, size_t *len,
			       herr *e, const char **step, const char **names, kr_pdf_info *info)
{
	draw D = {.L = L, .info = info};
	unsigned char *out = NULL;
	HPDF_Page *pages = NULL;
	D.pdf = HPDF_New(on_error, e);
	if (!D.pdf) {
		*step = N_("PDF library error 0x%04X (detail %u) while starting the PDF library");
		return NULL;
	}
	*step = N_("PDF library error 0x%04X (detail %u) while setting up the document");
	HPDF_UseUTFEncodings(D.pdf);
	HPDF_SetCurrentEncoder(D.pdf, "UTF-8");
	/* Page contents are compressed by the post-pass, after it rewrites their strings. */
	HPDF_SetCompressionMode(D.pdf, HPDF_COMP_IMAGE | HPDF_COMP_METADATA);
	HPDF_SetPageMode(D.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	doc_info(&D);
	if (e->err)
		goto done;
	*step = N_("PDF library error 0x%04X (detail %u) while embedding the font subset");
	for (size_t i = 0; i < kr_font_faces(L->font); i++) {
		if (!font_paths[i])
			continue;
		const char *name = HPDF_LoadTTFontFromFile(D.pdf, font_paths[i], HPDF_TRUE);
		D.fonts[i] = name ? HPDF_GetFont(D.pdf, name, "UTF-8") : NULL;
		if (e->err || !D.fonts[i])
			goto done;
		names[i] = kr_strdup(L->a, name); /* libharu's copy goes with the document */
	}
	*step = N_("PDF library error 0x%04X (detail %u) while drawing the pages");
	pages = calloc(L->n_pages, sizeof *pages);
	if (!pages)
		kr_oom();
	for (size_t i = 0; i < L->n_pages && !e->err; i++) {
		if (!draw_page(&D, i)) {
			if (!e->err)
				e->err = HPDF_FAILD_TO_ALLOC_MEM;
			break;
		}
		pages[i] = D.page;
	}
	if (e->err)
		goto done;
	if (D.missing) {
		*step = N_("PDF library error 0x%04X (detail %u) while drawing a character missing from the font subset");
		e->err = HPDF_INVALID_PARAMETER;
		e->detail = D.missing;
		goto done;
	}
	*step = N_("PDF library error 0x%04X (detail %u) while writing the outline");
	outline(&D, pages);
	if (e->err)
		goto done;
	*step = N_("PDF library error 0x%04X (detail %u) while saving the document");
	if (HPDF_SaveToStream(D.pdf) != HPDF_OK)
		goto done;
	HPDF_UINT32 size = HPDF_GetStreamSize(D.pdf), got = 0;
	out = malloc(size ? size : 1);
	if (!out)
		kr_oom();
	HPDF_ResetStream(D.pdf);
	while (got < size) {
		HPDF_UINT32 n = size - got;
		HPDF_STATUS st = HPDF_ReadFromStream(D.pdf, out + got, &n);
		got += n;
		if (st == HPDF_STREAM_EOF || n == 0)
			break;
		if (st != HPDF_OK)
			break;
	}
	if (got != size) {
		free(out);
		out = NULL;
		if (!e->err)
			e->err = HPDF_STREAM_EOF;
	}
	*len = got;
done:
	free(pages);
	free(D.buf);
	HPDF_Free(D.pdf);
	if (e->err) {
		free(out);
		return NULL;
	}
	return out;
}

/* libharu keeps a document's pages in one array of at most HPDF_LIMIT_MAX_ARRAY entries. */
#define KR_PDF_MAX_PAGES HPDF_LIMIT_MAX_ARRAY

/* The height a row takes at least: a line of body text per item of each list it shows (a KPI
 * block at least one line of the smaller size). */
static double row_height(const kr_template *t, const kr_project *p, double lh, double lh_kpi)
{
	double most = lh_kpi;
	for (size_t c = 0; c < t->n_columns; c++) {
		enum kr_field f = t->columns[c].field;
		double h = f == KR_FIELD_OVERVIEW  ? (double)p->overview.n * lh
			   : f == KR_FIELD_RESULTS ? (double)p->results.n * lh
			   : f == KR_FIELD_PLANS   ? (double)p->plans.n * lh
			   : f == KR_FIELD_KPIS    ? (double)p->n_kpis * lh_kpi
						   : 0;
		most = h > most ? h : most;
	}
	return most;
}

/* A lower bound of the page count, from the rows alone and before any layout: a handout far
 * beyond the limit is refused at once, not after gigabytes of layout. */
static double min_pages(const kr_template *t, const kr_doc *doc)
{
	double small = t->size_body < t->size_small ? t->size_body : t->size_small;
	double lh = t->size_body * (1 + t->line_gap), lh_kpi = small * (1 + t->line_gap);
	double page = t->page_h - t->margin_top - t->margin_bottom, h = 0;
	for (size_t i = 0; i < doc->n_projects; i++) {
		const kr_project *p = &doc->projects[i];
		h += row_height(t, p, lh, lh_kpi) + 2 * t->cell_pad;
		for (size_t k = 0; k < p->n_subprojects; k++)
			h += row_height(t, &p->subprojects[k], lh, lh_kpi) + 2 * t->cell_pad;
	}
	return floor(h / page);
}

static bool too_many_pages(const kr_render_ctx *ctx, double pages, bool estimate)
{
	if (pages <= KR_PDF_MAX_PAGES)
		return false;
	if (estimate)
		kr_diag(ctx->diags, ctx->doc->path, KR_NO_LOC, KR_D_PAGES,
			"the PDF would have at least %.0f pages, and a PDF holds at most %d; split the "
			"handout into several files or shorten its longest lists",
			pages, KR_PDF_MAX_PAGES);
	else
		kr_diag(ctx->diags, ctx->doc->path, KR_NO_LOC, KR_D_PAGES,
			"the PDF would have %.0f pages, and a PDF holds at most %d; split the handout "
			"into several files or shorten its longest texts",
			pages, KR_PDF_MAX_PAGES);
	return true;
}

/* Whether the title block and the header row leave room for rows: a page must hold the header
 * and two lines of a row (page 1 below the title, the others below the running head). */
static bool page_room(const kr_render_ctx *ctx, const kr_playout *L)
{
	const kr_template *t = L->t;
	double body = t->page_h - t->margin_top - t->margin_bottom;
	double row = 2 * kr_pl_line_h(L, t->size_body) + 2 * t->cell_pad;
	double run = kr_pl_line_h(L, t->size_small) + 0.4 * t->size_small;
	if (L->head_h + run + row > body) {
		kr_diag(ctx->diags, t->path, t->n_columns ? t->columns[0].loc : KR_NO_LOC,
			KR_D_PAGES,
			"the header row is %.0f pt tall and leaves no room for rows on a page of %.0f pt; "
			"shorten the column labels or make the header size smaller",
			L->head_h, body);
		return false;
	}
	const kr_str *mat = &ctx->doc->meeting.material;
	double mw = mat->s ? kr_font_text_width(L->font, mat->s, strlen(mat->s), t->size_meeting) : 0;
	if (mw + t->size_meeting > L->table_w / 2) {
		kr_diag(ctx->diags, ctx->doc->path, mat->loc, KR_D_PAGES,
			"the material number is %.0f pt wide, more than half the page's %.0f pt; "
			"shorten it or make the template's meeting size smaller",
			mw + t->size_meeting, L->table_w);
		return false;
	}
	if (L->title_h + L->head_h + row > body) {
		kr_diag(ctx->diags, ctx->doc->path, ctx->doc->title.loc, KR_D_PAGES,
			"the title block is %.0f pt tall and leaves no room for the table on the first "
			"page (%.0f pt); shorten the title, or make the template's title and meeting "
			"sizes smaller",
			L->title_h, body);
		return false;
	}
	return true;
}

/* Whether every page's footer fits in the bottom margin (a large footer size, or a footer that
 * wraps, would run off the page). */
static bool footer_fits(const kr_render_ctx *ctx, const kr_playout *L)
{
	const kr_template *t = L->t;
	for (size_t i = 0; i < L->n_pages; i++)
		if (L->pages[i].foot.h > t->page_h + 0.5) { /* its last line's bottom, in page y */
			kr_diag(ctx->diags, t->path, t->footer_loc, KR_D_PAGES,
				"the footer does not fit in the bottom margin of %.0f pt; shorten the footer, "
				"make its size smaller or the bottom margin larger",
				t->margin_bottom);
			return false;
		}
	return true;
}

/* Subsets every font of the list the pages use, draws, and hands the bytes to the post-pass.
 * Returns 0 or -1 (recorded). */
static int render(kr_playout *L, const char *shown)
{
	const kr_render_ctx *ctx = L->ctx;
	size_t n_cps, n_faces = kr_font_faces(ctx->font);
	uint32_t *cps = used_code_points(L, &n_cps);
	const char *paths[KR_FONT_MAX_FACES] = {NULL}, *names[KR_FONT_MAX_FACES] = {NULL};
	bool used[KR_FONT_MAX_FACES] = {true}; /* the first font always: space and 〓 */
	for (size_t i = 0; i < n_cps; i++) {
		int f = kr_font_face_of(ctx->font, cps[i]);
		if (f >= 0)
			used[f] = true;
	}
	for (size_t i = 0; i < L->n_pairs; i++) {
		int f = kr_font_variant_face(ctx->font, L->pairs[i][0], L->pairs[i][1]);
		if (f >= 0)
			used[f] = true;
	}
	bool ok = true;
	for (size_t f = 0; f < n_faces && ok; f++)
		if (used[f])
			ok = (paths[f] = kr_font_subset(ctx->font, f, cps, n_cps,
							(const uint32_t(*)[2])L->pairs, L->n_pairs,
							ctx->diags, shown));
	free(cps);
	int rc = -1;
	if (ok) {
		herr e = {0, 0};
		const char *step = N_("PDF library error 0x%04X (detail %u)");
		size_t len = 0;
		kr_pdf_info info = {0};
		unsigned char *pdf = draw_pdf(L, paths, &len, &e, &step, names, &info);
		if (pdf) {
			kr_pdf_font fonts[KR_FONT_MAX_FACES];
			size_t n = 0;
			for (size_t f = 0; f < n_faces; f++) {
				if (!names[f])
					continue;
				kr_pdf_font *pf = &fonts[n++];
				pf->name = names[f];
				pf->prog = kr_font_subset_program(ctx->font, f, &pf->prog_len);
				pf->uni = kr_font_cid_unicodes(ctx->font, f, &pf->n_uni);
				pf->pairs = kr_font_cid_pairs(ctx->font, f, &pf->n_pairs);
			}
			rc = kr_pdf_fix(pdf, len, fonts, n, &info, ctx->tmp_path, shown, ctx->diags);
			free(pdf);
		} else {
			kr_diag(ctx->diags, shown, KR_NO_LOC, KR_D_RENDER, step,
				(unsigned)e.err, (unsigned)e.detail);
		}
	}
	kr_font_subset_remove(ctx->font);
	return rc;
}

int kr_render_pdf(const kr_render_ctx *ctx)
{
	const char *shown = ctx->final_path ? ctx->final_path : ctx->tmp_path;
	if (too_many_pages(ctx, min_pages(ctx->tmpl, ctx->doc), true))
		return -1;
	kr_playout *L = calloc(1, sizeof *L);
	if (!L)
		kr_oom();
	L->ctx = ctx;
	L->t = ctx->tmpl;
	L->font = ctx->font;
	L->a = kr_arena_new();
	L->used = kr_alloc_array(L->a, KR_PL_USED_WORDS, sizeof *L->used);
	kr_pl_tune(L, true);
	kr_pl_build(L);
	bool room = page_room(ctx, L);
	if (room)
		kr_pl_paginate(L);

	int rc = room && !too_many_pages(ctx, (double)L->n_pages, false) && footer_fits(ctx, L)
			 ? render(L, shown)
			 : -1;
	kr_breaker_tune(ctx->breaker, HUGE_VAL, 0);
	kr_pl_clean_free(L);
	kr_lines_free(&L->lines);
	kr_arena_free(L->a);
	free(L);
	return rc;
}

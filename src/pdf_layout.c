/* PDF layout: turns the computed model into cells of positioned lines, in the columns the template
 * lists.  Nothing here knows about pages: pdf_paginate.c cuts the rows, render_pdf.c draws. */
#include <string.h>

#include "pdf.h"
#include "wareki.h"

void kr_pl_tune(kr_playout *L, bool tighten)
{
	kr_breaker_tune(L->ctx->breaker, L->t->cell_pad - 0.7, tighten ? 0.05 : 0);
}

double kr_pl_line_h(const kr_playout *L, double size) { return size * (1 + L->t->line_gap); }

const char *kr_pl_short(kr_playout *L, const char *s, size_t max)
{
	size_t len = strlen(s), i = 0;
	for (size_t n = 0; i < len && n < max; n++)
		kr_utf8_next(s, len, &i);
	if (i >= len)
		return s;
	kr_pl_mark(L, 0x2026);
	return kr_sprintf(L->a, "%.*s…", (int)i, s);
}

double kr_pl_baseline(const kr_playout *L, double size)
{
	/* Japanese faces sit the em box 0.88 em above the baseline (IPAex: ascender 0.88). */
	return (kr_pl_line_h(L, size) - size) / 2 + 0.88 * size;
}

kr_pitem *kr_pl_item(kr_playout *L, kr_pcell *c)
{
	c->v = kr_grow(L->a, c->v, c->n, &c->cap, sizeof *c->v, 8);
	kr_pitem *it = &c->v[c->n++];
	memset(it, 0, sizeof *it);
	return it;
}

/* A full-width opening bracket, whose glyph is blank in its left half. */
static bool opening_bracket(const char *s, size_t len)
{
	static const char *const open[] = {"「", "『", "【", "（", "〔", "〈", "《", "［", "｛"};
	if (len < 3)
		return false;
	for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
		if (memcmp(s, open[i], 3) == 0)
			return true;
	return false;
}

kr_pitem *kr_pl_text_item(kr_playout *L, kr_pcell *c, const char *s, size_t len, double w,
			  double size, double x, double y, double h, float grey)
{
	kr_pl_mark_text(L, s, len);
	kr_pitem *it = kr_pl_item(L, c);
	it->kind = KR_PI_TEXT;
	it->s = s;
	it->len = len;
	it->w = w;
	it->size = size;
	it->x = x;
	it->y = y;
	it->h = h;
	it->grey = grey;
	return it;
}

double kr_pl_text(kr_playout *L, kr_pcell *c, const char *s, double size, double x, double w,
		  double y, enum kr_align align, float grey)
{
	double lh = kr_pl_line_h(L, size);
	L->lines.n = 0;
	kr_wrap_with(L->ctx->breaker, L->font, size, s, strlen(s), w, w, &L->lines);
	for (size_t i = 0; i < L->lines.n; i++) {
		const kr_line *ln = &L->lines.v[i];
		double lx = align == KR_ALIGN_RIGHT    ? x + w - ln->width
			    : align == KR_ALIGN_CENTER ? x + (w - ln->width) / 2
						       : x;
		kr_pitem *it = kr_pl_text_item(L, c, s + ln->start, ln->len, ln->width, size, lx, y,
					       lh, grey);
		it->track = (float)ln->track;
		if (align == KR_ALIGN_LEFT && opening_bracket(s + ln->start, ln->len))
			it->x -= 0.5 * size; /* 行頭の始め括弧は二分: flush with the text edge */
		it->cont = i + 1 < L->lines.n;
		y += lh;
	}
	if (y > c->h)
		c->h = y;
	return y;
}

/* The narrowest width that sets s in as many lines as w does, so that a header or the title does
 * not end in a line of one or two characters. */
static double balanced(kr_playout *L, const char *s, double size, double w)
{
	size_t len = strlen(s);
	kr_pl_tune(L, false);
	L->lines.n = 0;
	kr_wrap_with(L->ctx->breaker, L->font, size, s, len, w, w, &L->lines);
	size_t n = L->lines.n;
	if (n < 2) {
		kr_pl_tune(L, true);
		return w;
	}
	double lo = w / (double)n * 0.9, hi = w;
	for (int i = 0; i < 12; i++) {
		double mid = (lo + hi) / 2;
		L->lines.n = 0;
		kr_wrap_with(L->ctx->breaker, L->font, size, s, len, mid, mid, &L->lines);
		if (L->lines.n > n)
			lo = mid;
		else
			hi = mid;
	}
	kr_pl_tune(L, true);
	return hi;
}

/* Centred text, balanced over its lines. */
static double centred(kr_playout *L, kr_pcell *c, const char *s, double size, double x, double w,
		      double y)
{
	double bw = balanced(L, s, size, w);
	return kr_pl_text(L, c, s, size, x + (w - bw) / 2, bw, y, KR_ALIGN_CENTER, 0);
}

/* A marker ("・", "(1)", "※") at x and s hanging after it. */
double kr_pl_hang(kr_playout *L, kr_pcell *c, const char *marker, const char *s, double size,
		  double x, double w, double y, float grey)
{
	double mw = kr_font_text_width(L->font, marker, strlen(marker), size);
	if (mw > w / 2)
		mw = 0;
	kr_pitem *it = kr_pl_text_item(L, c, marker, strlen(marker), mw, size, x, y,
				       kr_pl_line_h(L, size), grey);
	if (mw == 0) /* too narrow to hang: marker on its own line */
		y += it->h;
	return kr_pl_text(L, c, s, size, x + mw, w - mw, y, KR_ALIGN_LEFT, grey);
}

static bool same_group(const kr_template *t, size_t a, size_t b)
{
	const char *x = t->columns[a].group, *y = t->columns[b].group;
	return x && y && *x && strcmp(x, y) == 0;
}

/* Header cells: a group label over adjacent columns of one group, column labels under it. */
static void build_head(kr_playout *L)
{
	const kr_template *t = L->t;
	double size = t->size_header, pad = t->cell_pad, group_h = 0;
	L->head = kr_alloc_array(L->a, 2 * t->n_columns, sizeof *L->head);
	for (size_t c = 0; c < t->n_columns;) {
		size_t e = c;
		while (e + 1 < t->n_columns && same_group(t, c, e + 1))
			e++;
		if (t->columns[c].group && *t->columns[c].group) {
			kr_phead *h = &L->head[L->n_head++];
			h->c0 = c;
			h->c1 = e;
			double w = L->col_x[e] + L->col_w[e] - L->col_x[c] - 2 * pad;
			centred(L, &h->text, kr_pl_lab(L, t->columns[c].group), size, 0, w, 0);
			if (h->text.h + 2 * pad > group_h)
				group_h = h->text.h + 2 * pad;
		}
		c = e + 1;
	}
	size_t n_groups = L->n_head;
	double total = group_h;
	for (size_t c = 0; c < t->n_columns; c++) {
		kr_phead *h = &L->head[L->n_head++];
		h->c0 = h->c1 = c;
		centred(L, &h->text, kr_pl_lab(L, t->columns[c].label), size, 0, L->col_w[c] - 2 * pad, 0);
		bool grouped = t->columns[c].group && *t->columns[c].group;
		double need = h->text.h + 2 * pad + (grouped ? group_h : 0);
		if (need > total)
			total = need;
	}
	for (size_t i = 0; i < L->n_head; i++) {
		kr_phead *h = &L->head[i];
		bool grouped = i >= n_groups && t->columns[h->c0].group && *t->columns[h->c0].group;
		h->y = i < n_groups ? 0 : grouped ? group_h : 0;
		h->h = i < n_groups ? group_h : total - h->y;
	}
	L->head_h = total;
}

/* Title block on page 1: 第N回 + committee at the left, the boxed material number and the date
 * at the right, the title centred under them.  Absent fields take no room. */
/* 第N回 + committee, at the left of the first lines; returns the y below it. */
static double meeting_left(kr_playout *L, kr_pcell *c, double width)
{
	const kr_template *t = L->t;
	const kr_doc *doc = L->ctx->doc;
	const char *session = kr_cells_session(&L->cells);
	const char *com = doc->meeting.committee.s ? kr_pl_in(L, doc->meeting.committee) : NULL;
	if (!session && !com)
		return 0;
	const char *s = kr_sprintf(L->a, "%s%s%s", session ? kr_pl_lab(L, session) : "",
				   session && com ? "　" : "", com ? com : "");
	double sm = t->size_meeting;
	return kr_pl_text(L, c, s, sm, 0, width, 0.15 * sm, KR_ALIGN_LEFT, 0);
}

/* The boxed material number and the date under it, flush right; returns the y below them. */
static double meeting_right(kr_playout *L, kr_pcell *c, const char *mat, const char *date)
{
	double sm = L->t->size_meeting, w = L->table_w, y = 0;
	if (mat) {
		double mw = kr_font_text_width(L->font, mat, strlen(mat), sm) + sm;
		kr_pitem *b = kr_pl_item(L, c);
		b->kind = KR_PI_FRAME;
		b->x = w - mw;
		b->w = mw;
		b->h = kr_pl_line_h(L, sm) + 0.3 * sm;
		kr_pl_text(L, c, mat, sm, w - mw, mw, 0.15 * sm, KR_ALIGN_CENTER, 0);
		y = b->h + 0.2 * sm;
	}
	if (date) {
		double dw = kr_font_text_width(L->font, date, strlen(date), sm);
		y = kr_pl_text(L, c, date, sm, w - dw, dw, y, KR_ALIGN_LEFT, 0);
	}
	return y;
}

/* Title block on page 1: 第N回 + committee at the left, the boxed material number and the date
 * at the right, the title centred under them.  Absent fields take no room. */
static void build_title(kr_playout *L)
{
	const kr_template *t = L->t;
	const kr_doc *doc = L->ctx->doc;
	double sm = t->size_meeting, ts = t->size_title, w = L->table_w, right = 0;
	kr_pcell *c = &L->title;
	const char *mat = doc->meeting.material.s ? kr_pl_in(L, doc->meeting.material) : NULL;
	const char *date = kr_cells_meeting_date(&L->cells);
	if (date) {
		date = kr_pl_lab(L, date);
		right = kr_font_text_width(L->font, date, strlen(date), sm);
	}
	if (mat && kr_font_text_width(L->font, mat, strlen(mat), sm) + sm > right)
		right = kr_font_text_width(L->font, mat, strlen(mat), sm) + sm;
	double lw = w - right - 2 * sm;
	double yl = meeting_left(L, c, lw > w / 3 ? lw : w / 3);
	double yr = meeting_right(L, c, mat, date);
	double y = yl > yr ? yl : yr;
	if (y > 0)
		y += 0.6 * ts;
	size_t first = c->n;
	y = centred(L, c, kr_pl_in(L, doc->title), ts, w * 0.1, w * 0.8, y);
	for (size_t i = first; i < c->n; i++)
		c->v[i].bold = true;
	L->title_h = y + 0.6 * ts;
	c->h = L->title_h;
}

/* Splits the lines of cell c into flow blocks of one line each. */
static void add_flow(kr_playout *L, kr_pcell *c, double gap, bool keep_next, bool starts)
{
	size_t i = 0;
	while (i < c->n) {
		size_t j = i + 1;
		while (j < c->n && c->v[j].y == c->v[i].y)
			j++;
		L->blocks = kr_grow(L->a, L->blocks, L->n_blocks, &L->cap_blocks, sizeof *L->blocks, 16);
		kr_pblock *b = &L->blocks[L->n_blocks++];
		memset(b, 0, sizeof *b);
		double y0 = c->v[i].y;
		for (size_t k = i; k < j; k++) {
			kr_pitem *it = kr_pl_item(L, &b->c);
			*it = c->v[k];
			it->y -= y0;
			if (it->y + it->h > b->c.h)
				b->c.h = it->y + it->h;
			if (it->cont)
				b->cont = true;
		}
		b->gap = i == 0 ? gap : 0;
		b->keep_next = keep_next;
		b->starts = starts && i == 0;
		i = j;
	}
}

static void legend(kr_playout *L, const char *title, const kr_scale *s)
{
	const kr_template *t = L->t;
	double size = t->size_body, gap = 0.8 * size;
	kr_pcell h = {0};
	kr_pl_text(L, &h, kr_pl_lab(L, title), size, 0, L->table_w, 0, KR_ALIGN_LEFT, 0);
	add_flow(L, &h, gap, true, true);
	for (size_t i = 0; i < s->n; i++) {
		kr_pcell c = {0};
		kr_cline l = kr_cells_choice(&L->cells, &s->items[i]);
		kr_pl_hang(L, &c, kr_pl_lab(L, l.marker), kr_pl_runs(L, &l), size, size,
			   L->table_w - size, 0, 0);
		add_flow(L, &c, 0, false, false);
	}
}

static void build_flow(kr_playout *L)
{
	const kr_template *t = L->t;
	const kr_doc *doc = L->ctx->doc;
	kr_legend lg[KR_LEGENDS_MAX];
	for (size_t i = 0, n = kr_cells_legends(&L->cells, lg); i < n; i++)
		legend(L, lg[i].title, lg[i].scale);
	double size = t->size_body;
	bool first = true;
	if (doc->notes.n && *t->label[KR_LABEL_NOTES]) {
		kr_pcell h = {0};
		kr_pl_text(L, &h, kr_pl_lab(L, t->label[KR_LABEL_NOTES]), size, 0, L->table_w, 0,
			   KR_ALIGN_LEFT, 0);
		add_flow(L, &h, 0.8 * size, true, true);
		first = false;
	}
	for (size_t i = 0; i < doc->notes.n; i++) {
		kr_pcell c = {0};
		kr_cline l = kr_cells_note(&L->cells, i);
		kr_pl_hang(L, &c, kr_pl_lab(L, l.marker), kr_pl_runs(L, &l), size, 0, L->table_w, 0,
			   0);
		add_flow(L, &c, first ? 0.8 * size : 0.2 * size, false, first);
		first = false;
	}
}

static void build_columns(kr_playout *L)
{
	const kr_template *t = L->t;
	L->table_x = t->margin_left;
	L->table_w = t->page_w - t->margin_left - t->margin_right;
	L->col_x = kr_alloc_array(L->a, t->n_columns + 1, sizeof *L->col_x);
	L->col_w = kr_alloc_array(L->a, t->n_columns + 1, sizeof *L->col_w);
	double sum = 0;
	for (size_t c = 0; c < t->n_columns; c++)
		sum += t->columns[c].width;
	double x = 0;
	L->name_col = 0;
	bool named = false;
	for (size_t c = 0; c < t->n_columns; c++) {
		L->col_x[c] = x;
		L->col_w[c] = L->table_w * t->columns[c].width / (sum > 0 ? sum : 1);
		x += L->col_w[c];
		if (!named && t->columns[c].field == KR_FIELD_NAME) {
			L->name_col = (int)c;
			named = true;
		}
	}
	L->col_x[t->n_columns] = x;
}

void kr_pl_build(kr_playout *L)
{
	L->cells = kr_cells_for(L->ctx->doc, L->a, L->t->columns, L->t->n_columns);
	kr_pl_mark(L, ' ');
	kr_pl_mark(L, 0x30FB); /* ・ */
	build_columns(L);
	build_head(L);
	build_title(L);
	kr_pl_rows(L);
	build_flow(L);
}

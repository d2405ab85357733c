/* PDF pagination: rows become fragments on pages.  A row that fits moves whole to the next page
 * unless the page is less than min_fill full; then, and for a row taller than a page, it is cut
 * between lines (never through one), preferably where at most one cell's sentence runs on, and the
 * rest continues under the repeated header with the project name marked （続き）.  A project row
 * keeps its first subproject with it.  Then the flow (legends, notes) and the footers. */
#include <stdio.h>
#include <string.h>

#include "pdf.h"

#define EPS 1e-6

typedef struct {
	kr_playout *L;
	kr_ppage *pg;
	double y, bottom, pad2, min_piece;
} pstate;

double kr_pl_cont_shift(const kr_playout *L, const kr_prow *r, double from)
{
	const kr_pcell *c = &r->cells[L->name_col];
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].y >= from - EPS)
			return r->cont.h;
	return 0;
}

/* Height of content [from, to) of r as a fragment; a continuation shows its label in the name
 * column, above the rest of the name if any is left, else beside the other columns. */
static double frag_h(const pstate *s, const kr_prow *r, double from, double to, bool cont)
{
	double h = to - from;
	if (cont) {
		h += kr_pl_cont_shift(s->L, r, from);
		if (h < r->cont.h)
			h = r->cont.h;
	}
	return h + s->pad2;
}

static double top_of(const kr_playout *L, size_t pg, bool table)
{
	double y = L->t->margin_top + (pg == 0 ? L->title_h : L->run_h);
	return table ? y + L->head_h : y;
}

static void new_page(pstate *s, bool table)
{
	kr_playout *L = s->L;
	L->pages = kr_grow(L->a, L->pages, L->n_pages, &L->cap_pages, sizeof *L->pages, 8);
	kr_ppage *p = &L->pages[L->n_pages++];
	memset(p, 0, sizeof *p);
	p->table = table;
	p->body_top = p->table_bottom = top_of(L, L->n_pages - 1, table);
	s->pg = p;
	s->y = p->body_top;
}

static void add_frag(pstate *s, size_t row, double from, double to, bool cont, int split_cell)
{
	kr_playout *L = s->L;
	kr_ppage *p = s->pg;
	p->frags = kr_grow(L->a, p->frags, p->n_frags, &p->cap_frags, sizeof *p->frags, 16);
	const kr_prow *r = &L->rows[row];
	kr_frag *f = &p->frags[p->n_frags++];
	f->row = row;
	f->from = from;
	f->to = to;
	f->cont = cont;
	f->split_out = to < r->h - EPS;
	f->split_cell = split_cell;
	f->y = s->y;
	f->h = frag_h(s, r, from, to, cont);
	s->y += f->h;
	p->table_bottom = s->y;
}

/* How many cells have a sentence running across a cut at `cut` (content y); *cell names one. */
static int split_count(const kr_playout *L, const kr_prow *r, double cut, int *cell)
{
	int n = 0;
	*cell = -1;
	for (size_t c = 0; c < L->t->n_columns; c++) {
		const kr_pcell *pc = &r->cells[c];
		const kr_pitem *last = NULL;
		for (size_t i = pc->n; i-- > 0;)
			if (pc->v[i].y < cut - EPS && pc->v[i].kind == KR_PI_TEXT) {
				last = &pc->v[i];
				break;
			}
		if (last && last->cont) {
			n++;
			*cell = (int)c;
		}
	}
	return n;
}

/* The best cut of row r in (from + min_piece, lim]: the lowest one at which at most one cell's
 * sentence runs on, if there is one in the lower part of the room, else the lowest; -1 if none. */
static double best_cut(const pstate *s, const kr_prow *r, double from, double lim, int *cell)
{
	double any = -1, floor = from + 0.6 * (lim - from);
	int any_cell = -1;
	for (size_t i = r->n_cuts; i-- > 0;) {
		double cut = r->cuts[i];
		if (cut > lim + EPS || cut >= r->h - EPS)
			continue;
		if (cut < from + s->min_piece - EPS)
			break;
		int c;
		int n = split_count(s->L, r, cut, &c);
		if (any < 0) {
			any = cut;
			any_cell = c;
		}
		if (n <= 1) {
			*cell = c;
			return cut;
		}
		if (cut < floor)
			break;
	}
	*cell = any_cell;
	return any;
}

static double fill_of(const pstate *s)
{
	double h = s->bottom - s->pg->body_top;
	return h > 0 ? (s->y - s->pg->body_top) / h : 1;
}

/* Would the first subproject after project row `row` (placed with height need) start on this
 * page?  It does when it fits whole, or when the page is then still under min_fill and a piece of
 * it fits. */
static bool first_sub_follows(const pstate *s, size_t row, double need)
{
	const kr_playout *L = s->L;
	if (row + 1 >= L->n_rows || !L->rows[row + 1].first_sub)
		return true;
	const kr_prow *n = &L->rows[row + 1];
	double room = s->bottom - (s->y + need);
	if (n->h + s->pad2 <= room + EPS)
		return true;
	double h = s->bottom - s->pg->body_top;
	bool under = h > 0 && (s->y + need - s->pg->body_top) / h < L->t->min_fill;
	return under && s->min_piece + s->pad2 <= room + EPS;
}

static void place_row(pstate *s, size_t row)
{
	kr_playout *L = s->L;
	const kr_prow *r = &L->rows[row];
	double fresh = s->bottom - top_of(L, 1, true);
	double from = 0;
	bool cont = false;
	for (;;) {
		double label = cont ? kr_pl_cont_shift(L, r, from) : 0;
		double need = frag_h(s, r, from, r->h, cont);
		double room = s->bottom - s->y;
		bool at_top = s->y <= s->pg->body_top + EPS;
		double lim = from + room - label - s->pad2;
		if (need <= room + EPS) {
			if (!r->has_subs || cont || at_top || first_sub_follows(s, row, need)) {
				add_frag(s, row, from, r->h, cont, -1);
				return;
			}
			/* keep the project with its first subproject */
			if (fill_of(s) >= L->t->min_fill) {
				new_page(s, true);
				continue;
			}
			lim = r->h - s->min_piece;
		} else if (!at_top && need <= fresh + EPS && fill_of(s) >= L->t->min_fill) {
			new_page(s, true);
			continue;
		}
		int cell;
		double cut = best_cut(s, r, from, lim, &cell);
		if (cut < 0) {
			if (!at_top) {
				new_page(s, true);
				continue;
			}
			if (need <= room + EPS) { /* nothing better: whole */
				add_frag(s, row, from, r->h, cont, -1);
				return;
			}
			/* a fresh page and not even min_piece fits: take the first cut below */
			cut = r->h;
			for (size_t i = 0; i < r->n_cuts; i++)
				if (r->cuts[i] > from + EPS) {
					cut = r->cuts[i];
					break;
				}
			cell = -1;
		}
		add_frag(s, row, from, cut, cont, cell);
		if (cut >= r->h - EPS)
			return;
		new_page(s, true);
		from = cut;
		cont = true;
	}
}

static void place_flow(pstate *s)
{
	kr_playout *L = s->L;
	s->pg->first_block = 0;
	for (size_t i = 0; i < L->n_blocks; i++) {
		kr_pblock *b = &L->blocks[i];
		double need = b->gap + b->c.h;
		if (b->keep_next && i + 1 < L->n_blocks)
			need += L->blocks[i + 1].gap + L->blocks[i + 1].c.h;
		if (s->y + need > s->bottom + EPS && s->y > s->pg->body_top + EPS) {
			new_page(s, false);
			s->pg->first_block = i;
		}
		if (s->y > s->pg->body_top + EPS)
			s->y += b->gap;
		b->y = s->y;
		s->y += b->c.h;
		s->pg->n_blocks++;
	}
}

/* "{page} / {pages}" with the numbers put in. */
static const char *footer_text(kr_playout *L, size_t page)
{
	const char *f = L->t->footer ? L->t->footer : "{page} / {pages}";
	char out[256];
	size_t o = 0;
	while (*f && o + 24 < sizeof out) {
		if (strncmp(f, "{page}", 6) == 0) {
			o += (size_t)snprintf(out + o, sizeof out - o, "%zu", page + 1);
			f += 6;
		} else if (strncmp(f, "{pages}", 7) == 0) {
			o += (size_t)snprintf(out + o, sizeof out - o, "%zu", L->n_pages);
			f += 7;
		} else {
			out[o++] = *f++;
		}
	}
	out[o] = '\0';
	return kr_pl_clean(L, kr_strdup(L->a, out), L->t->path, (kr_loc){0, 0});
}

static void footers(kr_playout *L)
{
	const kr_template *t = L->t;
	const kr_doc *doc = L->ctx->doc;
	const char *title = kr_pl_clean(L, doc->title.s, doc->path, doc->title.loc);
	const char *mat = doc->meeting.material.s
				  ? kr_pl_clean(L, doc->meeting.material.s, doc->path,
						doc->meeting.material.loc)
				  : NULL;
	double fs = t->size_footer, lh = kr_pl_line_h(L, fs);
	for (size_t i = 0; i < L->n_pages; i++) {
		kr_ppage *p = &L->pages[i];
		double y = t->page_h - t->margin_bottom + (t->margin_bottom - lh) / 2;
		kr_pl_text(L, &p->foot, footer_text(L, i), fs, L->table_x, L->table_w, y,
			   KR_ALIGN_CENTER, 0);
		if (i == 0)
			continue;
		double ss = t->size_small, w = L->table_w, mw = 0;
		if (mat) {
			mw = kr_font_text_width(L->font, mat, strlen(mat), ss);
			kr_pl_text(L, &p->head, mat, ss, L->table_x + w - mw, mw, t->margin_top,
				   KR_ALIGN_RIGHT, 0.35f);
			mw += ss;
		}
		/* one line: the running head must not push the table down */
		L->lines.n = 0;
		kr_wrap_with(L->ctx->breaker, L->font, ss, title, strlen(title), w - mw, w - mw, &L->lines);
		const kr_line *ln = &L->lines.v[0];
		kr_pl_text_item(L, &p->head, title + ln->start,
				L->lines.n > 1 ? ln->len : strlen(title), ln->width, ss, L->table_x,
				t->margin_top, kr_pl_line_h(L, ss), 0.35f);
	}
}

void kr_pl_paginate(kr_playout *L)
{
	const kr_template *t = L->t;
	L->run_h = kr_pl_line_h(L, t->size_small) + 0.4 * t->size_small;
	pstate s = {.L = L,
		    .bottom = t->page_h - t->margin_bottom,
		    .pad2 = 2 * t->cell_pad,
		    .min_piece = 2 * kr_pl_line_h(L, t->size_body)};
	new_page(&s, L->n_rows > 0);
	for (size_t i = 0; i < L->n_rows; i++)
		place_row(&s, i);
	if (L->n_blocks)
		s.y += 0.5 * t->size_body;
	place_flow(&s);
	footers(L);
}

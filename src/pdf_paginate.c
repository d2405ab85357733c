/* PDF pagination: rows become parts on pages, by the rules of docs/pagination.md:
 *  1. A row that fits in the space left is placed whole.
 *  2. A row that does not fit moves whole to the next page when it fits there and the page it
 *     leaves is at least min_fill full; otherwise it is split.
 *  3. A split cuts each cell at a line of its own, so that every part starts at the top of its
 *     cells: the name cell whole on the first part (when it fits), no KPI block cut, at least
 *     three lines on each side, at most one cell's sentence running across the break (with two
 *     of its lines on each side), and as little as possible left for the next page.  When no cut
 *     keeps these rules the row moves to the next page; on a fresh page they give way one by one.
 *  4. A project row moves with its first subproject when that cannot start on the same page and
 *     the page is full enough.
 * Then the flow (legends, notes: a heading with its list, no list's last line alone) and the
 * footers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

#define EPS 1e-6
#define END 1e300 /* content y past every item */

/* A line of a cell: the items that overlap vertically, grouped. */
typedef struct {
	double top, bottom;
	bool keep; /* no page break before this line (inside a KPI block) */
	bool runs; /* a sentence runs into this line from the line before */
} pline;

typedef struct {
	pline *v;
	size_t n, cap;
	double end; /* the cell's height, with any room left for writing by hand */
} pcol;

/* How relaxed a split may be: strict, then (on a fresh page only) a KPI block may be cut,
 * then parts of one or two lines and single lines of a paragraph are allowed, then several
 * sentences may run across the break and at least one line is forced onto the page. */
enum { STRICT, CUT_KPI, SHORT_PARTS, ANYTHING };

typedef struct {
	kr_playout *L;
	kr_ppage *pg;
	double y, bottom, pad2;
	pcol *cols;              /* lines of every cell of the row being placed */
	size_t *order, cap_order; /* scratch for sorting a cell's items */
	size_t *at, *cut, *para, *any, *best; /* per column, line indices */
} pstate;

static void *reserve(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	size_t c = *cap ? *cap : 16;
	while (c < n)
		c *= 2;
	p = realloc(p, c * size);
	if (!p)
		kr_oom();
	*cap = c;
	return p;
}

/* Groups the items of cell c into lines, top to bottom. */
static void cell_lines(pstate *s, const kr_pcell *c, pcol *out)
{
	s->order = reserve(s->order, &s->cap_order, c->n, sizeof *s->order);
	for (size_t i = 0; i < c->n; i++) { /* insertion sort: items come nearly in order */
		size_t j = i;
		while (j > 0 && c->v[s->order[j - 1]].y > c->v[i].y) {
			s->order[j] = s->order[j - 1];
			j--;
		}
		s->order[j] = i;
	}
	out->n = 0;
	out->end = c->h;
	bool runs = false; /* the last line's sentence goes on */
	for (size_t k = 0; k < c->n; k++) {
		const kr_pitem *it = &c->v[s->order[k]];
		pline *ln = out->n ? &out->v[out->n - 1] : NULL;
		if (!ln || it->y >= ln->bottom - EPS) {
			out->v = reserve(out->v, &out->cap, out->n + 1, sizeof *out->v);
			ln = &out->v[out->n++];
			*ln = (pline){it->y, it->y + it->h, false, runs};
			runs = false;
		}
		if (it->y + it->h > ln->bottom)
			ln->bottom = it->y + it->h;
		if (it->kind == KR_PI_TEXT) {
			ln->keep |= it->keep;
			runs |= it->cont;
		}
	}
}

/* Content y where a part of the cell starting at line a begins. */
static double from_y(const pcol *pc, size_t a)
{
	return a == 0 ? 0 : a >= pc->n ? END : pc->v[a].top;
}

/* Height of lines [a, b) of a cell; with its room for writing when b is the end. */
static double ext(const pcol *pc, size_t a, size_t b)
{
	if (b <= a)
		return 0;
	double bottom = pc->v[b - 1].bottom;
	if (b == pc->n && pc->end > bottom)
		bottom = pc->end;
	return bottom - from_y(pc, a);
}

static double label_h(const pstate *s, const kr_prow *r, size_t c, bool cont)
{
	return cont && (int)c == s->L->name_col ? r->cont.h : 0;
}

/* Height of the part of row r that holds lines [at[c], cut[c]) of every cell c (cut NULL: the
 * rest of the row). */
static double part_h(const pstate *s, const kr_prow *r, const size_t *cut, bool cont)
{
	double h = 0;
	for (size_t c = 0; c < s->L->t->n_columns; c++) {
		const pcol *pc = &s->cols[c];
		double e = label_h(s, r, c, cont) + ext(pc, s->at[c], cut ? cut[c] : pc->n);
		if (e > h)
			h = e;
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

/* Places lines [at[c], cut[c]) of every cell of row `row` (cut NULL: the rest) h high. */
static void add_frag(pstate *s, size_t row, const size_t *cut, double h, bool cont, int running)
{
	kr_playout *L = s->L;
	kr_ppage *p = s->pg;
	size_t nc = L->t->n_columns;
	p->frags = kr_grow(L->a, p->frags, p->n_frags, &p->cap_frags, sizeof *p->frags, 16);
	kr_frag *f = &p->frags[p->n_frags++];
	memset(f, 0, sizeof *f);
	f->row = row;
	f->cont = cont;
	f->split_cell = running;
	if (cont || cut) {
		f->from = kr_alloc_array(L->a, 2 * nc, sizeof *f->from);
		f->to = f->from + nc;
		for (size_t c = 0; c < nc; c++) {
			const pcol *pc = &s->cols[c];
			size_t b = cut ? cut[c] : pc->n;
			f->from[c] = from_y(pc, s->at[c]);
			f->to[c] = b < pc->n ? pc->v[b].top : END;
			if (b < pc->n)
				f->split_out = true;
		}
	}
	f->y = s->y;
	f->h = h;
	s->y += h;
	p->table_bottom = s->y;
}

double kr_pl_frag_y(const kr_playout *L, const kr_frag *f, size_t c, double y)
{
	double lab = f->cont && (int)c == L->name_col ? L->rows[f->row].cont.h : 0;
	return f->y + L->t->cell_pad + lab + y - (f->from ? f->from[c] : 0);
}

bool kr_pl_frag_has(const kr_frag *f, size_t c, const kr_pitem *it)
{
	return !f->from || (it->y >= f->from[c] - EPS && it->y < f->to[c] - EPS);
}

/* At least two lines of the paragraph on each side of a cut before line i. */
static bool two_each_side(const pcol *pc, size_t at, size_t i)
{
	return i >= at + 2 && pc->v[i - 1].runs && i + 1 < pc->n && pc->v[i + 1].runs;
}

/* The lowest cut of a cell (a line index in [at, max_i]) whose lines above it fit in avail;
 * para: only between paragraphs. */
static size_t col_cut(const pcol *pc, size_t at, double avail, bool para, int relax, size_t max_i)
{
	double top = from_y(pc, at);
	if (at >= pc->n)
		return pc->n;
	if (max_i >= pc->n && pc->v[pc->n - 1].bottom - top <= avail + EPS)
		return pc->n;
	for (size_t i = max_i < pc->n ? max_i : pc->n - 1; i > at; i--) {
		if (pc->v[i - 1].bottom - top > avail + EPS)
			continue;
		if (relax < CUT_KPI && pc->v[i].keep)
			continue;
		if (pc->v[i].runs && (para || (relax < SHORT_PARTS && !two_each_side(pc, at, i))))
			continue;
		return i;
	}
	return at;
}

typedef struct {
	double cost; /* height of what is left for the next page */
	double h;    /* height of this part */
	int running; /* the cell whose sentence runs across the break, or -1 */
	bool found, done;
} plan;

/* Weighs the cuts in s->cut; keeps them in s->best when they are the best so far. */
static void consider(pstate *s, const kr_prow *r, bool cont, double room, int relax, plan *p)
{
	size_t nc = s->L->t->n_columns, first = 0, rest = 0, moved = 0;
	double cost = 0, h = 0;
	for (size_t c = 0; c < nc; c++) {
		const pcol *pc = &s->cols[c];
		size_t a = s->at[c], b = s->cut[c];
		moved += b - a;
		if (b - a > first)
			first = b - a;
		if (pc->n - b > rest)
			rest = pc->n - b;
		double left = ext(pc, b, pc->n), e = ext(pc, a, b);
		if (left > cost)
			cost = left;
		double avail = room - s->pad2 - label_h(s, r, c, cont);
		if (b == pc->n && e > avail) /* the room for writing shrinks to what is left */
			e = avail > 0 ? avail : 0;
		e += label_h(s, r, c, cont);
		if (e > h)
			h = e;
	}
	if (moved == 0)
		return;
	if (relax < SHORT_PARTS && rest > 0 && (first < 3 || rest < 3))
		return;
	if (p->found && cost >= p->cost - EPS)
		return;
	int running = -1;
	for (size_t c = 0; c < nc; c++) {
		const pcol *pc = &s->cols[c];
		if (s->cut[c] > s->at[c] && s->cut[c] < pc->n && pc->v[s->cut[c]].runs)
			running = (int)c;
	}
	*p = (plan){cost, h + s->pad2, running, true, rest == 0};
	memcpy(s->best, s->cut, nc * sizeof *s->cut);
}

/* Chooses where to cut every cell of row r for a part `room` high (s->at: the lines already
 * placed); the cuts are left in s->best.  Tries no running sentence and each cell as the one
 * whose sentence runs on, and, when that leaves fewer than three lines for the next page, gives
 * one cell three lines to carry over. */
static plan make_plan(pstate *s, const kr_prow *r, bool cont, double room, int relax)
{
	size_t nc = s->L->t->n_columns;
	plan p = {0, 0, -1, false, false};
	for (size_t c = 0; c < nc; c++) {
		double avail = room - s->pad2 - label_h(s, r, c, cont);
		s->para[c] = col_cut(&s->cols[c], s->at[c], avail, relax < ANYTHING, relax, SIZE_MAX);
		s->any[c] = col_cut(&s->cols[c], s->at[c], avail, false, relax, SIZE_MAX);
	}
	for (int k = -1; k < (int)nc; k++) {
		if (k >= 0 && s->any[k] == s->para[k])
			continue;
		for (size_t c = 0; c < nc; c++)
			s->cut[c] = (int)c == k ? s->any[c] : s->para[c];
		size_t rest = 0;
		for (size_t c = 0; c < nc; c++)
			if (s->cols[c].n - s->cut[c] > rest)
				rest = s->cols[c].n - s->cut[c];
		if (rest == 0 || rest >= 3 || relax >= SHORT_PARTS) {
			consider(s, r, cont, room, relax, &p);
			continue;
		}
		for (size_t m = 0; m < nc; m++) { /* three lines of cell m go to the next page */
			const pcol *pc = &s->cols[m];
			if (pc->n < s->at[m] + 3 + 3)
				continue;
			size_t keep = s->cut[m];
			double avail = room - s->pad2 - label_h(s, r, m, cont);
			s->cut[m] = col_cut(pc, s->at[m], avail, (int)m != k, relax, pc->n - 3);
			consider(s, r, cont, room, relax, &p);
			s->cut[m] = keep;
		}
	}
	if (!p.found && relax >= ANYTHING) { /* at least one line of the first unfinished cell */
		for (size_t c = 0; c < nc; c++)
			s->cut[c] = s->any[c];
		for (size_t c = 0; c < nc && !p.found; c++)
			if (s->at[c] < s->cols[c].n) {
				s->cut[c] = s->at[c] + 1;
				consider(s, r, cont, room, relax, &p);
			}
	}
	return p;
}

static double fill_of(const pstate *s)
{
	double h = s->bottom - s->pg->body_top;
	return h > 0 ? (s->y - s->pg->body_top) / h : 1;
}

static void load_row(pstate *s, const kr_prow *r)
{
	for (size_t c = 0; c < s->L->t->n_columns; c++) {
		cell_lines(s, &r->cells[c], &s->cols[c]);
		s->at[c] = 0;
	}
}

/* Can the first subproject after project row `row` start in `room`: whole, or split well? */
static bool first_sub_fits(pstate *s, size_t row, double room)
{
	const kr_playout *L = s->L;
	if (row + 1 >= L->n_rows || !L->rows[row + 1].first_sub)
		return true;
	const kr_prow *n = &L->rows[row + 1];
	load_row(s, n);
	return part_h(s, n, NULL, false) <= room + EPS || make_plan(s, n, false, room, STRICT).found;
}

static void place_row(pstate *s, size_t row)
{
	kr_playout *L = s->L;
	const kr_prow *r = &L->rows[row];
	double fresh = s->bottom - top_of(L, 1, true);
	bool cont = false;
	load_row(s, r);
	for (;;) {
		double need = part_h(s, r, NULL, cont), room = s->bottom - s->y;
		bool at_top = s->y <= s->pg->body_top + EPS;
		if (need <= room + EPS) {
			if (r->has_subs && !cont && !at_top && fill_of(s) >= L->t->min_fill) {
				bool sub = first_sub_fits(s, row, room - need);
				load_row(s, r); /* first_sub_fits loaded the next row */
				if (!sub) {
					new_page(s, true); /* the project goes with its first subproject */
					continue;
				}
			}
			add_frag(s, row, NULL, need, cont, -1);
			return;
		}
		if (!at_top && need <= fresh + EPS && fill_of(s) >= L->t->min_fill) {
			new_page(s, true); /* moves whole */
			continue;
		}
		plan p = make_plan(s, r, cont, room, STRICT);
		for (int relax = CUT_KPI; !p.found && at_top && relax <= ANYTHING; relax++)
			p = make_plan(s, r, cont, room, relax);
		if (!p.found) { /* no good split here: the next page */
			new_page(s, true);
			continue;
		}
		add_frag(s, row, s->best, p.h, cont, p.done ? -1 : p.running);
		if (p.done)
			return;
		memcpy(s->at, s->best, L->t->n_columns * sizeof *s->at);
		new_page(s, true);
		cont = true;
	}
}

/* Height of flow blocks i..j-1 with the gaps between them (and the gap above i). */
static double flow_h(const kr_playout *L, size_t i, size_t j)
{
	double h = 0;
	for (size_t k = i; k < j; k++)
		h += L->blocks[k].gap + L->blocks[k].c.h;
	return h;
}

/* The room block i needs at the foot of a page: a heading takes its whole list when the list
 * has at most FLOW_WHOLE lines, else its first two; the last line but one of a list takes the
 * last line, so that no list ends with one line alone on a page. */
#define FLOW_WHOLE 6
static double flow_need(const kr_playout *L, size_t i)
{
	size_t end = i + 1;
	while (end < L->n_blocks && !L->blocks[end].starts)
		end++;
	size_t j = i + 1;
	if (L->blocks[i].keep_next)
		j = end - i - 1 <= FLOW_WHOLE ? end : (i + 3 < end ? i + 3 : end);
	else if (i + 2 == end)
		j = end;
	return flow_h(L, i, j);
}

static void place_flow(pstate *s)
{
	kr_playout *L = s->L;
	s->pg->first_block = 0;
	for (size_t i = 0; i < L->n_blocks; i++) {
		kr_pblock *b = &L->blocks[i];
		if (s->y + flow_need(L, i) > s->bottom + EPS && s->y > s->pg->body_top + EPS) {
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
	size_t cap = strlen(f) + 1, o = 0; /* room for every placeholder's number: never a cut */
	for (const char *p = f; (p = strchr(p, '{')); p++)
		cap += 24;
	char *out = kr_alloc(L->a, cap);
	while (*f) {
		if (strncmp(f, "{page}", 6) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "%zu", page + 1);
			f += 6;
		} else if (strncmp(f, "{pages}", 7) == 0) {
			o += (size_t)snprintf(out + o, cap - o, "%zu", L->n_pages);
			f += 7;
		} else {
			out[o++] = *f++;
		}
	}
	out[o] = '\0';
	return kr_pl_clean(L, out, L->t->path, KR_NO_LOC);
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
		kr_pitem *it = kr_pl_text_item(L, &p->head, title + ln->start,
						L->lines.n > 1 ? ln->len : strlen(title), ln->width, ss,
						L->table_x, t->margin_top, kr_pl_line_h(L, ss), 0.35f);
		it->track = (float)ln->track;
	}
}

void kr_pl_paginate(kr_playout *L)
{
	const kr_template *t = L->t;
	size_t nc = t->n_columns;
	L->run_h = kr_pl_line_h(L, t->size_small) + 0.4 * t->size_small;
	pstate s = {.L = L, .bottom = t->page_h - t->margin_bottom, .pad2 = 2 * t->cell_pad};
	s.cols = kr_alloc_array(L->a, nc, sizeof *s.cols);
	s.at = kr_alloc_array(L->a, 5 * nc, sizeof *s.at);
	s.cut = s.at + nc;
	s.para = s.cut + nc;
	s.any = s.para + nc;
	s.best = s.any + nc;
	new_page(&s, L->n_rows > 0);
	for (size_t i = 0; i < L->n_rows; i++)
		place_row(&s, i);
	for (size_t c = 0; c < nc; c++)
		free(s.cols[c].v);
	free(s.order);
	if (L->n_blocks)
		s.y += 0.5 * t->size_body;
	place_flow(&s);
	footers(L);
}

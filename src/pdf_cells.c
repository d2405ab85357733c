/* PDF cells: what each template field shows for a project (money, texts, KPI blocks with their
 * achievement bars, the name with its grant programme or number), and the rows made of them. */
#include <string.h>

#include "pdf.h"
#include "wareki.h"

/* The runs [from, to) of a line, each made drawable (input text warns with its own position),
 * joined. */
static const char *runs_text(kr_playout *L, const kr_cline *l, size_t from, size_t to)
{
	const char *part[16], **v = to - from <= 16 ? part : kr_alloc_array(L->a, to - from, sizeof *v);
	size_t len = 0;
	for (size_t i = from; i < to; i++) {
		const kr_run *r = &l->runs[i];
		v[i - from] = r->input ? kr_pl_in(L, (kr_str){r->s, r->loc}) : kr_pl_lab(L, r->s);
		len += strlen(v[i - from]);
	}
	char *out = kr_alloc(L->a, len + 1), *p = out;
	for (size_t i = from; i < to; i++)
		p = stpcpy(p, v[i - from]);
	return out;
}

const char *kr_pl_runs(kr_playout *L, const kr_cline *l) { return runs_text(L, l, 0, l->n); }

/* The 達成率 line: percentage, a bar against 100 %, and the verdict (reversed when not met, so
 * under-achievement shows in greyscale print at a glance). */
static double achievement(kr_playout *L, kr_pcell *c, const kr_cline *l, const kr_kpi *k, double x,
			  double w, double y)
{
	const kr_template *t = L->t;
	double size = t->size_body, lh = kr_pl_line_h(L, size);
	size_t nv = l->n;
	while (nv > 0 && l->runs[nv - 1].role == KR_ROLE_VERDICT)
		nv--;
	const char *s = runs_text(L, l, 0, nv);
	bool met = k->verdict == KR_VERDICT_MET;
	const char *v = runs_text(L, l, nv, l->n);
	double sw = kr_font_text_width(L->font, s, strlen(s), size);
	double vs = t->size_small, vw = kr_font_text_width(L->font, v, strlen(v), vs);
	double bar = 3 * size, gap = 0.3 * size;
	double x1 = x + sw + gap;
	if (sw + gap + bar + gap + vw + gap > w) { /* bar and verdict on a line of their own */
		y = kr_pl_text(L, c, s, size, x, w, y, KR_ALIGN_LEFT, 0);
		x1 = x;
	} else {
		kr_pl_text(L, c, s, size, x, w, y, KR_ALIGN_LEFT, 0);
	}
	kr_pitem *b = kr_pl_item(L, c);
	b->kind = KR_PI_BAR;
	b->x = x1;
	b->y = y;
	b->w = bar;
	b->h = lh;
	double r = k->achievement.ratio;
	b->fill = (float)(r < 0 ? 0 : r > 1 ? 1 : r);
	double vx = x1 + bar + gap;
	if (!met) {
		kr_pitem *box = kr_pl_item(L, c);
		box->kind = KR_PI_BOX;
		box->x = vx;
		box->y = y + kr_pl_baseline(L, size) - 1.0 * vs; /* the em box, 0.1 em around */
		box->w = vw + 0.5 * vs;
		box->h = 1.2 * vs;
		box->grey = 0.2f;
		vx += 0.25 * vs;
	}
	double vy = y + kr_pl_baseline(L, size) - kr_pl_baseline(L, vs); /* same baseline */
	kr_pl_text_item(L, c, v, strlen(v), vw, vs, vx, vy, lh - (vy - y), met ? 0 : 1);
	y += lh;
	if (y > c->h)
		c->h = y;
	return y;
}

/* Lays out one line of a cell at y; returns the y below it. */
static double cell_line(kr_playout *L, kr_pcell *c, const kr_cline *l, const kr_cblock *b,
			double x, double w, double y, enum kr_align align)
{
	const kr_template *t = L->t;
	double size = t->size_body;
	const char *s = runs_text(L, l, 0, l->n);
	switch (l->kind) {
	case KR_LINE_PLAIN:
		return kr_pl_text(L, c, s, size, x, w, y, align, 0);
	case KR_LINE_ITEM:
	case KR_LINE_NUMBERED:
		return kr_pl_hang(L, c, kr_pl_lab(L, l->marker), s, size, x, w, y, 0);
	case KR_LINE_NOTE:
		return kr_pl_hang(L, c, kr_pl_lab(L, l->marker), s, t->size_small, x, w, y, 0);
	case KR_LINE_ACHIEVEMENT:
		return achievement(L, c, l, b->kpi, x, w, y);
	case KR_LINE_AMOUNT: {
		/* An amount is never broken across lines: a narrow column sets it smaller. */
		double sw = kr_font_text_width(L->font, s, strlen(s), size);
		if (sw > w && sw > 0)
			size = size * w / sw * 0.999;
		return kr_pl_text(L, c, s, size, x, w, y, align, 0);
	}
	case KR_LINE_PROMPT: {
		y = kr_pl_text(L, c, s, t->size_small, x, w, y, align, 0.35f);
		double room = y + 3 * kr_pl_line_h(L, size); /* room to write by hand */
		if (c->h < room)
			c->h = room;
		return y;
	}
	case KR_LINE_KIND_COUNT:
		break;
	}
	return y;
}

/* What a cell of the table shows (the cell layer decides), laid out in the column's width; a
 * subproject's name is indented. */
static void build_cell(kr_playout *L, const kr_prow *r, size_t col, kr_pcell *c)
{
	const kr_template *t = L->t;
	const kr_column *k = &t->columns[col];
	double size = t->size_body, x = 0, y = 0;
	double w = L->col_w[col] - 2 * t->cell_pad;
	if (k->field == KR_FIELD_NAME && r->kind == KR_ROW_SUB)
		x = size;
	kr_cell cell = kr_cell_of(&L->cells, r->p, k);
	for (size_t i = 0; i < cell.n; i++) {
		const kr_cblock *b = &cell.blocks[i];
		bool texts = b->kind == KR_BLOCK_PARAS || b->kind == KR_BLOCK_LIST;
		enum kr_align align =
			k->field == KR_FIELD_NAME || b->kind == KR_BLOCK_KPI ? KR_ALIGN_LEFT : k->align;
		if (b->apart)
			y += (b->kind == KR_BLOCK_KPI ? 0.4 : 0.2) * size;
		size_t first = c->n;
		for (size_t j = 0; j < b->n; j++)
			y = cell_line(L, c, &b->lines[j], b, x, w - x,
				      j > 0 && texts ? y + 0.2 * size : y, align);
		/* A KPI block stays on one page: every line after its first is kept with the one
		 * before. */
		for (size_t j = first + 1; b->kind == KR_BLOCK_KPI && j < c->n; j++)
			c->v[j].keep = c->v[j].y > c->v[first].y + 1e-6;
	}
}

#define KR_PL_CONT_NAME 200 /* characters of a name its （続き） label may show */

/* The continuation label of a row part on a later page: the (number and) name, at most two
 * lines of it (cut with …), then the （続き） mark, which is never broken. */
static void cont_label(kr_playout *L, kr_prow *r, double x, double w)
{
	const kr_template *t = L->t;
	const kr_project *p = r->p;
	double ss = t->size_small, lh = kr_pl_line_h(L, ss);
	const char *mark = kr_pl_lab(L, t->label[KR_LABEL_CONTINUED]);
	/* Two lines never hold more than KR_PL_CONT_NAME characters: a name of 30 000 is not
	 * wrapped whole for them. */
	const char *name = kr_sprintf(L->a, "%s%s", p->parent && p->label ? kr_pl_lab(L, p->label) : "",
				      kr_pl_short(L, kr_pl_in(L, p->name), KR_PL_CONT_NAME));
	double mw = kr_font_text_width(L->font, mark, strlen(mark), ss);
	L->lines.n = 0;
	kr_wrap_with(L->ctx->breaker, L->font, ss, name, strlen(name), w, w, &L->lines);
	size_t n = L->lines.n < 2 ? L->lines.n : 2;
	const char *text[3];
	float track[3] = {0, 0, 0};
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		track[k] = (float)L->lines.v[i].track;
		text[k++] = kr_strndup(L->a, name + L->lines.v[i].start, L->lines.v[i].len);
	}
	if (k > 0 && L->lines.n <= 2 && L->lines.v[k - 1].width + mw <= w) {
		text[k - 1] = kr_sprintf(L->a, "%s%s", text[k - 1], mark);
	} else if (L->lines.n <= 1) {
		text[k++] = mark;
	} else { /* the second line cut to leave room for …（続き） */
		const char *ell = "…";
		double room = w - mw - kr_font_text_width(L->font, ell, strlen(ell), ss);
		const kr_line *ln = &L->lines.v[1];
		size_t i = 0, keep = 0;
		for (double acc = 0; i < ln->len;) {
			acc += kr_font_advance(L->font, kr_utf8_next(name + ln->start, ln->len, &i), ss);
			if (acc > room)
				break;
			keep = i;
		}
		text[1] = kr_sprintf(L->a, "%.*s%s%s", (int)keep, name + ln->start, ell, mark);
		track[1] = 0;
	}
	for (size_t i = 0; i < k; i++) {
		size_t len = strlen(text[i]);
		kr_pitem *it = kr_pl_text_item(L, &r->cont, text[i], len,
					       kr_font_text_width(L->font, text[i], len, ss), ss, x,
					       (double)i * lh, lh, 0.3f);
		it->track = track[i];
	}
	r->cont.h = (double)k * lh + 0.2 * ss;
}

static void build_row(kr_playout *L, kr_prow *r, const kr_project *p, enum kr_prow_kind kind)
{
	const kr_template *t = L->t;
	r->p = p;
	r->kind = kind;
	r->cells = kr_alloc_array(L->a, t->n_columns, sizeof *r->cells);
	for (size_t c = 0; c < t->n_columns; c++) {
		build_cell(L, r, c, &r->cells[c]);
		if (r->cells[c].h > r->h)
			r->h = r->cells[c].h;
	}
	double w = L->col_w[L->name_col] - 2 * t->cell_pad, x = kind == KR_ROW_SUB ? t->size_body : 0;
	cont_label(L, r, x, w - x);
}

void kr_pl_rows(kr_playout *L)
{
	const kr_doc *doc = L->ctx->doc;
	size_t n = 0;
	for (size_t i = 0; i < doc->n_projects; i++)
		n += 1 + doc->projects[i].n_subprojects;
	L->rows = kr_alloc_array(L->a, n ? n : 1, sizeof *L->rows);
	for (size_t i = 0; i < doc->n_projects; i++) {
		const kr_project *p = &doc->projects[i];
		kr_prow *r = &L->rows[L->n_rows++];
		build_row(L, r, p, KR_ROW_PROJECT);
		r->has_subs = p->n_subprojects > 0;
		for (size_t j = 0; j < p->n_subprojects; j++) {
			kr_prow *s = &L->rows[L->n_rows++];
			build_row(L, s, &p->subprojects[j], KR_ROW_SUB);
			s->first_sub = j == 0;
		}
	}
}


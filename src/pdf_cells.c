/* PDF cells: what each template field shows for a project (money, texts, KPI blocks with their
 * achievement bars, the name with its grant programme or number), and the rows made of them. */
#include <string.h>

#include "pdf.h"
#include "wareki.h"

static const char *money(kr_playout *L, int64_t v)
{
	char buf[KR_DEC_BUF];
	if (L->t->money_thousands)
		v = v / 1000 + (v % 1000 >= 500);
	return kr_pl_tmp(L, kr_int_format(v, buf));
}

static const char *num_unit(kr_playout *L, const kr_num *n, const kr_kpi *k)
{
	char buf[KR_DEC_BUF];
	kr_dec_format(n->v, buf);
	return kr_sprintf(L->a, "%s%s", kr_pl_lab(L, buf), kr_pl_in(L, k->unit));
}

/* The 達成率 line: percentage, a bar against 100 %, and the verdict (reversed when not met, so
 * under-achievement shows in greyscale print at a glance). */
static double achievement(kr_playout *L, kr_pcell *c, const kr_kpi *k, double x, double w,
			  double y)
{
	const kr_template *t = L->t;
	double size = t->size_body, lh = kr_pl_line_h(L, size);
	char pct[KR_DEC_BUF];
	kr_tenths_format(k->achievement.tenths, pct);
	const char *s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_ACHIEVEMENT]), kr_pl_lab(L, pct));
	bool met = k->verdict == KR_VERDICT_MET;
	const char *v = kr_pl_lab(L, met ? t->label[KR_LABEL_MET] : t->label[KR_LABEL_NOT_MET]);
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

static double kpi_lines(kr_playout *L, kr_pcell *c, const kr_kpi *k, double x, double w, double y);

/* A KPI block: its lines stay on one page (every line after the first is kept with the one
 * before). */
static double kpi_block(kr_playout *L, kr_pcell *c, const kr_kpi *k, double x, double w, double y)
{
	size_t first = c->n;
	y = kpi_lines(L, c, k, x, w, y);
	for (size_t i = first + 1; i < c->n; i++)
		c->v[i].keep = c->v[i].y > c->v[first].y + 1e-6;
	return y;
}

static double kpi_lines(kr_playout *L, kr_pcell *c, const kr_kpi *k, double x, double w, double y)
{
	const kr_template *t = L->t;
	double size = t->size_body;
	char buf[KR_WAREKI_BUF];
	for (size_t i = 0; i < t->n_kpi_lines; i++) {
		const char *s = NULL;
		switch (t->kpi_lines[i]) {
		case KR_KPI_LINE_NAME:
			y = kr_pl_hang(L, c, "・", kr_pl_in(L, k->name), size, x, w, y, 0);
			break;
		case KR_KPI_LINE_BASELINE:
			if (k->baseline.set && !k->baseline.null)
				s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_BASELINE]),
					       num_unit(L, &k->baseline, k));
			break;
		case KR_KPI_LINE_TARGET:
			if (k->target.set && !k->target.null)
				s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_TARGET]),
					       num_unit(L, &k->target, k));
			else if (k->target_text.s)
				s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_TARGET]),
					       kr_pl_in(L, k->target_text));
			break;
		case KR_KPI_LINE_DUE:
			if (k->due.set) {
				kr_wareki_date(k->due.y, k->due.m, k->due.d ? k->due.d : 1, buf);
				char *m = strstr(buf, "月");
				if (m && !k->due.d)
					m[3] = '\0';
				else if ((m = strstr(buf, "(")))
					*m = '\0';
				s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_DUE]), kr_pl_lab(L, buf));
			}
			break;
		case KR_KPI_LINE_ACTUAL:
			if (k->actual.set && !k->actual.null)
				s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_ACTUAL]),
					       num_unit(L, &k->actual, k));
			else
				s = kr_sprintf(L->a, "%s%s", kr_pl_lab(L, t->label[KR_LABEL_ACTUAL]),
					       kr_pl_lab(L, t->label[KR_LABEL_UNKNOWN]));
			break;
		case KR_KPI_LINE_ACHIEVEMENT:
			if (k->achievement.has)
				y = achievement(L, c, k, x, w, y);
			else if (k->verdict == KR_VERDICT_MET) /* less is better and none is left */
				s = kr_pl_lab(L, t->label[KR_LABEL_MET]);
			break;
		case KR_KPI_LINE_LONG_TERM:
			if (k->long_term.set && k->long_term.target.set) {
				kr_fy_abbr(L->ctx->doc, (int)k->long_term.fiscal_year.v, buf);
				s = kr_sprintf(L->a, "%s %s(%s)", kr_pl_lab(L, t->label[KR_LABEL_LONG_TERM]),
					       num_unit(L, &k->long_term.target, k), kr_pl_lab(L, buf));
			}
			break;
		case KR_KPI_LINE_NOTE:
			if (k->note.s)
				y = kr_pl_hang(L, c, "※", kr_pl_in(L, k->note), t->size_small, x, w, y, 0);
			break;
		case KR_KPI_LINE_COUNT:
			break;
		}
		if (s)
			y = kr_pl_text(L, c, kr_pl_lab(L, s), size, x, w, y, KR_ALIGN_LEFT, 0);
	}
	kr_pl_mark(L, ' ');
	return y;
}

static const kr_texts *extra_text(const kr_project *p, const char *key)
{
	for (size_t i = 0; key && i < p->n_extra; i++)
		if (p->extra[i].key.s && strcmp(p->extra[i].key.s, key) == 0)
			return &p->extra[i].value;
	return NULL;
}

bool kr_pl_has_column(const kr_template *t, enum kr_field f)
{
	for (size_t i = 0; i < t->n_columns; i++)
		if (t->columns[i].field == f)
			return true;
	return false;
}

/* The project-name cell: 【grant_program】, then the (number and) name; subprojects indented. */
static void name_cell(kr_playout *L, const kr_prow *r, kr_pcell *c, double w)
{
	const kr_project *p = r->p;
	double size = L->t->size_body, x = 0, y = 0;
	if (r->kind == KR_ROW_SUB)
		x = size;
	if (!p->parent && p->grant_program.s && !kr_pl_has_column(L->t, KR_FIELD_GRANT_PROGRAM))
		y = kr_pl_text(L, c, kr_sprintf(L->a, "【%s】", kr_pl_in(L, p->grant_program)), size,
			       x, w - x, y, KR_ALIGN_LEFT, 0);
	const char *name = kr_pl_in(L, p->name);
	bool numbered = (p->parent || p->number.s) && p->label &&
			!kr_pl_has_column(L->t, KR_FIELD_NUMBER);
	if (numbered)
		kr_pl_hang(L, c, kr_pl_lab(L, p->parent ? p->label : kr_sprintf(L->a, "%s ", p->label)), name,
		     size, x, w - x, y, 0);
	else
		kr_pl_text(L, c, name, size, x, w - x, y, KR_ALIGN_LEFT, 0);
}

static void build_cell(kr_playout *L, const kr_prow *r, size_t col, kr_pcell *c)
{
	const kr_template *t = L->t;
	const kr_column *k = &t->columns[col];
	const kr_project *p = r->p;
	double w = L->col_w[col] - 2 * t->cell_pad, size = t->size_body, y = 0;
	const char *s = NULL;
	char buf[KR_DEC_BUF];
	switch (k->field) {
	case KR_FIELD_NAME:
		name_cell(L, r, c, w);
		break;
	case KR_FIELD_NUMBER:
		s = p->label ? kr_pl_lab(L, p->label) : NULL;
		break;
	case KR_FIELD_GRANT_PROGRAM:
		s = kr_pl_in(L, p->grant_program);
		break;
	case KR_FIELD_DEPARTMENT:
		s = kr_pl_in(L, p->department);
		break;
	case KR_FIELD_CODE:
		s = kr_pl_in(L, p->code);
		break;
	case KR_FIELD_STATUS:
		s = kr_pl_in(L, p->status);
		break;
	case KR_FIELD_COST:
		s = p->cost_total.has ? money(L, p->cost_total.v) : kr_pl_lab(L, t->mark_none);
		break;
	case KR_FIELD_GRANT:
		s = p->grant.set ? money(L, p->grant.v) : kr_pl_lab(L, t->mark_no_grant);
		break;
	case KR_FIELD_GRANT_RATIO:
		s = p->grant_ratio.has ? kr_pl_tmp(L, kr_tenths_format(p->grant_ratio.tenths, buf))
				       : kr_pl_lab(L, t->mark_none);
		break;
	case KR_FIELD_OVERVIEW:
		kr_pl_texts(L, c, &p->overview, size, 0, w, 0, k->align);
		break;
	case KR_FIELD_RESULTS:
		kr_pl_texts(L, c, &p->results, size, 0, w, 0, k->align);
		break;
	case KR_FIELD_PLANS:
		kr_pl_texts(L, c, &p->plans, size, 0, w, 0, k->align);
		break;
	case KR_FIELD_KPIS:
		if (p->n_kpis == 0)
			s = kr_pl_lab(L, t->mark_no_kpi);
		for (size_t i = 0; i < p->n_kpis; i++)
			y = kpi_block(L, c, &p->kpis[i], 0, w, i ? y + 0.4 * size : y);
		break;
	case KR_FIELD_RATING:
		s = kr_pl_in(L, p->rating);
		break;
	case KR_FIELD_POLICY:
		if (p->policy.set) {
			if (p->policy.choice.s)
				y = kr_pl_text(L, c, kr_sprintf(L->a, "【%s】", kr_pl_in(L, p->policy.choice)),
					       size, 0, w, 0, k->align, 0);
			kr_pl_texts(L, c, &p->policy.reason, size, 0, w, y, k->align);
		}
		break;
	case KR_FIELD_COMMITTEE:
		if (p->committee.set) {
			if (p->committee.rating.s)
				y = kr_pl_text(L, c, kr_pl_in(L, p->committee.rating), size, 0, w, 0,
					       k->align, 0);
			kr_pl_texts(L, c, &p->committee.comment, size, 0, w,
			      y > 0 ? y + 0.2 * size : y, k->align);
		} else {
			y = kr_pl_text(L, c, kr_pl_lab(L, t->label[KR_LABEL_COMMITTEE_PROMPT]), t->size_small, 0, w, 0,
				       k->align, 0.35f);
			double room = y + 3 * kr_pl_line_h(L, size); /* room to write by hand */
			if (c->h < room)
				c->h = room;
		}
		break;
	case KR_FIELD_EXTRA: {
		const kr_texts *e = extra_text(p, k->extra_key);
		if (e)
			kr_pl_texts(L, c, e, size, 0, w, 0, k->align);
		break;
	}
	case KR_FIELD_COUNT:
		break;
	}
	if (s && *s && (k->field == KR_FIELD_COST || k->field == KR_FIELD_GRANT ||
			k->field == KR_FIELD_GRANT_RATIO)) {
		/* An amount is never broken across lines: a narrow column sets it smaller. */
		double sw = kr_font_text_width(L->font, s, strlen(s), size);
		if (sw > w && sw > 0)
			size = size * w / sw * 0.999;
	}
	if (s && *s)
		kr_pl_text(L, c, s, size, 0, w, 0, k->align, 0);
}

/* The continuation label of a row part on a later page: the (number and) name, at most two
 * lines of it (cut with …), then the （続き） mark, which is never broken. */
static void cont_label(kr_playout *L, kr_prow *r, double x, double w)
{
	const kr_template *t = L->t;
	const kr_project *p = r->p;
	double ss = t->size_small, lh = kr_pl_line_h(L, ss);
	const char *mark = kr_pl_lab(L, t->label[KR_LABEL_CONTINUED]);
	const char *name = kr_sprintf(L->a, "%s%s", p->parent && p->label ? kr_pl_lab(L, p->label) : "",
				      kr_pl_in(L, p->name));
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


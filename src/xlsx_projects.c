/* The projects sheet: one row per project and subproject in document order, with the template's
 * xlsx columns, dropdowns on every rating and policy cell, live 交付金充当率 formulas and totals
 * that count each project once (hidden helper columns hold what the totals add up). */
#include <string.h>

#include "xlsx.h"

/* A template column can become two sheet columns: a choice with a dropdown and its text. */
enum part { PART_WHOLE, PART_CHOICE, PART_TEXT };

typedef struct {
	const kr_column *tc;
	enum part part;
	const char *label, *group;
	double width; /* characters */
} pcol;

/* Hidden helper columns after the visible ones. */
enum { H_LEVEL, H_PROGRAM, H_COST, H_GRANT, H_KEY, H_COUNT };

typedef struct {
	pcol *cols;
	size_t n;
	lxw_row_t head0, head1, first, last; /* header rows and data rows */
	double head_h;                       /* the header rows' height, points */
	lxw_col_t helper;                    /* first helper column */
	int c_name, c_cost, c_grant;         /* sheet columns, -1 when absent */
} layout;

static bool split(enum kr_field f)
{
	return f == KR_FIELD_POLICY || f == KR_FIELD_COMMITTEE;
}

/* The name column keeps the longest 【grant programme】 on one line. */
static double name_min(kr_xw *x)
{
	double pt = 0;
	for (size_t i = 0; i < x->doc->n_projects; i++) {
		const char *g = x->doc->projects[i].grant_program.s;
		if (!g)
			continue;
		const char *s = kr_sprintf(x->arena, "【%s】", g);
		double w = kr_font_text_width(x->rc->font, s, strlen(s), x->font_size);
		if (w > pt)
			pt = w;
	}
	/* At most half the printable width: a very long programme name wraps instead. */
	double cap = (x->t->page_w - x->t->margin_left - x->t->margin_right) / KR_XW_PRINT_SCALE / 2;
	return kr_xw_width_chars(x, (pt < cap ? pt : cap) + 4);
}

static bool plan_columns(kr_xw *x, layout *L)
{
	const kr_template *t = x->t;
	double sum = 0;
	for (size_t i = 0; i < t->n_xlsx_columns; i++)
		sum += t->xlsx_columns[i].width > 0 ? t->xlsx_columns[i].width : 1;
	double printable = t->page_w - t->margin_left - t->margin_right;
	double total = kr_xw_width_chars(x, printable / KR_XW_PRINT_SCALE);
	L->cols = kr_alloc_array(x->arena, t->n_xlsx_columns * 2 + 1, sizeof *L->cols);
	L->c_name = L->c_cost = L->c_grant = -1;
	for (size_t i = 0; i < t->n_xlsx_columns; i++) {
		const kr_column *c = &t->xlsx_columns[i];
		double w = total * (c->width > 0 ? c->width : 1) / (sum > 0 ? sum : 1);
		if (c->field == KR_FIELD_COST || c->field == KR_FIELD_GRANT) {
			if (w < 12)
				w = 12; /* "999,999,999,999" */
			*(c->field == KR_FIELD_COST ? &L->c_cost : &L->c_grant) = (int)L->n;
		}
		if (c->field == KR_FIELD_NAME && L->c_name < 0) {
			L->c_name = (int)L->n;
			if (w < name_min(x))
				w = name_min(x);
		}
		if (w < 5)
			w = 5;
		if (split(c->field)) {
			/* 今後の方針: 方針 | 理由; 委員会の評価: 評価 | 意見. */
			bool pol = c->field == KR_FIELD_POLICY;
			L->cols[L->n++] = (pcol){c, PART_CHOICE, pol ? "方針" : "評価", c->label,
						 w * 0.4 < 10 ? 10 : w * 0.4};
			L->cols[L->n++] = (pcol){c, PART_TEXT, pol ? "理由" : "意見", c->label,
						 w * 0.6 < 12 ? 12 : w * 0.6};
		} else {
			L->cols[L->n++] = (pcol){c, PART_WHOLE, c->label, c->group, w};
		}
	}
	if (L->n == 0) {
		kr_xw_fail(x, "cannot write the workbook: the template declares no xlsx columns");
		return false;
	}
	L->helper = (lxw_col_t)L->n;
	x->key_col_projects = L->helper + H_KEY;
	bool groups = false;
	for (size_t i = 0; i < L->n; i++)
		groups |= L->cols[i].group != NULL;
	L->head0 = 3;
	L->head1 = groups ? 4 : 3;
	L->first = L->head1 + 1;
	return true;
}

/* ------------------------------------------------------------------------------------------ */
/* Header */

static bool header(kr_xw *x, lxw_worksheet *ws, layout *L)
{
	kr_xw_row h0, h1;
	kr_xw_row_init(x, &h0);
	kr_xw_row_init(x, &h1);
	for (size_t i = 0; i < L->n;) {
		const pcol *c = &L->cols[i];
		size_t j = i + 1;
		if (c->group)
			while (j < L->n && L->cols[j].group && strcmp(L->cols[j].group, c->group) == 0)
				j++;
		if (!c->group && L->head1 != L->head0) {
			/* A column without a group spans both header rows. */
			if (!kr_xw_ok(x, worksheet_merge_range(ws, L->head0, (lxw_col_t)i, L->head1,
								(lxw_col_t)i, c->label, x->head)))
				return false;
			kr_xw_row_fit(x, &h1, c->label, c->width);
			i = j;
			continue;
		}
		if (c->group) {
			double w = 0;
			for (size_t k = i; k < j; k++)
				w += L->cols[k].width;
			lxw_error e = j - i > 1 ? worksheet_merge_range(ws, L->head0, (lxw_col_t)i,
									L->head0, (lxw_col_t)(j - 1),
									c->group, x->group)
						: worksheet_write_string(ws, L->head0, (lxw_col_t)i,
									 c->group, x->group);
			if (!kr_xw_ok(x, e))
				return false;
			kr_xw_row_fit(x, &h0, c->group, w);
		}
		for (size_t k = i; k < j; k++) {
			if (!kr_xw_ok(x, worksheet_write_string(ws, L->head1, (lxw_col_t)k,
								L->cols[k].label, x->head)))
				return false;
			kr_xw_row_fit(x, &h1, L->cols[k].label, L->cols[k].width);
		}
		i = j;
	}
	static const char *const helper_labels[H_COUNT] = {"集計用:区分", "集計用:交付金の種類",
							   "集計用:事業費", "集計用:交付金",
							   "照合キー"};
	for (int k = 0; k < H_COUNT; k++)
		if (!kr_xw_ok(x, worksheet_write_string(ws, L->head1, L->helper + (lxw_col_t)k,
							helper_labels[k], x->head)))
			return false;
	if (L->head1 != L->head0) {
		/* A merged pair of header rows: share the height of the taller label row. */
		double need = h1.height + h0.height;
		if (need < 2 * h1.height)
			need = h1.height + kr_xw_line_height(x) + 8;
		h0.height = need - h1.height;
		if (!kr_xw_row_set(x, ws, L->head0, &h0))
			return false;
	}
	L->head_h = h1.height + (L->head1 != L->head0 ? h0.height : 0);
	return kr_xw_row_set(x, ws, L->head1, &h1);
}

/* ------------------------------------------------------------------------------------------ */
/* Rows */

/* A yen amount: the number, or for a project whose amount is its subprojects' sum a SUM formula
 * over their rows (r1..r2); the cell layer's mark when there is none. */
static bool money_cell(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const kr_cell *cell,
		       const kr_amount *a, lxw_row_t r1, lxw_row_t r2, bool ed)
{
	if (!a->has)
		return kr_xw_text(x, ws, r, c, kr_cell_text(&x->cells, cell), x->xf[KR_XF_CENTER][ed]);
	if (a->summed) {
		char p[KR_XW_CELL], q[KR_XW_CELL];
		const char *f = kr_sprintf(x->arena, "=SUM(%s:%s)", kr_xw_cell(p, r1, c),
					   kr_xw_cell(q, r2, c));
		return kr_xw_formula(x, ws, r, c, f, x->xf[KR_XF_MONEY][0], true, kr_xw_money(x, a->v));
	}
	return kr_xw_ok(x, worksheet_write_number(ws, r, c, kr_xw_money(x, a->v), x->xf[KR_XF_MONEY][ed]));
}

/* The committee's or a policy's part: the choice (a dropdown, so the value as the scale has it)
 * or the text under it; the committee's prompt, grey, when it has given neither. */
static const char *split_part(kr_xw *x, const pcol *c, const kr_project *p, const kr_cell *cell,
			      lxw_format **f, bool ed)
{
	bool pol = c->tc->field == KR_FIELD_POLICY;
	if (c->part == PART_CHOICE)
		return pol ? (p->policy.set ? p->policy.choice.s : NULL)
			   : (p->committee.set ? p->committee.rating.s : NULL);
	if (cell->n == 1 && cell->blocks[0].lines[0].kind == KR_LINE_PROMPT) {
		/* The handout's prompt, in grey: the committee writes over it. */
		*f = x->xf[KR_XF_PROMPT][ed];
		return x->t->label[KR_LABEL_COMMITTEE_PROMPT];
	}
	return kr_cell_body_text(&x->cells, cell);
}

/* The text column i shows for p and its format, or NULL for an amount or a rate (other_cell). */
static const char *cell_text(kr_xw *x, const layout *L, size_t i, const kr_project *p,
			     lxw_format **fmt)
{
	const pcol *c = &L->cols[i];
	kr_cell cell = kr_cell_of(&x->cells, p, c->tc);
	const char *s = kr_cell_text(&x->cells, &cell);
	lxw_format *f = x->xf[KR_XF_TEXT][0];
	bool ed = kr_xw_editable(x, p); /* input: always, or in the row's department's workbook */
	switch (c->tc->field) {
	case KR_FIELD_NAME:
		f = x->xf[p->parent ? KR_XF_TEXT_SUB : KR_XF_TEXT][0];
		break;
	case KR_FIELD_NUMBER:
	case KR_FIELD_CODE:
	case KR_FIELD_STATUS:
		f = x->xf[KR_XF_CENTER][0];
		break;
	case KR_FIELD_COST:
	case KR_FIELD_GRANT:
	case KR_FIELD_GRANT_RATIO:
		return NULL;
	case KR_FIELD_POLICY:
	case KR_FIELD_COMMITTEE:
		f = x->xf[KR_XF_TEXT][ed];
		s = split_part(x, c, p, &cell, &f, ed);
		break;
	case KR_FIELD_OVERVIEW:
	case KR_FIELD_RESULTS:
	case KR_FIELD_PLANS:
	case KR_FIELD_RATING:
	case KR_FIELD_EXTRA:
		f = x->xf[KR_XF_TEXT][ed];
		break;
	default:
		break;
	}
	*fmt = f;
	return s ? s : "";
}

/* An amount (or its mark) or the 交付金充当率 formula in column i of row r. */
static bool other_cell(kr_xw *x, lxw_worksheet *ws, const layout *L, lxw_row_t r, size_t i,
		       const kr_project *p, lxw_row_t sub1, lxw_row_t sub2)
{
	const pcol *c = &L->cols[i];
	lxw_col_t col = (lxw_col_t)i;
	kr_cell cell = kr_cell_of(&x->cells, p, c->tc);
	bool ed = kr_xw_editable(x, p);
	if (c->tc->field == KR_FIELD_COST)
		return money_cell(x, ws, r, col, &cell, &p->cost_total, sub1, sub2, ed);
	if (c->tc->field == KR_FIELD_GRANT) {
		kr_amount own = {p->grant.set, false, p->grant.v};
		return money_cell(x, ws, r, col, &cell, &own, 0, 0, ed);
	}
	if (L->c_cost < 0 || L->c_grant < 0)
		return kr_xw_text(x, ws, r, col, NULL, x->xf[KR_XF_PCT][0]);
	char g[KR_XW_CELL], k[KR_XW_CELL];
	kr_xw_cell(g, r, (lxw_col_t)L->c_grant);
	kr_xw_cell(k, r, (lxw_col_t)L->c_cost);
	const char *fm = kr_sprintf(x->arena,
				    "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s>0,%s/%s,\"\"),\"\")",
				    g, k, k, g, k);
	return kr_xw_formula(x, ws, r, col, fm, x->xf[KR_XF_PCT][0], p->grant_ratio.has,
			     p->grant_ratio.ratio);
}

/* The helper cells: level, programme and what the totals count for a top-level row (its own
 * amount, or its subprojects' sum when it has none; empty when neither gives one); nothing for
 * subprojects. */
static bool helpers(kr_xw *x, lxw_worksheet *ws, const layout *L, lxw_row_t r,
		    const kr_project *p, lxw_row_t sub1, lxw_row_t sub2)
{
	lxw_format *n = x->xf[KR_XF_MONEY][0];
	if (!kr_xw_ok(x, worksheet_write_number(ws, r, L->helper + H_LEVEL, p->parent ? 2 : 1, n)) ||
	    !kr_xw_text(x, ws, r, L->helper + H_PROGRAM, p->parent ? NULL : p->grant_program.s,
			x->xf[KR_XF_TEXT][0]))
		return false;
	int cols[2] = {L->c_cost, L->c_grant};
	for (int k = 0; k < 2; k++) {
		lxw_col_t hc = L->helper + (lxw_col_t)(H_COST + k);
		if (cols[k] < 0 || p->parent) {
			if (!kr_xw_formula_str(x, ws, r, hc, "=\"\"", n, ""))
				return false;
			continue;
		}
		char own[KR_XW_CELL], a[KR_XW_CELL], b[KR_XW_CELL];
		kr_xw_cell(own, r, (lxw_col_t)cols[k]);
		const char *f;
		if (p->n_subprojects) {
			kr_xw_cell(a, sub1, (lxw_col_t)cols[k]);
			kr_xw_cell(b, sub2, (lxw_col_t)cols[k]);
			f = kr_sprintf(x->arena, "=IF(ISNUMBER(%s),%s,IF(COUNT(%s:%s)=0,\"\",SUM(%s:%s)))",
				       own, own, a, b, a, b);
		} else {
			f = kr_sprintf(x->arena, "=IF(ISNUMBER(%s),%s,\"\")", own, own);
		}
		const kr_amount *v = k == 0 ? &p->cost_total : &p->grant_total;
		if (!kr_xw_formula(x, ws, r, hc, f, n, v->has, kr_xw_money(x, v->v)))
			return false;
	}
	return true;
}

/* A row planned before it is written.  A row whose text would be taller than a row can be (or
 * a printed page holds) goes on in continuation rows: each tall cell is cut into parts, part j
 * on the row's j-th sheet row, with the name and （続き） in the name column (docs/workbook.md). */
typedef struct {
	const char *s;       /* the cell's text, NULL for an amount or a rate */
	lxw_format *f;
	kr_xw_part *parts;   /* NULL: the text whole on the first row */
	size_t n_parts;
} ccell;

typedef struct {
	const kr_project *p;
	ccell *cells;
	double *height;      /* per sheet row */
	size_t rows;
} rplan;

static const char *cont_label(kr_xw *x, const kr_project *p)
{
	return kr_sprintf(x->arena, "%s%s", p->name.s ? p->name.s : "",
			  x->t->label[KR_LABEL_CONTINUED]);
}

static void plan_row(kr_xw *x, const layout *L, const kr_project *p, rplan *rp)
{
	double max = kr_xw_row_max(x, L->head_h);
	rp->p = p;
	rp->cells = kr_alloc_array(x->arena, L->n, sizeof *rp->cells);
	rp->rows = 1;
	kr_xw_row whole;
	kr_xw_row_init(x, &whole);
	for (size_t i = 0; i < L->n; i++) {
		ccell *c = &rp->cells[i];
		c->s = cell_text(x, L, i, p, &c->f);
		kr_xw_row h;
		kr_xw_row_init(x, &h);
		kr_xw_row_fit(x, &h, c->s, L->cols[i].width);
		if (h.height > max) {
			c->n_parts = kr_xw_split(x, c->s, L->cols[i].width, kr_xw_lines_in(x, max),
						 &c->parts);
			rp->rows = c->n_parts > rp->rows ? c->n_parts : rp->rows;
		} else if (h.height > whole.height) {
			whole.height = h.height;
		}
	}
	rp->height = kr_alloc_array(x->arena, rp->rows, sizeof *rp->height);
	for (size_t j = 0; j < rp->rows; j++) {
		kr_xw_row h;
		kr_xw_row_init(x, &h);
		if (j == 0)
			h = whole;
		else if (L->c_name >= 0)
			kr_xw_row_fit(x, &h, cont_label(x, p), L->cols[L->c_name].width);
		for (size_t i = 0; i < L->n; i++)
			if (j < rp->cells[i].n_parts)
				kr_xw_row_fit(x, &h, rp->cells[i].parts[j].text, L->cols[i].width);
		rp->height[j] = h.height;
	}
}

/* Sheet row j > 0 of a planned row: the parts that go on there, the label, the key. */
static bool cont_row(kr_xw *x, lxw_worksheet *ws, const layout *L, lxw_row_t r,
		     const rplan *rp, size_t j)
{
	const char *key = kr_sprintf(x->arena, "%s#%zu", kr_xw_key(x, rp->p, -1), j + 1);
	for (size_t i = 0; i < L->n; i++) {
		const ccell *c = &rp->cells[i];
		const char *s = NULL;
		lxw_format *f = x->xf[KR_XF_TEXT][0];
		if (j < c->n_parts)
			s = c->parts[j].text, f = c->f;
		else if ((int)i == L->c_name)
			s = cont_label(x, rp->p), f = x->xf[KR_XF_PROMPT][0];
		if (!kr_xw_text(x, ws, r, (lxw_col_t)i, s, f))
			return false;
	}
	return kr_xw_text(x, ws, r, L->helper + H_KEY, key, x->xf[KR_XF_TEXT][0]) &&
	       kr_xw_row_set(x, ws, r, &(kr_xw_row){rp->height[j]});
}

/* Writes a planned row from sheet row r (sub1..sub2: its subprojects' rows). */
static bool project_row(kr_xw *x, lxw_worksheet *ws, const layout *L, lxw_row_t r,
			const rplan *rp, lxw_row_t sub1, lxw_row_t sub2)
{
	const kr_project *p = rp->p;
	for (size_t i = 0; i < L->n; i++) {
		const ccell *c = &rp->cells[i];
		const pcol *pc = &L->cols[i];
		bool ok = c->s ? kr_xw_text(x, ws, r, (lxw_col_t)i, c->parts ? c->parts[0].text : c->s,
					    c->f)
			       : other_cell(x, ws, L, r, i, p, sub1, sub2);
		size_t noted = x->n_ident;
		if (!ok)
			return false;
		kr_xw_ident_project(x, x->t->sheet_projects, r, (lxw_col_t)i, p, (int)pc->tc->field,
				    (int)pc->part, pc->tc->extra_key, c->s, p->cost_total.summed);
		for (size_t j = 1; j < c->n_parts && x->n_ident > noted; j++)
			kr_xw_ident_part(x, r + (lxw_row_t)j, (lxw_col_t)i, j + 1, c->parts[j].item);
	}
	if (!helpers(x, ws, L, r, p, sub1, sub2) ||
	    !kr_xw_text(x, ws, r, L->helper + H_KEY, kr_xw_key(x, p, -1), x->xf[KR_XF_TEXT][0]) ||
	    !kr_xw_row_set(x, ws, r, &(kr_xw_row){rp->height[0]}))
		return false;
	for (size_t j = 1; j < rp->rows; j++)
		if (!cont_row(x, ws, L, r + (lxw_row_t)j, rp, j))
			return false;
	return true;
}

/* ------------------------------------------------------------------------------------------ */
/* Totals and notes */

static bool total_row(kr_xw *x, lxw_worksheet *ws, const layout *L, lxw_row_t r,
		      const kr_total *t)
{
	kr_xw_row h;
	kr_xw_row_init(x, &h);
	const char *tl = x->t->label[KR_LABEL_TOTAL];
	const char *label = t->program ? kr_sprintf(x->arena, "%s\n（%s）", tl, t->program) : tl;
	for (size_t i = 0; i < L->n; i++)
		if (!kr_xw_text(x, ws, r, (lxw_col_t)i, NULL, x->total_text))
			return false;
	lxw_col_t lc = L->c_name >= 0 ? (lxw_col_t)L->c_name : 0;
	kr_xw_row_fit(x, &h, label, L->cols[lc].width);
	if (!kr_xw_text(x, ws, r, lc, label, x->total_text) ||
	    !kr_xw_text(x, ws, r, L->helper + H_PROGRAM, t->program, x->xf[KR_XF_TEXT][0]))
		return false;
	int cols[2] = {L->c_cost, L->c_grant};
	int64_t vals[2] = {t->cost, t->grant};
	bool has[2] = {t->has_cost, t->has_grant};
	const char *marks[2] = {x->t->mark_none, x->t->mark_no_grant};
	char p1[KR_XW_CELL], p2[KR_XW_CELL], me[KR_XW_CELL], v1[KR_XW_CELL], v2[KR_XW_CELL];
	kr_xw_cell_abs(p1, L->first, L->helper + H_PROGRAM);
	kr_xw_cell_abs(p2, L->last, L->helper + H_PROGRAM);
	kr_xw_cell_abs(me, r, L->helper + H_PROGRAM);
	for (int k = 0; k < 2; k++) {
		if (cols[k] < 0)
			continue;
		kr_xw_cell_abs(v1, L->first, L->helper + (lxw_col_t)(H_COST + k));
		kr_xw_cell_abs(v2, L->last, L->helper + (lxw_col_t)(H_COST + k));
		/* The overall total follows the autofilter (SUBTOTAL 109); a programme's total
		 * compares names exactly (SUMPRODUCT, not SUMIF, whose criteria treat * and ? as
		 * wildcards).  With no amount to add, the mark the rows show, as the rows do. */
		const char *mark = kr_xw_quoted(x, marks[k], '"');
		const char *f =
			t->program
				? kr_sprintf(x->arena,
					     "=IF(SUMPRODUCT(--(%s:%s=%s),--ISNUMBER(%s:%s))=0,%s,"
					     "SUMPRODUCT(--(%s:%s=%s),%s:%s))",
					     p1, p2, me, v1, v2, mark, p1, p2, me, v1, v2)
				: kr_sprintf(x->arena, "=IF(COUNT(%s:%s)=0,%s,SUBTOTAL(109,%s:%s))", v1, v2,
					     mark, v1, v2);
		bool ok = has[k] ? kr_xw_formula(x, ws, r, (lxw_col_t)cols[k], f, x->total_money, true,
						  kr_xw_money(x, vals[k]))
				 : kr_xw_formula_str(x, ws, r, (lxw_col_t)cols[k], f, x->total_text,
						     marks[k]);
		if (!ok)
			return false;
	}
	for (size_t i = 0; i < L->n; i++) {
		if (L->cols[i].tc->field != KR_FIELD_GRANT_RATIO || L->c_cost < 0 || L->c_grant < 0)
			continue;
		char g[KR_XW_CELL], c[KR_XW_CELL];
		kr_xw_cell(g, r, (lxw_col_t)L->c_grant);
		kr_xw_cell(c, r, (lxw_col_t)L->c_cost);
		const char *f = kr_sprintf(x->arena, "=IF(AND(ISNUMBER(%s),N(%s)>0),%s/%s,\"\")", g, c,
					   g, c);
		bool live = t->has_grant && t->cost > 0;
		if (!kr_xw_formula(x, ws, r, (lxw_col_t)i, f, x->total_pct, live,
				   live ? (double)t->grant / (double)t->cost : 0))
			return false;
	}
	return kr_xw_row_set(x, ws, r, &h);
}

static bool notes(kr_xw *x, lxw_worksheet *ws, const layout *L, lxw_row_t r)
{
	const kr_texts *n = &x->doc->notes;
	if (n->n == 0)
		return true;
	double width = 0;
	for (size_t i = 0; i < L->n; i++)
		width += L->cols[i].width;
	if (*x->t->label[KR_LABEL_NOTES] &&
	    !kr_xw_text(x, ws, r++, 0, x->t->label[KR_LABEL_NOTES], x->subtitle))
		return false;
	for (size_t i = 0; i < n->n; i++, r++) {
		if (!n->items[i].s)
			continue;
		kr_cline note = kr_cells_note(&x->cells, i);
		const char *s = kr_cline_text(&x->cells, &note);
		/* One merged cell across the table, so that a long note wraps instead of running
		 * off the page. */
		kr_xw_row h;
		kr_xw_row_init(x, &h);
		kr_xw_row_fit(x, &h, s, width);
		lxw_error e = L->n > 1 ? worksheet_merge_range(ws, r, 0, r, (lxw_col_t)(L->n - 1), s,
							       x->subtitle)
				       : worksheet_write_string(ws, r, 0, s, x->subtitle);
		if (!kr_xw_ok(x, e) || !kr_xw_row_set(x, ws, r, &h))
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------------------------------ */

static bool columns_and_rules(kr_xw *x, lxw_worksheet *ws, const layout *L)
{
	lxw_row_col_options hide = {.hidden = 1};
	for (size_t i = 0; i < L->n; i++)
		if (!kr_xw_ok(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, L->cols[i].width,
						      NULL)))
			return false;
	if (!kr_xw_ok(x, worksheet_set_column_opt(ws, L->helper, L->helper + H_COUNT - 1, 10, NULL,
						  &hide)))
		return false;
	for (size_t i = 0; i < L->n; i++) {
		enum kr_field f = L->cols[i].tc->field;
		const char *list = NULL, *what = NULL;
		if (f == KR_FIELD_RATING)
			list = x->list_ratings, what = "事業効果の評価";
		else if (f == KR_FIELD_POLICY && L->cols[i].part == PART_CHOICE)
			list = x->list_policies, what = "今後の方針";
		else if (f == KR_FIELD_COMMITTEE && L->cols[i].part == PART_CHOICE)
			list = x->list_committee, what = "委員会の評価";
		if (!kr_xw_dropdown(x, ws, L->first, L->last, (lxw_col_t)i, list, what))
			return false;
	}
	return kr_xw_ok(x, worksheet_autofilter(ws, L->head1, 0, L->last, (lxw_col_t)(L->n - 1)));
}

bool kr_xw_projects_sheet(kr_xw *x, lxw_worksheet *ws)
{
	const kr_doc *d = x->doc;
	layout L = {0};
	if (!plan_columns(x, &L) || !kr_xw_title_block(x, ws) || !header(x, ws, &L))
		return false;
	lxw_row_t r = L.first;
	for (size_t i = 0; i < d->n_projects; i++) {
		/* The project and its subprojects planned first: its SUM covers their rows. */
		const kr_project *p = &d->projects[i];
		rplan *rp = kr_alloc_array(x->arena, p->n_subprojects + 1, sizeof *rp);
		lxw_row_t rows = 0;
		for (size_t s = 0; s <= p->n_subprojects; s++) {
			plan_row(x, &L, s ? &p->subprojects[s - 1] : p, &rp[s]);
			rows += s ? (lxw_row_t)rp[s].rows : 0;
		}
		lxw_row_t s1 = r + (lxw_row_t)rp[0].rows, s2 = s1 + rows - 1;
		for (size_t s = 0; s <= p->n_subprojects; s++) {
			if (!project_row(x, ws, &L, r, &rp[s], s ? 0 : s1, s ? 0 : s2))
				return false;
			r += (lxw_row_t)rp[s].rows;
		}
	}
	L.last = r - 1;
	if (L.c_cost >= 0 || L.c_grant >= 0) {
		/* Programme totals only when they say more than the overall total. */
		size_t programs = d->n_totals ? d->n_totals - 1 : 0;
		bool show_programs = programs > 1 || (programs == 1 && d->totals[0].n_projects <
									   d->totals[d->n_totals - 1].n_projects);
		for (size_t i = 0; i < d->n_totals; i++) {
			if (d->totals[i].program && !show_programs)
				continue;
			if (!total_row(x, ws, &L, r++, &d->totals[i]))
				return false;
		}
	}
	if (!notes(x, ws, &L, r + 1) || !columns_and_rules(x, ws, &L))
		return false;
	lxw_col_t fc = L.c_name >= 0 && L.c_name < 3 ? (lxw_col_t)(L.c_name + 1) : 0;
	worksheet_freeze_panes(ws, L.first, fc);
	kr_xw_protect(x, ws);
	return kr_xw_page_setup(x, ws, L.head0, L.head1, false);
}

/* The workbook's merge identity (docs/merge.md): a hidden, protected sheet that records which
 * handout the workbook was made from and, for every cell the merge reads or checks, its row key,
 * its YAML field and the value it was exported with; and a hidden key column on each data sheet
 * holding every row's key, so a moved row is still found. */
#include <string.h>

#include "xlsx.h"
#include "xlsx_read.h"

/* The identity sheet's layout: the header block, then one row per noted cell from ID_FIRST. */
#define ID_FORMAT "kpireport-merge"
#define ID_VERSION "2" /* 2: a text may continue on continuation rows (continues) */
#define ID_HEAD 8 /* 0-based row of the column labels */

const char *kr_xw_key(kr_xw *x, const kr_project *p, long kpi)
{
	const kr_project *top = p->parent ? p->parent : p;
	size_t i = (size_t)(top - x->doc->projects) + 1;
	const char *k = p->parent ? kr_sprintf(x->arena, "p%zu.s%zu", i,
					      (size_t)(p - top->subprojects) + 1)
				  : kr_sprintf(x->arena, "p%zu", i);
	return kpi >= 0 ? kr_sprintf(x->arena, "%s.k%ld", k, kpi + 1) : k;
}

const char *kr_department_of(const kr_project *p)
{
	return p->department.s ? p->department.s : p->parent ? p->parent->department.s : NULL;
}

bool kr_xw_editable(const kr_xw *x, const kr_project *p)
{
	const char *d = x->rc->department, *mine = kr_department_of(p);
	return !d || (mine && strcmp(d, mine) == 0);
}

void kr_xw_ident_add(kr_xw *x, const kr_xw_ident *id)
{
	x->ident = kr_grow(x->arena, x->ident, x->n_ident, &x->cap_ident, sizeof *x->ident, 256);
	x->ident[x->n_ident++] = *id;
}

/* The value of a money field as the merge compares it: whole yen, or "" when absent. */
static const char *money_base(kr_xw *x, const kr_money *m)
{
	return m->set ? kr_sprintf(x->arena, "%lld", (long long)m->v) : "";
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

void kr_xw_ident_part(kr_xw *x, lxw_row_t r, lxw_col_t c, size_t part, bool item)
{
	kr_xw_ident id = x->ident[x->n_ident - 1];
	const char *key = strchr(id.key, '#');
	id.key = kr_sprintf(x->arena, "%.*s#%zu", key ? (int)(key - id.key) : (int)strlen(id.key),
			    id.key, part);
	id.row = r, id.col = c, id.base = "", id.blank = NULL, id.cont = item ? "item" : "text";
	kr_xw_ident_add(x, &id);
}

void kr_xw_ident_project(kr_xw *x, const char *sheet, lxw_row_t r, lxw_col_t c,
			 const kr_project *p, int field, int part, const char *extra_key,
			 const char *shown, bool cost_formula)
{
	kr_xw_ident id = {.sheet = sheet, .row = r, .col = c, .key = kr_xw_key(x, p, -1),
			  .input = kr_xw_editable(x, p), .name = or_empty(p->name.s), .scale = 1};
	switch ((enum kr_field)field) {
	case KR_FIELD_NAME: /* locked: the merge checks the cell was left as it was */
	case KR_FIELD_NUMBER:
	case KR_FIELD_DEPARTMENT:
	case KR_FIELD_CODE:
	case KR_FIELD_STATUS:
	case KR_FIELD_GRANT_PROGRAM:
		id.field = field == KR_FIELD_NAME ? "name" : field == KR_FIELD_NUMBER ? "number"
			   : field == KR_FIELD_DEPARTMENT ? "department" : field == KR_FIELD_CODE
			   ? "code" : field == KR_FIELD_STATUS ? "status" : "grant_program";
		id.input = false;
		id.base = or_empty(shown);
		break;
	case KR_FIELD_COST:
	case KR_FIELD_GRANT: {
		if (cost_formula && field == KR_FIELD_COST)
			return; /* the subprojects' sum: a formula, not an input */
		const kr_money *m = field == KR_FIELD_COST ? &p->cost : &p->grant;
		id.scale = x->t->money_thousands ? 1000 : 1; /* the cell takes 千円 */
		id.field = field == KR_FIELD_COST ? "cost" : "grant";
		id.base = money_base(x, m);
		id.blank = m->set ? NULL : field == KR_FIELD_COST ? x->t->mark_none : x->t->mark_no_grant;
		break;
	}
	case KR_FIELD_OVERVIEW:
	case KR_FIELD_RESULTS:
	case KR_FIELD_PLANS:
		id.field = field == KR_FIELD_OVERVIEW ? "overview" : field == KR_FIELD_RESULTS
			   ? "results" : "plans";
		id.base = or_empty(kr_cells_texts(&x->cells, field == KR_FIELD_OVERVIEW ? &p->overview
						 : field == KR_FIELD_RESULTS ? &p->results : &p->plans,
						 true));
		break;
	case KR_FIELD_RATING:
		id.field = "rating";
		id.base = or_empty(p->rating.s);
		break;
	case KR_FIELD_POLICY:
		id.field = part == 1 ? "policy.choice" : "policy.reason";
		id.base = !p->policy.set ? "" : part == 1 ? or_empty(p->policy.choice.s)
					      : or_empty(kr_cells_texts(&x->cells, &p->policy.reason, true));
		break;
	case KR_FIELD_COMMITTEE:
		id.field = part == 1 ? "committee.rating" : "committee.comment";
		id.base = !p->committee.set ? "" : part == 1 ? or_empty(p->committee.rating.s)
						 : or_empty(kr_cells_texts(&x->cells, &p->committee.comment, true));
		if (part != 1 && !*id.base && shown && *shown)
			id.blank = shown; /* the prompt in grey */
		break;
	case KR_FIELD_EXTRA:
		id.field = kr_sprintf(x->arena, "extra.%s", or_empty(extra_key));
		id.base = or_empty(kr_cells_texts(&x->cells, kr_project_extra(p, extra_key), true));
		break;
	default:
		return; /* computed or derived: 交付金充当率, the KPI names */
	}
	kr_xw_ident_add(x, &id);
}

static bool put(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s)
{
	return kr_xw_text(x, ws, r, c, s, NULL);
}

bool kr_xw_ident_sheet(kr_xw *x, lxw_worksheet *ws)
{
	const kr_doc *d = x->doc;
	char cell[KR_XW_CELL];
	const char *dept = x->rc->department ? x->rc->department : "";
	const char *base = strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 : d->path;
	const char *head[][2] = {
		{ID_FORMAT, ID_VERSION},
		{"handout", base},
		{"title", or_empty(d->title.s)},
		{"fiscal_year", d->fiscal_year.set ? kr_sprintf(x->arena, "%lld", (long long)d->fiscal_year.v) : ""},
		{"department", dept},
	};
	for (lxw_row_t r = 0; r < sizeof head / sizeof head[0]; r++)
		if (!put(x, ws, r, 0, head[r][0]) || !put(x, ws, r, 1, head[r][1]))
			return false;
	/* Row 6: the key column of each data sheet. */
	if (!put(x, ws, 5, 0, "key_columns") || !put(x, ws, 5, 1, x->t->sheet_projects) ||
	    !put(x, ws, 5, 2, kr_xw_cell(cell, 0, x->key_col_projects)) ||
	    !put(x, ws, 5, 3, x->t->sheet_kpis) || !put(x, ws, 5, 4, kr_xw_cell(cell, 0, x->key_col_kpis)))
		return false;
	static const char *const labels[] = {"sheet", "cell",  "key",   "field",     "input",
					     "base",  "name",  "scale", "blank",     "base_hash",
					     "continues"};
	for (lxw_col_t c = 0; c < sizeof labels / sizeof labels[0]; c++)
		if (!put(x, ws, ID_HEAD, c, labels[c]))
			return false;
	/* Blank means "as the row above" for sheet, key and name, "locked" for input and 1 for
	 * scale; a long exported value is kept as its hash.  A 600-project workbook lists about
	 * 30 000 cells: every cell left out is time saved in every merge. */
	const kr_xw_ident *prev = NULL;
	for (size_t i = 0; i < x->n_ident; i++) {
		const kr_xw_ident *id = &x->ident[i];
		lxw_row_t r = ID_HEAD + 1 + (lxw_row_t)i;
		bool same_row = prev && strcmp(prev->key, id->key) == 0;
		bool whole = strlen(id->base) <= KR_XIDENT_WHOLE;
		char hash[17];
		if ((!(prev && strcmp(prev->sheet, id->sheet) == 0) && !put(x, ws, r, 0, id->sheet)) ||
		    !put(x, ws, r, 1, kr_xw_cell(cell, id->row, id->col)) ||
		    (!same_row && (!put(x, ws, r, 2, id->key) || !put(x, ws, r, 6, id->name))) ||
		    !put(x, ws, r, 3, id->field) || (id->input && !put(x, ws, r, 4, "1")) ||
		    (whole ? !put(x, ws, r, 5, id->base)
			   : !put(x, ws, r, 9, kr_xident_hash(id->base, hash))) ||
		    (id->scale != 1 && !put(x, ws, r, 7, kr_sprintf(x->arena, "%d", id->scale))) ||
		    !put(x, ws, r, 8, id->blank) || !put(x, ws, r, 10, id->cont))
			return false;
		prev = id;
	}
	worksheet_hide(ws);
	kr_xw_protect(x, ws);
	return kr_xw_page_setup(x, ws, 1, 0, false);
}

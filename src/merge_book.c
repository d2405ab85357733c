/* The merge's reading half: one returned workbook's identity sheet checked against the handout,
 * each noted input cell found (by its row key when rows moved), the cells of continuation rows
 * joined to the cell they go on from, and every cell handed to the comparison (merge.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "merge_int.h"
#include "xlsx_read.h"

static const char *text_at(const kr_xsheet *s, uint32_t r, uint32_t c)
{
	const kr_xcell *x = kr_xsheet_cell(s, r, c);
	return x && (x->type == KR_XC_STR || x->type == KR_XC_NUM) ? x->v : "";
}

static bool parse_cell(const char *ref, uint32_t *row, uint32_t *col)
{
	uint32_t c = 0, r = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z' && c <= 16384; p++)
		c = c * 26 + (uint32_t)(*p - 'A' + 1);
	for (; *p >= '0' && *p <= '9' && r <= 1048576; p++)
		r = r * 10 + (uint32_t)(*p - '0');
	if (*p || !c || !r || c > 16384 || r > 1048576)
		return false;
	*row = r - 1, *col = c - 1;
	return true;
}

/* The handout's own title and fiscal year, to compare with the workbook's. */
static const char *root_text(mctx *m, const char *key)
{
	const kr_node *n = kr_map_get(m->root, key);
	return n && n->type == KR_N_SCALAR ? n->s : "";
}

static bool check_identity(mctx *m, const char *wb, kr_xbook *b, const kr_xsheet **id)
{
	*id = kr_xbook_sheet(b, ID_SHEET, m->d);
	if (!*id) {
		if (!kr_diags_count(m->d, KR_D_WORKBOOK))
			kr_diag(m->d, wb, KR_NO_LOC, KR_D_FOREIGN,
				"this workbook was not made by kpireport build (it has no '%s' sheet); "
				"merge only workbooks that kpireport wrote", ID_SHEET);
		return false;
	}
	if (strcmp(text_at(*id, 0, 0), ID_FORMAT) != 0) {
		kr_diag(m->d, wb, KR_NO_LOC, KR_D_FOREIGN,
			"the '%s' sheet of this workbook is not a kpireport identity sheet", ID_SHEET);
		return false;
	}
	if (strcmp(text_at(*id, 0, 1), ID_VERSION) != 0 && strcmp(text_at(*id, 0, 1), "1") != 0) {
		kr_diag(m->d, wb, KR_NO_LOC, KR_D_FOREIGN,
			"this workbook was made by a newer kpireport (identity format %s); merge it "
			"with that version", text_at(*id, 0, 1));
		return false;
	}
	const char *title = text_at(*id, 2, 1), *fy = text_at(*id, 3, 1);
	if (strcmp(title, root_text(m, "title")) != 0 || strcmp(fy, root_text(m, "fiscal_year")) != 0) {
		kr_diag(m->d, wb, KR_NO_LOC, KR_D_FOREIGN,
			"this workbook was made from another handout, 「%s」 (fiscal year %s, file %s), "
			"not from 「%s」 (fiscal year %s); merge it into its own handout",
			title, fy, text_at(*id, 1, 1), root_text(m, "title"), root_text(m, "fiscal_year"));
		return false;
	}
	return true;
}

/* A sheet's key column, sorted by key: rows found by key when they moved. */
typedef struct {
	const kr_xsheet *s;
	const kr_xcell **cells;
	size_t n;
} keyindex;

static int cmp_key_cell(const void *a, const void *b)
{
	return strcmp((*(const kr_xcell *const *)a)->v, (*(const kr_xcell *const *)b)->v);
}

/* The row a key is on: where the identity sheet says, or wherever the key column has it. */
static bool find_row(mctx *m, keyindex *ix, const kr_xsheet *s, uint32_t keycol, const char *key,
		     uint32_t *row)
{
	const kr_xcell *c = kr_xsheet_cell(s, *row, keycol);
	if (c && c->type == KR_XC_STR && strcmp(c->v, key) == 0)
		return true;
	if (ix->s != s) { /* built once per sheet, on the first row that moved */
		ix->s = s, ix->n = 0;
		ix->cells = kr_alloc_array(m->a, s->n ? s->n : 1, sizeof *ix->cells);
		for (size_t i = 0; i < s->n; i++)
			if (s->cells[i].col == keycol && s->cells[i].type == KR_XC_STR)
				ix->cells[ix->n++] = &s->cells[i];
		qsort(ix->cells, ix->n, sizeof *ix->cells, cmp_key_cell);
	}
	kr_xcell want = {.v = key};
	const kr_xcell *pw = &want;
	const kr_xcell **hit = ix->n ? bsearch(&pw, ix->cells, ix->n, sizeof *ix->cells, cmp_key_cell)
				     : NULL;
	if (!hit)
		return false;
	*row = (*hit)->row;
	return true;
}

/* A cell read but not merged yet: a text field may go on in the cells of continuation rows
 * (identity rows with `continues`), which are joined to it first. */
typedef struct {
	entry e;
	const kr_xcell *cell;
	const kr_xsheet *s;
	keyindex *ix;
	uint32_t kc;
	const char *joined; /* NULL until a part is added */
	bool waiting, lost;
} pending;

static void flush(mctx *m, pending *p)
{
	if (p->waiting && !p->lost) {
		kr_xcell j = {.type = KR_XC_STR, .v = p->joined};
		if (p->cell)
			j.row = p->cell->row, j.col = p->cell->col;
		kr_merge_cell(m, &p->e, p->joined ? &j : p->cell);
	}
	p->waiting = false;
}

/* A part's text as it stands in its cell (a number or a date as read_text reads it), or NULL
 * after an error. */
static const char *part_text(mctx *m, const entry *e, const kr_xcell *c)
{
	return !c ? "" : c->type == KR_XC_STR ? c->v : kr_merge_read_text(m, e, c);
}

/* Joins the cell of identity row r, a continuation of p's field, to p; false when the identity
 * row is not one (the sheet is damaged). */
static bool add_part(mctx *m, pending *p, const kr_xsheet *id, uint32_t r)
{
	if (!p->waiting || p->lost)
		return true;
	const char *key = text_at(id, r, C_KEY), *cont = text_at(id, r, C_CONT);
	size_t klen = strlen(p->e.key);
	if (strcmp(text_at(id, r, C_FIELD), p->e.field) != 0 || strncmp(key, p->e.key, klen) != 0 ||
	    key[klen] != '#' || (strcmp(cont, "item") != 0 && strcmp(cont, "text") != 0))
		return false;
	uint32_t cr, cc;
	if (!parse_cell(text_at(id, r, C_CELL), &cr, &cc) ||
	    (p->ix && !find_row(m, p->ix, p->s, p->kc, key, &cr))) {
		kr_diag(m->d, m->yaml, p->e.row->loc, KR_D_STALE,
			"%s: a continuation row of 「%s」 is missing from the sheet '%s' (deleted?); "
			"its '%s' cannot be read whole", p->e.wb, p->e.name, p->e.sheet, p->e.field);
		p->lost = true;
		return true;
	}
	const char *first = p->joined ? p->joined : part_text(m, &p->e, p->cell);
	const char *part = first ? part_text(m, &p->e, kr_xsheet_cell(p->s, cr, cc)) : NULL;
	if (!part) {
		p->lost = true; /* an error cell, reported */
		return true;
	}
	p->joined = kr_sprintf(m->a, "%s%s%s", first, strcmp(cont, "item") == 0 ? "\n" : "", part);
	return true;
}

/* Yen per unit of a money cell: 1, or 1000 for 千円 (0: not a scale kpireport writes). */
static int scale_of_text(const char *s)
{
	return !*s || strcmp(s, "1") == 0 ? 1 : strcmp(s, "1000") == 0 ? 1000 : 0;
}

void kr_merge_workbook(mctx *m, const char *path)
{
	const char *wb = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	kr_xbook *b = kr_xbook_open(path, m->d);
	const kr_xsheet *id;
	if (!b || !check_identity(m, path, b, &id)) {
		kr_xbook_free(b);
		return;
	}
	/* Row 6: sheet, key column, sheet, key column. */
	const char *ksheet[2] = {text_at(id, 5, 1), text_at(id, 5, 3)};
	uint32_t kcol[2] = {0, 0}, dummy;
	for (int i = 0; i < 2; i++)
		if (!parse_cell(text_at(id, 5, (uint32_t)(2 + 2 * i)), &dummy, &kcol[i]))
			kcol[i] = UINT32_MAX;
	const char *last_key = NULL, *sheet = "", *key = "", *name = "";
	keyindex index[2] = {{0}};
	entry row = {0};
	bool row_ok = false;
	pending pend = {0};
	for (uint32_t r = ID_FIRST;; r++) {
		/* Blank sheet, key and name cells repeat the row above. */
		const char *cell = text_at(id, r, C_CELL);
		if (!*cell)
			break;
		if (*text_at(id, r, C_CONT) && r > ID_FIRST && add_part(m, &pend, id, r))
			continue; /* the field of the row before went on here */
		flush(m, &pend);
		if (*text_at(id, r, C_SHEET))
			sheet = text_at(id, r, C_SHEET);
		if (*text_at(id, r, C_KEY))
			key = text_at(id, r, C_KEY), name = text_at(id, r, C_NAME);
		/* Copied out of the workbook, which is freed before the changes are written. */
		kr_arena *a = m->a;
		entry e = {.sheet = sheet, .cell = kr_strdup(a, cell), .key = kr_strdup(a, key),
			   .field = kr_strdup(a, text_at(id, r, C_FIELD)),
			   .base = kr_mread_text(a, text_at(id, r, C_BASE)),
			   .hash = kr_strdup(a, text_at(id, r, C_HASH)), .name = kr_strdup(a, name),
			   .blank = kr_strdup(a, text_at(id, r, C_BLANK)),
			   .input = strcmp(text_at(id, r, C_INPUT), "1") == 0,
			   .scale = scale_of_text(text_at(id, r, C_SCALE)),
			   .wb = kr_strdup(a, wb)};
		uint32_t cr, cc;
		if (!parse_cell(e.cell, &cr, &cc) || !*e.field || e.scale < 1 || *text_at(id, r, C_CONT)) {
			kr_diag(m->d, path, KR_NO_LOC, KR_D_FOREIGN,
				"the identity sheet is damaged at its row %u; make a new workbook", r + 1);
			break;
		}
		const kr_xsheet *s = kr_xbook_sheet(b, sheet, m->d);
		if (!s) {
			if (!kr_diags_count(m->d, KR_D_WORKBOOK))
				kr_diag(m->d, path, KR_NO_LOC, KR_D_STALE,
					"the sheet '%s' is missing from the workbook; its values cannot be "
					"read", sheet);
			break;
		}
		if (!last_key || strcmp(last_key, e.key) != 0) {
			last_key = e.key;
			row = e;
			row_ok = kr_merge_resolve_row(m, &row);
			if (!row_ok)
				kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_STALE,
					"%s %s!%s: the row of 「%s」 matches no project or KPI of the handout "
					"any more (removed or renamed since the workbook was made); make a new "
					"workbook or enter its values by hand", wb, sheet, e.cell, e.name);
			row.rowpath = "";
			for (size_t i = 0; i < row.n; i++)
				if (!row.path[i].key)
					row.rowpath = kr_sprintf(m->a, "%s/%zu", row.rowpath, row.path[i].index);
		}
		if (!row_ok)
			continue;
		e.row = row.row, e.n = row.n, e.row_schema = row.row_schema, e.rowpath = row.rowpath;
		memcpy(e.path, row.path, sizeof e.path);
		memcpy(e.schemas, row.schemas, sizeof e.schemas);
		/* A moved row is found by its key in the sheet's key column. */
		int ki = strcmp(sheet, ksheet[0]) == 0 ? 0 : strcmp(sheet, ksheet[1]) == 0 ? 1 : -1;
		uint32_t kc = ki < 0 ? UINT32_MAX : kcol[ki];
		keyindex *ix = kc == UINT32_MAX ? NULL : &index[ki]; /* no key column: the noted row */
		if (ix && !find_row(m, ix, s, kc, e.key, &cr)) {
			kr_diag(m->d, m->yaml, e.row->loc, KR_D_STALE,
				"%s: the row of 「%s」 is missing from the sheet '%s' (deleted?); its values "
				"cannot be read", wb, e.name, sheet);
			continue;
		}
		char ref[16];
		e.sheet = kr_strdup(m->a, sheet);
		e.ref = kr_sprintf(m->a, "%s!%s", sheet, kr_xcell_name(ref, cr, cc));
		pend = (pending){.e = e, .cell = kr_xsheet_cell(s, cr, cc), .s = s, .ix = ix, .kc = kc,
				 .waiting = true};
	}
	flush(m, &pend);
	kr_xbook_free(b);
}

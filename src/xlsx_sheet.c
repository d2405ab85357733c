/* The xlsx reader's sheets: a sheet's cells, read on first use, sorted for lookup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_read_int.h"

typedef struct {
	kr_xsheet *sh;
	size_t cap;
	bool in_data, in_cell, in_is;
	unsigned rph;
	long row, col;             /* current (0-based); -1 before the first */
	enum { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D } t; /* the cell's t= */
	long style;
	bool formula, has_v;
	const char *v;
	char *is_acc;
	size_t is_len;
} cstate;

/* "AB12" -> row 11, col 27; false when it is not a cell reference. */
static bool parse_ref(const char *r, long *row, long *col)
{
	long c = 0, n = 0;
	const char *p = r;
	for (; *p >= 'A' && *p <= 'Z'; p++)
		if ((c = c * 26 + (*p - 'A' + 1)) > 16384)
			return false;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((n = n * 10 + (*p - '0')) > 1048576)
			return false;
	if (*p || !c || !n)
		return false;
	*row = n - 1, *col = c - 1;
	return true;
}

static void cell_start(pctx *c, const char *name, const char **attrs)
{
	cstate *s = c->state;
	if (strcmp(name, "sheetData") == 0) {
		s->in_data = true;
	} else if (!s->in_data) {
		return;
	} else if (strcmp(name, "row") == 0) {
		const char *r = kr_xr_attr(attrs, "r");
		long n = r ? strtol(r, NULL, 10) - 1 : s->row + 1;
		if (n < 0 || n <= s->row || n >= (long)KR_XR_MAX_ROWS) {
			if (n >= (long)KR_XR_MAX_ROWS)
				kr_xr_stop(c, "the part %s cannot be read: more than %u rows in the sheet", c->part, KR_XR_MAX_ROWS);
			else
				kr_xr_stop(c, "the part %s cannot be read: rows out of order", c->part);
			return;
		}
		s->row = n, s->col = -1;
	} else if (strcmp(name, "c") == 0) {
		const char *r = kr_xr_attr(attrs, "r"), *st = kr_xr_attr(attrs, "s");
		long row = s->row, col = s->col + 1;
		if (r && !parse_ref(r, &row, &col)) {
			kr_xr_stop(c, "the part %s cannot be read: a cell reference '%.20s' that is not a cell", c->part, r);
			return;
		}
		if (row >= (long)KR_XR_MAX_ROWS || row < 0 || col > 16383) {
			kr_xr_stop(c, "the part %s cannot be read: a cell outside the sheet", c->part);
			return;
		}
		s->row = row, s->col = col;
		s->in_cell = true;
		const char *t = kr_xr_attr(attrs, "t");
		s->t = !t ? T_N : strcmp(t, "s") == 0 ? T_S : strcmp(t, "str") == 0 ? T_STR
		       : strcmp(t, "inlineStr") == 0 ? T_INLINE : strcmp(t, "b") == 0 ? T_B
		       : strcmp(t, "e") == 0 ? T_E : strcmp(t, "d") == 0 ? T_D : T_N;
		s->style = st ? strtol(st, NULL, 10) : 0;
		s->formula = s->has_v = false;
		s->v = NULL;
		s->is_len = 0;
	} else if (!s->in_cell) {
		return;
	} else if (strcmp(name, "v") == 0) {
		kr_xr_collect(c);
	} else if (strcmp(name, "f") == 0) {
		s->formula = true;
	} else if (strcmp(name, "is") == 0) {
		s->in_is = true;
	} else if (strcmp(name, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(name, "t") == 0 && s->in_is && !s->rph) {
		kr_xr_collect(c);
	}
}

static void add_cell(pctx *c, cstate *s, enum kr_xtype type, const char *v)
{
	kr_xbook *b = c->b;
	if (++b->cells > KR_XR_MAX_CELLS) {
		kr_xr_stop(c, "the part %s cannot be read: more than %u cells", c->part, KR_XR_MAX_CELLS);
		return;
	}
	kr_xsheet *sh = s->sh;
	if (sh->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		sh->cells = realloc(sh->cells, s->cap * sizeof *sh->cells);
		if (!sh->cells)
			kr_oom();
	}
	bool date = type == KR_XC_NUM && s->style >= 0 && (size_t)s->style < b->n_xf &&
		    b->xf_date[s->style];
	sh->cells[sh->n++] = (kr_xcell){(uint32_t)s->row, (uint32_t)s->col, type, v, date,
					s->formula};
}

static void finish_cell(pctx *c, cstate *s)
{
	kr_xbook *b = c->b;
	s->in_cell = false;
	if (s->t == T_INLINE) {
		add_cell(c, s, KR_XC_STR, s->is_len ? s->is_acc : "");
		return;
	}
	if (!s->has_v || !s->v[0]) {
		/* openpyxl drops formula results (<v></v>): the cell counts as empty. */
		if (s->formula || s->style)
			add_cell(c, s, KR_XC_EMPTY, "");
		return;
	}
	switch (s->t) {
	case T_S: {
		char *end;
		unsigned long i = strtoul(s->v, &end, 10);
		if (*end || i >= b->n_strings) {
			kr_xr_stop(c, "the part %s cannot be read: a cell refers to shared string %.20s, which does not exist", c->part, s->v);
			return;
		}
		add_cell(c, s, KR_XC_STR, b->strings[i]);
		break;
	}
	case T_STR:
	case T_D: /* an ISO 8601 date, kept as written */
		add_cell(c, s, KR_XC_STR, s->v);
		break;
	case T_B:
		add_cell(c, s, KR_XC_BOOL, s->v);
		break;
	case T_E:
		add_cell(c, s, KR_XC_ERR, s->v);
		break;
	default:
		add_cell(c, s, KR_XC_NUM, s->v);
	}
}

static void cell_end(pctx *c, const char *name)
{
	cstate *s = c->state;
	if (strcmp(name, "sheetData") == 0) {
		s->in_data = false;
	} else if (!s->in_cell) {
		return;
	} else if (strcmp(name, "c") == 0) {
		finish_cell(c, s);
	} else if (strcmp(name, "v") == 0 && c->collecting) {
		s->v = kr_xr_collected(c);
		s->has_v = true;
	} else if (strcmp(name, "is") == 0) {
		s->in_is = false;
	} else if (strcmp(name, "rPh") == 0 && s->rph) {
		s->rph--;
	} else if (strcmp(name, "t") == 0 && c->collecting) {
		const char *t = kr_xr_collected(c);
		size_t n = strlen(t);
		if (s->is_len + n > 4 * KR_XR_MAX_TEXT) {
			kr_xr_stop(c, "the part %s cannot be read: a text longer than %u characters", c->part, KR_XR_MAX_TEXT);
			return;
		}
		if (!s->is_len) { /* one run, as usual: no copy */
			s->is_acc = (char *)t, s->is_len = n;
			return;
		}
		char *acc = kr_alloc(c->b->a, s->is_len + n + 1);
		memcpy(acc, s->is_acc, s->is_len);
		memcpy(acc + s->is_len, t, n + 1);
		s->is_acc = acc, s->is_len += n;
	}
}

static int cmp_cell(const void *pa, const void *pb)
{
	const kr_xcell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

const kr_xsheet *kr_xbook_sheet(kr_xbook *b, const char *name, kr_diags *d)
{
	kr_xsheet *sh = NULL;
	for (size_t i = 0; i < b->n_sheets && !sh; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			sh = &b->sheets[i];
	if (!sh)
		return NULL;
	if (sh->loaded)
		return sh;
	if (!sh->part) {
		kr_xr_fail(b, d, "the sheet '%s' has no part in the workbook", name);
		return NULL;
	}
	cstate s = {.sh = sh, .row = -1, .col = -1};
	bool ok = kr_xr_parse_part(b, d, sh->part, true, cell_start, cell_end, &s);
	if (sh->cells) {
		/* Keep the cells in the arena: the sheet outlives this call. */
		kr_xcell *cells = kr_alloc_array(b->a, sh->n ? sh->n : 1, sizeof *cells);
		memcpy(cells, sh->cells, sh->n * sizeof *cells);
		free(sh->cells);
		sh->cells = cells;
	}
	if (!ok)
		return NULL;
	qsort(sh->cells, sh->n, sizeof *sh->cells, cmp_cell);
	sh->loaded = true;
	return sh;
}

const kr_xcell *kr_xsheet_cell(const kr_xsheet *s, uint32_t row, uint32_t col)
{
	kr_xcell key = {.row = row, .col = col};
	return s && s->n ? bsearch(&key, s->cells, s->n, sizeof key, cmp_cell) : NULL;
}

const char *kr_xcell_name(char *buf, uint32_t row, uint32_t col)
{
	char letters[8];
	int n = 0;
	for (uint32_t c = col + 1; c > 0 && n < 7; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	int k = 0;
	while (n > 0)
		buf[k++] = letters[--n];
	snprintf(buf + k, 16 - (size_t)k, "%u", row + 1);
	return buf;
}


size_t kr_xbook_count(const kr_xbook *b)
{
	return b->n_sheets;
}

const char *kr_xbook_name(const kr_xbook *b, size_t i)
{
	return i < b->n_sheets ? b->sheets[i].name : NULL;
}

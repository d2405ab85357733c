/* The merge: workbooks' identity sheets -> three-way comparison per input cell -> one patch of
 * the YAML text, checked, validated and written atomically (or shown as a diff). */
#include "merge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "i18n.h"
#include "load.h"
#include "output.h"
#include "validate.h"
#include "xlsx_read.h"
#include "yamlpatch.h"

/* The identity sheet (xlsx_ident.c writes it; docs/merge.md describes it). */
#define ID_SHEET "kpireport"
#define ID_FORMAT "kpireport-merge"
#define ID_VERSION "1"
#define ID_FIRST 9 /* 0-based row of the first noted cell */
enum { C_SHEET, C_CELL, C_KEY, C_FIELD, C_INPUT, C_BASE, C_NAME, C_SCALE, C_BLANK };

#define MAX_STEPS 10

/* One value the merge will write. */
typedef struct {
	const char *id;       /* "p1.s1.k1 actual": the row's path and the field */
	kr_ystep path[MAX_STEPS];
	const kr_schema *schemas[MAX_STEPS];
	size_t n;
	enum kr_mkind kind;
	bool list;            /* written as a list of bullets */
	const char *old, *now; /* canonical values: before the merge, and as merged */
	const char *wb, *cell, *label, *field;
	kr_loc loc;
} change;

typedef struct {
	kr_arena *a;
	kr_diags *d;
	const char *yaml;
	const char *buf;
	size_t len;
	kr_node *root;
	kr_doc *doc;
	FILE *out;
	change *ch;
	size_t n_ch, cap_ch;
	size_t *slots, n_slots; /* hash of change ids: index + 1 */
	const kr_schema *s_doc, *s_project, *s_sub, *s_kpi;
} mctx;

/* A noted cell of one workbook, resolved to its place in the handout. */
typedef struct {
	const char *sheet, *cell, *key, *field, *base, *name, *blank;
	bool input;
	int scale;
	const char *wb;        /* the workbook's file name, for messages */
	const char *ref;       /* "KPI!F5" */
	const kr_node *row;    /* the row's mapping in the handout */
	kr_ystep path[MAX_STEPS];
	const kr_schema *schemas[MAX_STEPS];
	size_t n;
	const kr_schema *row_schema;
	const char *rowpath;
} entry;

/* ------------------------------------------------------------------------------------------ */
/* Canonical values: what a cell shows for a field, so that base, ours and theirs compare */

static enum kr_mkind kind_of(const char *field)
{
	static const char *const nums[] = {"actual", "target", "baseline", "long_term.target"};
	static const char *const texts[] = {"overview", "results", "plans", "policy.reason",
					    "committee.comment"};
	static const char *const choices[] = {"rating", "policy.choice", "committee.rating"};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		if (strcmp(field, nums[i]) == 0)
			return KR_MK_NUM;
	if (strcmp(field, "cost") == 0 || strcmp(field, "grant") == 0)
		return KR_MK_MONEY;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(field, texts[i]) == 0)
			return KR_MK_TEXTS;
	if (strncmp(field, "extra.", 6) == 0)
		return KR_MK_TEXTS;
	for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++)
		if (strcmp(field, choices[i]) == 0)
			return KR_MK_CHOICE;
	return KR_MK_TEXT;
}

static const char *trimmed(kr_arena *a, const kr_node *n)
{
	size_t len = n->len;
	while (len > 0 && (n->s[len - 1] == '\n' || n->s[len - 1] == ' '))
		len--;
	return kr_strndup(a, n->s, len);
}

/* The handout's value of a field as its workbook cell shows it. */
static const char *canonical(kr_arena *a, const kr_node *n, enum kr_mkind kind)
{
	if (!n || kr_node_is_null(n))
		return "";
	if (n->type == KR_N_SEQ && kind == KR_MK_TEXTS) {
		const char *s = "";
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i]->type == KR_N_SCALAR && !kr_node_is_null(n->items[i]))
				s = kr_sprintf(a, "%s%s・%s", s, *s ? "\n" : "", trimmed(a, n->items[i]));
		return s;
	}
	if (n->type != KR_N_SCALAR)
		return "";
	if (kind == KR_MK_NUM) {
		kr_dec v;
		char buf[KR_DEC_BUF];
		return kr_dec_parse(n->s, &v) == KR_DEC_OK ? kr_strdup(a, kr_dec_plain(v, buf)) : n->s;
	}
	return trimmed(a, n);
}

static const kr_node *node_at(const kr_node *cur, const kr_ystep *path, size_t n)
{
	for (size_t i = 0; i < n && cur; i++)
		cur = path[i].key ? kr_map_get(cur, path[i].key)
		      : cur->type == KR_N_SEQ && path[i].index < cur->n ? cur->items[path[i].index]
									: NULL;
	return cur;
}

/* ------------------------------------------------------------------------------------------ */
/* Changes, found by id */

static size_t hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static change *find_change(mctx *m, const char *id)
{
	if (!m->n_slots)
		return NULL;
	for (size_t h = hash(id) % m->n_slots;; h = (h + 1) % m->n_slots) {
		if (!m->slots[h])
			return NULL;
		if (strcmp(m->ch[m->slots[h] - 1].id, id) == 0)
			return &m->ch[m->slots[h] - 1];
	}
}

static change *add_change(mctx *m, const char *id)
{
	if (2 * (m->n_ch + 1) > m->n_slots) {
		size_t ns = m->n_slots ? 2 * m->n_slots : 1024;
		size_t *slots = calloc(ns, sizeof *slots);
		if (!slots)
			kr_oom();
		for (size_t i = 0; i < m->n_ch; i++) {
			size_t h = hash(m->ch[i].id) % ns;
			while (slots[h])
				h = (h + 1) % ns;
			slots[h] = i + 1;
		}
		free(m->slots);
		m->slots = slots, m->n_slots = ns;
	}
	m->ch = kr_grow(m->a, m->ch, m->n_ch, &m->cap_ch, sizeof *m->ch, 64);
	change *c = &m->ch[m->n_ch++];
	memset(c, 0, sizeof *c);
	c->id = id;
	size_t h = hash(id) % m->n_slots;
	while (m->slots[h])
		h = (h + 1) % m->n_slots;
	m->slots[h] = m->n_ch;
	return c;
}

/* ------------------------------------------------------------------------------------------ */
/* Rows: a key "p1.s2.k1" to the handout's mapping, checked by name */

static const kr_node *row_node(mctx *m, size_t p, size_t s, size_t k, entry *e)
{
	e->n = 0;
	const kr_node *cur = kr_map_get(m->root, "projects");
	e->path[e->n] = (kr_ystep){"projects", 0}, e->schemas[e->n++] = m->s_doc;
	e->path[e->n++] = (kr_ystep){NULL, p - 1};
	cur = node_at(cur, &(kr_ystep){NULL, p - 1}, 1);
	e->row_schema = m->s_project;
	if (s) {
		e->path[e->n] = (kr_ystep){"subprojects", 0}, e->schemas[e->n++] = m->s_project;
		e->path[e->n++] = (kr_ystep){NULL, s - 1};
		cur = node_at(cur, &e->path[e->n - 2], 2);
		e->row_schema = m->s_sub;
	}
	if (k) {
		e->path[e->n] = (kr_ystep){"kpis", 0}, e->schemas[e->n++] = e->row_schema;
		e->path[e->n++] = (kr_ystep){NULL, k - 1};
		cur = node_at(cur, &e->path[e->n - 2], 2);
		e->row_schema = m->s_kpi;
	}
	return cur && cur->type == KR_N_MAP ? cur : NULL;
}

static bool named(const kr_node *row, const char *name)
{
	const kr_node *n = kr_map_get(row, "name");
	return n && n->type == KR_N_SCALAR && strcmp(n->s, name) == 0;
}

/* Finds the row by its key, or, when the handout moved it, by its name (unique). */
static bool resolve_row(mctx *m, entry *e)
{
	unsigned long p = 0, s = 0, k = 0;
	const char *q = e->key;
	if (sscanf(q, "p%lu", &p) != 1 || !p)
		return false;
	const char *dot = strstr(q, ".s");
	if (dot && sscanf(dot, ".s%lu", &s) != 1)
		return false;
	dot = strstr(q, ".k");
	if (dot && sscanf(dot, ".k%lu", &k) != 1)
		return false;
	e->row = row_node(m, p, s, k, e);
	if (e->row && named(e->row, e->name))
		return true;
	/* Moved: search every row of the same kind for the name. */
	const kr_node *projects = kr_map_get(m->root, "projects");
	size_t hits = 0;
	entry found = *e;
	for (size_t i = 0; projects && projects->type == KR_N_SEQ && i < projects->n; i++) {
		const kr_node *subs = kr_map_get(projects->items[i], "subprojects");
		size_t ns = subs && subs->type == KR_N_SEQ ? subs->n : 0;
		for (size_t j = 0; j <= ns; j++) {
			if ((s == 0) != (j == 0))
				continue;
			entry t = *e;
			const kr_node *r = row_node(m, i + 1, j, 0, &t);
			const kr_node *kpis = k && r ? kr_map_get(r, "kpis") : NULL;
			size_t nk = kpis && kpis->type == KR_N_SEQ ? kpis->n : 0;
			for (size_t l = 0; l < (k ? nk : 1); l++) {
				const kr_node *rr = row_node(m, i + 1, j, k ? l + 1 : 0, &t);
				if (rr && named(rr, e->name))
					hits++, found = t, found.row = rr;
			}
		}
	}
	if (hits != 1)
		return false;
	*e = found;
	return true;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading one cell as the field needs it */

static const char *show(kr_arena *a, const char *s)
{
	/* Long texts are cut in messages and summaries. */
	size_t chars = 0, i = 0;
	for (; s[i] && chars < 40; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return s[i] ? kr_sprintf(a, "%.*s…", (int)i, s) : s;
}

static const kr_scale *scale_of(mctx *m, const char *field, const char **key)
{
	if (strcmp(field, "rating") == 0)
		return *key = "ratings", &m->doc->ratings;
	if (strcmp(field, "policy.choice") == 0)
		return *key = "policies", &m->doc->policies;
	*key = m->doc->committee_ratings.set ? "committee_ratings" : "ratings";
	return m->doc->committee_ratings.set ? &m->doc->committee_ratings : &m->doc->ratings;
}

static void cell_error(mctx *m, const entry *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cell_error(mctx *m, const entry *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kr_vdiag(m->d, m->yaml, e->row ? e->row->loc : KR_NO_LOC, KR_D_CELL_VALUE, fmt, ap);
	va_end(ap);
}

static const char *unit_of(const entry *e)
{
	const kr_node *u = e->row ? kr_map_get(e->row, "unit") : NULL;
	return u && u->type == KR_N_SCALAR ? u->s : NULL;
}

/* A number or yen amount from a cell: its canonical text, or NULL after an error. */
static const char *read_number(mctx *m, const entry *e, const kr_xcell *c, enum kr_mkind kind)
{
	bool money = kind == KR_MK_MONEY;
	if (c->type == KR_XC_NUM) {
		if (c->date) {
			cell_error(m, e, "%s %s: the cell holds a date (%s), not a number; type the number "
				   "itself", e->wb, e->ref, kr_mread_date(m->a, c->v));
			return NULL;
		}
		const char *v = kr_mread_cell_number(m->a, c->v, money, e->scale);
		if (v && strcmp(v, "-") == 0)
			cell_error(m, e, "%s %s: 「%s」 is negative; the value must be 0 or more", e->wb,
				   e->ref, c->v);
		else if (!v)
			cell_error(m, e, "%s %s: 「%s」 is too large or has more than 6 decimal places",
				   e->wb, e->ref, c->v);
		return v && strcmp(v, "-") != 0 ? v : NULL;
	}
	if (c->type == KR_XC_ERR) {
		cell_error(m, e, "%s %s: the cell shows the error %s; type a number instead", e->wb,
			   e->ref, c->v);
		return NULL;
	}
	if (c->type == KR_XC_BOOL) {
		cell_error(m, e, "%s %s: the cell holds TRUE or FALSE; type a number instead", e->wb,
			   e->ref);
		return NULL;
	}
	const char *typed = c->type == KR_XC_STR ? c->v : "", *out = "";
	switch (kr_mread_number(m->a, typed, money ? NULL : unit_of(e), money, e->scale, &out)) {
	case KR_MR_OK:
		return out;
	case KR_MR_UNKNOWN:
		return "";
	case KR_MR_DASH:
		if (money)
			return "";
		kr_diag(m->d, m->yaml, e->row->loc, KR_D_NORMALISED,
			"%s %s: 「%s」 was read as not yet known (actual: null)", e->wb, e->ref, typed);
		return "";
	case KR_MR_NORMALISED:
		kr_diag(m->d, m->yaml, e->row->loc, KR_D_NORMALISED, "%s %s: 「%s」 was read as %s",
			e->wb, e->ref, typed, out);
		return out;
	case KR_MR_NEGATIVE:
		cell_error(m, e, "%s %s: 「%s」 is negative; the value must be 0 or more", e->wb, e->ref,
			   typed);
		return NULL;
	case KR_MR_RANGE:
		cell_error(m, e, "%s %s: 「%s」 is too large or has more than 6 decimal places", e->wb,
			   e->ref, typed);
		return NULL;
	case KR_MR_FRACTION:
		cell_error(m, e, "%s %s: 「%s」 is not a whole number of yen", e->wb, e->ref, typed);
		return NULL;
	case KR_MR_NOT_NUMBER:
	default:
		cell_error(m, e, "%s %s: 「%s」 is not a number; write the number alone, such as 1250 or "
			   "12.5, without words (the unit has its own column)", e->wb, e->ref, typed);
		return NULL;
	}
}

/* A text from a cell as the handout keeps it. */
static const char *read_text(mctx *m, const entry *e, const kr_xcell *c)
{
	switch (c->type) {
	case KR_XC_NUM:
		if (c->date)
			return kr_mread_date(m->a, c->v);
		return kr_mread_cell_number(m->a, c->v, false, 1) ? kr_mread_cell_number(m->a, c->v, false, 1)
								  : c->v;
	case KR_XC_ERR:
		cell_error(m, e, "%s %s: the cell shows the error %s; type the text instead", e->wb,
			   e->ref, c->v);
		return NULL;
	case KR_XC_BOOL:
		return strcmp(c->v, "1") == 0 ? "TRUE" : "FALSE";
	case KR_XC_STR:
		return kr_mread_text(m->a, c->v);
	default:
		return "";
	}
}

/* The workbook's value of a noted cell (canonical), or NULL after an error. */
static const char *theirs(mctx *m, const entry *e, const kr_xcell *c, enum kr_mkind kind)
{
	static const kr_xcell empty = {0, 0, KR_XC_EMPTY, "", false, false};
	if (!c)
		c = &empty;
	if (e->blank && *e->blank && c->type == KR_XC_STR &&
	    strcmp(kr_mread_text(m->a, c->v), kr_mread_text(m->a, e->blank)) == 0)
		return ""; /* the prompt or mark left as it was */
	if (kind == KR_MK_NUM || kind == KR_MK_MONEY)
		return read_number(m, e, c, kind);
	const char *t = read_text(m, e, c);
	if (!t || kind != KR_MK_CHOICE || !*t || !e->input)
		return t;
	const char *key;
	const kr_scale *sc = scale_of(m, e->field, &key);
	if (!sc->set || sc->n == 0) {
		cell_error(m, e, "%s %s: 「%s」 was chosen, but the handout has no '%s:' scale; add the "
			   "scale first", e->wb, e->ref, t, key);
		return NULL;
	}
	if (kr_scale_has(sc, t))
		return t;
	const char *cands[10];
	size_t n = 0;
	for (size_t i = 0; i < sc->n && n < 10; i++)
		cands[n++] = sc->items[i].label.s;
	const char *guess = kr_closest(t, cands, n);
	if (guess)
		cell_error(m, e, "%s %s: 「%s」 is not one of the choices of '%s'; did you mean 「%s」?",
			   e->wb, e->ref, t, key, guess);
	else
		cell_error(m, e, "%s %s: 「%s」 is not one of the choices of '%s'; choose one from the "
			   "cell's list", e->wb, e->ref, t, key);
	return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* One noted cell */

static bool same_value(enum kr_mkind kind, const char *a, const char *b)
{
	if (kind == KR_MK_NUM && *a && *b) {
		kr_dec x, y;
		if (kr_dec_parse(a, &x) == KR_DEC_OK && kr_dec_parse(b, &y) == KR_DEC_OK)
			return kr_dec_cmp(x, y) == 0;
	}
	return strcmp(a, b) == 0;
}

static void field_path(mctx *m, entry *e)
{
	const char *f = e->field;
	const char *dot = strncmp(f, "extra.", 6) == 0 ? f + 5 : strchr(f, '.');
	if (dot) {
		const char *head = kr_strndup(m->a, f, (size_t)(dot - f));
		const kr_fielddef *fd = kr_schema_field(e->row_schema, head);
		e->path[e->n] = (kr_ystep){head, 0}, e->schemas[e->n++] = e->row_schema;
		e->path[e->n] = (kr_ystep){dot + 1, 0};
		e->schemas[e->n++] = fd ? fd->sub : NULL;
	} else {
		e->path[e->n] = (kr_ystep){f, 0}, e->schemas[e->n++] = e->row_schema;
	}
}

static void merge_cell(mctx *m, entry *e, const kr_xcell *c)
{
	enum kr_mkind kind = kind_of(e->field);
	const char *t = theirs(m, e, c, kind);
	if (!t)
		return;
	const char *label = e->name;
	if (!e->input) {
		if (!same_value(kind, t, e->base))
			kr_diag(m->d, m->yaml, e->row->loc, KR_D_LOCKED_CELL,
				"%s %s is a locked cell ('%s' of 「%s」); it was changed from 「%s」 to "
				"「%s」 and is ignored; change the handout itself to change it",
				e->wb, e->ref, e->field, label, show(m->a, e->base), show(m->a, t));
		return;
	}
	if (same_value(kind, t, e->base))
		return; /* the workbook left it as exported */
	field_path(m, e);
	const char *id = kr_sprintf(m->a, "%s %s", e->rowpath, e->field);
	change *ch = find_change(m, id);
	const kr_node *node = node_at(m->root, e->path, e->n);
	const char *ours = ch ? ch->now : canonical(m->a, node, kind);
	if (same_value(kind, ours, e->base)) {
		if (!ch) {
			ch = add_change(m, id);
			memcpy(ch->path, e->path, sizeof e->path);
			memcpy(ch->schemas, e->schemas, sizeof e->schemas);
			ch->n = e->n, ch->kind = kind, ch->old = ours, ch->field = e->field;
			ch->label = label;
			ch->list = kind == KR_MK_TEXTS && (node ? node->type == KR_N_SEQ
								: strncmp(t, "・", 3) == 0);
			ch->loc = node ? node->loc : e->row->loc;
		}
		ch->now = t, ch->wb = e->wb, ch->cell = e->ref;
		return;
	}
	if (same_value(kind, ours, t))
		return; /* the handout already says so */
	kr_loc loc = node ? node->loc : e->row->loc;
	if (ch)
		kr_diag(m->d, m->yaml, loc, KR_D_CONFLICT,
			"'%s' of 「%s」 was changed to 「%s」 in %s %s and to 「%s」 in %s %s; make them "
			"agree and merge again", e->field, label, show(m->a, ch->now), ch->wb, ch->cell,
			show(m->a, t), e->wb, e->ref);
	else
		kr_diag(m->d, m->yaml, loc, KR_D_CONFLICT,
			"'%s' of 「%s」 was changed both here, to 「%s」, and in %s %s, to 「%s」 (both "
			"were 「%s」 when the workbook was made); make them agree and merge again",
			e->field, label, show(m->a, ours), e->wb, e->ref, show(m->a, t),
			show(m->a, e->base));
}

/* ------------------------------------------------------------------------------------------ */
/* One workbook */

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
	if (strcmp(text_at(*id, 0, 1), ID_VERSION) != 0) {
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

/* The row a key is on: where the identity sheet says, or wherever the key column has it. */
static bool find_row(const kr_xsheet *s, uint32_t keycol, const char *key, uint32_t *row)
{
	const kr_xcell *c = kr_xsheet_cell(s, *row, keycol);
	if (c && c->type == KR_XC_STR && strcmp(c->v, key) == 0)
		return true;
	for (size_t i = 0; i < s->n; i++)
		if (s->cells[i].col == keycol && s->cells[i].type == KR_XC_STR &&
		    strcmp(s->cells[i].v, key) == 0) {
			*row = s->cells[i].row;
			return true;
		}
	return false;
}

static void merge_workbook(mctx *m, const char *path)
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
	const char *last_key = NULL;
	entry row = {0};
	bool row_ok = false;
	for (uint32_t r = ID_FIRST;; r++) {
		const char *sheet = text_at(id, r, C_SHEET);
		if (!*sheet)
			break;
		/* Copied out of the workbook, which is freed before the changes are written. */
		kr_arena *a = m->a;
		entry e = {.sheet = sheet, .cell = kr_strdup(a, text_at(id, r, C_CELL)),
			   .key = kr_strdup(a, text_at(id, r, C_KEY)),
			   .field = kr_strdup(a, text_at(id, r, C_FIELD)),
			   .base = kr_mread_text(a, text_at(id, r, C_BASE)),
			   .name = kr_strdup(a, text_at(id, r, C_NAME)),
			   .blank = kr_strdup(a, text_at(id, r, C_BLANK)),
			   .input = strcmp(text_at(id, r, C_INPUT), "1") == 0,
			   .scale = atoi(text_at(id, r, C_SCALE)), .wb = kr_strdup(a, wb)};
		uint32_t cr, cc;
		if (!parse_cell(e.cell, &cr, &cc) || !*e.field) {
			kr_diag(m->d, path, KR_NO_LOC, KR_D_FOREIGN,
				"the identity sheet is damaged at its row %u; make a new workbook", r + 1);
			break;
		}
		if (e.scale < 1)
			e.scale = 1;
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
			row_ok = resolve_row(m, &row);
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
		uint32_t kc = strcmp(sheet, ksheet[0]) == 0 ? kcol[0] : strcmp(sheet, ksheet[1]) == 0 ? kcol[1] : UINT32_MAX;
		if (kc != UINT32_MAX && !find_row(s, kc, e.key, &cr)) {
			kr_diag(m->d, m->yaml, e.row->loc, KR_D_STALE,
				"%s: the row of 「%s」 is missing from the sheet '%s' (deleted?); its values "
				"cannot be read", wb, e.name, sheet);
			continue;
		}
		char name[16];
		e.sheet = kr_strdup(m->a, sheet);
		e.ref = kr_sprintf(m->a, "%s!%s", sheet, kr_xcell_name(name, cr, cc));
		merge_cell(m, &e, kr_xsheet_cell(s, cr, cc));
	}
	kr_xbook_free(b);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing */

static kr_pvalue pvalue(mctx *m, const change *c)
{
	kr_pvalue v = {KR_PV_TEXT, c->now, NULL, 0};
	if (c->kind == KR_MK_NUM || c->kind == KR_MK_MONEY)
		v.kind = *c->now ? KR_PV_NUMBER : KR_PV_NULL;
	else if (c->kind == KR_MK_TEXTS && (c->list || !*c->now)) {
		v.kind = KR_PV_LIST;
		v.items = kr_mread_bullets(m->a, c->now, &v.n);
	}
	if (c->kind == KR_MK_MONEY && !*c->now)
		v.kind = KR_PV_LIST; /* an emptied amount: the key goes */
	return v;
}

/* Prints what each workbook changed. */
static void summary(mctx *m, char *const *workbooks, size_t n)
{
	for (size_t w = 0; w < n; w++) {
		const char *wb = strrchr(workbooks[w], '/') ? strrchr(workbooks[w], '/') + 1 : workbooks[w];
		size_t count = 0;
		for (size_t i = 0; i < m->n_ch; i++)
			if (strcmp(m->ch[i].wb, wb) == 0)
				count++;
		if (count == 0)
			fprintf(m->out, _("%s: no value differs from the handout."), wb);
		else
			fprintf(m->out, ngettext("%s: %zu value to change.", "%s: %zu values to change.",
						 count),
				wb, count);
		fputc('\n', m->out);
		for (size_t i = 0; i < m->n_ch; i++) {
			const change *c = &m->ch[i];
			if (strcmp(c->wb, wb) != 0)
				continue;
			fputs("  ", m->out);
			fprintf(m->out, _("%s: '%s' of 「%s」: 「%s」 → 「%s」"), c->cell, c->field,
				c->label, show(m->a, c->old), show(m->a, c->now));
			fputc('\n', m->out);
		}
	}
}

/* diff -u of the handout and its patched text (diffutils is part of every Debian system). */
static int print_diff(mctx *m, const char *text, size_t len)
{
	char a[] = "/tmp/kpireport-merge-XXXXXX", b[] = "/tmp/kpireport-merge-XXXXXX";
	const char *tmpdir = getenv("TMPDIR");
	char *pa = kr_sprintf(m->a, "%s/kpireport-a-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	char *pb = kr_sprintf(m->a, "%s/kpireport-b-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	(void)a, (void)b;
	int fa = mkstemp(pa), fb = fa >= 0 ? mkstemp(pb) : -1;
	int rc = KR_EXIT_IO;
	if (fa >= 0 && fb >= 0) {
		kr_tmp_register(pa);
		kr_tmp_register(pb);
		bool ok = write(fa, m->buf, m->len) == (ssize_t)m->len && write(fb, text, len) == (ssize_t)len;
		fflush(m->out);
		const char *label = strrchr(m->yaml, '/') ? strrchr(m->yaml, '/') + 1 : m->yaml;
		pid_t pid = ok ? fork() : -1;
		if (pid == 0) {
			if (fileno(m->out) != 1)
				dup2(fileno(m->out), 1);
			execlp("diff", "diff", "-u", "--label", kr_sprintf(m->a, "a/%s", label), "--label",
			       kr_sprintf(m->a, "b/%s", label), pa, pb, (char *)NULL);
			_exit(127);
		}
		int st = 0;
		if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) <= 1)
			rc = KR_EXIT_OK;
		else
			kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE,
				"cannot show the changes: the diff program failed");
		unlink(pa), unlink(pb);
		kr_tmp_unregister(pa);
		kr_tmp_unregister(pb);
	} else {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE,
			"cannot make a temporary file to show the changes: %s", strerror(errno));
	}
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return rc;
}

/* Replaces the handout with text, atomically, keeping its mode; refuses when the file changed
 * since it was read. */
static int write_handout(mctx *m, const char *text, size_t len)
{
	struct stat st;
	kr_outfile o = {0};
	if (stat(m->yaml, &st) != 0 || kr_out_begin(&o, m->yaml, m->d) != 0) {
		kr_out_abort(&o);
		return KR_EXIT_IO;
	}
	/* Every write, the fsync and the close checked, and the size (a full disk). */
	bool ok = kr_write_file(o.tmp, m->yaml, text, len, m->d) == 0;
	if (ok && chmod(o.tmp, st.st_mode & 07777) != 0) {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE, "cannot write: %s", strerror(errno));
		ok = false;
	}
	size_t now_len = 0;
	kr_diags *scratch = kr_diags_new();
	const char *now = ok ? kr_read_file(m->a, scratch, m->yaml, &now_len) : NULL;
	kr_diags_free(scratch);
	if (ok && (!now || now_len != m->len || memcmp(now, m->buf, m->len) != 0)) {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE,
			"the handout was changed by someone else during the merge; nothing was written; "
			"run the merge again");
		ok = false;
	}
	int rc = ok && kr_out_commit(&o, m->d) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
	kr_out_abort(&o);
	return rc;
}

static int apply_changes(mctx *m, const kr_merge_opts *o)
{
	kr_patch *p = kr_patch_new(m->a, m->buf, m->len, m->root);
	for (size_t i = 0; i < m->n_ch; i++) {
		change *c = &m->ch[i];
		if (same_value(c->kind, c->now, c->old))
			continue; /* changed and changed back by a later workbook */
		kr_pvalue v = pvalue(m, c);
		const char *why = kr_patch_set(p, c->path, c->n, c->schemas, &v);
		if (why)
			kr_diag(m->d, m->yaml, c->loc, KR_D_PATCH, why, c->field, c->label);
	}
	if (kr_diags_errors(m->d))
		return KR_EXIT_INVALID;
	if (kr_patch_count(p) == 0) {
		fprintf(m->out, _("%s: nothing to change."), m->yaml);
		fputc('\n', m->out);
		return KR_EXIT_OK;
	}
	size_t len;
	char *text = kr_patch_result(p, m->d, m->yaml, &len);
	if (!text)
		return KR_EXIT_INVALID;
	/* The merged handout must be valid: every rule, with positions in the merged text. */
	kr_diags *vd = kr_diags_new();
	kr_doc *doc = kr_doc_load_mem(m->yaml, text, len, vd);
	if (doc)
		kr_validate(doc, vd);
	kr_doc_free(doc);
	bool invalid = !doc || kr_diags_errors(vd) > 0;
	kr_diags_move(m->d, vd);
	kr_diags_free(vd);
	if (invalid) {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_PATCH,
			"the handout would be invalid after the merge (see the messages above, whose "
			"positions are in the merged text); nothing was written");
		return KR_EXIT_INVALID;
	}
	if (o->dry_run)
		return print_diff(m, text, len);
	int rc = write_handout(m, text, len);
	if (rc == KR_EXIT_OK) {
		fprintf(m->out, ngettext("%s: %zu value written.", "%s: %zu values written.",
					 kr_patch_count(p)),
			m->yaml, kr_patch_count(p));
		fputc('\n', m->out);
	}
	return rc;
}

static const kr_schema *sub_schema(const kr_schema *s, const char *key)
{
	const kr_fielddef *f = kr_schema_field(s, key);
	return f ? f->sub : NULL;
}

int kr_merge(const char *yaml, char *const *workbooks, size_t n, const kr_merge_opts *o,
	     kr_diags *d, FILE *out)
{
	mctx m = {.a = kr_arena_new(), .d = d, .yaml = yaml, .out = out};
	int status = KR_EXIT_OK;
	size_t unreadable = kr_diags_count(d, KR_D_READ);
	m.doc = kr_prepare(yaml, d, &status);
	if (m.doc)
		m.buf = kr_read_file(m.a, d, yaml, &m.len);
	if (m.buf)
		m.root = kr_yaml_parse(m.a, d, yaml, m.buf, m.len);
	if (!m.doc || !m.root) {
		kr_doc_free(m.doc);
		kr_arena_free(m.a);
		return kr_diags_count(d, KR_D_READ) > unreadable ? KR_EXIT_IO
		       : status != KR_EXIT_OK ? status : KR_EXIT_INVALID;
	}
	m.s_doc = &kr_doc_schema;
	m.s_project = sub_schema(m.s_doc, "projects");
	m.s_sub = sub_schema(m.s_project, "subprojects");
	m.s_kpi = sub_schema(m.s_project, "kpis");
	for (size_t i = 0; i < n; i++)
		merge_workbook(&m, workbooks[i]);
	if (kr_diags_errors(d) == 0) {
		summary(&m, workbooks, n);
		status = apply_changes(&m, o);
	} else {
		status = KR_EXIT_INVALID;
	}
	if (status != KR_EXIT_OK && kr_diags_count(d, KR_D_WRITE) == 0) {
		fprintf(out, _("%s: nothing was written."), yaml);
		fputc('\n', out);
	}
	free(m.slots);
	kr_doc_free(m.doc);
	kr_arena_free(m.a);
	return status;
}

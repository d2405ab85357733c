/* The merge: workbooks' identity sheets (merge_book.c) -> three-way comparison per input cell ->
 * the changes merge_write.c patches into the YAML text. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "i18n.h"
#include "load.h"
#include "merge_int.h"
#include "validate.h"
#include "xlsx_read.h"
#include "yamlhint.h"

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

/* A scalar's text as the loader keeps it: a paragraph folded over lines without the spaces
 * YAML put between Japanese characters, trailing blanks and line breaks dropped. */
static const char *trimmed(const mctx *m, const kr_node *n)
{
	const char *text = kr_unfold(m->a, m->buf, m->len, n);
	if (!text)
		text = n->s;
	size_t len = strlen(text);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	return kr_strndup(m->a, text, len);
}

static const char *canonical(const mctx *m, const kr_node *n, enum kr_mkind kind)
{
	if (!n || kr_node_is_null(n))
		return "";
	if (n->type == KR_N_SEQ && kind == KR_MK_TEXTS) {
		const char *s = "";
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i]->type == KR_N_SCALAR && !kr_node_is_null(n->items[i]))
				s = kr_sprintf(m->a, "%s%s・%s", s, *s ? "\n" : "", trimmed(m, n->items[i]));
		return s;
	}
	if (n->type != KR_N_SCALAR)
		return "";
	if (kind == KR_MK_NUM) {
		kr_dec v;
		char buf[KR_DEC_BUF];
		return kr_dec_parse(n->s, &v) == KR_DEC_OK ? kr_strdup(m->a, kr_dec_plain(v, buf)) : n->s;
	}
	return trimmed(m, n);
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
bool kr_merge_resolve_row(mctx *m, entry *e)
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

const char *kr_merge_show(kr_arena *a, const char *s)
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

/* A cell in thousands of yen (千円) read as more than 100 times the amount it was made with:
 * yen typed where thousands belong.  Refused with the number to type, as a changed amount is
 * never so far off. */
static bool yen_in_thousands(mctx *m, const entry *e, const char *shown, const char *yen)
{
	long long base = *e->base ? strtoll(e->base, NULL, 10) : 0, v = strtoll(yen, NULL, 10);
	if (e->scale != 1000 || base <= 0 || v / base < 100)
		return false;
	char was[KR_DEC_BUF], now[KR_DEC_BUF], typed[KR_DEC_BUF];
	cell_error(m, e, "%s %s: 「%s」 in a cell in thousands of yen (千円) is %s円, over 100 times "
		   "the %s円 it was; if you typed yen, type %s instead, or change the handout itself "
		   "if the amount is right", e->wb, e->ref, shown, kr_int_format(v, now),
		   kr_int_format(base, was), kr_dec_plain((kr_dec){v}, typed)); /* v / 1000 / 1000 */
	return true;
}

/* A number or yen amount from a cell: its canonical text, or NULL after an error. */
static const char *read_number(mctx *m, const entry *e, const kr_xcell *c, enum kr_mkind kind)
{
	bool money = kind == KR_MK_MONEY;
	const char *shown = c->type == KR_XC_STR ? c->v : c->type == KR_XC_NUM ? c->v : "", *out = "";
	enum kr_mread r;
	switch (c->type) {
	case KR_XC_NUM:
		if (c->date) {
			cell_error(m, e, "%s %s: the cell holds a date (%s), not a number; type the number "
				   "itself", e->wb, e->ref, kr_mread_date(m->a, c->v));
			return NULL;
		}
		r = kr_mread_cell_number(m->a, c->v, money, e->scale, &out);
		break;
	case KR_XC_ERR:
		cell_error(m, e, "%s %s: the cell shows the error %s; type a number instead", e->wb,
			   e->ref, c->v);
		return NULL;
	case KR_XC_BOOL:
		cell_error(m, e, "%s %s: the cell holds TRUE or FALSE; type a number instead", e->wb,
			   e->ref);
		return NULL;
	default:
		r = kr_mread_number(m->a, shown, money ? NULL : unit_of(e), money, e->scale, &out);
		break;
	}
	switch (r) {
	case KR_MR_OK:
		return money && yen_in_thousands(m, e, shown, out) ? NULL : out;
	case KR_MR_UNKNOWN:
		return "";
	case KR_MR_DASH:
		if (money)
			return "";
		kr_diag(m->d, m->yaml, e->row->loc, KR_D_NORMALISED,
			"%s %s: 「%s」 was read as not yet known (actual: null)", e->wb, e->ref, shown);
		return "";
	case KR_MR_NORMALISED:
		if (money && yen_in_thousands(m, e, shown, out))
			return NULL;
		kr_diag(m->d, m->yaml, e->row->loc, KR_D_NORMALISED, "%s %s: 「%s」 was read as %s",
			e->wb, e->ref, shown, out);
		return out;
	case KR_MR_NEGATIVE:
		cell_error(m, e, "%s %s: 「%s」 is negative; the value must be 0 or more", e->wb, e->ref,
			   shown);
		return NULL;
	case KR_MR_RANGE:
		cell_error(m, e, "%s %s: 「%s」 is too large or has more than 6 decimal places", e->wb,
			   e->ref, shown);
		return NULL;
	case KR_MR_FRACTION:
		cell_error(m, e, "%s %s: 「%s」 is not a whole number of yen", e->wb, e->ref, shown);
		return NULL;
	case KR_MR_NOT_NUMBER:
	default:
		cell_error(m, e, "%s %s: 「%s」 is not a number; write the number alone, such as 1250 or "
			   "12.5, without words (the unit has its own column)", e->wb, e->ref, shown);
		return NULL;
	}
}

/* A number cell's value as text: its plain decimal, or what the cell holds. */
static const char *cell_number_text(mctx *m, const kr_xcell *c)
{
	const char *v = NULL;
	return kr_mread_cell_number(m->a, c->v, false, 1, &v) == KR_MR_OK ? v : c->v;
}

/* A text from a cell as the handout keeps it. */
const char *kr_merge_read_text(mctx *m, const entry *e, const kr_xcell *c)
{
	switch (c->type) {
	case KR_XC_NUM:
		if (c->date)
			return kr_mread_date(m->a, c->v);
		return cell_number_text(m, c);
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
	const char *t = kr_merge_read_text(m, e, c);
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

bool kr_merge_same(enum kr_mkind kind, const char *a, const char *b)
{
	if (kind == KR_MK_NUM && *a && *b) {
		kr_dec x, y;
		if (kr_dec_parse(a, &x) == KR_DEC_OK && kr_dec_parse(b, &y) == KR_DEC_OK)
			return kr_dec_cmp(x, y) == 0;
	}
	return strcmp(a, b) == 0;
}

/* v equals the value the cell was exported with. */
static bool is_base(const entry *e, enum kr_mkind kind, const char *v)
{
	char h[17];
	return *e->hash ? strcmp(kr_xident_hash(v, h), e->hash) == 0 : kr_merge_same(kind, v, e->base);
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

/* A locked cell's value, only to compare it with the exported one: never refused. */
static const char *locked_value(mctx *m, const kr_xcell *c)
{
	if (!c || c->type == KR_XC_EMPTY)
		return "";
	if (c->type == KR_XC_NUM)
		return cell_number_text(m, c);
	return c->type == KR_XC_STR ? kr_mread_text(m->a, c->v) : c->v;
}

void kr_merge_cell(mctx *m, entry *e, const kr_xcell *c)
{
	enum kr_mkind kind = kind_of(e->field);
	const char *t = e->input ? theirs(m, e, c, kind) : locked_value(m, c);
	if (!t)
		return;
	const char *label = e->name;
	if (!e->input) {
		if (!is_base(e, kind, t) && *e->hash)
			kr_diag(m->d, m->yaml, e->row->loc, KR_D_LOCKED_CELL,
				"%s %s is a locked cell ('%s' of 「%s」); it was changed to 「%s」 and is "
				"ignored; change the handout itself to change it", e->wb, e->ref, e->field,
				label, kr_merge_show(m->a, t));
		else if (!is_base(e, kind, t))
			kr_diag(m->d, m->yaml, e->row->loc, KR_D_LOCKED_CELL,
				"%s %s is a locked cell ('%s' of 「%s」); it was changed from 「%s」 to "
				"「%s」 and is ignored; change the handout itself to change it",
				e->wb, e->ref, e->field, label, kr_merge_show(m->a, e->base), kr_merge_show(m->a, t));
		return;
	}
	if (is_base(e, kind, t))
		return; /* the workbook left it as exported */
	field_path(m, e);
	const char *id = kr_sprintf(m->a, "%s %s", e->rowpath, e->field);
	change *ch = find_change(m, id);
	const kr_node *node = node_at(m->root, e->path, e->n);
	const char *ours = ch ? ch->now : canonical(m, node, kind);
	if (is_base(e, kind, ours)) {
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
	if (kr_merge_same(kind, ours, t))
		return; /* the handout already says so */
	kr_loc loc = node ? node->loc : e->row->loc;
	if (ch)
		kr_diag(m->d, m->yaml, loc, KR_D_CONFLICT,
			"'%s' of 「%s」 was changed to 「%s」 in %s %s and to 「%s」 in %s %s; make them "
			"agree and merge again", e->field, label, kr_merge_show(m->a, ch->now), ch->wb, ch->cell,
			kr_merge_show(m->a, t), e->wb, e->ref);
	else if (*e->hash)
		kr_diag(m->d, m->yaml, loc, KR_D_CONFLICT,
			"'%s' of 「%s」 was changed both here, to 「%s」, and in %s %s, to 「%s」, since "
			"the workbook was made; make them agree and merge again", e->field, label,
			kr_merge_show(m->a, ours), e->wb, e->ref, kr_merge_show(m->a, t));
	else
		kr_diag(m->d, m->yaml, loc, KR_D_CONFLICT,
			"'%s' of 「%s」 was changed both here, to 「%s」, and in %s %s, to 「%s」 (both "
			"were 「%s」 when the workbook was made); make them agree and merge again",
			e->field, label, kr_merge_show(m->a, ours), e->wb, e->ref, kr_merge_show(m->a, t),
			kr_merge_show(m->a, e->base));
}

static const kr_schema *sub_schema(const kr_schema *s, const char *key)
{
	const kr_fielddef *f = kr_schema_field(s, key);
	return f ? f->sub : NULL;
}

/* The handout's messages into the command's: the original's, or the merged one's once validated. */
static void handout_messages(mctx *m)
{
	if (m->handout)
		kr_diags_move(m->d, m->handout);
	kr_diags_free(m->handout);
	m->handout = NULL;
}

int kr_merge(const char *yaml, char *const *workbooks, size_t n, const kr_merge_opts *o,
	     kr_diags *d, FILE *out)
{
	mctx m = {.a = kr_arena_new(), .d = d, .yaml = yaml, .out = out};
	int status;
	size_t unreadable = kr_diags_count(d, KR_D_READ), errors = kr_diags_errors(d);
	/* One parse: the tree is patched, and the document from it is validated first (a merge
	 * starts from a valid handout). */
	m.buf = kr_read_file(m.a, d, yaml, &m.len);
	if (m.buf)
		m.root = kr_yaml_parse(m.a, d, yaml, m.buf, m.len);
	if (m.root) {
		/* Its messages wait in m.handout: once the merged handout is validated, that one's
		 * replace them (kr_merge_apply), and a warning prints once, placed in the text the
		 * merge leaves. */
		kr_diags_file(d, yaml);
		m.handout = kr_diags_new();
		m.doc = kr_doc_load_tree(m.a, m.root, yaml, m.buf, m.len, m.handout);
		kr_validate(m.doc, m.handout);
	}
	if (!m.root || kr_diags_errors(d) > errors || (m.handout && kr_diags_errors(m.handout))) {
		handout_messages(&m);
		kr_arena_free(m.a);
		return kr_diags_count(d, KR_D_READ) > unreadable ? KR_EXIT_IO : KR_EXIT_INVALID;
	}
	m.s_doc = &kr_doc_schema;
	m.s_project = sub_schema(m.s_doc, "projects");
	m.s_sub = sub_schema(m.s_project, "subprojects");
	m.s_kpi = sub_schema(m.s_project, "kpis");
	for (size_t i = 0; i < n; i++)
		kr_merge_workbook(&m, workbooks[i]);
	if (kr_diags_errors(d) == 0) {
		kr_merge_summary(&m, workbooks, n);
		status = kr_merge_apply(&m, o);
	} else {
		status = KR_EXIT_INVALID;
	}
	if (status != KR_EXIT_OK && kr_diags_count(d, KR_D_WRITE) == 0) {
		fprintf(out, _("%s: nothing was written."), yaml);
		fputc('\n', out);
	}
	handout_messages(&m);
	free(m.slots);
	kr_doc_free(m.doc); /* and the arena of everything above */
	return status;
}

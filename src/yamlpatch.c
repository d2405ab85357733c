/* In-place YAML edits: byte-range replacements and insertions, then a re-parse that checks each
 * changed value. */
#include "yamlpatch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

typedef struct {
	size_t start, end;      /* bytes replaced (start == end: an insertion) */
	char *text;             /* the new bytes (arena) */
	size_t seq;             /* order of equal starts */
	const kr_node *map;     /* an inserted mapping key: the mapping it goes into ... */
	const char *key;        /* ... and its key, so a second value below it joins this edit */
	size_t indent;          /* ... and the indentation of the keys inside it */
} edit;

/* A value to check after re-parsing. */
typedef struct {
	kr_ystep *path;
	size_t n;
	kr_pvalue v;
} check;

struct kr_patch {
	kr_arena *a;
	const char *buf;
	size_t len;
	const kr_node *root;
	const char *eol;
	edit *edits;
	size_t n_edits, cap_edits;
	check *checks;
	size_t n_checks, cap_checks;
};

kr_patch *kr_patch_new(kr_arena *a, const char *buf, size_t len, const kr_node *root)
{
	kr_patch *p = kr_alloc(a, sizeof *p);
	p->a = a, p->buf = buf, p->len = len, p->root = root;
	const char *nl = memchr(buf, '\n', len);
	p->eol = nl && nl > buf && nl[-1] == '\r' ? "\r\n" : "\n";
	return p;
}

size_t kr_patch_count(const kr_patch *p)
{
	return p->n_checks;
}

/* ------------------------------------------------------------------------------------------ */
/* Writing values */

typedef struct {
	char *s;
	size_t len, cap;
	kr_arena *a;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *ns = kr_alloc(b->a, cap);
		if (b->len)
			memcpy(ns, b->s, b->len);
		b->s = ns, b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void spaces(sbuf *b, size_t n)
{
	while (n--)
		put(b, " ", 1);
}

/* True when s reads back as the same text written plain (in a flow collection when flow). */
static bool plain_safe(const char *s, bool flow)
{
	size_t n = strlen(s);
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) || s[n - 1] == ' ' ||
	    s[n - 1] == ':' || strstr(s, ": ") || strstr(s, " #") || strpbrk(s, "\t\r\n"))
		return false;
	if (flow && strpbrk(s, ",[]{}"))
		return false;
	/* Numbers, dates, null and booleans would not read back as text; every one of them is
	 * ASCII, so a text with a character beyond it ("3つの取組") stays plain. */
	bool ascii = true;
	for (const unsigned char *q = (const unsigned char *)s; *q && ascii; q++)
		ascii = *q < 0x80;
	if (ascii && ((s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '.'))
		return false;
	static const char *const words[] = {"~", "null", "true", "false", "yes", "no", "on", "off",
					    "y", "n"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t k = strlen(words[i]);
		bool same = k == n;
		for (size_t j = 0; same && j < n; j++)
			same = (s[j] | 0x20) == words[i][j];
		if (same)
			return false;
	}
	for (const unsigned char *q = (const unsigned char *)s; *q; q++)
		if (*q < 0x20 || *q == 0x7F)
			return false;
	/* U+0085, U+2028, U+2029 are line breaks to YAML; U+FEFF a BOM. */
	return !strstr(s, "\xC2\x85") && !strstr(s, "\xE2\x80\xA8") && !strstr(s, "\xE2\x80\xA9") &&
	       !strstr(s, "\xEF\xBB\xBF");
}

static void write_double(sbuf *b, const char *s)
{
	put(b, "\"", 1);
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		char esc[8];
		if (*q == '"' || *q == '\\') {
			esc[0] = '\\', esc[1] = (char)*q;
			put(b, esc, 2);
		} else if (*q == '\n') {
			put(b, "\\n", 2);
		} else if (*q == '\t') {
			put(b, "\\t", 2);
		} else if (*q < 0x20 || *q == 0x7F) {
			snprintf(esc, sizeof esc, "\\x%02X", *q);
			puts_(b, esc);
		} else if (q[0] == 0xE2 && q[1] == 0x80 && (q[2] == 0xA8 || q[2] == 0xA9)) {
			puts_(b, q[2] == 0xA8 ? "\\L" : "\\P");
			q += 2;
		} else if (q[0] == 0xC2 && q[1] == 0x85) {
			puts_(b, "\\N");
			q += 1;
		} else {
			put(b, (const char *)q, 1);
		}
	}
	put(b, "\"", 1);
}

static void write_single(sbuf *b, const char *s)
{
	put(b, "'", 1);
	for (const char *q = s; *q; q++)
		put(b, q, *q == '\'' ? (put(b, "'", 1), 1) : 1);
	put(b, "'", 1);
}

/* A literal block keeps the text exactly when no line starts with a space or tab, nothing ends
 * the text but a character, and no character is a control. */
static bool literal_safe(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[n - 1] == '\n' || s[n - 1] == ' ' || s[0] == ' ' || strpbrk(s, "\t\r"))
		return false;
	for (const char *q = s; *q; q++)
		if ((*q == '\n' && (q[1] == ' ' || q[1] == '\n')) || ((unsigned char)*q < 0x20 && *q != '\n'))
			return false;
	return plain_safe("x", false);
}

static void write_literal(sbuf *b, const char *s, size_t indent, const char *eol)
{
	puts_(b, "|-");
	for (const char *line = s;;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		puts_(b, eol);
		spaces(b, indent);
		put(b, line, n);
		if (!nl)
			break;
		line = nl + 1;
	}
}

/* One scalar value in the style of old (NULL: a new key) at content indentation indent. */
static void write_scalar(sbuf *b, const kr_pvalue *v, const char *s, enum kr_nstyle old, bool flow,
			 size_t indent, const char *eol)
{
	if (v->kind == KR_PV_NULL) {
		puts_(b, "null");
	} else if (v->kind == KR_PV_NUMBER) {
		puts_(b, s);
	} else if ((old == KR_S_LITERAL || old == KR_S_FOLDED) && !flow && literal_safe(s)) {
		write_literal(b, s, indent, eol);
	} else if (old == KR_S_SINGLE && !strchr(s, '\n') && plain_safe("x", false) &&
		   !strpbrk(s, "\r\t")) {
		bool ctl = false;
		for (const unsigned char *q = (const unsigned char *)s; *q; q++)
			ctl |= *q < 0x20 || *q == 0x7F;
		if (ctl)
			write_double(b, s);
		else
			write_single(b, s);
	} else if (old != KR_S_DOUBLE && plain_safe(s, flow)) {
		puts_(b, s);
	} else {
		write_double(b, s);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Positions */

static size_t line_start(const kr_patch *p, size_t pos)
{
	while (pos > 0 && p->buf[pos - 1] != '\n')
		pos--;
	return pos;
}

/* The indentation a block scalar's content needs on the line of pos: the column of the line's
 * first key or value (past "- " indicators) plus two. */
static size_t content_indent(const kr_patch *p, size_t pos)
{
	size_t ls = line_start(p, pos), i = ls;
	while (i < p->len && (p->buf[i] == ' ' || (p->buf[i] == '-' && i + 1 < p->len &&
						   p->buf[i + 1] == ' ')))
		i++;
	return i - ls + 2;
}

/* The end of a value's text: a block scalar's span runs into the next line and over trailing
 * blank lines; this is the end of its last character. */
static size_t value_end(const kr_patch *p, const kr_node *n)
{
	size_t e = n->end;
	if (n->type == KR_N_SCALAR && n->style != KR_S_LITERAL && n->style != KR_S_FOLDED)
		return e;
	while (n->type != KR_N_SCALAR && n->style == KR_S_BLOCK && n->n > 0)
		n = n->items[n->n - 1];
	if (n->type != KR_N_SCALAR && n->style == KR_S_BLOCK)
		return n->start;
	e = n->end;
	if (n->type == KR_N_SCALAR && (n->style == KR_S_LITERAL || n->style == KR_S_FOLDED))
		while (e > n->start && strchr(" \t\r\n", p->buf[e - 1]))
			e--;
	return e;
}

/* Where a line inserted after value n goes: the start of the line after the value's end. */
static size_t after_line(const kr_patch *p, const kr_node *n)
{
	size_t e = value_end(p, n);
	while (e < p->len && p->buf[e] != '\n')
		e++;
	return e < p->len ? e + 1 : e;
}

/* ------------------------------------------------------------------------------------------ */
/* Edits */

static edit *add_edit(kr_patch *p, size_t start, size_t end, const char *text)
{
	p->edits = kr_grow(p->a, p->edits, p->n_edits, &p->cap_edits, sizeof *p->edits, 16);
	edit *e = &p->edits[p->n_edits];
	*e = (edit){.start = start, .end = end, .text = kr_strdup(p->a, text), .seq = p->n_edits};
	p->n_edits++;
	return e;
}

static void write_list_items(sbuf *b, const kr_pvalue *v, size_t indent, const char *eol,
			     bool first_inline)
{
	for (size_t i = 0; i < v->n; i++) {
		if (i || !first_inline) {
			puts_(b, eol);
			spaces(b, indent);
		}
		puts_(b, "- ");
		kr_pvalue one = {KR_PV_TEXT, v->items[i], NULL, 0};
		write_scalar(b, &one, v->items[i], KR_S_PLAIN, false, indent + 2, eol);
	}
}

static void write_flow_list(sbuf *b, const kr_pvalue *v)
{
	puts_(b, "[");
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			puts_(b, ", ");
		kr_pvalue one = {KR_PV_TEXT, v->items[i], NULL, 0};
		write_scalar(b, &one, v->items[i], KR_S_PLAIN, true, 0, "\n");
	}
	puts_(b, "]");
}

/* The text of "key: value" for a new key whose line starts at column indent (block) or inside
 * a flow mapping. */
static void write_pair(kr_patch *p, sbuf *b, const char *key, const kr_pvalue *v, size_t indent,
		       bool flow)
{
	puts_(b, key);
	puts_(b, ":");
	if (v->kind == KR_PV_LIST) {
		if (flow) {
			puts_(b, " ");
			write_flow_list(b, v);
		} else {
			write_list_items(b, v, indent + 2, p->eol, false);
		}
		return;
	}
	puts_(b, " ");
	write_scalar(b, v, v->s, KR_S_PLAIN, flow, indent + 2, p->eol);
}

/* A block list changed item by item: an item that stays keeps its bytes, a changed one is
 * written in its own style, new items follow the last, removed ones go from the end with their
 * lines (and the comments on them). */
static enum kr_patch_why replace_block_list(kr_patch *p, const kr_node *n, const kr_pvalue *v)
{
	size_t keep = n->n < v->n ? n->n : v->n;
	for (size_t i = 0; i < n->n; i++)
		if (n->items[i]->type != KR_N_SCALAR)
			return KR_PATCH_SHAPE;
	for (size_t i = 0; i < keep; i++) {
		const kr_node *it = n->items[i];
		if (strcmp(it->s, v->items[i]) == 0)
			continue;
		sbuf b = {.a = p->a};
		if (it->start == it->end)
			puts_(&b, " "); /* "-" had no value: the new one needs its space */
		kr_pvalue one = {KR_PV_TEXT, v->items[i], NULL, 0};
		write_scalar(&b, &one, v->items[i], it->style, false, content_indent(p, it->start),
			     p->eol);
		add_edit(p, it->start, value_end(p, it), b.s ? b.s : "");
	}
	size_t last = value_end(p, n->items[n->n - 1]);
	if (v->n > n->n) {
		sbuf b = {.a = p->a};
		kr_pvalue tail = {KR_PV_LIST, NULL, v->items + n->n, v->n - n->n};
		write_list_items(&b, &tail, n->start - line_start(p, n->start), p->eol, false);
		add_edit(p, last, last, b.s);
	} else if (v->n < n->n) {
		add_edit(p, after_line(p, n->items[v->n - 1]), after_line(p, n->items[n->n - 1]), "");
	}
	return KR_PATCH_OK;
}

/* Replaces the existing value node n. */
static enum kr_patch_why replace(kr_patch *p, const kr_node *n, bool in_flow, const kr_pvalue *v)
{
	sbuf b = {.a = p->a};
	size_t start = n->start, end = value_end(p, n);
	if (v->kind == KR_PV_LIST && n->type == KR_N_SEQ && n->style != KR_S_FLOW && n->n && v->n &&
	    replace_block_list(p, n, v) == KR_PATCH_OK)
		return KR_PATCH_OK;
	if (v->kind == KR_PV_LIST && n->type == KR_N_SEQ) {
		if (n->style == KR_S_FLOW) {
			write_flow_list(&b, v);
		} else {
			size_t col = n->start - line_start(p, n->start);
			write_list_items(&b, v, col, p->eol, true);
		}
	} else if (n->type != KR_N_SCALAR) {
		return KR_PATCH_SHAPE;
	} else {
		if (n->start == n->end)
			puts_(&b, " "); /* "key:" had no value: the new one needs its space */
		kr_pvalue one = *v;
		const char *s = v->s;
		if (v->kind == KR_PV_LIST) { /* a text given as one paragraph stays one */
			one.kind = KR_PV_TEXT;
			s = v->n ? v->items[0] : "";
		}
		write_scalar(&b, &one, s ? s : "", n->style, in_flow, content_indent(p, n->start),
			     p->eol);
	}
	add_edit(p, start, end, b.s ? b.s : "");
	return KR_PATCH_OK;
}

/* The index of key in the schema's order, or SIZE_MAX. */
static size_t key_rank(const kr_schema *s, const char *key)
{
	for (size_t i = 0; s && i < s->n_fields; i++)
		if (strcmp(s->fields[i].key, key) == 0)
			return i;
	return SIZE_MAX;
}

/* An edit that already inserts key into map (a second value below it joins it). */
static edit *pending(kr_patch *p, const kr_node *map, const char *key)
{
	for (size_t i = 0; i < p->n_edits; i++)
		if (p->edits[i].map == map && p->edits[i].key && strcmp(p->edits[i].key, key) == 0)
			return &p->edits[i];
	return NULL;
}

/* Inserts key (with the rest of the path below it as nested keys) into mapping map. */
static enum kr_patch_why insert(kr_patch *p, const kr_node *map, const kr_schema *s,
			  const kr_ystep *rest, size_t n, const kr_pvalue *v)
{
	const char *key = rest[0].key;
	if (map->type != KR_N_MAP || map->n == 0 || map->aliased)
		return KR_PATCH_NO_PLACE;
	bool flow = map->style == KR_S_FLOW;
	size_t indent = map->items[0]->start - line_start(p, map->items[0]->start);
	sbuf b = {.a = p->a};
	edit *e = n > 1 ? pending(p, map, key) : NULL;
	if (e) { /* "policy:" is being added already: add this key below it */
		b.s = e->text, b.len = b.cap = strlen(e->text);
		puts_(&b, p->eol);
		spaces(&b, e->indent);
		write_pair(p, &b, rest[n - 1].key, v, e->indent, false);
		e->text = b.s;
		return KR_PATCH_OK;
	}
	/* After the sibling that comes last before key in the format's order, else after all. */
	size_t rank = key_rank(s, key), after = map->n - 1, best = 0;
	bool found = false;
	for (size_t i = 0; i + 1 < map->n && rank != SIZE_MAX; i += 2) {
		size_t r = key_rank(s, map->items[i]->s);
		if (r < rank && (!found || r > best))
			after = i + 1, best = r, found = true;
	}
	const kr_node *prev = map->items[after];
	size_t at;
	if (flow) {
		at = value_end(p, prev);
		puts_(&b, ", ");
		if (n > 1)
			return KR_PATCH_FLOW_NESTED;
		write_pair(p, &b, key, v, 0, true);
	} else {
		at = after_line(p, prev);
		bool last = at == p->len && p->len && p->buf[p->len - 1] != '\n';
		if (last) /* the file's last line has no line break: start with one */
			puts_(&b, p->eol);
		spaces(&b, indent);
		if (n > 1) {
			puts_(&b, key);
			puts_(&b, ":");
			for (size_t i = 1; i < n; i++) {
				puts_(&b, p->eol);
				spaces(&b, indent + 2 * i);
				if (i + 1 < n) {
					puts_(&b, rest[i].key);
					puts_(&b, ":");
				}
			}
			write_pair(p, &b, rest[n - 1].key, v, indent + 2 * (n - 1), false);
		} else {
			write_pair(p, &b, key, v, indent, false);
		}
		if (!last)
			puts_(&b, p->eol);
	}
	e = add_edit(p, at, at, b.s);
	e->map = map, e->key = key, e->indent = indent + 2;
	return KR_PATCH_OK;
}

/* Removes "key: value" (a text emptied in the workbook). */
static enum kr_patch_why remove_pair(kr_patch *p, const kr_node *map, size_t i)
{
	if (map->style == KR_S_FLOW) {
		add_edit(p, map->items[i + 1]->start, value_end(p, map->items[i + 1]), "\"\"");
		return KR_PATCH_OK;
	}
	size_t start = line_start(p, map->items[i]->start);
	if (p->buf[start] != ' ' && start != map->items[i]->start)
		return KR_PATCH_SHARED_LINE;
	for (size_t k = start; k < map->items[i]->start; k++)
		if (p->buf[k] != ' ')
			return KR_PATCH_SHARED_LINE;
	add_edit(p, start, after_line(p, map->items[i + 1]), "");
	return KR_PATCH_OK;
}

static enum kr_patch_why apply(kr_patch *p, const kr_ystep *path, size_t n,
			 const kr_schema *const *schemas, const kr_pvalue *v)
{
	const kr_node *cur = p->root;
	bool in_flow = false;
	for (size_t i = 0; i < n; i++) {
		if (cur->aliased)
			return KR_PATCH_ALIAS;
		in_flow |= cur->style == KR_S_FLOW;
		if (!path[i].key) {
			if (cur->type != KR_N_SEQ || path[i].index >= cur->n)
				return KR_PATCH_SHAPE;
			cur = cur->items[path[i].index];
			continue;
		}
		if (cur->type != KR_N_MAP)
			return KR_PATCH_SHAPE;
		const kr_node *next = kr_map_get(cur, path[i].key);
		bool removing = (v->kind == KR_PV_LIST && v->n == 0) || v->kind == KR_PV_NULL;
		if (!next)
			return removing && i + 1 == n ? KR_PATCH_OK
			       : insert(p, cur, schemas ? schemas[i] : NULL, path + i, n - i, v);
		if (i + 1 == n && v->kind == KR_PV_LIST && v->n == 0)
			for (size_t k = 0; k + 1 < cur->n; k += 2)
				if (cur->items[k + 1] == next)
					return remove_pair(p, cur, k);
		cur = next;
	}
	if (cur->aliased)
		return KR_PATCH_ALIAS;
	return replace(p, cur, in_flow, v);
}

enum kr_patch_why kr_patch_set(kr_patch *p, const kr_ystep *path, size_t n,
			 const kr_schema *const *schemas, const kr_pvalue *v)
{
	enum kr_patch_why why = apply(p, path, n, schemas, v);
	if (why != KR_PATCH_OK)
		return why;
	p->checks = kr_grow(p->a, p->checks, p->n_checks, &p->cap_checks, sizeof *p->checks, 16);
	check *c = &p->checks[p->n_checks++];
	c->path = kr_alloc_array(p->a, n, sizeof *c->path);
	memcpy(c->path, path, n * sizeof *c->path);
	c->n = n, c->v = *v;
	return KR_PATCH_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Result */

static int cmp_edit(const void *pa, const void *pb)
{
	const edit *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The value at path in the re-parsed tree reads as v. */
static bool reads_back(const kr_node *root, const check *e)
{
	const kr_node *cur = root;
	for (size_t i = 0; i < e->n && cur; i++)
		cur = e->path[i].key ? kr_map_get(cur, e->path[i].key)
		      : cur->type == KR_N_SEQ && e->path[i].index < cur->n ? cur->items[e->path[i].index]
									   : NULL;
	const kr_pvalue *v = &e->v;
	switch (v->kind) {
	case KR_PV_NULL:
		return !cur || kr_node_is_null(cur);
	case KR_PV_NUMBER:
		return cur && cur->type == KR_N_SCALAR && cur->plain && strcmp(cur->s, v->s) == 0;
	case KR_PV_TEXT:
		return cur && cur->type == KR_N_SCALAR && strcmp(cur->s, v->s) == 0;
	case KR_PV_LIST:
		if (v->n == 0)
			return !cur || (cur->type == KR_N_SCALAR && cur->len == 0);
		if (cur && cur->type == KR_N_SCALAR)
			return v->n == 1 && strcmp(cur->s, v->items[0]) == 0;
		if (!cur || cur->type != KR_N_SEQ || cur->n != v->n)
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (cur->items[i]->type != KR_N_SCALAR || strcmp(cur->items[i]->s, v->items[i]) != 0)
				return false;
		return true;
	}
	return false;
}

char *kr_patch_result(kr_patch *p, kr_diags *d, const char *name, size_t *len, kr_node **out)
{
	qsort(p->edits, p->n_edits, sizeof *p->edits, cmp_edit);
	sbuf b = {.a = p->a};
	size_t at = 0;
	for (size_t i = 0; i < p->n_edits; i++) {
		const edit *e = &p->edits[i];
		if (e->start < at) {
			kr_diag(d, name, KR_NO_LOC, KR_D_PATCH,
				"two changes overlap in the file; nothing was written");
			return NULL;
		}
		put(&b, p->buf + at, e->start - at);
		puts_(&b, e->text);
		at = e->end;
	}
	put(&b, p->buf + at, p->len - at);
	kr_diags *scratch = kr_diags_new();
	kr_node *root = kr_yaml_parse(p->a, scratch, name, b.s, b.len);
	bool ok = root != NULL;
	for (size_t i = 0; ok && i < p->n_checks; i++)
		if (!reads_back(root, &p->checks[i])) {
			const kr_ystep *last = &p->checks[i].path[p->checks[i].n - 1];
			const char *key = last->key ? last->key : "?";
			kr_diag(d, name, KR_NO_LOC, KR_D_PATCH,
				"the new value of '%s' did not read back as written; nothing was written",
				key);
			ok = false;
		}
	if (!root)
		kr_diag(d, name, KR_NO_LOC, KR_D_PATCH,
			"the changed file would not parse; nothing was written");
	kr_diags_free(scratch);
	*len = b.len;
	*out = root;
	return ok ? b.s : NULL;
}

/* The table-driven loader: types, unknown keys, required keys. */
#include "load.h"

#include "bounds.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "load_value.h"
#include "yamlhint.h"

#define AT(base, off, type) ((type *)((char *)(base) + (off)))

/* Where a mapping sits, for the messages about its keys: at the top of a handout or a template,
 * as the value of a key, or as an entry of the list under a key. */
enum place { AT_HANDOUT, AT_TEMPLATE, AT_VALUE, AT_ENTRY };
static void load_map(const kr_loader *l, const kr_node *node, const kr_schema *s, void *base,
		     enum place at, const char *parent);

/* What a value should have been, for the type messages. */
enum want {
	W_TEXT, W_INT, W_MONEY, W_NUM, W_DATE, W_MONTH, /* single values */
	W_TEXTS, W_TEXTS_ITEM, W_SCALE, W_SCALE_ITEM, W_STRLIST, W_LIST, W_EXTRA,
	W_OBJ, W_ENTRY, W_TOP,
	W_COUNT
};

/* What it was. */
enum found { F_MAP, F_SEQ, F_VALUE, F_EMPTY, F_COUNT };

static enum found found_kind(const kr_node *n)
{
	return n->type == KR_N_MAP ? F_MAP : n->type == KR_N_SEQ ? F_SEQ
		: kr_node_is_null(n) ? F_EMPTY : F_VALUE;
}

/* One whole message per (wanted, found); %s is the key.  NULL where it cannot happen. */
static const char *const type_msgs[W_COUNT][F_COUNT] = {
	[W_TEXT] = {N_("'%s' must be a text, not a mapping (key: value pairs)"),
		    N_("'%s' must be a text, not a list")},
	[W_INT] = {N_("'%s' must be a whole number, not a mapping (key: value pairs)"),
		   N_("'%s' must be a whole number, not a list")},
	[W_MONEY] = {N_("'%s' must be a yen amount, not a mapping (key: value pairs)"),
		     N_("'%s' must be a yen amount, not a list")},
	[W_NUM] = {N_("'%s' must be a number, not a mapping (key: value pairs)"),
		   N_("'%s' must be a number, not a list")},
	[W_DATE] = {N_("'%s' must be a date (YYYY-MM-DD), not a mapping (key: value pairs)"),
		    N_("'%s' must be a date (YYYY-MM-DD), not a list")},
	[W_MONTH] = {N_("'%s' must be a month (YYYY-MM), not a mapping (key: value pairs)"),
		     N_("'%s' must be a month (YYYY-MM), not a list")},
	[W_TEXTS] = {N_("'%s' must be a text or a list of texts, not a mapping (key: value pairs)")},
	[W_TEXTS_ITEM] = {N_("each entry of '%s' must be a text, not a mapping (key: value pairs)"),
			  N_("each entry of '%s' must be a text, not a list")},
	[W_SCALE] = {N_("'%s' must be a list of labels, not a mapping (key: value pairs)"), NULL,
		     N_("'%s' must be a list of labels, not a single value"),
		     N_("'%s' must be a list of labels, not empty")},
	[W_SCALE_ITEM] = {NULL, N_("each entry of '%s' must be a label or {label: …, criterion: …}, "
				"not a list")},
	[W_STRLIST] = {N_("'%s' must be a list, not a mapping (key: value pairs)"), NULL,
		       N_("'%s' must be a list, not a single value"), N_("'%s' must be a list, not empty")},
	[W_LIST] = {N_("'%s' must be a list (each entry starting with '- '), not a mapping (key: "
		    "value pairs)"),
		    NULL, N_("'%s' must be a list (each entry starting with '- '), not a single value")},
	[W_EXTRA] = {NULL, N_("'%s' must be a mapping of field: text, not a list"),
		     N_("'%s' must be a mapping of field: text, not a single value"),
		     N_("'%s' must be a mapping of field: text, not empty")},
	[W_OBJ] = {NULL, N_("'%s' must be a mapping of key: value pairs, not a list"),
		   N_("'%s' must be a mapping of key: value pairs, not a single value")},
	[W_ENTRY] = {NULL, N_("each entry of '%s' must be a mapping of key: value pairs, not a list"),
		     N_("each entry of '%s' must be a mapping of key: value pairs, not a single value"),
		     N_("an entry of '%s' is empty; write its keys or remove the '-'")},
	[W_TOP] = {NULL, N_("the top level must be a mapping of key: value pairs, not a list"),
		   N_("the top level must be a mapping of key: value pairs, not a single value"),
		   N_("the file is empty")},
};

static void type_error(const kr_loader *l, const kr_node *n, const char *key, enum want w)
{
	const char *msg = type_msgs[w][found_kind(n)];
	if (msg)
		kr_diag(l->diags, l->file, n->loc, KR_D_TYPE, msg, key);
}

static bool is_scalar(const kr_loader *l, const kr_node *n, const char *key, enum want w)
{
	if (n->type == KR_N_SCALAR)
		return true;
	type_error(l, n, key, w);
	return false;
}

/* Whether s shows nothing: spaces, tabs, line breaks, U+3000, no-break and zero-width spaces,
 * word joiners and BOMs only. */
static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		static const char *const wide[] = {"\u3000", "\u00A0", "\u200B", "\u200C", "\u200D",
						   "\u2060", "\uFEFF", "\u180E", "\u2028", "\u2029"};
		bool hit = false;
		for (size_t k = 0; k < sizeof wide / sizeof wide[0] && !hit; k++) {
			size_t n = strlen(wide[k]);
			if (i + n <= len && memcmp(s + i, wide[k], n) == 0)
				i += n, hit = true;
		}
		if (!hit)
			return false;
	}
	return true;
}

static void load_str(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_str *out)
{
	if (!is_scalar(l, n, f->key, W_TEXT))
		return;
	kr_comment_hint(l->diags, l->file, l->src, l->src_len, n, f->key);
	if (kr_node_is_null(n)) {
		if (f->required)
			kr_diag(l->diags, l->file, n->loc, KR_D_EMPTY, "'%s' must not be empty", f->key);
		return;
	}
	/* A paragraph written over several lines: no spaces between its Japanese characters. */
	const char *text = kr_unfold(l->arena, l->src, l->src_len, n);
	size_t len = text ? strlen(text) : n->len;
	if (!text)
		text = n->s;
	/* Trailing newlines from block scalars (|, >) are not content. */
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len == 0) {
		if (f->required)
			kr_diag(l->diags, l->file, n->loc, KR_D_EMPTY, "'%s' must not be empty", f->key);
		return;
	}
	if (blank(text, len)) {
		if (f->required)
			kr_diag(l->diags, l->file, n->loc, KR_D_EMPTY,
				"'%s' must not be empty; it holds only spaces or invisible characters",
				f->key);
		return;
	}
	out->s = text == n->s && len == n->len ? n->s : kr_strndup(l->arena, text, len);
	out->loc = n->loc;
	kr_limit_text(l->diags, l->file, n->loc, out->s, KR_CELL_MAX, KR_D_TOO_LONG);
}

static void load_texts(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_texts *out)
{
	if (n->type == KR_N_MAP) {
		type_error(l, n, f->key, W_TEXTS);
		return;
	}
	if (n->type == KR_N_SCALAR) {
		kr_str s = {0};
		kr_fielddef tf = *f;
		tf.required = false;
		load_str(l, n, &tf, &s);
		if (!s.s)
			return;
		out->items = kr_alloc(l->arena, sizeof *out->items);
		out->items[0] = s;
		out->n = 1;
		out->loc = n->loc;
		return;
	}
	out->items = kr_alloc_array(l->arena, n->n ? n->n : 1, sizeof *out->items);
	out->bullets = true;
	out->loc = n->loc;
	size_t chars = 0; /* as one cell: "・" and a line break per item */
	for (size_t i = 0; i < n->n; i++) {
		const kr_node *it = n->items[i];
		if (it->type != KR_N_SCALAR) {
			type_error(l, it, f->key, W_TEXTS_ITEM);
			continue;
		}
		kr_str s = {0};
		kr_fielddef tf = *f;
		tf.required = false;
		load_str(l, it, &tf, &s);
		if (s.s) {
			out->items[out->n++] = s;
			chars += kr_utf8_count(s.s) + 2;
		}
	}
	if (chars > KR_CELL_MAX + 1)
		kr_diag(l->diags, l->file, n->loc, KR_D_TOO_LONG,
			"these texts have %zu characters together, and a spreadsheet cell holds at most "
			"%d; shorten them",
			chars - 1, KR_CELL_MAX);
}

static void load_scale(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_scale *out)
{
	if (n->type != KR_N_SEQ) {
		type_error(l, n, f->key, W_SCALE);
		return;
	}
	out->set = true;
	out->loc = n->loc;
	out->items = kr_alloc_array(l->arena, n->n ? n->n : 1, sizeof *out->items);
	static const kr_fielddef label = {.key = "label", .type = KR_T_STR, .required = true};
	static const kr_fielddef crit = {.key = "criterion", .type = KR_T_STR};
	for (size_t i = 0; i < n->n; i++) {
		const kr_node *it = n->items[i];
		kr_choice c = {0};
		if (it->type == KR_N_SCALAR) {
			load_str(l, it, &label, &c.label);
		} else if (it->type == KR_N_MAP) {
			for (size_t k = 0; k + 1 < it->n; k += 2) {
				const kr_node *key = it->items[k], *val = it->items[k + 1];
				if (key->type != KR_N_SCALAR)
					continue;
				if (strcmp(key->s, "label") == 0)
					load_str(l, val, &label, &c.label);
				else if (strcmp(key->s, "criterion") == 0)
					load_str(l, val, &crit, &c.criterion);
				else
					kr_diag(l->diags, l->file, key->loc, KR_D_UNKNOWN_KEY,
						"unknown key '%s' in a scale entry; an entry has label: and criterion:",
						key->s);
			}
			if (!kr_map_get(it, "label"))
				kr_diag(l->diags, l->file, it->loc, KR_D_MISSING_KEY,
					"a scale entry needs 'label:'");
		} else {
			type_error(l, it, f->key, W_SCALE_ITEM);
		}
		if (c.label.s)
			out->items[out->n++] = c;
	}
}

static void load_enum(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_str *out)
{
	kr_str s = {0};
	load_str(l, n, f, &s);
	if (!s.s)
		return;
	size_t nc = 0;
	while (f->choices[nc])
		nc++;
	for (size_t i = 0; i < nc; i++)
		if (strcmp(s.s, f->choices[i]) == 0) {
			*out = s;
			return;
		}
	const char *guess = kr_closest(s.s, f->choices, nc);
	char list[256];
	kr_join(list, sizeof list, f->choices, nc);
	if (guess)
		kr_diag(l->diags, l->file, n->loc, KR_D_CHOICE,
			"'%s' must be one of (%s), not '%s'; did you mean '%s'?", f->key, list, s.s,
			guess);
	else
		kr_diag(l->diags, l->file, n->loc, KR_D_CHOICE, "'%s' must be one of (%s), not '%s'",
			f->key, list, s.s);
}

static void load_strlist(const kr_loader *l, const kr_node *n, const kr_fielddef *f, void *base)
{
	if (n->type != KR_N_SEQ) {
		type_error(l, n, f->key, W_STRLIST);
		return;
	}
	kr_str *v = kr_alloc_array(l->arena, n->n ? n->n : 1, sizeof *v);
	size_t cnt = 0;
	kr_fielddef tf = *f;
	tf.required = true;
	for (size_t i = 0; i < n->n; i++) {
		kr_str s = {0};
		if (n->items[i]->type != KR_N_SCALAR) {
			type_error(l, n->items[i], f->key, W_TEXTS_ITEM);
			continue;
		}
		load_str(l, n->items[i], &tf, &s);
		if (s.s)
			v[cnt++] = s;
	}
	*AT(base, f->offset, kr_str *) = v;
	*AT(base, f->count_offset, size_t) = cnt;
}

static void load_list(const kr_loader *l, const kr_node *n, const kr_fielddef *f, void *base)
{
	if (n->type != KR_N_SEQ) {
		if (kr_node_is_null(n) && f->required)
			kr_diag(l->diags, l->file, n->loc, KR_D_EMPTY, "'%s' needs at least one entry",
				f->key);
		else if (!kr_node_is_null(n))
			type_error(l, n, f->key, W_LIST);
		return;
	}
	const kr_schema *s = f->sub;
	if (f->required && n->n == 0)
		kr_diag(l->diags, l->file, n->loc, KR_D_EMPTY, "'%s' needs at least one entry",
			f->key);
	char *v = kr_alloc_array(l->arena, n->n ? n->n : 1, s->size);
	for (size_t i = 0; i < n->n; i++)
		load_map(l, n->items[i], s, v + i * s->size, AT_ENTRY, f->key);
	*AT(base, f->offset, void *) = v;
	*AT(base, f->count_offset, size_t) = n->n;
}

static void load_extra(const kr_loader *l, const kr_node *n, const kr_fielddef *f, void *base)
{
	if (n->type != KR_N_MAP) {
		type_error(l, n, f->key, W_EXTRA);
		return;
	}
	size_t np = n->n / 2;
	kr_extra *v = kr_alloc_array(l->arena, np ? np : 1, sizeof *v);
	size_t cnt = 0;
	for (size_t i = 0; i < np; i++) {
		const kr_node *k = n->items[2 * i];
		if (k->type != KR_N_SCALAR)
			continue;
		v[cnt].key = (kr_str){k->s, k->loc};
		load_texts(l, n->items[2 * i + 1], f, &v[cnt].value);
		cnt++;
	}
	*AT(base, f->offset, kr_extra *) = v;
	*AT(base, f->count_offset, size_t) = cnt;
}

static void load_value(const kr_loader *l, const kr_node *n, const kr_fielddef *f, void *base)
{
	switch (f->type) {
	case KR_T_STR:
		load_str(l, n, f, AT(base, f->offset, kr_str));
		break;
	case KR_T_INT:
		if (is_scalar(l, n, f->key, W_INT))
			kr_load_int(l, n, f, AT(base, f->offset, kr_int));
		break;
	case KR_T_MONEY:
		if (is_scalar(l, n, f->key, W_MONEY))
			kr_load_money(l, n, f, AT(base, f->offset, kr_money));
		break;
	case KR_T_NUM: {
		kr_num *v = AT(base, f->offset, kr_num);
		v->invalid = true; /* until it parses */
		v->loc = n->loc;
		if (is_scalar(l, n, f->key, W_NUM))
			kr_load_num(l, n, f, v);
		break;
	}
	case KR_T_DATE:
	case KR_T_MONTH:
		if (is_scalar(l, n, f->key, f->type == KR_T_MONTH ? W_MONTH : W_DATE))
			kr_load_date(l, n, f, AT(base, f->offset, kr_date), f->type == KR_T_MONTH);
		break;
	case KR_T_TEXTS:
		load_texts(l, n, f, AT(base, f->offset, kr_texts));
		break;
	case KR_T_SCALE:
		load_scale(l, n, f, AT(base, f->offset, kr_scale));
		break;
	case KR_T_ENUM:
		load_enum(l, n, f, AT(base, f->offset, kr_str));
		break;
	case KR_T_STRLIST:
		load_strlist(l, n, f, base);
		break;
	case KR_T_OBJ:
		if (kr_node_is_null(n))
			break;
		load_map(l, n, f->sub, base, AT_VALUE, f->key);
		break;
	case KR_T_LIST:
		load_list(l, n, f, base);
		break;
	case KR_T_EXTRA:
		load_extra(l, n, f, base);
		break;
	}
}

static void unknown_key(const kr_loader *l, const kr_node *k, const kr_schema *s,
			enum place at, const char *parent)
{
	if (kr_key_indent_hint(l->diags, l->file, k))
		return;
	const char *guess = kr_schema_suggest(s, k->s);
	if (s == &kr_subproject_schema &&
	    (strcmp(k->s, "grant_program") == 0 || strcmp(k->s, "subprojects") == 0)) {
		kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
			"'%s' is not allowed in a subproject; give it on the project", k->s);
		return;
	}
	if (guess) {
		if (at == AT_VALUE)
			kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
				"unknown key '%s' in '%s'; did you mean '%s'?", k->s, parent, guess);
		else if (at == AT_ENTRY)
			kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
				"unknown key '%s' in an entry of '%s'; did you mean '%s'?", k->s, parent,
				guess);
		else
			kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
				"unknown key '%s' at the top level; did you mean '%s'?", k->s, guess);
		return;
	}
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; i < s->n_fields && n < 64; i++)
		names[n++] = s->fields[i].key;
	char keys[512];
	kr_join(keys, sizeof keys, names, n);
	if (at == AT_VALUE)
		kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
			"unknown key '%s' in '%s'; known keys: %s", k->s, parent, keys);
	else if (at == AT_ENTRY)
		kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
			"unknown key '%s' in an entry of '%s'; known keys: %s", k->s, parent, keys);
	else
		kr_diag(l->diags, l->file, k->loc, KR_D_UNKNOWN_KEY,
			"unknown key '%s' at the top level; known keys: %s", k->s, keys);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Inside {…} a comma separates entries: {target: 80,000} reads as target: 80 and a key "000"
 * with no value.  Reports the number as written, at the key after the comma, and returns how
 * many such keys it covers (0: not this mistake). */
static size_t split_number(const kr_loader *l, const kr_node *map, size_t i)
{
	if (map->style != KR_S_FLOW || i < 2)
		return 0;
	const kr_node *pk = map->items[i - 2], *pv = map->items[i - 1];
	if (pk->type != KR_N_SCALAR || pv->type != KR_N_SCALAR || !pv->plain || !all_digits(pv->s))
		return 0;
	size_t n = 0;
	char written[128], joined[128];
	snprintf(written, sizeof written, "%s", pv->s);
	snprintf(joined, sizeof joined, "%s", pv->s);
	for (size_t j = i; j + 1 < map->n; j += 2, n++) {
		const kr_node *k = map->items[j], *v = map->items[j + 1];
		if (k->type != KR_N_SCALAR || k->len != 3 || !all_digits(k->s) || !kr_node_is_null(v) ||
		    strlen(written) + 5 > sizeof written)
			break;
		strcat(written, ","), strcat(written, k->s), strcat(joined, k->s);
	}
	if (n)
		kr_diag(l->diags, l->file, map->items[i]->loc, KR_D_NUMBER,
			"inside {…} a comma separates the entries, so '%s: %s' was read as %s and a key "
			"'%s'; write %s: %s without commas",
			pk->s, written, pv->s, map->items[i]->s, pk->s, joined);
	return n;
}

static void missing_key(const kr_loader *l, const kr_node *node, const kr_fielddef *f,
			enum place at, const char *parent)
{
	kr_loc loc = node->loc;
	switch (at) {
	case AT_HANDOUT:
		kr_diag(l->diags, l->file, loc, KR_D_MISSING_KEY, "the handout needs '%s:' (%s)",
			f->key, f->ja);
		break;
	case AT_TEMPLATE:
		kr_diag(l->diags, l->file, loc, KR_D_MISSING_KEY, "the template needs '%s:' (%s)",
			f->key, f->ja);
		break;
	case AT_VALUE:
		kr_diag(l->diags, l->file, loc, KR_D_MISSING_KEY, "'%s' needs '%s:' (%s)", parent,
			f->key, f->ja);
		break;
	case AT_ENTRY:
		kr_diag(l->diags, l->file, loc, KR_D_MISSING_KEY,
			"an entry of '%s' needs '%s:' (%s)", parent, f->key, f->ja);
		break;
	}
}

static void load_map(const kr_loader *l, const kr_node *node, const kr_schema *s, void *base,
		     enum place at, const char *parent)
{
	if (node->type != KR_N_MAP) {
		type_error(l, node, parent, at == AT_VALUE ? W_OBJ : at == AT_ENTRY ? W_ENTRY : W_TOP);
		return;
	}
	if (s->loc_offset != KR_NO_OFFSET)
		*AT(base, s->loc_offset, kr_loc) = node->loc;
	if (s->set_offset != KR_NO_OFFSET)
		*AT(base, s->set_offset, bool) = true;
	/* Which fields were given: a repeated key was reported already, and only its first value is
	 * loaded (a flag per field, not a search back: 100 000 repeats must cost 100 000 steps). */
	bool *given = calloc(s->n_fields ? s->n_fields : 1, sizeof *given);
	if (!given)
		kr_oom();
	for (size_t i = 0; i + 1 < node->n; i += 2) {
		const kr_node *k = node->items[i];
		if (k->type != KR_N_SCALAR)
			continue; /* reported by the tree builder */
		const kr_fielddef *f = kr_schema_field(s, k->s);
		size_t split = f ? 0 : split_number(l, node, i);
		if (split) {
			i += 2 * (split - 1);
			continue;
		}
		if (!f) {
			unknown_key(l, k, s, at, parent);
			continue;
		}
		if (given[f - s->fields])
			continue;
		given[f - s->fields] = true;
		load_value(l, node->items[i + 1], f, base);
	}
	for (size_t i = 0; i < s->n_fields; i++) {
		const kr_fielddef *f = &s->fields[i];
		if (f->required && !given[i])
			missing_key(l, node, f, at, parent);
	}
	free(given);
}

void kr_load_map(const kr_loader *l, const kr_node *node, const kr_schema *s, void *base)
{
	load_map(l, node, s, base, s == &kr_doc_schema ? AT_HANDOUT : AT_TEMPLATE, NULL);
}

/* src (len bytes) is the text root was parsed from, for the hints that quote it. */
static kr_doc *from_root(kr_arena *a, kr_node *root, const char *name, const char *src,
			 size_t len, kr_diags *d)
{
	kr_doc *doc = kr_alloc(a, sizeof *doc);
	doc->arena = a;
	doc->path = kr_strdup(a, name);
	if (root->type == KR_N_SEQ) {
		kr_diag(d, name, root->loc, KR_D_TOP_LEVEL,
			"the top level must be a mapping (version:, title:, projects: …), not a list");
		return doc;
	}
	if (root->type == KR_N_SCALAR) {
		if (kr_node_is_null(root))
			kr_diag(d, name, root->loc, KR_D_TOP_LEVEL,
				"the file is empty; a handout starts with 'version: 1'");
		else
			kr_diag(d, name, root->loc, KR_D_TOP_LEVEL,
				"the top level must be a mapping (version:, title:, projects: …), not a "
				"single value");
		return doc;
	}
	kr_loader l = {.arena = a, .diags = d, .file = doc->path, .src = src, .src_len = len};
	kr_load_map(&l, root, &kr_doc_schema, doc);
	return doc;
}

kr_doc *kr_doc_load(const char *path, kr_diags *d)
{
	kr_arena *a = kr_arena_new();
	size_t len;
	char *buf = kr_read_file(a, d, path, &len);
	kr_node *root = buf ? kr_yaml_parse(a, d, path, buf, len) : NULL;
	if (!root) {
		kr_arena_free(a);
		return NULL;
	}
	return from_root(a, root, path, buf, len, d);
}

kr_doc *kr_doc_load_mem(const char *name, const char *buf, size_t len, kr_diags *d)
{
	kr_arena *a = kr_arena_new();
	kr_node *root = kr_yaml_parse(a, d, name, buf, len);
	if (!root) {
		kr_arena_free(a);
		return NULL;
	}
	return from_root(a, root, name, buf, len, d);
}

void kr_doc_free(kr_doc *doc)
{
	if (doc)
		kr_arena_free(doc->arena);
}

kr_doc *kr_doc_load_tree(kr_arena *a, kr_node *root, const char *name, const char *src,
			 size_t len, kr_diags *d)
{
	return from_root(a, root, name, src, len, d);
}

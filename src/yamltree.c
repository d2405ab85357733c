/* Builds a node tree from libyaml's event stream, enforcing the input limits.
 *
 * Grammar handled (the subset of YAML 1.1 events a handout uses):
 *   stream   ::= STREAM-START document? STREAM-END      (a second document is an error)
 *   document ::= DOCUMENT-START node DOCUMENT-END
 *   node     ::= ALIAS | SCALAR | SEQUENCE-START node* SEQUENCE-END
 *              | MAPPING-START (node node)* MAPPING-END
 */
#include "yamltree.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "yamlhint.h"

static kr_loc mark_loc(yaml_mark_t m)
{
	return KR_LOC((int)m.line + 1, (int)m.column + 1);
}

/* libyaml's mark.index counts characters; nodes keep byte offsets.  Every STEP-th character's
 * byte offset is noted once, so a mark converts in at most STEP - 1 steps in any order. */
#define STEP 64
typedef struct {
	const unsigned char *s;
	size_t len, base; /* base: bytes before s in the caller's buffer (a BOM) */
	size_t *table, n;
} charmap;

static void charmap_init(charmap *m, const unsigned char *s, size_t len, size_t base)
{
	*m = (charmap){s, len, base, NULL, 0};
	m->table = malloc((len / STEP + 2) * sizeof *m->table);
	if (!m->table)
		kr_oom();
	size_t chars = 0;
	for (size_t i = 0; i < len; i++)
		if ((s[i] & 0xC0) != 0x80 && chars++ % STEP == 0)
			m->table[m->n++] = i;
	m->table[m->n] = len;
}

static size_t mark_byte(const charmap *m, yaml_mark_t mk)
{
	size_t k = mk.index / STEP;
	if (k >= m->n)
		return m->base + m->len;
	size_t i = m->table[k];
	for (size_t left = mk.index % STEP; left > 0 && i < m->len; left--)
		for (i++; i < m->len && (m->s[i] & 0xC0) == 0x80; i++)
			;
	return m->base + i;
}

/* False for what a handout must not contain: C0 controls but tab and line ends, DEL, C1
 * controls and noncharacters (they break the xlsx's XML, and NUL cuts a text short). */
static bool allowed_char(uint32_t cp)
{
	return !((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
		 (cp >= 0x80 && cp < 0xA0) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
		 (cp & 0xFFFE) == 0xFFFE);
}

/* Checks UTF-8 and the characters YAML and kpireport accept; reports the first problem. */
static bool check_text(kr_diags *d, const char *name, const unsigned char *s, size_t len)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		uint32_t cp;
		size_t n;
		if (c < 0x80) {
			cp = c, n = 1;
		} else if (c >= 0xC2 && c <= 0xDF) {
			cp = c & 0x1F, n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			cp = c & 0x0F, n = 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			cp = c & 0x07, n = 4;
		} else {
			if (c == 0xC0 || c == 0xC1)
				kr_diag(d, name, KR_LOC(line, col), KR_D_UTF8,
					"invalid UTF-8 byte 0x%02X (an overlong encoding); save the file as "
					"UTF-8", c);
			else
				kr_diag(d, name, KR_LOC(line, col), KR_D_UTF8,
					"invalid UTF-8 byte 0x%02X; save the file as UTF-8", c);
			return false;
		}
		if (i + n > len) {
			kr_diag(d, name, KR_LOC(line, col), KR_D_UTF8,
				"UTF-8 sequence cut off at the end of the file");
			return false;
		}
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				kr_diag(d, name, KR_LOC(line, col), KR_D_UTF8,
					"invalid UTF-8 sequence starting with byte 0x%02X; save the file as UTF-8", c);
				return false;
			}
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
			kr_diag(d, name, KR_LOC(line, col), KR_D_UTF8,
				"overlong or out-of-range UTF-8 sequence starting with byte 0x%02X", c);
			return false;
		}
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			kr_diag(d, name, KR_LOC(line, col), KR_D_UTF8,
				"UTF-8 encoded surrogate U+%04X (not a character); save the file as UTF-8", cp);
			return false;
		}
		if (cp == 0) {
			kr_diag(d, name, KR_LOC(line, col), KR_D_CONTROL,
				"NUL byte in the text; the file may not be a text file");
			return false;
		}
		if (!allowed_char(cp)) {
			kr_diag(d, name, KR_LOC(line, col), KR_D_CONTROL,
				"character U+%04X is not allowed in a handout (control character or "
				"noncharacter)", cp);
			return false;
		}
		if (cp == '\n' || (cp == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
			/* LF, CRLF and a lone CR (old Mac files) each end a line, as for libyaml */
			line++, col = 1;
		} else {
			col++;
		}
		i += n;
	}
	return true;
}

struct frame {
	kr_node *node;
	kr_node **items;
	size_t n, cap;
	char *anchor;
};

struct anchor {
	char *name;
	kr_node *node; /* NULL while the anchored collection is still open */
};

#define MAX_ANCHORS 4096
#define ANCHOR_SLOTS (2 * MAX_ANCHORS) /* hash table of anchor names, never more than half full */

struct builder {
	kr_arena *a;
	kr_diags *d;
	const char *name;
	struct frame stack[KR_MAX_DEPTH + 1];
	size_t depth;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t *slots; /* ANCHOR_SLOTS: index + 1 of a name's latest anchor, 0 = free */
	size_t nodes; /* expanded */
	kr_node *root;
	int docs;
	bool failed;
	charmap chars;
};

/* The slot of name in the hash table: its own, or the free one where it would go.  A table
 * rather than a search, so that millions of aliases cost millions of steps, not billions. */
static size_t *anchor_slot(struct builder *b, const char *name)
{
	size_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	for (h %= ANCHOR_SLOTS;; h = (h + 1) % ANCHOR_SLOTS)
		if (!b->slots[h] || strcmp(b->anchors[b->slots[h] - 1].name, name) == 0)
			return &b->slots[h];
}

static struct anchor *find_anchor(struct builder *b, const char *name)
{
	/* The most recent definition wins (YAML allows redefinition): set_anchor keeps the slot
	 * pointing at it. */
	if (!b->slots)
		return NULL;
	size_t *slot = anchor_slot(b, name);
	return *slot ? &b->anchors[*slot - 1] : NULL;
}

/* node is NULL while the anchored collection is open; loc is where the anchor is. */
static void set_anchor(struct builder *b, const char *name, kr_node *node, kr_loc loc)
{
	if (b->n_anchors == b->cap_anchors) {
		if (b->cap_anchors >= MAX_ANCHORS) {
			/* Bounded: anchors are rare in handouts. */
			kr_diag(b->d, b->name, loc, KR_D_ALIASES,
				"more than %d anchors (&name); a handout needs none", MAX_ANCHORS);
			b->failed = true;
			return;
		}
		b->cap_anchors = b->cap_anchors ? 2 * b->cap_anchors : 16;
		b->anchors = realloc(b->anchors, b->cap_anchors * sizeof *b->anchors);
		if (!b->anchors)
			kr_oom();
	}
	if (!b->slots && !(b->slots = calloc(ANCHOR_SLOTS, sizeof *b->slots)))
		kr_oom();
	char *copy = strdup(name);
	if (!copy)
		kr_oom();
	b->anchors[b->n_anchors++] = (struct anchor){copy, node};
	*anchor_slot(b, copy) = b->n_anchors;
}

static bool count(struct builder *b, size_t w, kr_loc loc, bool alias)
{
	if (w > KR_MAX_NODES - b->nodes) {
		if (alias)
			kr_diag(b->d, b->name, loc, KR_D_ALIASES,
				"aliases expand to more than %u values (is this a \"billion laughs\" file?)",
				KR_MAX_NODES);
		else
			kr_diag(b->d, b->name, loc, KR_D_NODES, "more than %u values in one file",
				KR_MAX_NODES);
		b->failed = true;
		return false;
	}
	b->nodes += w;
	return true;
}

static void push_child(struct builder *b, kr_node *n)
{
	if (b->depth == 0) {
		b->root = n;
		return;
	}
	struct frame *f = &b->stack[b->depth - 1];
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->items = realloc(f->items, f->cap * sizeof *f->items);
		if (!f->items)
			kr_oom();
	}
	f->items[f->n++] = n;
	f->node->weight += n->weight;
}

struct keyref {
	const kr_node *key;
	size_t index;
};

static int cmp_key(const void *pa, const void *pb)
{
	const struct keyref *a = pa, *b = pb;
	size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
	int c = memcmp(a->key->s, b->key->s, n);
	if (c)
		return c;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void check_keys(struct builder *b, kr_node *map)
{
	size_t np = map->n / 2;
	struct keyref *refs = malloc((np ? np : 1) * sizeof *refs);
	if (!refs)
		kr_oom();
	size_t nr = 0;
	for (size_t i = 0; i < np; i++) {
		kr_node *k = map->items[2 * i];
		if (k->type == KR_N_SEQ) {
			kr_diag(b->d, b->name, k->loc, KR_D_TYPE, "a key must be plain text, not a list");
			continue;
		}
		if (k->type == KR_N_MAP) {
			kr_diag(b->d, b->name, k->loc, KR_D_TYPE,
				"a key must be plain text, not a mapping (key: value pairs)");
			continue;
		}
		refs[nr++] = (struct keyref){k, i};
	}
	qsort(refs, nr, sizeof *refs, cmp_key);
	/* refs are sorted by index within equal keys: report each repeat at itself, pointing back
	 * at the first one of its run (tracked, not searched for: a key given 100 000 times must
	 * not cost 100 000² steps). */
	for (size_t i = 1, first = 0; i < nr; i++) {
		const kr_node *k0 = refs[first].key, *k = refs[i].key;
		if (k0->len != k->len || memcmp(k0->s, k->s, k->len) != 0) {
			first = i;
			continue;
		}
		kr_diag(b->d, b->name, k->loc, KR_D_DUPLICATE_KEY,
			"duplicate key '%s' (first given at line %d); remove one of them", k->s,
			k0->loc.line);
	}
	free(refs);
}

/* An explicit tag (!!binary, !!python/object, !custom) would be ignored silently, and the value
 * read as a text: refused, but for !!str, which only says what a handout reads anyway. */
static void explicit_tag(struct builder *b, const char *tag, kr_loc loc)
{
	static const char core[] = "tag:yaml.org,2002:";
	if (!tag || strcmp(tag, YAML_STR_TAG) == 0)
		return;
	if (strncmp(tag, core, sizeof core - 1) == 0)
		kr_diag(b->d, b->name, loc, KR_D_YAML,
			"the YAML tag '!!%s' is not allowed in a handout; remove it", tag + sizeof core - 1);
	else
		kr_diag(b->d, b->name, loc, KR_D_YAML,
			"the YAML tag '%s' is not allowed in a handout; remove it", tag);
}

static kr_node *new_node(struct builder *b, enum kr_ntype t, yaml_mark_t m)
{
	kr_node *n = kr_alloc(b->a, sizeof *n);
	n->type = t;
	n->loc = mark_loc(m);
	n->weight = 1;
	n->start = n->end = mark_byte(&b->chars, m);
	return n;
}

static void open_collection(struct builder *b, enum kr_ntype t, yaml_event_t *ev,
			    const yaml_char_t *anchor, bool flow)
{
	if (b->depth >= KR_MAX_DEPTH) {
		kr_diag(b->d, b->name, mark_loc(ev->start_mark), KR_D_DEPTH,
			"nesting deeper than %d levels", KR_MAX_DEPTH);
		b->failed = true;
		return;
	}
	kr_node *n = new_node(b, t, ev->start_mark);
	n->style = flow ? KR_S_FLOW : KR_S_BLOCK;
	explicit_tag(b, (const char *)(t == KR_N_SEQ ? ev->data.sequence_start.tag
						      : ev->data.mapping_start.tag),
		     n->loc);
	if (!count(b, 1, n->loc, false))
		return;
	struct frame *f = &b->stack[b->depth++];
	*f = (struct frame){.node = n};
	if (anchor) {
		f->anchor = strdup((const char *)anchor);
		if (!f->anchor)
			kr_oom();
		set_anchor(b, f->anchor, NULL, n->loc); /* open: an alias to it now is a cycle */
	}
}

static void close_collection(struct builder *b, yaml_event_t *ev)
{
	struct frame *f = &b->stack[--b->depth];
	kr_node *n = f->node;
	n->end = mark_byte(&b->chars, ev->end_mark);
	n->n = f->n;
	n->items = kr_alloc_array(b->a, f->n ? f->n : 1, sizeof *n->items);
	if (f->n)
		memcpy(n->items, f->items, f->n * sizeof *n->items);
	free(f->items);
	if (f->anchor) {
		struct anchor *an = find_anchor(b, f->anchor);
		if (an)
			an->node = n;
		free(f->anchor);
	}
	if (n->type == KR_N_MAP)
		check_keys(b, n);
	push_child(b, n);
}

/* The first character of a double-quoted scalar's value (valid UTF-8 from libyaml) that
 * allowed_char refuses, or -1.  Such a character can only come from an escape ("\0", "\x01",
 * "\uFFFE"), which check_text does not see. */
static long escaped_bad_char(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
		for (size_t k = 1; k < n && i + k < len; k++)
			cp = (cp << 6) | (s[i + k] & 0x3F);
		if (!allowed_char(cp))
			return (long)cp;
		i += n;
	}
	return -1;
}

static void on_scalar(struct builder *b, yaml_event_t *ev)
{
	size_t len = ev->data.scalar.length;
	kr_node *n = new_node(b, KR_N_SCALAR, ev->start_mark);
	n->end = mark_byte(&b->chars, ev->end_mark);
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		n->style = KR_S_SINGLE;
		break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		n->style = KR_S_DOUBLE;
		break;
	case YAML_LITERAL_SCALAR_STYLE:
		n->style = KR_S_LITERAL;
		break;
	case YAML_FOLDED_SCALAR_STYLE:
		n->style = KR_S_FOLDED;
		break;
	default:
		n->style = KR_S_PLAIN;
	}
	if (len > KR_MAX_SCALAR) {
		kr_diag(b->d, b->name, n->loc, KR_D_SCALAR_SIZE,
			"a value of %zu bytes; the limit is %u KiB per value", len, KR_MAX_SCALAR >> 10);
		b->failed = true;
		return;
	}
	if (!count(b, 1, n->loc, false))
		return;
	long bad = ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
			   ? escaped_bad_char(ev->data.scalar.value, len)
			   : -1;
	if (bad == 0)
		kr_diag(b->d, b->name, n->loc, KR_D_CONTROL, "\"\\0\" (NUL) in a quoted text; remove it");
	else if (bad > 0)
		kr_diag(b->d, b->name, n->loc, KR_D_CONTROL,
			"character U+%04lX (written as an escape) is not allowed in a handout (control "
			"character or noncharacter)", bad);
	explicit_tag(b, (const char *)ev->data.scalar.tag, n->loc);
	n->s = kr_strndup(b->a, (const char *)ev->data.scalar.value, len);
	n->len = len;
	const char *tag = (const char *)ev->data.scalar.tag;
	n->plain = ev->data.scalar.plain_implicit && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   !(tag && strcmp(tag, YAML_STR_TAG) == 0);
	if (ev->data.scalar.anchor)
		set_anchor(b, (const char *)ev->data.scalar.anchor, n, n->loc);
	push_child(b, n);
}

static void on_alias(struct builder *b, yaml_event_t *ev)
{
	kr_loc loc = mark_loc(ev->start_mark);
	struct anchor *an = find_anchor(b, (const char *)ev->data.alias.anchor);
	if (!an) {
		kr_diag(b->d, b->name, loc, KR_D_YAML, "alias *%s refers to no anchor",
			(const char *)ev->data.alias.anchor);
		b->failed = true;
		return;
	}
	if (!an->node) {
		kr_diag(b->d, b->name, loc, KR_D_ALIASES, "alias *%s refers to a value that contains it",
			(const char *)ev->data.alias.anchor);
		b->failed = true;
		return;
	}
	if (!count(b, an->node->weight, loc, true))
		return;
	an->node->aliased = true;
	push_child(b, an->node);
}

/* libyaml's problem, explained in plain words where a common mistake is its cause. */
static void yaml_problem(struct builder *b, const yaml_parser_t *p, const char *buf, size_t len)
{
	kr_yaml_error e = {p->problem, p->context, (int)p->problem_mark.line,
			   (int)p->problem_mark.column, p->context ? (int)p->context_mark.line : -1,
			   (int)p->context_mark.column};
	kr_yaml_explain(b->d, b->name, buf, len, &e);
}

kr_node *kr_yaml_parse(kr_arena *a, kr_diags *d, const char *name, const char *buf, size_t len)
{
	size_t bom = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3, bom = 3;
	if (!check_text(d, name, (const unsigned char *)buf, len))
		return NULL;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		kr_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	struct builder b = {.a = a, .d = d, .name = name};
	charmap_init(&b.chars, (const unsigned char *)buf, len, bom);
	for (bool done = false; !done && !b.failed;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_problem(&b, &parser, buf, len);
			b.failed = true;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++b.docs > 1) {
				kr_diag(d, name, mark_loc(ev.start_mark), KR_D_DOCUMENTS,
					"a second YAML document ('---'); keep one handout per file");
				b.failed = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &ev);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			open_collection(&b, KR_N_SEQ, &ev, ev.data.sequence_start.anchor,
					ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
			break;
		case YAML_MAPPING_START_EVENT:
			open_collection(&b, KR_N_MAP, &ev, ev.data.mapping_start.anchor,
					ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			close_collection(&b, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	while (b.depth > 0) {
		struct frame *f = &b.stack[--b.depth];
		free(f->items);
		free(f->anchor);
	}
	for (size_t i = 0; i < b.n_anchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	free(b.slots);
	free(b.chars.table);
	if (b.failed)
		return NULL;
	if (!b.root) {
		kr_diag(d, name, KR_LOC(1, 1), KR_D_TOP_LEVEL,
			"the file is empty; a handout starts with 'version: 1'");
		return NULL;
	}
	return b.root;
}

char *kr_read_file(kr_arena *a, kr_diags *d, const char *path, size_t *len)
{
	/* O_NONBLOCK: a FIFO or device named as a handout or template must not hang the open. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "not a regular file");
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "cannot open: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > KR_MAX_FILE_SIZE) {
		kr_diag(d, path, KR_NO_LOC, KR_D_TOO_LARGE,
			"the file is %lld bytes; the limit is %u MiB", (long long)st.st_size,
			KR_MAX_FILE_SIZE >> 20);
		fclose(f);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	char *buf = kr_alloc(a, size + 1);
	size_t got = fread(buf, 1, size + 1, f);
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "cannot read: %s", strerror(err));
		return NULL;
	}
	if (got > size) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "the file changed while being read");
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

kr_node *kr_yaml_read(kr_arena *a, kr_diags *d, const char *path)
{
	size_t len;
	char *buf = kr_read_file(a, d, path, &len);
	return buf ? kr_yaml_parse(a, d, path, buf, len) : NULL;
}

kr_node *kr_map_get(const kr_node *map, const char *key)
{
	if (!map || map->type != KR_N_MAP)
		return NULL;
	size_t kl = strlen(key);
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const kr_node *k = map->items[i];
		if (k->type == KR_N_SCALAR && k->len == kl && memcmp(k->s, key, kl) == 0)
			return map->items[i + 1];
	}
	return NULL;
}

bool kr_node_is_null(const kr_node *n)
{
	if (!n || n->type != KR_N_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
	       strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0;
}

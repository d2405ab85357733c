/* Changing values of a YAML file in place: every byte but those of the changed values stays as
 * it was (comments, key order, quoting, flow or block style, blank lines, CRLF, BOM).
 *
 * A value is replaced by byte range (the node spans of yamltree.h); a new value keeps the style
 * of the old one when it can be written in it (plain stays plain when safe, single quotes stay,
 * a block scalar becomes a literal one) and otherwise becomes double-quoted; an absent key is
 * inserted in its mapping's style and indentation, after the sibling that precedes it in the
 * format's key order.  kr_patch_result re-parses the patched text and checks that every changed
 * value reads back exactly.
 *
 * Ownership: a kr_patch and the text it returns live in the arena given to kr_patch_new. */
#ifndef KR_YAMLPATCH_H
#define KR_YAMLPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "schema.h"
#include "yamltree.h"

/* One step of a path from the root: a mapping key, or (key NULL) a sequence index. */
typedef struct {
	const char *key;
	size_t index;
} kr_ystep;

enum kr_pkind {
	KR_PV_NULL,   /* null: written "null" */
	KR_PV_NUMBER, /* s: a plain decimal, written plain */
	KR_PV_TEXT,   /* s: one text (may span lines) */
	KR_PV_LIST,   /* items[0..n): a list of texts; n == 0 removes the key */
};

typedef struct {
	enum kr_pkind kind;
	const char *s;
	const char *const *items;
	size_t n;
} kr_pvalue;

typedef struct kr_patch kr_patch;

/* A patch of buf (len bytes, as read: BOM included) whose parsed tree is root. */
kr_patch *kr_patch_new(kr_arena *a, const char *buf, size_t len, const kr_node *root);

/* Sets the value at path (the last steps may name keys that are absent: they are inserted;
 * schemas[i] is the schema of the mapping at step i, used for the key order, or NULL).
 * Returns NULL, or the message saying why the value cannot be changed in place: an English
 * format (translated where it is recorded) for the field's key and the row's name, both %s. */
const char *kr_patch_set(kr_patch *p, const kr_ystep *path, size_t n,
			 const kr_schema *const *schemas, const kr_pvalue *v);

/* The patched text, re-parsed and checked value by value; NULL after recording a KR_D_PATCH
 * error against name. */
char *kr_patch_result(kr_patch *p, kr_diags *d, const char *name, size_t *len);

/* Whether there is anything to write. */
size_t kr_patch_count(const kr_patch *p);

#endif

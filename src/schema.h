/* The format as data: one table per kind of mapping, listing every key with its type, whether it
 * is required, where its value goes in the model and what it means.  The loader, the unknown-key
 * check with "did you mean", `kpireport schema` (JSON Schema) and docs/format.md all read these
 * tables, so they cannot drift apart. */
#ifndef KR_SCHEMA_H
#define KR_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

enum kr_ftype {
	KR_T_STR,     /* kr_str: one line or paragraph of text */
	KR_T_INT,     /* kr_int */
	KR_T_MONEY,   /* kr_money: integer yen >= 0 */
	KR_T_NUM,     /* kr_num: decimal number; null allowed when nullable */
	KR_T_DATE,    /* kr_date: YYYY-MM-DD */
	KR_T_MONTH,   /* kr_date: YYYY-MM */
	KR_T_TEXTS,   /* kr_texts: a paragraph or a list of bullets */
	KR_T_SCALE,   /* kr_scale: list of labels or {label, criterion} */
	KR_T_ENUM,    /* kr_str restricted to choices */
	KR_T_STRLIST, /* kr_str array + size_t count */
	KR_T_OBJ,     /* an embedded struct described by sub */
	KR_T_LIST,    /* an array of sub structs + size_t count */
	KR_T_EXTRA,   /* kr_extra array + count: free keys mapping to texts */
};

typedef struct kr_schema kr_schema;

typedef struct {
	const char *key;
	enum kr_ftype type;
	bool required;
	bool nullable;           /* KR_T_NUM: null means "not yet known" */
	size_t offset;           /* of the value in the enclosing struct */
	const kr_schema *sub;    /* KR_T_OBJ, KR_T_LIST */
	size_t count_offset;     /* KR_T_LIST, KR_T_STRLIST, KR_T_EXTRA: size_t element count */
	const char *const *choices; /* KR_T_ENUM: NULL-terminated */
	const char *doc;
	const char *ja;          /* the key's Japanese name (事業名 for name), shown in messages */
} kr_fielddef;

#define KR_NO_OFFSET ((size_t)-1)

struct kr_schema {
	const char *name;        /* "a project": used in messages */
	const kr_fielddef *fields;
	size_t n_fields;
	size_t size;             /* of one element (KR_T_LIST) */
	size_t loc_offset;       /* kr_loc of the mapping, or KR_NO_OFFSET */
	size_t set_offset;       /* bool "given", or KR_NO_OFFSET */
	const char *doc;
};

/* The top-level handout mapping, and a project's part (the loader names its two forbidden keys). */
extern const kr_schema kr_doc_schema;
extern const kr_schema kr_subproject_schema;

const kr_fielddef *kr_schema_field(const kr_schema *s, const char *key);

/* The closest known key to key (edit distance at most 2, or a third of its length), or NULL. */
const char *kr_schema_suggest(const kr_schema *s, const char *key);

/* Edit distance between two UTF-8 strings, counted in code points, capped at cap + 1. */
size_t kr_edit_distance(const char *a, const char *b, size_t cap);

/* The closest of n candidate strings within a sensible distance, or NULL. */
const char *kr_closest(const char *word, const char *const *cands, size_t n);

/* Writes the n words joined by ", " into buf; words that do not fit in cap bytes are left out
 * and marked with "…".  Returns buf. */
char *kr_join(char *buf, size_t cap, const char *const *words, size_t n);

#endif

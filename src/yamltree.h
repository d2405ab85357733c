/* YAML -> a tree of nodes with 1-based positions, built from libyaml events.
 *
 * The reader enforces the limits that keep hostile input cheap (documented in docs/format.md):
 * file size, UTF-8 validity, nesting depth, scalar length, node count and alias expansion.  An
 * alias becomes a pointer to the anchored node (no copy); its expanded size counts against the
 * limit, which stops "billion laughs".  Duplicate keys are reported here (libyaml does not).
 *
 * Ownership: nodes live in the arena passed to kr_yaml_read. */
#ifndef KR_YAMLTREE_H
#define KR_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "model.h"

#define KR_MAX_FILE_SIZE (64u << 20)   /* bytes */
#define KR_MAX_SCALAR (256u << 10)     /* bytes in one value */
#define KR_MAX_DEPTH 64                /* nested mappings and lists */
#define KR_MAX_NODES 8000000u          /* values after alias expansion */

enum kr_ntype { KR_N_SCALAR, KR_N_SEQ, KR_N_MAP };

typedef struct kr_node kr_node;
struct kr_node {
	enum kr_ntype type;
	kr_loc loc;
	/* scalar */
	const char *s;
	size_t len;
	bool plain;  /* unquoted (plain style): only those can be numbers, dates or null */
	/* sequence: items[0..n); mapping: items[2i] key, items[2i+1] value */
	kr_node **items;
	size_t n;
	size_t weight; /* nodes in this subtree, aliases expanded */
};

/* Reads and parses path.  Returns the root node, or NULL after recording errors.  The file's
 * bytes are kept in the arena (a leading UTF-8 BOM is skipped). */
kr_node *kr_yaml_read(kr_arena *a, kr_diags *d, const char *path);
/* The same from memory (fuzzing, tests); name is used in messages. */
kr_node *kr_yaml_parse(kr_arena *a, kr_diags *d, const char *name, const char *buf, size_t len);

/* Mapping lookup by key; NULL when absent. */
kr_node *kr_map_get(const kr_node *map, const char *key);

/* True for a plain null scalar ("", "~", "null", "Null", "NULL"). */
bool kr_node_is_null(const kr_node *n);

/* "a mapping", "a list", "a text" ... for messages. */
const char *kr_node_kind(const kr_node *n);

#endif

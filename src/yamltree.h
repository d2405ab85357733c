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

/* How a node is written: a scalar's quoting or block style, a collection's flow or block form. */
enum kr_nstyle {
	KR_S_PLAIN, KR_S_SINGLE, KR_S_DOUBLE, KR_S_LITERAL, KR_S_FOLDED, /* scalars */
	KR_S_BLOCK, KR_S_FLOW                                            /* collections */
};

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
	/* Where the node is written: byte offsets [start, end) into the buffer given to
	 * kr_yaml_parse (a leading BOM included), converted once from libyaml's marks, which count
	 * characters.  A quoted scalar's span includes its quotes; a block scalar's runs from its
	 * indicator to the start of the line after its content; an empty value is zero bytes. */
	size_t start, end;
	enum kr_nstyle style;
	bool aliased; /* also reached through an alias: not one place in the text */
};

/* Reads and parses path.  Returns the root node, or NULL after recording errors.  The file's
 * bytes are kept in the arena (a leading UTF-8 BOM is skipped). */
kr_node *kr_yaml_read(kr_arena *a, kr_diags *d, const char *path);
/* Reads a regular file of at most KR_MAX_FILE_SIZE bytes into the arena (NUL-terminated);
 * NULL after recording KR_D_READ or KR_D_TOO_LARGE. */
char *kr_read_file(kr_arena *a, kr_diags *d, const char *path, size_t *len);
/* The same from memory (fuzzing, tests); name is used in messages. */
kr_node *kr_yaml_parse(kr_arena *a, kr_diags *d, const char *name, const char *buf, size_t len);

/* Mapping lookup by key; NULL when absent. */
kr_node *kr_map_get(const kr_node *map, const char *key);

/* True for a plain null scalar ("", "~", "null", "Null", "NULL"). */
bool kr_node_is_null(const kr_node *n);

#endif

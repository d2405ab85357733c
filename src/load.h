/* Loading: YAML node tree -> structs, driven by the schema tables.  Every problem is recorded and
 * loading goes on, so one run reports all of them; a value that fails its check is left unset. */
#ifndef KR_LOAD_H
#define KR_LOAD_H

#include "diag.h"
#include "model.h"
#include "schema.h"
#include "yamltree.h"

typedef struct {
	kr_arena *arena;
	kr_diags *diags;
	const char *file;
	const char *src; /* the text parsed (NULL: hints that quote it are left out) */
	size_t src_len;
} kr_loader;

/* Fills the struct at base from the mapping node as schema s describes. */
void kr_load_map(const kr_loader *l, const kr_node *node, const kr_schema *s, void *base);

/* Reads path into a new document.  Returns NULL only when the file could not be parsed at all;
 * otherwise the document holds what could be loaded and the errors are in d. */
kr_doc *kr_doc_load(const char *path, kr_diags *d);
/* A document from a tree already parsed into arena a from src (len bytes; the hints of some
 * messages quote it).  The document then names a as its own: kr_doc_free frees it. */
kr_doc *kr_doc_load_tree(kr_arena *a, kr_node *root, const char *name, const char *src,
			 size_t len, kr_diags *d);
/* The same from memory (fuzzing). */
kr_doc *kr_doc_load_mem(const char *name, const char *buf, size_t len, kr_diags *d);

#endif

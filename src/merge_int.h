/* The merge's internal interface: its state, and the writing half (merge_write.c) that the
 * comparing half (merge.c) hands its changes to.  Everything lives in mctx's arena. */
#ifndef KR_MERGE_INT_H
#define KR_MERGE_INT_H

#include <stdio.h>

#include "merge.h"
#include "model.h"
#include "schema.h"
#include "xlsx_read.h"
#include "yamlpatch.h"
#include "yamltree.h"

/* The identity sheet (xlsx_ident.c writes it; docs/merge.md describes it). */
#define ID_SHEET "kpireport"
#define ID_FORMAT "kpireport-merge"
#define ID_VERSION "2" /* 2: a text may continue on cells of continuation rows; 1 is read too */
#define ID_FIRST 9 /* 0-based row of the first noted cell */
enum { C_SHEET, C_CELL, C_KEY, C_FIELD, C_INPUT, C_BASE, C_NAME, C_SCALE, C_BLANK, C_HASH,
       C_CONT };

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
	kr_diags *handout; /* the messages of the handout's validation, moved into d at the end */
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
	const char *hash;      /* the exported value's hash when it was too long to keep whole */
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

/* A value for messages and summaries: cut after 40 characters. */
const char *kr_merge_show(kr_arena *a, const char *s);
/* Two canonical values are the same (numbers compared as numbers). */
bool kr_merge_same(enum kr_mkind kind, const char *a, const char *b);

/* merge.c: a row found by its key (or by its name when the handout moved it); a text cell read
 * as the handout keeps it; one noted cell compared three ways and its change recorded. */
bool kr_merge_resolve_row(mctx *m, entry *e);
const char *kr_merge_read_text(mctx *m, const entry *e, const kr_xcell *c);
void kr_merge_cell(mctx *m, entry *e, const kr_xcell *c);
/* merge_book.c: every noted cell of one returned workbook, merged in order. */
void kr_merge_workbook(mctx *m, const char *path);

/* Prints what each workbook changes (stdout). */
void kr_merge_summary(mctx *m, char *const *workbooks, size_t n);
/* Patches the handout with the changes, checks and validates it, then writes it (or prints the
 * diff).  Returns an exit status. */
int kr_merge_apply(mctx *m, const kr_merge_opts *o);

#endif

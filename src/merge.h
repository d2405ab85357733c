/* kpireport merge: the departments' workbooks back into the handout (docs/merge.md).
 *
 * Reads each workbook's identity sheet, reads only the cells it lists as input, compares each
 * with the value the workbook was exported with (base) and the handout's value now (ours), and
 * applies what only the workbook changed; a value both changed differently is a conflict.  With
 * any error nothing is written; otherwise the YAML is patched in place (yamlpatch.h), checked
 * and replaced atomically. */
#ifndef KR_MERGE_H
#define KR_MERGE_H

#include <stdbool.h>
#include <stdio.h>

#include "decimal.h"
#include "diag.h"

typedef struct {
	bool dry_run; /* print a unified diff instead of writing */
} kr_merge_opts;

/* Merges the workbooks, in order, into the handout at yaml.  The summary (and with dry_run the
 * diff) goes to out; messages to d.  Returns an exit status (build.h). */
int kr_merge(const char *yaml, char *const *workbooks, size_t n, const kr_merge_opts *o,
	     kr_diags *d, FILE *out);

/* ------------------------------------------------------------------------------------------ */
/* Reading what people type (merge_value.c) */

/* The kinds of value a workbook cell holds for a field. */
enum kr_mkind { KR_MK_NUM, KR_MK_MONEY, KR_MK_TEXT, KR_MK_TEXTS, KR_MK_CHOICE };

/* How a typed number was read: as written, or normalised (the note says how), or refused. */
enum kr_mread {
	KR_MR_OK,          /* a plain number */
	KR_MR_UNKNOWN,     /* empty: not yet known */
	KR_MR_DASH,        /* "-", "―", "未確定": read as not yet known */
	KR_MR_NORMALISED,  /* full-width digits, separators or the unit removed */
	KR_MR_NOT_NUMBER,  /* words around the number or no number at all */
	KR_MR_NEGATIVE,
	KR_MR_RANGE,       /* too large or too many decimals */
	KR_MR_FRACTION,    /* yen with a fraction */
};

/* Reads a typed number (text as typed: "17,420", "１７４２０", "17420件" with unit "件").
 * *out is the plain decimal (arena) for OK and NORMALISED. */
enum kr_mread kr_mread_number(kr_arena *a, const char *typed, const char *unit, bool money,
			      int scale, const char **out);

/* The number a numeric cell holds ("1.7420000000000002E4"): KR_MR_OK with *out its plain
 * decimal (arena), or why not (RANGE: out of range or more than six decimals). */
enum kr_mread kr_mread_cell_number(kr_arena *a, const char *v, bool money, int scale,
				   const char **out);

/* A date cell's serial number as YYYY-MM-DD (date1904 unsupported: 1900 system). */
const char *kr_mread_date(kr_arena *a, const char *serial);

/* Text from a cell as the handout keeps it: CR LF and CR become LF, trailing blanks and line
 * breaks go (the loader drops them too). */
const char *kr_mread_text(kr_arena *a, const char *s);

/* Splits a cell's "・a\n・b" back into bullets; *n items in the arena. */
const char **kr_mread_bullets(kr_arena *a, const char *s, size_t *n);

#endif

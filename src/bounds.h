/* The limits that the outputs' formats and libraries impose (a spreadsheet cell, a sheet name, a
 * font name, a table that fits on paper), checked while validating so that a handout or template
 * that passes `validate` also renders.  Each check records an error at the value's position. */
#ifndef KR_BOUNDS_H
#define KR_BOUNDS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define KR_CELL_MAX 32767   /* characters in one spreadsheet cell */
#define KR_SHEET_NAME_MAX 31 /* characters in a sheet name */
#define KR_FONT_NAME_MAX 31  /* characters in a spreadsheet font name */
#define KR_MAX_COLUMNS 64    /* columns of a template's table (and of its workbook sheet) */
#define KR_MAX_EXTRA 64      /* extra fields a template declares */
#define KR_LABEL_MAX 100     /* characters of a template label, mark or footer */
#define KR_TITLE_MAX 200     /* characters of a handout's title */
#define KR_COMMITTEE_MAX 100 /* characters of the committee's name */
#define KR_MATERIAL_MAX 20   /* characters of the material number (資料1), boxed at the right */

/* The number of characters (code points) of the UTF-8 string s. */
size_t kr_utf8_count(const char *s);

/* Records an error (of kind id) at loc when s is longer than max characters; returns true when
 * s is within the limit. */
bool kr_limit_text(kr_diags *d, const char *file, kr_loc loc, const char *s, size_t max,
		   enum kr_diag_id id);

/* Records an error at loc when name cannot be a sheet name: empty, over 31 characters, one of
 * []:*?/\, an apostrophe first or last, or the reserved "History". */
bool kr_limit_sheet_name(kr_diags *d, const char *file, kr_loc loc, const char *name);

/* Whether two sheet names are the same to a spreadsheet (ASCII letters in either case). */
bool kr_sheet_names_clash(const char *a, const char *b);

#endif

/* Reading the cells of a returned workbook (.xlsx): minizip for the zip, expat for the XML.
 *
 * A workbook arrives by e-mail and is hostile until checked.  The reader refuses what is not a
 * plain xlsx, and bounds time and memory (limits below, documented in docs/merge.md): no DTD or
 * entity is accepted, inflated bytes are counted as they come (a zip bomb stops at the limit,
 * whatever the zip claims), members that are symbolic links are refused.  It reads what Excel,
 * LibreOffice, openpyxl and libxlsxwriter write: shared strings with rich-text runs (furigana
 * <rPh> left out), inline strings, prefixed namespaces (x:c), rows and cells without r=, the
 * _xHHHH_ escapes, formula results, errors, booleans, and the number format of each cell.
 *
 * Ownership: a kr_xbook and everything in it live in one arena; kr_xbook_free frees it. */
#ifndef KR_XLSX_READ_H
#define KR_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

#define KR_XR_MAX_FILE (64u << 20)       /* bytes of the .xlsx file */
#define KR_XR_MAX_PART (64u << 20)       /* bytes of one part once inflated */
#define KR_XR_MAX_INFLATED (160u << 20)  /* bytes inflated from one workbook in all */
#define KR_XR_MAX_ROWS 100000u           /* rows of one sheet */
#define KR_XR_MAX_CELLS 1000000u         /* cells kept from one workbook */
#define KR_XR_MAX_STRINGS 1000000u       /* shared strings */
#define KR_XR_MAX_TEXT 32767u            /* characters in one cell, as in Excel */
#define KR_XR_MAX_SHEETS 256u
#define KR_XR_MAX_DEPTH 64u              /* XML element nesting */

enum kr_xtype { KR_XC_EMPTY, KR_XC_NUM, KR_XC_STR, KR_XC_BOOL, KR_XC_ERR };

typedef struct {
	uint32_t row, col;   /* 0-based */
	enum kr_xtype type;
	const char *v;       /* text (KR_XC_STR), the number as written (NUM), "0"/"1", "#N/A" */
	bool date;           /* a number whose format shows a date */
	bool formula;        /* the cell holds a formula (v is its cached result, if any) */
} kr_xcell;

typedef struct {
	const char *name;
	const char *part;    /* "xl/worksheets/sheet1.xml" */
	bool hidden;         /* hidden or very hidden */
	bool loaded;
	kr_xcell *cells;     /* sorted by row, then column */
	size_t n;
} kr_xsheet;

typedef struct kr_xbook kr_xbook;

/* Opens path and reads its workbook part, relationships, shared strings and styles.  NULL after
 * recording an error that names the file and the reason. */
kr_xbook *kr_xbook_open(const char *path, kr_diags *d);
void kr_xbook_free(kr_xbook *b);

/* The sheet of that name, its cells read on first use; NULL (after recording an error) when the
 * sheet cannot be read, or (with nothing recorded) when there is no such sheet. */
const kr_xsheet *kr_xbook_sheet(kr_xbook *b, const char *name, kr_diags *d);

/* The number of sheets and the name of the i-th, in the workbook's order. */
size_t kr_xbook_count(const kr_xbook *b);
const char *kr_xbook_name(const kr_xbook *b, size_t i);

/* The cell at (row, col), or NULL when the sheet has none there. */
const kr_xcell *kr_xsheet_cell(const kr_xsheet *s, uint32_t row, uint32_t col);

/* The hash the identity sheet keeps for an exported text too long to keep whole (FNV-1a, 64
 * bits, as 16 lowercase hex digits into buf of at least 17 bytes). */
#define KR_XIDENT_WHOLE 64 /* bytes of an exported value kept whole */
const char *kr_xident_hash(const char *s, char *buf);

/* "F12" into buf (at least 16 bytes). */
const char *kr_xcell_name(char *buf, uint32_t row, uint32_t col);

#endif

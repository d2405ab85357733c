/* The xlsx reader's internal interface: the workbook's state and the streaming part parser
 * that xlsx_read.c (package, workbook, shared strings, styles) and xlsx_sheet.c (cells) share. */
#ifndef KR_XLSX_READ_INT_H
#define KR_XLSX_READ_INT_H

#include <expat.h>
#include <unzip.h>

#include "xlsx_read.h"

struct kr_xbook {
	kr_arena *a;
	const char *path;
	unzFile zip;
	kr_xsheet *sheets;
	size_t n_sheets;
	const char *wb_part, *wb_dir, *strings_part, *styles_part;
	const char **strings;
	size_t n_strings, cap_strings;
	bool *xf_date;
	size_t n_xf;
	bool date1904;
	size_t inflated, cells;
	bool failed;
};

typedef struct pctx pctx;
typedef void (*on_start)(pctx *c, const char *name, const char **attrs);
typedef void (*on_end)(pctx *c, const char *name);

struct pctx {
	kr_xbook *b;
	kr_diags *d;
	XML_Parser p;
	const char *part;
	unsigned depth;
	on_start start;
	on_end end;
	/* character data of the element being collected */
	bool collecting;
	char *text;
	size_t len, cap;
	/* the part's own state */
	void *state;
};


/* Records a KR_D_WORKBOOK error naming the workbook (the first one only). */
void kr_xr_fail(kr_xbook *b, kr_diags *d, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records the first problem of a part (fmt is the whole message: its first %s is the part's
 * name, which callers pass as c->part) and stops the parser. */
void kr_xr_stop(pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The attribute of that local name, or NULL. */
const char *kr_xr_attr(const char **attrs, const char *name);
/* Starts collecting the element's text; kr_xr_collected returns it (escapes decoded, arena). */
void kr_xr_collect(pctx *c);
const char *kr_xr_collected(pctx *c);
/* Streams member name through expat into the handlers; false after recording why. */
bool kr_xr_parse_part(kr_xbook *b, kr_diags *d, const char *name, bool required, on_start st,
		      on_end en, void *state);

#endif

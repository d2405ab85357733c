/* The interface between the core and each output format.  A renderer sees the validated,
 * computed document, its template and the shared font; it writes one file at tmp_path (a fresh
 * temporary file in the destination folder that the core fsyncs and renames on success, and
 * removes on failure).  Adding a format means one file and one entry in kr_renderers. */
#ifndef KR_RENDER_H
#define KR_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "font.h"
#include "model.h"
#include "template.h"
#include "text.h"

typedef struct {
	const kr_doc *doc;
	const kr_template *tmpl;
	kr_font *font;          /* the template's font, loaded once per document; renderers run on
	                           threads of their own, so they only read its metrics (the PDF
	                           renderer alone also makes the subset) */
	kr_breaker *breaker;    /* this renderer's line breaker (ICU state is per thread) */
	kr_diags *diags;        /* this renderer's warnings and errors, merged after it ends */
	const char *tmp_path;   /* write here */
	const char *final_path; /* name it by this in messages */
	time_t created;         /* SOURCE_DATE_EPOCH when set, else the current time */
	const char *department; /* a department's own workbook: only its rows are input (NULL: all) */
} kr_render_ctx;

/* One output format.  kr_renderers is the one list of them: `build` writes each (or those
 * --formats names), and the usage text, the man page's check and the tests read it. */
typedef struct {
	const char *name;  /* "pdf": what --formats names */
	const char *ext;   /* ".pdf" */
	const char *what;  /* one line for --help: what the file is for */
	const char *magic; /* the bytes every file of the format starts with (for tests) */
	bool font;         /* measures or draws text with the template's font (ctx->font and
	                      ctx->breaker are NULL for a renderer that does not) */
	/* Returns 0 on success; on failure it has recorded a KR_D_WRITE or KR_D_RENDER error. */
	int (*render)(const kr_render_ctx *ctx);
} kr_renderer;

/* A project's department (担当課): its own, or its parent project's; NULL when neither has one. */
const char *kr_department_of(const kr_project *p);

int kr_render_pdf(const kr_render_ctx *ctx);
int kr_render_xlsx(const kr_render_ctx *ctx);
int kr_render_html(const kr_render_ctx *ctx);
int kr_render_csv(const kr_render_ctx *ctx);

extern const kr_renderer kr_renderers[];
extern const size_t kr_n_renderers;

/* A set of formats: bit i stands for kr_renderers[i]. */
typedef unsigned kr_formats;
#define KR_FORMATS_ALL ((kr_formats)((1u << kr_n_renderers) - 1))
/* The set a comma-separated list of format names ("pdf,xlsx") names; 0 when a name is unknown
 * or the list is empty (*bad is then the unknown name, or the list). */
kr_formats kr_formats_parse(const char *list, const char **bad);

#endif

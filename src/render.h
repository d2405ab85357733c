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

typedef struct {
	const char *name; /* "pdf" */
	const char *ext;  /* ".pdf" */
	/* Returns 0 on success; on failure it has recorded a KR_D_WRITE or KR_D_RENDER error. */
	int (*render)(const kr_render_ctx *ctx);
} kr_renderer;

/* A project's department (担当課): its own, or its parent project's; NULL when neither has one. */
const char *kr_department_of(const kr_project *p);

int kr_render_pdf(const kr_render_ctx *ctx);
int kr_render_xlsx(const kr_render_ctx *ctx);

extern const kr_renderer kr_renderers[];
extern const size_t kr_n_renderers;

#endif

/* The whole pipeline for one input file: load, validate, compute, render every format. */
#ifndef KR_BUILD_H
#define KR_BUILD_H

#include <stdio.h>
#include <time.h>

#include "diag.h"
#include "model.h"

/* Exit statuses (documented in kpireport(1)). */
enum { KR_EXIT_OK = 0, KR_EXIT_INVALID = 1, KR_EXIT_USAGE = 2, KR_EXIT_IO = 3 };

/* Loads, validates and computes path.  Returns the document (free with kr_doc_free) when it has
 * no errors; NULL otherwise, with *status set to KR_EXIT_INVALID or KR_EXIT_IO. */
kr_doc *kr_prepare(const char *path, kr_diags *d, int *status);

/* Renders the formats of a prepared document (bits of kr_renderers, render.h) into outdir as
 * STEM.pdf, STEM.xlsx, ….  All outputs are replaced together or not at all; then, unless report
 * is NULL, one line per file written goes to report.  Returns an exit status. */
int kr_build(const kr_doc *doc, const char *outdir, unsigned formats, kr_diags *d, FILE *report);

/* SOURCE_DATE_EPOCH when set, else now: the creation time written into every output. */
time_t kr_creation_time(void);

/* Writes DIR/STEM-担当課.xlsx for each department of a prepared document: every row, with only
 * that department's rows open for input (departments.c); names each file written on report
 * (NULL: quietly).  Returns an exit status. */
int kr_build_departments(const kr_doc *doc, const char *outdir, kr_diags *d, FILE *report);

/* The output stem of an input path: "input/a.yaml" -> "a". */
char *kr_stem(const char *path);

#endif

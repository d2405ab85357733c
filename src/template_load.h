/* Finding, loading and checking templates (templates/NAME.yaml). */
#ifndef KR_TEMPLATE_LOAD_H
#define KR_TEMPLATE_LOAD_H

#include "diag.h"
#include "template.h"

/* Finds the template the document names (default kodaira-kpi), loads it into the document's
 * arena, checks it (messages point into the template file) and expands its labels for the
 * document.  Returns NULL after recording errors. */
const kr_template *kr_template_load(kr_doc *doc, kr_diags *d);

/* Finds field by its template name; false when unknown. */
bool kr_field_parse(const char *name, enum kr_field *out);
/* The template's name of a field: "kpis". */
const char *kr_field_name(enum kr_field f);

/* Where a template shows a project's field: in the PDF's table, only in the workbook, or
 * nowhere.  A column of the name shows the number and the grant programme too; the grant ratio
 * column shows the cost and the grant. */
enum kr_shown { KR_SHOWN_NOWHERE, KR_SHOWN_WORKBOOK, KR_SHOWN_PDF };
enum kr_shown kr_template_shows(const kr_template *t, enum kr_field f);

/* True when the template's KPI blocks have the line (kpi_lines). */
bool kr_template_has_kpi_line(const kr_template *t, enum kr_kpi_line line);

#endif

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

#endif

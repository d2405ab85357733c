/* Semantic checks over a loaded document, and the computed values.
 *
 * kr_validate resolves the template and records every rule the document breaks; kr_compute fills
 * the computed fields (達成率, 判定, ratios, totals, labels) and must only run on a document that
 * validated without errors, since it relies on the rules (no zero divisors, no overflow). */
#ifndef KR_VALIDATE_H
#define KR_VALIDATE_H

#include "diag.h"
#include "model.h"

void kr_validate(kr_doc *doc, kr_diags *d);
void kr_compute(kr_doc *doc);

/* Percent tenths for a KPI; false when not computable (unknown actual, text target). */
bool kr_kpi_achievement(const kr_kpi *k, kr_pct *out);

/* Looks a label up in a scale. */
bool kr_scale_has(const kr_scale *s, const char *label);

#endif

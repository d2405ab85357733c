/* The part both fuzz targets share: load one input, validate it, and hand a valid, computed
 * document to then() (the dump or the full render).  Messages are formatted for real (printf
 * directives, sorting) and discarded; everything is freed, so LeakSanitizer sees every leak. */
#ifndef KR_FUZZ_PIPELINE_H
#define KR_FUZZ_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "load.h"
#include "validate.h"

static inline void kr_fuzz_pipeline(const uint8_t *data, size_t size,
				    void (*then)(const kr_doc *doc, kr_diags *d, FILE *sink))
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		return;
	kr_diags *d = kr_diags_new();
	kr_doc *doc = kr_doc_load_mem("fuzz.yaml", (const char *)data, size, d);
	if (doc) {
		kr_validate(doc, d);
		if (kr_diags_errors(d) == 0) {
			kr_compute(doc);
			then(doc, d, sink);
		}
	}
	kr_diags_flush(d, sink);
	kr_doc_free(doc);
	kr_diags_free(d);
}

#endif

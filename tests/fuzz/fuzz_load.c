/* libFuzzer target: one input is one handout, taken through load, validation and computation.
 *
 * Everything the pipeline allocates is freed before returning, so LeakSanitizer sees every leak.
 * The document names no template unless the input does, so validation resolves the default
 * (kodaira-kpi) from the source tree, as `kpireport validate` does. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "dump.h"
#include "load.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Messages and the dump are formatted for real (printf directives, sorting) but discarded. */
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		return 0;
	kr_diags *d = kr_diags_new();
	kr_doc *doc = kr_doc_load_mem("fuzz.yaml", (const char *)data, size, d);
	if (doc) {
		kr_validate(doc, d);
		if (kr_diags_errors(d) == 0) {
			kr_compute(doc);
			kr_dump(doc, sink);
		}
	}
	kr_diags_flush(d, sink);
	kr_doc_free(doc);
	kr_diags_free(d);
	return 0;
}

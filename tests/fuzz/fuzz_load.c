/* libFuzzer target: one input is one handout, taken through load, validation and computation.
 *
 * Everything the pipeline allocates is freed before returning, so LeakSanitizer sees every leak.
 * The document names no template unless the input does, so validation resolves the default
 * (kodaira-kpi) from the source tree, as `kpireport validate` does. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dump.h"
#include "fuzz_pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dump(const kr_doc *doc, kr_diags *d, FILE *sink)
{
	(void)d;
	kr_dump(doc, sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_fuzz_pipeline(data, size, dump);
	return 0;
}

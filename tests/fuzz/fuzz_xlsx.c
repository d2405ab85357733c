/* libFuzzer target: one input is one returned workbook (.xlsx bytes), opened by the merge's
 * reader and every sheet's cells read.  The reader takes a path, so the input goes through a
 * temporary file of this process.  Everything is freed before returning. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/kr-fuzz-xlsx-%ld.xlsx", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	size_t put = fwrite(data, 1, size, f);
	if (fclose(f) != 0 || put != size)
		return 0;
	kr_diags *d = kr_diags_new();
	kr_xbook *b = kr_xbook_open(path, d);
	for (size_t i = 0; b && i < kr_xbook_count(b); i++) {
		const kr_xsheet *s = kr_xbook_sheet(b, kr_xbook_name(b, i), d);
		for (size_t k = 0; s && k < s->n; k++) {
			char ref[16];
			if (kr_xsheet_cell(s, s->cells[k].row, s->cells[k].col) == NULL ||
			    !kr_xcell_name(ref, s->cells[k].row, s->cells[k].col)[0])
				abort(); /* every cell read is found where it says it is */
		}
	}
	kr_xbook_free(b);
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (sink)
		kr_diags_flush(d, sink);
	kr_diags_free(d);
	unlink(path);
	return 0;
}

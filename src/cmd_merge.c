/* kpireport merge HANDOUT.yaml WORKBOOK.xlsx... [--dry-run] */
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmd.h"
#include "merge.h"

int kr_cmd_merge(int argc, char **argv, kr_diags *d)
{
	kr_merge_opts o = {0};
	char **files = calloc((size_t)argc + 1, sizeof *files);
	if (!files)
		kr_oom();
	int nf = 0;
	bool opts = true;
	for (int i = 0; i < argc; i++) {
		if (opts && strcmp(argv[i], "--") == 0) {
			opts = false;
		} else if (opts && (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0)) {
			o.dry_run = true;
		} else if (opts && argv[i][0] == '-' && argv[i][1]) {
			free(files);
			return kr_usage("unknown option for merge");
		} else {
			files[nf++] = argv[i];
		}
	}
	if (nf < 2) {
		free(files);
		return kr_usage("merge needs the handout and at least one workbook");
	}
	int status = kr_merge(files[0], files + 1, (size_t)nf - 1, &o, d, stdout);
	kr_diags_flush(d, stderr);
	if (fflush(stdout) != 0)
		status = KR_EXIT_IO;
	free(files);
	return status;
}

/* kpireport merge HANDOUT.yaml WORKBOOK.xlsx... [--dry-run] */
#include "build.h"
#include "cmd.h"
#include "merge.h"

int kr_cmd_merge(int argc, char **argv, kr_diags *d)
{
	kr_merge_opts o = {0};
	const kr_option opts[] = {{"-n", "--dry-run", NULL, &o.dry_run, NULL}};
	int early = kr_options("merge", &argc, argv, opts, 1);
	if (early >= 0)
		return early;
	if (argc < 2)
		return kr_usage("merge needs the handout and at least one workbook");
	int status = kr_merge(argv[0], argv + 1, (size_t)argc - 1, &o, d, stdout);
	kr_diags_flush(d, stderr);
	if (fflush(stdout) != 0)
		status = KR_EXIT_IO;
	return status;
}

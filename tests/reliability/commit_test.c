/* The pair commit of output.c against real rename failures: when the second rename of a pair
 * fails, the first destination gets its previous file back, and no temporary file is left.  The
 * failure is real (a folder appears where the second output goes, after the outputs were begun,
 * as another program could make it), not simulated. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"

static int failures, checks;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok) {
		failures++;
		printf("FAIL %s\n", what);
	}
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

static int holds(const char *path, const char *text)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

static size_t entries(const char *dir)
{
	size_t n = 0;
	DIR *dp = opendir(dir);
	for (struct dirent *e; dp && (e = readdir(dp));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (dp)
		closedir(dp);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/kr-commit-XXXXXX";
	if (!mkdtemp(dir))
		return 2;
	char a[64], b[64], inside[80];
	snprintf(a, sizeof a, "%s/h.pdf", dir);
	snprintf(b, sizeof b, "%s/h.xlsx", dir);
	snprintf(inside, sizeof inside, "%s/keep", b);
	kr_diags *d = kr_diags_new();

	/* A pair that commits: both replaced. */
	put(a, "old pdf");
	put(b, "old xlsx");
	kr_outfile o[2] = {{0}};
	check(kr_out_begin(&o[0], a, d) == 0 && kr_out_begin(&o[1], b, d) == 0, "begin");
	check(kr_write_file(o[0].tmp, a, "new pdf", 7, d) == 0, "write pdf");
	check(kr_write_file(o[1].tmp, b, "new xlsx", 8, d) == 0, "write xlsx");
	check(kr_out_commit_all(o, 2, d) == 0, "commit");
	check(holds(a, "new pdf") && holds(b, "new xlsx"), "both replaced");
	kr_out_abort(&o[0]);
	kr_out_abort(&o[1]);
	check(entries(dir) == 2, "a commit left other files");

	/* The second rename fails (a non-empty folder took the workbook's name): the PDF is put back. */
	put(a, "old pdf");
	check(kr_out_begin(&o[0], a, d) == 0 && kr_out_begin(&o[1], b, d) == 0, "begin 2");
	kr_write_file(o[0].tmp, a, "new pdf", 7, d);
	kr_write_file(o[1].tmp, b, "new xlsx", 8, d);
	unlink(b);
	mkdir(b, 0755);
	put(inside, "x");
	size_t e0 = kr_diags_count(d, KR_D_WRITE);
	check(kr_out_commit_all(o, 2, d) != 0, "a failed rename is an error");
	check(kr_diags_count(d, KR_D_WRITE) == e0 + 1, "the failed rename is reported once");
	check(holds(a, "old pdf"), "the PDF replaced before the failure was put back");
	kr_out_abort(&o[0]);
	kr_out_abort(&o[1]);
	check(entries(dir) == 2, "a failed commit left temporary files");

	/* The folder is found before anything is written. */
	check(kr_out_begin(&o[1], b, d) != 0 && o[1].tmp == NULL, "a folder as destination");
	kr_out_abort(&o[1]);

	/* A 250-character stem: its temporary name is cut, the destination is not. */
	char stem[300], longp[400];
	memset(stem, 'a', 250);
	stem[250] = '\0';
	snprintf(longp, sizeof longp, "%s/%s.pdf", dir, stem); /* 254 bytes of name */
	check(kr_out_begin(&o[0], longp, d) == 0, "a 254-byte name");
	kr_write_file(o[0].tmp, longp, "x", 1, d);
	check(kr_out_commit_all(o, 1, d) == 0 && holds(longp, "x"), "a 254-byte name commits");
	kr_out_abort(&o[0]);
	snprintf(longp, sizeof longp, "%s/%s.xlsxx", dir, stem); /* 256 bytes */
	check(kr_out_begin(&o[0], longp, d) != 0, "a 256-byte name is refused before writing");
	kr_out_abort(&o[0]);

	unlink(inside);
	rmdir(b);
	unlink(a);
	snprintf(longp, sizeof longp, "%s/%s.pdf", dir, stem);
	unlink(longp);
	check(rmdir(dir) == 0, "nothing else was left in the folder");
	kr_diags_flush(d, stdout);
	kr_diags_free(d);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}

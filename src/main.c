/* kpireport: the command-line entry point and the table of commands (a command is one file plus
 * its entry in the table below). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build.h"
#include "cmd.h"
#include "dump.h"
#include "arena.h"
#include "i18n.h"
#include "output.h"


static int worst(int a, int b)
{
	return a > b ? a : b;
}

/* "FILE: 2 errors, 1 warning" after a file's messages, when there were any. */
static void summary(const char *path, kr_diags *d, size_t e0, size_t w0)
{
	size_t e = kr_diags_errors(d) - e0, w = kr_diags_warnings(d) - w0;
	kr_diags_flush(d, stderr);
	if (!e && !w)
		return;
	/* Two counts, each with its plural: the warnings' count chooses between two messages whose
	 * plural forms follow the errors' count. */
	const char *fmt =
		w == 1 ? ngettext("%s: %zu error, %zu warning", "%s: %zu errors, %zu warning", e)
		       : ngettext("%s: %zu error, %zu warnings", "%s: %zu errors, %zu warnings", e);
	fprintf(stderr, fmt, path, e, w);
	fputc('\n', stderr);
}

static int cmd_validate(int argc, char **argv, kr_diags *d)
{
	if (argc < 1)
		return kr_usage("validate needs at least one FILE");
	int status = KR_EXIT_OK;
	for (int i = 0; i < argc; i++) {
		size_t e0 = kr_diags_errors(d), w0 = kr_diags_warnings(d);
		int st;
		kr_doc *doc = kr_prepare(argv[i], d, &st);
		kr_doc_free(doc);
		summary(argv[i], d, e0, w0);
		status = worst(status, st);
	}
	return status;
}

typedef struct {
	char *stem;
	int index;
} stem_ref;

static int cmp_stem(const void *a, const void *b)
{
	const stem_ref *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Two files of one call with the same stem ("a/h.yaml b/h.yaml", "x.yml x.yaml") would write
 * the same outputs, the second over the first: reported before anything is built. */
static bool same_stems(char **files, int nf, const char *outdir)
{
	stem_ref *v = calloc((size_t)nf, sizeof *v);
	if (!v)
		kr_oom();
	for (int i = 0; i < nf; i++)
		v[i] = (stem_ref){kr_stem(files[i]), i};
	qsort(v, (size_t)nf, sizeof *v, cmp_stem);
	bool clash = false;
	for (int i = 1, first = 0; i < nf; i++) {
		if (strcmp(v[i].stem, v[first].stem) != 0) {
			first = i;
			continue;
		}
		fprintf(stderr,
			"kpireport: %s and %s have the same name '%s', so their outputs in %s would "
			"overwrite each other; rename one of them or build them into different folders "
			"with -o\n",
			files[v[first].index], files[v[i].index], v[i].stem, outdir);
		clash = true;
	}
	for (int i = 0; i < nf; i++)
		free(v[i].stem);
	free(v);
	return clash;
}

/* Options may come before or after the files: "build -o DIR FILE" and "build FILE -o DIR". */
static int cmd_build(int argc, char **argv, kr_diags *d)
{
	const char *outdir = ".";
	char **files = calloc((size_t)argc + 1, sizeof *files);
	if (!files)
		kr_oom();
	int nf = 0;
	bool opts = true;
	for (int i = 0; i < argc; i++) {
		if (opts && strcmp(argv[i], "--") == 0) {
			opts = false;
		} else if (opts && strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc) {
				free(files);
				return kr_usage("-o needs a folder");
			}
			outdir = argv[++i];
		} else if (opts && strncmp(argv[i], "-o", 2) == 0) {
			outdir = argv[i] + 2;
		} else if (opts && argv[i][0] == '-' && argv[i][1]) {
			free(files);
			return kr_usage("unknown option for build");
		} else {
			files[nf++] = argv[i];
		}
	}
	if (nf == 0) {
		free(files);
		return kr_usage("build needs at least one FILE");
	}
	struct stat st;
	errno = 0;
	if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		if (errno)
			fprintf(stderr, _("kpireport: %s: not a folder: %s"), outdir, strerror(errno));
		else
			fprintf(stderr, _("kpireport: %s: not a folder"), outdir);
		fputc('\n', stderr);
		free(files);
		return KR_EXIT_IO;
	}
	if (same_stems(files, nf, outdir)) {
		free(files);
		return KR_EXIT_USAGE;
	}
	int status = KR_EXIT_OK;
	for (int i = 0; i < nf; i++) {
		size_t e0 = kr_diags_errors(d), w0 = kr_diags_warnings(d);
		int s;
		kr_doc *doc = kr_prepare(files[i], d, &s);
		if (doc)
			s = kr_build(doc, outdir, d);
		kr_doc_free(doc);
		summary(files[i], d, e0, w0);
		status = worst(status, s);
	}
	free(files);
	return status;
}

static int cmd_dump(int argc, char **argv, kr_diags *d)
{
	bool cells = argc > 0 && strcmp(argv[0], "--cells") == 0;
	if (cells)
		argc--, argv++;
	if (argc != 1)
		return kr_usage("dump needs exactly one FILE");
	int st;
	kr_doc *doc = kr_prepare(argv[0], d, &st);
	if (doc && cells)
		kr_dump_cells(doc, stdout);
	else if (doc)
		kr_dump(doc, stdout);
	kr_doc_free(doc);
	summary(argv[0], d, 0, 0);
	if (fflush(stdout) != 0 || ferror(stdout))
		return KR_EXIT_IO;
	return st;
}

static int cmd_schema(int argc, char **argv, kr_diags *d)
{
	(void)argv, (void)d;
	if (argc != 0)
		return kr_usage("schema takes no FILE");
	kr_print_json_schema(stdout);
	return fflush(stdout) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
}

/* The key tables of docs/format.md. */
static int cmd_format_doc(int argc, char **argv, kr_diags *d)
{
	(void)argc, (void)argv, (void)d;
	kr_print_format_doc(stdout);
	return fflush(stdout) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
}

/* Every command: its name, its usage line and what it does (translated when printed), the
 * function that runs it with the arguments after its name, and whether --help lists it. */
static const struct command {
	const char *name, *synopsis, *description;
	int (*run)(int argc, char **argv, kr_diags *d);
	bool listed;
} commands[] = {
	{"validate", N_("kpireport validate FILE..."),
	 N_("check handouts; print every problem as FILE:LINE:COL: error: MESSAGE"), cmd_validate,
	 true},
	{"build", N_("kpireport build [-o DIR] FILE..."),
	 N_("write DIR/STEM.pdf and DIR/STEM.xlsx for each FILE (default DIR: .)"), cmd_build, true},
	{"dump", N_("kpireport dump [--cells] FILE"),
	 N_("print the loaded handout with its computed values (--cells: what each cell of the "
	    "table shows)"),
	 cmd_dump, true},
	{"merge", N_("kpireport merge [--dry-run] HANDOUT.yaml WORKBOOK.xlsx..."),
	 N_("apply the departments' answers in returned workbooks to the handout"), kr_cmd_merge,
	 true},
	{"schema", N_("kpireport schema"), N_("print a JSON Schema of the handout format, for editors"),
	 cmd_schema, true},
	{"format-doc", "kpireport format-doc", "", cmd_format_doc, false},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
	fprintf(out, "%s\n", _("usage:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (commands[i].listed)
			fprintf(out, "  %s\n      %s\n", _(commands[i].synopsis),
				_(commands[i].description));
	fprintf(out, "  %s\n      %s\n\n%s\n", "kpireport --help | --version",
		_("print this help, or the version"),
		_("exit status: 0 ok, 1 invalid input, 2 usage error, 3 I/O or render failure"));
}

/* Prints "kpireport: MESSAGE" (fmt is translated; NULL for none) and the usage text. */
int kr_usage(const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		fputs("kpireport: ", stderr);
		vfprintf(stderr, _(fmt), ap);
		fputc('\n', stderr);
		va_end(ap);
	}
	print_usage(stderr);
	return KR_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	kr_i18n_init();
	if (argc < 2)
		return kr_usage(NULL);
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		print_usage(stdout);
		return fflush(stdout) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("kpireport %s\n", KR_VERSION);
		return KR_EXIT_OK;
	}
	const struct command *c = NULL;
	for (size_t i = 0; i < N_COMMANDS && !c; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			c = &commands[i];
	if (!c)
		return kr_usage("unknown command");
	kr_tmp_install_handlers();
	kr_diags *d = kr_diags_new();
	int status = c->run(argc - 2, argv + 2, d);
	kr_diags_free(d);
	return status;
}

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
#include "render.h"
#include "schema.h"

static void print_usage(FILE *out);
static int usage_hint(void);

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

/* The option that arg names, with *inline_value set for "-oDIR" and "--output=DIR". */
static const kr_option *find_option(const char *arg, const kr_option *opts, size_t n,
				    const char **inline_value)
{
	*inline_value = NULL;
	for (size_t i = 0; i < n; i++) {
		const kr_option *o = &opts[i];
		size_t sl = o->short_name ? strlen(o->short_name) : 0;
		size_t ll = o->long_name ? strlen(o->long_name) : 0;
		if ((sl && strcmp(arg, o->short_name) == 0) || (ll && strcmp(arg, o->long_name) == 0))
			return o;
		if (o->value && sl && strncmp(arg, o->short_name, sl) == 0 && arg[1] != '-') {
			*inline_value = arg + sl;
			return o;
		}
		if (o->value && ll && strncmp(arg, o->long_name, ll) == 0 && arg[ll] == '=') {
			*inline_value = arg + ll + 1;
			return o;
		}
	}
	return NULL;
}

int kr_options(const char *cmd, int *argc, char **argv, const kr_option *opts, size_t n)
{
	int nf = 0;
	bool done = false;
	for (int i = 0; i < *argc; i++) {
		const char *arg = argv[i], *inline_value;
		if (done || arg[0] != '-' || !arg[1]) {
			argv[nf++] = argv[i];
		} else if (strcmp(arg, "--") == 0) {
			done = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_usage(stdout);
			return fflush(stdout) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
		} else {
			const kr_option *o = find_option(arg, opts, n, &inline_value);
			if (!o)
				return kr_usage("'%s' is not an option of kpireport %s", arg, cmd);
			if (o->flag) {
				*o->flag = true;
			} else if (inline_value && *inline_value) {
				*o->value = inline_value;
			} else if (!inline_value && i + 1 < *argc) {
				*o->value = argv[++i];
			} else {
				fprintf(stderr, "kpireport: %s\n", _(o->needs));
				return usage_hint();
			}
		}
	}
	*argc = nf;
	return -1;
}

static int cmd_validate(int argc, char **argv, kr_diags *d)
{
	int early = kr_options("validate", &argc, argv, NULL, 0);
	if (early >= 0)
		return early;
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

/* Makes dir and its missing parents, like mkdir -p.  Returns 0, or -1 with errno set. */
static int make_folders(const char *dir)
{
	char *p = strdup(dir);
	if (!p)
		kr_oom();
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		bool end = *s == '\0';
		if (*s != '/' && !end)
			continue;
		*s = '\0';
		struct stat st;
		if (stat(p, &st) != 0 && (errno != ENOENT || mkdir(p, 0777) != 0))
			rc = errno == EEXIST ? 0 : -1;
		if (end)
			break;
		*s = '/';
	}
	free(p);
	return rc;
}

/* The output folder, created when missing; an existing file of that name is an error. */
static bool output_folder(const char *dir)
{
	struct stat st;
	if (make_folders(dir) != 0) {
		fprintf(stderr, _("kpireport: %s: the folder cannot be created: %s"), dir,
			strerror(errno));
		fputc('\n', stderr);
		return false;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("kpireport: %s: not a folder"), dir);
		fputc('\n', stderr);
		return false;
	}
	return true;
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
			_("kpireport: %s and %s have the same name '%s', so their outputs in %s would "
			  "overwrite each other; rename one of them or build them into different folders "
			  "with -o"),
			files[v[first].index], files[v[i].index], v[i].stem, outdir);
		fputc('\n', stderr);
		clash = true;
	}
	for (int i = 0; i < nf; i++)
		free(v[i].stem);
	free(v);
	return clash;
}

static int cmd_build(int argc, char **argv, kr_diags *d)
{
	const char *outdir = ".", *list = NULL, *bad;
	bool quiet = false, per_department = false;
	const kr_option opts[] = {
		{"-o", "--output", &outdir, NULL, N_("-o needs a folder")},
		{"-q", "--quiet", NULL, &quiet, NULL},
		{NULL, "--formats", &list, NULL,
		 N_("--formats needs a list of output formats, such as pdf,xlsx")},
		{NULL, "--per-department", NULL, &per_department, NULL},
	};
	int nf = argc, early = kr_options("build", &nf, argv, opts, 4);
	if (early >= 0)
		return early;
	kr_formats formats = KR_FORMATS_ALL;
	if (list && !*list)
		return kr_usage("--formats needs a list of output formats, such as pdf,xlsx");
	if (list && !(formats = kr_formats_parse(list, &bad)))
		return kr_usage("'%.*s' is not an output format; kpireport --help lists them",
				(int)strcspn(bad, ","), bad);
	if (nf == 0)
		return kr_usage("build needs at least one FILE");
	if (!output_folder(outdir))
		return KR_EXIT_IO;
	if (same_stems(argv, nf, outdir))
		return KR_EXIT_USAGE;
	int status = KR_EXIT_OK;
	for (int i = 0; i < nf; i++) {
		size_t e0 = kr_diags_errors(d), w0 = kr_diags_warnings(d);
		int s;
		kr_doc *doc = kr_prepare(argv[i], d, &s);
		if (doc)
			s = kr_build(doc, outdir, formats, d, quiet ? NULL : stdout);
		if (doc && s == KR_EXIT_OK && per_department)
			s = kr_build_departments(doc, outdir, d, quiet ? NULL : stdout);
		kr_doc_free(doc);
		fflush(stdout);
		summary(argv[i], d, e0, w0);
		status = worst(status, s);
	}
	return status;
}

static int cmd_dump(int argc, char **argv, kr_diags *d)
{
	bool cells = false;
	const kr_option opts[] = {{NULL, "--cells", NULL, &cells, NULL}};
	int early = kr_options("dump", &argc, argv, opts, 1);
	if (early >= 0)
		return early;
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
	(void)d;
	int early = kr_options("schema", &argc, argv, NULL, 0);
	if (early >= 0)
		return early;
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

/* Every command: its name, its usage line and what it does (translated when printed), and the
 * function that runs it with the arguments after its name.  --help lists them all. */
static const struct command {
	const char *name, *synopsis, *description;
	int (*run)(int argc, char **argv, kr_diags *d);
} commands[] = {
	{"validate", N_("kpireport validate FILE..."),
	 N_("check handouts; print every problem as FILE:LINE:COL: error: MESSAGE"), cmd_validate},
	{"build", N_("kpireport build [-o DIR] [-q] [--formats LIST] [--per-department] FILE..."),
	 N_("write each FILE in every output format below, as DIR/STEM.pdf and so on, and name "
	    "each file written (-q: quietly); --formats pdf,xlsx writes only those; DIR is . unless "
	    "given, and is created when missing; with --per-department also "
	    "DIR/STEM-DEPARTMENT.xlsx for each department, open for input only in that "
	    "department's rows"),
	 cmd_build},
	{"new", N_("kpireport new [--template NAME] FILE.yaml"),
	 N_("write FILE.yaml, a commented handout to start from (one project with a subproject and "
	    "a KPI, the national scales) for the template NAME (default: kodaira-kpi); an existing "
	    "file is never overwritten"),
	 kr_cmd_new},
	{"dump", N_("kpireport dump [--cells] FILE"),
	 N_("print the loaded handout with its computed values (--cells: what each cell of the "
	    "table shows)"),
	 cmd_dump},
	{"merge", N_("kpireport merge [--dry-run] HANDOUT.yaml WORKBOOK.xlsx..."),
	 N_("apply the departments' answers in returned workbooks to the handout"), kr_cmd_merge},
	{"schema", N_("kpireport schema"), N_("print a JSON Schema of the handout format, for editors"),
	 cmd_schema},
	{"format-doc", N_("kpireport format-doc"),
	 N_("print the key tables of docs/format.md (for the documentation's upkeep)"), cmd_format_doc},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
	fprintf(out, "%s\n", _("usage:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %s\n      %s\n", _(commands[i].synopsis), _(commands[i].description));
	fprintf(out, "  %s\n      %s\n\n%s\n", "kpireport --help | --version",
		_("print this help, or the version"),
		_("exit status: 0 ok, 1 invalid input, 2 usage error, 3 I/O or render failure"));
	/* The output formats, from the renderer table. */
	fprintf(out, "\n%s\n", _("output formats (build writes them all unless --formats chooses):"));
	for (size_t i = 0; i < kr_n_renderers; i++)
		fprintf(out, "  %-5s STEM%-6s %s\n", kr_renderers[i].name, kr_renderers[i].ext,
			_(kr_renderers[i].what));
}

/* After a usage error's message: where the usage text is (not the text itself, which would push
 * the message off the screen). */
static int usage_hint(void)
{
	fprintf(stderr, "%s\n", _("Run 'kpireport --help' for the commands and their options."));
	return KR_EXIT_USAGE;
}

/* Prints "kpireport: MESSAGE" (fmt is translated) and where the usage text is, so that the
 * message stays on screen; with no message (kpireport alone), the usage text itself. */
int kr_usage(const char *fmt, ...)
{
	if (!fmt) {
		print_usage(stderr);
		return KR_EXIT_USAGE;
	}
	va_list ap;
	va_start(ap, fmt);
	fputs("kpireport: ", stderr);
	vfprintf(stderr, _(fmt), ap);
	fputc('\n', stderr);
	va_end(ap);
	return usage_hint();
}

static int unknown_command(const char *cmd)
{
	const char *names[N_COMMANDS];
	size_t n = 0;
	for (size_t i = 0; i < N_COMMANDS; i++)
		names[n++] = commands[i].name;
	const char *guess = kr_closest(cmd, names, n);
	if (guess)
		return kr_usage("unknown command '%s'; did you mean '%s'?", cmd, guess);
	char list[256];
	kr_join(list, sizeof list, names, n);
	return kr_usage("unknown command '%s'; the commands are %s", cmd, list);
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
		return unknown_command(cmd);
	kr_tmp_install_handlers();
	kr_diags *d = kr_diags_new();
	int status = c->run(argc - 2, argv + 2, d);
	kr_diags_free(d);
	return status;
}

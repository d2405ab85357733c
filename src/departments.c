/* One workbook per department (kpireport build --per-department): DIR/STEM-担当課.xlsx holds every
 * row, so a department sees its rows in context, but only its own rows are open for input and
 * listed as input on the identity sheet; kpireport merge takes them all back in one call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "i18n.h"
#include "output.h"
#include "render.h"

/* A department's name as part of a file name: path separators, characters Windows refuses and
 * controls become "_". */
static char *file_part(const char *dept)
{
	char *s = strdup(dept);
	if (!s)
		kr_oom();
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr("/\\:*?\"<>|", *p))
			*p = '_';
	return s;
}

/* The departments of the document in order of first appearance (n at most 2 per project). */
static const char **departments(const kr_doc *doc, size_t *n)
{
	size_t cap = 1;
	for (size_t i = 0; i < doc->n_projects; i++)
		cap += 1 + doc->projects[i].n_subprojects;
	const char **out = calloc(cap, sizeof *out);
	if (!out)
		kr_oom();
	*n = 0;
	for (size_t i = 0; i < doc->n_projects; i++) {
		const kr_project *top = &doc->projects[i];
		for (size_t s = 0; s <= top->n_subprojects; s++) {
			const char *d = kr_department_of(s ? &top->subprojects[s - 1] : top);
			bool seen = !d;
			for (size_t k = 0; k < *n && !seen; k++)
				seen = strcmp(out[k], d) == 0;
			if (!seen)
				out[(*n)++] = d;
		}
	}
	return out;
}

static int one(const kr_doc *doc, const char *outdir, const char *stem, const char *dept,
	       kr_font *font, kr_diags *d, FILE *report)
{
	char *part = file_part(dept);
	size_t len = strlen(outdir) + strlen(stem) + strlen(part) + 8;
	char *final = malloc(len);
	if (!final)
		kr_oom();
	snprintf(final, len, "%s/%s-%s.xlsx", outdir, stem, part);
	kr_outfile o = {0};
	int status = KR_EXIT_IO;
	kr_signal_hold hold;
	kr_signals_hold(&hold);
	if (kr_out_begin(&o, final, d) == 0) {
		kr_render_ctx ctx = {.doc = doc, .tmpl = doc->tmpl, .font = font,
				     .breaker = kr_breaker_new(), .diags = d, .tmp_path = o.tmp,
				     .final_path = final, .created = kr_creation_time(),
				     .department = dept};
		if (kr_render_xlsx(&ctx) == 0 && kr_out_commit_all(&o, 1, d) == 0)
			status = KR_EXIT_OK;
		if (status == KR_EXIT_OK && report) {
			fprintf(report, _("wrote %s"), final);
			fputc('\n', report);
		}
		kr_breaker_free(ctx.breaker);
	}
	kr_out_abort(&o);
	kr_signals_release(&hold);
	free(final);
	free(part);
	return status;
}

int kr_build_departments(const kr_doc *doc, const char *outdir, kr_diags *d, FILE *report)
{
	size_t n;
	const char **depts = departments(doc, &n);
	if (n == 0)
		kr_diag(d, doc->path, (kr_loc){0}, KR_D_NO_DEPARTMENTS,
			"no project or subproject has a 'department', so no workbook per department "
			"was written; give each project its department to have one");
	int status = KR_EXIT_OK;
	const kr_template *t = doc->tmpl;
	kr_font *font = n ? kr_font_load(t->font_family, t->font_fallback, t->n_font_fallback, d,
					 t->path, t->font_family_loc)
			  : NULL;
	if (n && !font)
		status = KR_EXIT_IO;
	char *stem = kr_stem(doc->path);
	for (size_t i = 0; i < n && status == KR_EXIT_OK; i++)
		status = one(doc, outdir, stem, depts[i], font, d, report);
	free(stem);
	kr_font_free(font);
	free(depts);
	return status;
}

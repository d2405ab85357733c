/* The renderer table and the build driver. */
#include "build.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load.h"
#include "output.h"
#include "render.h"
#include "validate.h"

const kr_renderer kr_renderers[] = {
	{"pdf", ".pdf", kr_render_pdf},
	{"xlsx", ".xlsx", kr_render_xlsx},
};
const size_t kr_n_renderers = sizeof kr_renderers / sizeof kr_renderers[0];

kr_doc *kr_prepare(const char *path, kr_diags *d, int *status)
{
	size_t before = kr_diags_errors(d), unreadable = kr_diags_count(d, KR_D_READ);
	kr_doc *doc = kr_doc_load(path, d);
	if (!doc) {
		/* A file that cannot be read is an I/O failure; one that can but is broken, invalid. */
		*status = kr_diags_count(d, KR_D_READ) > unreadable ? KR_EXIT_IO : KR_EXIT_INVALID;
		return NULL;
	}
	/* Even after shape errors, check what can be checked: every error at once. */
	kr_validate(doc, d);
	if (kr_diags_errors(d) > before) {
		kr_doc_free(doc);
		*status = KR_EXIT_INVALID;
		return NULL;
	}
	kr_compute(doc);
	*status = KR_EXIT_OK;
	return doc;
}

char *kr_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
		n -= 4;
	char *s = malloc(n + 1);
	if (!s)
		kr_oom();
	memcpy(s, base, n);
	s[n] = '\0';
	return s;
}

static time_t creation_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s && *s) {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

int kr_build(const kr_doc *doc, const char *outdir, kr_diags *d)
{
	const kr_template *t = doc->tmpl;
	kr_font *font = kr_font_load(t->font_family, d, t->path, t->font_family_loc);
	if (!font)
		return KR_EXIT_IO;
	char *stem = kr_stem(doc->path);
	kr_outfile outs[8] = {{0}};
	int status = KR_EXIT_OK;
	size_t n = kr_n_renderers < 8 ? kr_n_renderers : 8;
	time_t created = creation_time();
	for (size_t i = 0; i < n && status == KR_EXIT_OK; i++) {
		const kr_renderer *r = &kr_renderers[i];
		size_t len = strlen(outdir) + strlen(stem) + strlen(r->ext) + 2;
		char *final = malloc(len);
		if (!final)
			kr_oom();
		snprintf(final, len, "%s/%s%s", outdir, stem, r->ext);
		if (kr_out_begin(&outs[i], final, d) != 0) {
			status = KR_EXIT_IO;
		} else {
			kr_render_ctx ctx = {doc, t, font, d, outs[i].tmp, final, created};
			if (r->render(&ctx) != 0)
				status = KR_EXIT_IO;
		}
		free(final);
	}
	/* The renames of one document's outputs are not interrupted by a signal: the pair is
	 * replaced together. */
	kr_signal_hold hold;
	kr_signals_hold(&hold);
	for (size_t i = 0; i < n && status == KR_EXIT_OK; i++)
		if (kr_out_commit(&outs[i], d) != 0)
			status = KR_EXIT_IO;
	kr_signals_release(&hold);
	for (size_t i = 0; i < n; i++)
		kr_out_abort(&outs[i]);
	free(stem);
	kr_font_free(font);
	return status;
}

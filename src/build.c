/* The renderer table and the build driver. */
#include "build.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "load.h"
#include "output.h"
#include "render.h"
#include "validate.h"

/* The output formats, in the order build writes them (docs/outputs.md: adding one). */
const kr_renderer kr_renderers[] = {
	{"pdf", ".pdf", N_("the handout: an A4 landscape table for the meeting"), "%PDF-", true,
	 kr_render_pdf},
	{"xlsx", ".xlsx", N_("a workbook for departments to fill in, with live 達成率 formulas"),
	 "PK\x03\x04", true, kr_render_xlsx},
	{"html", ".html", N_("the accessible web copy (JIS X 8341-3 AA) to publish beside the PDF"),
	 "<!DOCTYPE html>", false, kr_render_html},
	{"csv", ".csv", N_("open data: one row per KPI with its project's figures (UTF-8, BOM)"),
	 "\xEF\xBB\xBF", false, kr_render_csv},
};
const size_t kr_n_renderers = sizeof kr_renderers / sizeof kr_renderers[0];
_Static_assert(sizeof kr_renderers / sizeof kr_renderers[0] < sizeof(kr_formats) * 8,
	       "a kr_formats bit for every renderer");

kr_formats kr_formats_parse(const char *list, const char **bad)
{
	kr_formats set = 0;
	*bad = list;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		size_t i = 0;
		while (i < kr_n_renderers &&
		       !(strlen(kr_renderers[i].name) == n && strncmp(kr_renderers[i].name, p, n) == 0))
			i++;
		if (i == kr_n_renderers) {
			*bad = p;
			return 0;
		}
		set |= 1u << i;
		p += n + (p[n] == ',');
	}
	return set;
}

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

time_t kr_creation_time(void)
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

/* One output being rendered; every renderer but the first runs on a thread of its own (the
 * machine's cores render the PDF and the workbook at once). */
typedef struct {
	const kr_renderer *r;
	kr_render_ctx ctx;
	char *final;
	int rc;
	pthread_t thread;
	bool threaded;
	bool own_breaker; /* ctx.breaker is this job's own (else the font's, or none) */
} job;

/* What libraries print to stderr while the renderers run (libxlsxwriter's "[WARNING]: …" and
 * "[ERROR] …" lines) is caught and becomes diagnostics, instead of reaching the user raw.
 * stderr is swapped before the threads start and back after they end; kpireport itself prints
 * nothing meanwhile (kr_oom writes to the descriptor). */
typedef struct {
	FILE *saved, *mem;
	char *text;
	size_t len;
} capture;

static void capture_begin(capture *c)
{
	*c = (capture){.saved = stderr};
	fflush(stderr);
	c->mem = open_memstream(&c->text, &c->len);
	if (c->mem)
		stderr = c->mem;
}

/* One caught line: libxlsxwriter's "[ERROR][file:line]: text" or "[WARNING]: text" without its
 * prefix, the temporary file's name replaced by the output's. */
static void captured_line(kr_diags *d, const char *line, size_t len, const job *xlsx)
{
	bool error = len >= 7 && memcmp(line, "[ERROR]", 7) == 0;
	const char *s = line, *end = line + len;
	if (*s == '[') {
		const char *close = memchr(s, ']', len);
		if (close && close + 1 < end && close[1] == '[')
			close = memchr(close + 1, ']', (size_t)(end - close - 1));
		if (close) {
			s = close + 1;
			while (s < end && (*s == ':' || *s == ' '))
				s++;
		}
	}
	if (s == end || (error && xlsx && xlsx->rc != 0))
		return; /* the renderer's own error already says why */
	char *text = strndup(s, (size_t)(end - s));
	if (!text)
		kr_oom();
	const char *tmp = xlsx ? xlsx->ctx.tmp_path : NULL;
	char *at = tmp && *tmp ? strstr(text, tmp) : NULL;
	if (at) { /* the library names its temporary file: show the file the user asked for */
		size_t n = strlen(text) - strlen(tmp) + strlen(xlsx->final) + 1;
		char *shown = malloc(n);
		if (!shown)
			kr_oom();
		snprintf(shown, n, "%.*s%s%s", (int)(at - text), text, xlsx->final, at + strlen(tmp));
		free(text);
		text = shown;
	}
	kr_diag(d, xlsx ? xlsx->final : NULL, KR_NO_LOC, KR_D_LIBRARY,
		"the workbook library reports: %s", text);
	free(text);
}

static void capture_end(capture *c, kr_diags *d, const job *xlsx)
{
	if (!c->mem)
		return;
	stderr = c->saved;
	if (fclose(c->mem) == 0 && c->text)
		for (const char *p = c->text; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			captured_line(d, p, n, xlsx);
			p += n + (nl != NULL);
		}
	free(c->text);
}

static void *run_job(void *arg)
{
	job *j = arg;
	j->rc = j->r->render(&j->ctx);
	return NULL;
}

int kr_build(const kr_doc *doc, const char *outdir, unsigned formats, kr_diags *d, FILE *report)
{
	const kr_template *t = doc->tmpl;
	bool need_font = false;
	for (size_t i = 0; i < kr_n_renderers; i++)
		need_font |= (formats >> i & 1) && kr_renderers[i].font;
	kr_font *font = NULL;
	if (need_font && !(font = kr_font_load(t->font_family, t->font_fallback, t->n_font_fallback,
					       d, t->path, t->font_family_loc)))
		return KR_EXIT_IO;
	if (font && (kr_font_face_of(font, 0x3042) != 0 || kr_font_face_of(font, 0x65E5) != 0)) {
		/* A Latin font would draw every Japanese character as 〓 (or in its fallback). */
		kr_diag(d, t->path, t->font_family_loc, KR_D_FONT,
			"the font '%s' has no Japanese characters (あ, 日), so the handout cannot be "
			"drawn with it; name a Japanese font such as IPAexGothic",
			t->font_family);
		kr_font_free(font);
		return KR_EXIT_IO;
	}
	char *stem = kr_stem(doc->path);
	enum { MAX_JOBS = 8 };
	kr_outfile outs[MAX_JOBS] = {{0}};
	job jobs[MAX_JOBS];
	memset(jobs, 0, sizeof jobs);
	int status = KR_EXIT_OK;
	size_t n = 0;
	time_t created = kr_creation_time();
	/* Signals wait while this document renders and its outputs are renamed (the threads
	 * inherit the mask): libxlsxwriter names temporary files the handler cannot know of, and
	 * the pair of renames must not be cut in two.  A SIGTERM is handled when the document is
	 * done, and then removes nothing but this module's own temporary files. */
	kr_signal_hold hold;
	kr_signals_hold(&hold);
	bool font_breaker = false; /* the font's own breaker is taken */
	for (size_t r = 0; r < kr_n_renderers && n < MAX_JOBS && status == KR_EXIT_OK; r++) {
		if (!(formats >> r & 1))
			continue;
		size_t i = n++;
		job *j = &jobs[i];
		j->r = &kr_renderers[r];
		size_t len = strlen(outdir) + strlen(stem) + strlen(j->r->ext) + 2;
		j->final = malloc(len);
		if (!j->final)
			kr_oom();
		/* In the current folder, the name alone: messages then say "a.pdf", not "./a.pdf". */
		if (strcmp(outdir, ".") == 0)
			snprintf(j->final, len, "%s%s", stem, j->r->ext);
		else
			snprintf(j->final, len, "%s/%s%s", outdir, stem, j->r->ext);
		if (kr_out_begin(&outs[i], j->final, d) != 0)
			status = KR_EXIT_IO;
		kr_breaker *b = NULL;
		if (j->r->font) {
			b = font_breaker ? kr_breaker_new() : kr_font_breaker(font);
			j->own_breaker = font_breaker;
			font_breaker = true;
		}
		j->ctx = (kr_render_ctx){.doc = doc,
					 .tmpl = t,
					 .font = j->r->font ? font : NULL,
					 .breaker = b,
					 .diags = i == 0 ? d : kr_diags_new(),
					 .tmp_path = outs[i].tmp,
					 .final_path = j->final,
					 .created = created};
	}
	if (status == KR_EXIT_OK && n > 0) {
		capture cap;
		capture_begin(&cap);
		for (size_t i = 1; i < n; i++)
			jobs[i].threaded = pthread_create(&jobs[i].thread, NULL, run_job, &jobs[i]) == 0;
		run_job(&jobs[0]);
		for (size_t i = 1; i < n; i++) {
			if (jobs[i].threaded)
				pthread_join(jobs[i].thread, NULL);
			else /* no thread to be had: render here */
				run_job(&jobs[i]);
		}
		const job *xlsx = NULL;
		for (size_t i = 0; i < n; i++) {
			if (jobs[i].rc != 0)
				status = KR_EXIT_IO;
			if (strcmp(jobs[i].r->name, "xlsx") == 0)
				xlsx = &jobs[i];
		}
		capture_end(&cap, d, xlsx);
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && jobs[i].ctx.diags) {
			kr_diags_move(d, jobs[i].ctx.diags);
			kr_diags_free(jobs[i].ctx.diags);
		}
		if (jobs[i].own_breaker)
			kr_breaker_free(jobs[i].ctx.breaker);
	}
	if (status == KR_EXIT_OK && kr_out_commit_all(outs, n, d) != 0)
		status = KR_EXIT_IO;
	for (size_t i = 0; i < n && status == KR_EXIT_OK && report; i++) {
		fprintf(report, _("wrote %s"), jobs[i].final);
		fputc('\n', report);
	}
	for (size_t i = 0; i < n; i++) {
		kr_out_abort(&outs[i]);
		free(jobs[i].final);
	}
	kr_signals_release(&hold);
	free(stem);
	kr_font_free(font);
	return status;
}

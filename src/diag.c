/* The diagnostics collector: records, sorts and prints messages. */
#include "diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"

static const struct {
	const char *name;
	enum kr_level level;
	const char *summary;
} catalogue[] = {
#define X(id, level, summary) {#id, level, summary},
	KR_DIAG_LIST(X)
#undef X
};

struct msg {
	const char *file;
	size_t file_rank;
	kr_loc loc;
	enum kr_level level;
	size_t seq;
	char *text;
};

struct kr_diags {
	struct msg *v;
	size_t n, cap, seq;
	size_t errors, warnings;
	size_t by_id[KR_D_COUNT];
	size_t dropped; /* messages over KR_MAX_MESSAGES since the last flush */
	const char **files; /* first-seen order, for sorting */
	size_t n_files, cap_files;
};

const char *kr_diag_name(enum kr_diag_id id) { return catalogue[id].name; }
const char *kr_diag_summary(enum kr_diag_id id) { return catalogue[id].summary; }
enum kr_level kr_diag_level(enum kr_diag_id id) { return catalogue[id].level; }

kr_diags *kr_diags_new(void)
{
	kr_diags *d = calloc(1, sizeof *d);
	if (!d)
		kr_oom();
	return d;
}

static void free_msgs(kr_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].text);
	}
	d->n = 0;
}

void kr_diags_free(kr_diags *d)
{
	if (!d)
		return;
	free_msgs(d);
	free(d->v);
	for (size_t i = 0; i < d->n_files; i++)
		free((char *)d->files[i]);
	free(d->files);
	free(d);
}

static size_t file_rank(kr_diags *d, const char *file, const char **interned)
{
	if (!file) {
		*interned = NULL;
		return 0;
	}
	for (size_t i = 0; i < d->n_files; i++)
		if (strcmp(d->files[i], file) == 0) {
			*interned = d->files[i];
			return i + 1;
		}
	if (d->n_files == d->cap_files) {
		d->cap_files = d->cap_files ? 2 * d->cap_files : 8;
		d->files = realloc(d->files, d->cap_files * sizeof *d->files);
		if (!d->files)
			kr_oom();
	}
	char *copy = strdup(file);
	if (!copy)
		kr_oom();
	d->files[d->n_files++] = copy;
	*interned = copy;
	return d->n_files;
}

void kr_diags_file(kr_diags *d, const char *file)
{
	const char *interned;
	file_rank(d, file, &interned);
}

/* A new message slot for file, in order of arrival; NULL (and counted) beyond the cap. */
static struct msg *new_msg(kr_diags *d, const char *file)
{
	if (d->n >= KR_MAX_MESSAGES) {
		d->dropped++;
		return NULL;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->v = realloc(d->v, d->cap * sizeof *d->v);
		if (!d->v)
			kr_oom();
	}
	struct msg *m = &d->v[d->n++];
	m->file_rank = file_rank(d, file, &m->file);
	m->seq = d->seq++;
	return m;
}

/* Whether cp would change how a terminal shows the message around it: a control character, a
 * bidirectional override or isolate (U+202E turns the rest of the line around), a line or
 * paragraph separator. */
static bool invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* s with every such character written as an escape (\u202E, \x01) and every byte that is not
 * UTF-8 as \xNN: a message echoes names from the input and must print as one plain line. */
static char *escaped(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = malloc(6 * len + 1);
	if (!out)
		kr_oom();
	for (size_t i = 0; i < len;) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t n = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : p[0] >= 0xE0 && p[0] < 0xF0 ? 3
			 : p[0] >= 0xF0 && p[0] < 0xF5 ? 4 : 0;
		uint32_t cp = n == 1 ? p[0] : n ? p[0] & (0x7Fu >> n) : 0;
		for (size_t k = 1; k < n; k++) {
			if (i + k >= len || (p[k] & 0xC0) != 0x80) {
				n = 0;
				break;
			}
			cp = cp << 6 | (p[k] & 0x3F);
		}
		if (n == 0) {
			o += (size_t)sprintf(out + o, "\\x%02X", p[0]);
			i++;
		} else if (invisible(cp)) {
			o += (size_t)sprintf(out + o, cp < 0x80 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
			i += n;
		} else {
			memcpy(out + o, p, n);
			o += n;
			i += n;
		}
	}
	out[o] = '\0';
	return out;
}

void kr_vdiag(kr_diags *d, const char *file, kr_loc loc, enum kr_diag_id id, const char *fmt,
	      va_list ap)
{
	d->by_id[id]++;
	if (catalogue[id].level == KR_ERROR)
		d->errors++;
	else
		d->warnings++;
	struct msg *m = new_msg(d, file);
	if (!m)
		return;
	m->loc = loc;
	m->level = catalogue[id].level;
	fmt = _(fmt);
	va_list ap2;
	va_copy(ap2, ap);
	int len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	m->text = malloc(len < 0 ? 1 : (size_t)len + 1);
	if (!m->text)
		kr_oom();
	if (len < 0)
		m->text[0] = '\0';
	else
		vsnprintf(m->text, (size_t)len + 1, fmt, ap);
	char *e = escaped(m->text);
	free(m->text);
	m->text = e;
}

void kr_diag(kr_diags *d, const char *file, kr_loc loc, enum kr_diag_id id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kr_vdiag(d, file, loc, id, fmt, ap);
	va_end(ap);
}

void kr_diags_move(kr_diags *d, kr_diags *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct msg *m = &src->v[i];
		struct msg *t = new_msg(d, m->file);
		if (!t) {
			free(m->text);
			continue;
		}
		t->loc = m->loc;
		t->level = m->level;
		t->text = m->text; /* moved */
	}
	src->n = 0;
	d->errors += src->errors;
	d->warnings += src->warnings;
	d->dropped += src->dropped;
	for (size_t i = 0; i < KR_D_COUNT; i++)
		d->by_id[i] += src->by_id[i];
	src->errors = src->warnings = src->dropped = 0;
	memset(src->by_id, 0, sizeof src->by_id);
}

size_t kr_diags_errors(const kr_diags *d) { return d->errors; }
size_t kr_diags_warnings(const kr_diags *d) { return d->warnings; }
size_t kr_diags_count(const kr_diags *d, enum kr_diag_id id) { return d->by_id[id]; }

static int cmp_msg(const void *pa, const void *pb)
{
	const struct msg *a = pa, *b = pb;
	if (a->file_rank != b->file_rank)
		return a->file_rank < b->file_rank ? -1 : 1;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void kr_diags_flush(kr_diags *d, FILE *out)
{
	if (d->n)
		qsort(d->v, d->n, sizeof *d->v, cmp_msg);
	for (size_t i = 0; i < d->n; i++) {
		const struct msg *m = &d->v[i];
		bool err = m->level == KR_ERROR;
		char *file = m->file ? escaped(m->file) : NULL;
		if (file && m->loc.line > 0)
			fprintf(out, err ? _("%s:%d:%d: error: %s") : _("%s:%d:%d: warning: %s"), file,
				m->loc.line, m->loc.col, m->text);
		else if (file)
			fprintf(out, err ? _("%s: error: %s") : _("%s: warning: %s"), file, m->text);
		else
			fprintf(out, err ? _("kpireport: error: %s") : _("kpireport: warning: %s"), m->text);
		fputc('\n', out);
		free(file);
	}
	if (d->dropped) {
		fprintf(out,
			ngettext("kpireport: %zu more message not shown (the first %d are above)",
				 "kpireport: %zu more messages not shown (the first %d are above)",
				 d->dropped),
			d->dropped, KR_MAX_MESSAGES);
		fputc('\n', out);
	}
	d->dropped = 0;
	free_msgs(d);
}

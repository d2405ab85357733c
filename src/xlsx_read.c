/* The xlsx reader: zip members streamed through expat into a table of cells per sheet.
 *
 * Parts, in order: _rels/.rels (where the workbook part is) -> the workbook (sheet names, their
 * relationship ids, date1904) -> its relationships (each sheet's part; the shared strings and
 * styles by relationship type: LibreOffice renumbers them) -> shared strings -> styles -> a
 * sheet when asked for.  Element and attribute names are compared by local name, so prefixed
 * namespaces (<x:c>) read like the default one. */
#include "xlsx_read_int.h"

#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unzip.h>


/* ------------------------------------------------------------------------------------------ */
/* Errors */

void kr_xr_fail(kr_xbook *b, kr_diags *d, const char *fmt, ...)
{
	if (b->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	kr_vdiag(d, b->path, KR_NO_LOC, KR_D_WORKBOOK, fmt, ap);
	va_end(ap);
	b->failed = true;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing one part */


static const char *local(const char *name)
{
	const char *sep = strrchr(name, '\x01');
	return sep ? sep + 1 : name;
}

const char *kr_xr_attr(const char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(local(attrs[i]), name) == 0)
			return attrs[i + 1];
	return NULL;
}

void kr_xr_stop(pctx *c, const char *fmt, ...)
{
	if (!c->b->failed) {
		va_list ap;
		va_start(ap, fmt);
		kr_vdiag(c->d, c->b->path, KR_NO_LOC, KR_D_WORKBOOK, fmt, ap);
		va_end(ap);
		c->b->failed = true;
	}
	XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL x_start(void *ud, const char *name, const char **attrs)
{
	pctx *c = ud;
	if (++c->depth > KR_XR_MAX_DEPTH) {
		kr_xr_stop(c, "the part %s cannot be read: elements nested deeper than %u levels", c->part, KR_XR_MAX_DEPTH);
		return;
	}
	c->start(c, local(name), attrs);
}

static void XMLCALL x_end(void *ud, const char *name)
{
	pctx *c = ud;
	c->depth--;
	if (c->end)
		c->end(c, local(name));
}

static void XMLCALL x_text(void *ud, const char *s, int len)
{
	pctx *c = ud;
	if (!c->collecting || len <= 0)
		return;
	/* A cell holds at most 32,767 characters (4 bytes each at most), plus escapes. */
	if (c->len + (size_t)len > 8 * KR_XR_MAX_TEXT) {
		kr_xr_stop(c, "the part %s cannot be read: a text longer than %u characters", c->part, KR_XR_MAX_TEXT);
		return;
	}
	if (c->len + (size_t)len + 1 > c->cap) {
		c->cap = (c->len + (size_t)len + 1) * 2;
		c->text = realloc(c->text, c->cap);
		if (!c->text)
			kr_oom();
	}
	memcpy(c->text + c->len, s, (size_t)len);
	c->len += (size_t)len;
}

/* An xlsx part never declares a DTD: refusing it refuses every entity ("billion laughs") and
 * external reference at once. */
static void XMLCALL x_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
			      int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	pctx *c = ud;
	kr_xr_stop(c, "the part %s cannot be read: it declares a DTD (<!DOCTYPE>), which no "
		   "workbook does", c->part);
}

void kr_xr_collect(pctx *c)
{
	c->collecting = true;
	c->len = 0;
}

static int hexval(char ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

static size_t utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80)
		return out[0] = (char)cp, 1;
	if (cp < 0x800)
		return out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3F)), 2;
	out[0] = (char)(0xE0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* The collected text with Excel's _xHHHH_ escapes decoded (expat decodes the XML ones), in the
 * arena; stops collecting. */
const char *kr_xr_collected(pctx *c)
{
	c->collecting = false;
	char *out = kr_alloc(c->b->a, c->len + 1), *q = out;
	const char *s = c->text ? c->text : "";
	size_t chars = 0;
	for (size_t i = 0; i < c->len;) {
		int h[4];
		if (i + 7 <= c->len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    (h[0] = hexval(s[i + 2])) >= 0 && (h[1] = hexval(s[i + 3])) >= 0 &&
		    (h[2] = hexval(s[i + 4])) >= 0 && (h[3] = hexval(s[i + 5])) >= 0) {
			unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFFFD;
			q += utf8_put(q, cp); /* at most 3 bytes for 7 read */
			i += 7;
		} else {
			*q++ = s[i++];
		}
		if ((q[-1] & 0xC0) != 0x80)
			chars++;
	}
	*q = '\0';
	if (chars > KR_XR_MAX_TEXT)
		kr_xr_stop(c, "the part %s cannot be read: a text of %zu characters; a cell holds at most %u", c->part, chars, KR_XR_MAX_TEXT);
	return out;
}

/* Opens member name, checking what the zip says of it before inflating a byte. */
static bool open_member(kr_xbook *b, kr_diags *d, const char *name, bool required)
{
	if (unzLocateFile(b->zip, name, 1) != UNZ_OK) {
		if (required)
			kr_xr_fail(b, d, "the part %s is missing; the file is not a complete workbook", name);
		return false;
	}
	unz_file_info64 info;
	if (unzGetCurrentFileInfo64(b->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
		kr_xr_fail(b, d, "the part %s cannot be read from the zip", name);
		return false;
	}
	unsigned long mode = (unsigned long)(info.external_fa >> 16);
	if (S_ISLNK((mode_t)mode)) {
		kr_xr_fail(b, d, "the part %s is a symbolic link, which no workbook contains", name);
		return false;
	}
	if (info.uncompressed_size > KR_XR_MAX_PART) {
		kr_xr_fail(b, d, "the part %s would be %llu bytes; the limit is %u MiB", name,
		     (unsigned long long)info.uncompressed_size, KR_XR_MAX_PART >> 20);
		return false;
	}
	if (unzOpenCurrentFile(b->zip) != UNZ_OK) {
		kr_xr_fail(b, d, "the part %s cannot be opened (encrypted or an unknown compression)", name);
		return false;
	}
	return true;
}

/* Streams member name through expat into the handlers.  Returns false after recording why. */
bool kr_xr_parse_part(kr_xbook *b, kr_diags *d, const char *name, bool required, on_start st,
		       on_end en, void *state)
{
	if (!open_member(b, d, name, required))
		return !required && !b->failed;
	XML_Parser p = XML_ParserCreateNS(NULL, '\x01');
	if (!p)
		kr_oom();
	pctx c = {.b = b, .d = d, .p = p, .part = name, .start = st, .end = en, .state = state};
	XML_SetUserData(p, &c);
	XML_SetElementHandler(p, x_start, x_end);
	XML_SetCharacterDataHandler(p, x_text);
	XML_SetStartDoctypeDeclHandler(p, x_doctype);
	enum { CHUNK = 1 << 16 };
	char *buf = malloc(CHUNK);
	if (!buf)
		kr_oom();
	size_t part = 0;
	bool closed = false;
	for (;;) {
		int got = unzReadCurrentFile(b->zip, buf, CHUNK);
		if (got < 0) {
			kr_xr_fail(b, d, "the part %s is damaged (zip error %d)", name, got);
			break;
		}
		part += (size_t)got;
		b->inflated += (size_t)got;
		/* Counted as inflated, not as the zip claims: a zip bomb stops here. */
		if (part > KR_XR_MAX_PART || b->inflated > KR_XR_MAX_INFLATED) {
			kr_xr_fail(b, d, "the part %s inflates beyond %u MiB (a zip bomb?); a workbook "
				   "this large is not read", name,
			     (part > KR_XR_MAX_PART ? KR_XR_MAX_PART : KR_XR_MAX_INFLATED) >> 20);
			break;
		}
		/* At the end, the checksum first: a zip that lies about a part's size ends early,
		 * and is damaged rather than malformed. */
		if (got == 0 && (closed = true, unzCloseCurrentFile(b->zip) == UNZ_CRCERROR)) {
			kr_xr_fail(b, d, "the part %s is damaged (its checksum does not match)", name);
			break;
		}
		if (XML_Parse(p, buf, got, got == 0) == XML_STATUS_ERROR) {
			if (!b->failed)
				kr_xr_fail(b, d, "the part %s is not well-formed XML: %s at line %lu", name,
				     XML_ErrorString(XML_GetErrorCode(p)),
				     (unsigned long)XML_GetCurrentLineNumber(p));
			break;
		}
		if (got == 0 || b->failed)
			break;
	}
	if (!closed && unzCloseCurrentFile(b->zip) == UNZ_CRCERROR)
		kr_xr_fail(b, d, "the part %s is damaged (its checksum does not match)", name);
	free(buf);
	free(c.text);
	XML_ParserFree(p);
	return !b->failed;
}

/* ------------------------------------------------------------------------------------------ */
/* Package and workbook parts */

/* A relationship target resolved against the folder of the part that names it. */
static const char *resolve(kr_xbook *b, const char *dir, const char *target)
{
	if (target[0] == '/')
		return kr_strdup(b->a, target + 1);
	const char *s = kr_sprintf(b->a, "%s%s", dir, target);
	/* "xl/worksheets/../sharedStrings.xml": drop each "dir/.." pair. */
	char *out = kr_strdup(b->a, s), *p;
	while ((p = strstr(out, "/../")) != NULL) {
		char *q = p;
		while (q > out && q[-1] != '/')
			q--;
		memmove(q, p + 4, strlen(p + 4) + 1);
	}
	return out;
}

static const char *dir_of(kr_xbook *b, const char *part)
{
	const char *slash = strrchr(part, '/');
	return slash ? kr_strndup(b->a, part, (size_t)(slash - part + 1)) : "";
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

static void root_rels_start(pctx *c, const char *name, const char **attrs)
{
	const char *type = kr_xr_attr(attrs, "Type"), *target = kr_xr_attr(attrs, "Target");
	if (strcmp(name, "Relationship") == 0 && type && target &&
	    ends_with(type, "/officeDocument"))
		c->b->wb_part = resolve(c->b, "", target);
}

typedef struct {
	size_t cap;
	const char **rids; /* per sheet */
} wbstate;

static void workbook_start(pctx *c, const char *name, const char **attrs)
{
	kr_xbook *b = c->b;
	wbstate *w = c->state;
	if (strcmp(name, "workbookPr") == 0) {
		const char *v = kr_xr_attr(attrs, "date1904");
		b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(name, "sheet") == 0) {
		const char *nm = kr_xr_attr(attrs, "name"), *rid = kr_xr_attr(attrs, "id"),
			   *state = kr_xr_attr(attrs, "state");
		if (!nm || !rid)
			return;
		if (b->n_sheets >= KR_XR_MAX_SHEETS) {
			kr_xr_stop(c, "the part %s cannot be read: more than %u sheets", c->part, KR_XR_MAX_SHEETS);
			return;
		}
		if (b->n_sheets == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 8;
			kr_xsheet *ns = kr_alloc_array(b->a, w->cap, sizeof *ns);
			const char **nr = kr_alloc_array(b->a, w->cap, sizeof *nr);
			if (b->n_sheets) {
				memcpy(ns, b->sheets, b->n_sheets * sizeof *ns);
				memcpy(nr, w->rids, b->n_sheets * sizeof *nr);
			}
			b->sheets = ns, w->rids = nr;
		}
		w->rids[b->n_sheets] = kr_strdup(b->a, rid);
		b->sheets[b->n_sheets++] = (kr_xsheet){
			.name = kr_strdup(b->a, nm),
			.hidden = state && strcmp(state, "visible") != 0};
	}
}

static void wb_rels_start(pctx *c, const char *name, const char **attrs)
{
	kr_xbook *b = c->b;
	wbstate *w = c->state;
	const char *id = kr_xr_attr(attrs, "Id"), *type = kr_xr_attr(attrs, "Type"),
		   *target = kr_xr_attr(attrs, "Target"), *mode = kr_xr_attr(attrs, "TargetMode");
	if (strcmp(name, "Relationship") != 0 || !id || !type || !target ||
	    (mode && strcmp(mode, "External") == 0))
		return;
	const char *part = resolve(b, b->wb_dir, target);
	if (ends_with(type, "/sharedStrings"))
		b->strings_part = part;
	else if (ends_with(type, "/styles"))
		b->styles_part = part;
	for (size_t i = 0; i < b->n_sheets; i++)
		if (strcmp(w->rids[i], id) == 0 && ends_with(type, "/worksheet"))
			b->sheets[i].part = part;
}

/* ------------------------------------------------------------------------------------------ */
/* Shared strings and styles */

typedef struct {
	unsigned rph; /* inside <rPh> (furigana): its <t> is not part of the text */
	bool in_si;
	char *acc;
	size_t len, cap;
} sstate;

static void acc_append(sstate *s, const char *t)
{
	size_t n = strlen(t);
	if (s->len + n + 1 > s->cap) {
		s->cap = (s->len + n + 1) * 2;
		s->acc = realloc(s->acc, s->cap);
		if (!s->acc)
			kr_oom();
	}
	memcpy(s->acc + s->len, t, n + 1);
	s->len += n;
}

static void strings_start(pctx *c, const char *name, const char **attrs)
{
	(void)attrs;
	sstate *s = c->state;
	if (strcmp(name, "si") == 0) {
		s->in_si = true, s->len = 0;
		if (s->acc)
			s->acc[0] = '\0';
	} else if (strcmp(name, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(name, "t") == 0 && s->in_si && !s->rph) {
		kr_xr_collect(c);
	}
}

static void strings_end(pctx *c, const char *name)
{
	sstate *s = c->state;
	kr_xbook *b = c->b;
	if (strcmp(name, "rPh") == 0 && s->rph) {
		s->rph--;
	} else if (strcmp(name, "t") == 0 && c->collecting) {
		acc_append(s, kr_xr_collected(c));
		if (s->len > 4 * KR_XR_MAX_TEXT)
			kr_xr_stop(c, "the part %s cannot be read: a text longer than %u characters", c->part, KR_XR_MAX_TEXT);
	} else if (strcmp(name, "si") == 0 && s->in_si) {
		s->in_si = false;
		if (b->n_strings >= KR_XR_MAX_STRINGS) {
			kr_xr_stop(c, "the part %s cannot be read: more than %u shared strings", c->part, KR_XR_MAX_STRINGS);
			return;
		}
		if (b->n_strings == b->cap_strings) {
			b->cap_strings = b->cap_strings ? 2 * b->cap_strings : 256;
			b->strings = realloc(b->strings, b->cap_strings * sizeof *b->strings);
			if (!b->strings)
				kr_oom();
		}
		b->strings[b->n_strings++] = kr_strndup(b->a, s->acc ? s->acc : "", s->len);
	}
}

/* Built-in number formats that show dates: 14-22, 45-47, and the Japanese ones 27-36, 50-58. */
static bool builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

/* A custom format code shows a date when it has y, m, d (or 年月日) outside quotes, brackets
 * and escapes ("General" has an e, not a date letter). */
static bool code_is_date(const char *code)
{
	bool quoted = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\\' || *p == '_' || *p == '*')
			p += p[1] ? 1 : 0;
		else if (*p == '[')
			while (p[1] && *p != ']')
				p++;
		else if (strchr("yYdD", *p) || ((*p == 'm' || *p == 'M') && !strpbrk(code, "0#")))
			return true;
		else if (strncmp(p, "年", 3) == 0 || strncmp(p, "日", 3) == 0)
			return true;
	}
	return false;
}

typedef struct {
	bool in_xfs;
	size_t cap;
	long *ids;   /* custom numFmtIds that are dates */
	size_t n_ids, cap_ids;
} ystate;

static void styles_start(pctx *c, const char *name, const char **attrs)
{
	ystate *y = c->state;
	kr_xbook *b = c->b;
	if (strcmp(name, "numFmt") == 0) {
		const char *id = kr_xr_attr(attrs, "numFmtId"), *code = kr_xr_attr(attrs, "formatCode");
		if (id && code && code_is_date(code) && y->n_ids < 1024) {
			if (y->n_ids == y->cap_ids) {
				y->cap_ids = y->cap_ids ? 2 * y->cap_ids : 16;
				y->ids = realloc(y->ids, y->cap_ids * sizeof *y->ids);
				if (!y->ids)
					kr_oom();
			}
			y->ids[y->n_ids++] = strtol(id, NULL, 10);
		}
	} else if (strcmp(name, "cellXfs") == 0) {
		y->in_xfs = true;
	} else if (strcmp(name, "xf") == 0 && y->in_xfs) {
		if (b->n_xf >= 65536) {
			kr_xr_stop(c, "the part %s cannot be read: more than 65536 cell formats", c->part);
			return;
		}
		if (b->n_xf == y->cap) {
			y->cap = y->cap ? 2 * y->cap : 64;
			b->xf_date = realloc(b->xf_date, y->cap * sizeof *b->xf_date);
			if (!b->xf_date)
				kr_oom();
		}
		const char *id = kr_xr_attr(attrs, "numFmtId");
		long v = id ? strtol(id, NULL, 10) : 0;
		bool date = builtin_date(v);
		for (size_t i = 0; i < y->n_ids && !date; i++)
			date = y->ids[i] == v;
		b->xf_date[b->n_xf++] = date;
	}
}

static void styles_end(pctx *c, const char *name)
{
	ystate *y = c->state;
	if (strcmp(name, "cellXfs") == 0)
		y->in_xfs = false;
}

/* ------------------------------------------------------------------------------------------ */
/* Opening */

kr_xbook *kr_xbook_open(const char *path, kr_diags *d)
{
	kr_arena *a = kr_arena_new();
	kr_xbook *b = kr_alloc(a, sizeof *b);
	b->a = a;
	b->path = kr_strdup(a, path);
	struct stat st;
	if (stat(path, &st) != 0) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "cannot open: %s", strerror(errno));
		kr_arena_free(a);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		kr_diag(d, path, KR_NO_LOC, KR_D_READ, "not a regular file");
		kr_arena_free(a);
		return NULL;
	}
	if ((unsigned long long)st.st_size > KR_XR_MAX_FILE) {
		kr_xr_fail(b, d, "the workbook is %lld bytes; the limit is %u MiB", (long long)st.st_size,
		     KR_XR_MAX_FILE >> 20);
		kr_arena_free(a);
		return NULL;
	}
	b->zip = unzOpen64(path);
	if (!b->zip) {
		kr_xr_fail(b, d, "not an xlsx workbook (not a zip file); save it from Excel as .xlsx");
		kr_arena_free(a);
		return NULL;
	}
	wbstate w = {0};
	sstate s = {0};
	ystate y = {0};
	if (kr_xr_parse_part(b, d, "_rels/.rels", false, root_rels_start, NULL, NULL) && !b->wb_part)
		b->wb_part = "xl/workbook.xml";
	if (!b->failed) {
		b->wb_dir = dir_of(b, b->wb_part);
		const char *rels = kr_sprintf(a, "%s_rels/%s.rels", b->wb_dir, b->wb_part + strlen(b->wb_dir));
		if (kr_xr_parse_part(b, d, b->wb_part, true, workbook_start, NULL, &w))
			kr_xr_parse_part(b, d, rels, true, wb_rels_start, NULL, &w);
	}
	if (!b->failed && b->strings_part)
		kr_xr_parse_part(b, d, b->strings_part, true, strings_start, strings_end, &s);
	if (!b->failed && b->styles_part)
		kr_xr_parse_part(b, d, b->styles_part, false, styles_start, styles_end, &y);
	free(s.acc);
	free(y.ids);
	if (!b->failed && b->n_sheets == 0)
		kr_xr_fail(b, d, "the workbook has no sheets");
	if (b->failed) {
		kr_xbook_free(b);
		return NULL;
	}
	return b;
}

void kr_xbook_free(kr_xbook *b)
{
	if (!b)
		return;
	if (b->zip)
		unzClose(b->zip);
	free(b->strings);
	free(b->xf_date);
	kr_arena_free(b->a);
}

const char *kr_xident_hash(const char *s, char *buf)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * UINT64_C(1099511628211);
	snprintf(buf, 17, "%016llx", (unsigned long long)h);
	return buf;
}

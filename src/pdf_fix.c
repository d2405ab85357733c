/* The qpdf post-pass over what libharu writes.  libharu's ToUnicode CMap is malformed (poppler
 * warns "Invalid 'begincidrange' operator") and it sets no document language; this pass replaces
 * the CMap with one that maps the subset's codes (font.c, kr_font_cid) back to the characters,
 * sets /Lang ja and
 * /ViewerPreferences /DisplayDocTitle true, packs objects into object streams and writes the file
 * with a deterministic /ID.  Existing streams are copied as they are (no recompression). */
#include <qpdf/qpdf-c.h>
#include <zlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "pdf.h"

typedef struct {
	char *s;
	size_t n, cap;
} buf;

/* Makes room for more bytes at the end of b. */
static void grow(buf *b, size_t more)
{
	if (b->cap - b->n >= more)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap - b->n < more)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (!s)
		kr_oom();
	b->s = s;
	b->cap = cap;
}

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...)
{
	grow(b, 1); /* never vsnprintf into NULL + 0 */
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < b->cap - b->n) {
			b->n += (size_t)k;
			return;
		}
		grow(b, k >= 0 ? (size_t)k + 1 : b->cap + 4096);
	}
}

/* A character as UTF-16 hex digits: one unit, or a surrogate pair outside the BMP. */
static void put_utf16(buf *b, uint32_t u)
{
	if (u < 0x10000)
		put(b, "%04X", (unsigned)u);
	else
		put(b, "%04X%04X", (unsigned)(0xD800 + ((u - 0x10000) >> 10)),
		    (unsigned)(0xDC00 + ((u - 0x10000) & 0x3FF)));
}

/* The ToUnicode CMap: code KR_CID_BASE + i is the character uni[i] (font.c assigns the codes in
 * code point order, so consecutive characters such as digits and kana share one bfrange), and
 * the codes after those are the variation sequences pairs[i] (base and selector). */
static void make_cmap(const kr_pdf_font *f, buf *b)
{
	const uint32_t *uni = f->uni;
	size_t n = f->n_uni;
	put(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	       "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	       "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Runs of consecutive codes and characters of the BMP, within one 256-block of both (a
	 * bfrange may only vary the last byte). */
	size_t lo[100], hi[100], k = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && uni[j] == uni[j - 1] + 1 && (uni[j] >> 8) == (uni[i] >> 8) &&
		       ((KR_CID_BASE + j) >> 8) == ((KR_CID_BASE + i) >> 8) && uni[i] < 0x10000)
			j++;
		lo[k] = i, hi[k] = j - 1, k++;
		i = j;
		if (k == 100 || i == n) {
			put(b, "%zu beginbfrange\n", k);
			for (size_t r = 0; r < k; r++) {
				put(b, "<%04zX> <%04zX> <", KR_CID_BASE + lo[r], KR_CID_BASE + hi[r]);
				put_utf16(b, uni[lo[r]]);
				put(b, ">\n");
			}
			put(b, "endbfrange\n");
			k = 0;
		}
	}
	for (size_t i = 0; i < f->n_pairs; i += 100) {
		size_t m = f->n_pairs - i < 100 ? f->n_pairs - i : 100;
		put(b, "%zu beginbfchar\n", m);
		for (size_t r = i; r < i + m; r++) {
			put(b, "<%04zX> <", KR_CID_BASE + n + r);
			put_utf16(b, f->pairs[r][0]);
			put_utf16(b, f->pairs[r][1]);
			put(b, ">\n");
		}
		put(b, "endbfchar\n");
	}
	put(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static bool seen(int *ids, size_t *n, int id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return true;
	if (*n < 64)
		ids[(*n)++] = id;
	return false;
}

/* Sets a stream's data compressed with zlib.  qpdf is told to leave streams as they are: asked to
 * compress the two streams this pass makes, it spent more time than the whole rest of the build
 * of a long handout. */
static bool set_flate(qpdf_data q, qpdf_oh s, const unsigned char *data, size_t len, int level)
{
	uLongf zlen = compressBound((uLong)len);
	unsigned char *z = malloc(zlen);
	if (!z)
		kr_oom();
	bool ok = compress2(z, &zlen, data, (uLong)len, level) == Z_OK;
	if (ok)
		qpdf_oh_replace_stream_data(q, s, z, zlen, qpdf_oh_new_name(q, "/FlateDecode"),
					    qpdf_oh_new_null(q));
	free(z);
	return ok;
}

static void replace_program(qpdf_data q, qpdf_oh desc, const kr_pdf_font *p)
{
	qpdf_oh ff = qpdf_oh_get_key(q, qpdf_oh_get_key(q, desc, "/FontDescriptor"), "/FontFile2");
	if (!p->prog || !qpdf_oh_is_stream(q, ff))
		return;
	if (!set_flate(q, ff, p->prog, p->prog_len, Z_BEST_COMPRESSION))
		return;
	qpdf_oh dict = qpdf_oh_get_dict(q, ff);
	qpdf_oh_replace_key(q, dict, "/Length1", qpdf_oh_new_integer(q, (long long)p->prog_len));
	qpdf_oh_remove_key(q, dict, "/Length2");
	qpdf_oh_remove_key(q, dict, "/Length3");
}

/* Which of the fonts a Type0 font is, by its BaseFont (libharu puts a subset tag, "HPDFAA+",
 * before the name it returned); NULL when none. */
static const kr_pdf_font *which(qpdf_data q, qpdf_oh font, const kr_pdf_font *fonts, size_t n)
{
	qpdf_oh bf = qpdf_oh_get_key(q, font, "/BaseFont");
	if (!qpdf_oh_is_name(q, bf))
		return NULL;
	const char *name = qpdf_oh_get_name(q, bf) + 1, *plus = strchr(name, '+');
	if (plus)
		name = plus + 1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(fonts[i].name, name) == 0)
			return &fonts[i];
	return NULL;
}

/* Replaces the ToUnicode (and the font program) of one Type0 font. */
static void fix_font(qpdf_data q, qpdf_oh font, const kr_pdf_font *fonts, size_t n)
{
	if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, font, "/Subtype"), "/Type0"))
		return;
	const kr_pdf_font *p = which(q, font, fonts, n);
	if (!p)
		return;
	qpdf_oh desc = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, font, "/DescendantFonts"), 0);
	replace_program(q, desc, p);
	buf b = {0};
	make_cmap(p, &b);
	qpdf_oh s = qpdf_oh_new_stream(q);
	if (set_flate(q, s, (const unsigned char *)b.s, b.n, Z_BEST_COMPRESSION))
		qpdf_oh_replace_key(q, font, "/ToUnicode", s);
	free(b.s);
}

static int hexval(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
					   : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Rewrites a page's content stream with every hex string <0123ABCD> as a literal string of the
 * same bytes: libharu writes each glyph code as four hex digits, which compresses about 10 %
 * worse than the two bytes it stands for.  ( ) \ and CR are escaped; nothing else changes. */
static void literal_strings(const unsigned char *in, size_t len, buf *b)
{
	for (size_t i = 0; i < len;) {
		size_t j = i + 1;
		if (in[i] == '<' && j < len && in[j] != '<') {
			while (j < len && hexval(in[j]) >= 0)
				j++;
			if (j < len && in[j] == '>' && (j - i - 1) % 2 == 0) {
				grow(b, 2 * (j - i) + 2);
				b->s[b->n++] = '(';
				for (size_t k = i + 1; k < j; k += 2) {
					unsigned char c = (unsigned char)(hexval(in[k]) << 4 | hexval(in[k + 1]));
					if (c == '(' || c == ')' || c == '\\')
						b->s[b->n++] = '\\', b->s[b->n++] = (char)c;
					else if (c == '\r')
						b->s[b->n++] = '\\', b->s[b->n++] = 'r';
					else
						b->s[b->n++] = (char)c;
				}
				b->s[b->n++] = ')';
				i = j + 1;
				continue;
			}
		}
		grow(b, 1);
		b->s[b->n++] = (char)in[i++];
	}
}

static void fix_contents(qpdf_data q, qpdf_oh page)
{
	qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
	if (!qpdf_oh_is_stream(q, c))
		return;
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	if (!(qpdf_oh_get_stream_data(q, c, qpdf_dl_generalized, &filtered, &data, &len) &
	      QPDF_ERRORS) &&
	    filtered) {
		buf b = {0};
		literal_strings(data, len, &b);
		set_flate(q, c, (const unsigned char *)b.s, b.n, Z_DEFAULT_COMPRESSION);
		free(b.s);
	}
	free(data);
}

static void fix_fonts(qpdf_data q, const kr_pdf_font *fonts, size_t n)
{
	int ids[64];
	size_t n_ids = 0;
	int pages = qpdf_get_num_pages(q);
	for (int i = 0; i < pages; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		fix_contents(q, page);
		qpdf_oh res = qpdf_oh_get_key(q, qpdf_oh_get_key(q, page, "/Resources"), "/Font");
		if (!qpdf_oh_is_dictionary(q, res))
			continue;
		char keys[16][128];
		int nk = 0;
		qpdf_oh_begin_dict_key_iter(q, res);
		while (qpdf_oh_dict_more_keys(q) && nk < 16)
			snprintf(keys[nk++], sizeof keys[0], "%s", qpdf_oh_dict_next_key(q));
		for (int k = 0; k < nk; k++) {
			qpdf_oh f = qpdf_oh_get_key(q, res, keys[k]);
			if (!seen(ids, &n_ids, qpdf_oh_get_object_id(q, f)))
				fix_font(q, f, fonts, n);
		}
		qpdf_oh_release_all(q);
	}
}

static void set_text(qpdf_data q, qpdf_oh dict, const char *key, const char *utf8)
{
	if (utf8 && qpdf_oh_is_dictionary(q, dict))
		qpdf_oh_replace_key(q, dict, key, qpdf_oh_new_unicode_string(q, utf8));
}

/* The document properties and the bookmark titles as text strings qpdf encodes (UTF-16 when
 * needed), so that characters outside the BMP survive. */
static void fix_info(qpdf_data q, const kr_pdf_info *in)
{
	qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	set_text(q, info, "/Title", in->title);
	set_text(q, info, "/Author", in->author);
	set_text(q, info, "/Subject", in->subject);
	qpdf_oh item = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/Outlines"),
				       "/First");
	for (size_t i = 0; i < in->n_outline && qpdf_oh_is_dictionary(q, item); i++) {
		set_text(q, item, "/Title", in->outline[i]);
		item = qpdf_oh_get_key(q, item, "/Next");
	}
}

static void fix_catalog(qpdf_data q)
{
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_string(q, "ja"));
	qpdf_oh_replace_key(q, root, "/ViewerPreferences",
			    qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
}

int kr_pdf_fix(const unsigned char *in, size_t len, const kr_pdf_font *fonts, size_t n,
	       const kr_pdf_info *info, const char *path, const char *shown_path, kr_diags *d)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	int rc = -1; /* -1: qpdf failed; 1: writing the file failed (already reported) */
	if (qpdf_read_memory(q, shown_path, (const char *)in, (unsigned long long)len, NULL) &
	    QPDF_ERRORS)
		goto fail;
	fix_fonts(q, fonts, n);
	fix_info(q, info);
	fix_catalog(q);
	if (qpdf_has_error(q))
		goto fail;
	/* qpdf writes into memory and kpireport writes the file: qpdf's own file writer lost a
	 * full disk's errors (a truncated PDF, exit 0). */
	if (qpdf_init_write_memory(q) & QPDF_ERRORS)
		goto fail;
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	qpdf_set_compress_streams(q, QPDF_FALSE); /* libharu's and ours are compressed already */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	/* Not linearized: the hint tables add about 10 % to a long handout, and these files are
	 * small enough to download whole. */
	qpdf_set_linearization(q, QPDF_FALSE);
	if (qpdf_write(q) & QPDF_ERRORS)
		goto fail;
	const unsigned char *out = qpdf_get_buffer(q);
	size_t out_len = qpdf_get_buffer_length(q);
	if (!out || out_len == 0)
		goto fail;
	rc = kr_write_file(path, shown_path, out, out_len, d) == 0 ? 0 : 1;
fail:
	if (rc < 0) {
		if (qpdf_has_error(q))
			kr_diag(d, shown_path, KR_NO_LOC, KR_D_RENDER,
				"post-processing the PDF failed: %s",
				qpdf_get_error_full_text(q, qpdf_get_error(q)));
		else
			kr_diag(d, shown_path, KR_NO_LOC, KR_D_RENDER,
				"post-processing the PDF failed without a reason from qpdf");
	}
	qpdf_cleanup(&q);
	return rc == 0 ? 0 : -1;
}

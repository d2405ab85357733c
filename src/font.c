/* Fonts: fontconfig lookup with substitution detection, coverage and advances from HarfBuzz, and
 * the per-document hb-subset that libharu embeds (libharu 2.3.0 only loads fonts from files). */
#define _GNU_SOURCE /* O_TMPFILE */

#include "font.h"

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "text.h"

#define BMP 0x10000u

struct kr_font {
	char *family; /* as the template names it */
	char *path;   /* the file fontconfig resolved */
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	uint16_t *adv;  /* BMP advance in font units, valid where has[] is set */
	uint8_t *has;   /* BMP bitset: the font maps the code point to a glyph */
	uint16_t geta;  /* advance of U+3013, what undrawable characters measure as */
	char *subset_path; /* how libharu opens the subset: /proc/self/fd/N of a file without a
			    * name (nothing to clean up even after a signal), or a temporary file */
	int subset_fd;     /* -1 when none */
	bool subset_named; /* subset_path is a real file name: unlink it */
	unsigned char *program; /* the subset with only the tables a PDF viewer reads */
	size_t program_len;
	uint16_t *cid;    /* BMP: the code libharu draws cp with (KR_CID_BASE + rank), 0 = none */
	uint32_t *uni;    /* the code point of CID KR_CID_BASE + i */
	size_t n_uni;
	kr_breaker *breaker;
};

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (!p)
		kr_oom();
	return memcpy(p, s, n);
}

/* Asks fontconfig for family; returns the file path (malloc'd) only when the match really is that
 * family (fontconfig substitutes silently).  *got names what it would have used instead. */
static char *resolve(const char *family, int *index, char *got, size_t got_size)
{
	/* A configuration of our own, destroyed after the lookup: fontconfig's implicit global
	 * one is never freed. */
	FcConfig *cfg = FcInitLoadConfigAndFonts();
	FcPattern *pat = FcPatternCreate();
	char *path = NULL;
	got[0] = '\0';
	if (!pat || !cfg)
		kr_oom();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(cfg, pat, &res);
	FcPatternDestroy(pat);
	if (!m) {
		FcConfigDestroy(cfg);
		return NULL;
	}
	FcChar8 *fam;
	bool same = false;
	for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++) {
		if (i == 0)
			snprintf(got, got_size, "%s", (const char *)fam);
		if (FcStrCmpIgnoreCase(fam, (const FcChar8 *)family) == 0)
			same = true;
	}
	FcChar8 *file;
	if (same && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
		path = dup_str((const char *)file);
		if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
	}
	FcPatternDestroy(m);
	FcConfigDestroy(cfg);
	return path;
}

/* Fills the BMP coverage and advance tables from the font's cmap once, so that lookups during
 * layout are two array reads. */
static void fill_tables(kr_font *f)
{
	f->adv = calloc(BMP, sizeof *f->adv);
	f->has = calloc(BMP / 8, 1);
	if (!f->adv || !f->has)
		kr_oom();
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(f->face, set);
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(set, &cp) && cp < BMP) {
		hb_codepoint_t g;
		if (!hb_font_get_nominal_glyph(f->font, cp, &g))
			continue;
		hb_position_t a = hb_font_get_glyph_h_advance(f->font, g);
		f->adv[cp] = (uint16_t)(a < 0 ? 0 : a > 0xFFFF ? 0xFFFF : a);
		f->has[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
	hb_set_destroy(set);
	f->geta = kr_font_can_draw(f, 0x3013) ? f->adv[0x3013] : (uint16_t)f->upem;
}

kr_font *kr_font_load(const char *family, kr_diags *d, const char *file, kr_loc loc)
{
	int index = 0;
	char got[256];
	char *path = resolve(family, &index, got, sizeof got);
	if (!path) {
		if (got[0])
			kr_diag(d, file, loc, KR_D_FONT,
				"font family '%s' is not installed (fontconfig would substitute '%s'); "
				"install it (Debian: apt-get install fonts-ipaexfont for IPAexGothic) or "
				"name an installed TrueType family in the template",
				family, got);
		else
			kr_diag(d, file, loc, KR_D_FONT,
				"font family '%s' is not installed; install it (Debian: apt-get install "
				"fonts-ipaexfont for IPAexGothic) or name an installed TrueType family in "
				"the template",
				family);
		return NULL;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (!blob) {
		kr_diag(d, file, loc, KR_D_FONT, "font file %s of '%s' cannot be read", path,
			family);
		free(path);
		return NULL;
	}
	hb_face_t *face = hb_face_create(blob, (unsigned)index);
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned glyf_len = hb_blob_get_length(glyf);
	hb_blob_destroy(glyf);
	if (glyf_len == 0) {
		kr_diag(d, file, loc, KR_D_FONT,
			"font '%s' (%s) has no TrueType outlines (glyf table); the PDF library can "
			"only embed TrueType fonts, not CFF/OpenType-PostScript ones: choose a "
			"TrueType family such as IPAexGothic (fonts-ipaexfont)",
			family, path);
		hb_face_destroy(face);
		hb_blob_destroy(blob);
		free(path);
		return NULL;
	}
	kr_font *f = calloc(1, sizeof *f);
	if (!f)
		kr_oom();
	f->subset_fd = -1;
	f->family = dup_str(family);
	f->path = path;
	f->blob = blob;
	f->face = face;
	f->font = hb_font_create(face);
	f->upem = hb_face_get_upem(face);
	if (f->upem == 0)
		f->upem = 1000;
	fill_tables(f);
	f->breaker = kr_breaker_new();
	return f;
}

/* Removes the subset file, if any. */
static void drop_subset(kr_font *f)
{
	if (f->subset_path) {
		if (f->subset_named)
			unlink(f->subset_path);
		free(f->subset_path);
		f->subset_path = NULL;
	}
	if (f->subset_fd >= 0)
		close(f->subset_fd);
	f->subset_fd = -1;
	free(f->program);
	f->program = NULL;
	f->program_len = 0;
	free(f->cid);
	free(f->uni);
	f->cid = NULL;
	f->uni = NULL;
	f->n_uni = 0;
}

/* The font program to embed: a PDF viewer draws a CIDFontType2 through the CIDToGIDMap and /W,
 * so of a TrueType font it needs only the outlines and their metrics (ISO 32000-1, 9.9); cmap,
 * name, post and OS/2, which libharu copies, are dropped.  Glyph ids stay the subset's. */
static void make_program(kr_font *f, hb_blob_t *subset)
{
	static const char keep[][5] = {"head", "hhea", "maxp", "loca", "glyf", "hmtx"};
	hb_face_t *face = hb_face_create(subset, 0); /* reopened: a subset face is a builder */
	hb_face_t *b = hb_face_builder_create();
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		hb_tag_t tag = hb_tag_from_string(keep[i], 4);
		hb_blob_t *t = hb_face_reference_table(face, tag);
		if (hb_blob_get_length(t) > 0)
			hb_face_builder_add_table(b, tag, t);
		hb_blob_destroy(t);
	}
	hb_blob_t *out = hb_face_reference_blob(b);
	unsigned len;
	const char *data = hb_blob_get_data(out, &len);
	if (len > 0) {
		f->program = malloc(len);
		if (!f->program)
			kr_oom();
		memcpy(f->program, data, len);
		f->program_len = len;
	}
	hb_blob_destroy(out);
	hb_face_destroy(b);
	hb_face_destroy(face);
}

const unsigned char *kr_font_subset_program(const kr_font *f, size_t *len)
{
	*len = f->program_len;
	return f->program;
}

void kr_font_free(kr_font *f)
{
	if (!f)
		return;
	drop_subset(f);
	kr_breaker_free(f->breaker);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->adv);
	free(f->has);
	free(f->family);
	free(f->path);
	free(f);
}

const char *kr_font_path(const kr_font *f) { return f->path; }
const char *kr_font_family(const kr_font *f) { return f->family; }
kr_breaker *kr_font_breaker(const kr_font *f) { return f->breaker; }

bool kr_font_can_draw(const kr_font *f, uint32_t cp)
{
	return cp < BMP && (f->has[cp >> 3] >> (cp & 7) & 1);
}

double kr_font_advance(const kr_font *f, uint32_t cp, double size)
{
	unsigned a = kr_font_can_draw(f, cp) ? f->adv[cp] : f->geta;
	return a * size / f->upem;
}

double kr_font_ink_right(const kr_font *f, uint32_t cp, double size)
{
	hb_codepoint_t g;
	hb_glyph_extents_t e;
	if (!hb_font_get_nominal_glyph(f->font, cp, &g) || !hb_font_get_glyph_extents(f->font, g, &e))
		return 0;
	return (double)(e.x_bearing + e.width) * size / f->upem;
}

uint32_t kr_utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = len - *i;
	uint32_t c = p[0];
	size_t n = 1;
	if (c >= 0xF0 && left >= 4) {
		c = (c & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 |
		    (p[3] & 0x3F);
		n = 4;
	} else if (c >= 0xE0 && left >= 3) {
		c = (c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		n = 3;
	} else if (c >= 0xC0 && left >= 2) {
		c = (c & 0x1F) << 6 | (p[1] & 0x3F);
		n = 2;
	} else if (c >= 0x80) {
		c = 0xFFFD; /* validated input never gets here */
	}
	*i += n;
	return c;
}

double kr_font_text_width(const kr_font *f, const char *s, size_t len, double size)
{
	unsigned long units = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = kr_utf8_next(s, len, &i);
		units += kr_font_can_draw(f, cp) ? f->adv[cp] : f->geta;
	}
	return (double)units * size / f->upem;
}

static bool write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		done += (size_t)w;
	}
	return true;
}

/* Puts blob in a temporary file in $TMPDIR (default /tmp) and sets f->subset_path to a name
 * libharu can open.  Preferably the file never has a name (O_TMPFILE, else mkstemp and unlink
 * at once) and libharu opens it as /proc/self/fd/N, so that no exit path, a signal included,
 * leaves it behind; without /proc it stays named until drop_subset.  Returns false with errno. */
static bool write_temp(kr_font *f, hb_blob_t *blob)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	bool proc = access("/proc/self/fd", X_OK) == 0;
	size_t n = strlen(dir) + sizeof "/kpireport-font-XXXXXX";
	char *name = malloc(n);
	if (!name)
		kr_oom();
	snprintf(name, n, "%s/kpireport-font-XXXXXX", dir);
	int fd = proc ? open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600) : -1;
	if (fd < 0) {
		fd = mkstemp(name);
		if (fd < 0) {
			free(name);
			return false;
		}
		if (proc)
			unlink(name);
	}
	f->subset_fd = fd;
	if (proc) {
		free(name);
		name = malloc(32);
		if (!name)
			kr_oom();
		snprintf(name, 32, "/proc/self/fd/%d", fd);
	}
	f->subset_path = name;
	f->subset_named = !proc;
	unsigned len;
	const char *data = hb_blob_get_data(blob, &len);
	if (!write_all(fd, data, len)) {
		int err = errno ? errno : EIO;
		drop_subset(f);
		errno = err;
		return false;
	}
	return true;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* The font libharu loads: the subset, with a cmap of our own that maps the dense codes
 * KR_CID_BASE + i to the glyph of the i-th used code point.  libharu looks a code up by walking
 * the cmap's segments one by one, for every code it draws and for all 65 536 entries of the
 * CIDToGIDMap: with the subset's own cmap (a segment per run of code points, hundreds in a
 * Japanese text) that walk was a third of a build; with this one it is two segments.  The
 * ToUnicode map (pdf_fix.c) takes the codes back to the real characters. */
static hb_blob_t *libharu_face(kr_font *f, hb_blob_t *subset, const hb_set_t *u)
{
	hb_face_t *face = hb_face_create(subset, 0); /* reopened: a subset face is a builder */
	hb_font_t *font = hb_font_create(face);
	size_t n = hb_set_get_population(u);
	f->cid = calloc(BMP, sizeof *f->cid);
	f->uni = malloc((n ? n : 1) * sizeof *f->uni);
	size_t len = 32 + 2 * n;
	unsigned char *cmap = calloc(1, 4 + 8 + len);
	if (!f->cid || !f->uni || !cmap)
		kr_oom();
	/* cmap header with one (3, 1) encoding record, then the format 4 subtable. */
	put16(cmap + 2, 1);
	put16(cmap + 4, 3);
	put16(cmap + 6, 1);
	cmap[11] = 12;
	unsigned char *t = cmap + 12;
	put16(t, 4);
	put16(t + 2, (unsigned)len);
	put16(t + 6, 4);  /* segCountX2 */
	put16(t + 8, 4);  /* searchRange */
	put16(t + 10, 1); /* entrySelector */
	put16(t + 14, (unsigned)(KR_CID_BASE + n - 1)); /* endCode */
	put16(t + 16, 0xFFFF);
	put16(t + 20, KR_CID_BASE); /* startCode */
	put16(t + 22, 0xFFFF);
	put16(t + 26, 1);           /* idDelta of the closing segment */
	put16(t + 28, 4);           /* idRangeOffset: glyphIdArray follows idRangeOffset[1] */
	size_t i = 0;
	for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(u, &cp); i++) {
		hb_codepoint_t gid = 0;
		hb_font_get_nominal_glyph(font, cp, &gid);
		put16(t + 32 + 2 * i, gid);
		f->cid[cp] = (uint16_t)(KR_CID_BASE + i);
		f->uni[i] = cp;
	}
	f->n_uni = n;
	hb_face_t *b = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned nt = 64;
	hb_face_get_table_tags(face, 0, &nt, tags);
	for (unsigned k = 0; k < nt; k++) {
		if (tags[k] == HB_TAG('c', 'm', 'a', 'p'))
			continue;
		hb_blob_t *tb = hb_face_reference_table(face, tags[k]);
		hb_face_builder_add_table(b, tags[k], tb);
		hb_blob_destroy(tb);
	}
	hb_blob_t *cb = hb_blob_create((const char *)cmap, (unsigned)(12 + len),
				       HB_MEMORY_MODE_READONLY, cmap, free);
	hb_face_builder_add_table(b, HB_TAG('c', 'm', 'a', 'p'), cb);
	hb_blob_destroy(cb);
	hb_blob_t *out = hb_face_reference_blob(b);
	hb_face_destroy(b);
	hb_font_destroy(font);
	hb_face_destroy(face);
	return out;
}

uint32_t kr_font_cid(const kr_font *f, uint32_t cp)
{
	return f->cid && cp < BMP ? f->cid[cp] : 0;
}

const uint32_t *kr_font_cid_unicodes(const kr_font *f, size_t *n)
{
	*n = f->n_uni;
	return f->uni;
}

const char *kr_font_subset(kr_font *f, const uint32_t *cps, size_t n, kr_diags *d,
			   const char *file)
{
	drop_subset(f);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		kr_oom();
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		if (kr_font_can_draw(f, cps[i]))
			hb_set_add(u, cps[i]);
	hb_set_add(u, 0x20);
	if (kr_font_can_draw(f, 0x3013))
		hb_set_add(u, 0x3013);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* No layout features and no layout tables: libharu draws nominal glyphs only, and the
	 * default closure would pull in vertical alternates of every bracket and mark. */
	hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const char tags[][5] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx",
				       "VORG", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "kern"};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		hb_set_add(drop, hb_tag_from_string(tags[i], 4));
	if (hb_set_get_population(u) > KR_CID_MAX) {
		hb_subset_input_destroy(in);
		kr_diag(d, file, KR_NO_LOC, KR_D_RENDER,
			"the document uses %u distinct characters; at most %d fit in one PDF font",
			hb_set_get_population(u), KR_CID_MAX);
		return NULL;
	}
	hb_face_t *sub = hb_subset_or_fail(f->face, in);
	if (!sub) {
		hb_subset_input_destroy(in);
		kr_diag(d, file, KR_NO_LOC, KR_D_RENDER, "cannot subset font %s", f->path);
		return NULL;
	}
	hb_blob_t *blob = hb_face_reference_blob(sub);
	hb_blob_t *lh = libharu_face(f, blob, u);
	hb_subset_input_destroy(in);
	if (write_temp(f, lh))
		make_program(f, blob);
	hb_blob_destroy(lh);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	if (!f->subset_path) {
		kr_diag(d, file, KR_NO_LOC, KR_D_WRITE,
			"cannot write the font subset to a temporary file: %s (set TMPDIR to a "
			"writable folder)",
			strerror(errno));
		return NULL;
	}
	return f->subset_path;
}

void kr_font_subset_remove(kr_font *f)
{
	if (f)
		drop_subset(f);
}

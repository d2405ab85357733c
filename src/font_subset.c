/* The per-document subsets of the fonts of the list: hb-subset to the code points a document
 * draws, a cmap of dense codes for libharu, the font program a PDF embeds, and the temporary file
 * libharu loads (libharu 2.3.0 only loads fonts from files). */
#define _GNU_SOURCE /* O_TMPFILE */

#include <errno.h>
#include <fcntl.h>
#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "font_int.h"
#include "output.h"

void kr_face_drop_subset(kr_face *fc)
{
	if (fc->subset_path) {
		if (fc->subset_named)
			unlink(fc->subset_path);
		free(fc->subset_path);
		fc->subset_path = NULL;
	}
	if (fc->subset_fd >= 0)
		close(fc->subset_fd);
	fc->subset_fd = -1;
	free(fc->program);
	fc->program = NULL;
	fc->program_len = 0;
	free(fc->uni);
	fc->uni = NULL;
	fc->n_uni = 0;
	free(fc->pairs);
	fc->pairs = NULL;
	fc->n_pairs = 0;
}

/* The font program to embed: a PDF viewer draws a CIDFontType2 through the CIDToGIDMap and /W,
 * so of a TrueType font it needs only the outlines and their metrics (ISO 32000-1, 9.9); cmap,
 * name, post and OS/2, which libharu copies, are dropped.  Glyph ids stay the subset's. */
static void make_program(kr_face *f, hb_blob_t *subset)
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

/* Puts blob in a scratch file (kr_scratch_file) and sets f->subset_path to the name libharu
 * opens; a named one stays until drop_subset.  Returns false with errno. */
static bool write_temp(kr_face *f, hb_blob_t *blob)
{
	int fd = kr_scratch_file("kpireport-font", &f->subset_path, &f->subset_named);
	if (fd < 0)
		return false;
	f->subset_fd = fd;
	unsigned len;
	const char *data = hb_blob_get_data(blob, &len);
	if (!write_all(fd, data, len)) {
		int err = errno ? errno : EIO;
		kr_face_drop_subset(f);
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
static hb_blob_t *libharu_face(kr_face *f, hb_blob_t *subset, const hb_set_t *u)
{
	hb_face_t *face = hb_face_create(subset, 0); /* reopened: a subset face is a builder */
	hb_font_t *font = hb_font_create(face);
	size_t n = 0;
	f->uni = malloc((hb_set_get_population(u) + 1) * sizeof *f->uni);
	for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(u, &cp);)
		if (!kr_font_is_selector(cp)) /* a selector is drawn only with its base (pairs) */
			f->uni[n++] = cp;
	f->n_uni = n;
	size_t all = n + f->n_pairs, len = 32 + 2 * all;
	unsigned char *cmap = calloc(1, 4 + 8 + len);
	if (!cmap)
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
	put16(t + 14, (unsigned)(KR_CID_BASE + all - 1)); /* endCode */
	put16(t + 16, 0xFFFF);
	put16(t + 20, KR_CID_BASE); /* startCode */
	put16(t + 22, 0xFFFF);
	put16(t + 26, 1);           /* idDelta of the closing segment */
	put16(t + 28, 4);           /* idRangeOffset: glyphIdArray follows idRangeOffset[1] */
	for (size_t i = 0; i < all; i++) {
		hb_codepoint_t gid = 0;
		if (i < n)
			hb_font_get_nominal_glyph(font, f->uni[i], &gid);
		else
			hb_font_get_variation_glyph(font, f->pairs[i - n][0], f->pairs[i - n][1], &gid);
		put16(t + 32 + 2 * i, gid);
	}
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

const char *kr_font_subset(kr_font *font, size_t face, const uint32_t *cps, size_t n,
			   const uint32_t (*pairs)[2], size_t n_pairs, kr_diags *d, const char *file)
{
	kr_face *f = &font->faces[face];
	kr_face_drop_subset(f);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		kr_oom();
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		if (kr_font_face_of(font, cps[i]) == (int)face)
			hb_set_add(u, cps[i]);
	f->pairs = malloc((n_pairs ? n_pairs : 1) * sizeof *f->pairs);
	if (!f->pairs)
		kr_oom();
	for (size_t i = 0; i < n_pairs; i++) /* the selector keeps the variant in the subset */
		if (kr_font_variant_face(font, pairs[i][0], pairs[i][1]) == (int)face) {
			hb_set_add(u, pairs[i][0]);
			hb_set_add(u, pairs[i][1]);
			memcpy(f->pairs[f->n_pairs++], pairs[i], sizeof *pairs);
		}
	if (face == 0) {
		hb_set_add(u, 0x20);
		if (kr_font_can_draw(font, 0x3013))
			hb_set_add(u, 0x3013);
	}
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* No layout features and no layout tables: libharu draws nominal glyphs only, and the
	 * default closure would pull in vertical alternates of every bracket and mark. */
	hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const char tags[][5] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx",
				       "VORG", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "kern"};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		hb_set_add(drop, hb_tag_from_string(tags[i], 4));
	if (hb_set_get_population(u) + f->n_pairs > KR_CID_MAX) {
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

uint32_t kr_font_cid(const kr_font *font, size_t face, uint32_t cp)
{
	const kr_face *f = &font->faces[face];
	size_t i = kr_lower_bound(f->uni, f->n_uni, cp);
	return i < f->n_uni && f->uni[i] == cp ? (uint32_t)(KR_CID_BASE + i) : 0;
}

uint32_t kr_font_cid_pair(const kr_font *font, size_t face, uint32_t base, uint32_t vs)
{
	const kr_face *f = &font->faces[face];
	for (size_t i = 0; i < f->n_pairs; i++)
		if (f->pairs[i][0] == base && f->pairs[i][1] == vs)
			return (uint32_t)(KR_CID_BASE + f->n_uni + i);
	return 0;
}

const uint32_t (*kr_font_cid_pairs(const kr_font *font, size_t face, size_t *n))[2]
{
	*n = font->faces[face].n_pairs;
	return (const uint32_t(*)[2])font->faces[face].pairs;
}

const uint32_t *kr_font_cid_unicodes(const kr_font *font, size_t face, size_t *n)
{
	*n = font->faces[face].n_uni;
	return font->faces[face].uni;
}

const unsigned char *kr_font_subset_program(const kr_font *font, size_t face, size_t *len)
{
	*len = font->faces[face].program_len;
	return font->faces[face].program;
}

void kr_font_subset_remove(kr_font *f)
{
	for (size_t i = 0; f && i < f->n_faces; i++)
		kr_face_drop_subset(&f->faces[i]);
}

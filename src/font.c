/* Fonts: the font list, fontconfig lookup with substitution detection, and coverage and
 * advances from HarfBuzz for every plane.  The subsets are font_subset.c's. */
#include "font_int.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "text.h"

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
static char *resolve(FcConfig *cfg, const char *family, int *index, char *got, size_t got_size)
{
	FcPattern *pat = FcPatternCreate();
	char *path = NULL;
	got[0] = '\0';
	if (!pat)
		kr_oom();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(cfg, pat, &res);
	FcPatternDestroy(pat);
	if (!m)
		return NULL;
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
	return path;
}

static bool face_has(const kr_face *fc, uint32_t cp)
{
	hb_codepoint_t g;
	if (!fc->has) /* a fallback font: HarfBuzz's cmap lookup */
		return hb_font_get_nominal_glyph(fc->font, cp, &g);
	if (cp < KR_BMP)
		return fc->has[cp >> 3] >> (cp & 7) & 1;
	size_t i = kr_lower_bound(fc->sup, fc->n_sup, cp);
	return i < fc->n_sup && fc->sup[i] == cp;
}

/* Advance of cp, which the face has, in its units. */
static unsigned face_adv(const kr_face *fc, uint32_t cp)
{
	hb_codepoint_t g;
	if (!fc->adv) /* a fallback font */
		return hb_font_get_nominal_glyph(fc->font, cp, &g)
			       ? (unsigned)hb_font_get_glyph_h_advance(fc->font, g)
			       : 0;
	return cp < KR_BMP ? fc->adv[cp] : fc->sup_adv[kr_lower_bound(fc->sup, fc->n_sup, cp)];
}

/* Fills the coverage and advance tables from the face's cmap once, so that lookups during
 * layout are two array reads (a binary search above the BMP). */
static void fill_tables(kr_face *fc)
{
	fc->adv = calloc(KR_BMP, sizeof *fc->adv);
	fc->has = calloc(KR_BMP / 8, 1);
	if (!fc->adv || !fc->has)
		kr_oom();
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(fc->face, set);
	size_t cap = 0;
	for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(set, &cp);) {
		hb_codepoint_t g;
		if (!hb_font_get_nominal_glyph(fc->font, cp, &g))
			continue;
		hb_position_t a = hb_font_get_glyph_h_advance(fc->font, g);
		uint16_t adv = (uint16_t)(a < 0 ? 0 : a > 0xFFFF ? 0xFFFF : a);
		if (cp < KR_BMP) {
			fc->adv[cp] = adv;
			fc->has[cp >> 3] |= (uint8_t)(1u << (cp & 7));
			continue;
		}
		if (fc->n_sup == cap) {
			cap = cap ? 2 * cap : 256;
			fc->sup = realloc(fc->sup, cap * sizeof *fc->sup);
			fc->sup_adv = realloc(fc->sup_adv, cap * sizeof *fc->sup_adv);
			if (!fc->sup || !fc->sup_adv)
				kr_oom();
		}
		fc->sup[fc->n_sup] = cp;
		fc->sup_adv[fc->n_sup++] = adv;
	}
	hb_set_destroy(set);
}

/* Opens family into fc; records id (KR_D_FONT, or KR_D_FALLBACK_FONT for a fallback) and
 * returns false when it cannot. */
static bool open_face(FcConfig *cfg, kr_face *fc, const char *family, kr_diags *d,
		      const char *file, kr_loc loc, enum kr_diag_id id)
{
	int index = 0;
	char got[256];
	char *path = resolve(cfg, family, &index, got, sizeof got);
	if (!path) {
		if (got[0])
			kr_diag(d, file, loc, id,
				"font family '%s' is not installed (fontconfig would substitute '%s'); "
				"install it (Debian: apt-get install fonts-ipaexfont for IPAexGothic) or "
				"name an installed TrueType family in the template",
				family, got);
		else
			kr_diag(d, file, loc, id,
				"font family '%s' is not installed; install it (Debian: apt-get install "
				"fonts-ipaexfont for IPAexGothic) or name an installed TrueType family in "
				"the template",
				family);
		return false;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (!blob) {
		kr_diag(d, file, loc, id, "font file %s of '%s' cannot be read", path,
			family);
		free(path);
		return false;
	}
	hb_face_t *face = hb_face_create(blob, (unsigned)index);
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned glyf_len = hb_blob_get_length(glyf);
	hb_blob_destroy(glyf);
	if (glyf_len == 0) {
		kr_diag(d, file, loc, id,
			"font '%s' (%s) has no TrueType outlines (glyf table); the PDF library can "
			"only embed TrueType fonts, not CFF/OpenType-PostScript ones: choose a "
			"TrueType family such as IPAexGothic (fonts-ipaexfont)",
			family, path);
		hb_face_destroy(face);
		hb_blob_destroy(blob);
		free(path);
		return false;
	}
	memset(fc, 0, sizeof *fc);
	fc->subset_fd = -1;
	fc->family = dup_str(family);
	fc->path = path;
	fc->blob = blob;
	fc->face = face;
	fc->font = hb_font_create(face);
	fc->upem = hb_face_get_upem(face);
	if (fc->upem == 0)
		fc->upem = 1000;
	if (id == KR_D_FONT) /* a fallback is asked only about what the first font lacks */
		fill_tables(fc);
	return true;
}

kr_font *kr_font_load(const char *family, const kr_str *fallback, size_t n_fallback, kr_diags *d,
		      const char *file, kr_loc loc)
{
	/* A configuration of our own, destroyed after the lookups: fontconfig's implicit global
	 * one is never freed. */
	FcConfig *cfg = FcInitLoadConfigAndFonts();
	kr_font *f = calloc(1, sizeof *f);
	if (!f || !cfg)
		kr_oom();
	if (!open_face(cfg, &f->faces[0], family, d, file, loc, KR_D_FONT)) {
		FcConfigDestroy(cfg);
		free(f);
		return NULL;
	}
	f->n_faces = 1;
	for (size_t i = 0; i < n_fallback && f->n_faces < KR_FONT_MAX_FACES; i++)
		if (open_face(cfg, &f->faces[f->n_faces], fallback[i].s, d, file, fallback[i].loc,
			      KR_D_FALLBACK_FONT))
			f->n_faces++;
	FcConfigDestroy(cfg);
	const kr_face *fc = &f->faces[0];
	f->geta = face_has(fc, 0x3013) ? fc->adv[0x3013] : (uint16_t)fc->upem;
	f->breaker = kr_breaker_new();
	return f;
}

static void close_face(kr_face *fc)
{
	kr_face_drop_subset(fc);
	hb_font_destroy(fc->font);
	hb_face_destroy(fc->face);
	hb_blob_destroy(fc->blob);
	free(fc->adv);
	free(fc->has);
	free(fc->sup);
	free(fc->sup_adv);
	free(fc->family);
	free(fc->path);
}

void kr_font_free(kr_font *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_faces; i++)
		close_face(&f->faces[i]);
	kr_breaker_free(f->breaker);
	free(f);
}

const char *kr_font_path(const kr_font *f) { return f->faces[0].path; }
const char *kr_font_family(const kr_font *f) { return f->faces[0].family; }
kr_breaker *kr_font_breaker(const kr_font *f) { return f->breaker; }
size_t kr_font_faces(const kr_font *f) { return f->n_faces; }
const char *kr_font_face_family(const kr_font *f, size_t i) { return f->faces[i].family; }

int kr_font_face_of(const kr_font *f, uint32_t cp)
{
	for (size_t i = 0; i < f->n_faces; i++)
		if (face_has(&f->faces[i], cp))
			return (int)i;
	return -1;
}

bool kr_font_can_draw(const kr_font *f, uint32_t cp)
{
	return kr_font_face_of(f, cp) >= 0;
}

bool kr_font_is_selector(uint32_t cp)
{
	return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

int kr_font_variant_face(const kr_font *f, uint32_t base, uint32_t vs)
{
	hb_codepoint_t g;
	for (size_t i = 0; i < f->n_faces; i++)
		if (hb_font_get_variation_glyph(f->faces[i].font, base, vs, &g))
			return (int)i;
	return -1;
}

double kr_font_advance(const kr_font *f, uint32_t cp, double size)
{
	if (kr_font_is_selector(cp))
		return 0;
	int i = kr_font_face_of(f, cp);
	if (i < 0)
		return f->geta * size / f->faces[0].upem;
	return face_adv(&f->faces[i], cp) * size / f->faces[i].upem;
}

double kr_font_ink_right(const kr_font *f, uint32_t cp, double size)
{
	int i = kr_font_face_of(f, cp);
	hb_codepoint_t g;
	hb_glyph_extents_t e;
	if (i < 0 || !hb_font_get_nominal_glyph(f->faces[i].font, cp, &g) ||
	    !hb_font_get_glyph_extents(f->faces[i].font, g, &e))
		return 0;
	return (double)(e.x_bearing + e.width) * size / f->faces[i].upem;
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
	unsigned long units[KR_FONT_MAX_FACES] = {0}; /* summed per font: each has its own em */
	for (size_t i = 0; i < len;) {
		uint32_t cp = kr_utf8_next(s, len, &i);
		int k = kr_font_face_of(f, cp);
		if (!kr_font_is_selector(cp))
			units[k < 0 ? 0 : k] += k < 0 ? f->geta : face_adv(&f->faces[k], cp);
	}
	double w = 0;
	for (size_t k = 0; k < f->n_faces; k++)
		w += (double)units[k] * size / f->faces[k].upem;
	return w;
}

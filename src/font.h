/* Fonts: the template's font list (its family, then fallbacks for the characters it lacks), found
 * with fontconfig, with glyph coverage and advances (HarfBuzz) for every code point; and the
 * per-document subset of each font (hb-subset) into a temporary TrueType file that libharu
 * embeds.  A character is drawn with the first font of the list that has it.
 *
 * Ownership: kr_font_free() frees the list and removes any subset file it made. */
#ifndef KR_FONT_H
#define KR_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define KR_FONT_MAX_FACES 8 /* the family and up to 7 fallbacks */

typedef struct kr_font kr_font;

/* Resolves family and its n fallbacks with fontconfig and opens them as a list.  When
 * fontconfig would substitute another family, or the file is not TrueType (glyf outlines),
 * records KR_D_FONT at (file, loc) and returns NULL; for a fallback, records the
 * KR_D_FALLBACK_FONT warning at its position (the characters only it has are then drawn as 〓)
 * and leaves it out. */
kr_font *kr_font_load(const char *family, const kr_str *fallback, size_t n_fallback, kr_diags *d,
		      const char *file, kr_loc loc);
void kr_font_free(kr_font *f); /* NULL is fine */

const char *kr_font_path(const kr_font *f);   /* of the first font */
const char *kr_font_family(const kr_font *f); /* of the first font */

/* How many fonts the list has, and the family of font i. */
size_t kr_font_faces(const kr_font *f);
const char *kr_font_face_family(const kr_font *f, size_t i);

/* The font of the list that draws cp (the first that has a glyph for it), or -1. */
int kr_font_face_of(const kr_font *f, uint32_t cp);

/* True when the PDF can draw cp with a font of the list. */
bool kr_font_can_draw(const kr_font *f, uint32_t cp);

/* A variation selector (U+FE00..FE0F, U+E0100..E01EF): no glyph of its own, no advance. */
bool kr_font_is_selector(uint32_t cp);

/* The font of the list that has the variant glyph of the ideographic (or standardized) variation
 * sequence base + vs (cmap format 14), or -1. */
int kr_font_variant_face(const kr_font *f, uint32_t base, uint32_t vs);

/* Advance width of cp at size points, in points (HarfBuzz nominal advance of the font that
 * draws it; U+3013's for a character no font has). */
double kr_font_advance(const kr_font *f, uint32_t cp, double size);

/* How far right of its origin the ink of cp reaches at size points (glyph extents; 0 when no
 * font has a glyph for it). */
double kr_font_ink_right(const kr_font *f, uint32_t cp, double size);

/* Width of a UTF-8 string at size points; undrawable characters measure as U+3013. */
double kr_font_text_width(const kr_font *f, const char *s, size_t len, double size);

/* Decodes the UTF-8 character at s[*i] (validated input) and advances *i past it. */
uint32_t kr_utf8_next(const char *s, size_t len, size_t *i);

/* Subsets font `face` of the list to the n code points cps (ascending; those another font draws
 * are skipped; the first font also keeps U+0020 and U+3013) and to the variants of the variation
 * sequences pairs that it draws, with hb-subset, hinting removed, into a temporary file in $TMPDIR
 * (default /tmp); returns its path, valid until kr_font_subset_remove() or kr_font_free()
 * removes the file.  A second call replaces that font's subset.  On failure records KR_D_RENDER
 * or KR_D_WRITE (file names the output) and returns NULL. */
const char *kr_font_subset(kr_font *f, size_t face, const uint32_t *cps, size_t n,
			   const uint32_t (*pairs)[2], size_t n_pairs, kr_diags *d,
			   const char *file);
void kr_font_subset_remove(kr_font *f); /* every font's; NULL is fine */

/* Codes of a subset libharu draws with: the i-th code point of the font's subset (in code point
 * order) is drawn as KR_CID_BASE + i, so that libharu's glyph lookups stay cheap and characters
 * outside the BMP get codes libharu can encode.  Valid between kr_font_subset and
 * kr_font_subset_remove. */
#define KR_CID_BASE 0x100
#define KR_CID_MAX 0xD000 /* codes stay below the surrogates */
/* The code for cp in font face's subset, or 0 when cp is not in it. */
uint32_t kr_font_cid(const kr_font *f, size_t face, uint32_t cp);
/* The code point of each code of font face's subset, by code - KR_CID_BASE. */
const uint32_t *kr_font_cid_unicodes(const kr_font *f, size_t face, size_t *n);
/* The code of a variation sequence in font face's subset, or 0; and the sequences, whose codes
 * follow the code points' (KR_CID_BASE + n_unicodes + i). */
uint32_t kr_font_cid_pair(const kr_font *f, size_t face, uint32_t base, uint32_t vs);
const uint32_t (*kr_font_cid_pairs(const kr_font *f, size_t face, size_t *n))[2];

/* Font face's current subset as the font program a PDF embeds: only head, hhea, maxp, loca,
 * glyf and hmtx, same glyph ids (NULL when there is no subset).  Valid until the subset is
 * removed. */
const unsigned char *kr_font_subset_program(const kr_font *f, size_t face, size_t *len);

/* The line breaker's scratch state (text.c), made once with the font so that every cell of a
 * document reuses one ICU break iterator. */
typedef struct kr_breaker kr_breaker;
kr_breaker *kr_font_breaker(const kr_font *f);

#endif

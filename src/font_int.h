/* Internals of the font list, shared by font.c (lookup, coverage, metrics) and font_subset.c
 * (the per-document subsets libharu embeds).  Nothing else includes this. */
#ifndef KR_FONT_INT_H
#define KR_FONT_INT_H

#include <hb.h>
#include <stdbool.h>
#include <stdint.h>

#include "font.h"

#define KR_BMP 0x10000u

/* One font file of the list. */
typedef struct {
	char *family;      /* as the template names it */
	char *path;        /* the file fontconfig resolved */
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	uint16_t *adv;     /* BMP advance in font units, valid where has[] is set */
	uint8_t *has;      /* BMP bitset: the face maps the code point to a glyph */
	uint32_t *sup;     /* code points above the BMP the face maps, ascending */
	uint16_t *sup_adv; /* and their advances */
	size_t n_sup;

	/* The document's subset of this face (font_subset.c). */
	char *subset_path; /* how libharu opens the subset: /proc/self/fd/N of a file without a
			    * name (nothing to clean up even after a signal), or a temporary file */
	int subset_fd;     /* -1 when none */
	bool subset_named; /* subset_path is a real file name: unlink it */
	unsigned char *program; /* the subset with only the tables a PDF viewer reads */
	size_t program_len;
	uint32_t *uni;     /* the code point of code KR_CID_BASE + i, ascending */
	size_t n_uni;
	uint32_t (*pairs)[2]; /* the variation sequence of code KR_CID_BASE + n_uni + i */
	size_t n_pairs;
} kr_face;

struct kr_font {
	kr_face faces[KR_FONT_MAX_FACES]; /* [0] the template's family, then its fallbacks */
	size_t n_faces;
	uint16_t geta;     /* advance of U+3013 in face 0's units: what undrawable characters
			    * measure as */
	kr_breaker *breaker;
};

/* The index of the first element of the ascending v[0..n) that is not below x. */
static inline size_t kr_lower_bound(const uint32_t *v, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Removes a face's subset file and forgets its subset. */
void kr_face_drop_subset(kr_face *fc);

#endif

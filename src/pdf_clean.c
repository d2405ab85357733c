/* PDF text cleaning: what the layout draws of a text.  Every character a font of the template's
 * list has is drawn, inside or outside the BMP; combining sequences are composed first (か + ゛
 * → が, e + ◌́ → é: ICU NFC, applied only to the grapheme that needs it, so that compatibility
 * ideographs keep their shapes); an ideographic variation sequence draws its variant where a font
 * has it (cmap format 14), else its base with a warning; a grapheme no font can draw (an emoji
 * sequence, a flag) becomes one 〓 with one warning.  Input texts in half-width katakana or
 * full-width digits get a warning and are drawn as written.  Every drawn character (and
 * variation sequence) is marked for the subsets. */
#include <stdio.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>

#include "pdf.h"

#define GETA 0x3013

void kr_pl_mark(kr_playout *L, uint32_t cp)
{
	if (cp < 0x110000)
		L->used[cp >> 6] |= (uint64_t)1 << (cp & 63);
}

/* The subset needs the variant of base + vs. */
static void mark_pair(kr_playout *L, uint32_t base, uint32_t vs)
{
	for (size_t i = 0; i < L->n_pairs; i++)
		if (L->pairs[i][0] == base && L->pairs[i][1] == vs)
			return;
	L->pairs = kr_grow(L->a, L->pairs, L->n_pairs, &L->cap_pairs, sizeof *L->pairs, 8);
	L->pairs[L->n_pairs][0] = base;
	L->pairs[L->n_pairs++][1] = vs;
}

void kr_pl_mark_text(kr_playout *L, const char *s, size_t len)
{
	uint32_t prev = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = kr_utf8_next(s, len, &i);
		if (kr_font_is_selector(cp) && kr_font_variant_face(L->font, prev, cp) >= 0)
			mark_pair(L, prev, cp);
		else if (kr_font_can_draw(L->font, cp))
			kr_pl_mark(L, cp);
		prev = cp;
	}
}

/* Drawn as nothing: zero-width space and joiners, the BOM, the emoji presentation selectors. */
static bool invisible(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0xFE0E ||
	       c == 0xFE0F;
}

static bool halfwidth_kana(uint32_t c) { return c >= 0xFF61 && c <= 0xFF9F; }
static bool fullwidth_digit(uint32_t c) { return c >= 0xFF10 && c <= 0xFF19; }

/* A combining mark NFC may compose with the character before (か + U+3099). */
static bool combining(uint32_t c)
{
	return c == 0x3099 || c == 0x309A || u_getCombiningClass((UChar32)c) != 0;
}

/* Does s need more than copying: a character no font draws, a selector, a mark to compose,
 * a tab, or (in an input text) a form to warn about? */
static bool needs_work(const kr_playout *L, const char *s, size_t len, bool input)
{
	for (size_t i = 0; i < len;) {
		uint32_t c = kr_utf8_next(s, len, &i);
		if (c == '\n')
			continue;
		if (!kr_font_can_draw(L->font, c) || kr_font_is_selector(c) || invisible(c) ||
		    c == '\t' || c == '\r' || c == 0x309B || c == 0x309C || combining(c) ||
		    (input && (halfwidth_kana(c) || fullwidth_digit(c))))
			return true;
	}
	return false;
}

/* One warning per (kind, string): kind is the first two code points of what is warned about. */
static bool warned(kr_playout *L, uint32_t a, uint32_t b, const char *file, kr_loc loc)
{
	for (size_t i = 0; i < L->n_warned; i++) {
		const struct kr_warned *w = &L->warned[i];
		if (w->cp == a && w->cp2 == b && w->file == file && w->loc.line == loc.line &&
		    w->loc.col == loc.col)
			return true;
	}
	L->warned = kr_grow(L->a, L->warned, L->n_warned, &L->cap_warned, sizeof *L->warned, 8);
	L->warned[L->n_warned++] = (struct kr_warned){a, b, file, loc};
	return false;
}

/* "U+1F468 U+200D U+1F469" for the code points of a grapheme. */
static const char *code_points(kr_playout *L, const uint32_t *cp, size_t n)
{
	char *out = kr_alloc(L->a, 10 * n + 1), *o = out;
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "%sU+%04X", i ? " " : "", (unsigned)cp[i]);
	return out;
}

static void warn_glyph(kr_playout *L, const uint32_t *cp, size_t n, const char *src, size_t len,
		       const char *file, kr_loc loc)
{
	if (warned(L, cp[0], n > 1 ? cp[1] : 0, file, loc))
		return;
	const char *u = code_points(L, cp, n);
	if (kr_font_faces(L->font) == 1)
		kr_diag(L->ctx->diags, file, loc, KR_D_GLYPH,
			"%s '%.*s' cannot be drawn with %s; rendered as 〓", u, (int)len, src,
			kr_font_family(L->font));
	else
		kr_diag(L->ctx->diags, file, loc, KR_D_GLYPH,
			"%s '%.*s' is in neither %s nor its fallback fonts; rendered as 〓", u, (int)len,
			src, kr_font_family(L->font));
}

/* Texts in forms official documents avoid: the first run of half-width katakana and of
 * full-width digits, each with its usual form (NFKC). */
static void warn_forms(kr_playout *L, const char *s, size_t len, const char *file, kr_loc loc)
{
	for (int kind = 0; kind < 2; kind++) {
		size_t a = 0, b = 0;
		for (size_t i = 0; i < len;) {
			size_t at = i;
			uint32_t c = kr_utf8_next(s, len, &i);
			bool in = kind == 0 ? halfwidth_kana(c) : fullwidth_digit(c);
			if (in && b == a)
				a = at, b = i;
			else if (in && b == at)
				b = i;
			else if (b > a)
				break;
		}
		if (b == a || warned(L, kind ? 0xFF10 : 0xFF61, 0, file, loc))
			continue;
		UChar src[256], dst[256];
		char usual[768];
		int32_t n = 0, m = 0;
		UErrorCode st = U_ZERO_ERROR;
		u_strFromUTF8(src, 256, &n, s + a, (int32_t)(b - a > 200 ? 200 : b - a), &st);
		m = unorm2_normalize(unorm2_getNFKCInstance(&st), src, n, dst, 256, &st);
		u_strToUTF8(usual, sizeof usual, NULL, dst, m, &st);
		if (U_FAILURE(st))
			continue;
		if (kind == 0)
			kr_diag(L->ctx->diags, file, loc, KR_D_TEXT_FORM,
				"'%.*s' is written in half-width katakana; official documents use "
				"full-width katakana ('%s'); it is drawn as written",
				(int)(b - a), s + a, usual);
		else
			kr_diag(L->ctx->diags, file, loc, KR_D_TEXT_FORM,
				"'%.*s' is written in full-width digits; official documents use "
				"half-width digits ('%s'); it is drawn as written",
				(int)(b - a), s + a, usual);
	}
}

/* The output being built: room for every input byte three times over (a 〓 is 3 bytes). */
typedef struct {
	char *s;
	size_t n;
} out_buf;

static void put_cp(kr_playout *L, out_buf *o, uint32_t c, bool mark)
{
	char tmp[5];
	UBool err = false;
	int32_t k = 0;
	U8_APPEND((uint8_t *)tmp, k, 4, (UChar32)c, err);
	if (err)
		return;
	memcpy(o->s + o->n, tmp, (size_t)k);
	o->n += (size_t)k;
	if (mark)
		kr_pl_mark(L, c);
}

/* Appends what one grapheme (code points cp[0..n), UTF-8 src[0..len)) draws as. */
static void grapheme(kr_playout *L, out_buf *o, const uint32_t *cp, size_t n, const char *src,
		     size_t len, const char *file, kr_loc loc)
{
	uint32_t v[32];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 32; i++) /* the joiners and presentation selectors go */
		if (!invisible(cp[i]))
			v[k++] = cp[i];
	if (k == 0)
		return;
	if (k == 1 && (v[0] == '\t' || v[0] == '\r')) {
		put_cp(L, o, ' ', true);
		return;
	}
	if (k == 1 && v[0] == '\n') {
		put_cp(L, o, '\n', false);
		return;
	}
	if (k == 2 && kr_font_is_selector(v[1]) && kr_font_can_draw(L->font, v[0])) {
		put_cp(L, o, v[0], true);
		if (kr_font_variant_face(L->font, v[0], v[1]) >= 0) {
			put_cp(L, o, v[1], false);
			mark_pair(L, v[0], v[1]);
		} else if (!warned(L, v[0], v[1], file, loc)) {
			kr_diag(L->ctx->diags, file, loc, KR_D_VARIANT,
				"%s '%.*s': no font of the template has this variant of U+%04X; the "
				"usual form is drawn",
				code_points(L, v, 2), (int)len, src, (unsigned)v[0]);
		}
		return;
	}
	bool all = true;
	for (size_t i = 0; i < k; i++)
		all &= kr_font_can_draw(L->font, v[i]) && !kr_font_is_selector(v[i]);
	if (!all) {
		warn_glyph(L, cp, n, src, len, file, loc);
		put_cp(L, o, GETA, true);
		return;
	}
	for (size_t i = 0; i < k; i++)
		put_cp(L, o, v[i], true);
}

/* Composes the marks of a grapheme in place (NFC of this grapheme alone); returns its length. */
static size_t compose(UChar *u, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= combining(u[i]);
	if (!any)
		return n;
	UChar out[64];
	UErrorCode st = U_ZERO_ERROR;
	int32_t m = unorm2_normalize(unorm2_getNFCInstance(&st), u, (int32_t)n, out, 64, &st);
	if (U_FAILURE(st) || m > (int32_t)n)
		return n;
	memcpy(u, out, (size_t)m * sizeof *u);
	return (size_t)m;
}

/* The spacing sound marks ゛゜ (U+309B/C) after a kana they voice become the combining ones. */
static void voice_marks(UChar *u, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	for (int32_t i = 1; U_SUCCESS(st) && i < n; i++)
		if ((u[i] == 0x309B || u[i] == 0x309C) &&
		    unorm2_composePair(nfc, u[i - 1], u[i] == 0x309B ? 0x3099 : 0x309A) >= 0)
			u[i] = u[i] == 0x309B ? 0x3099 : 0x309A;
}

/* The slow path of kr_pl_clean: grapheme by grapheme (ICU character breaks). */
static const char *clean_graphemes(kr_playout *L, const char *s, size_t len, const char *file,
				   kr_loc loc)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n16 = 0;
	u_strFromUTF8(NULL, 0, &n16, s, (int32_t)len, &st);
	st = U_ZERO_ERROR;
	UChar *u = kr_alloc_array(L->a, (size_t)n16 + 1, sizeof *u);
	u_strFromUTF8(u, n16 + 1, NULL, s, (int32_t)len, &st);
	voice_marks(u, n16);
	if (!L->graphemes)
		L->graphemes = ubrk_open(UBRK_CHARACTER, "ja", NULL, 0, &st);
	ubrk_setText(L->graphemes, u, n16, &st);
	out_buf o = {kr_alloc(L->a, 3 * len + 4), 0};
	if (U_FAILURE(st))
		return s;
	for (int32_t a = 0, b = ubrk_next(L->graphemes); b != UBRK_DONE;
	     a = b, b = ubrk_next(L->graphemes)) {
		size_t m = compose(u + a, (size_t)(b - a));
		uint32_t cp[32];
		size_t k = 0;
		for (int32_t i = a; i < a + (int32_t)m && k < 32;) {
			UChar32 c;
			U16_NEXT(u, i, a + (int32_t)m, c);
			cp[k++] = (uint32_t)c;
		}
		char src[128];
		int32_t sl = 0;
		UErrorCode e = U_ZERO_ERROR;
		u_strToUTF8(src, sizeof src, &sl, u + a, (int32_t)m, &e);
		grapheme(L, &o, cp, k, src, U_SUCCESS(e) ? (size_t)sl : 0, file, loc);
	}
	o.s[o.n] = '\0';
	return o.s;
}

static const char *clean(kr_playout *L, const char *s, const char *file, kr_loc loc, bool input)
{
	if (!s)
		return "";
	size_t len = strlen(s);
	if (!needs_work(L, s, len, input)) {
		for (size_t i = 0; i < len;)
			kr_pl_mark(L, kr_utf8_next(s, len, &i));
		return s;
	}
	if (input)
		warn_forms(L, s, len, file, loc);
	kr_pl_mark(L, ' ');
	return clean_graphemes(L, s, len, file, loc);
}

const char *kr_pl_clean(kr_playout *L, const char *s, const char *file, kr_loc loc)
{
	return clean(L, s, file, loc, false);
}

const char *kr_pl_lab(kr_playout *L, const char *s)
{
	return clean(L, s, L->t->path, KR_NO_LOC, false);
}

/* lab() for text in a caller's buffer. */
const char *kr_pl_tmp(kr_playout *L, const char *s)
{
	return kr_pl_lab(L, kr_strdup(L->a, s));
}

const char *kr_pl_in(kr_playout *L, kr_str s)
{
	return clean(L, s.s, L->ctx->doc->path, s.loc, true);
}

void kr_pl_clean_free(kr_playout *L)
{
	if (L->graphemes)
		ubrk_close(L->graphemes);
	L->graphemes = NULL;
}

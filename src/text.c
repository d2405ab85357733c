/* Line breaking for table cells.  ICU's strict Japanese line breaker (ja@lb=strict) gives the break
 * opportunities, so 行頭禁則 (、。」ー small kana …) and 行末禁則 (「（ …) hold; on top of it a
 * number stays with the counter that follows it (17,420件), and a word longer than the line breaks
 * between characters without putting a 禁則 character at either end of a line. */
#include "text.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include "arena.h"

/* One paragraph being broken: per character its code point, byte offset, advance and whether a
 * line may start before it.  Kept across calls so a document's cells reuse the buffers. */
struct kr_breaker {
	UBreakIterator *bi; /* NULL when ICU cannot open it: then the fallback rules below */
	UChar *u16;
	int32_t *u16_char; /* UTF-16 index -> character index */
	size_t u16_cap;
	uint32_t *cp;
	size_t *off;
	double *w;
	bool *brk;
	size_t cap;
	double hang_room, tighten; /* kr_breaker_tune */
	const kr_font *font;       /* of the text being broken */
	double size;
};

kr_breaker *kr_breaker_new(void)
{
	kr_breaker *b = calloc(1, sizeof *b);
	if (!b)
		kr_oom();
	b->hang_room = HUGE_VAL;
	UErrorCode st = U_ZERO_ERROR;
	b->bi = ubrk_open(UBRK_LINE, "ja@lb=strict", NULL, 0, &st);
	if (U_FAILURE(st)) {
		if (b->bi)
			ubrk_close(b->bi);
		b->bi = NULL;
	}
	return b;
}

void kr_breaker_free(kr_breaker *b)
{
	if (!b)
		return;
	if (b->bi)
		ubrk_close(b->bi);
	free(b->u16);
	free(b->u16_char);
	free(b->cp);
	free(b->off);
	free(b->w);
	free(b->brk);
	free(b);
}

void kr_breaker_tune(kr_breaker *b, double hang_room, double tighten)
{
	b->hang_room = hang_room;
	b->tighten = tighten;
}

void kr_lines_free(kr_lines *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void *grow(void *p, size_t n, size_t size)
{
	void *q = realloc(p, n * size);
	if (!q)
		kr_oom();
	return q;
}

/* Makes room for n characters (and up to 2n UTF-16 units). */
static void reserve(kr_breaker *b, size_t n)
{
	if (n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < n + 1)
			cap *= 2;
		b->cp = grow(b->cp, cap, sizeof *b->cp);
		b->off = grow(b->off, cap, sizeof *b->off);
		b->w = grow(b->w, cap, sizeof *b->w);
		b->brk = grow(b->brk, cap, sizeof *b->brk);
		b->cap = cap;
	}
	if (2 * n + 1 > b->u16_cap) {
		size_t cap = b->u16_cap ? b->u16_cap : 512;
		while (cap < 2 * n + 1)
			cap *= 2;
		b->u16 = grow(b->u16, cap, sizeof *b->u16);
		b->u16_char = grow(b->u16_char, cap, sizeof *b->u16_char);
		b->u16_cap = cap;
	}
}

/* 行頭禁則: characters that must not start a line (JLREQ classes cl-02, cl-03, cl-04, cl-05,
 * cl-06, cl-07, cl-09, cl-10, cl-11 and their ASCII and half-width forms). */
static bool no_start(uint32_t c)
{
	static const char set[] = ")]},.:;!?%"
				  "）」』】〕〉》〙〗〟’”｠»"
				  "‐〜゠–！？‼⁇⁈⁉・：；。．、，"
				  "々ゝゞヽヾ〻ー"
				  "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
				  "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
				  "）］｝，．：；！？％ｧｨｩｪｫｯｬｭｮｰ｡｣､･";
	if (c < 0x80)
		return c && strchr(")]},.:;!?%", (int)c) != NULL;
	for (size_t i = 0; set[i];) {
		if (kr_utf8_next(set, sizeof set - 1, &i) == c)
			return true;
	}
	return false;
}

/* 行末禁則: opening brackets and quotes, which must not end a line. */
static bool no_end(uint32_t c)
{
	static const char set[] = "（「『【〔〈《〘〖〝‘“｟«（［｛｢";
	if (c < 0x80)
		return c && strchr("([{", (int)c) != NULL;
	for (size_t i = 0; set[i];) {
		if (kr_utf8_next(set, sizeof set - 1, &i) == c)
			return true;
	}
	return false;
}

static bool is_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static bool is_ideograph(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005 || c == 0x30F6 || c == 0x30F5;
}

/* ぶら下げ: 、。，． may hang past the line end instead of pulling a character down, when their
 * ink stays within the room the renderer gives (the cell padding). */
static bool hangs(const kr_breaker *b, uint32_t c)
{
	if (c != 0x3001 && c != 0x3002 && c != 0xFF0C && c != 0xFF0E)
		return false;
	return b->hang_room == HUGE_VAL || kr_font_ink_right(b->font, c, b->size) <= b->hang_room;
}

static bool is_space(uint32_t c) { return c == ' ' || c == 0x3000 || c == '\t'; }

/* A counter after a number (10,000件, 2回, 15万件): no break between them. */
static bool counter_follows(const kr_breaker *b, size_t k)
{
	uint32_t prev = b->cp[k - 1], cur = b->cp[k];
	if (!is_ideograph(cur) && !(cur >= 0x30A1 && cur <= 0x30FA))
		return false;
	if (is_digit(prev))
		return true;
	/* 15万|件: a multiplier after digits is part of the number */
	return k >= 2 && is_digit(b->cp[k - 2]) && is_ideograph(cur) &&
	       (prev == 0x4E07 /* 万 */ || prev == 0x5104 /* 億 */ || prev == 0x5343 /* 千 */ ||
		prev == 0x5146 /* 兆 */);
}

/* Decodes s[0..len) into the per-character arrays and marks where lines may start. */
static size_t analyse(kr_breaker *b, const kr_font *f, double size, const char *s, size_t len)
{
	reserve(b, len);
	b->font = f;
	b->size = size;
	size_t n = 0, n16 = 0;
	for (size_t i = 0; i < len;) {
		b->off[n] = i;
		uint32_t c = kr_utf8_next(s, len, &i);
		b->cp[n] = c;
		b->w[n] = kr_font_advance(f, c, size);
		b->brk[n] = false;
		if (c >= 0x10000) {
			b->u16_char[n16] = (int32_t)n;
			b->u16[n16++] = (UChar)(0xD800 + ((c - 0x10000) >> 10));
			b->u16_char[n16] = (int32_t)n;
			b->u16[n16++] = (UChar)(0xDC00 + ((c - 0x10000) & 0x3FF));
		} else {
			b->u16_char[n16] = (int32_t)n;
			b->u16[n16++] = (UChar)c;
		}
		n++;
	}
	b->off[n] = len;
	b->u16_char[n16] = (int32_t)n;
	UErrorCode st = U_ZERO_ERROR;
	if (b->bi)
		ubrk_setText(b->bi, b->u16, (int32_t)n16, &st);
	if (b->bi && U_SUCCESS(st)) {
		for (int32_t p = ubrk_following(b->bi, 0); p != UBRK_DONE && p < (int32_t)n16;
		     p = ubrk_next(b->bi))
			b->brk[b->u16_char[p]] = true;
	} else {
		for (size_t k = 1; k < n; k++)
			b->brk[k] = !no_start(b->cp[k]) && !no_end(b->cp[k - 1]) &&
				    !(b->cp[k] < 0x80 && b->cp[k - 1] < 0x80 &&
				      !is_space(b->cp[k - 1]));
	}
	for (size_t k = 1; k < n; k++)
		if (b->brk[k] && counter_follows(b, k))
			b->brk[k] = false;
	return n;
}

/* Where to cut a run [i, j) that has no break opportunity and does not fit: as late as possible
 * without a 行頭禁則 character starting the next line or a 行末禁則 one ending this one. */
static size_t forced_cut(const kr_breaker *b, size_t i, size_t j)
{
	for (size_t k = j; k > i + 1; k--)
		if (!no_start(b->cp[k]) && !no_end(b->cp[k - 1]))
			return k;
	return j;
}

static void push_line(kr_lines *out, const kr_breaker *b, size_t from, size_t to, size_t base)
{
	while (to > from && is_space(b->cp[to - 1]))
		to--;
	double w = 0;
	for (size_t k = from; k < to; k++)
		w += b->w[k];
	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 8;
		out->v = grow(out->v, out->cap, sizeof *out->v);
	}
	out->v[out->n++] = (kr_line){base + b->off[from], b->off[to] - b->off[from], w, 0};
}

/* Characters [from, to) of a line without its trailing spaces. */
static size_t trim(const kr_breaker *b, size_t from, size_t to)
{
	while (to > from && is_space(b->cp[to - 1]))
		to--;
	return to;
}

/* Does a line of characters [from, to) hold one character, closing punctuation aside? */
static bool lone(const kr_breaker *b, size_t from, size_t to)
{
	size_t k = 0;
	for (size_t i = from; i < trim(b, from, to); i++)
		k += !no_start(b->cp[i]);
	return k <= 1 && to > from;
}

static double width_of(const kr_breaker *b, size_t from, size_t to)
{
	double w = 0;
	for (size_t k = from; k < to; k++)
		w += b->w[k];
	return w;
}

/* The paragraph's last line [c1, n) holds one character and the line before is [c0, c1) at
 * most limit wide (the last line last_limit): sets that line tighter to take it in (out's last
 * line is replaced), else breaks the line before one opportunity earlier.  Returns the new start of the last line, or
 * c1 when it was taken in (then there is no last line any more). */
static size_t no_lone_last(kr_breaker *b, size_t c0, size_t c1, size_t n, double limit,
			   double last_limit, size_t base, kr_lines *out)
{
	size_t e = trim(b, c0, n);
	double w = width_of(b, c0, e);
	if (hangs(b, b->cp[e - 1]))
		w -= b->w[e - 1];
	double gaps = (double)(e - c0 - 1), track = gaps > 0 ? (limit - w) / gaps : 0;
	if (gaps > 0 && track < 0 && track >= -b->tighten * b->size) {
		kr_line *ln = &out->v[out->n - 1];
		ln->len = b->off[e] - b->off[c0];
		ln->track = track;
		ln->width = width_of(b, c0, e) + track * gaps;
		return c1;
	}
	for (size_t k = c1 - 1; k >= c0 + 2; k--)
		if (b->brk[k] && width_of(b, k, e) - (hangs(b, b->cp[e - 1]) ? b->w[e - 1] : 0) <=
					 last_limit + 1e-6) {
			out->n--;
			push_line(out, b, c0, k, base);
			return k;
		}
	return c1;
}

/* Greedy fill of one paragraph (no "\n" inside). */
static void fill(kr_breaker *b, size_t n, size_t base, double *limit, double width, kr_lines *out)
{
	if (n == 0) {
		push_line(out, b, 0, 0, base);
		*limit = width;
		return;
	}
	size_t i = 0, prev = 0;
	double prev_limit = *limit;
	size_t first = out->n;
	while (i < n) {
		double acc = 0;
		size_t j = i, last = 0;
		while (j < n && (j == i || acc + b->w[j] <= *limit + 1e-6)) {
			acc += b->w[j++];
			if (j < n && b->brk[j])
				last = j;
		}
		while (j < n && is_space(b->cp[j])) /* spaces may hang past the edge */
			j++;
		if (j < n && hangs(b, b->cp[j]) && (j + 1 == n || b->brk[j + 1]))
			j++;
		size_t cut;
		if (j >= n)
			cut = n;
		else if (b->brk[j])
			cut = j;
		else if (last > i)
			cut = last;
		else
			cut = forced_cut(b, i, j);
		if (cut == n && out->n > first && lone(b, i, n)) {
			size_t at = no_lone_last(b, prev, i, n, prev_limit, *limit, base, out);
			if (at == i && out->v[out->n - 1].track < 0)
				break; /* taken into the line before */
			i = at;
		}
		prev = i;
		prev_limit = *limit;
		push_line(out, b, i, cut, base);
		*limit = width;
		i = cut;
	}
}

void kr_wrap(const kr_font *f, double size, const char *s, size_t len, double first_width,
	     double width, kr_lines *out)
{
	kr_wrap_with(kr_font_breaker(f), f, size, s, len, first_width, width, out);
}

void kr_wrap_with(kr_breaker *b, const kr_font *f, double size, const char *s, size_t len,
		  double first_width, double width, kr_lines *out)
{
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	double limit = first_width;
	size_t p = 0;
	for (;;) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - s) : len;
		size_t pe = e > p && s[e - 1] == '\r' ? e - 1 : e;
		size_t n = analyse(b, f, size, s + p, pe - p);
		fill(b, n, p, &limit, width, out);
		if (!nl)
			break;
		p = e + 1;
	}
}

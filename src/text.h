/* Line breaking for table cells: break opportunities from ICU (ja@lb=strict, so 禁則 holds),
 * widths from the font; used by the PDF renderer and by the xlsx renderer's row heights. */
#ifndef KR_TEXT_H
#define KR_TEXT_H

#include <stddef.h>

#include "font.h"

typedef struct {
	size_t start, len; /* bytes of the input string */
	double width;      /* points, as drawn (with track) */
	double track;      /* points added between characters (<= 0: a tightened line) */
} kr_line;

typedef struct {
	kr_line *v;
	size_t n, cap;
} kr_lines;

/* Appends to out the lines of the UTF-8 text s (len bytes) set at size points: the first line at
 * most first_width points wide, the others at most width (a bullet's hanging indent makes them
 * differ).  A "\n" in s forces a break.  A word longer than a line breaks between characters, still
 * keeping line-start and line-end 禁則 characters in place.  、。，． may hang past the width.  A
 * paragraph does not end in a line of one character (closing punctuation aside): the line before
 * is tightened to take it when the breaker allows that (kr_breaker_tune), else it gives the last
 * line one more word. */
void kr_wrap(const kr_font *f, double size, const char *s, size_t len, double first_width,
	     double width, kr_lines *out);
/* The same with a breaker of the caller's: a renderer on its own thread has its own. */
void kr_wrap_with(kr_breaker *b, const kr_font *f, double size, const char *s, size_t len,
		  double first_width, double width, kr_lines *out);
void kr_lines_free(kr_lines *l);

/* The ICU line iterator and buffers behind kr_wrap; kr_font_load/kr_font_free own one. */
kr_breaker *kr_breaker_new(void);
void kr_breaker_free(kr_breaker *b); /* NULL is fine */
/* For a renderer that places every character itself (the PDF): a hanging 、。 may reach at most
 * hang_room points past the width with its ink (else it is not hung), and a line may be set up to
 * tighten em tighter per character to take in a last line of one character.  The defaults (for
 * a renderer whose viewer wraps the text, the workbook) are: always hang, never tighten. */
void kr_breaker_tune(kr_breaker *b, double hang_room, double tighten);

#endif

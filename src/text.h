/* Line breaking for table cells: break opportunities from ICU (ja@lb=strict, so 禁則 holds),
 * widths from the font; used by the PDF renderer and by the xlsx renderer's row heights. */
#ifndef KR_TEXT_H
#define KR_TEXT_H

#include <stddef.h>

#include "font.h"

typedef struct {
	size_t start, len; /* bytes of the input string */
	double width;      /* points */
} kr_line;

typedef struct {
	kr_line *v;
	size_t n, cap;
} kr_lines;

/* Appends to out the lines of the UTF-8 text s (len bytes) set at size points: the first line at
 * most first_width points wide, the others at most width (a bullet's hanging indent makes them
 * differ).  A "\n" in s forces a break.  A word longer than a line breaks between characters, still
 * keeping line-start and line-end 禁則 characters in place. */
void kr_wrap(const kr_font *f, double size, const char *s, size_t len, double first_width,
	     double width, kr_lines *out);
/* The same with a breaker of the caller's: a renderer on its own thread has its own. */
void kr_wrap_with(kr_breaker *b, const kr_font *f, double size, const char *s, size_t len,
		  double first_width, double width, kr_lines *out);
void kr_lines_free(kr_lines *l);

/* The ICU line iterator and buffers behind kr_wrap; kr_font_load/kr_font_free own one. */
kr_breaker *kr_breaker_new(void);
void kr_breaker_free(kr_breaker *b); /* NULL is fine */

#endif

/* Plain-language explanations of what YAML did with a handout (see yamlhint.h).  Everything here
 * reads the text as written: libyaml's marks give 0-based lines and columns counted in
 * characters, converted to bytes of the line they fall on. */
#include "yamlhint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *s;
	size_t n;
} span;

/* One UTF-8 character at s (n bytes left): its code point and length (1 for a bad byte). */
static uint32_t next_cp(const char *s, size_t n, size_t *w)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	if (k > n)
		k = 1;
	uint32_t cp = k == 1 ? p[0] : p[0] & (0x7Fu >> k);
	for (size_t i = 1; i < k; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	*w = k;
	return cp;
}

/* Line `line` (0-based) of buf, without its line end: LF, CRLF and a lone CR each end a line,
 * as for libyaml.  Empty beyond the last line. */
static span line_at(const char *buf, size_t len, int line)
{
	size_t i = 0;
	int l = 0;
	while (l < line && i < len) {
		char c = buf[i++];
		if (c == '\n' || (c == '\r' && (i >= len || buf[i] != '\n')))
			l++;
	}
	if (l < line)
		return (span){buf + len, 0};
	size_t start = i;
	while (i < len && buf[i] != '\n' && buf[i] != '\r')
		i++;
	return (span){buf + start, i - start};
}

/* The line after l (empty at the end of buf). */
static span next_line(const char *buf, size_t len, span l)
{
	size_t i = (size_t)(l.s - buf) + l.n;
	if (i < len && buf[i] == '\r') {
		if (++i < len && buf[i] == '\n')
			i++;
	} else if (i < len && buf[i] == '\n') {
		i++;
	}
	size_t start = i;
	while (i < len && buf[i] != '\n' && buf[i] != '\r')
		i++;
	return (span){buf + start, i - start};
}

/* The line before l (l itself when it is the first). */
static span prev_line(const char *buf, span l)
{
	size_t i = (size_t)(l.s - buf);
	if (i == 0)
		return l;
	size_t end = i - 1; /* the line end before l: LF, CR or the LF of CRLF */
	if (buf[end] == '\n' && end > 0 && buf[end - 1] == '\r')
		end--;
	size_t start = end;
	while (start > 0 && buf[start - 1] != '\n' && buf[start - 1] != '\r')
		start--;
	return (span){buf + start, end - start};
}

/* Byte offset in the line of the character at column col (0-based), or the line's length. */
static size_t col_byte(span l, int col)
{
	size_t i = 0, w;
	for (int c = 0; c < col && i < l.n; c++) {
		next_cp(l.s + i, l.n - i, &w);
		i += w;
	}
	return i;
}

/* The 1-based column (in characters) of byte offset off of the line. */
static int byte_col(span l, size_t off)
{
	int col = 1;
	size_t w;
	for (size_t i = 0; i < off && i < l.n; i += w, col++)
		next_cp(l.s + i, l.n - i, &w);
	return col;
}

/* The key a line starts with ("  - name: a" -> "name" at byte 4), or an empty span. */
static span line_key(span l, size_t *at)
{
	size_t i = 0;
	while (i < l.n && l.s[i] == ' ')
		i++;
	if (i + 1 < l.n && l.s[i] == '-' && l.s[i + 1] == ' ') {
		i += 2;
		while (i < l.n && l.s[i] == ' ')
			i++;
	}
	*at = i;
	size_t e = i;
	while (e < l.n && l.s[e] != ':' && l.s[e] != '#' && l.s[e] != ' ' && l.s[e] != '"' &&
	       l.s[e] != '\'' && l.s[e] != '{' && l.s[e] != '[')
		e++;
	bool key = e < l.n && l.s[e] == ':' && (e + 1 == l.n || l.s[e + 1] == ' ');
	return key ? (span){l.s + i, e - i} : (span){l.s + i, 0};
}

/* The text with its end spaces cut, in double quotes (single quotes when it holds a double
 * quote); malloc'd. */
static char *quoted(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char q = memchr(s, '"', n) && !memchr(s, '\'', n) ? '\'' : '"';
	char *out = malloc(2 * n + 3), *o = out;
	if (!out)
		kr_oom();
	*o++ = q;
	for (size_t i = 0; i < n; i++) {
		if (q == '"' && (s[i] == '"' || s[i] == '\\'))
			*o++ = '\\';
		*o++ = s[i];
	}
	*o++ = q;
	*o = '\0';
	return out;
}

/* "key: "value"" for the line l whose value starts at byte v: the fix shown in messages. */
static char *with_quoted_value(span l, size_t v)
{
	size_t k = 0;
	while (k < v && l.s[k] == ' ')
		k++;
	char *q = quoted(l.s + v, l.n - v);
	size_t n = (v - k) + strlen(q) + 1;
	char *out = malloc(n);
	if (!out)
		kr_oom();
	snprintf(out, n, "%.*s%s", (int)(v - k), l.s + k, q);
	free(q);
	return out;
}

/* True when what follows the blanks from byte i of the line is a key or a list entry: full-width
 * spaces before it were meant as indentation (a paragraph may start with one, a key may not). */
static bool indents_a_key(span l, size_t i)
{
	while (i < l.n && (l.s[i] == ' ' || l.s[i] == '\t' || (i + 3 <= l.n && !memcmp(l.s + i, "　", 3))))
		i += l.s[i] == ' ' || l.s[i] == '\t' ? 1 : 3;
	span rest = {l.s + i, l.n - i};
	size_t at;
	return (rest.n >= 2 && rest.s[0] == '-' && rest.s[1] == ' ') || line_key(rest, &at).n > 0;
}

/* A tab or a full-width space in the indentation of line `line`: records the error. */
static bool bad_indent(kr_diags *d, const char *name, span l, int line)
{
	size_t i = 0, w;
	for (int col = 1; i < l.n; i += w, col++) {
		uint32_t cp = next_cp(l.s + i, l.n - i, &w);
		if (cp == '\t') {
			kr_diag(d, name, KR_LOC(line + 1, col), KR_D_YAML,
				"a tab character is used for indentation here, and YAML does not allow "
				"tabs; indent with half-width spaces");
			return true;
		}
		if (cp == 0x3000 && indents_a_key(l, i)) {
			kr_diag(d, name, KR_LOC(line + 1, col), KR_D_YAML,
				"a full-width space (U+3000, 全角スペース) is used for indentation here, "
				"and YAML does not see it as indentation; indent with half-width spaces");
			return true;
		}
		if (cp != ' ')
			return false;
	}
	return false;
}

/* "title：t" where a key was expected: records the error with the line as it should be. */
static bool full_width_colon(kr_diags *d, const char *name, span l, int line)
{
	const char *fw = NULL;
	for (size_t i = 0; i + 3 <= l.n && !fw; i++)
		if (memcmp(l.s + i, "：", 3) == 0)
			fw = l.s + i;
	size_t at;
	if (!fw || line_key(l, &at).n)
		return false;
	const char *rest = fw + 3;
	const char *end = l.s + l.n;
	while (rest < end && (*rest == ' ' || (end - rest >= 3 && memcmp(rest, "　", 3) == 0)))
		rest += *rest == ' ' ? 1 : 3;
	size_t n = (size_t)(fw - (l.s + at)) + 2 + (size_t)(l.s + l.n - rest) + 1;
	char *fix = malloc(n), *was = malloc((size_t)(l.s + l.n - (l.s + at)) + 1);
	if (!fix || !was)
		kr_oom();
	snprintf(fix, n, "%.*s: %.*s", (int)(fw - (l.s + at)), l.s + at, (int)(l.s + l.n - rest),
		 rest);
	snprintf(was, (size_t)(l.n - at) + 1, "%.*s", (int)(l.n - at), l.s + at);
	kr_diag(d, name, KR_LOC(line + 1, byte_col(l, at)), KR_D_YAML,
		"'%s' has a full-width colon (：) after its key; write a half-width colon and a "
		"space: %s",
		was, fix);
	free(fix);
	free(was);
	return true;
}

/* The previous line holding a key, before the line cur (number line), and its number; at most
 * a few hundred lines back (a long text block between is no key's place to look). */
static span key_above(const char *buf, span cur, int line, int *found, size_t *at)
{
	span s = cur;
	for (int l = line - 1; l >= 0 && l >= line - 500; l--) {
		s = prev_line(buf, s);
		if (line_key(s, at).n) {
			*found = l;
			return s;
		}
	}
	*found = -1;
	return (span){buf, 0};
}

/* A key indented further or less than the key on the line above: records the error. */
static bool misindented(kr_diags *d, const char *name, const char *buf, span l, int line)
{
	size_t at, above_at;
	span key = line_key(l, &at);
	int above;
	span la = key_above(buf, l, line, &above, &above_at);
	if (!key.n || above < 0)
		return false;
	span ka = line_key(la, &above_at);
	int col = byte_col(l, at), want = byte_col(la, above_at);
	if (col == want)
		return false;
	char *k = malloc(key.n + 1), *a = malloc(ka.n + 1);
	if (!k || !a)
		kr_oom();
	snprintf(k, key.n + 1, "%.*s", (int)key.n, key.s);
	snprintf(a, ka.n + 1, "%.*s", (int)ka.n, ka.s);
	if (col > want)
		kr_diag(d, name, KR_LOC(line + 1, col), KR_D_YAML,
			"'%s' is indented further than '%s' on line %d; start it in column %d, under "
			"'%s'",
			k, a, above + 1, want, a);
	else
		kr_diag(d, name, KR_LOC(line + 1, col), KR_D_YAML,
			"'%s' is indented less than '%s' on line %d; start it in column %d, under '%s'",
			k, a, above + 1, want, a);
	free(k);
	free(a);
	return true;
}

/* "key: value: more": the second ": " is inside the text. */
static bool colon_in_text(kr_diags *d, const char *name, span l, int line, int col)
{
	size_t at;
	span key = line_key(l, &at);
	size_t problem = col_byte(l, col);
	if (!key.n || problem <= at + key.n + 1)
		return false;
	size_t v = at + key.n + 1;
	while (v < l.n && l.s[v] == ' ')
		v++;
	char *k = malloc(key.n + 1), *fix = with_quoted_value(l, v);
	if (!k)
		kr_oom();
	snprintf(k, key.n + 1, "%.*s", (int)key.n, key.s);
	kr_diag(d, name, KR_LOC(line + 1, byte_col(l, v)), KR_D_YAML,
		"the text after '%s:' contains ': ', which YAML reads as the start of another key; "
		"put the whole text in quotes: %s",
		k, fix);
	free(k);
	free(fix);
	return true;
}

/* "actual: -": a dash alone after a key starts a list in YAML. */
static bool dash_value(kr_diags *d, const char *name, span l, int line, int col)
{
	size_t at, p = col_byte(l, col);
	span key = line_key(l, &at);
	if (!key.n || p >= l.n || l.s[p] != '-')
		return false;
	for (size_t i = p + 1; i < l.n; i++)
		if (l.s[i] != ' ')
			return false;
	char *k = malloc(key.n + 1);
	if (!k)
		kr_oom();
	snprintf(k, key.n + 1, "%.*s", (int)key.n, key.s);
	kr_diag(d, name, KR_LOC(line + 1, col + 1), KR_D_YAML,
		"'%s: -' reads as the start of a list in YAML; write %s: null for a value not yet "
		"known, or %s: \"-\" for a dash as text",
		k, k, k);
	free(k);
	return true;
}

/* A value starting with a character YAML reserves (% @ `): records the error with the fix. */
static bool reserved_start(kr_diags *d, const char *name, span l, int line, int col)
{
	size_t at = col_byte(l, col);
	if (at >= l.n || !strchr("%@`", l.s[at]))
		return false;
	char c[2] = {l.s[at], '\0'};
	char *fix = with_quoted_value(l, at);
	kr_diag(d, name, KR_LOC(line + 1, col + 1), KR_D_YAML,
		"a value cannot start with '%s' unless it is in quotes; write %s", c, fix);
	free(fix);
	return true;
}

void kr_yaml_explain(kr_diags *d, const char *name, const char *buf, size_t len,
		     const kr_yaml_error *e)
{
	const char *problem = e->problem ? e->problem : "syntax error";
	/* The lines from the context's (at most 50 before the problem's) to the problem's, walked
	 * once: a hostile file's error may come megabytes after its context. */
	int first = e->context_line >= 0 && e->context_line < e->line ? e->context_line : e->line;
	if (first < e->line - 50)
		first = e->line - 50;
	span l = line_at(buf, len, first);
	for (int n = first; n <= e->line; n++, l = next_line(buf, len, l))
		if (bad_indent(d, name, l, n))
			return;
	span pl = line_at(buf, len, e->line);
	if (strstr(problem, "cannot start any token") && reserved_start(d, name, pl, e->line, e->col))
		return;
	if (e->line > 0 && strstr(problem, "could not find expected ':'")) {
		span back = pl;
		for (int n = e->line; n >= first && n >= 0; n--, back = prev_line(buf, back))
			if (full_width_colon(d, name, back, n))
				return;
	}
	if (full_width_colon(d, name, pl, e->line))
		return;
	if (strstr(problem, "block sequence entries are not allowed") &&
	    dash_value(d, name, pl, e->line, e->col))
		return;
	if (strstr(problem, "mapping values are not allowed") &&
	    (colon_in_text(d, name, pl, e->line, e->col) ||
	     misindented(d, name, buf, pl, e->line)))
		return;
	if ((strstr(problem, "did not find expected key") ||
	     strstr(problem, "did not find expected '-' indicator")) &&
	    misindented(d, name, buf, pl, e->line))
		return;
	if (strstr(problem, "found unexpected end of stream") && e->context &&
	    strstr(e->context, "quoted scalar") && e->context_line >= 0) {
		span cl = line_at(buf, len, e->context_line);
		size_t at = col_byte(cl, e->context_col);
		char q[2] = {at < cl.n ? cl.s[at] : '"', '\0'};
		kr_diag(d, name, KR_LOC(e->context_line + 1, e->context_col + 1), KR_D_YAML,
			"the quote %s that starts here is never closed; end the text with the same "
			"quote mark",
			q);
		return;
	}
	if (e->context)
		kr_diag(d, name, KR_LOC(e->line + 1, e->col + 1), KR_D_YAML,
			"YAML syntax error: %s %s (line %d)", problem, e->context,
			e->context_line + 1);
	else
		kr_diag(d, name, KR_LOC(e->line + 1, e->col + 1), KR_D_YAML, "YAML syntax error: %s",
			problem);
}

bool kr_key_indent_hint(kr_diags *d, const char *name, const kr_node *key)
{
	if (key->type != KR_N_SCALAR || key->len < 3 || memcmp(key->s, "　", 3) != 0)
		return false;
	kr_diag(d, name, key->loc, KR_D_YAML,
		"a full-width space (U+3000, 全角スペース) is used for indentation here, and YAML "
		"does not see it as indentation; indent with half-width spaces");
	return true;
}

/* True for a character of Japanese (or Chinese) text: kana, kanji, CJK punctuation and
 * full-width forms, the characters between which a line break means no space. */
static bool wide(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The code point that ends s[0..n) (0 when empty). */
static uint32_t last_cp(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	size_t i = n - 1, w;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return next_cp(s + i, n - i, &w);
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool line_end(char c)
{
	return c == '\n' || c == '\r';
}

char *kr_unfold(kr_arena *a, const char *src, size_t len, const kr_node *n)
{
	if (!src || n->type != KR_N_SCALAR || n->aliased || n->end > len || n->start >= n->end ||
	    (n->style != KR_S_PLAIN && n->style != KR_S_FOLDED) || !memchr(n->s, ' ', n->len))
		return NULL;
	const char *j = src + n->start, *e = src + n->end;
	if (n->style == KR_S_FOLDED) /* the header line: ">", ">-", a comment */
		while (j < e && !line_end(*j))
			j++;
	/* Walk the value and its source together: a space of the value that stands for a line
	 * break of the source (with the blanks around it) was put there by folding. */
	char *out = kr_alloc(a, n->len + 1);
	size_t o = 0, i = 0, w;
	bool changed = false;
	while (i < n->len) {
		char c = n->s[i];
		const char *k = j;
		while (k < e && blank(*k))
			k++;
		if (c == ' ' && k < e && line_end(*k)) {
			k += *k == '\r' && k + 1 < e && k[1] == '\n' ? 2 : 1;
			while (k < e && blank(*k))
				k++;
			uint32_t after = i + 1 < n->len ? next_cp(n->s + i + 1, n->len - i - 1, &w) : 0;
			if (wide(last_cp(out, o)) && wide(after))
				changed = true;
			else
				out[o++] = ' ';
			i++, j = k;
		} else if (j < e && *j == c) {
			out[o++] = c;
			i++, j++;
		} else if (j < e && (blank(*j) || line_end(*j))) {
			j++; /* indentation, or the second break of a blank line */
		} else {
			return NULL; /* not the text this value came from: leave it alone */
		}
	}
	out[o] = '\0';
	return changed ? out : NULL;
}

void kr_comment_hint(kr_diags *d, const char *name, const char *src, size_t len,
		     const kr_node *v, const char *key)
{
	if (!src || v->type != KR_N_SCALAR || v->style != KR_S_PLAIN || v->aliased || v->end > len)
		return;
	const char *p = src + v->end, *e = src + len;
	while (p < e && blank(*p))
		p++;
	/* "#1", "#子育て": a '#' right before a word reads as text; "# note" as a comment. */
	if (p + 1 >= e || *p != '#' || blank(p[1]) || line_end(p[1]) || p[1] == '#')
		return;
	const char *ls = src + v->start;
	while (ls > src && !line_end(ls[-1]))
		ls--;
	const char *eol = p;
	while (eol < e && !line_end(*eol))
		eol++;
	span l = {ls, (size_t)(eol - ls)};
	bool empty = v->start == v->end || kr_node_is_null(v);
	const char *from = empty ? p : src + v->start;
	char *fix = with_quoted_value(l, (size_t)(from - ls));
	size_t cn = (size_t)(eol - p);
	while (cn && blank(p[cn - 1]))
		cn--;
	char *comment = malloc(cn + 1);
	if (!comment)
		kr_oom();
	snprintf(comment, cn + 1, "%.*s", (int)cn, p);
	if (empty)
		kr_diag(d, name, KR_LOC(v->loc.line, byte_col(l, (size_t)(p - ls))), KR_D_COMMENT,
			"'%s' is empty because YAML reads '%s' as a comment (a '#' after a space starts "
			"one); if it is the text, put it in quotes: %s",
			key, comment, fix);
	else
		kr_diag(d, name, v->loc, KR_D_COMMENT,
			"the text of '%s' ends before '%s': a '#' after a space starts a comment in "
			"YAML, so the rest of the line is left out; if it belongs to the text, put the "
			"whole text in quotes: %s",
			key, comment, fix);
	free(comment);
	free(fix);
}

/* What YAML did that the person writing a handout did not mean, said in plain words: the common
 * causes of syntax errors (an unquoted % or @, ": " inside a text, a key indented one level too
 * far or too little, indentation with tabs or full-width spaces, a full-width colon), a '#' that
 * made the rest of a text a comment, and the spaces YAML folding puts between Japanese
 * characters of a paragraph written over several lines. */
#ifndef KR_YAMLHINT_H
#define KR_YAMLHINT_H

#include "arena.h"
#include "diag.h"
#include "yamltree.h"

/* A syntax error as libyaml reports it: its wording, and where (0-based lines, columns in
 * characters); context_line is -1 when libyaml gives no context. */
typedef struct {
	const char *problem, *context;
	int line, col;
	int context_line, context_col;
} kr_yaml_error;

/* Records one KR_D_YAML error for e in the text buf (len bytes, as parsed): a plain-language
 * explanation with the fix when a common mistake explains it, else libyaml's own words. */
void kr_yaml_explain(kr_diags *d, const char *name, const char *buf, size_t len,
		     const kr_yaml_error *e);

/* A key that starts with a full-width space (U+3000) is a line indented with one: records the
 * KR_D_YAML error saying so and returns true; false for any other key. */
bool kr_key_indent_hint(kr_diags *d, const char *name, const kr_node *key);

/* Warns (KR_D_COMMENT) when a plain text value of key is followed on its line by a '#' that
 * YAML took for a comment although it looks like part of the text ("#1", "#子育て"), or when such
 * a comment left the value empty.  src is the handout's text (NULL: nothing is checked). */
void kr_comment_hint(kr_diags *d, const char *name, const char *src, size_t len,
		     const kr_node *value, const char *key);

/* The value of a plain or folded scalar written over several lines, without the spaces that
 * YAML folding put at the line breaks between two wide (Japanese) characters; spaces the author
 * typed stay.  Returns NULL when nothing changes (or src is NULL). */
char *kr_unfold(kr_arena *a, const char *src, size_t len, const kr_node *n);

#endif

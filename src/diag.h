/* Diagnostics: a catalogue of every message kpireport can give, and one collector that records
 * them with file, line and column, sorts them and prints them GNU-style:
 *     FILE:LINE:COL: error: MESSAGE
 * The catalogue (KR_DIAG_LIST) is the single list the man page documents.
 *
 * Ownership: a kr_diags owns copies of every message and file name; kr_diags_free() frees them. */
#ifndef KR_DIAG_H
#define KR_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

enum kr_level { KR_WARNING, KR_ERROR };

/* X(id, level, summary): the summary is what docs list; the message itself names the values. */
#define KR_DIAG_LIST(X)                                                                       \
	/* reading the file */                                                                \
	X(READ, KR_ERROR, "the file cannot be read")                                          \
	X(TOO_LARGE, KR_ERROR, "the file is larger than the size limit")                      \
	X(UTF8, KR_ERROR, "the file is not valid UTF-8")                                      \
	X(CONTROL, KR_ERROR, "a control character, NUL or noncharacter in the text")           \
	X(YAML, KR_ERROR, "YAML syntax error (with the likely cause: a tab or full-width space "   \
			  "in the indentation, a full-width colon, an unquoted % or @, ': ' in a "  \
			  "text, a key indented too far or too little)")                            \
	X(COMMENT, KR_WARNING, "a '#' in a text made the rest of the line a comment")            \
	X(DEPTH, KR_ERROR, "nesting deeper than the limit")                                   \
	X(ALIASES, KR_ERROR, "aliases expand beyond the limit")                               \
	X(SCALAR_SIZE, KR_ERROR, "a single value longer than the limit")                      \
	X(TOO_LONG, KR_ERROR, "a text longer than a spreadsheet cell or its place on the page holds") \
	X(NODES, KR_ERROR, "more values than the limit")                                      \
	X(DOCUMENTS, KR_ERROR, "more than one YAML document in the file")                     \
	/* structure */                                                                       \
	X(TOP_LEVEL, KR_ERROR, "the top level is not a mapping")                              \
	X(UNKNOWN_KEY, KR_ERROR, "a key the format does not define")                          \
	X(DUPLICATE_KEY, KR_ERROR, "a key given twice in one mapping")                        \
	X(MISSING_KEY, KR_ERROR, "a required key is missing")                                 \
	X(TYPE, KR_ERROR, "a value of the wrong type")                                        \
	X(EMPTY, KR_ERROR, "a required text or list is empty")                                \
	X(VERSION, KR_ERROR, "an unsupported format version")                                 \
	/* values */                                                                          \
	X(MONEY, KR_ERROR, "a yen amount that is not a whole number >= 0")                    \
	X(NUMBER, KR_ERROR, "a value that is not a finite number in range")                   \
	X(INTEGER, KR_ERROR, "a value that is not an integer in range")                       \
	X(DATE, KR_ERROR, "a date that is not a real YYYY-MM-DD date (or YYYY-MM month)")     \
	X(CHOICE, KR_ERROR, "a value that is not one of its scale or of the allowed words")   \
	X(SCALE, KR_ERROR, "a scale with too few, too many or repeated entries")              \
	X(NO_SCALE, KR_ERROR, "a rating or policy used without its scale")                    \
	X(GRANT_COST, KR_ERROR, "a grant larger than the cost")                               \
	X(SUBPROJECT_SUM, KR_ERROR, "subproject costs that do not add up to the project's")   \
	X(OVERFLOW, KR_ERROR, "a total that does not fit in 64 bits")                         \
	X(KPI_TARGET, KR_ERROR, "a KPI target that is missing, doubled or out of range")      \
	X(KPI_BASELINE, KR_ERROR, "a KPI baseline on the wrong side of the target")           \
	X(KPI_ACTUAL, KR_ERROR, "a negative KPI actual value")                                \
	X(LONG_TERM, KR_ERROR, "a long-term target that is not after the fiscal year")        \
	X(EXTRA, KR_ERROR, "an extra text the template does not declare")                     \
	X(CITY_CODE, KR_ERROR, "a municipality code that is not a 全国地方公共団体コード")      \
	/* templates and fonts */                                                             \
	X(TEMPLATE, KR_ERROR, "the template is missing or invalid")                           \
	X(FONT, KR_ERROR, "the template's font is missing or unusable")                       \
	X(FALLBACK_FONT, KR_WARNING, "a fallback font of the template is missing or unusable") \
	X(GLYPH, KR_WARNING, "a character the font cannot draw, rendered as 〓")              \
	X(VARIANT, KR_WARNING, "a variation sequence whose variant no font has; the base is drawn") \
	X(TEXT_FORM, KR_WARNING, "half-width katakana or full-width digits in a text")         \
	X(MEETING_DATE, KR_WARNING, "a meeting date before the fiscal year it reports on")    \
	X(UNPRINTED, KR_WARNING, "a field given that the template does not print in the PDF")  \
	/* merging returned workbooks */                                                      \
	X(WORKBOOK, KR_ERROR, "a workbook that cannot be read: damaged, hostile or too large") \
	X(FOREIGN, KR_ERROR, "a workbook that was not made from this handout")                \
	X(STALE, KR_ERROR, "a workbook row whose project or KPI the handout no longer has")   \
	X(CONFLICT, KR_ERROR, "a value changed both in the handout and in a workbook")        \
	X(CELL_VALUE, KR_ERROR, "a typed value that cannot be read as the field needs")       \
	X(PATCH, KR_ERROR, "a value that cannot be changed in place in the YAML")             \
	X(LOCKED_CELL, KR_WARNING, "a locked cell that was changed; it is ignored")           \
	X(NORMALISED, KR_WARNING, "a typed value that was read in a normalised form")         \
	/* output */                                                                          \
	X(WRITE, KR_ERROR, "an output file cannot be written")                                \
	X(RENDER, KR_ERROR, "a renderer failed")                                              \
	X(NO_DEPARTMENTS, KR_WARNING, "--per-department given for a handout that names no department") \
	X(PAGES, KR_ERROR, "a PDF beyond the page limit, or a title or header taller than a page")                                              \
	X(LIBRARY, KR_WARNING, "a library's own warning while an output was written")

enum kr_diag_id {
#define X(id, level, summary) KR_D_##id,
	KR_DIAG_LIST(X)
#undef X
	KR_D_COUNT
};

typedef struct kr_diags kr_diags;

kr_diags *kr_diags_new(void);
void kr_diags_free(kr_diags *d); /* NULL is fine */

/* Records a message.  file may be NULL (a message about the program, not a file); loc.line == 0
 * means no position.  The level comes from the catalogue.  fmt is the English message, a whole
 * sentence, translated here (i18n.h); arguments are values from the input, never words. */
void kr_diag(kr_diags *d, const char *file, kr_loc loc, enum kr_diag_id id, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void kr_vdiag(kr_diags *d, const char *file, kr_loc loc, enum kr_diag_id id, const char *fmt,
	      va_list ap);

size_t kr_diags_errors(const kr_diags *d);
/* How many messages of one kind were recorded (flushed ones included). */
size_t kr_diags_count(const kr_diags *d, enum kr_diag_id id);
size_t kr_diags_warnings(const kr_diags *d);

/* At most this many messages are kept between flushes (the rest are counted, and the flush
 * says how many it left out): a hostile file with a million unknown keys stays cheap. */
#define KR_MAX_MESSAGES 1000

/* Prints what was recorded since the last flush, sorted by file (first-seen order), line and
 * column, then forgets it (the counts stay). */
void kr_diags_flush(kr_diags *d, FILE *out);

/* Names file before any message of it: its messages then sort before those of files named later
 * (a command that records a file's messages elsewhere first and moves them in at its end). */
void kr_diags_file(kr_diags *d, const char *file);

/* Moves every message and count of src into d (src is left empty): a renderer on its own
 * thread records into a collector of its own. */
void kr_diags_move(kr_diags *d, kr_diags *src);

/* Catalogue lookups (for docs and tests). */
const char *kr_diag_name(enum kr_diag_id id);
const char *kr_diag_summary(enum kr_diag_id id);
enum kr_level kr_diag_level(enum kr_diag_id id);

#endif

/* The cell layer: what each field of a project shows, decided once for every output format.
 *
 * (project, column) -> a cell: blocks of lines of runs, each run a piece of text with its role (a
 * label, a value, its unit, a mark for an absent value, a verdict …) and where it came from.  How
 * a value is written (thousands, 和暦, 【】, ※, the marks, the verdict words, which lines a KPI
 * block has) is decided here and nowhere else; the PDF lays the lines out, the workbook joins them
 * into cells, the HTML marks them up, the CSV and `dump --cells` read the same words.
 *
 * Ownership: cells, lines, runs and their strings live in the arena of the kr_cells that made
 * them; the model and the template are only read, so renderers on different threads each use a
 * kr_cells of their own. */
#ifndef KR_CELLS_H
#define KR_CELLS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "model.h"
#include "template.h"

#define KR_ROLE_LIST(X)                                                                   \
	X(TEXT, "text")               /* text from the input */                          \
	X(LABEL, "label")             /* a template label before a value: 【KPI】 */     \
	X(VALUE, "value")             /* a figure written for reading: 17,420 */         \
	X(UNIT, "unit")               /* the KPI's unit after its value */               \
	X(DATE, "date")               /* a date or fiscal year: 平成29年3月, H31 */      \
	X(MARK, "mark")               /* stands for an absent value: _ ― 未確定 */       \
	X(ACHIEVEMENT, "achievement") /* 達成率 as a percentage: 174.2% */               \
	X(VERDICT, "verdict")         /* 達成 / 未達成 */                                \
	X(PUNCT, "punct")             /* brackets and spaces around a value: 【 】 ( ) */ \
	X(PROMPT, "prompt")           /* the committee prompt, written over by hand */

enum kr_role {
#define X(id, name) KR_ROLE_##id,
	KR_ROLE_LIST(X)
#undef X
	KR_ROLE_COUNT
};

typedef struct {
	enum kr_role role;
	const char *s; /* UTF-8, never empty */
	bool input;    /* s is input text at loc; else it comes from the template or is made here */
	kr_loc loc;
} kr_run;

#define KR_LINE_KIND_LIST(X)                                                                \
	X(PLAIN, "plain")             /* text that wraps */                                \
	X(ITEM, "item")               /* an item of a list: the marker (・) hangs before it */ \
	X(NUMBERED, "numbered")       /* a project's name: its number hangs before it */   \
	X(NOTE, "note")               /* a note: ※ hangs before it, set small */           \
	X(ACHIEVEMENT, "achievement") /* 達成率 then the verdict (a bar may go between) */  \
	X(AMOUNT, "amount")           /* a figure that is never broken across lines */     \
	X(PROMPT, "prompt")           /* small and grey, with room to write under it */

enum kr_line_kind {
#define X(id, name) KR_LINE_##id,
	KR_LINE_KIND_LIST(X)
#undef X
	KR_LINE_KIND_COUNT
};

typedef struct {
	enum kr_line_kind kind;
	const char *marker; /* what hangs before the line: "・", "※", "1 ", "(1)"; or NULL */
	kr_run *runs;
	size_t n, cap;
} kr_cline;

enum kr_block_kind {
	KR_BLOCK_LINE,  /* one line standing alone: a name, a figure, a mark, a heading */
	KR_BLOCK_PARAS, /* paragraphs of text, one line each */
	KR_BLOCK_LIST,  /* a bulleted list, one KR_LINE_ITEM per item */
	KR_BLOCK_KPI,   /* one KPI: its lines in the order of kr_cells.kpi_lines */
};

typedef struct {
	enum kr_block_kind kind;
	bool heading;      /* a choice shown above its text: 【方針】, the committee's rating */
	bool apart;        /* set apart from the block before it, as paragraphs are */
	const kr_kpi *kpi; /* KR_BLOCK_KPI */
	kr_cline *lines;
	size_t n, cap;
} kr_cblock;

typedef struct {
	enum kr_field field;
	kr_cblock *blocks; /* none: the cell is empty */
	size_t n, cap;
} kr_cell;

/* What the cells are made for.  A field that has a column of its own in cols (the number, the
 * grant programme) is not repeated inside the name. */
typedef struct {
	const kr_doc *doc;
	const kr_template *t;
	kr_arena *a;
	const kr_column *cols;
	size_t n_cols;
	const enum kr_kpi_line *kpi_lines; /* the lines of a KPI block */
	size_t n_kpi_lines;
} kr_cells;

/* Cells for a table of the given columns, KPI blocks with the template's kpi_lines. */
kr_cells kr_cells_for(const kr_doc *doc, kr_arena *a, const kr_column *cols, size_t n_cols);

/* What column col shows for project p. */
kr_cell kr_cell_of(const kr_cells *c, const kr_project *p, const kr_column *col);

/* A project's name as one line: numbered ("1 ", "(1)") when numbered is true and the project has
 * a number to show (a subproject, or a project whose input gives one). */
kr_cline kr_cells_name(const kr_cells *c, const kr_project *p, bool numbered);

/* One line of a KPI block; false when the KPI has nothing for that line. */
bool kr_cells_kpi_line(const kr_cells *c, const kr_kpi *k, enum kr_kpi_line which, kr_cline *out);

/* A line's text: the marker, then the runs, joined.  A cell's text: its lines joined by "\n"
 * (what one spreadsheet cell holds); NULL for an empty cell. */
const char *kr_cline_text(const kr_cells *c, const kr_cline *l);
const char *kr_cell_text(const kr_cells *c, const kr_cell *cell);
/* The text of the cell's blocks that are not headings (a choice's reason, a comment). */
const char *kr_cell_body_text(const kr_cells *c, const kr_cell *cell);

/* Texts as one cell holds them: items one a line, each with its ・ when markers is true (and
 * the texts are bullets); NULL when there are none. */
const char *kr_cells_texts(const kr_cells *c, const kr_texts *t, bool markers);

/* The words the outputs share. */
const char *kr_cells_money(const kr_cells *c, int64_t yen); /* "43,187,320", or 千円 rounded */
const char *kr_cells_verdict(const kr_cells *c, const kr_kpi *k); /* 達成 / 未達成 / "" */
const char *kr_cells_direction(const kr_cells *c, const kr_kpi *k); /* 増加 / 減少 */
const char *kr_cells_due(const kr_cells *c, const kr_date *due); /* 平成29年3月(1日) */
const char *kr_cells_session(const kr_cells *c);      /* "第1回", or NULL */
const char *kr_cells_meeting_date(const kr_cells *c); /* "平成29年7月3日(月)", or NULL */
/* "第1回　委員会　資料1　平成29年7月3日(月)": the facts there are, or NULL. */
const char *kr_cells_meeting_line(const kr_cells *c);
/* A scale's entry as a legend shows it: "label（criterion）". */
kr_cline kr_cells_choice(const kr_cells *c, const kr_choice *ch);
/* A legend printed after the table: its title and its scale. */
typedef struct {
	const char *title;
	const kr_scale *scale;
} kr_legend;
#define KR_LEGENDS_MAX 3
/* The legends after the table, in order: the ratings when a column shows them, the committee's
 * own scale when some committee rating is given, the policies when a column shows them. */
size_t kr_cells_legends(const kr_cells *c, kr_legend out[KR_LEGENDS_MAX]);
/* The document's note i, with its ※. */
kr_cline kr_cells_note(const kr_cells *c, size_t i);

/* The extra text a project gives under key, or NULL. */
const kr_texts *kr_project_extra(const kr_project *p, const char *key);
/* Whether the columns include one showing field f. */
bool kr_columns_have(const kr_column *cols, size_t n, enum kr_field f);

const char *kr_role_name(enum kr_role r);
const char *kr_line_kind_name(enum kr_line_kind k);

#endif

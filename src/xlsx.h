/* Internal interface of the xlsx renderer (render_xlsx.c, xlsx_projects.c, xlsx_kpis.c): the
 * state of one workbook being written, its shared cell formats, and small helpers that turn every
 * libxlsxwriter error into one kpireport diagnostic.
 *
 * Ownership: a kr_xw lives on kr_render_xlsx()'s stack; strings it makes live in its scratch
 * arena, freed when the render ends.  The model and template are only read. */
#ifndef KR_XLSX_H
#define KR_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "cells.h"
#include "render.h"

/* Cell styles of the tables.  Each exists locked (structure, formulas) and unlocked (input). */
enum kr_xf {
	KR_XF_TEXT,       /* wrapped text, top-left */
	KR_XF_TEXT_SUB,   /* a subproject's name: indented */
	KR_XF_CENTER,     /* short text, centred */
	KR_XF_MONEY,      /* #,##0 (or #,##0, for 千円) */
	KR_XF_PCT,        /* 0.0% */
	KR_XF_NUM0,       /* #,##0 ... KR_XF_NUM0 + 6: #,##0.000000 */
	KR_XF_NUM6 = KR_XF_NUM0 + 6,
	KR_XF_PROMPT,     /* a grey prompt the reader overwrites */
	KR_XF_COUNT
};

/* One cell the merge reads back or checks (docs/merge.md), listed on the identity sheet. */
typedef struct {
	const char *sheet;   /* the sheet's name */
	lxw_row_t row;
	lxw_col_t col;
	const char *key;     /* the row's key: "p1", "p1.s2", "p1.s2.k1" (1-based indexes) */
	const char *field;   /* YAML key under the row's node: "actual", "policy.choice", "extra.k" */
	bool input;          /* unlocked for the departments */
	const char *base;    /* the value exported: the handout's, or for a locked cell its text */
	const char *name;    /* the project's or KPI's name at export (a stale row is noticed) */
	int scale;           /* money: yen per unit of the cell (1, or 1000 for a 千円 cell) */
	const char *blank;   /* a text the cell shows for "no value" (the committee prompt, "-") */
	const char *cont;    /* NULL, or how this cell continues the field's text of the cell noted
	                      * before it: "item" (after a line break) or "text" (docs/merge.md) */
} kr_xw_ident;

typedef struct {
	const kr_render_ctx *rc;
	const kr_doc *doc;
	const kr_template *t;
	lxw_workbook *wb;
	kr_arena *arena; /* scratch */
	kr_cells cells;      /* what the projects sheet's cells show (KPI blocks: names only) */
	bool failed;     /* a diagnostic was recorded */

	double font_size; /* cell font size, points */
	const char *pct_format; /* "0.0%;\▲0.0%": a negative rate with the template's mark */
	double char_pt;   /* one column width unit, points */
	lxw_format *xf[KR_XF_COUNT][2]; /* [style][unlocked] */
	lxw_format *head, *group, *title, *subtitle, *total_text, *total_money, *total_pct;
	lxw_format *info_key, *info_val, *info_date;
	lxw_format *cf_low, *cf_met, *cf_not_met; /* conditional (dxf) formats */

	/* Dropdown sources on the info sheet, "='会議情報'!$B$12:$B$15"; NULL for an empty scale. */
	const char *list_ratings, *list_committee, *list_policies;
	/* Quoted sheet names for formulas: "'事業一覧'". */
	const char *q_projects, *q_kpis, *q_info;
	lxw_worksheet *ws_kpis;
	lxw_row_t kpi_first_row, kpi_last_row; /* data rows of the KPI sheet (last < first: none) */
	lxw_col_t kpi_col_name, kpi_col_ok, kpi_col_low, kpi_col_line;

	/* The identity sheet's rows, and the hidden key column of each data sheet. */
	kr_xw_ident *ident;
	size_t n_ident, cap_ident;
	lxw_col_t key_col_projects, key_col_kpis;
} kr_xw;

/* xlsx_charts.c: rewrites the charts of the workbook at path so that their text takes the cell
 * font for Japanese too, in regular weight; records KR_D_WRITE (naming shown) and returns false
 * when it cannot (the workbook at path is then as libxlsxwriter wrote it). */
bool kr_xw_fix_charts(const char *path, kr_diags *d, const char *shown);

/* An amount as a money cell holds it: yen, or thousands of yen when the template's money_unit is
 * thousand (the header says 千円 and what a department types is read as thousands). */
double kr_xw_money(const kr_xw *x, int64_t yen);

/* Records a KR_D_RENDER error with libxlsxwriter's reason and returns false when err is not
 * LXW_NO_ERROR (only the first failure is reported). */
bool kr_xw_ok(kr_xw *x, lxw_error err);
/* Records a KR_D_RENDER error; fmt is the whole message. */
void kr_xw_fail(kr_xw *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes user text as a string (never a formula), or a formatted blank when s is NULL or empty. */
bool kr_xw_text(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		lxw_format *f);
/* A formula with its cached number, or with an empty cached string when has is false. */
bool kr_xw_formula(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
		   lxw_format *f, bool has, double value);
bool kr_xw_formula_str(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		       const char *formula, lxw_format *f, const char *value);

/* "B7", "$B$7": into buf of KR_XW_CELL bytes. */
#define KR_XW_CELL 24
const char *kr_xw_cell(char *buf, lxw_row_t r, lxw_col_t c);
const char *kr_xw_cell_abs(char *buf, lxw_row_t r, lxw_col_t c);
/* "'KPI'!$C$3:$C$9" in the scratch arena. */
const char *kr_xw_range(kr_xw *x, const char *qsheet, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
			lxw_col_t c2);

/* The projects sheet's width is chosen so that, fitted to the printable width of the page, it
 * prints at about this scale: cells stay readable on paper. */
#define KR_XW_PRINT_SCALE 0.78

/* Column widths: points -> Excel character units (units of the default font's digit width). */
double kr_xw_width_chars(const kr_xw *x, double points);
/* Points of text that fit on one line of a column that many characters wide. */
double kr_xw_text_width(const kr_xw *x, double chars);

/* Row heights.  A kr_xw_row collects the height each wrapped cell of one row needs. */
typedef struct {
	double height; /* points */
} kr_xw_row;
void kr_xw_row_init(kr_xw *x, kr_xw_row *row);
/* Makes the row tall enough for s wrapped in a column of chars characters. */
void kr_xw_row_fit(kr_xw *x, kr_xw_row *row, const char *s, double chars);
bool kr_xw_row_set(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, const kr_xw_row *row);
/* The tallest a row may be: a spreadsheet's 409 pt, and what a printed page holds under the
 * repeated header rows (head points tall) at the scale the sheet prints at. */
double kr_xw_row_max(const kr_xw *x, double head);

/* How many wrapped lines a row of that height holds. */
size_t kr_xw_lines_in(const kr_xw *x, double height);

/* A text too tall for one row, cut into parts of at most max_lines wrapped lines each (at a line
 * break between items where one falls in the second half of a part, else between two lines of
 * a paragraph).  Part j > 0 continues part j - 1 after a line break (item) or directly (!item);
 * joined so, the parts give the text back byte for byte. */
typedef struct {
	const char *text;
	size_t lines;
	bool item;
} kr_xw_part;
/* Returns the number of parts (1: s fits) and *parts (arena). */
size_t kr_xw_split(kr_xw *x, const char *s, double chars, size_t max_lines, kr_xw_part **parts);

/* Height of one text line at the cell font size. */
double kr_xw_line_height(const kr_xw *x);

/* Page set-up shared by every sheet: A4 landscape, margins, fit to one page wide (and tall when
 * one_page), repeated header rows (none when repeat_last < repeat_first), footer with the title
 * and page n / N. */
bool kr_xw_page_setup(kr_xw *x, lxw_worksheet *ws, lxw_row_t repeat_first, lxw_row_t repeat_last,
		      bool one_page);
/* Sheet protection: formulas and structure locked, unlocked cells editable, filters usable. */
void kr_xw_protect(kr_xw *x, lxw_worksheet *ws);

/* The document title and the meeting line in the first two rows of a sheet. */
bool kr_xw_title_block(kr_xw *x, lxw_worksheet *ws);

/* A dropdown over rows r1..r2 of column c from the range list (NULL: nothing to do). */
bool kr_xw_dropdown(kr_xw *x, lxw_worksheet *ws, lxw_row_t r1, lxw_row_t r2, lxw_col_t c,
		    const char *list, const char *what);

/* The sheets, in the order the workbook shows them (the info sheet is written first so that the
 * dropdown ranges are known). */
bool kr_xw_projects_sheet(kr_xw *x, lxw_worksheet *ws);
bool kr_xw_kpis_sheet(kr_xw *x, lxw_worksheet *ws);
bool kr_xw_chart_sheet(kr_xw *x, lxw_worksheet *ws);

/* The hidden sheet that makes a workbook mergeable (docs/merge.md). */
#define KR_XW_IDENT_SHEET "kpireport"

/* The merge identity (xlsx_ident.c).  The row key of a project or subproject ("p1", "p1.s2") or
 * of one of its KPIs (kpi >= 0: "p1.s2.k1"). */
const char *kr_xw_key(kr_xw *x, const kr_project *p, long kpi);
/* Whether p's cells are input in this workbook: always, or in a department's own workbook
 * when p belongs to that department. */
bool kr_xw_editable(const kr_xw *x, const kr_project *p);
/* Notes one cell for the identity sheet. */
void kr_xw_ident_add(kr_xw *x, const kr_xw_ident *id);
/* Notes the cell of column i of a projects-sheet row with what it showed (shown: the text
 * written, NULL for numbers and formulas).  field names the template column's field. */
/* Notes cell (r, c) as part `part` (2, 3 …) of the text of the cell noted last, on a
 * continuation row whose key column holds key#part; item: it starts after a line break. */
void kr_xw_ident_part(kr_xw *x, lxw_row_t r, lxw_col_t c, size_t part, bool item);
void kr_xw_ident_project(kr_xw *x, const char *sheet, lxw_row_t r, lxw_col_t c,
			 const kr_project *p, int field, int part, const char *extra_key,
			 const char *shown, bool cost_formula);
/* The hidden identity sheet: which handout, and every noted cell with its exported value. */
bool kr_xw_ident_sheet(kr_xw *x, lxw_worksheet *ws);

/* s between quote characters, each quote inside doubled: a formula's string literal ("…") or
 * sheet name ('…'). */
const char *kr_xw_quoted(kr_xw *x, const char *s, char quote);

#endif

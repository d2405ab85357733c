/* The xlsx renderer: an editable workbook (libxlsxwriter) with the projects, the KPIs with live
 * achievement formulas, a chart and the meeting information that feeds the dropdowns.  This file
 * holds the workbook, its formats, the shared helpers and the information sheet; the tables are in
 * xlsx_projects.c and xlsx_kpis.c. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "wareki.h"
#include "xlsx.h"

/* Colours: a quiet blue-grey header, a pale cream for the cells a department fills in. */
#define KR_XW_HEAD_FILL 0xDCE3EE
#define KR_XW_GROUP_FILL 0xC9D3E3
#define KR_XW_INPUT_FILL 0xFFFBE8
#define KR_XW_BORDER 0x7F7F7F
#define KR_XW_TOTAL_FILL 0xEEF1F6

/* Text measuring, as measured with LibreOffice 7.4: a column of width w (Excel character units,
 * which libxlsxwriter stores as w + 5/7) is (w + 5/7) times the advance of the default font's
 * digit zero wide; text starts about a point inside the cell; the lines of a wrapped cell are one
 * font size apart for IPAexGothic.  Excel rounds the digit width down to whole pixels and spaces
 * lines a little wider, so lines are measured slightly narrower and taller than LibreOffice sets
 * them. */
#define KR_XW_WIDTH_SAFETY 1.0  /* share of the column a line may fill */
#define KR_XW_CELL_PAD 2.5      /* points of a line's width lost to the cell's inner margins */
#define KR_XW_LINE_FACTOR 1.1   /* line height / font size */
#define KR_XW_ROW_PAD 3.0       /* points above and below the text */
#define KR_XW_ROW_MAX 409.0    /* the largest row height a spreadsheet accepts */

/* ------------------------------------------------------------------------------------------ */
/* Errors */

void kr_xw_fail(kr_xw *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kr_vdiag(x->rc->diags, x->rc->final_path, KR_NO_LOC, KR_D_RENDER, fmt, ap);
	va_end(ap);
	x->failed = true;
}

bool kr_xw_ok(kr_xw *x, lxw_error err)
{
	if (err == LXW_NO_ERROR)
		return true;
	if (!x->failed)
		kr_xw_fail(x, "cannot write the workbook: %s", lxw_strerror(err));
	x->failed = true;
	return false;
}

/* ------------------------------------------------------------------------------------------ */
/* Cells */

bool kr_xw_text(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		lxw_format *f)
{
	if (!s || !*s)
		return kr_xw_ok(x, worksheet_write_blank(ws, r, c, f));
	/* worksheet_write_string stores "=1+1" or "@SUM(A1)" as text: user text is never a formula. */
	return kr_xw_ok(x, worksheet_write_string(ws, r, c, s, f));
}

bool kr_xw_formula(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
		   lxw_format *f, bool has, double value)
{
	if (!has)
		return kr_xw_formula_str(x, ws, r, c, formula, f, "");
	return kr_xw_ok(x, worksheet_write_formula_num(ws, r, c, formula, f, value));
}

bool kr_xw_formula_str(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		       const char *formula, lxw_format *f, const char *value)
{
	return kr_xw_ok(x, worksheet_write_formula_str(ws, r, c, formula, f, value));
}

const char *kr_xw_cell(char *buf, lxw_row_t r, lxw_col_t c)
{
	lxw_rowcol_to_cell(buf, r, c);
	return buf;
}

const char *kr_xw_cell_abs(char *buf, lxw_row_t r, lxw_col_t c)
{
	lxw_rowcol_to_cell_abs(buf, r, c, 1, 1);
	return buf;
}

const char *kr_xw_range(kr_xw *x, const char *qsheet, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
			lxw_col_t c2)
{
	char a[KR_XW_CELL], b[KR_XW_CELL];
	return kr_sprintf(x->arena, "=%s!%s:%s", qsheet, kr_xw_cell_abs(a, r1, c1),
			  kr_xw_cell_abs(b, r2, c2));
}

const char *kr_xw_quoted(kr_xw *x, const char *s, char quote)
{
	size_t n = strlen(s), q = 0;
	for (size_t i = 0; i < n; i++)
		q += s[i] == quote;
	char *buf = kr_alloc(x->arena, n + q + 3), *p = buf;
	*p++ = quote;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == quote)
			*p++ = quote;
		*p++ = s[i];
	}
	*p++ = quote;
	*p = '\0';
	return buf;
}

/* A sheet name quoted for formulas: 'name' with ' doubled. */
static const char *quote_sheet(kr_xw *x, const char *name)
{
	return kr_xw_quoted(x, name, '\'');
}

double kr_xw_money(const kr_xw *x, int64_t yen)
{
	return x->t->money_thousands ? (double)yen / 1000.0 : (double)yen;
}

/* ------------------------------------------------------------------------------------------ */
/* Widths and heights */

double kr_xw_width_chars(const kr_xw *x, double points)
{
	double w = points / x->char_pt - 5.0 / 7.0;
	return w > 1 ? w : 1;
}

double kr_xw_text_width(const kr_xw *x, double chars)
{
	double w = (chars + 5.0 / 7.0) * x->char_pt * KR_XW_WIDTH_SAFETY - KR_XW_CELL_PAD;
	return w > 1.0 ? w : 1.0;
}

double kr_xw_line_height(const kr_xw *x)
{
	return x->font_size * KR_XW_LINE_FACTOR;
}

void kr_xw_row_init(kr_xw *x, kr_xw_row *row)
{
	row->height = kr_xw_line_height(x) + 2 * KR_XW_ROW_PAD;
}

void kr_xw_row_fit(kr_xw *x, kr_xw_row *row, const char *s, double chars)
{
	if (!s || !*s)
		return;
	double w = kr_xw_text_width(x, chars);
	kr_lines lines = {0};
	kr_wrap_with(x->rc->breaker, x->rc->font, x->font_size, s, strlen(s), w, w, &lines);
	size_t n = lines.n ? lines.n : 1;
	kr_lines_free(&lines);
	double h = (double)n * kr_xw_line_height(x) + 2 * KR_XW_ROW_PAD;
	if (h > row->height)
		row->height = h;
}

size_t kr_xw_lines_in(const kr_xw *x, double height)
{
	double n = (height - 2 * KR_XW_ROW_PAD) / kr_xw_line_height(x);
	return n >= 1 ? (size_t)n : 1;
}

double kr_xw_row_max(const kr_xw *x, double head)
{
	const kr_template *t = x->t;
	double bottom = t->margin_bottom < 0.45 * 72 ? 0.45 * 72 : t->margin_bottom;
	double page = (t->page_h - t->margin_top - bottom) / KR_XW_PRINT_SCALE - head - 24;
	return page < KR_XW_ROW_MAX ? page : KR_XW_ROW_MAX;
}

size_t kr_xw_split(kr_xw *x, const char *s, double chars, size_t max_lines, kr_xw_part **parts)
{
	double w = kr_xw_text_width(x, chars);
	kr_lines lines = {0};
	kr_wrap_with(x->rc->breaker, x->rc->font, x->font_size, s, strlen(s), w, w, &lines);
	size_t n = lines.n ? lines.n : 1, cap = max_lines ? max_lines : 1;
	/* A part cut at an item may hold only half of cap lines: n parts at most (one a line). */
	*parts = kr_alloc_array(x->arena, n + 1, sizeof **parts);
	size_t k = 0, at = 0, from = 0; /* line and byte where the part starts */
	bool item = false;
	while (at < n) {
		size_t cut = n;
		if (n - at > cap) {
			cut = at + cap;
			for (size_t b = cut; b > at + cap / 2; b--) /* an item's first line */
				if (lines.v[b].start > 0 && s[lines.v[b].start - 1] == '\n') {
					cut = b;
					break;
				}
		}
		size_t end = cut < n ? lines.v[cut].start : strlen(s);
		bool next_item = cut < n && end > 0 && s[end - 1] == '\n';
		(*parts)[k++] = (kr_xw_part){kr_strndup(x->arena, s + from, end - from - next_item),
					     cut - at, item};
		from = end, at = cut, item = next_item;
	}
	kr_lines_free(&lines);
	return k;
}

bool kr_xw_row_set(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, const kr_xw_row *row)
{
	double h = ceil(row->height * 4.0) / 4.0; /* quarter points, as spreadsheets store them */
	if (h > KR_XW_ROW_MAX)
		h = KR_XW_ROW_MAX;
	return kr_xw_ok(x, worksheet_set_row(ws, r, h, NULL));
}

/* ------------------------------------------------------------------------------------------ */
/* Page set-up and protection */

/* Appends s to the footer with & doubled (a literal & in a footer is "&&"), while fewer than
 * *room characters are left; returns the new end. */
static char *footer_append(char *p, const char *s, size_t *room)
{
	for (; *s; s++) {
		bool lead = (*s & 0xC0) != 0x80;
		size_t need = lead ? (*s == '&' ? 2 : 1) : 0;
		if (lead && need > *room)
			break;
		*room -= need;
		if (*s == '&')
			*p++ = '&';
		*p++ = *s;
	}
	return p;
}

/* &L the title, &R the template's footer with {page} -> &P and {pages} -> &N.  A footer holds at
 * most 255 characters: the page part is kept whole and the title cut to fit. */
static const char *footer(kr_xw *x)
{
	const char *tf = x->t->footer && *x->t->footer ? x->t->footer : "{page} / {pages}";
	const char *title = x->doc->title.s ? x->doc->title.s : "";
	char *right = kr_alloc(x->arena, strlen(tf) * 2 + 8), *q = right;
	size_t room = 120;
	memcpy(q, "&R&9", 4), q += 4;
	for (const char *s = tf; *s;) {
		if (strncmp(s, "{page}", 6) == 0) {
			memcpy(q, "&P", 2), q += 2, s += 6;
		} else if (strncmp(s, "{pages}", 7) == 0) {
			memcpy(q, "&N", 2), q += 2, s += 7;
		} else { /* one whole character at a time: a cut never splits one */
			char one[5] = {*s++, 0};
			for (size_t k = 1; k < 4 && (*s & 0xC0) == 0x80; k++)
				one[k] = *s++;
			q = footer_append(q, one, &room);
		}
	}
	*q = '\0';
	char *buf = kr_alloc(x->arena, strlen(title) * 2 + strlen(right) + 8), *p = buf;
	room = 255 - 4 - (size_t)(q - right);
	memcpy(p, "&L&9", 4), p += 4;
	p = footer_append(p, title, &room);
	strcpy(p, right);
	return buf;
}

bool kr_xw_page_setup(kr_xw *x, lxw_worksheet *ws, lxw_row_t repeat_first, lxw_row_t repeat_last,
		      bool one_page)
{
	const kr_template *t = x->t;
	worksheet_set_paper(ws, 9); /* A4 */
	if (t->page_w >= t->page_h)
		worksheet_set_landscape(ws);
	else
		worksheet_set_portrait(ws);
	/* Template margins are points; libxlsxwriter takes inches.  The footer sits in the bottom
	 * margin, so keep room for it. */
	double bottom = t->margin_bottom / 72.0;
	if (bottom < 0.45)
		bottom = 0.45;
	worksheet_set_margins(ws, t->margin_left / 72.0, t->margin_right / 72.0, t->margin_top / 72.0,
			      bottom);
	worksheet_fit_to_pages(ws, 1, one_page ? 1 : 0);
	worksheet_center_horizontally(ws);
	if (repeat_last >= repeat_first && repeat_last != (lxw_row_t)-1 &&
	    !kr_xw_ok(x, worksheet_repeat_rows(ws, repeat_first, repeat_last)))
		return false;
	lxw_header_footer_options o = {.margin = bottom * 0.45};
	return kr_xw_ok(x, worksheet_set_footer_opt(ws, footer(x), &o));
}

void kr_xw_protect(kr_xw *x, lxw_worksheet *ws)
{
	lxw_protection p = {
		.format_columns = 1, /* a department may widen a column or raise a row */
		.format_rows = 1,
		.autofilter = 1,
		.sort = 0,
	};
	const char *pw = x->t->xlsx_password;
	worksheet_protect(ws, pw && *pw ? pw : NULL, &p);
}

bool kr_xw_dropdown(kr_xw *x, lxw_worksheet *ws, lxw_row_t r1, lxw_row_t r2, lxw_col_t c,
		    const char *list, const char *what)
{
	if (!list || r2 < r1)
		return true;
	lxw_data_validation v = {
		.validate = LXW_VALIDATION_TYPE_LIST_FORMULA,
		.value_formula = (char *)list,
		.ignore_blank = LXW_VALIDATION_ON,
		.show_input = LXW_VALIDATION_ON,
		.show_error = LXW_VALIDATION_ON,
		.error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
		.input_title = (char *)what,
		.input_message = (char *)kr_sprintf(
			x->arena, "一覧から選んでください。選択肢は「%s」シートにあります。",
			x->t->sheet_info),
		.error_title = "選択肢にない値です",
		.error_message = "一覧にある選択肢から選んでください。",
	};
	return kr_xw_ok(x, worksheet_data_validation_range(ws, r1, c, r2, c, &v));
}

/* ------------------------------------------------------------------------------------------ */
/* Display strings */

bool kr_xw_title_block(kr_xw *x, lxw_worksheet *ws)
{
	const char *m = kr_cells_meeting_line(&x->cells);
	return kr_xw_text(x, ws, 0, 0, m, m ? x->subtitle : NULL) &&
	       kr_xw_text(x, ws, 1, 0, x->doc->title.s, x->title) &&
	       kr_xw_ok(x, worksheet_set_row(ws, 1, x->font_size * 1.8 + 4, NULL)) &&
	       kr_xw_ok(x, worksheet_set_row(ws, 2, 6, NULL));
}

/* ------------------------------------------------------------------------------------------ */
/* Formats */

static lxw_format *new_format(kr_xw *x)
{
	lxw_format *f = workbook_add_format(x->wb);
	if (!f) {
		kr_xw_fail(x, "cannot write the workbook: out of memory for a cell format");
		return NULL;
	}
	format_set_font_name(f, x->t->xlsx_font && *x->t->xlsx_font ? x->t->xlsx_font : "IPAexGothic");
	format_set_font_size(f, x->font_size);
	format_set_font_family(f, 3);   /* modern: what Japanese workbooks declare */
	format_set_font_charset(f, 128); /* SHIFTJIS_CHARSET: Japanese */
	return f;
}

static lxw_format *cell_format(kr_xw *x, bool unlocked)
{
	lxw_format *f = new_format(x);
	if (!f)
		return NULL;
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, KR_XW_BORDER);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (unlocked) {
		format_set_unlocked(f);
		format_set_bg_color(f, KR_XW_INPUT_FILL);
	}
	return f;
}

static const char *num_format(int decimals)
{
	static const char *const v[] = {"#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000",
					"#,##0.00000", "#,##0.000000"};
	return v[decimals];
}

/* The number format of a rate: a negative one with the template's mark instead of the minus,
 * each character of the mark escaped with a backslash (a literal in a number format). */
static const char *pct_format(kr_xw *x)
{
	const char *m = x->t->mark_negative;
	char *out = kr_alloc(x->arena, 2 * strlen(m) + 16), *o = out;
	o += sprintf(o, "0.0%%;");
	for (size_t i = 0, len = strlen(m); i < len;) {
		size_t at = i;
		kr_utf8_next(m, len, &i);
		*o++ = '\\';
		memcpy(o, m + at, i - at);
		o += i - at;
	}
	sprintf(o, "0.0%%");
	return out;
}

static bool make_formats(kr_xw *x)
{
	/* The workbook's default (Normal) font is the template's Japanese font, so empty cells,
	 * column widths and anything a department types use it too. */
	lxw_format *def = STAILQ_FIRST(x->wb->formats);
	format_set_font_name(def, x->t->xlsx_font && *x->t->xlsx_font ? x->t->xlsx_font : "IPAexGothic");
	format_set_font_size(def, x->font_size);
	format_set_font_family(def, 3);
	format_set_font_charset(def, 128);

	const char *money = "#,##0"; /* in the unit the header says (kr_xw_money) */
	x->pct_format = pct_format(x);
	for (int u = 0; u < 2; u++) {
		for (int s = 0; s < KR_XF_COUNT; s++) {
			lxw_format *f = cell_format(x, u);
			if (!f)
				return false;
			x->xf[s][u] = f;
			if (s == KR_XF_TEXT_SUB)
				format_set_indent(f, 1);
			else if (s == KR_XF_CENTER)
				format_set_align(f, LXW_ALIGN_CENTER);
			else if (s == KR_XF_MONEY)
				format_set_num_format(f, money);
			else if (s == KR_XF_PCT)
				format_set_num_format(f, x->pct_format);
			else if (s >= KR_XF_NUM0 && s <= KR_XF_NUM6)
				format_set_num_format(f, num_format(s - KR_XF_NUM0));
			else if (s == KR_XF_PROMPT)
				format_set_font_color(f, 0x808080);
			if (s == KR_XF_MONEY || s == KR_XF_PCT || (s >= KR_XF_NUM0 && s <= KR_XF_NUM6))
				format_set_align(f, LXW_ALIGN_RIGHT);
		}
	}
	lxw_format **heads[] = {&x->head, &x->group};
	for (int i = 0; i < 2; i++) {
		lxw_format *f = cell_format(x, false);
		if (!f)
			return false;
		format_set_bold(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
		format_set_bg_color(f, i ? KR_XW_GROUP_FILL : KR_XW_HEAD_FILL);
		*heads[i] = f;
	}
	lxw_format **totals[] = {&x->total_text, &x->total_money, &x->total_pct};
	for (int i = 0; i < 3; i++) {
		lxw_format *f = cell_format(x, false);
		if (!f)
			return false;
		format_set_bold(f);
		format_set_bg_color(f, KR_XW_TOTAL_FILL);
		format_set_top(f, LXW_BORDER_DOUBLE);
		if (i == 1)
			format_set_num_format(f, money);
		if (i == 2)
			format_set_num_format(f, x->pct_format);
		format_set_align(f, i ? LXW_ALIGN_RIGHT : LXW_ALIGN_CENTER);
		*totals[i] = f;
	}
	if (!(x->title = new_format(x)) || !(x->subtitle = new_format(x)))
		return false;
	format_set_bold(x->title);
	format_set_font_size(x->title, x->font_size + 3);
	format_set_font_color(x->subtitle, 0x404040);

	if (!(x->info_key = cell_format(x, false)) || !(x->info_val = cell_format(x, false)) ||
	    !(x->info_date = cell_format(x, false)))
		return false;
	format_set_bold(x->info_key);
	format_set_bg_color(x->info_key, KR_XW_HEAD_FILL);
	format_set_num_format(x->info_date, "yyyy/m/d");
	format_set_align(x->info_date, LXW_ALIGN_LEFT);

	/* Conditional formats: Excel's "light red fill with dark red text" and its green. */
	if (!(x->cf_low = workbook_add_format(x->wb)) || !(x->cf_met = workbook_add_format(x->wb)) ||
	    !(x->cf_not_met = workbook_add_format(x->wb))) {
		kr_xw_fail(x, "cannot write the workbook: out of memory for a cell format");
		return false;
	}
	format_set_font_color(x->cf_low, 0x9C0006);
	format_set_bg_color(x->cf_low, 0xFFC7CE);
	format_set_bold(x->cf_low);
	format_set_font_color(x->cf_not_met, 0x9C0006);
	format_set_bg_color(x->cf_not_met, 0xFFC7CE);
	format_set_bold(x->cf_not_met);
	format_set_font_color(x->cf_met, 0x006100);
	format_set_bg_color(x->cf_met, 0xC6EFCE);
	format_set_bold(x->cf_met);
	return true;
}

/* ------------------------------------------------------------------------------------------ */
/* The information sheet: meeting facts and the scales that feed the dropdowns. */

/* Writes one scale as a small table at row *r; returns its dropdown range, or NULL if empty. */
static const char *info_scale(kr_xw *x, lxw_worksheet *ws, lxw_row_t *r, const char *heading,
			      const kr_scale *sc, bool criteria)
{
	if (!sc || sc->n == 0)
		return NULL;
	lxw_row_t r0 = *r;
	if (!kr_xw_ok(x, worksheet_write_string(ws, r0, 0, heading, x->subtitle)))
		return NULL;
	r0++;
	if (!kr_xw_ok(x, worksheet_write_string(ws, r0, 0, "番号", x->head)) ||
	    !kr_xw_ok(x, worksheet_write_string(ws, r0, 1, "選択肢", x->head)) ||
	    (criteria &&
	     !kr_xw_ok(x, worksheet_write_string(ws, r0, 2, "基準", x->head))))
		return NULL;
	for (size_t i = 0; i < sc->n; i++) {
		lxw_row_t row = r0 + 1 + (lxw_row_t)i;
		kr_xw_row h;
		kr_xw_row_init(x, &h);
		if (!kr_xw_ok(x, worksheet_write_number(ws, row, 0, (double)(i + 1), x->xf[KR_XF_CENTER][0])) ||
		    !kr_xw_text(x, ws, row, 1, sc->items[i].label.s, x->xf[KR_XF_TEXT][0]))
			return NULL;
		kr_xw_row_fit(x, &h, sc->items[i].label.s, 44);
		if (criteria) {
			if (!kr_xw_text(x, ws, row, 2, sc->items[i].criterion.s, x->xf[KR_XF_TEXT][0]))
				return NULL;
			kr_xw_row_fit(x, &h, sc->items[i].criterion.s, 44);
		}
		if (!kr_xw_row_set(x, ws, row, &h))
			return NULL;
	}
	*r = r0 + 1 + (lxw_row_t)sc->n + 1;
	return kr_xw_range(x, x->q_info, r0 + 1, 1, r0 + (lxw_row_t)sc->n, 1);
}

static bool info_row(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, const char *key, const char *val)
{
	kr_xw_row h;
	kr_xw_row_init(x, &h);
	kr_xw_row_fit(x, &h, val, 44);
	return kr_xw_ok(x, worksheet_write_string(ws, r, 0, key, x->info_key)) &&
	       kr_xw_text(x, ws, r, 1, val, x->info_val) && kr_xw_row_set(x, ws, r, &h);
}

static bool info_sheet(kr_xw *x, lxw_worksheet *ws)
{
	const kr_doc *d = x->doc;
	char buf[KR_WAREKI_BUF];
	lxw_row_t r = 0;
	if (!kr_xw_ok(x, worksheet_set_column(ws, 0, 0, 12, NULL)) ||
	    !kr_xw_ok(x, worksheet_set_column(ws, 1, 2, 46, NULL)) ||
	    !kr_xw_ok(x, worksheet_write_string(ws, r, 0, x->t->sheet_info, x->title)))
		return false;
	r = 2;
	if (d->meeting.committee.s && !info_row(x, ws, r++, "委員会", d->meeting.committee.s))
		return false;
	const char *session = kr_cells_session(&x->cells);
	if (session && !info_row(x, ws, r++, "回", session))
		return false;
	if (d->meeting.material.s && !info_row(x, ws, r++, "資料", d->meeting.material.s))
		return false;
	if (d->meeting.date.set) {
		const kr_date *dt = &d->meeting.date;
		lxw_datetime when = {dt->y, dt->m, dt->d ? dt->d : 1, 0, 0, 0};
		if (!info_row(x, ws, r, "開催日", kr_cells_meeting_date(&x->cells)) ||
		    !kr_xw_ok(x, worksheet_write_datetime(ws, r, 2, &when, x->info_date)))
			return false;
		r++;
	}
	if (!info_row(x, ws, r++, "表題", d->title.s))
		return false;
	if (d->fiscal_year.set) {
		int fy = (int)d->fiscal_year.v;
		if (!info_row(x, ws, r, "対象年度", kr_fy_long(d, fy, buf)) ||
		    !kr_xw_ok(x, worksheet_write_string(ws, r, 2,
							kr_sprintf(x->arena, "%d年度", fy), x->info_val)))
			return false;
		r++;
	}
	r++;
	const char *const *lab = x->t->label;
	x->list_ratings = info_scale(x, ws, &r, kr_sprintf(x->arena, "%s 事業効果", lab[KR_LABEL_LEGEND]),
				     &d->ratings, true);
	if (d->committee_scale && d->committee_scale != &d->ratings && d->committee_ratings.n)
		x->list_committee = info_scale(x, ws, &r, lab[KR_LABEL_COMMITTEE_LEGEND],
					       &d->committee_ratings, true);
	else
		x->list_committee = x->list_ratings;
	x->list_policies = info_scale(x, ws, &r, lab[KR_LABEL_POLICY_LEGEND], &d->policies, false);
	if (x->failed)
		return false;
	kr_xw_protect(x, ws);
	return kr_xw_page_setup(x, ws, 1, 0, true);
}

/* ------------------------------------------------------------------------------------------ */

static void set_properties(kr_xw *x)
{
	const kr_doc *d = x->doc;
	const char *subject = kr_cells_meeting_line(&x->cells);
	lxw_doc_properties p = {
		.title = (char *)d->title.s,
		.subject = (char *)subject,
		.author = (char *)d->meeting.committee.s,
		.company = (char *)d->meeting.committee.s,
		.keywords = "KPI, 地方創生, 効果検証",
		.comments = "kpireport " KR_VERSION,
		.created = x->rc->created,
	};
	kr_xw_ok(x, workbook_set_properties(x->wb, &p));
}

static lxw_worksheet *add_sheet(kr_xw *x, const char *name)
{
	lxw_error e = workbook_validate_sheet_name(x->wb, name);
	if (e != LXW_NO_ERROR) {
		kr_xw_fail(x, "cannot write the workbook: the template's sheet name \"%s\" is refused (%s)",
			   name, lxw_strerror(e));
		return NULL;
	}
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws)
		kr_xw_fail(x, "cannot write the workbook: cannot add the sheet \"%s\"", name);
	return ws;
}

/* Whether the file at path ends with a zip directory that accounts for every byte before it:
 * libxlsxwriter checks its writes, and this checks what reached the file (errno set when it
 * cannot be read). */
static bool zip_complete(const char *path)
{
	errno = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	unsigned char e[22];
	bool ok = fstat(fd, &st) == 0 && st.st_size >= 22 &&
		  pread(fd, e, sizeof e, st.st_size - 22) == (ssize_t)sizeof e;
	close(fd);
	if (!ok)
		return false;
	errno = 0;
	uint32_t cd_size = (uint32_t)e[12] | (uint32_t)e[13] << 8 | (uint32_t)e[14] << 16 |
			   (uint32_t)e[15] << 24;
	uint32_t cd_off = (uint32_t)e[16] | (uint32_t)e[17] << 8 | (uint32_t)e[18] << 16 |
			  (uint32_t)e[19] << 24;
	return memcmp(e, "PK\5\6", 4) == 0 && e[20] == 0 && e[21] == 0 &&
	       (unsigned long long)cd_off + cd_size == (unsigned long long)st.st_size - 22;
}

int kr_render_xlsx(const kr_render_ctx *ctx)
{
	kr_xw x = {
		.rc = ctx,
		.doc = ctx->doc,
		.t = ctx->tmpl,
		.arena = kr_arena_new(),
	};
	/* The projects sheet's KPI cell names the KPIs; the KPI sheet has the rest. */
	static const enum kr_kpi_line names_only[] = {KR_KPI_LINE_NAME};
	x.cells = kr_cells_for(ctx->doc, x.arena, x.t->xlsx_columns, x.t->n_xlsx_columns);
	x.cells.kpi_lines = names_only;
	x.cells.n_kpi_lines = 1;
	x.font_size = x.t->xlsx_font_size > 0 ? x.t->xlsx_font_size : 10.0;
	/* One character unit: the advance of the digit zero of the cell font. */
	x.char_pt = kr_font_advance(ctx->font, '0', x.font_size);
	if (!(x.char_pt > 1))
		x.char_pt = x.font_size * 0.55;
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .use_zip64 = LXW_FALSE};
	x.wb = workbook_new_opt(ctx->tmp_path, &opt);
	if (!x.wb) {
		kr_diag(ctx->diags, ctx->final_path, KR_NO_LOC, KR_D_WRITE,
			"cannot create the workbook %s: out of memory", ctx->final_path);
		kr_arena_free(x.arena);
		return -1;
	}
	x.q_projects = quote_sheet(&x, x.t->sheet_projects);
	x.q_kpis = quote_sheet(&x, x.t->sheet_kpis);
	x.q_info = quote_sheet(&x, x.t->sheet_info);

	lxw_worksheet *wp = NULL, *wk = NULL, *wc = NULL, *wi = NULL, *wm = NULL;
	if (make_formats(&x) && (wp = add_sheet(&x, x.t->sheet_projects)) &&
	    (wk = add_sheet(&x, x.t->sheet_kpis)) && (wc = add_sheet(&x, x.t->sheet_chart)) &&
	    (wi = add_sheet(&x, x.t->sheet_info)) && (wm = add_sheet(&x, KR_XW_IDENT_SHEET))) {
		x.ws_kpis = wk;
		set_properties(&x);
		if (!x.failed && info_sheet(&x, wi) && kr_xw_kpis_sheet(&x, wk) &&
		    kr_xw_projects_sheet(&x, wp) && kr_xw_chart_sheet(&x, wc))
			kr_xw_ident_sheet(&x, wm);
		worksheet_activate(wp);
	}
	/* workbook_close writes the file and frees the workbook, also after an error. */
	/* libxlsxwriter packs the parts through temporary files it names and unlinks itself:
	 * kr_build holds signals while renderers run, so none is left behind in TMPDIR. */
	errno = 0;
	lxw_error e = workbook_close(x.wb);
	int en = errno;
	if (e != LXW_NO_ERROR && !x.failed) {
		if (en)
			kr_diag(ctx->diags, ctx->final_path, KR_NO_LOC, KR_D_WRITE,
				"cannot write: %s (%s)", strerror(en), lxw_strerror(e));
		else
			kr_diag(ctx->diags, ctx->final_path, KR_NO_LOC, KR_D_WRITE,
				"cannot write: %s", lxw_strerror(e));
		x.failed = true;
	}
	if (!x.failed && x.kpi_last_row >= x.kpi_first_row &&
	    !kr_xw_fix_charts(ctx->tmp_path, ctx->diags, ctx->final_path))
		x.failed = true;
	if (!x.failed && !zip_complete(ctx->tmp_path)) {
		if (errno)
			kr_diag(ctx->diags, ctx->final_path, KR_NO_LOC, KR_D_WRITE,
				"cannot write: the workbook written is incomplete (%s)", strerror(errno));
		else
			kr_diag(ctx->diags, ctx->final_path, KR_NO_LOC, KR_D_WRITE,
				"cannot write: the workbook written is incomplete (its zip directory is "
				"missing)");
		x.failed = true;
	}
	kr_arena_free(x.arena);
	return x.failed ? -1 : 0;
}

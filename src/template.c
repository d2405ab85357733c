/* Templates: the YAML file, its table of keys, defaults, checks and label expansion. */
#include "template_load.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bounds.h"
#include "font.h"
#include "load.h"
#include "paths.h"
#include "schema.h"
#include "wareki.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MM 2.834645669 /* points per millimetre */

/* The template as written, before defaults and units are applied. */
typedef struct {
	kr_str field, key, label, group, align;
	kr_num width;
	kr_loc loc;
} raw_column;

typedef struct {
	kr_str key, label;
	kr_loc loc;
} raw_extra;

typedef struct {
	kr_int version;
	kr_str name, description;
	kr_str size, orientation;
	kr_num m_top, m_right, m_bottom, m_left;
	kr_str family;
	kr_str *fallback;
	size_t n_fallback;
	kr_num s_title, s_meeting, s_header, s_body, s_small, s_footer, line_gap, padding;
	raw_column *columns;
	size_t n_columns;
	kr_str *kpi_lines;
	size_t n_kpi_lines;
	raw_extra *extra;
	size_t n_extra;
	kr_str money_unit;
	kr_str mark_no_kpi, mark_no_grant, mark_none, mark_negative;
	kr_str labels[KR_LABEL_COUNT];
	kr_num min_fill;
	kr_str footer;
	kr_str x_font, x_password;
	kr_num x_font_size;
	kr_str x_projects, x_kpis, x_info, x_chart;
	raw_column *x_columns;
	size_t n_x_columns;
	kr_loc loc, page_loc, font_loc, xlsx_loc;
} raw_template;

#define R(k, t, mem, d) {.key = k, .type = t, .offset = offsetof(raw_template, mem), .doc = d}
#define C(k, t, mem, d) {.key = k, .type = t, .offset = offsetof(raw_column, mem), .doc = d}
#define ENUM(st, k, mem, ch, d) \
	{.key = k, .type = KR_T_ENUM, .offset = offsetof(st, mem), .choices = ch, .doc = d}
#define OBJ(k, sb, d) {.key = k, .type = KR_T_OBJ, .sub = &sb, .doc = d}

static const char *const aligns[] = {"left", "center", "right", NULL};

static const kr_fielddef column_fields[] = {
	{.key = "field", .ja = "表示する項目", .type = KR_T_STR, .required = true,
	 .offset = offsetof(raw_column, field), .doc = "what the column shows"},
	C("key", KR_T_STR, key, "for field: extra, which extra text"),
	C("label", KR_T_STR, label, "header text; {fy} {fy_long} {fy_short} expand"),
	C("group", KR_T_STR, group, "a header spanning adjacent columns of the same group"),
	C("width", KR_T_NUM, width, "relative width, > 0"),
	ENUM(raw_column, "align", align, aligns, "left, center or right"),
};
static const kr_schema column_schema = {"a column", column_fields, N(column_fields),
					sizeof(raw_column), offsetof(raw_column, loc), KR_NO_OFFSET,
					"one table column"};

static const kr_fielddef extra_fields[] = {
	{.key = "key", .ja = "キー", .type = KR_T_STR, .required = true,
	 .offset = offsetof(raw_extra, key), .doc = "the extra: key"},
	{.key = "label", .type = KR_T_STR, .offset = offsetof(raw_extra, label), .doc = "its label"},
};
static const kr_schema extra_schema = {"an extra field", extra_fields, N(extra_fields),
				       sizeof(raw_extra), offsetof(raw_extra, loc), KR_NO_OFFSET,
				       "a text field projects may give under extra:"};

static const kr_fielddef margin_fields[] = {
	R("top", KR_T_NUM, m_top, "mm"), R("right", KR_T_NUM, m_right, "mm"),
	R("bottom", KR_T_NUM, m_bottom, "mm"), R("left", KR_T_NUM, m_left, "mm"),
};
static const kr_schema margin_schema = {"the margins", margin_fields, N(margin_fields), 0,
					KR_NO_OFFSET, KR_NO_OFFSET, "page margins in mm"};

static const char *const sizes[] = {"A4", "A3", "B4", "B5", "letter", NULL};
static const char *const orientations[] = {"landscape", "portrait", NULL};
static const char *const money_units[] = {"yen", "thousand", NULL};

static const kr_fielddef page_fields[] = {
	ENUM(raw_template, "size", size, sizes, "paper"),
	ENUM(raw_template, "orientation", orientation, orientations, "landscape or portrait"),
	OBJ("margins", margin_schema, "mm"),
};
static const kr_schema page_schema = {"the page", page_fields, N(page_fields), 0,
				      offsetof(raw_template, page_loc), KR_NO_OFFSET, "paper"};

static const kr_fielddef font_fields[] = {
	R("family", KR_T_STR, family, "fontconfig family of a TrueType font"),
	{.key = "fallback", .type = KR_T_STRLIST, .offset = offsetof(raw_template, fallback),
	 .count_offset = offsetof(raw_template, n_fallback),
	 .doc = "TrueType families for the characters family lacks, tried in order"},
	R("title", KR_T_NUM, s_title, "pt"), R("meeting", KR_T_NUM, s_meeting, "pt"),
	R("header", KR_T_NUM, s_header, "pt"), R("body", KR_T_NUM, s_body, "pt"),
	R("small", KR_T_NUM, s_small, "pt"), R("footer", KR_T_NUM, s_footer, "pt"),
	R("line_gap", KR_T_NUM, line_gap, "extra leading, fraction of the size"),
	R("padding", KR_T_NUM, padding, "cell padding, mm"),
};
static const kr_schema font_schema = {"the font", font_fields, N(font_fields), 0,
				      offsetof(raw_template, font_loc), KR_NO_OFFSET, "font"};

static const kr_fielddef marks_fields[] = {
	R("no_kpi", KR_T_STR, mark_no_kpi, "shown when a project has no KPIs"),
	R("no_grant", KR_T_STR, mark_no_grant, "shown when a project has no grant"),
	R("none", KR_T_STR, mark_none, "shown for any other absent value"),
	R("negative", KR_T_STR, mark_negative, "written before a negative rate instead of a minus"),
};
static const kr_schema marks_schema = {"the marks", marks_fields, N(marks_fields), 0,
				       KR_NO_OFFSET, KR_NO_OFFSET, "marks"};

/* The labels: one string field per entry of KR_LABEL_LIST, its default as the doc. */
static const kr_fielddef label_fields[] = {
#define X(id, k, def)                                                                       \
	{.key = k, .type = KR_T_STR,                                                        \
	 .offset = offsetof(raw_template, labels) + KR_LABEL_##id * sizeof(kr_str), .doc = def},
	KR_LABEL_LIST(X)
#undef X
};
static const char *const label_defaults[] = {
#define X(id, key, def) def,
	KR_LABEL_LIST(X)
#undef X
};
static const kr_schema label_schema = {"the labels", label_fields, N(label_fields), 0,
				       KR_NO_OFFSET, KR_NO_OFFSET, "fixed texts"};

static const kr_fielddef sheet_fields[] = {
	R("projects", KR_T_STR, x_projects, "projects sheet"), R("kpis", KR_T_STR, x_kpis, "KPI sheet"),
	R("info", KR_T_STR, x_info, "meeting and scales"), R("chart", KR_T_STR, x_chart, "chart"),
};
static const kr_schema sheet_schema = {"the sheets", sheet_fields, N(sheet_fields), 0,
				       KR_NO_OFFSET, KR_NO_OFFSET, "sheet names"};

static const kr_fielddef xlsx_fields[] = {
	R("font", KR_T_STR, x_font, "cell font name"),
	R("font_size", KR_T_NUM, x_font_size, "pt"),
	R("password", KR_T_STR, x_password, "sheet protection password; absent = none"),
	OBJ("sheets", sheet_schema, "sheet names"),
	{.key = "columns", .type = KR_T_LIST, .offset = offsetof(raw_template, x_columns),
	 .sub = &column_schema, .count_offset = offsetof(raw_template, n_x_columns),
	 .doc = "columns of the projects sheet"},
};
static const kr_schema xlsx_schema = {"the xlsx settings", xlsx_fields, N(xlsx_fields), 0,
				      offsetof(raw_template, xlsx_loc), KR_NO_OFFSET, "workbook"};

static const kr_fielddef pagination_fields[] = {
	R("min_fill", KR_T_NUM, min_fill,
	  "a row that fits moves whole to the next page only if the page is this full (0..1)"),
};
static const kr_schema pagination_schema = {"the pagination", pagination_fields,
					    N(pagination_fields), 0, KR_NO_OFFSET, KR_NO_OFFSET, ""};

static const kr_fielddef template_fields[] = {
	{.key = "version", .ja = "版", .type = KR_T_INT, .required = true,
	 .offset = offsetof(raw_template, version), .doc = "1"},
	R("name", KR_T_STR, name, "the template's name"),
	R("description", KR_T_STR, description, "what it is for"),
	OBJ("page", page_schema, "paper and margins"),
	OBJ("font", font_schema, "font family and sizes"),
	{.key = "columns", .ja = "列", .type = KR_T_LIST, .required = true,
	 .offset = offsetof(raw_template, columns), .sub = &column_schema,
	 .count_offset = offsetof(raw_template, n_columns), .doc = "the table's columns in order"},
	{.key = "kpi_lines", .type = KR_T_STRLIST, .offset = offsetof(raw_template, kpi_lines),
	 .count_offset = offsetof(raw_template, n_kpi_lines), .doc = "the lines of a KPI block"},
	{.key = "extra_fields", .type = KR_T_LIST, .offset = offsetof(raw_template, extra),
	 .sub = &extra_schema, .count_offset = offsetof(raw_template, n_extra),
	 .doc = "extra text fields"},
	ENUM(raw_template, "money_unit", money_unit, money_units, "yen or thousand (千円)"),
	OBJ("marks", marks_schema, "marks for absent values"),
	OBJ("labels", label_schema, "fixed texts"),
	OBJ("pagination", pagination_schema, "page breaks"),
	R("footer", KR_T_STR, footer, "footer text; {page} and {pages} expand"),
	OBJ("xlsx", xlsx_schema, "workbook settings"),
};
static const kr_schema template_schema = {"the template", template_fields, N(template_fields),
					  0, offsetof(raw_template, loc), KR_NO_OFFSET,
					  "a handout layout"};

static const char *const field_names[] = {
#define X(id, name, doc) name,
	KR_FIELD_LIST(X)
#undef X
};
static const char *const kpi_line_names[] = {
#define X(id, name, doc) name,
	KR_KPI_LINE_LIST(X)
#undef X
};

const char *kr_field_name(enum kr_field f) { return field_names[f]; }

bool kr_field_parse(const char *name, enum kr_field *out)
{
	for (size_t i = 0; i < KR_FIELD_COUNT; i++)
		if (strcmp(field_names[i], name) == 0) {
			*out = (enum kr_field)i;
			return true;
		}
	return false;
}

/* Expands {fy}, {fy_long}, {fy_short}; leaves other placeholders ({n}, {page}) alone. */
static const char *expand(kr_arena *a, const kr_doc *doc, const char *s)
{
	if (!s || !strchr(s, '{'))
		return s;
	int fy = doc->fiscal_year.set ? (int)doc->fiscal_year.v : 0;
	char abbr[KR_WAREKI_BUF], lng[KR_WAREKI_BUF], shrt[KR_WAREKI_BUF];
	kr_fy_abbr(doc, fy, abbr);
	kr_fy_long(doc, fy, lng);
	kr_fy_short(doc, fy, shrt);
	const struct {
		const char *key, *val;
	} vars[] = {{"{fy}", abbr}, {"{fy_long}", lng}, {"{fy_short}", shrt}};
	size_t cap = strlen(s) * 4 + 64, n = 0;
	char *out = kr_alloc(a, cap);
	for (const char *p = s; *p;) {
		bool hit = false;
		for (size_t i = 0; i < N(vars) && !hit; i++) {
			size_t kl = strlen(vars[i].key);
			if (strncmp(p, vars[i].key, kl) == 0) {
				size_t vl = strlen(vars[i].val);
				if (n + vl + 1 < cap) {
					memcpy(out + n, vars[i].val, vl);
					n += vl;
				}
				p += kl;
				hit = true;
			}
		}
		if (!hit && n + 2 < cap)
			out[n++] = *p++;
		else if (!hit)
			p++;
	}
	out[n] = '\0';
	return out;
}

static bool columns_show(const kr_column *cols, size_t n, enum kr_field f)
{
	for (size_t i = 0; i < n; i++) {
		enum kr_field c = cols[i].field;
		if (c == f || (c == KR_FIELD_NAME && (f == KR_FIELD_NUMBER || f == KR_FIELD_GRANT_PROGRAM)) ||
		    (c == KR_FIELD_GRANT_RATIO && (f == KR_FIELD_COST || f == KR_FIELD_GRANT)))
			return true;
	}
	return false;
}

enum kr_shown kr_template_shows(const kr_template *t, enum kr_field f)
{
	if (columns_show(t->columns, t->n_columns, f))
		return KR_SHOWN_PDF;
	return columns_show(t->xlsx_columns, t->n_xlsx_columns, f) ? KR_SHOWN_WORKBOOK
								    : KR_SHOWN_NOWHERE;
}

bool kr_template_has_kpi_line(const kr_template *t, enum kr_kpi_line line)
{
	for (size_t i = 0; i < t->n_kpi_lines; i++)
		if (t->kpi_lines[i] == line)
			return true;
	return false;
}

static double num_or(const kr_num *n, double def)
{
	return n->set && !n->null ? kr_dec_to_double(n->v) : def;
}

static const char *str_or(const kr_str *s, const char *def)
{
	return s->s ? s->s : def;
}

/* msg is the whole message, with %g for the low and high bounds and the value. */
static void range_check(kr_diags *d, const char *file, const kr_num *n, const char *msg,
			double lo, double hi)
{
	if (!n->set || n->null)
		return;
	double v = kr_dec_to_double(n->v);
	if (!(v >= lo && v <= hi))
		kr_diag(d, file, n->loc, KR_D_TEMPLATE, msg, lo, hi, v);
}

static kr_column *convert_columns(const kr_doc *doc, kr_diags *d, const char *file,
				  const raw_template *rt, const raw_column *rc, size_t n)
{
	kr_column *cols = kr_alloc_array(doc->arena, n ? n : 1, sizeof *cols);
	for (size_t i = 0; i < n; i++) {
		const raw_column *r = &rc[i];
		kr_column *c = &cols[i];
		c->loc = r->loc;
		if (r->field.s && !kr_field_parse(r->field.s, &c->field)) {
			const char *guess = kr_closest(r->field.s, field_names, KR_FIELD_COUNT);
			if (guess)
				kr_diag(d, file, r->field.loc, KR_D_TEMPLATE,
					"unknown column field '%s'; did you mean '%s'?", r->field.s, guess);
			else
				kr_diag(d, file, r->field.loc, KR_D_TEMPLATE,
					"unknown column field '%s'", r->field.s);
		}
		if (c->field == KR_FIELD_EXTRA) {
			bool declared = false;
			for (size_t k = 0; r->key.s && k < rt->n_extra; k++)
				declared |= rt->extra[k].key.s && strcmp(rt->extra[k].key.s, r->key.s) == 0;
			if (!declared)
				kr_diag(d, file, r->loc, KR_D_TEMPLATE,
					"an extra column needs 'key:' naming one of extra_fields");
			c->extra_key = r->key.s;
		}
		c->width = num_or(&r->width, 1.0);
		if (r->width.set && !(c->width > 0 && c->width <= 1000))
			kr_diag(d, file, r->width.loc, KR_D_TEMPLATE,
				"a column width must be above 0 and at most 1000, not %g", c->width);
		c->label = expand(doc->arena, doc, str_or(&r->label, ""));
		c->group = expand(doc->arena, doc, r->group.s);
		c->align = KR_ALIGN_LEFT;
		if (r->align.s)
			c->align = strcmp(r->align.s, "right") == 0    ? KR_ALIGN_RIGHT
				   : strcmp(r->align.s, "center") == 0 ? KR_ALIGN_CENTER
								       : KR_ALIGN_LEFT;
		else if (c->field == KR_FIELD_COST || c->field == KR_FIELD_GRANT ||
			 c->field == KR_FIELD_GRANT_RATIO)
			c->align = KR_ALIGN_RIGHT;
	}
	return cols;
}

static void page_size(const raw_template *rt, kr_template *t)
{
	static const struct {
		const char *name;
		double w, h; /* mm, portrait */
	} papers[] = {{"A4", 210, 297}, {"A3", 297, 420}, {"B4", 257, 364}, {"B5", 182, 257},
		      {"letter", 215.9, 279.4}};
	const char *size = str_or(&rt->size, "A4");
	double w = 210, h = 297;
	for (size_t i = 0; i < N(papers); i++)
		if (strcmp(papers[i].name, size) == 0)
			w = papers[i].w, h = papers[i].h;
	bool landscape = strcmp(str_or(&rt->orientation, "landscape"), "landscape") == 0;
	t->page_w = (landscape ? h : w) * MM;
	t->page_h = (landscape ? w : h) * MM;
}

/* n, or max after reporting the first entry beyond it (a template of 10 000 columns is refused
 * at once, and nothing after it costs columns x extras). */
static size_t capped(kr_diags *d, const char *file, const void *v, size_t size, size_t n,
		     size_t loc_offset, size_t max, bool columns)
{
	if (n <= max)
		return n;
	kr_loc loc = *(const kr_loc *)((const char *)v + max * size + loc_offset);
	if (columns)
		kr_diag(d, file, loc, KR_D_TEMPLATE,
			"a table has at most %zu columns; this one has %zu", max, n);
	else
		kr_diag(d, file, loc, KR_D_TEMPLATE,
			"a template declares at most %zu extra fields; this one has %zu", max, n);
	return max;
}

/* Every PDF column must hold at least one character of the body size inside its padding. */
static void check_widths(kr_diags *d, const char *file, const raw_column *rc, const kr_template *t)
{
	double sum = 0, table_w = t->page_w - t->margin_left - t->margin_right;
	for (size_t i = 0; i < t->n_columns; i++)
		sum += t->columns[i].width;
	for (size_t i = 0; i < t->n_columns && sum > 0; i++) {
		double w = table_w * t->columns[i].width / sum;
		if (w - 2 * t->cell_pad >= t->size_body)
			continue;
		double need = (t->size_body + 2 * t->cell_pad) / table_w * sum;
		kr_diag(d, file, rc[i].width.set ? rc[i].width.loc : rc[i].loc, KR_D_TEMPLATE,
			"this column would be %.1f mm wide, too narrow for one character; give it a "
			"width of at least %.2f or make the other columns narrower",
			w / MM, need);
	}
}

/* The texts the renderers draw outside the table and the names the workbook needs. */
static void check_limits(kr_diags *d, const char *file, const raw_template *rt,
			 const kr_template *t)
{
	check_widths(d, file, rt->columns, t);
	kr_limit_text(d, file, rt->footer.loc, rt->footer.s, KR_LABEL_MAX, KR_D_TEMPLATE);
	for (size_t i = 0; i < KR_LABEL_COUNT; i++)
		kr_limit_text(d, file, rt->labels[i].loc, rt->labels[i].s, KR_LABEL_MAX, KR_D_TEMPLATE);
	const kr_str *marks[] = {&rt->mark_no_kpi, &rt->mark_no_grant, &rt->mark_none};
	for (size_t i = 0; i < N(marks); i++)
		kr_limit_text(d, file, marks[i]->loc, marks[i]->s, KR_LABEL_MAX, KR_D_TEMPLATE);
	for (size_t i = 0; i < t->n_columns; i++) {
		kr_limit_text(d, file, rt->columns[i].label.loc, rt->columns[i].label.s,
			      KR_LABEL_MAX, KR_D_TEMPLATE);
		kr_limit_text(d, file, rt->columns[i].group.loc, rt->columns[i].group.s,
			      KR_LABEL_MAX, KR_D_TEMPLATE);
	}
	if (rt->x_font.s && kr_utf8_count(rt->x_font.s) > KR_FONT_NAME_MAX)
		kr_diag(d, file, rt->x_font.loc, KR_D_TEMPLATE,
			"a spreadsheet font name has at most %d characters; '%s' has %zu",
			KR_FONT_NAME_MAX, rt->x_font.s, kr_utf8_count(rt->x_font.s));
	const kr_str *sheets[] = {&rt->x_projects, &rt->x_kpis, &rt->x_info, &rt->x_chart};
	const char *names[] = {t->sheet_projects, t->sheet_kpis, t->sheet_info, t->sheet_chart};
	for (size_t i = 0; i < N(sheets); i++) {
		kr_loc loc = sheets[i]->s ? sheets[i]->loc : rt->xlsx_loc;
		if (!kr_limit_sheet_name(d, file, loc, names[i]))
			continue;
		for (size_t k = 0; k < i; k++)
			if (kr_sheet_names_clash(names[i], names[k])) {
				kr_diag(d, file, loc, KR_D_TEMPLATE,
					"two sheets would be named '%s' (a spreadsheet does not tell capitals "
					"from small letters); give each sheet its own name",
					names[i]);
				break;
			}
	}
}

/* The fallback fonts: at most KR_FONT_MAX_FACES - 1, each named once and not the family (the
 * PDF library would give the same font for both). */
static void fallbacks(kr_diags *d, const char *file, const raw_template *rt, kr_template *t)
{
	t->font_fallback = rt->fallback;
	t->n_font_fallback = rt->n_fallback;
	if (rt->n_fallback > KR_FONT_MAX_FACES - 1)
		kr_diag(d, file, rt->fallback[KR_FONT_MAX_FACES - 1].loc, KR_D_TEMPLATE,
			"a template may name at most %d fallback fonts", KR_FONT_MAX_FACES - 1);
	for (size_t i = 0; i < rt->n_fallback; i++) {
		const kr_str *f = &rt->fallback[i];
		bool again = strcasecmp(f->s, t->font_family) == 0;
		for (size_t k = 0; k < i; k++)
			again |= strcasecmp(f->s, rt->fallback[k].s) == 0;
		if (again)
			kr_diag(d, file, f->loc, KR_D_TEMPLATE,
				"the font '%s' is named twice; name each font of the template once",
				f->s);
	}
}

/* {unit} in a column's label says the unit money_unit gives amounts: 円 or 千円. */
static void unit_labels(kr_arena *a, kr_column *cols, size_t n, bool thousands)
{
	for (size_t i = 0; i < n; i++) {
		const char *l = cols[i].label, *u = l ? strstr(l, "{unit}") : NULL;
		if (u)
			cols[i].label = kr_sprintf(a, "%.*s%s%s", (int)(u - l), l,
						   thousands ? "千円" : "円", u + 6);
	}
}

static void check_and_convert(const kr_doc *doc, kr_diags *d, const char *file,
			      const raw_template *rt, kr_template *t)
{
	kr_arena *a = doc->arena;
	if (rt->version.set && rt->version.v != 1)
		kr_diag(d, file, rt->version.loc, KR_D_TEMPLATE, "template version must be 1");
	t->name = rt->name.s;
	page_size(rt, t);
	const kr_num *margins[] = {&rt->m_top, &rt->m_right, &rt->m_bottom, &rt->m_left};
	double *out[] = {&t->margin_top, &t->margin_right, &t->margin_bottom, &t->margin_left};
	for (size_t i = 0; i < 4; i++) {
		range_check(d, file, margins[i], "a margin (mm) must be between %g and %g, not %g", 0,
			    100);
		*out[i] = num_or(margins[i], 10) * MM;
	}
	t->font_family = str_or(&rt->family, "IPAexGothic");
	t->font_family_loc = rt->family.loc;
	fallbacks(d, file, rt, t);
	const kr_num *sz[] = {&rt->s_title, &rt->s_meeting, &rt->s_header,
			      &rt->s_body, &rt->s_small, &rt->s_footer};
	double *szo[] = {&t->size_title, &t->size_meeting, &t->size_header,
			 &t->size_body, &t->size_small, &t->size_footer};
	const double szd[] = {13, 9, 7.5, 7, 6, 7};
	for (size_t i = 0; i < N(sz); i++) {
		range_check(d, file, sz[i], "a font size (pt) must be between %g and %g, not %g", 4,
			    48);
		*szo[i] = num_or(sz[i], szd[i]);
	}
	range_check(d, file, &rt->line_gap, "line_gap must be between %g and %g, not %g", 0, 2);
	t->line_gap = num_or(&rt->line_gap, 0.3);
	range_check(d, file, &rt->padding, "padding (mm) must be between %g and %g, not %g", 0,
		    10);
	t->cell_pad = num_or(&rt->padding, 0.9) * MM;
	if (t->page_w - t->margin_left - t->margin_right < 72 ||
	    t->page_h - t->margin_top - t->margin_bottom < 144)
		kr_diag(d, file, rt->page_loc.line ? rt->page_loc : rt->loc, KR_D_TEMPLATE,
			"the margins leave no room for the table");

	t->n_extra_fields = capped(d, file, rt->extra, sizeof *rt->extra, rt->n_extra,
				   offsetof(raw_extra, loc), KR_MAX_EXTRA, false);
	t->extra_fields = kr_alloc_array(a, rt->n_extra ? rt->n_extra : 1, sizeof *t->extra_fields);
	for (size_t i = 0; i < t->n_extra_fields; i++)
		t->extra_fields[i] = (kr_extra_field){rt->extra[i].key.s,
						      expand(a, doc, str_or(&rt->extra[i].label,
									    rt->extra[i].key.s)),
						      rt->extra[i].loc};
	if (rt->columns && rt->n_columns == 0)
		kr_diag(d, file, rt->loc, KR_D_TEMPLATE, "a template needs at least one column");
	size_t n_cols = capped(d, file, rt->columns, sizeof *rt->columns, rt->n_columns,
			       offsetof(raw_column, loc), KR_MAX_COLUMNS, true);
	size_t n_xcols = capped(d, file, rt->x_columns, sizeof *rt->x_columns, rt->n_x_columns,
				offsetof(raw_column, loc), KR_MAX_COLUMNS, true);
	t->columns = convert_columns(doc, d, file, rt, rt->columns, n_cols);
	t->n_columns = n_cols;
	t->xlsx_columns = convert_columns(doc, d, file, rt, rt->x_columns, n_xcols);
	t->n_xlsx_columns = n_xcols;
	if (!rt->x_columns) { /* default: the PDF's columns */
		t->xlsx_columns = t->columns;
		t->n_xlsx_columns = t->n_columns;
	}

	if (rt->kpi_lines) {
		for (size_t i = 0; i < rt->n_kpi_lines && t->n_kpi_lines < KR_KPI_LINE_COUNT; i++) {
			size_t k = 0;
			while (k < KR_KPI_LINE_COUNT && strcmp(kpi_line_names[k], rt->kpi_lines[i].s))
				k++;
			if (k == KR_KPI_LINE_COUNT) {
				const char *g = kr_closest(rt->kpi_lines[i].s, kpi_line_names,
							   KR_KPI_LINE_COUNT);
				if (g)
					kr_diag(d, file, rt->kpi_lines[i].loc, KR_D_TEMPLATE,
						"unknown KPI line '%s'; did you mean '%s'?",
						rt->kpi_lines[i].s, g);
				else
					kr_diag(d, file, rt->kpi_lines[i].loc, KR_D_TEMPLATE,
						"unknown KPI line '%s'", rt->kpi_lines[i].s);
				continue;
			}
			t->kpi_lines[t->n_kpi_lines++] = (enum kr_kpi_line)k;
		}
	} else {
		static const enum kr_kpi_line def[] = {KR_KPI_LINE_NAME, KR_KPI_LINE_TARGET,
						      KR_KPI_LINE_ACTUAL, KR_KPI_LINE_ACHIEVEMENT,
						      KR_KPI_LINE_LONG_TERM, KR_KPI_LINE_NOTE};
		memcpy(t->kpi_lines, def, sizeof def);
		t->n_kpi_lines = N(def);
	}

	t->mark_no_kpi = expand(a, doc, str_or(&rt->mark_no_kpi, "_"));
	t->mark_no_grant = expand(a, doc, str_or(&rt->mark_no_grant, "-"));
	t->mark_none = expand(a, doc, str_or(&rt->mark_none, "-"));
	t->mark_negative = expand(a, doc, str_or(&rt->mark_negative, "▲"));
	for (size_t i = 0; i < KR_LABEL_COUNT; i++)
		t->label[i] = expand(a, doc, str_or(&rt->labels[i], label_defaults[i]));
	/* The verdict words are what the workbook's 判定 formulas write and compare. */
	const char *met = t->label[KR_LABEL_MET], *not_met = t->label[KR_LABEL_NOT_MET];
	if (!*met || !*not_met || strcmp(met, not_met) == 0) {
		const kr_str *where = rt->labels[KR_LABEL_NOT_MET].s ? &rt->labels[KR_LABEL_NOT_MET]
								   : &rt->labels[KR_LABEL_MET];
		kr_diag(d, file, where->loc, KR_D_TEMPLATE,
			"the labels met and not_met must be two different texts, neither of them empty");
	}
	t->footer = str_or(&rt->footer, "{page} / {pages}");
	t->footer_loc = rt->footer.s ? rt->footer.loc : rt->loc;
	t->money_thousands = rt->money_unit.s && strcmp(rt->money_unit.s, "thousand") == 0;
	unit_labels(a, t->columns, t->n_columns, t->money_thousands);
	if (t->xlsx_columns != t->columns)
		unit_labels(a, t->xlsx_columns, t->n_xlsx_columns, t->money_thousands);
	range_check(d, file, &rt->min_fill, "min_fill must be between %g and %g, not %g", 0, 1);
	t->min_fill = num_or(&rt->min_fill, 0.85);

	t->xlsx_font = str_or(&rt->x_font, t->font_family);
	range_check(d, file, &rt->x_font_size, "xlsx font_size must be between %g and %g, not %g",
		    6, 36);
	t->xlsx_font_size = num_or(&rt->x_font_size, 10);
	t->xlsx_password = str_or(&rt->x_password, "");
	t->sheet_projects = str_or(&rt->x_projects, "事業一覧");
	t->sheet_kpis = str_or(&rt->x_kpis, "KPI");
	t->sheet_info = str_or(&rt->x_info, "基本情報");
	t->sheet_chart = str_or(&rt->x_chart, "達成率グラフ");
	check_limits(d, file, rt, t);
}

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* A template is a name, or a relative path below the handout's folder to a .yaml file: never
 * an absolute path, a way up (..) or another kind of file, whose lines would be echoed as
 * unknown keys (template: /etc/shadow). */
static bool template_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (!strchr(name, '/'))
		return strcmp(name, "..") != 0 && strcmp(name, ".") != 0;
	if (name[0] == '/' || strstr(name, "/../") || strncmp(name, "../", 3) == 0)
		return false;
	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* A name without a slash is looked up in KPIREPORT_TEMPLATES, the source tree and the install
 * directory; a path is taken relative to the document's folder. */
/* The folders a template name is looked up in, in order (an entry may be NULL). */
enum { N_DIRS = 3 };
static void template_dirs(const char *dirs[N_DIRS], char installed[PATH_MAX])
{
	dirs[0] = getenv("KPIREPORT_TEMPLATES");
	dirs[1] = KR_SOURCE_TEMPLATE_DIR;
	dirs[2] = kr_installed_path(KR_BIN_TO_TEMPLATE_DIR, installed, PATH_MAX) ? installed
										 : KR_TEMPLATE_DIR;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the templates that can be named (NAME.yaml in the folders), sorted, at most max;
 * returns how many. */
static size_t template_names(kr_arena *a, const char **names, size_t max)
{
	char installed[PATH_MAX];
	const char *dirs[N_DIRS];
	template_dirs(dirs, installed);
	size_t n = 0;
	for (size_t i = 0; i < N_DIRS; i++) {
		DIR *dir = dirs[i] && *dirs[i] ? opendir(dirs[i]) : NULL;
		for (struct dirent *e; dir && n < max && (e = readdir(dir));) {
			size_t len = strlen(e->d_name);
			if (len <= 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".yaml") != 0)
				continue;
			const char *name = kr_strndup(a, e->d_name, len - 5);
			bool seen = false;
			for (size_t k = 0; k < n && !seen; k++)
				seen = strcmp(names[k], name) == 0;
			if (!seen)
				names[n++] = name;
		}
		if (dir)
			closedir(dir);
	}
	qsort(names, n, sizeof *names, cmp_str);
	return n;
}

/* A template name found nowhere: the names there are, with the closest one. */
static void template_not_found(kr_doc *doc, kr_diags *d, const char *name, kr_loc where,
			       const char *tried)
{
	const char *names[32] = {NULL}; /* none read when name is a path */
	size_t n = strchr(name, '/') ? 0 : template_names(doc->arena, names, N(names));
	char list[512];
	kr_join(list, sizeof list, names, n);
	const char *guess = kr_closest(name, names, n);
	if (guess)
		kr_diag(d, doc->path, where, KR_D_TEMPLATE,
			"template '%s' not found; did you mean '%s'? (the templates are %s)", name,
			guess, list);
	else if (n)
		kr_diag(d, doc->path, where, KR_D_TEMPLATE,
			"template '%s' not found; the templates are %s (looked in %s)", name, list,
			tried);
	else
		kr_diag(d, doc->path, where, KR_D_TEMPLATE, "template '%s' not found (looked in %s)",
			name, tried);
}

/* The template's file, or NULL; *tried: where it was looked for (arena). */
static char *find_template(const kr_doc *doc, const char *name, const char **tried)
{
	kr_arena *a = doc->arena;
	if (strchr(name, '/')) {
		const char *slash = strrchr(doc->path, '/');
		char *p = slash ? kr_sprintf(a, "%.*s/%s", (int)(slash - doc->path), doc->path, name)
				: kr_strdup(a, name);
		*tried = p;
		return readable(p) ? p : NULL;
	}
	char installed[PATH_MAX];
	const char *dirs[N_DIRS];
	template_dirs(dirs, installed);
	*tried = "";
	for (size_t i = 0; i < N(dirs); i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		char *p = kr_sprintf(a, "%s/%s.yaml", dirs[i], name);
		if (readable(p))
			return p;
		*tried = kr_sprintf(a, "%s%s%s", *tried, **tried ? ", " : "", dirs[i]);
	}
	return NULL;
}

const kr_template *kr_template_load(kr_doc *doc, kr_diags *d)
{
	const char *name = doc->template_name.s ? doc->template_name.s : "kodaira-kpi";
	kr_loc where = doc->template_name.s ? doc->template_name.loc : KR_LOC(1, 1);
	if (!template_name_ok(name)) {
		kr_diag(d, doc->path, where, KR_D_TEMPLATE,
			"template '%s' must be a name such as kodaira-kpi, or a relative path to a .yaml "
			"file inside the handout's folder such as ./my-template.yaml",
			name);
		return NULL;
	}
	const char *tried;
	char *path = find_template(doc, name, &tried);
	if (!path) {
		template_not_found(doc, d, name, where, tried);
		return NULL;
	}
	size_t before = kr_diags_errors(d);
	kr_node *root = kr_yaml_read(doc->arena, d, path);
	if (!root)
		return NULL;
	raw_template *rt = kr_alloc(doc->arena, sizeof *rt);
	kr_loader l = {.arena = doc->arena, .diags = d, .file = path};
	kr_load_map(&l, root, &template_schema, rt);
	kr_template *t = kr_alloc(doc->arena, sizeof *t);
	t->path = path;
	t->arena = doc->arena;
	check_and_convert(doc, d, path, rt, t);
	if (kr_diags_errors(d) > before) {
		kr_diag(d, doc->path, where, KR_D_TEMPLATE, "template '%s' (%s) is invalid", name, path);
		return NULL;
	}
	return t;
}

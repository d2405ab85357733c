/* The KPI sheet (one row per KPI with live 達成率, 判定 and long-term progress formulas, each
 * cached with the computed value the PDF prints) and the chart sheet that plots 達成率 per KPI. */
#include <stdlib.h>
#include <string.h>

#include "wareki.h"
#include "xlsx.h"

enum kcol {
	K_NO, K_PROJECT, K_NAME, K_UNIT, K_TARGET, K_ACTUAL, K_DIR, K_BASE, K_ACH, K_VERDICT,
	K_LT, K_LT_FY, K_LT_PROG, K_DUE, K_NOTE,
	K_OK, K_LOW, K_LINE, /* hidden: the chart's series */
	K_LABEL,             /* hidden: the chart's bar label, the KPI and its project */
	K_KEY,               /* hidden: the row's key for the merge */
	K_COUNT
};

/* The columns of the KPI sheet: fixed by the format (the projects sheet's come from the
 * template).  Widths in characters. */
static const struct {
	const char *label;
	double width;
} kcols[K_COUNT] = {
	[K_NO] = {"No.", 4.5},
	[K_PROJECT] = {"事業", 30},
	[K_NAME] = {"KPI", 30},
	[K_UNIT] = {"単位", 6},
	[K_TARGET] = {"目標値", 11},
	[K_ACTUAL] = {"実績値", 11},
	[K_DIR] = {"増減", 6},
	[K_BASE] = {"基準値", 10},
	[K_ACH] = {"達成率", 9},
	[K_VERDICT] = {"判定", 8},
	[K_LT] = {"将来KPI", 11},
	[K_LT_FY] = {"目標年度", 10},
	[K_LT_PROG] = {"将来KPIに\n対する進捗", 11},
	[K_DUE] = {"目標年月", 12},
	[K_NOTE] = {"備考", 26},
	[K_OK] = {"グラフ用:達成", 9},
	[K_LOW] = {"グラフ用:未達成", 9},
	[K_LINE] = {"グラフ用:100%", 9},
	[K_LABEL] = {"グラフ用:項目", 9},
	[K_KEY] = {"照合キー", 9},
};

#define KPI_HEAD_ROW 3

/* Fraction digits a value needs (0..6). */
static int decimals(kr_dec d)
{
	int64_t f = llabs(d.m % KR_DEC_SCALE);
	if (!f)
		return 0;
	int n = KR_DEC_DIGITS;
	while (f % 10 == 0)
		f /= 10, n--;
	return n;
}

static int kpi_decimals(const kr_kpi *k)
{
	int n = 0;
	const kr_num *v[] = {&k->target, &k->actual, &k->baseline, &k->long_term.target};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i]->set && !v[i]->null && decimals(v[i]->v) > n)
			n = decimals(v[i]->v);
	return n;
}

/* A string literal for a formula: "text" with " doubled.  Only template labels go through this;
 * user text is never put into a formula. */
static const char *literal(kr_xw *x, const char *s)
{
	return kr_xw_quoted(x, s, '"');
}

static bool write_num(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const kr_num *n,
		      lxw_format *f)
{
	if (!n->set || n->null)
		return kr_xw_ok(x, worksheet_write_blank(ws, r, c, f));
	return kr_xw_ok(x, worksheet_write_number(ws, r, c, kr_dec_to_double(n->v), f));
}

/* The formulas of one row.  Cell names are relative so that a copied row keeps working. */
static bool kpi_formulas(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, const kr_kpi *k)
{
	char T[KR_XW_CELL], A[KR_XW_CELL], D[KR_XW_CELL], B[KR_XW_CELL], P[KR_XW_CELL],
		J[KR_XW_CELL], L[KR_XW_CELL];
	kr_xw_cell(T, r, K_TARGET);
	kr_xw_cell(A, r, K_ACTUAL);
	kr_xw_cell(D, r, K_DIR);
	kr_xw_cell(B, r, K_BASE);
	kr_xw_cell(P, r, K_ACH);
	kr_xw_cell(J, r, K_VERDICT);
	kr_xw_cell(L, r, K_LT);
	const char *dec = literal(x, x->t->label[KR_LABEL_DECREASE]);
	/* 達成率: increase actual/target; decrease (baseline-actual)/(baseline-target), or
	 * target/actual without a baseline, where an actual of 0 has no ratio (but is achieved).
	 * Blank when the actual is unknown or the target is text.  判定 compares actual and target
	 * exactly, as compute.c does, rather than the rounded ratio. */
	const char *ach = kr_sprintf(
		x->arena,
		"=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(%s=%s,IF(ISNUMBER(%s),(%s-%s)/(%s-%s),"
		"IF(%s=0,\"\",%s/%s)),%s/%s),\"\")",
		A, T, D, dec, B, B, A, B, T, A, T, A, A, T);
	const char *verdict = kr_sprintf(
		x->arena, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s)),IF(IF(%s=%s,%s<=%s,%s>=%s),%s,%s),\"\")",
		A, T, D, dec, A, T, A, T, literal(x, x->t->label[KR_LABEL_MET]), literal(x, x->t->label[KR_LABEL_NOT_MET]));
	const char *prog = kr_sprintf(
		x->arena, "=IF(AND(ISNUMBER(%s),ISNUMBER(%s),%s<>%s),IF(%s>0,%s/%s,\"\"),\"\")", A, L,
		D, dec, L, A, L);
	const char *vcache = kr_cells_verdict(&x->cells, k);
	lxw_format *pct = x->xf[KR_XF_PCT][0], *ctr = x->xf[KR_XF_CENTER][0];
	bool has = k->achievement.has;
	double ratio = k->achievement.ratio;
	return kr_xw_formula(x, ws, r, K_ACH, ach, pct, has, ratio) &&
	       kr_xw_formula_str(x, ws, r, K_VERDICT, verdict, ctr, vcache) &&
	       kr_xw_formula(x, ws, r, K_LT_PROG, prog, pct, k->long_term_progress.has,
			     k->long_term_progress.ratio) &&
	       /* The chart's two series: met and not met, so each bar is coloured live. */
	       kr_xw_formula(x, ws, r, K_OK,
			     kr_sprintf(x->arena, "=IF(AND(ISNUMBER(%s),%s=%s),%s,\"\")", P, J,
					literal(x, x->t->label[KR_LABEL_MET]), P),
			     pct, has && k->verdict == KR_VERDICT_MET, ratio) &&
	       kr_xw_formula(x, ws, r, K_LOW,
			     kr_sprintf(x->arena, "=IF(AND(ISNUMBER(%s),%s=%s),%s,\"\")", P, J,
					literal(x, x->t->label[KR_LABEL_NOT_MET]), P),
			     pct, has && k->verdict == KR_VERDICT_NOT_MET, ratio) &&
	       kr_xw_ok(x, worksheet_write_number(ws, r, K_LINE, 1.0, pct));
}

/* A KPI value as the merge compares it: the plain decimal, or "" when absent or null. */
static const char *num_base(kr_xw *x, const kr_num *n)
{
	char buf[KR_DEC_BUF];
	return n->set && !n->null ? kr_strdup(x->arena, kr_dec_plain(n->v, buf)) : "";
}

/* Notes the row's cells for the identity sheet: the actual as input, the rest to be checked. */
static bool kpi_ident(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, const kr_project *p,
		      const kr_kpi *k)
{
	const char *key = kr_xw_key(x, p, (long)(k - p->kpis)), *name = k->name.s ? k->name.s : "";
	const struct {
		lxw_col_t col;
		const char *field, *base;
	} cells[] = {
		{K_ACTUAL, "actual", num_base(x, &k->actual)},
		{K_NAME, "name", name},
		{K_UNIT, "unit", k->unit.s ? k->unit.s : ""},
		{K_TARGET, k->target_text.s ? "target_text" : "target",
		 k->target_text.s ? k->target_text.s : num_base(x, &k->target)},
		{K_BASE, "baseline", num_base(x, &k->baseline)},
		{K_LT, "long_term.target", num_base(x, &k->long_term.target)},
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		kr_xw_ident_add(x, &(kr_xw_ident){x->t->sheet_kpis, r, cells[i].col, key,
						  cells[i].field, i == 0 && kr_xw_editable(x, p),
						  cells[i].base, name, 1, NULL, NULL});
	return kr_xw_text(x, ws, r, K_KEY, key, x->xf[KR_XF_TEXT][0]);
}

static bool kpi_row(kr_xw *x, lxw_worksheet *ws, lxw_row_t r, size_t no, const kr_project *p,
		    const kr_kpi *k)
{
	lxw_format *text = x->xf[KR_XF_TEXT][0], *ctr = x->xf[KR_XF_CENTER][0];
	lxw_format *num = x->xf[KR_XF_NUM0 + kpi_decimals(k)][0];
	lxw_format *num_in = x->xf[KR_XF_NUM0 + kpi_decimals(k)][kr_xw_editable(x, p)];
	char buf[KR_WAREKI_BUF];
	kr_cline name = kr_cells_name(&x->cells, p, true);
	const char *project = kr_cline_text(&x->cells, &name);
	kr_xw_row h;
	kr_xw_row_init(x, &h);
	kr_xw_row_fit(x, &h, project, kcols[K_PROJECT].width);
	kr_xw_row_fit(x, &h, k->name.s, kcols[K_NAME].width);
	kr_xw_row_fit(x, &h, k->note.s, kcols[K_NOTE].width);
	kr_xw_row_fit(x, &h, k->target_text.s, kcols[K_TARGET].width);
	kr_xw_row_fit(x, &h, k->unit.s, kcols[K_UNIT].width);

	if (!kr_xw_ok(x, worksheet_write_number(ws, r, K_NO, (double)no, ctr)) ||
	    !kr_xw_text(x, ws, r, K_PROJECT, project, text) ||
	    !kr_xw_text(x, ws, r, K_NAME, k->name.s, text) ||
	    !kr_xw_text(x, ws, r, K_UNIT, k->unit.s, ctr) ||
	    !(k->target_text.s ? kr_xw_text(x, ws, r, K_TARGET, k->target_text.s, text)
			       : write_num(x, ws, r, K_TARGET, &k->target, num)) ||
	    !write_num(x, ws, r, K_ACTUAL, &k->actual, num_in) ||
	    !kr_xw_text(x, ws, r, K_DIR, kr_cells_direction(&x->cells, k), ctr) ||
	    !write_num(x, ws, r, K_BASE, &k->baseline, num) || !kpi_formulas(x, ws, r, k) ||
	    !write_num(x, ws, r, K_LT, &k->long_term.target, num) ||
	    !kr_xw_text(x, ws, r, K_LT_FY,
			k->long_term.fiscal_year.set
				? kr_fy_short(x->doc, (int)k->long_term.fiscal_year.v, buf)
				: NULL,
			ctr))
		return false;
	/* The chart's label: the KPI, then its project on a line of its own. */
	const char *label = kr_sprintf(x->arena, "%s\n（%s）", k->name.s ? k->name.s : "",
				       p->name.s ? p->name.s : "");
	return kr_xw_text(x, ws, r, K_DUE, kr_cells_due(&x->cells, &k->due), ctr) &&
	       kr_xw_text(x, ws, r, K_NOTE, k->note.s, text) &&
	       kr_xw_text(x, ws, r, K_LABEL, label, text) && kpi_ident(x, ws, r, p, k) &&
	       kr_xw_row_set(x, ws, r, &h);
}

/* Title and meeting line above a table. */
static bool kpi_head(kr_xw *x, lxw_worksheet *ws)
{
	char buf[KR_WAREKI_BUF];
	const char *fy = x->doc->fiscal_year.set
				 ? kr_fy_short(x->doc, (int)x->doc->fiscal_year.v, buf)
				 : NULL;
	kr_xw_row h;
	kr_xw_row_init(x, &h);
	const kr_template *t = x->t;
	const char *labels[K_COUNT] = {
		[K_PROJECT] = t->label[KR_LABEL_KPI_PROJECT], [K_NAME] = t->label[KR_LABEL_KPI_NAME], [K_UNIT] = t->label[KR_LABEL_KPI_UNIT],
		[K_TARGET] = t->label[KR_LABEL_KPI_TARGET], [K_ACTUAL] = t->label[KR_LABEL_KPI_ACTUAL], [K_DIR] = t->label[KR_LABEL_KPI_DIRECTION],
		[K_BASE] = t->label[KR_LABEL_KPI_BASELINE], [K_ACH] = t->label[KR_LABEL_ACHIEVEMENT],
		[K_VERDICT] = t->label[KR_LABEL_KPI_VERDICT], [K_LT] = t->label[KR_LABEL_KPI_LONG_TERM],
		[K_LT_FY] = t->label[KR_LABEL_KPI_LONG_TERM_FY], [K_LT_PROG] = t->label[KR_LABEL_KPI_PROGRESS], [K_DUE] = t->label[KR_LABEL_KPI_DUE],
		[K_NOTE] = t->label[KR_LABEL_KPI_NOTE],
		/* The chart's series take their names from these (hidden) headers: a label given as
		 * a literal name would be read as a formula when it starts with '='. */
		[K_OK] = t->label[KR_LABEL_MET], [K_LOW] = t->label[KR_LABEL_NOT_MET]};
	for (int c = 0; c < K_COUNT; c++) {
		const char *label = labels[c] && *labels[c] ? labels[c] : kcols[c].label;
		if ((c == K_TARGET || c == K_ACTUAL) && fy)
			label = kr_sprintf(x->arena, "%s\n(%s)", label, fy);
		if (!kr_xw_ok(x, worksheet_write_string(ws, KPI_HEAD_ROW, (lxw_col_t)c, label, x->head)))
			return false;
		if (c < K_OK) /* the chart's hidden columns do not set the height */
			kr_xw_row_fit(x, &h, label, kcols[c].width);
	}
	return kr_xw_row_set(x, ws, KPI_HEAD_ROW, &h);
}

static bool kpi_columns(kr_xw *x, lxw_worksheet *ws, bool any_due, bool any_note)
{
	for (int c = 0; c < K_COUNT; c++) {
		lxw_row_col_options hide = {.hidden = 1};
		bool hidden = c >= K_OK || (c == K_DUE && !any_due) || (c == K_NOTE && !any_note);
		if (!kr_xw_ok(x, worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c,
							  kcols[c].width, NULL, hidden ? &hide : NULL)))
			return false;
	}
	return true;
}

static bool kpi_rules(kr_xw *x, lxw_worksheet *ws, lxw_row_t r1, lxw_row_t r2)
{
	char a[KR_XW_CELL];
	const char *fy = x->doc->fiscal_year.set ? kr_fy_short(x->doc, (int)x->doc->fiscal_year.v,
							       (char[KR_WAREKI_BUF]){0})
						 : "対象年度";
	lxw_data_validation v = {
		.validate = LXW_VALIDATION_TYPE_DECIMAL,
		.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
		.value_number = 0,
		.ignore_blank = LXW_VALIDATION_ON,
		.show_input = LXW_VALIDATION_ON,
		.show_error = LXW_VALIDATION_ON,
		.error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
		.input_title = "実績値の入力",
		.input_message = (char *)kr_sprintf(
			x->arena,
			"%sの実績値を、単位列の単位で0以上の数値として入力してください。"
			"まだ分からない場合は空欄のままにします。達成率と判定は自動で計算されます。",
			fy),
		.error_title = "実績値を確認してください",
		.error_message = "実績値には0以上の数値（例: 1250 や 12.5）を入力してください。"
				 "単位や「件」「人」などの文字は入力しません。",
	};
	if (!kr_xw_ok(x, worksheet_data_validation_range(ws, r1, K_ACTUAL, r2, K_ACTUAL, &v)))
		return false;
	lxw_conditional_format low = {
		.type = LXW_CONDITIONAL_TYPE_FORMULA,
		.value_string = (char *)kr_sprintf(x->arena, "=AND(ISNUMBER(%s),%s<1)",
						   kr_xw_cell(a, r1, K_ACH), a),
		.format = x->cf_low,
	};
	lxw_conditional_format met = {
		.type = LXW_CONDITIONAL_TYPE_CELL,
		.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
		.value_string = (char *)literal(x, x->t->label[KR_LABEL_MET]),
		.format = x->cf_met,
	};
	lxw_conditional_format not_met = met;
	not_met.value_string = (char *)literal(x, x->t->label[KR_LABEL_NOT_MET]);
	not_met.format = x->cf_not_met;
	return kr_xw_ok(x, worksheet_conditional_format_range(ws, r1, K_ACH, r2, K_ACH, &low)) &&
	       kr_xw_ok(x, worksheet_conditional_format_range(ws, r1, K_VERDICT, r2, K_VERDICT, &met)) &&
	       kr_xw_ok(x, worksheet_conditional_format_range(ws, r1, K_VERDICT, r2, K_VERDICT,
							      &not_met));
}

bool kr_xw_kpis_sheet(kr_xw *x, lxw_worksheet *ws)
{
	const kr_doc *d = x->doc;
	bool any_due = false, any_note = false;
	lxw_row_t r = KPI_HEAD_ROW + 1;
	size_t no = 0;
	if (!kr_xw_title_block(x, ws) || !kpi_head(x, ws))
		return false;
	for (size_t i = 0; i < d->n_projects; i++) {
		const kr_project *top = &d->projects[i];
		for (size_t s = 0; s <= top->n_subprojects; s++) {
			const kr_project *p = s == 0 ? top : &top->subprojects[s - 1];
			for (size_t j = 0; j < p->n_kpis; j++) {
				const kr_kpi *k = &p->kpis[j];
				any_due |= k->due.set;
				any_note |= k->note.s != NULL;
				if (!kpi_row(x, ws, r++, ++no, p, k))
					return false;
			}
		}
	}
	x->kpi_first_row = KPI_HEAD_ROW + 1;
	x->kpi_last_row = r - 1;
	x->kpi_col_name = K_NAME;
	x->kpi_col_ok = K_OK;
	x->kpi_col_low = K_LOW;
	x->kpi_col_line = K_LINE;
	x->key_col_kpis = K_KEY;
	lxw_col_t last = any_note ? K_NOTE : any_due ? K_DUE : K_LT_PROG;
	if (!kpi_columns(x, ws, any_due, any_note) ||
	    !kr_xw_ok(x, worksheet_autofilter(ws, KPI_HEAD_ROW, 0, no ? r - 1 : KPI_HEAD_ROW, last)) ||
	    (no && !kpi_rules(x, ws, KPI_HEAD_ROW + 1, r - 1)))
		return false;
	worksheet_freeze_panes(ws, KPI_HEAD_ROW + 1, K_NAME + 1);
	kr_xw_protect(x, ws);
	return kr_xw_page_setup(x, ws, KPI_HEAD_ROW, KPI_HEAD_ROW, false);
}

/* ------------------------------------------------------------------------------------------ */
/* The chart sheet */

/* A readable chart: this many bars at most, one chart per printed page. */
#define KR_XW_CHART_BARS 12
#define KR_XW_CHART_ROWS 30 /* sheet rows a chart takes (20 px each) */

/* The chart of KPI rows r1..r2, the i-th of n, at sheet row at. */
static bool one_chart(kr_xw *x, lxw_worksheet *ws, lxw_row_t r1, lxw_row_t r2, size_t i, size_t n,
		      lxw_row_t at)
{
	lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR);
	if (!ch) {
		kr_xw_fail(x, "cannot write the workbook: cannot add the chart");
		return false;
	}
	/* Regular weight only: the font has no bold face, and a client would take the Latin
	 * letters of bold text from another font. */
	const char *font = x->t->xlsx_font && *x->t->xlsx_font ? x->t->xlsx_font : "IPAexGothic";
	lxw_chart_font f_title = {.name = (char *)font, .size = 12, .charset = 128};
	lxw_chart_font f_axis = {.name = (char *)font, .size = 9, .charset = 128};
	lxw_chart_font f_label = {.name = (char *)font, .size = 8, .charset = 128};
	const char *ach = x->t->label[KR_LABEL_ACHIEVEMENT];
	const char *cats = kr_xw_range(x, x->q_kpis, r1, K_LABEL, r2, K_LABEL) + 1;
	struct {
		lxw_col_t col;
		lxw_color_t color;
	} bars[] = {
		{K_OK, 0x4F81BD},
		{K_LOW, 0xE46C0A},
	};
	for (size_t b = 0; b < 2; b++) {
		lxw_chart_series *s = chart_add_series(
			ch, cats, kr_xw_range(x, x->q_kpis, r1, bars[b].col, r2, bars[b].col) + 1);
		if (!s) {
			kr_xw_fail(x, "cannot write the workbook: cannot add a chart series");
			return false;
		}
		chart_series_set_name_range(s, x->t->sheet_kpis, KPI_HEAD_ROW, bars[b].col);
		lxw_chart_fill fill = {.color = bars[b].color};
		lxw_chart_line none = {.none = 1};
		chart_series_set_fill(s, &fill);
		chart_series_set_line(s, &none);
		chart_series_set_labels(s);
		chart_series_set_labels_num_format(s, kr_sprintf(x->arena, "%s;;", x->pct_format));
		chart_series_set_labels_font(s, &f_label);
		chart_series_set_labels_position(s, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
	}
	/* The 100 % line: an invisible series of ones whose linear trend line, extended half a
	 * category each way, spans the plot (libxlsxwriter cannot combine a line chart). */
	lxw_chart_series *s = chart_add_series(
		ch, cats, kr_xw_range(x, x->q_kpis, r1, K_LINE, r2, K_LINE) + 1);
	if (!s) {
		kr_xw_fail(x, "cannot write the workbook: cannot add a chart series");
		return false;
	}
	lxw_chart_fill nofill = {.none = 1};
	lxw_chart_line noline = {.none = 1};
	lxw_chart_line red = {.color = 0xC00000, .width = 1.75, .dash_type = LXW_CHART_LINE_DASH_DASH};
	chart_series_set_name(s, "100%");
	chart_series_set_fill(s, &nofill);
	chart_series_set_line(s, &noline);
	chart_series_set_trendline(s, LXW_CHART_TRENDLINE_TYPE_LINEAR, 0);
	chart_series_set_trendline_forecast(s, 0.5, 0.5);
	chart_series_set_trendline_name(s, "目標(100%)");
	chart_series_set_trendline_line(s, &red);

	chart_set_series_overlap(ch, 100);
	chart_set_series_gap(ch, 60);
	const char *part = n > 1 ? kr_sprintf(x->arena, "（%zu/%zu）", i + 1, n) : "";
	chart_title_set_name(ch, kr_sprintf(x->arena, "KPI別の%s%s\n青は%s、橙は%s、赤の破線は目標の100%%",
					    ach, part, x->t->label[KR_LABEL_MET],
					    x->t->label[KR_LABEL_NOT_MET]));
	chart_title_set_name_font(ch, &f_title);
	/* In a bar chart libxlsxwriter's x axis is the value axis, its y axis the categories. */
	lxw_chart_axis *val = ch->x_axis, *cat = ch->y_axis;
	chart_axis_set_num_format(val, "0%");
	chart_axis_set_min(val, 0);
	chart_axis_set_num_font(val, &f_axis);
	chart_axis_set_num_font(cat, &f_axis);
	chart_axis_set_label_position(cat, LXW_CHART_AXIS_LABEL_POSITION_LOW);
	chart_axis_set_interval_unit(cat, 1); /* every bar's label, none skipped */
	chart_axis_major_gridlines_set_visible(val, LXW_TRUE);
	/* Bars from the top down in the KPI sheet's order, the value axis below them. */
	chart_axis_set_reverse(cat);
	chart_axis_set_crossing_max(cat);
	/* No legend: clients disagree on which entry a deleted legend index names (LibreOffice
	 * counts a bar chart's entries bottom up), so the title says what the colours mean. */
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	chart_show_hidden_data(ch); /* the series live in hidden columns */

	/* About one A4 landscape page for a full chart: 1000 px wide, 40 px a bar (room for a
	 * label of three lines). */
	double height = 80 + 40.0 * (double)(r2 - r1 + 1);
	lxw_chart_options o = {.x_offset = 4, .y_offset = 4, .x_scale = 1000.0 / 480,
			       .y_scale = height / 288,
			       .description = "KPI別の達成率の棒グラフ。破線は目標の100%。"};
	return kr_xw_ok(x, worksheet_insert_chart_opt(ws, at, 0, ch, &o));
}

bool kr_xw_chart_sheet(kr_xw *x, lxw_worksheet *ws)
{
	if (!kr_xw_title_block(x, ws))
		return false;
	kr_xw_protect(x, ws);
	if (!kr_xw_page_setup(x, ws, 1, 0, false))
		return false;
	if (x->kpi_last_row < x->kpi_first_row)
		return kr_xw_text(x, ws, 3, 0, "KPIがありません。", NULL);
	/* The KPIs in charts of at most KR_XW_CHART_BARS bars, as even as they go, one a page. */
	size_t kpis = x->kpi_last_row - x->kpi_first_row + 1;
	size_t n = (kpis + KR_XW_CHART_BARS - 1) / KR_XW_CHART_BARS;
	lxw_row_t *breaks = kr_alloc_array(x->arena, n + 1, sizeof *breaks);
	lxw_row_t r = x->kpi_first_row;
	for (size_t i = 0; i < n; i++) {
		size_t bars = kpis / n + (i < kpis % n);
		lxw_row_t at = 3 + (lxw_row_t)(i * KR_XW_CHART_ROWS);
		if (i > 0)
			breaks[i - 1] = at;
		if (!one_chart(x, ws, r, r + (lxw_row_t)bars - 1, i, n, at))
			return false;
		r += (lxw_row_t)bars;
	}
	breaks[n - 1] = 0;
	return n < 2 || kr_xw_ok(x, worksheet_set_h_pagebreaks(ws, breaks));
}

/* Templates: the layout of a handout as data (paper, fonts, columns, labels, marks).
 * Renderers read a kr_template and never hard-code columns.  A template is loaded into the arena of
 * the document that names it; its labels are already expanded for that document ({fy} etc.). */
#ifndef KR_TEMPLATE_H
#define KR_TEMPLATE_H

#include "model.h"

/* What a column shows.  The names are the template's `field:` values (see kr_field_parse). */
#define KR_FIELD_LIST(X)                                                                   \
	X(NAME, "name", "事業名: 【grant_program】, number and name")                         \
	X(NUMBER, "number", "display number")                                                 \
	X(GRANT_PROGRAM, "grant_program", "交付金の種類")                                      \
	X(DEPARTMENT, "department", "担当課")                                                  \
	X(CODE, "code", "総合戦略上の位置付け")                                                \
	X(STATUS, "status", "新規 / 継続 / 拡充")                                              \
	X(COST, "cost", "事業費 (money)")                                                      \
	X(GRANT, "grant", "交付金 (money)")                                                    \
	X(GRANT_RATIO, "grant_ratio", "交付金充当率 (computed)")                               \
	X(OVERVIEW, "overview", "事業の概要")                                                  \
	X(KPIS, "kpis", "KPI: one block per KPI, lines chosen by kpi_lines")                  \
	X(RATING, "rating", "事業効果 (one of ratings)")                                       \
	X(RESULTS, "results", "事業の実績・効果")                                              \
	X(PLANS, "plans", "今年度の取組み")                                                    \
	X(POLICY, "policy", "今後の方針 and its reason")                                       \
	X(COMMITTEE, "committee", "委員会の評価: rating and comment, or the prompt")          \
	X(EXTRA, "extra", "a template-declared extra text (key: names it)")

enum kr_field {
#define X(id, name, doc) KR_FIELD_##id,
	KR_FIELD_LIST(X)
#undef X
	KR_FIELD_COUNT
};

/* Lines of a KPI block, in the order the template lists them (kpi_lines). */
#define KR_KPI_LINE_LIST(X)                                                 \
	X(NAME, "name", "・name")                                              \
	X(BASELINE, "baseline", "【基準値】baseline+unit")                      \
	X(TARGET, "target", "【KPI】target+unit, or the target text")          \
	X(DUE, "due", "目標年月")                                               \
	X(ACTUAL, "actual", "【実績】actual+unit")                              \
	X(ACHIEVEMENT, "achievement", "達成率 and 判定, with a bar")            \
	X(LONG_TERM, "long_term", "※将来KPI target (wareki year)")             \
	X(NOTE, "note", "※note")

enum kr_kpi_line {
#define X(id, name, doc) KR_KPI_LINE_##id,
	KR_KPI_LINE_LIST(X)
#undef X
	KR_KPI_LINE_COUNT
};

/* The template's fixed texts (its labels: key), with their defaults.  X(id, key, default). */
#define KR_LABEL_LIST(X)                                                                   \
	X(SESSION, "session", "第{n}回")                                                      \
	X(TARGET, "target", "【KPI】")                                                        \
	X(ACTUAL, "actual", "【実績】")                                                       \
	X(BASELINE, "baseline", "【基準値】")                                                 \
	X(DUE, "due", "【目標年月】")                                                         \
	X(ACHIEVEMENT, "achievement", "達成率")                                               \
	X(LONG_TERM, "long_term", "※将来KPI")                                                 \
	X(MET, "met", "達成")                                                                 \
	X(NOT_MET, "not_met", "未達成")                                                       \
	X(UNKNOWN, "unknown", "未確定")                                                       \
	X(CONTINUED, "continued", "（続き）")                                                 \
	X(LEGEND, "legend", "【選択肢】")                                                     \
	X(COMMITTEE_LEGEND, "committee_legend", "【委員会評価の選択肢】")                     \
	X(POLICY_LEGEND, "policy_legend", "【今後の方針の選択肢】")                           \
	X(NOTES, "notes", "")                                                                 \
	X(TOTAL, "total", "合計")                                                             \
	X(COMMITTEE_PROMPT, "committee_prompt", "")                                           \
	X(KPI_PROJECT, "kpi_project", "事業")                                                 \
	X(KPI_NAME, "kpi_name", "KPI")                                                        \
	X(KPI_UNIT, "kpi_unit", "単位")                                                       \
	X(KPI_TARGET, "kpi_target", "目標値")                                                 \
	X(KPI_ACTUAL, "kpi_actual", "実績値")                                                 \
	X(KPI_DIRECTION, "kpi_direction", "増減")                                             \
	X(KPI_BASELINE, "kpi_baseline", "基準値")                                             \
	X(KPI_VERDICT, "kpi_verdict", "判定")                                                 \
	X(KPI_LONG_TERM, "kpi_long_term", "将来KPI")                                          \
	X(KPI_LONG_TERM_FY, "kpi_long_term_fy", "目標年度")                                   \
	X(KPI_PROGRESS, "kpi_progress", "将来KPIに\n対する進捗")                              \
	X(KPI_DUE, "kpi_due", "目標年月")                                                     \
	X(KPI_NOTE, "kpi_note", "備考")                                                       \
	X(INCREASE, "increase", "増加")                                                       \
	X(DECREASE, "decrease", "減少")

enum kr_label {
#define X(id, key, def) KR_LABEL_##id,
	KR_LABEL_LIST(X)
#undef X
	KR_LABEL_COUNT
};

enum kr_align { KR_ALIGN_LEFT, KR_ALIGN_CENTER, KR_ALIGN_RIGHT };

typedef struct {
	enum kr_field field;
	const char *extra_key; /* KR_FIELD_EXTRA: which extra */
	const char *label;     /* header text, expanded; "\n" forces a break */
	const char *group;     /* header group spanning adjacent columns with the same group, or NULL */
	double width;          /* relative width, > 0 */
	enum kr_align align;
	kr_loc loc;
} kr_column;

typedef struct {
	const char *key;   /* as used in a project's extra: */
	const char *label; /* header / xlsx label */
	kr_loc loc;
} kr_extra_field;

/* Everything a template sets.  Lengths are in points (the YAML gives millimetres). */
struct kr_template {
	const char *name;
	const char *path;
	kr_arena *arena;

	double page_w, page_h;                     /* points, orientation applied */
	double margin_top, margin_right, margin_bottom, margin_left;
	const char *font_family;                   /* fontconfig family for the PDF */
	kr_loc font_family_loc;                    /* where the template names it (0:0 if default) */
	const kr_str *font_fallback;               /* families for what font_family lacks, in order */
	size_t n_font_fallback;
	double size_title, size_meeting, size_header, size_body, size_small, size_footer;
	double line_gap;                           /* extra leading as a fraction of the size */
	double cell_pad;                           /* points of padding inside a cell */

	kr_column *columns;
	size_t n_columns;

	enum kr_kpi_line kpi_lines[KR_KPI_LINE_COUNT];
	size_t n_kpi_lines;

	kr_extra_field *extra_fields;
	size_t n_extra_fields;

	/* Marks and labels, expanded. */
	const char *mark_no_kpi;      /* "_" */
	const char *mark_no_grant;    /* "-" */
	const char *mark_none;        /* an absent value, e.g. "-" */
	const char *mark_negative;    /* before a negative rate: "▲" (as public finance writes it) */
	const char *label[KR_LABEL_COUNT]; /* the labels, expanded ({n} left for the renderer) */
	const char *footer;           /* "{page} / {pages}" */
	kr_loc footer_loc;            /* where the template gives it (0:0 for the default) */
	bool money_thousands;         /* 千円 instead of 円 */
	double min_fill;              /* a row moves whole to the next page only if the page is at
	                                 least this full (0.75: at most a quarter left empty) */

	/* xlsx */
	const char *xlsx_font;        /* cell font name */
	double xlsx_font_size;
	const char *xlsx_password;    /* sheet protection password, "" = none */
	const char *sheet_projects, *sheet_kpis, *sheet_info, *sheet_chart;
	kr_column *xlsx_columns;      /* columns of the projects sheet */
	size_t n_xlsx_columns;
};


#endif

/* The CSV renderer: STEM.csv, the handout's figures as open data, following 総務省「統計表における
 * 機械判読可能なデータの表記方法の統一ルール」: one table, a header row and data rows only, one value
 * per cell, numbers as plain numbers (no separators, no units: the unit is in the header, money
 * in 円 whatever the template prints), dates ISO 8601, fiscal years in 西暦, every computed value
 * as a value.  One row per KPI carrying its project's fields; a project or subproject without a
 * KPI has one row with the KPI fields empty.  UTF-8 with a BOM (Excel opens it without mojibake),
 * RFC 4180 (CRLF, quotes doubled inside quoted fields).  docs/opendata.md lists the columns.
 *
 * A text field that a spreadsheet would take for a formula (its first character = + - @, a tab
 * or a CR) gets an apostrophe in front, and so does one that begins with an apostrophe: remove
 * one leading apostrophe from a text field to recover the value exactly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "output.h"
#include "render.h"

#define KR_CSV_COLUMNS(X)                                                                  \
	X(CITY_CODE, "全国地方公共団体コード")                                             \
	X(CITY, "地方公共団体名")                                                          \
	X(FY, "対象年度（西暦）")                                                                  \
	X(TITLE, "資料の表題")                                                             \
	X(ID, "事業ID")                                                                    \
	X(PARENT, "親事業ID")                                                              \
	X(NUMBER, "事業番号")                                                              \
	X(PROGRAM, "交付金の種類")                                                         \
	X(NAME, "事業名")                                                                  \
	X(DEPARTMENT, "担当課")                                                            \
	X(CODE, "総合戦略上の位置付け")                                                    \
	X(STATUS, "事業の区分")                                                            \
	X(COST, "事業費（円）")                                                            \
	X(GRANT, "交付金（円）")                                                           \
	X(GRANT_RATIO, "交付金充当率（％）")                                               \
	X(OVERVIEW, "事業の概要")                                                          \
	X(RATING, "事業効果")                                                              \
	X(RESULTS, "事業の実績・効果")                                                     \
	X(PLANS, "今年度の取組み")                                                         \
	X(POLICY, "今後の方針")                                                            \
	X(POLICY_REASON, "今後の方針の理由")                                               \
	X(COMMITTEE, "委員会の評価")                                                       \
	X(COMMITTEE_COMMENT, "委員会の意見")                                               \
	X(EXTRAS, NULL) /* one column per extra field of the template, headed by its label */ \
	X(KPI_NO, "指標番号")                                                              \
	X(KPI_NAME, "指標名")                                                              \
	X(KPI_UNIT, "指標の単位")                                                          \
	X(KPI_DIRECTION, "指標の増減の別")                                                 \
	X(KPI_BASELINE, "基準値")                                                          \
	X(KPI_TARGET, "目標値")                                                            \
	X(KPI_TARGET_TEXT, "目標（文章）")                                                 \
	X(KPI_DUE, "目標年月")                                                             \
	X(KPI_ACTUAL, "実績値")                                                            \
	X(KPI_ACHIEVEMENT, "達成率（％）")                                                 \
	X(KPI_VERDICT, "判定")                                                             \
	X(KPI_LONG_TERM, "将来目標値")                                                     \
	X(KPI_LONG_TERM_FY, "将来目標の年度（西暦）")                                              \
	X(KPI_PROGRESS, "将来目標に対する進捗率（％）")                                    \
	X(KPI_NOTE, "指標の備考")

enum csv_col {
#define X(id, header) COL_##id,
	KR_CSV_COLUMNS(X)
#undef X
	COL_COUNT
};

static const char *const headers[] = {
#define X(id, header) header,
	KR_CSV_COLUMNS(X)
#undef X
};

typedef struct {
	const kr_doc *doc;
	const kr_template *t;
	kr_cells cells;
	FILE *f;
	bool first; /* no comma before the next field */
} cw;

/* ------------------------------------------------------------------------------------------ */
/* Fields */

static void sep(cw *w)
{
	if (!w->first)
		fputc(',', w->f);
	w->first = false;
}

/* A text field: quoted when it holds a comma, a quote or a line break; an apostrophe in front
 * when a spreadsheet would read it as a formula (or it begins with one). */
static void text(cw *w, const char *s)
{
	sep(w);
	if (!s || !*s)
		return;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', w->f);
	if (strchr("=+-@\t\r'", *s))
		fputc('\'', w->f);
	for (const char *p = s;;) { /* a double quote is doubled */
		size_t n = strcspn(p, "\"");
		fwrite(p, 1, n + (p[n] == '"'), w->f);
		if (!p[n])
			break;
		fputc('"', w->f);
		p += n + 1;
	}
	if (quote)
		fputc('"', w->f);
}

/* A number, as plain digits. */
static void number(cw *w, const char *s)
{
	sep(w);
	if (s)
		fputs(s, w->f);
}

static void integer(cw *w, bool has, int64_t v)
{
	sep(w);
	if (has)
		fprintf(w->f, "%lld", (long long)v);
}

static void decimal(cw *w, const kr_num *n)
{
	char buf[KR_DEC_BUF];
	number(w, n->set && !n->null ? kr_dec_plain(n->v, buf) : NULL);
}

/* A percentage in tenths as the documents print it: 174.2. */
static void percent(cw *w, const kr_pct *p)
{
	sep(w);
	if (!p->has)
		return;
	int64_t t = p->tenths, a = t < 0 ? -t : t;
	fprintf(w->f, "%s%lld.%lld", t < 0 ? "-" : "", (long long)(a / 10), (long long)(a % 10));
}

static void month(cw *w, const kr_date *d)
{
	sep(w);
	if (!d->set)
		return;
	fprintf(w->f, "%04d-%02d", d->y, d->m);
	if (d->d)
		fprintf(w->f, "-%02d", d->d);
}

/* Texts as the cell layer joins them: items one a line, without bullets. */
static void texts(cw *w, const kr_texts *t)
{
	text(w, kr_cells_texts(&w->cells, t, false));
}

/* ------------------------------------------------------------------------------------------ */
/* Rows */

static void project_fields(cw *w, const kr_project *p, const char *id, const char *parent_id)
{
	const kr_doc *d = w->doc;
	text(w, d->municipality.code.s);
	text(w, d->municipality.name.s);
	integer(w, d->fiscal_year.set, d->fiscal_year.v);
	text(w, d->title.s);
	text(w, id);
	text(w, parent_id);
	text(w, p->label);
	text(w, p->grant_program.s);
	text(w, p->name.s);
	text(w, p->department.s);
	text(w, p->code.s);
	text(w, p->status.s);
	integer(w, p->cost_total.has, p->cost_total.v);
	integer(w, p->grant.set, p->grant.v);
	percent(w, &p->grant_ratio);
	texts(w, &p->overview);
	text(w, p->rating.s);
	texts(w, &p->results);
	texts(w, &p->plans);
	text(w, p->policy.set ? p->policy.choice.s : NULL);
	texts(w, p->policy.set ? &p->policy.reason : NULL);
	text(w, p->committee.set ? p->committee.rating.s : NULL);
	texts(w, p->committee.set ? &p->committee.comment : NULL);
	for (size_t i = 0; i < w->t->n_extra_fields; i++)
		texts(w, kr_project_extra(p, w->t->extra_fields[i].key));
}

static void kpi_fields(cw *w, size_t no, const kr_kpi *k)
{
	char fy[24];
	integer(w, true, (int64_t)no);
	text(w, k->name.s);
	text(w, k->unit.s);
	text(w, kr_cells_direction(&w->cells, k));
	decimal(w, &k->baseline);
	decimal(w, &k->target);
	text(w, k->target_text.s);
	month(w, &k->due);
	decimal(w, &k->actual);
	percent(w, &k->achievement);
	text(w, kr_cells_verdict(&w->cells, k));
	decimal(w, k->long_term.set ? &k->long_term.target : &(kr_num){0});
	snprintf(fy, sizeof fy, "%lld", (long long)k->long_term.fiscal_year.v);
	number(w, k->long_term.set && k->long_term.fiscal_year.set ? fy : NULL);
	percent(w, &k->long_term_progress);
	text(w, k->note.s);
}

/* A project's rows: its fields are written once (with the cells' strings in an arena of the
 * project's own) and repeated on the row of each KPI. */
static void rows(cw *w, const kr_project *p, const char *id, const char *parent_id)
{
	FILE *out = w->f;
	char *fields = NULL;
	size_t len = 0;
	if (!(w->f = open_memstream(&fields, &len)))
		kr_oom();
	kr_arena *a = w->cells.a;
	w->cells.a = kr_arena_new();
	w->first = true;
	project_fields(w, p, id, parent_id);
	if (fclose(w->f) != 0 || !fields)
		kr_oom();
	kr_arena_free(w->cells.a);
	w->cells.a = a;
	w->f = out;
	for (size_t i = 0; i < (p->n_kpis ? p->n_kpis : 1); i++) {
		fwrite(fields, 1, len, w->f);
		w->first = false;
		if (p->n_kpis)
			kpi_fields(w, i + 1, &p->kpis[i]);
		else
			for (int c = COL_KPI_NO; c < COL_COUNT; c++)
				sep(w);
		fputs("\r\n", w->f);
	}
	free(fields);
}

int kr_render_csv(const kr_render_ctx *ctx)
{
	kr_arena *a = kr_arena_new();
	cw w = {.doc = ctx->doc, .t = ctx->tmpl};
	w.cells = kr_cells_for(ctx->doc, a, w.t->columns, w.t->n_columns);
	kr_memfile out;
	w.f = kr_memfile_open(&out);
	fputs("\xEF\xBB\xBF", w.f); /* BOM */
	w.first = true;
	for (int c = 0; c < COL_COUNT; c++)
		if (c == COL_EXTRAS)
			for (size_t i = 0; i < w.t->n_extra_fields; i++)
				text(&w, w.t->extra_fields[i].label);
		else
			text(&w, headers[c]);
	fputs("\r\n", w.f);
	const kr_doc *d = ctx->doc;
	char id[32], sid[80];
	for (size_t i = 0; i < d->n_projects; i++) {
		const kr_project *p = &d->projects[i];
		snprintf(id, sizeof id, "%zu", i + 1);
		rows(&w, p, id, NULL);
		for (size_t j = 0; j < p->n_subprojects; j++) {
			snprintf(sid, sizeof sid, "%zu-%zu", i + 1, j + 1);
			rows(&w, &p->subprojects[j], sid, id);
		}
	}
	int rc = kr_memfile_write(&out, ctx->tmp_path, ctx->final_path, ctx->diags);
	kr_arena_free(a);
	return rc == 0 ? 0 : -1;
}

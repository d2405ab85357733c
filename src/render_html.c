/* The HTML renderer: STEM.html, the accessible web copy of the handout that a city publishes
 * beside the PDF (JIS X 8341-3 / WCAG 2.x AA).  One self-contained file: inline CSS, no script,
 * nothing fetched.  The title block, the table and the legends and notes come in the PDF's reading
 * order; what every cell says comes from the cell layer (cells.h), so the words are the PDF's.
 *
 * The table: a caption; grouped headers (th scope=colgroup over th scope=col); a row header per
 * project and subproject; one tbody per project with its subprojects, set in under it; every
 * data cell names its headers with id/headers (column, group, project, subproject), so that it
 * reaches them whatever column holds the name.  KPI blocks are a list; 達成率 and 判定 are text,
 * the bar beside them is decoration hidden from assistive technology.  On a narrow screen the
 * table scrolls in its own focusable box; printed, the page is A4 landscape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "output.h"
#include "render.h"

typedef struct {
	const kr_render_ctx *rc;
	const kr_doc *doc;
	const kr_template *t;
	kr_cells cells;
	FILE *f;
	size_t *group;   /* per column: 1 + index of its header group, or 0 */
	const char **heads; /* per column: its headers' ids for a data cell ("g1 c6 ") */
	size_t head_col; /* the column of the row headers (the name) */
	bool grouped;    /* the header has two rows */
} hw;

/* ------------------------------------------------------------------------------------------ */
/* Text */

/* s as HTML text or attribute value: & < > " escaped, a line break in the text as <br>. */
static void esc(hw *h, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "&<>\"\n");
		fwrite(s, 1, n, h->f);
		s += n;
		if (!*s)
			return;
		fputs(*s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '"' ? "&quot;"
											: "<br>",
		      h->f);
		s++;
	}
}

/* A mark made of punctuation only (_ - ― ー) says nothing when read aloud: it is shown, and
 * read as なし. */
static bool symbol_only(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t c = kr_utf8_next(s, len, &i);
		bool punct = (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
			      !(c >= '0' && c <= '9')) ||
			     (c >= 0x2010 && c <= 0x2015) || c == 0x30FC || c == 0xFF0D || c == 0xFF3F ||
			     c == 0x3000;
		if (!punct)
			return false;
	}
	return true;
}

static void put_run(hw *h, const kr_run *r, const kr_cblock *b)
{
	switch (r->role) {
	case KR_ROLE_ACHIEVEMENT: {
		fputs("<span class=\"pct\">", h->f);
		esc(h, r->s);
		/* The bar against 100 %, as the PDF draws it: decoration only. */
		double ratio = b && b->kpi ? b->kpi->achievement.ratio : 0;
		int w = (int)(100 * (ratio < 0 ? 0 : ratio > 1 ? 1 : ratio) + 0.5);
		fprintf(h->f, "</span><span class=\"bar\" aria-hidden=\"true\"><span style=\"width:%d%%\">"
			      "</span></span>",
			w);
		return;
	}
	case KR_ROLE_VERDICT: {
		bool met = !b || !b->kpi || b->kpi->verdict == KR_VERDICT_MET;
		fprintf(h->f, "<strong class=\"vd %s\">", met ? "met" : "not-met");
		esc(h, r->s);
		fputs("</strong>", h->f);
		return;
	}
	case KR_ROLE_MARK:
		if (symbol_only(r->s)) {
			fputs("<span aria-hidden=\"true\">", h->f);
			esc(h, r->s);
			fputs("</span><span class=\"vh\">なし</span>", h->f);
			return;
		}
		break;
	default:
		break;
	}
	esc(h, r->s);
}

/* A figure and its unit never part at a line end: "10,000件". */
static void put_runs(hw *h, const kr_cline *l, const kr_cblock *b)
{
	for (size_t i = 0; i < l->n; i++) {
		bool unit = l->runs[i].role == KR_ROLE_VALUE && i + 1 < l->n &&
			    l->runs[i + 1].role == KR_ROLE_UNIT;
		if (unit)
			fputs("<span class=\"nw\">", h->f);
		put_run(h, &l->runs[i], b);
		if (unit) {
			put_run(h, &l->runs[++i], b);
			fputs("</span>", h->f);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Cells */

static const char *line_class(enum kr_line_kind k)
{
	switch (k) {
	case KR_LINE_NOTE:
		return " class=\"note\"";
	case KR_LINE_ACHIEVEMENT:
		return " class=\"ach\"";
	case KR_LINE_AMOUNT:
		return " class=\"num\"";
	case KR_LINE_PROMPT:
		return " class=\"prompt\"";
	default:
		return "";
	}
}

/* One line as a paragraph (or a list item, in a list): a hanging number or ※ stays as text, a
 * bullet becomes the list's own marker. */
static void put_line(hw *h, const kr_cline *l, const kr_cblock *b, const char *tag)
{
	if (l->n == 0)
		return;
	fputc('<', h->f);
	fputs(tag, h->f);
	fputs(line_class(l->kind), h->f);
	fputc('>', h->f);
	if (l->kind == KR_LINE_NUMBERED) {
		fputs("<span class=\"no\">", h->f);
		esc(h, l->marker);
		fputs("</span>", h->f);
	} else if (l->kind == KR_LINE_NOTE) {
		esc(h, l->marker);
	}
	put_runs(h, l, b);
	fputs("</", h->f);
	fputs(tag, h->f);
	fputc('>', h->f);
}

static void put_cell(hw *h, const kr_cell *cell)
{
	for (size_t i = 0; i < cell->n; i++) {
		const kr_cblock *b = &cell->blocks[i];
		switch (b->kind) {
		case KR_BLOCK_LINE:
		case KR_BLOCK_PARAS:
			for (size_t j = 0; j < b->n; j++)
				put_line(h, &b->lines[j], b, "p");
			break;
		case KR_BLOCK_LIST:
			fputs("<ul class=\"li\">", h->f);
			for (size_t j = 0; j < b->n; j++)
				put_line(h, &b->lines[j], b, "li");
			fputs("</ul>", h->f);
			break;
		case KR_BLOCK_KPI:
			/* Consecutive KPI blocks are one list, each KPI an item of lines. */
			if (i == 0 || cell->blocks[i - 1].kind != KR_BLOCK_KPI)
				fputs("<ul class=\"kpis\">", h->f);
			fputs("<li>", h->f);
			for (size_t j = 0; j < b->n; j++)
				put_line(h, &b->lines[j], b, "p");
			fputs("</li>", h->f);
			if (i + 1 == cell->n || cell->blocks[i + 1].kind != KR_BLOCK_KPI)
				fputs("</ul>", h->f);
			break;
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* The table */

static const char *align_class(enum kr_align a)
{
	return a == KR_ALIGN_RIGHT ? " class=\"r\"" : a == KR_ALIGN_CENTER ? " class=\"c\"" : "";
}

static bool same_group(const kr_template *t, size_t a, size_t b)
{
	const char *x = t->columns[a].group, *y = t->columns[b].group;
	return x && y && *x && strcmp(x, y) == 0;
}

static void plan(hw *h, kr_arena *a)
{
	const kr_template *t = h->t;
	h->group = kr_alloc_array(a, t->n_columns + 1, sizeof *h->group);
	size_t g = 0;
	for (size_t c = 0; c < t->n_columns; c++) {
		if (!t->columns[c].group || !*t->columns[c].group)
			continue;
		if (c == 0 || !same_group(t, c - 1, c))
			g++;
		h->group[c] = g;
		h->grouped = true;
	}
	h->heads = kr_alloc_array(a, t->n_columns + 1, sizeof *h->heads);
	for (size_t c = 0; c < t->n_columns; c++)
		h->heads[c] = h->group[c] ? kr_sprintf(a, "g%zu c%zu ", h->group[c], c + 1)
					  : kr_sprintf(a, "c%zu ", c + 1);
	h->head_col = 0;
	for (size_t c = 0; c < t->n_columns; c++)
		if (t->columns[c].field == KR_FIELD_NAME) {
			h->head_col = c;
			break;
		}
}

static void colgroups(hw *h)
{
	const kr_template *t = h->t;
	double sum = 0;
	for (size_t c = 0; c < t->n_columns; c++)
		sum += t->columns[c].width;
	for (size_t c = 0; c < t->n_columns;) {
		size_t e = c + 1;
		while (h->group[c] && e < t->n_columns && h->group[e] == h->group[c])
			e++;
		fprintf(h->f, "<colgroup>");
		for (size_t k = c; k < e; k++)
			fprintf(h->f, "<col style=\"width:%.1f%%\">",
				100 * t->columns[k].width / (sum > 0 ? sum : 1));
		fprintf(h->f, "</colgroup>\n");
		c = e;
	}
}

static void head_cell(hw *h, size_t c)
{
	const kr_column *col = &h->t->columns[c];
	fprintf(h->f, "<th id=\"c%zu\" scope=\"col\"", c + 1);
	if (h->group[c])
		fprintf(h->f, " headers=\"g%zu\"", h->group[c]);
	fputc('>', h->f);
	esc(h, col->label);
	fputs("</th>", h->f);
}

/* With header groups, the first row holds the group headers (th scope=colgroup) and an empty
 * cell over each column outside a group; the second row every column's header.  (A header cell
 * spanning both rows would be simpler, but its lines of text would sit in two rows, where a
 * checker cannot tell their background.) */
static void thead(hw *h)
{
	const kr_template *t = h->t;
	fputs("<thead>\n", h->f);
	if (h->grouped) {
		fputs("<tr>", h->f);
		for (size_t c = 0; c < t->n_columns;) {
			if (!h->group[c]) {
				fputs("<td class=\"over\"></td>", h->f);
				c++;
				continue;
			}
			size_t e = c;
			while (e < t->n_columns && h->group[e] == h->group[c])
				e++;
			fprintf(h->f, "<th id=\"g%zu\" scope=\"colgroup\"", h->group[c]);
			if (e - c > 1)
				fprintf(h->f, " colspan=\"%zu\"", e - c);
			fputc('>', h->f);
			esc(h, t->columns[c].group);
			fputs("</th>", h->f);
			c = e;
		}
		fputs("</tr>\n", h->f);
	}
	fputs("<tr>", h->f);
	for (size_t c = 0; c < t->n_columns; c++)
		head_cell(h, c);
	fputs("</tr>\n</thead>\n", h->f);
}

/* One row: the row header in the name column, every other cell a td naming its headers. */
static void row(hw *h, const kr_project *p, const char *id, const char *parent_id)
{
	const kr_template *t = h->t;
	fputs(p->parent ? "<tr class=\"sub\">" : "<tr>", h->f);
	for (size_t c = 0; c < t->n_columns; c++) {
		const kr_column *col = &t->columns[c];
		kr_cell cell = kr_cell_of(&h->cells, p, col);
		if (c == h->head_col) {
			fputs("<th id=\"", h->f);
			fputs(id, h->f);
			fputs("\" scope=\"row\"", h->f);
			if (parent_id) {
				fputs(" headers=\"", h->f);
				fputs(parent_id, h->f);
				fputc('"', h->f);
			}
			fputc('>', h->f);
			put_cell(h, &cell);
			fputs("</th>", h->f);
			continue;
		}
		fputs("<td headers=\"", h->f);
		fputs(h->heads[c], h->f);
		if (parent_id) {
			fputs(parent_id, h->f);
			fputc(' ', h->f);
		}
		fputs(id, h->f);
		fputc('"', h->f);
		fputs(align_class(col->align), h->f);
		fputc('>', h->f);
		put_cell(h, &cell);
		fputs("</td>", h->f);
	}
	fputs("</tr>\n", h->f);
}

/* One tbody per project with its subprojects; their cells live in an arena of the project's
 * own, freed after it. */
static void tbody(hw *h)
{
	const kr_doc *d = h->doc;
	char id[32], sid[80];
	kr_arena *a = h->cells.a;
	for (size_t i = 0; i < d->n_projects; i++) {
		const kr_project *p = &d->projects[i];
		h->cells.a = kr_arena_new();
		snprintf(id, sizeof id, "r%zu", i + 1);
		fputs("<tbody>\n", h->f);
		row(h, p, id, NULL);
		for (size_t j = 0; j < p->n_subprojects; j++) {
			snprintf(sid, sizeof sid, "%s-%zu", id, j + 1);
			row(h, &p->subprojects[j], sid, id);
		}
		fputs("</tbody>\n", h->f);
		kr_arena_free(h->cells.a);
	}
	h->cells.a = a;
}

static void table(hw *h)
{
	const kr_doc *d = h->doc;
	size_t subs = 0;
	for (size_t i = 0; i < d->n_projects; i++)
		subs += d->projects[i].n_subprojects;
	fputs("<div class=\"wrap\" role=\"region\" aria-labelledby=\"cap\" tabindex=\"0\">\n"
	      "<table>\n<caption id=\"cap\">",
	      h->f);
	if (subs)
		fprintf(h->f, "事業一覧（%zu事業、うち小事業%zu件）", d->n_projects, subs);
	else
		fprintf(h->f, "事業一覧（%zu事業）", d->n_projects);
	/* How to read it; kept within the screen's width while the table scrolls. */
	fputs("<span class=\"hint\">", h->f);
	if (subs)
		fputs("小事業は、親事業の行のすぐ下に番号を付けて示しています。", h->f);
	fputs("<span class=\"narrow\">表は横にスクロールして見ることができます。</span></span>"
	      "</caption>\n",
	      h->f);
	colgroups(h);
	thead(h);
	tbody(h);
	fputs("</table>\n</div>\n", h->f);
}

/* ------------------------------------------------------------------------------------------ */
/* The page */

static const char css[] =
	"@page{size:A4 landscape;margin:10mm}\n"
	":root{color:#1a1a1a;background:#fff;font-family:\"IPAexGothic\",\"Hiragino Kaku Gothic "
	"ProN\",\"Yu Gothic\",Meiryo,sans-serif;line-height:1.5}\n"
	"body{margin:0 auto;max-width:90rem;padding:1rem;overflow-wrap:anywhere;line-break:strict}\n"
	"header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem}\n"
	"header p{margin:0}.doc{text-align:right;margin-left:auto}\n"
	".material{display:inline-block;border:1px solid #1a1a1a;padding:0 .5em;margin-bottom:.2em}\n"
	".doc time{display:block}\n"
	"h1{flex-basis:100%;font-size:1.35rem;text-align:center;margin:.75rem 0 1rem}\n"
	"h2{font-size:1rem;margin:1.25rem 0 .25rem}\n"
	".wrap{overflow-x:auto;position:relative}\n.wrap:focus{outline:3px solid #1a5fb4;outline-offset:2px}\n"
	"table{border-collapse:collapse;width:100%;min-width:60rem;font-size:.8125rem;"
	"border:2px solid #1a1a1a}\n"
	"caption{text-align:left;font-weight:bold;padding:0 0 .3em}\n"
	".hint{display:block;font-size:.85em;font-weight:normal;max-width:calc(100vw - 2rem)}"
	".narrow{display:none}\n"
	"th,td{border:1px solid #767676;padding:.3rem .4rem;vertical-align:top;text-align:left}\n"
	"thead th{position:relative;background:#dce3ee;vertical-align:middle;text-align:center;"
	"border-bottom:2px solid #1a1a1a}\n"
	"thead th[scope=colgroup]{background:#c9d3e3;border-bottom:1px solid #767676}\n"
	"thead td.over{background:#dce3ee;border-bottom:0}\n"
	"thead td.over+th,thead tr+tr th:not([headers]){border-top:0}\n"
	"tbody th{font-weight:normal}\ntbody{border-top:2px solid #1a1a1a}\n"
	"tr.sub>*{border-top:1px dashed #767676}\ntr.sub>th{padding-left:1.6em}\n"
	".no{margin-right:.25em}\n"
	"p,ul{margin:0}p+p,li+li{margin-top:.2em}\n"
	"ul{padding-left:1em}ul.li,ul.kpis{list-style-type:\"・\"}\n"
	"ul.kpis>li+li{margin-top:.6em}\n"
	".r{text-align:right}.c{text-align:center}.num,.nw{white-space:nowrap}\n"
	"thead th,h1{text-wrap:balance}\n"
	".note,.prompt{font-size:.9em}.prompt{color:#595959}\n"
	".pct{margin-left:.25em}\n"
	".bar{display:inline-block;width:3em;height:.6em;border:1px solid #404040;"
	"margin:0 .35em;vertical-align:middle}\n"
	".bar>span{display:block;height:100%;background:#595959}\n"
	".vd{font-size:.9em;padding:0 .3em;border:1px solid #1a1a1a;white-space:nowrap}\n"
	".vd.not-met{color:#fff;background:#1a1a1a}\n"
	".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
	"white-space:nowrap}\n"
	"section ul{padding-left:1.2em;list-style-type:\"・\"}section ul.notes{list-style:none;padding:0;margin-top:1rem}.notes li{padding-left:1em;text-indent:-1em}\n"
	"@media (max-width:40rem){body{padding:.5rem}h1{font-size:1.15rem}.narrow{display:inline}"
	"table{min-width:50rem;font-size:.75rem}}\n"
	"@media print{body{max-width:none;padding:0;font-size:8pt}.wrap{overflow:visible}"
	"table{min-width:0;font-size:7pt}tr{break-inside:avoid}h1{font-size:12pt}}\n";

static void head(hw *h)
{
	fputs("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"kpireport " KR_VERSION "\">\n<title>",
	      h->f);
	esc(h, h->doc->title.s);
	fprintf(h->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

/* The title block in the PDF's order: 第N回 and the committee, the material and the date, the
 * title. */
static void title_block(hw *h)
{
	const kr_doc *d = h->doc;
	const char *session = kr_cells_session(&h->cells);
	fputs("<header>\n", h->f);
	if (session || d->meeting.committee.s) {
		fputs("<p class=\"meeting\">", h->f);
		if (session)
			esc(h, session);
		if (session && d->meeting.committee.s)
			fputs("　", h->f);
		if (d->meeting.committee.s)
			esc(h, d->meeting.committee.s);
		fputs("</p>\n", h->f);
	}
	const char *date = kr_cells_meeting_date(&h->cells);
	if (d->meeting.material.s || date) {
		fputs("<p class=\"doc\">", h->f);
		if (d->meeting.material.s) {
			fputs("<span class=\"material\">", h->f);
			esc(h, d->meeting.material.s);
			fputs("</span>", h->f);
		}
		if (date) {
			const kr_date *t = &d->meeting.date;
			fprintf(h->f, "<time datetime=\"%04d-%02d", t->y, t->m);
			if (t->d)
				fprintf(h->f, "-%02d", t->d);
			fputs("\">", h->f);
			esc(h, date);
			fputs("</time>", h->f);
		}
		fputs("</p>\n", h->f);
	}
	fputs("<h1>", h->f);
	esc(h, d->title.s);
	fputs("</h1>\n</header>\n", h->f);
}

/* The legends and the notes, after the table as in the PDF. */
static void after(hw *h)
{
	kr_legend lg[KR_LEGENDS_MAX];
	size_t n = kr_cells_legends(&h->cells, lg);
	for (size_t i = 0; i < n; i++) {
		fputs("<section>\n<h2>", h->f);
		esc(h, lg[i].title);
		fputs("</h2>\n<ul>", h->f);
		for (size_t j = 0; j < lg[i].scale->n; j++) {
			kr_cline l = kr_cells_choice(&h->cells, &lg[i].scale->items[j]);
			put_line(h, &l, NULL, "li");
		}
		fputs("</ul>\n</section>\n", h->f);
	}
	const kr_texts *notes = &h->doc->notes;
	if (notes->n == 0)
		return;
	const char *title = h->t->label[KR_LABEL_NOTES];
	fputs("<section>\n", h->f);
	if (*title) {
		fputs("<h2>", h->f);
		esc(h, title);
		fputs("</h2>\n", h->f);
	}
	fputs("<ul class=\"notes\">", h->f);
	for (size_t i = 0; i < notes->n; i++) {
		kr_cline l = kr_cells_note(&h->cells, i);
		put_line(h, &l, NULL, "li");
	}
	fputs("</ul>\n</section>\n", h->f);
}

int kr_render_html(const kr_render_ctx *ctx)
{
	kr_arena *a = kr_arena_new();
	hw h = {.rc = ctx, .doc = ctx->doc, .t = ctx->tmpl};
	h.cells = kr_cells_for(ctx->doc, a, h.t->columns, h.t->n_columns);
	kr_memfile out;
	h.f = kr_memfile_open(&out);
	plan(&h, a);
	head(&h);
	title_block(&h);
	fputs("<main>\n", h.f);
	table(&h);
	after(&h);
	fputs("</main>\n</body>\n</html>\n", h.f);
	int rc = kr_memfile_write(&out, ctx->tmp_path, ctx->final_path, ctx->diags);
	kr_arena_free(a);
	return rc == 0 ? 0 : -1;
}

/* `kpireport dump`: the computed model as indented text. */
#include "dump.h"

#include "cells.h"
#include "template.h"
#include "template_load.h"
#include "wareki.h"

static const char *or_dash(const char *s) { return s ? s : "-"; }

static void dump_texts(FILE *out, const char *ind, const char *key, const kr_texts *t)
{
	if (!t->n)
		return;
	fprintf(out, "%s%s:%s\n", ind, key, t->bullets ? " (list)" : "");
	for (size_t i = 0; i < t->n; i++)
		fprintf(out, "%s  %s%s\n", ind, t->bullets ? "- " : "", t->items[i].s);
}

static void dump_num(FILE *out, const char *key, const kr_num *n, const char *unit)
{
	char b[KR_DEC_BUF];
	if (!n->set)
		return;
	if (n->null)
		fprintf(out, " %s=unknown", key);
	else
		fprintf(out, " %s=%s%s", key, kr_dec_format(n->v, b), unit);
}

static void dump_pct(FILE *out, const char *key, const kr_pct *p)
{
	char b[KR_DEC_BUF];
	if (p->has)
		fprintf(out, " %s=%s", key, kr_tenths_format(p->tenths, b));
}

static void dump_kpi(FILE *out, const kr_doc *doc, const char *ind, const kr_kpi *k)
{
	const char *unit = k->unit.s ? k->unit.s : "";
	fprintf(out, "%skpi: %s [%s]", ind, k->name.s,
		k->direction == KR_DECREASE ? "decrease" : "increase");
	dump_num(out, "baseline", &k->baseline, unit);
	if (k->target_text.s)
		fprintf(out, " target=\"%s\"", k->target_text.s);
	dump_num(out, "target", &k->target, unit);
	dump_num(out, "actual", &k->actual, unit);
	dump_pct(out, "achievement", &k->achievement);
	static const char *const verdicts[] = {"-", "met", "not-met"};
	fprintf(out, " verdict=%s", verdicts[k->verdict]);
	if (k->due.set)
		fprintf(out, " due=%04d-%02d", k->due.y, k->due.m);
	fputc('\n', out);
	if (k->long_term.set) {
		char fy[KR_WAREKI_BUF];
		fprintf(out, "%s  long-term:", ind);
		dump_num(out, "target", &k->long_term.target, unit);
		if (k->long_term.fiscal_year.set)
			fprintf(out, " fiscal_year=%lld (%s)", (long long)k->long_term.fiscal_year.v,
				kr_fy_short(doc, (int)k->long_term.fiscal_year.v, fy));
		dump_pct(out, "progress", &k->long_term_progress);
		fputc('\n', out);
	}
	if (k->note.s)
		fprintf(out, "%s  note: %s\n", ind, k->note.s);
}

static void dump_project(FILE *out, const kr_doc *doc, const kr_project *p, const char *ind)
{
	char a[KR_DEC_BUF], b[KR_DEC_BUF];
	fprintf(out, "%s%s %s: %s%s%s%s\n", ind, p->parent ? "subproject" : "project", p->label,
		p->grant_program.s ? "【" : "", p->grant_program.s ? p->grant_program.s : "",
		p->grant_program.s ? "】" : "", p->name.s);
	const kr_str *info[] = {&p->department, &p->code, &p->status};
	const char *keys[] = {"department", "code", "status"};
	for (size_t i = 0; i < 3; i++)
		if (info[i]->s)
			fprintf(out, "%s  %s: %s\n", ind, keys[i], info[i]->s);
	fprintf(out, "%s  cost: %s", ind, p->cost.set ? kr_int_format(p->cost.v, a) : "-");
	if (p->cost_total.summed)
		fprintf(out, " (subprojects: %s)", kr_int_format(p->cost_total.v, a));
	fprintf(out, " grant: %s", p->grant.set ? kr_int_format(p->grant.v, b) : "-");
	dump_pct(out, "grant_ratio", &p->grant_ratio);
	fputc('\n', out);
	dump_texts(out, ind, "  overview", &p->overview);
	char ind2[64];
	snprintf(ind2, sizeof ind2, "%s  ", ind);
	if (!p->n_kpis)
		fprintf(out, "%s  kpis: none\n", ind);
	for (size_t i = 0; i < p->n_kpis; i++)
		dump_kpi(out, doc, ind2, &p->kpis[i]);
	if (p->rating.s)
		fprintf(out, "%s  rating: %s\n", ind, p->rating.s);
	dump_texts(out, ind, "  results", &p->results);
	dump_texts(out, ind, "  plans", &p->plans);
	if (p->policy.set) {
		fprintf(out, "%s  policy: %s\n", ind, or_dash(p->policy.choice.s));
		dump_texts(out, ind, "    reason", &p->policy.reason);
	}
	if (p->committee.set) {
		fprintf(out, "%s  committee: %s\n", ind, or_dash(p->committee.rating.s));
		dump_texts(out, ind, "    comment", &p->committee.comment);
	}
	for (size_t i = 0; i < p->n_extra; i++) {
		char k[160];
		snprintf(k, sizeof k, "  extra %s", p->extra[i].key.s);
		dump_texts(out, ind, k, &p->extra[i].value);
	}
	for (size_t i = 0; i < p->n_subprojects; i++)
		dump_project(out, doc, &p->subprojects[i], ind2);
}

static void dump_scale(FILE *out, const char *key, const kr_scale *s)
{
	if (!s->set)
		return;
	fprintf(out, "%s:\n", key);
	for (size_t i = 0; i < s->n; i++)
		fprintf(out, "  %zu %s%s%s%s\n", i + 1, s->items[i].label.s,
			s->items[i].criterion.s ? " (" : "", s->items[i].criterion.s ? s->items[i].criterion.s : "",
			s->items[i].criterion.s ? ")" : "");
}

void kr_dump(const kr_doc *doc, FILE *out)
{
	char b[KR_WAREKI_BUF];
	fprintf(out, "title: %s\n", doc->title.s);
	fprintf(out, "template: %s\n", doc->tmpl && doc->tmpl->name ? doc->tmpl->name : "-");
	fprintf(out, "fiscal_year: %lld (%s, %s)\n", (long long)doc->fiscal_year.v,
		kr_fy_long(doc, (int)doc->fiscal_year.v, b),
		kr_fy_short(doc, (int)doc->fiscal_year.v, (char[KR_WAREKI_BUF]){0}));
	if (doc->municipality.name.s || doc->municipality.code.s)
		fprintf(out, "municipality: %s (%s)\n", or_dash(doc->municipality.name.s),
			or_dash(doc->municipality.code.s));
	if (doc->meeting.committee.s)
		fprintf(out, "committee: %s\n", doc->meeting.committee.s);
	if (doc->meeting.session.set)
		fprintf(out, "session: %lld\n", (long long)doc->meeting.session.v);
	if (doc->meeting.material.s)
		fprintf(out, "material: %s\n", doc->meeting.material.s);
	if (doc->meeting.date.set)
		fprintf(out, "date: %04d-%02d-%02d (%s)\n", doc->meeting.date.y, doc->meeting.date.m,
			doc->meeting.date.d,
			kr_wareki_date(doc->meeting.date.y, doc->meeting.date.m, doc->meeting.date.d, b));
	dump_scale(out, "ratings", &doc->ratings);
	dump_scale(out, "committee_ratings", &doc->committee_ratings);
	dump_scale(out, "policies", &doc->policies);
	for (size_t i = 0; i < doc->n_projects; i++)
		dump_project(out, doc, &doc->projects[i], "");
	for (size_t i = 0; i < doc->n_totals; i++) {
		const kr_total *t = &doc->totals[i];
		char c[KR_DEC_BUF], g[KR_DEC_BUF];
		fprintf(out, "total %s: projects=%zu cost=%s grant=%s\n",
			t->program ? (*t->program ? t->program : "(no programme)") : "(all)",
			t->n_projects, kr_int_format(t->cost, c), kr_int_format(t->grant, g));
	}
	dump_texts(out, "", "notes", &doc->notes);
}

/* ------------------------------------------------------------------------------------------ */
/* dump --cells */

/* s on one line: a newline inside a text shows as \n. */
static void put_flat(FILE *out, const char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
}

static void dump_cline(FILE *out, const char *ind, const kr_cline *l)
{
	fprintf(out, "%s%s", ind, kr_line_kind_name(l->kind));
	if (l->marker)
		fprintf(out, " [%s]", l->marker);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(out, " %s{", kr_role_name(l->runs[i].role));
		put_flat(out, l->runs[i].s);
		fputc('}', out);
	}
	fputc('\n', out);
}

static void dump_cell_row(FILE *out, const kr_cells *c, const kr_project *p)
{
	static const char *const blocks[] = {"line", "paragraphs", "list", "kpi"};
	const kr_template *t = c->t;
	fprintf(out, "%s %s: ", p->parent ? "subproject" : "project", p->label);
	put_flat(out, p->name.s);
	fputc('\n', out);
	for (size_t i = 0; i < t->n_columns; i++) {
		kr_cell cell = kr_cell_of(c, p, &t->columns[i]);
		fprintf(out, "  %s (", kr_field_name(t->columns[i].field));
		put_flat(out, t->columns[i].label);
		fprintf(out, ")%s\n", cell.n ? "" : ": empty");
		for (size_t j = 0; j < cell.n; j++) {
			const kr_cblock *b = &cell.blocks[j];
			fprintf(out, "    %s%s%s\n", blocks[b->kind], b->heading ? ", heading" : "",
				b->apart ? ", apart" : "");
			for (size_t k = 0; k < b->n; k++)
				dump_cline(out, "      ", &b->lines[k]);
		}
	}
}

void kr_dump_cells(const kr_doc *doc, FILE *out)
{
	kr_arena *a = kr_arena_new();
	const kr_template *t = doc->tmpl;
	kr_cells c = kr_cells_for(doc, a, t->columns, t->n_columns);
	const char *m = kr_cells_meeting_line(&c);
	fputs("meeting: ", out);
	put_flat(out, m ? m : "-");
	fputc('\n', out);
	for (size_t i = 0; i < doc->n_projects; i++) {
		const kr_project *p = &doc->projects[i];
		dump_cell_row(out, &c, p);
		for (size_t j = 0; j < p->n_subprojects; j++)
			dump_cell_row(out, &c, &p->subprojects[j]);
	}
	const kr_scale *scales[] = {&doc->ratings, &doc->committee_ratings, &doc->policies};
	const char *names[] = {"ratings", "committee_ratings", "policies"};
	for (size_t i = 0; i < 3; i++) {
		if (scales[i]->n)
			fprintf(out, "legend %s:\n", names[i]);
		for (size_t j = 0; j < scales[i]->n; j++) {
			kr_cline l = kr_cells_choice(&c, &scales[i]->items[j]);
			dump_cline(out, "  ", &l);
		}
	}
	for (size_t i = 0; i < doc->notes.n; i++) {
		kr_cline l = kr_cells_note(&c, i);
		dump_cline(out, "note: ", &l);
	}
	kr_arena_free(a);
}

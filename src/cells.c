/* The cell layer: what each field of a project shows (cells.h). */
#include "cells.h"

#include <string.h>

#include "wareki.h"

static const char *const role_names[] = {
#define X(id, name) name,
	KR_ROLE_LIST(X)
#undef X
};
static const char *const line_kind_names[] = {
#define X(id, name) name,
	KR_LINE_KIND_LIST(X)
#undef X
};

const char *kr_role_name(enum kr_role r) { return role_names[r]; }
const char *kr_line_kind_name(enum kr_line_kind k) { return line_kind_names[k]; }

kr_cells kr_cells_for(const kr_doc *doc, kr_arena *a, const kr_column *cols, size_t n_cols)
{
	const kr_template *t = doc->tmpl;
	return (kr_cells){doc, t, a, cols, n_cols, t->kpi_lines, t->n_kpi_lines};
}

bool kr_columns_have(const kr_column *cols, size_t n, enum kr_field f)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i].field == f)
			return true;
	return false;
}

const kr_texts *kr_project_extra(const kr_project *p, const char *key)
{
	for (size_t i = 0; key && i < p->n_extra; i++)
		if (p->extra[i].key.s && strcmp(p->extra[i].key.s, key) == 0)
			return &p->extra[i].value;
	return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Building lines and blocks */

static void run(const kr_cells *c, kr_cline *l, enum kr_role role, const char *s)
{
	if (!s || !*s)
		return;
	l->runs = kr_grow(c->a, l->runs, l->n, &l->cap, sizeof *l->runs, 4);
	l->runs[l->n++] = (kr_run){role, s, false, {0, 0}};
}

/* Input text keeps its position, for the messages of the format that shows it. */
static void run_in(const kr_cells *c, kr_cline *l, kr_str s)
{
	run(c, l, KR_ROLE_TEXT, s.s);
	if (s.s && *s.s) {
		l->runs[l->n - 1].input = true;
		l->runs[l->n - 1].loc = s.loc;
	}
}

static kr_cblock *block(const kr_cells *c, kr_cell *cell, enum kr_block_kind kind)
{
	cell->blocks = kr_grow(c->a, cell->blocks, cell->n, &cell->cap, sizeof *cell->blocks, 2);
	kr_cblock *b = &cell->blocks[cell->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static kr_cline *line(const kr_cells *c, kr_cblock *b, enum kr_line_kind kind, const char *marker)
{
	b->lines = kr_grow(c->a, b->lines, b->n, &b->cap, sizeof *b->lines, 2);
	kr_cline *l = &b->lines[b->n++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->marker = marker;
	return l;
}

/* A block of one line holding one run; nothing when s is absent or empty. */
static kr_cline *single(const kr_cells *c, kr_cell *cell, enum kr_line_kind kind,
			enum kr_role role, const char *s)
{
	if (!s || !*s)
		return NULL;
	kr_cline *l = line(c, block(c, cell, KR_BLOCK_LINE), kind, NULL);
	run(c, l, role, s);
	return l;
}

static void single_in(const kr_cells *c, kr_cell *cell, kr_str s)
{
	if (s.s && *s.s)
		run_in(c, line(c, block(c, cell, KR_BLOCK_LINE), KR_LINE_PLAIN, NULL), s);
}

/* Paragraphs, or a bulleted list when the input gave a YAML list. */
static kr_cblock *texts(const kr_cells *c, kr_cell *cell, const kr_texts *t)
{
	if (!t || t->n == 0)
		return NULL;
	kr_cblock *b = block(c, cell, t->bullets ? KR_BLOCK_LIST : KR_BLOCK_PARAS);
	for (size_t i = 0; i < t->n; i++) {
		if (!t->items[i].s)
			continue;
		kr_cline *l = line(c, b, t->bullets ? KR_LINE_ITEM : KR_LINE_PLAIN,
				   t->bullets ? "・" : NULL);
		run_in(c, l, t->items[i]);
	}
	return b;
}

/* ------------------------------------------------------------------------------------------ */
/* Words */

const char *kr_cells_money(const kr_cells *c, int64_t yen)
{
	char buf[KR_DEC_BUF];
	if (c->t->money_thousands)
		yen = yen / 1000 + (yen % 1000 >= 500);
	return kr_strdup(c->a, kr_int_format(yen, buf));
}

static const char *dec(const kr_cells *c, kr_dec v)
{
	char buf[KR_DEC_BUF];
	return kr_strdup(c->a, kr_dec_format(v, buf));
}

/* A rate: "102.5%"; a negative one with the template's mark instead of the minus ("▲50.9%"). */
static const char *pct(const kr_cells *c, const kr_pct *p)
{
	char buf[KR_DEC_BUF];
	if (p->tenths < 0)
		return kr_sprintf(c->a, "%s%s", c->t->mark_negative, kr_tenths_format(-p->tenths, buf));
	return kr_strdup(c->a, kr_tenths_format(p->tenths, buf));
}

const char *kr_cells_verdict(const kr_cells *c, const kr_kpi *k)
{
	return k->verdict == KR_VERDICT_MET       ? c->t->label[KR_LABEL_MET]
	       : k->verdict == KR_VERDICT_NOT_MET ? c->t->label[KR_LABEL_NOT_MET]
						  : "";
}

const char *kr_cells_direction(const kr_cells *c, const kr_kpi *k)
{
	return c->t->label[k->direction == KR_DECREASE ? KR_LABEL_DECREASE : KR_LABEL_INCREASE];
}

const char *kr_cells_due(const kr_cells *c, const kr_date *due)
{
	char buf[KR_WAREKI_BUF];
	if (!due->set)
		return NULL;
	return kr_strdup(c->a, due->d ? kr_wareki_day(due->y, due->m, due->d, buf)
				      : kr_wareki_month(due->y, due->m, buf));
}

const char *kr_cells_session(const kr_cells *c)
{
	const kr_doc *d = c->doc;
	const char *lab = c->t->label[KR_LABEL_SESSION];
	if (!d->meeting.session.set || !*lab)
		return NULL;
	const char *n = strstr(lab, "{n}");
	return n ? kr_sprintf(c->a, "%.*s%lld%s", (int)(n - lab), lab,
			      (long long)d->meeting.session.v, n + 3)
		 : lab;
}

const char *kr_cells_meeting_date(const kr_cells *c)
{
	const kr_date *d = &c->doc->meeting.date;
	char buf[KR_WAREKI_BUF];
	if (!d->set)
		return NULL;
	return kr_strdup(c->a, d->d ? kr_wareki_date(d->y, d->m, d->d, buf)
				    : kr_wareki_month(d->y, d->m, buf));
}

const char *kr_cells_meeting_line(const kr_cells *c)
{
	const kr_doc *d = c->doc;
	const char *parts[] = {kr_cells_session(c), d->meeting.committee.s, d->meeting.material.s,
			       kr_cells_meeting_date(c)};
	char *out = NULL;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		out = out ? kr_sprintf(c->a, "%s　%s", out, parts[i]) : kr_strdup(c->a, parts[i]);
	}
	return out;
}

kr_cline kr_cells_choice(const kr_cells *c, const kr_choice *ch)
{
	kr_cline l = {KR_LINE_ITEM, "・", NULL, 0, 0};
	run_in(c, &l, ch->label);
	if (ch->criterion.s) {
		run(c, &l, KR_ROLE_PUNCT, "（");
		run_in(c, &l, ch->criterion);
		run(c, &l, KR_ROLE_PUNCT, "）");
	}
	return l;
}

static bool any_committee_rating(const kr_doc *doc)
{
	for (size_t i = 0; i < doc->n_projects; i++) {
		const kr_project *p = &doc->projects[i];
		if (p->committee.rating.s)
			return true;
		for (size_t j = 0; j < p->n_subprojects; j++)
			if (p->subprojects[j].committee.rating.s)
				return true;
	}
	return false;
}

size_t kr_cells_legends(const kr_cells *c, kr_legend out[KR_LEGENDS_MAX])
{
	const kr_doc *d = c->doc;
	const char *const *lab = c->t->label;
	size_t n = 0;
	if (d->ratings.n && kr_columns_have(c->cols, c->n_cols, KR_FIELD_RATING))
		out[n++] = (kr_legend){lab[KR_LABEL_LEGEND], &d->ratings};
	if (d->committee_ratings.set && d->committee_ratings.n && any_committee_rating(d))
		out[n++] = (kr_legend){lab[KR_LABEL_COMMITTEE_LEGEND], &d->committee_ratings};
	if (d->policies.set && d->policies.n && kr_columns_have(c->cols, c->n_cols, KR_FIELD_POLICY))
		out[n++] = (kr_legend){lab[KR_LABEL_POLICY_LEGEND], &d->policies};
	return n;
}

/* A note's text without the ※ its author may have begun it with: the line has its own ※,
 * never two. */
static kr_str without_mark(kr_str s)
{
	if (s.s && strncmp(s.s, "※", strlen("※")) == 0) {
		s.s += strlen("※");
		while (*s.s == ' ' || strncmp(s.s, "　", strlen("　")) == 0)
			s.s += *s.s == ' ' ? 1 : strlen("　");
	}
	return s;
}

kr_cline kr_cells_note(const kr_cells *c, size_t i)
{
	kr_cline l = {KR_LINE_NOTE, "※", NULL, 0, 0};
	run_in(c, &l, without_mark(c->doc->notes.items[i]));
	return l;
}

/* ------------------------------------------------------------------------------------------ */
/* KPI blocks */

/* label, the number, the KPI's unit; sep between the label and the number. */
static void figure(const kr_cells *c, kr_cline *l, enum kr_label label, const char *sep,
		   const kr_num *n, const kr_kpi *k)
{
	run(c, l, KR_ROLE_LABEL, c->t->label[label]);
	run(c, l, KR_ROLE_PUNCT, sep);
	run(c, l, KR_ROLE_VALUE, dec(c, n->v));
	if (k->unit.s && *k->unit.s) {
		run(c, l, KR_ROLE_UNIT, k->unit.s);
		l->runs[l->n - 1].input = true;
		l->runs[l->n - 1].loc = k->unit.loc;
	}
}

static bool given(const kr_num *n) { return n->set && !n->null; }

bool kr_cells_kpi_line(const kr_cells *c, const kr_kpi *k, enum kr_kpi_line which, kr_cline *l)
{
	const kr_template *t = c->t;
	memset(l, 0, sizeof *l);
	l->kind = KR_LINE_PLAIN;
	switch (which) {
	case KR_KPI_LINE_NAME:
		l->kind = KR_LINE_ITEM;
		l->marker = "・";
		run_in(c, l, k->name);
		return true;
	case KR_KPI_LINE_BASELINE:
		if (given(&k->baseline))
			figure(c, l, KR_LABEL_BASELINE, NULL, &k->baseline, k);
		break;
	case KR_KPI_LINE_TARGET:
		if (given(&k->target)) {
			figure(c, l, KR_LABEL_TARGET, NULL, &k->target, k);
		} else if (k->target_text.s) {
			run(c, l, KR_ROLE_LABEL, t->label[KR_LABEL_TARGET]);
			run_in(c, l, k->target_text);
		}
		if (l->n > 0 && k->direction == KR_DECREASE) { /* 【KPI】272人（減少） */
			run(c, l, KR_ROLE_PUNCT, "（");
			run(c, l, KR_ROLE_LABEL, t->label[KR_LABEL_DECREASE]);
			run(c, l, KR_ROLE_PUNCT, "）");
		}
		break;
	case KR_KPI_LINE_DUE:
		if (k->due.set) {
			run(c, l, KR_ROLE_LABEL, t->label[KR_LABEL_DUE]);
			run(c, l, KR_ROLE_DATE, kr_cells_due(c, &k->due));
		}
		break;
	case KR_KPI_LINE_ACTUAL:
		if (given(&k->actual)) {
			figure(c, l, KR_LABEL_ACTUAL, NULL, &k->actual, k);
		} else {
			run(c, l, KR_ROLE_LABEL, t->label[KR_LABEL_ACTUAL]);
			run(c, l, KR_ROLE_MARK, t->label[KR_LABEL_UNKNOWN]);
		}
		break;
	case KR_KPI_LINE_ACHIEVEMENT:
		if (k->achievement.has) {
			l->kind = KR_LINE_ACHIEVEMENT;
			run(c, l, KR_ROLE_LABEL, t->label[KR_LABEL_ACHIEVEMENT]);
			run(c, l, KR_ROLE_ACHIEVEMENT, pct(c, &k->achievement));
			run(c, l, KR_ROLE_VERDICT, kr_cells_verdict(c, k));
		} else if (k->verdict == KR_VERDICT_MET) { /* less is better and none is left */
			run(c, l, KR_ROLE_VERDICT, t->label[KR_LABEL_MET]);
		}
		break;
	case KR_KPI_LINE_LONG_TERM:
		if (k->long_term.set && given(&k->long_term.target)) {
			char fy[KR_WAREKI_BUF];
			figure(c, l, KR_LABEL_LONG_TERM, " ", &k->long_term.target, k);
			kr_fy_abbr(c->doc, (int)k->long_term.fiscal_year.v, fy);
			run(c, l, KR_ROLE_PUNCT, "(");
			run(c, l, KR_ROLE_DATE, kr_strdup(c->a, fy));
			run(c, l, KR_ROLE_PUNCT, ")");
		}
		break;
	case KR_KPI_LINE_NOTE:
		if (k->note.s) {
			l->kind = KR_LINE_NOTE;
			l->marker = "※";
			run_in(c, l, without_mark(k->note));
		}
		break;
	case KR_KPI_LINE_COUNT:
		break;
	}
	return l->n > 0;
}

static void kpi_blocks(const kr_cells *c, kr_cell *cell, const kr_project *p)
{
	if (p->n_kpis == 0) {
		single(c, cell, KR_LINE_PLAIN, KR_ROLE_MARK, c->t->mark_no_kpi);
		return;
	}
	bool baseline = false; /* does the template list the baseline line? */
	for (size_t j = 0; j < c->n_kpi_lines; j++)
		baseline |= c->kpi_lines[j] == KR_KPI_LINE_BASELINE;
	for (size_t i = 0; i < p->n_kpis; i++) {
		const kr_kpi *k = &p->kpis[i];
		kr_cblock *b = block(c, cell, KR_BLOCK_KPI);
		b->kpi = k;
		b->apart = i > 0;
		for (size_t j = 0; j < c->n_kpi_lines; j++) {
			enum kr_kpi_line which = c->kpi_lines[j];
			/* A decrease KPI is checked against its baseline: it is shown, listed or not. */
			bool base = which == KR_KPI_LINE_TARGET && !baseline && k->direction == KR_DECREASE;
			for (int pass = base ? 0 : 1; pass < 2; pass++) {
				kr_cline l;
				if (kr_cells_kpi_line(c, k, pass ? which : KR_KPI_LINE_BASELINE, &l)) {
					b->lines = kr_grow(c->a, b->lines, b->n, &b->cap, sizeof *b->lines, 4);
					b->lines[b->n++] = l;
				}
			}
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Cells */

kr_cline kr_cells_name(const kr_cells *c, const kr_project *p, bool numbered)
{
	kr_cline l = {KR_LINE_PLAIN, NULL, NULL, 0, 0};
	if (numbered && (p->parent || p->number.s) && p->label) {
		/* "(1)名称" for a subproject, "1 名称" for a project numbered in the input. */
		l.kind = KR_LINE_NUMBERED;
		l.marker = p->parent ? p->label : kr_sprintf(c->a, "%s ", p->label);
	}
	run_in(c, &l, p->name);
	return l;
}

/* 【grant programme】 above a top-level project's name (unless a column shows it), then the name,
 * numbered unless a column shows the number. */
static void name_cell(const kr_cells *c, kr_cell *cell, const kr_project *p)
{
	if (!p->parent && p->grant_program.s &&
	    !kr_columns_have(c->cols, c->n_cols, KR_FIELD_GRANT_PROGRAM)) {
		kr_cline *l = line(c, block(c, cell, KR_BLOCK_LINE), KR_LINE_PLAIN, NULL);
		run(c, l, KR_ROLE_PUNCT, "【");
		run_in(c, l, p->grant_program);
		run(c, l, KR_ROLE_PUNCT, "】");
	}
	kr_cblock *b = block(c, cell, KR_BLOCK_LINE);
	b->lines = kr_alloc(c->a, sizeof *b->lines);
	b->lines[0] = kr_cells_name(c, p, !kr_columns_have(c->cols, c->n_cols, KR_FIELD_NUMBER));
	b->n = b->cap = 1;
}

static void amount(const kr_cells *c, kr_cell *cell, const kr_amount *a, const char *mark)
{
	if (a->has)
		single(c, cell, KR_LINE_AMOUNT, KR_ROLE_VALUE, kr_cells_money(c, a->v));
	else
		single(c, cell, KR_LINE_AMOUNT, KR_ROLE_MARK, mark);
}

static void policy_cell(const kr_cells *c, kr_cell *cell, const kr_project *p)
{
	if (!p->policy.set)
		return;
	if (p->policy.choice.s) {
		kr_cblock *b = block(c, cell, KR_BLOCK_LINE);
		b->heading = true;
		kr_cline *l = line(c, b, KR_LINE_PLAIN, NULL);
		run(c, l, KR_ROLE_PUNCT, "【");
		run_in(c, l, p->policy.choice);
		run(c, l, KR_ROLE_PUNCT, "】");
	}
	texts(c, cell, &p->policy.reason);
}

/* The committee's rating and comment; the prompt (which may be empty: the room to write is what
 * counts) when it has given neither. */
static void committee_cell(const kr_cells *c, kr_cell *cell, const kr_project *p)
{
	bool rated = p->committee.set && p->committee.rating.s;
	bool commented = p->committee.set && p->committee.comment.n > 0;
	if (!rated && !commented) {
		kr_cline *l = line(c, block(c, cell, KR_BLOCK_LINE), KR_LINE_PROMPT, NULL);
		run(c, l, KR_ROLE_PROMPT, c->t->label[KR_LABEL_COMMITTEE_PROMPT]);
		return;
	}
	if (rated) {
		single_in(c, cell, p->committee.rating);
		cell->blocks[cell->n - 1].heading = true;
	}
	kr_cblock *b = texts(c, cell, &p->committee.comment);
	if (b && rated)
		b->apart = true;
}

kr_cell kr_cell_of(const kr_cells *c, const kr_project *p, const kr_column *col)
{
	kr_cell cell = {col->field, NULL, 0, 0};
	switch (col->field) {
	case KR_FIELD_NAME:
		name_cell(c, &cell, p);
		break;
	case KR_FIELD_NUMBER:
		single(c, &cell, KR_LINE_PLAIN, KR_ROLE_VALUE, p->label);
		break;
	case KR_FIELD_GRANT_PROGRAM:
		single_in(c, &cell, p->grant_program);
		break;
	case KR_FIELD_DEPARTMENT:
		single_in(c, &cell, p->department);
		break;
	case KR_FIELD_CODE:
		single_in(c, &cell, p->code);
		break;
	case KR_FIELD_STATUS:
		single_in(c, &cell, p->status);
		break;
	case KR_FIELD_COST:
		amount(c, &cell, &p->cost_total, c->t->mark_none);
		break;
	case KR_FIELD_GRANT: {
		kr_amount own = {p->grant.set, false, p->grant.v};
		amount(c, &cell, &own, c->t->mark_no_grant);
		break;
	}
	case KR_FIELD_GRANT_RATIO:
		if (p->grant_ratio.has)
			single(c, &cell, KR_LINE_AMOUNT, KR_ROLE_VALUE, pct(c, &p->grant_ratio));
		else
			single(c, &cell, KR_LINE_AMOUNT, KR_ROLE_MARK, c->t->mark_none);
		break;
	case KR_FIELD_OVERVIEW:
		texts(c, &cell, &p->overview);
		break;
	case KR_FIELD_RESULTS:
		texts(c, &cell, &p->results);
		break;
	case KR_FIELD_PLANS:
		texts(c, &cell, &p->plans);
		break;
	case KR_FIELD_KPIS:
		kpi_blocks(c, &cell, p);
		break;
	case KR_FIELD_RATING:
		single_in(c, &cell, p->rating);
		break;
	case KR_FIELD_POLICY:
		policy_cell(c, &cell, p);
		break;
	case KR_FIELD_COMMITTEE:
		committee_cell(c, &cell, p);
		break;
	case KR_FIELD_EXTRA:
		texts(c, &cell, kr_project_extra(p, col->extra_key));
		break;
	case KR_FIELD_COUNT:
		break;
	}
	return cell;
}

/* ------------------------------------------------------------------------------------------ */
/* Text */

const char *kr_cline_text(const kr_cells *c, const kr_cline *l)
{
	size_t len = l->marker ? strlen(l->marker) : 0;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->runs[i].s);
	char *buf = kr_alloc(c->a, len + 1), *p = buf;
	if (l->marker)
		p = stpcpy(p, l->marker);
	for (size_t i = 0; i < l->n; i++)
		p = stpcpy(p, l->runs[i].s);
	return buf;
}

static const char *join(const kr_cells *c, const kr_cell *cell, bool headings)
{
	size_t len = 0, n = 0;
	for (size_t i = 0; i < cell->n; i++)
		for (size_t j = 0; j < cell->blocks[i].n && (headings || !cell->blocks[i].heading); j++) {
			const kr_cline *l = &cell->blocks[i].lines[j];
			len += (l->marker ? strlen(l->marker) : 0) + 1;
			for (size_t k = 0; k < l->n; k++)
				len += strlen(l->runs[k].s);
			n++;
		}
	if (n == 0)
		return NULL;
	char *buf = kr_alloc(c->a, len), *p = buf;
	for (size_t i = 0; i < cell->n; i++)
		for (size_t j = 0; j < cell->blocks[i].n && (headings || !cell->blocks[i].heading); j++) {
			const kr_cline *l = &cell->blocks[i].lines[j];
			if (p != buf)
				*p++ = '\n';
			if (l->marker)
				p = stpcpy(p, l->marker);
			for (size_t k = 0; k < l->n; k++)
				p = stpcpy(p, l->runs[k].s);
		}
	*p = '\0';
	return buf;
}

const char *kr_cell_text(const kr_cells *c, const kr_cell *cell) { return join(c, cell, true); }

const char *kr_cells_texts(const kr_cells *c, const kr_texts *t, bool markers)
{
	kr_cell cell = {KR_FIELD_OVERVIEW, NULL, 0, 0};
	kr_cblock *b = texts(c, &cell, t);
	for (size_t i = 0; b && !markers && i < b->n; i++)
		b->lines[i].marker = NULL;
	return join(c, &cell, true);
}

const char *kr_cell_body_text(const kr_cells *c, const kr_cell *cell)
{
	return join(c, cell, false);
}

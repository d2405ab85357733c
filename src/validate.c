/* The rules a handout must follow beyond its shape (types and keys are the loader's). */
#include "validate.h"

#include <string.h>

#include "bounds.h"
#include "schema.h"
#include "template_load.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct {
	kr_doc *doc;
	kr_diags *d;
	const char *file;
	bool unprinted[KR_FIELD_COUNT + KR_KPI_LINE_COUNT]; /* warned once per field */
} vctx;

bool kr_scale_has(const kr_scale *s, const char *label)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->items[i].label.s, label) == 0)
			return true;
	return false;
}

static void check_scale(vctx *c, kr_scale *s, const char *key)
{
	if (!s->set)
		return;
	if (s->n < 2 || s->n > 10)
		kr_diag(c->d, c->file, s->loc, KR_D_SCALE,
			"'%s' needs 2 to 10 entries, not %zu", key, s->n);
	/* Repair: keep the first 10, so that the checks below and every lookup of a rating stay
	 * cheap on a hostile scale of a million entries (the document is rejected anyway). */
	if (s->n > 10)
		s->n = 10;
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->items[i].label.s, s->items[j].label.s) == 0) {
				kr_diag(c->d, c->file, s->items[i].label.loc, KR_D_SCALE,
					"'%s' repeats '%s' (first at line %d); each entry must be unique",
					key, s->items[i].label.s, s->items[j].label.loc.line);
				break;
			}
}

/* A value that must come from a scale: reports absence of the scale or a near miss. */
static void check_choice(vctx *c, const kr_str *v, const kr_scale *s, const char *key,
			 const char *scale_key)
{
	if (!v->s)
		return;
	if (!s->set) {
		kr_diag(c->d, c->file, v->loc, KR_D_NO_SCALE,
			"'%s' is used but the document has no '%s:' scale; add one at the top level",
			key, scale_key);
		return;
	}
	if (kr_scale_has(s, v->s))
		return;
	const char *cands[10] = {0};
	size_t n = 0;
	for (size_t i = 0; i < s->n && n < N(cands); i++)
		cands[n++] = s->items[i].label.s;
	const char *guess = kr_closest(v->s, cands, n);
	char list[1024];
	kr_join(list, sizeof list, cands, n);
	if (guess)
		kr_diag(c->d, c->file, v->loc, KR_D_CHOICE,
			"'%s' is not one of %s; did you mean '%s'?", v->s, scale_key, guess);
	else
		kr_diag(c->d, c->file, v->loc, KR_D_CHOICE, "'%s' is not one of %s: %s", v->s,
			scale_key, list);
}

static kr_loc num_loc(const kr_num *n, kr_loc def)
{
	return n->set ? n->loc : def;
}

static void check_kpi(vctx *c, kr_kpi *k)
{
	kr_doc *doc = c->doc;
	k->direction = k->direction_s.s && strcmp(k->direction_s.s, "decrease") == 0 ? KR_DECREASE
										   : KR_INCREASE;
	bool dec = k->direction == KR_DECREASE;
	bool has_target = k->target.set && !k->target.null;
	if (k->target.set && k->target_text.s)
		kr_diag(c->d, c->file, k->target_text.loc, KR_D_KPI_TARGET,
			"a KPI has either 'target:' (a number) or 'target_text:' (words), not both");
	else if (!k->target.set && !k->target.invalid && !k->target_text.s)
		kr_diag(c->d, c->file, k->loc, KR_D_KPI_TARGET,
			"a KPI needs 'target:' (a number) or 'target_text:' (e.g. 前年度を上回る)");
	if (has_target) {
		int sign = kr_dec_cmp(k->target.v, (kr_dec){0});
		if (!dec && sign <= 0)
			kr_diag(c->d, c->file, k->target.loc, KR_D_KPI_TARGET,
				"the target of an increase KPI must be above 0; for less-is-better "
				"indicators add 'direction: decrease'");
		else if (dec && sign < 0)
			kr_diag(c->d, c->file, k->target.loc, KR_D_KPI_TARGET,
				"the target must not be negative");
		else if (dec && sign == 0 && !k->baseline.set)
			kr_diag(c->d, c->file, k->target.loc, KR_D_KPI_BASELINE,
				"a decrease KPI with target 0 needs 'baseline:' (基準値) to compute 達成率");
	}
	if (k->actual.set && !k->actual.null && k->actual.v.m < 0)
		kr_diag(c->d, c->file, k->actual.loc, KR_D_KPI_ACTUAL,
			"the actual value must not be negative");
	if (k->baseline.set && !k->baseline.null && has_target) {
		int cmp = kr_dec_cmp(k->baseline.v, k->target.v);
		if (dec && cmp <= 0)
			kr_diag(c->d, c->file, k->baseline.loc, KR_D_KPI_BASELINE,
				"the baseline of a decrease KPI must be above its target");
		else if (!dec && cmp >= 0)
			kr_diag(c->d, c->file, k->baseline.loc, KR_D_KPI_BASELINE,
				"the baseline of an increase KPI must be below its target "
				"(or add 'direction: decrease')");
	}
	if (k->baseline.set && !k->baseline.null && k->baseline.v.m < 0)
		kr_diag(c->d, c->file, k->baseline.loc, KR_D_KPI_BASELINE,
			"the baseline must not be negative");
	if (k->long_term.set) {
		const kr_int *fy = &k->long_term.fiscal_year;
		if (fy->set && fy->v > 2200)
			kr_diag(c->d, c->file, fy->loc, KR_D_LONG_TERM,
				"the long-term fiscal year must be a 西暦 year such as 2020, not %lld",
				(long long)fy->v);
		else if (fy->set && doc->fiscal_year.set && fy->v <= doc->fiscal_year.v)
			kr_diag(c->d, c->file, fy->loc, KR_D_LONG_TERM,
				"the long-term fiscal year (%lld) must be after the document's fiscal "
				"year (%lld)",
				(long long)fy->v, (long long)doc->fiscal_year.v);
		const kr_num *t = &k->long_term.target;
		if (t->set && !t->null && t->v.m <= 0 && !dec)
			kr_diag(c->d, c->file, num_loc(t, k->long_term.loc), KR_D_LONG_TERM,
				"the long-term target must be above 0");
	}
}

static bool add_money(int64_t *sum, int64_t v)
{
	return !__builtin_add_overflow(*sum, v, sum);
}

static size_t str_chars(const kr_str *s)
{
	return s->s ? kr_utf8_count(s->s) : 0;
}

static size_t texts_chars(const kr_texts *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += str_chars(&t->items[i]) + 2; /* "・" and a line break */
	return n;
}

/* Cells of the workbook that join several values: the KPI block (each KPI's name, unit, target
 * text and note with its labels and figures, counted generously), the policy and the committee's
 * rating with their texts.  Each must fit in one spreadsheet cell. */
static void check_cells(vctx *c, const kr_project *p)
{
	size_t kpis = 0;
	for (size_t i = 0; i < p->n_kpis; i++) {
		const kr_kpi *k = &p->kpis[i];
		kpis += str_chars(&k->name) + 8 * str_chars(&k->unit) + str_chars(&k->target_text) +
			str_chars(&k->note) + 400;
	}
	if (kpis > KR_CELL_MAX)
		kr_diag(c->d, c->file, p->kpis[0].loc, KR_D_TOO_LONG,
			"the KPIs of this project have about %zu characters together, and the workbook "
			"shows them in one cell of at most %d; shorten their names and notes",
			kpis, KR_CELL_MAX);
	size_t policy = str_chars(&p->policy.choice) + texts_chars(&p->policy.reason) + 4;
	if (policy > KR_CELL_MAX)
		kr_diag(c->d, c->file, p->policy.loc, KR_D_TOO_LONG,
			"the policy and its reason have %zu characters together, and a spreadsheet cell "
			"holds at most %d; shorten them",
			policy, KR_CELL_MAX);
	size_t committee = str_chars(&p->committee.rating) + texts_chars(&p->committee.comment) + 4;
	if (committee > KR_CELL_MAX)
		kr_diag(c->d, c->file, p->committee.loc, KR_D_TOO_LONG,
			"the committee's rating and comment have %zu characters together, and a "
			"spreadsheet cell holds at most %d; shorten them",
			committee, KR_CELL_MAX);
}

/* A field given that the template does not print in its PDF: warned at its first use. */
static void unprinted(vctx *c, size_t slot, const char *key, kr_loc loc, enum kr_shown shown)
{
	const kr_template *t = c->doc->tmpl;
	if (shown == KR_SHOWN_PDF || c->unprinted[slot] || loc.line == 0)
		return;
	c->unprinted[slot] = true;
	const char *tn = t->name ? t->name : t->path;
	if (shown == KR_SHOWN_WORKBOOK)
		kr_diag(c->d, c->file, loc, KR_D_UNPRINTED,
			"'%s' is given, but template '%s' prints it only in the workbook, not in the PDF",
			key, tn);
	else
		kr_diag(c->d, c->file, loc, KR_D_UNPRINTED,
			"'%s' is given, but template '%s' prints it in neither the PDF nor the "
			"workbook, only in the open data (STEM.csv); choose a template with a column "
			"for it, or leave it out",
			key, tn);
}

/* The project's fields and its KPIs' lines that the template leaves out of the PDF. */
static void check_printed(vctx *c, const kr_project *p)
{
	const kr_template *t = c->doc->tmpl;
	if (!t)
		return;
	const struct {
		enum kr_field field;
		const char *key;
		kr_loc loc;
	} given[] = {
		{KR_FIELD_NUMBER, "number", p->number.loc},
		{KR_FIELD_GRANT_PROGRAM, "grant_program", p->grant_program.loc},
		{KR_FIELD_DEPARTMENT, "department", p->department.loc},
		{KR_FIELD_CODE, "code", p->code.loc},
		{KR_FIELD_STATUS, "status", p->status.loc},
		{KR_FIELD_COST, "cost", p->cost.set ? p->cost.loc : KR_NO_LOC},
		{KR_FIELD_GRANT, "grant", p->grant.set ? p->grant.loc : KR_NO_LOC},
		{KR_FIELD_OVERVIEW, "overview", p->overview.n ? p->overview.loc : KR_NO_LOC},
		{KR_FIELD_KPIS, "kpis", p->n_kpis ? p->kpis[0].loc : KR_NO_LOC},
		{KR_FIELD_RATING, "rating", p->rating.loc},
		{KR_FIELD_RESULTS, "results", p->results.n ? p->results.loc : KR_NO_LOC},
		{KR_FIELD_PLANS, "plans", p->plans.n ? p->plans.loc : KR_NO_LOC},
		{KR_FIELD_POLICY, "policy", p->policy.set ? p->policy.loc : KR_NO_LOC},
		{KR_FIELD_COMMITTEE, "committee", p->committee.set ? p->committee.loc : KR_NO_LOC},
	};
	for (size_t i = 0; i < N(given); i++)
		unprinted(c, given[i].field, given[i].key, given[i].loc,
			  kr_template_shows(t, given[i].field));
	if (kr_template_shows(t, KR_FIELD_KPIS) != KR_SHOWN_PDF)
		return; /* kpis itself was warned about */
	for (size_t k = 0; k < p->n_kpis; k++) {
		const kr_kpi *kp = &p->kpis[k];
		const struct {
			enum kr_kpi_line line;
			const char *key;
			kr_loc loc;
		} lines[] = {
			{KR_KPI_LINE_DUE, "due", kp->due.set ? kp->due.loc : KR_NO_LOC},
			{KR_KPI_LINE_NOTE, "note", kp->note.loc},
			{KR_KPI_LINE_LONG_TERM, "long_term",
			 kp->long_term.set ? kp->long_term.loc : KR_NO_LOC},
		};
		/* The workbook's KPI sheet shows every line. */
		for (size_t i = 0; i < N(lines); i++)
			unprinted(c, KR_FIELD_COUNT + lines[i].line, lines[i].key, lines[i].loc,
				  kr_template_has_kpi_line(t, lines[i].line) ? KR_SHOWN_PDF
									     : KR_SHOWN_WORKBOOK);
	}
}

static void check_project(vctx *c, kr_project *p, bool top)
{
	check_printed(c, p);
	kr_doc *doc = c->doc;
	check_choice(c, &p->rating, &doc->ratings, "rating", "ratings");
	if (p->committee.set)
		check_choice(c, &p->committee.rating,
			     doc->committee_ratings.set ? &doc->committee_ratings : &doc->ratings,
			     "committee", doc->committee_ratings.set ? "committee_ratings" : "ratings");
	if (p->policy.set)
		check_choice(c, &p->policy.choice, &doc->policies, "policy", "policies");
	if (p->cost.set && p->grant.set && p->grant.v > p->cost.v) {
		char g[KR_DEC_BUF], k[KR_DEC_BUF];
		kr_diag(c->d, c->file, p->grant.loc, KR_D_GRANT_COST,
			"the grant (%s円) is larger than the cost (%s円)", kr_int_format(p->grant.v, g),
			kr_int_format(p->cost.v, k));
	}
	for (size_t i = 0; i < p->n_kpis; i++)
		check_kpi(c, &p->kpis[i]);
	check_cells(c, p);
	/* The workbook shows 【grant_program】, the number and the name in one cell. */
	size_t name = str_chars(&p->name), program = str_chars(&p->grant_program);
	if (name + program + 16 > KR_CELL_MAX && program)
		kr_diag(c->d, c->file, p->name.loc, KR_D_TOO_LONG,
			"the name and the grant programme have %zu characters together, and a "
			"spreadsheet cell holds at most %d; shorten them",
			name + program, KR_CELL_MAX - 16);
	else if (name + 16 > KR_CELL_MAX)
		kr_diag(c->d, c->file, p->name.loc, KR_D_TOO_LONG,
			"the name has %zu characters, and with its number a spreadsheet cell holds at "
			"most %d of them; shorten it",
			name, KR_CELL_MAX - 16);
	const kr_template *t = doc->tmpl;
	for (size_t i = 0; t && i < p->n_extra; i++) {
		bool ok = false;
		const char *cands[16] = {0};
		size_t n = 0;
		for (size_t k = 0; k < t->n_extra_fields; k++) {
			ok |= strcmp(t->extra_fields[k].key, p->extra[i].key.s) == 0;
			if (n < N(cands))
				cands[n++] = t->extra_fields[k].key;
		}
		if (!ok) {
			const char *g = kr_closest(p->extra[i].key.s, cands, n);
			const char *tn = t->name ? t->name : t->path;
			if (g)
				kr_diag(c->d, c->file, p->extra[i].key.loc, KR_D_EXTRA,
					"extra field '%s' is not declared by template '%s'; did you mean "
					"'%s'?", p->extra[i].key.s, tn, g);
			else
				kr_diag(c->d, c->file, p->extra[i].key.loc, KR_D_EXTRA,
					"extra field '%s' is not declared by template '%s'",
					p->extra[i].key.s, tn);
		}
	}
	if (!top)
		return;
	int64_t sum = 0;
	bool all = p->n_subprojects > 0, overflow = false;
	for (size_t i = 0; i < p->n_subprojects; i++) {
		kr_project *s = &p->subprojects[i];
		check_project(c, s, false);
		if (!s->cost.set)
			all = false;
		else
			overflow |= !add_money(&sum, s->cost.v);
	}
	if (overflow)
		kr_diag(c->d, c->file, p->loc, KR_D_OVERFLOW,
			"the subprojects' costs add up beyond what 64 bits hold");
	else if (all && p->cost.set && sum != p->cost.v) {
		char a[KR_DEC_BUF], b[KR_DEC_BUF];
		kr_diag(c->d, c->file, p->cost.loc, KR_D_SUBPROJECT_SUM,
			"the subprojects' costs add up to %s円, but the project's cost is %s円",
			kr_int_format(sum, a), kr_int_format(p->cost.v, b));
	}
}

static void check_totals(vctx *c)
{
	int64_t cost = 0, grant = 0;
	for (size_t i = 0; i < c->doc->n_projects; i++) {
		const kr_project *p = &c->doc->projects[i];
		int64_t pc = p->cost.set ? p->cost.v : 0, pg = p->grant.set ? p->grant.v : 0;
		for (size_t k = 0; k < p->n_subprojects; k++) {
			const kr_project *s = &p->subprojects[k];
			if (!p->cost.set && s->cost.set && !add_money(&pc, s->cost.v))
				pc = INT64_MAX;
			if (!p->grant.set && s->grant.set && !add_money(&pg, s->grant.v))
				pg = INT64_MAX;
		}
		if (!add_money(&cost, pc) || !add_money(&grant, pg)) {
			kr_diag(c->d, c->file, p->loc, KR_D_OVERFLOW,
				"the total cost or grant overflows here (beyond 9,223,372,036,854,775,807円)");
			return;
		}
	}
}

/* A 全国地方公共団体コード: five digits and a check digit, the last digit of 11 minus the
 * remainder mod 11 of the digits weighted 6, 5, 4, 3, 2 (JIS X 0402). */
static void check_city_code(const vctx *c, const kr_str *code)
{
	const char *s = code->s;
	if (!s)
		return;
	bool digits = strlen(s) == 6 && strspn(s, "0123456789") == 6;
	int sum = 0;
	for (int i = 0; digits && i < 5; i++)
		sum += (s[i] - '0') * (6 - i);
	if (!digits)
		kr_diag(c->d, c->file, code->loc, KR_D_CITY_CODE,
			"the municipality code '%s' is not six digits; write the 全国地方公共団体コード "
			"with its check digit, such as 132110 for 小平市",
			s);
	else if (s[5] - '0' != (11 - sum % 11) % 10)
		kr_diag(c->d, c->file, code->loc, KR_D_CITY_CODE,
			"the check digit of the municipality code '%s' should be %d; "
			"is a digit mistyped?",
			s, (11 - sum % 11) % 10);
}

void kr_validate(kr_doc *doc, kr_diags *d)
{
	vctx c = {.doc = doc, .d = d, .file = doc->path};
	if (doc->version.set && doc->version.v != 1)
		kr_diag(d, doc->path, doc->version.loc, KR_D_VERSION,
			"version %lld is not supported; this kpireport reads version 1",
			(long long)doc->version.v);
	if (doc->fiscal_year.set && (doc->fiscal_year.v < 1989 || doc->fiscal_year.v > 2200))
		kr_diag(d, doc->path, doc->fiscal_year.loc, KR_D_INTEGER,
			"fiscal_year must be a 西暦 year such as 2016 (H28年度), not %lld",
			(long long)doc->fiscal_year.v);
	if (doc->meeting.session.set && doc->meeting.session.v < 1)
		kr_diag(d, doc->path, doc->meeting.session.loc, KR_D_INTEGER,
			"session must be 1 or more");
	if (doc->meeting.date.set && doc->fiscal_year.set &&
	    doc->meeting.date.y * 100 + doc->meeting.date.m < doc->fiscal_year.v * 100 + 4)
		kr_diag(d, doc->path, doc->meeting.date.loc, KR_D_MEETING_DATE,
			"the meeting is dated before fiscal year %lld began", (long long)doc->fiscal_year.v);
	check_city_code(&c, &doc->municipality.code);
	check_scale(&c, &doc->ratings, "ratings");
	check_scale(&c, &doc->committee_ratings, "committee_ratings");
	check_scale(&c, &doc->policies, "policies");
	kr_limit_text(d, doc->path, doc->title.loc, doc->title.s, KR_TITLE_MAX, KR_D_TOO_LONG);
	kr_limit_text(d, doc->path, doc->meeting.committee.loc, doc->meeting.committee.s,
		      KR_COMMITTEE_MAX, KR_D_TOO_LONG);
	kr_limit_text(d, doc->path, doc->meeting.material.loc, doc->meeting.material.s,
		      KR_MATERIAL_MAX, KR_D_TOO_LONG);
	doc->tmpl = kr_template_load(doc, d);
	for (size_t i = 0; i < doc->n_projects; i++)
		check_project(&c, &doc->projects[i], true);
	check_totals(&c);
}

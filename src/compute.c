/* Computed values: one implementation that every renderer shows. */
#include "validate.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

bool kr_kpi_achievement(const kr_kpi *k, kr_pct *out)
{
	*out = (kr_pct){0};
	if (!k->target.set || k->target.null || !k->actual.set || k->actual.null)
		return false;
	kr_dec t = k->target.v, a = k->actual.v;
	kr_dec num, den;
	if (k->direction == KR_INCREASE) {
		num = a, den = t;
	} else if (k->baseline.set && !k->baseline.null) {
		num = (kr_dec){k->baseline.v.m - a.m};
		den = (kr_dec){k->baseline.v.m - t.m};
	} else if (a.m == 0) {
		/* Less is better and nothing is left: achieved, but no finite ratio. */
		out->has = false;
		return false;
	} else {
		num = t, den = a;
	}
	if (den.m == 0)
		return false;
	int64_t tenths = kr_ratio_tenths(num, den);
	if (tenths == INT64_MAX || tenths == -INT64_MAX)
		return false; /* e.g. 10^12 against a target of 0.000001: no number to print */
	out->has = true;
	out->ratio = kr_dec_to_double(num) / kr_dec_to_double(den);
	out->tenths = tenths;
	return true;
}

static enum kr_verdict verdict(const kr_kpi *k)
{
	if (!k->target.set || k->target.null || !k->actual.set || k->actual.null)
		return KR_VERDICT_NONE;
	/* Exact comparison, the same a spreadsheet's IF(rate>=1, …) makes. */
	bool met = k->direction == KR_INCREASE ? kr_dec_cmp(k->actual.v, k->target.v) >= 0
					       : kr_dec_cmp(k->actual.v, k->target.v) <= 0;
	return met ? KR_VERDICT_MET : KR_VERDICT_NOT_MET;
}

static void compute_kpi(kr_kpi *k)
{
	kr_kpi_achievement(k, &k->achievement);
	k->verdict = verdict(k);
	k->long_term_progress = (kr_pct){0};
	const kr_num *lt = &k->long_term.target;
	if (k->direction == KR_INCREASE && k->long_term.set && lt->set && !lt->null && lt->v.m > 0 &&
	    k->actual.set && !k->actual.null) {
		int64_t tenths = kr_ratio_tenths(k->actual.v, lt->v);
		if (tenths != INT64_MAX) /* saturated: no number to print */
			k->long_term_progress = (kr_pct){
				true, kr_dec_to_double(k->actual.v) / kr_dec_to_double(lt->v), tenths};
	}
}

/* A project's own amount, or its subprojects' sum of the same field (at offset in kr_project). */
static kr_amount amount(const kr_money *own, const kr_project *p, size_t offset)
{
	if (own->set)
		return (kr_amount){true, false, own->v};
	kr_amount a = {false, false, 0};
	for (size_t i = 0; i < p->n_subprojects; i++) {
		const kr_money *m = (const kr_money *)((const char *)&p->subprojects[i] + offset);
		if (m->set) {
			a.v += m->v;
			a.has = a.summed = true;
		}
	}
	return a;
}

static void compute_project(kr_doc *doc, kr_project *p, const kr_project *parent, size_t index)
{
	p->parent = parent;
	if (p->number.s)
		p->label = p->number.s;
	else
		p->label = parent ? kr_sprintf(doc->arena, "(%zu)", index + 1)
				  : kr_sprintf(doc->arena, "%zu", index + 1);
	for (size_t i = 0; i < p->n_kpis; i++)
		compute_kpi(&p->kpis[i]);
	for (size_t i = 0; i < p->n_subprojects; i++)
		compute_project(doc, &p->subprojects[i], p, i);
	p->cost_total = amount(&p->cost, p, offsetof(kr_project, cost));
	p->grant_total = amount(&p->grant, p, offsetof(kr_project, grant));
	p->grant_ratio = (kr_pct){0};
	if (p->cost.set && p->cost.v > 0 && p->grant.set) {
		p->grant_ratio.has = true;
		p->grant_ratio.ratio = (double)p->grant.v / (double)p->cost.v;
		p->grant_ratio.tenths = kr_ratio_tenths_i(p->grant.v, p->cost.v);
	}
}

/* FNV-1a: the programme names are keys of a small open-addressing table. */
static size_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)h;
}

void kr_compute(kr_doc *doc)
{
	doc->committee_scale = doc->committee_ratings.set ? &doc->committee_ratings : &doc->ratings;
	for (size_t i = 0; i < doc->n_projects; i++)
		compute_project(doc, &doc->projects[i], NULL, i);
	/* Totals per grant programme in order of first appearance, then the overall total.
	 * Only top-level projects count: a subproject's cost is part of its project's.  The
	 * programmes are found through a hash table (slot = index + 1, 0 = free), so that a
	 * document with as many programmes as projects stays linear. */
	doc->totals = kr_alloc_array(doc->arena, doc->n_projects + 1, sizeof *doc->totals);
	size_t slots = 16;
	while (slots < 2 * doc->n_projects)
		slots *= 2;
	size_t *table = kr_alloc_array(doc->arena, slots, sizeof *table);
	size_t n = 0;
	kr_total all = {NULL, 0, 0, 0, false, false};
	for (size_t i = 0; i < doc->n_projects; i++) {
		const kr_project *p = &doc->projects[i];
		const char *prog = p->grant_program.s ? p->grant_program.s : "";
		size_t h = hash_str(prog) & (slots - 1);
		while (table[h] && strcmp(doc->totals[table[h] - 1].program, prog) != 0)
			h = (h + 1) & (slots - 1);
		if (!table[h]) {
			doc->totals[n++] = (kr_total){prog, 0, 0, 0, false, false};
			table[h] = n;
		}
		size_t k = table[h] - 1;
		doc->totals[k].cost += p->cost_total.v;
		doc->totals[k].grant += p->grant_total.v;
		doc->totals[k].n_projects++;
		doc->totals[k].has_cost |= p->cost_total.has;
		doc->totals[k].has_grant |= p->grant_total.has;
		all.cost += p->cost_total.v;
		all.grant += p->grant_total.v;
		all.has_cost |= p->cost_total.has;
		all.has_grant |= p->grant_total.has;
		all.n_projects++;
	}
	doc->totals[n++] = all;
	doc->n_totals = n;
}

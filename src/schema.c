/* The tables of the handout format (version 1). */
#include "schema.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* Every key: its name, its Japanese name (for messages and the guide), type, whether it is
 * required, where its value goes, and its meaning. */
#define F(st, k, j, t, req, mem, d) \
	{.key = k, .ja = j, .type = t, .required = req, .offset = offsetof(st, mem), .doc = d}
#define FNULL(st, k, j, mem, d) \
	{.key = k, .ja = j, .type = KR_T_NUM, .nullable = true, .offset = offsetof(st, mem), .doc = d}
#define FOBJ(k, j, sb, d) {.key = k, .ja = j, .type = KR_T_OBJ, .sub = &sb, .doc = d}
#define FLIST(st, k, j, req, mem, cnt, sb, d)                                                  \
	{.key = k, .ja = j, .type = KR_T_LIST, .required = req, .offset = offsetof(st, mem),     \
	 .sub = &sb, .count_offset = offsetof(st, cnt), .doc = d}

static const char *const directions[] = {"increase", "decrease", NULL};

/* Embedded objects (KR_T_OBJ) use offsets from the enclosing struct: their members are reached
 * through the same base pointer. */
static const kr_fielddef long_term_fields[] = {
	F(kr_kpi, "target", "将来の目標値", KR_T_NUM, true, long_term.target,
	  "将来KPI: the long-term target value"),
	F(kr_kpi, "fiscal_year", "将来の目標年度", KR_T_INT, true, long_term.fiscal_year,
	  "the fiscal year (西暦) of the long-term target, after the document's fiscal_year"),
};
static const kr_schema long_term_schema = {
	"a long-term target", long_term_fields, N(long_term_fields), 0,
	offsetof(kr_kpi, long_term.loc), offsetof(kr_kpi, long_term.set),
	"※将来KPI: a later target for the same indicator"};

static const kr_fielddef kpi_fields[] = {
	F(kr_kpi, "name", "指標名", KR_T_STR, true, name,
	  "the indicator (指標), e.g. サイトのアクセス件数"),
	F(kr_kpi, "unit", "単位", KR_T_STR, false, unit, "unit after the numbers: 件, 人, %"),
	F(kr_kpi, "target", "目標値", KR_T_NUM, false, target,
	  "target value (目標値): > 0 for increase KPIs, >= 0 for decrease KPIs"),
	F(kr_kpi, "target_text", "目標（文章）", KR_T_STR, false, target_text,
	  "a target that is not a number, e.g. 前年度を上回る: shown, not computed"),
	FNULL(kr_kpi, "actual", "実績値", actual,
	      "actual value (実績値) >= 0, or null while not yet known"),
	{.key = "direction", .ja = "増減の向き", .type = KR_T_ENUM, .offset = offsetof(kr_kpi, direction_s),
	 .choices = directions,
	 .doc = "increase (default): more is better; decrease: less is better (待機児童数)"},
	F(kr_kpi, "baseline", "基準値", KR_T_NUM, false, baseline, "starting value (基準値)"),
	F(kr_kpi, "due", "目標年月", KR_T_MONTH, false, due, "target month (目標年月), YYYY-MM"),
	F(kr_kpi, "note", "備考", KR_T_STR, false, note, "a remark shown with the KPI"),
	FOBJ("long_term", "将来KPI", long_term_schema, "将来KPI: {target, fiscal_year}"),
};
static const kr_schema kpi_schema = {
	"a KPI", kpi_fields, N(kpi_fields), sizeof(kr_kpi), offsetof(kr_kpi, loc), KR_NO_OFFSET,
	"one key performance indicator of a project"};

static const kr_fielddef policy_fields[] = {
	F(kr_project, "choice", "方針", KR_T_STR, true, policy.choice,
	  "one of the document's policies"),
	F(kr_project, "reason", "方針の理由", KR_T_TEXTS, false, policy.reason, "今後の方針の理由"),
};
static const kr_schema policy_schema = {
	"a policy", policy_fields, N(policy_fields), 0, offsetof(kr_project, policy.loc),
	offsetof(kr_project, policy.set), "今後の方針: a choice from policies and its reason"};

static const kr_fielddef committee_fields[] = {
	F(kr_project, "rating", "委員会の評価", KR_T_STR, false, committee.rating,
	  "the committee's rating, one of committee_ratings (or ratings)"),
	F(kr_project, "comment", "委員会の意見", KR_T_TEXTS, false, committee.comment,
	  "the committee's opinion"),
};
static const kr_schema committee_schema = {
	"a committee evaluation", committee_fields, N(committee_fields), 0,
	offsetof(kr_project, committee.loc), offsetof(kr_project, committee.set),
	"推進委員会での評価; absent leaves the cell blank with the template's prompt"};

/* Subprojects have the same fields minus the last two (grant_program, subprojects). */
static const kr_fielddef project_fields[] = {
	F(kr_project, "name", "事業名", KR_T_STR, true, name, "事業名"),
	F(kr_project, "number", "番号", KR_T_STR, false, number,
	  "display number; default: automatic (1, 2, … for projects, (1), (2), … for subprojects)"),
	F(kr_project, "department", "担当課", KR_T_STR, false, department, "担当課"),
	F(kr_project, "code", "総合戦略上の位置付け", KR_T_STR, false, code,
	  "reference into the city's strategy, e.g. Ⅱ-1-④"),
	F(kr_project, "status", "区分", KR_T_STR, false, status, "e.g. 新規 / 継続 / 拡充"),
	F(kr_project, "cost", "事業費", KR_T_MONEY, false, cost, "事業費 (円): integer yen >= 0"),
	F(kr_project, "grant", "交付金", KR_T_MONEY, false, grant,
	  "交付金 (円): integer yen, at most the cost; absent renders the template's mark"),
	F(kr_project, "overview", "事業の概要", KR_T_TEXTS, false, overview, "事業の概要"),
	FLIST(kr_project, "kpis", "KPI", false, kpis, n_kpis, kpi_schema,
	      "KPIs; none renders the template's no-KPI mark"),
	F(kr_project, "rating", "事業の効果", KR_T_STR, false, rating,
	  "事業の効果: one of ratings"),
	F(kr_project, "results", "事業の実績・効果", KR_T_TEXTS, false, results,
	  "事業の実績・効果"),
	F(kr_project, "plans", "今年度の取組み", KR_T_TEXTS, false, plans, "今年度の取組み(予定)"),
	FOBJ("policy", "今後の方針", policy_schema, "今後の方針: {choice, reason}"),
	FOBJ("committee", "委員会の評価", committee_schema,
	     "the committee's evaluation: {rating, comment}"),
	{.key = "extra", .ja = "追加の項目", .type = KR_T_EXTRA, .offset = offsetof(kr_project, extra),
	 .count_offset = offsetof(kr_project, n_extra),
	 .doc = "texts for extra columns the template declares"},
	F(kr_project, "grant_program", "交付金の種類", KR_T_STR, false, grant_program,
	  "交付金の種類, rendered as 【…】 before the name"),
	FLIST(kr_project, "subprojects", "内訳の事業", false, subprojects, n_subprojects, kr_subproject_schema,
	      "parts of the project, with the same fields (minus grant_program and subprojects)"),
};
static const kr_schema project_schema = {
	"a project", project_fields, N(project_fields), sizeof(kr_project),
	offsetof(kr_project, loc), KR_NO_OFFSET, "one funded project (交付対象事業)"};
const kr_schema kr_subproject_schema = {
	"a subproject", project_fields, N(project_fields) - 2, sizeof(kr_project),
	offsetof(kr_project, loc), KR_NO_OFFSET, "a part of a project"};

static const kr_fielddef meeting_fields[] = {
	F(kr_doc, "committee", "会議名", KR_T_STR, false, meeting.committee,
	  "the committee's name"),
	F(kr_doc, "session", "回", KR_T_INT, false, meeting.session,
	  "the meeting number: 1 renders 第1回"),
	F(kr_doc, "material", "資料番号", KR_T_STR, false, meeting.material,
	  "the handout's number, e.g. 資料1"),
	F(kr_doc, "date", "開催日", KR_T_DATE, false, meeting.date,
	  "the meeting date, YYYY-MM-DD; renders 平成29年7月3日(月)"),
};
static const kr_schema meeting_schema = {
	"the meeting", meeting_fields, N(meeting_fields), 0, offsetof(kr_doc, meeting.loc),
	KR_NO_OFFSET, "the meeting the handout is for; every field optional"};

static const kr_fielddef municipality_fields[] = {
	F(kr_doc, "name", "団体名", KR_T_STR, false, municipality.name, "the city's name, e.g. 小平市"),
	F(kr_doc, "code", "団体コード", KR_T_STR, false, municipality.code,
	  "its 全国地方公共団体コード: six digits, the last a check digit, e.g. 132110"),
};
static const kr_schema municipality_schema = {
	"the municipality", municipality_fields, N(municipality_fields), 0,
	offsetof(kr_doc, municipality.loc), KR_NO_OFFSET,
	"the city the handout is from, as the open data (STEM.csv) names it"};

static const kr_fielddef doc_fields[] = {
	F(kr_doc, "version", "形式の版", KR_T_INT, true, version, "format version: 1"),
	F(kr_doc, "template", "テンプレート", KR_T_STR, false, template_name,
	  "a template name from templates/ (default kodaira-kpi) or a relative path to a .yaml file inside the handout's folder"),
	FOBJ("meeting", "会議", meeting_schema, "committee, session, material, date"),
	FOBJ("municipality", "地方公共団体", municipality_schema,
	     "name and code of the city, for the open data"),
	F(kr_doc, "title", "表題", KR_T_STR, true, title, "the handout's title"),
	F(kr_doc, "fiscal_year", "対象年度", KR_T_INT, true, fiscal_year,
	  "the fiscal year reported on (西暦 year in which it starts: 2016 = H28年度)"),
	F(kr_doc, "ratings", "事業効果の選択肢", KR_T_SCALE, false, ratings,
	  "the effect scale (【選択肢】), best first, 2 to 10 entries"),
	F(kr_doc, "committee_ratings", "委員会評価の選択肢", KR_T_SCALE, false, committee_ratings,
	  "the committee's own scale; default: ratings"),
	F(kr_doc, "policies", "今後の方針の選択肢", KR_T_SCALE, false, policies,
	  "the 今後の方針 scale"),
	FLIST(kr_doc, "projects", "事業", true, projects, n_projects, project_schema,
	      "the funded projects"),
	F(kr_doc, "notes", "注記", KR_T_TEXTS, false, notes, "footnotes under the table"),
};
const kr_schema kr_doc_schema = {
	"the handout", doc_fields, N(doc_fields), sizeof(kr_doc), KR_NO_OFFSET, KR_NO_OFFSET,
	"a committee handout (format version 1)"};

const kr_fielddef *kr_schema_field(const kr_schema *s, const char *key)
{
	for (size_t i = 0; i < s->n_fields; i++)
		if (strcmp(s->fields[i].key, key) == 0)
			return &s->fields[i];
	return NULL;
}

static size_t utf8_decode_all(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < max) {
		uint32_t c = *p++;
		int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
		while (extra-- > 0 && (*p & 0xC0) == 0x80)
			c = (c << 6) | (*p++ & 0x3F);
		out[n++] = c;
	}
	return n;
}

size_t kr_edit_distance(const char *a, const char *b, size_t cap)
{
	enum { MAX = 64 };
	uint32_t ca[MAX], cb[MAX];
	size_t na = utf8_decode_all(a, ca, MAX), nb = utf8_decode_all(b, cb, MAX);
	if ((na > nb ? na - nb : nb - na) > cap)
		return cap + 1;
	/* Optimal string alignment: insertions, deletions, substitutions and transpositions of
	 * neighbours ("cots" -> "cost") each cost 1. */
	size_t rows[3][MAX + 1];
	size_t *pp = rows[0], *prev = rows[1], *row = rows[2];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t best = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
			    pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			row[j] = best;
		}
		size_t *t = pp;
		pp = prev, prev = row, row = t;
	}
	return prev[nb] > cap ? cap + 1 : prev[nb];
}

const char *kr_closest(const char *word, const char *const *cands, size_t n)
{
	uint32_t tmp[64];
	size_t len = utf8_decode_all(word, tmp, 64);
	size_t cap = len / 3 > 2 ? len / 3 : 2;
	if (len <= 2)
		cap = 1;
	const char *best = NULL;
	size_t bestd = cap + 1;
	for (size_t i = 0; i < n; i++) {
		size_t d = kr_edit_distance(word, cands[i], cap);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	/* A candidate containing the word (or the word containing it) is a good guess too. */
	if (!best && len >= 2)
		for (size_t i = 0; i < n; i++)
			if (strstr(cands[i], word) || strstr(word, cands[i]))
				return cands[i];
	return best;
}

const char *kr_schema_suggest(const kr_schema *s, const char *key)
{
	const char *cands[32];
	size_t n = 0;
	for (size_t i = 0; i < s->n_fields && n < 32; i++)
		cands[n++] = s->fields[i].key;
	return kr_closest(key, cands, n);
}

char *kr_join(char *buf, size_t cap, const char *const *words, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *sep = i ? ", " : "";
		size_t need = strlen(sep) + strlen(words[i]);
		if (used + need + sizeof ", …" > cap) { /* whole words only: never cut a character */
			if (used + sizeof ", …" <= cap)
				memcpy(buf + used, ", …", sizeof ", …");
			break;
		}
		snprintf(buf + used, cap - used, "%s%s", sep, words[i]);
		used += need;
	}
	return buf;
}

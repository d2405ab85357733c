/* The document model: one committee handout as loaded from YAML, plus the values computed from it.
 *
 * Ownership: every pointer inside a kr_doc (strings, arrays, the template) lives in the document's
 * arena and is freed by one kr_doc_free().  Renderers only read the model. */
#ifndef KR_MODEL_H
#define KR_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "decimal.h"

/* A position in a source file, 1-based (converted once from libyaml's 0-based marks). */
typedef struct {
	int line, col;
} kr_loc;

/* A position, and none.  Messages write positions with these rather than (kr_loc){l, c}: xgettext
 * counts the comma inside the braces as an argument and would miss the message after it. */
#define KR_LOC(l, c) ((kr_loc){(l), (c)})
#define KR_NO_LOC KR_LOC(0, 0)

/* A string from the input; s is NULL when the key was absent. */
typedef struct {
	const char *s;
	kr_loc loc;
} kr_str;

/* Text given either as one paragraph (a string) or as bullets (a list of strings). */
typedef struct {
	kr_str *items;
	size_t n;
	bool bullets; /* given as a YAML list */
	kr_loc loc;
} kr_texts;

/* Yen amount: integer, validated to 0 <= v <= KR_MONEY_MAX. */
typedef struct {
	bool set;
	int64_t v;
	kr_loc loc;
} kr_money;

/* A number that may be absent (set == false) or explicitly null (set && null). */
typedef struct {
	bool set, null;
	kr_dec v;
	kr_loc loc;
	bool invalid; /* given, but rejected with an error already */
} kr_num;

typedef struct {
	bool set;
	int y, m, d; /* d == 0 for a year-month */
	kr_loc loc;
} kr_date;

typedef struct {
	bool set;
	int64_t v;
	kr_loc loc;
} kr_int;

/* One entry of a scale (ratings, committee ratings, policies). */
typedef struct {
	kr_str label;
	kr_str criterion;
} kr_choice;

typedef struct {
	kr_choice *items;
	size_t n;
	bool set;
	kr_loc loc;
} kr_scale;

/* A ratio computed from the model; tenths is the percentage in tenths, rounded half away from zero
 * on the exact value (1742 means 174.2 %). */
typedef struct {
	bool has;
	double ratio;
	int64_t tenths;
} kr_pct;

enum kr_direction { KR_INCREASE, KR_DECREASE };
enum kr_verdict { KR_VERDICT_NONE, KR_VERDICT_MET, KR_VERDICT_NOT_MET };

typedef struct {
	kr_str name, unit, target_text, note;
	kr_num target, actual, baseline;
	kr_str direction_s; /* as written; direction is the parsed value */
	enum kr_direction direction;
	kr_date due;
	struct {
		bool set;
		kr_num target;
		kr_int fiscal_year;
		kr_loc loc;
	} long_term;
	kr_loc loc;

	/* computed */
	kr_pct achievement;
	enum kr_verdict verdict;
	kr_pct long_term_progress;
} kr_kpi;

/* An amount a project shows and the totals count: its own, or when it gives none, the sum of its
 * subprojects' (summed).  has is false when neither exists; v is then 0. */
typedef struct {
	bool has, summed;
	int64_t v;
} kr_amount;

/* One named extra text (template-declared field). */
typedef struct {
	kr_str key;
	kr_texts value;
} kr_extra;

typedef struct kr_project kr_project;
struct kr_project {
	kr_str name, grant_program, number, department, code, status;
	kr_money cost, grant;
	kr_texts overview, results, plans;
	kr_kpi *kpis;
	size_t n_kpis;
	bool kpis_set;
	kr_str rating;
	struct {
		bool set;
		kr_str choice;
		kr_texts reason;
		kr_loc loc;
	} policy;
	struct {
		bool set;
		kr_str rating;
		kr_texts comment;
		kr_loc loc;
	} committee;
	kr_extra *extra;
	size_t n_extra;
	kr_project *subprojects;
	size_t n_subprojects;
	kr_loc loc;

	/* computed */
	const kr_project *parent; /* NULL for a top-level project */
	const char *label;        /* display number: "1", "(2)"; from number or automatic */
	kr_amount cost_total, grant_total; /* computed once; every output reads these */
	kr_pct grant_ratio;       /* 交付金充当率 */
};

/* Sum over one grant programme (or all projects when program is NULL). */
typedef struct {
	const char *program;
	int64_t cost, grant;
	size_t n_projects;
	bool has_cost, has_grant; /* a project counted gives one (else the total shows the mark) */
} kr_total;

typedef struct kr_template kr_template;

typedef struct {
	kr_int version;
	kr_str template_name;
	struct {
		kr_str committee, material;
		kr_int session;
		kr_date date;
		kr_loc loc;
	} meeting;
	struct {
		kr_str name, code; /* code: its 全国地方公共団体コード, six digits */
		kr_loc loc;
	} municipality;
	kr_str title;
	kr_int fiscal_year;
	kr_scale ratings, committee_ratings, policies;
	kr_project *projects;
	size_t n_projects;
	kr_texts notes;

	/* resolved and computed */
	const char *path;           /* the input file as named on the command line */
	const kr_template *tmpl;    /* loaded template (NULL until validated) */
	const kr_scale *committee_scale; /* committee_ratings, or ratings when absent */
	kr_total *totals;           /* one per grant programme in order of appearance, then overall */
	size_t n_totals;

	kr_arena *arena;
} kr_doc;

/* Money stays within 15 digits, what a spreadsheet cell holds exactly; totals are checked for
 * int64 overflow separately. */
#define KR_MONEY_MAX INT64_C(999999999999999)

void kr_doc_free(kr_doc *doc);

#endif

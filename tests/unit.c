/* Unit tests of the computations every renderer shows: exact rounding, decimals, wareki and
 * fiscal-year eras, "did you mean".  Each check prints what it compared when it fails. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "decimal.h"
#include "diag.h"
#include "schema.h"
#include "wareki.h"
#include "yamltree.h"

static int failures, checks;

static void check_str(const char *what, const char *got, const char *want)
{
	checks++;
	if (strcmp(got, want) != 0) {
		failures++;
		printf("FAIL %s: got '%s', want '%s'\n", what, got, want);
	}
}

/* Every key of the handout has a Japanese name (messages and the guide show it). */
static void check_ja(const kr_schema *s, int depth)
{
	for (size_t i = 0; i < s->n_fields && depth < 8; i++) {
		const kr_fielddef *f = &s->fields[i];
		checks++;
		if (!f->ja || !*f->ja)
			failures++, printf("FAIL key '%s' of %s has no Japanese name\n", f->key, s->name);
		if (f->sub)
			check_ja(f->sub, depth + 1);
	}
}

static kr_dec D(const char *s)
{
	kr_dec d = {0};
	if (kr_dec_parse(s, &d) != KR_DEC_OK)
		printf("FAIL parse %s\n", s), failures++;
	return d;
}

static void pct(const char *num, const char *den, const char *want)
{
	char b[KR_DEC_BUF], what[64];
	snprintf(what, sizeof what, "%s/%s", num, den);
	check_str(what, kr_tenths_format(kr_ratio_tenths(D(num), D(den)), b), want);
}

static void date(int y, int m, int d, const char *want)
{
	char b[KR_WAREKI_BUF];
	check_str("wareki date", kr_wareki_date(y, m, d, b), want);
}

static void fy(int dy, int dm, int dd, int year, const char *want_long, const char *want_short)
{
	kr_doc doc;
	memset(&doc, 0, sizeof doc);
	if (dy)
		doc.meeting.date = (kr_date){true, dy, dm, dd, {0, 0}};
	char b[KR_WAREKI_BUF];
	check_str("fiscal year", kr_fy_long(&doc, year, b), want_long);
	check_str("fiscal year short", kr_fy_short(&doc, year, b), want_short);
}

/* The bytes a node's span covers in buf. */
static void span(const char *buf, const kr_node *n, const char *want)
{
	char got[256];
	size_t len = n ? n->end - n->start : 0;
	snprintf(got, sizeof got, "%.*s", (int)len, n ? buf + n->start : "");
	check_str("span", got, want);
}

/* Spans are bytes (libyaml counts characters): a BOM, CR LF, multibyte text, every style. */
static void spans(void)
{
	static const char buf[] = "\xEF\xBB\xBF# 𠮷 comment\r\n"
				  "name: 子育て支援 # note\r\n"
				  "q: '𩸽''s'\r\n"
				  "d: \"a\\nb\"\r\n"
				  "e:   # empty\r\n"
				  "lit: |\r\n  一行目\r\n  二行目\r\n\r\n"
				  "flow: {target: １０, actual: 17420}\r\n";
	kr_arena *a = kr_arena_new();
	kr_diags *d = kr_diags_new();
	kr_node *root = kr_yaml_parse(a, d, "spans.yaml", buf, sizeof buf - 1);
	checks++;
	if (!root || root->type != KR_N_MAP) {
		failures++, printf("FAIL spans: no mapping\n");
	} else {
		span(buf, kr_map_get(root, "name"), "子育て支援");
		span(buf, kr_map_get(root, "q"), "'𩸽''s'");
		span(buf, kr_map_get(root, "d"), "\"a\\nb\"");
		span(buf, kr_map_get(root, "e"), "");
		span(buf, kr_map_get(root, "lit"), "|\r\n  一行目\r\n  二行目\r\n\r\n");
		span(buf, kr_map_get(kr_map_get(root, "flow"), "actual"), "17420");
		span(buf, kr_map_get(root, "flow"), "{target: １０, actual: 17420}");
		const kr_node *q = kr_map_get(root, "q"), *l = kr_map_get(root, "lit");
		checks++;
		if (!q || q->style != KR_S_SINGLE || !l || l->style != KR_S_LITERAL ||
		    kr_map_get(root, "flow")->style != KR_S_FLOW || root->style != KR_S_BLOCK)
			failures++, printf("FAIL styles\n");
	}
	kr_diags_free(d);
	kr_arena_free(a);
}

static void parse_status(const char *s, enum kr_dec_status want)
{
	kr_dec d;
	checks++;
	if (kr_dec_parse(s, &d) != want) {
		failures++;
		printf("FAIL parse status of '%s'\n", s);
	}
}

#ifdef KR_ARENA_REDZONES
#include <sys/wait.h>
#include <unistd.h>

/* Runs touch on a new arena in a child process: it must be reported by AddressSanitizer as a use
 * of poisoned memory (or, want_report false, exit cleanly). */
static void asan_child(const char *what, void (*touch)(kr_arena *), bool want_report)
{
	int fd[2];
	checks++;
	fflush(stdout);
	pid_t pid = pipe(fd) == 0 ? fork() : -1;
	if (pid < 0) {
		failures++, printf("FAIL %s: cannot start a child\n", what);
		return;
	}
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		kr_arena *a = kr_arena_new();
		touch(a);
		kr_arena_free(a);
		_exit(0);
	}
	close(fd[1]);
	char report[16384], rest[4096];
	size_t len = 0;
	ssize_t r;
	while ((r = read(fd[0], len < sizeof report - 1 ? report + len : rest,
			 len < sizeof report - 1 ? sizeof report - 1 - len : sizeof rest)) > 0)
		if (len < sizeof report - 1)
			len += (size_t)r;
	report[len] = '\0';
	close(fd[0]);
	int st = 0;
	waitpid(pid, &st, 0);
	bool clean = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	bool reported = !clean && strstr(report, "AddressSanitizer: use-after-poison");
	if (want_report ? !reported : !clean)
		failures++, printf("FAIL %s: status %d, stderr:\n%s\n", what, st, report);
}

static void *volatile sink;

static void last_byte(kr_arena *a)
{
	volatile char *p = kr_alloc(a, 13);
	p[12] = 'x';
	p = kr_alloc(a, 24);
	p[23] = 'y';
}

static void byte_after(kr_arena *a)
{
	volatile char *p = kr_alloc(a, 13);
	kr_alloc(a, 16);
	p[13] = 'x';
}

static void byte_before(kr_arena *a)
{
	volatile char *p = kr_alloc(a, 16);
	sink = (void *)(p[-1] ? NULL : (void *)p);
}

static void array_overrun(kr_arena *a)
{
	/* 234061f: an array of parts written one past its end. */
	const char **parts = kr_alloc_array(a, 28, sizeof *parts);
	char *next = kr_strdup(a, "shared string");
	for (int i = 0; i <= 28; i++)
		((const char *volatile *)parts)[i] = next;
}

static void old_array(kr_arena *a)
{
	size_t n = 0, cap = 0;
	int *v = NULL, *first = NULL;
	for (; n < 5; n++) {
		v = kr_grow(a, v, n, &cap, sizeof *v, 4);
		if (!first)
			first = v;
		v[n] = (int)n;
	}
	sink = (void *)(intptr_t)((volatile int *)first)[0];
}

/* The sanitizer build sees past the end of an arena allocation as it does for malloc's. */
static void arena_redzones(void)
{
	asan_child("arena: the last bytes of allocations", last_byte, false);
	asan_child("arena: one byte past an allocation", byte_after, true);
	asan_child("arena: one byte before a block's first allocation", byte_before, true);
	asan_child("arena: one element past an array", array_overrun, true);
	asan_child("arena: an array left behind by kr_grow", old_array, true);
}
#endif

int main(void)
{
	/* The seed's figures. */
	pct("17420", "10000", "174.2%");
	pct("205", "200", "102.5%");
	pct("10", "30", "33.3%");
	pct("146", "100", "146.0%");
	pct("477000", "954000", "50.0%");
	/* Half away from zero on the exact value, as a spreadsheet's 0.0% shows it. */
	pct("77000", "80000", "96.3%");
	pct("1", "8", "12.5%");
	pct("1", "16", "6.3%");
	pct("-1", "16", "-6.3%");
	pct("0.1", "0.3", "33.3%");
	pct("2", "3", "66.7%");
	pct("12", "12", "100.0%");
	pct("0", "5", "0.0%");
	char b[KR_DEC_BUF];
	check_str("money total", kr_int_format(9130320 + 34057000, b), "43,187,320");
	check_str("decimal", kr_dec_format(D("12.50"), b), "12.5");
	check_str("decimal", kr_dec_format(D("1e3"), b), "1,000");
	check_str("decimal", kr_dec_format(D("-0.25"), b), "-0.25");
	check_str("decimal plain", kr_dec_plain(D("1234567.125"), b), "1234567.125");
	check_str("decimal plain", kr_dec_plain(D("-17420"), b), "-17420");
	parse_status("1e400", KR_DEC_RANGE);
	parse_status("1000000000000", KR_DEC_RANGE);
	parse_status("0.0000001", KR_DEC_PRECISION);
	parse_status("10,000", KR_DEC_SYNTAX);
	parse_status("abc", KR_DEC_SYNTAX);
	parse_status(".5", KR_DEC_OK);
	spans();

	date(2017, 7, 3, "平成29年7月3日(月)");
	date(2019, 4, 30, "平成31年4月30日(火)");
	date(2019, 5, 1, "令和元年5月1日(水)");
	date(2020, 5, 1, "令和2年5月1日(金)");
	date(1989, 1, 7, "昭和64年1月7日(土)");
	date(1989, 1, 8, "平成元年1月8日(日)");
	/* Dated before 令和: every fiscal year in 平成 (the seed writes H31, H32). */
	fy(2017, 7, 3, 2016, "平成28年度", "H28年度");
	fy(2017, 7, 3, 2019, "平成31年度", "H31年度");
	fy(2017, 7, 3, 2020, "平成32年度", "H32年度");
	/* Dated on or after 2019-05-01. */
	fy(2019, 5, 1, 2018, "平成30年度", "H30年度");
	fy(2019, 5, 1, 2019, "令和元年度", "R1年度");
	fy(2022, 9, 1, 2021, "令和3年度", "R3年度");
	fy(2019, 4, 30, 2019, "平成31年度", "H31年度");
	/* Undated: by the fiscal year itself. */
	fy(0, 0, 0, 2019, "令和元年度", "R1年度");
	fy(0, 0, 0, 2018, "平成30年度", "H30年度");

	checks++;
	if (kr_date_valid(2017, 2, 29) || !kr_date_valid(2016, 2, 29) || kr_date_valid(2100, 2, 29) ||
	    !kr_date_valid(2000, 2, 29))
		failures++, printf("FAIL leap years\n");

	const char *keys[] = {"cost", "code", "grant"};
	const char *g = kr_closest("cots", keys, 3);
	check_str("did you mean", g ? g : "(none)", "cost");
	const char *r[] = {"非常に効果的であった", "相当程度効果があった"};
	g = kr_closest("非常に効果的だった", r, 2);
	check_str("did you mean (Japanese)", g ? g : "(none)", "非常に効果的であった");
	g = kr_closest("zzzz", keys, 3);
	check_str("no guess", g ? g : "(none)", "(none)");

	check_ja(&kr_doc_schema, 0);

	/* The message catalogue: every entry named once, with a summary for the docs. */
	for (int i = 0; i < KR_D_COUNT; i++) {
		checks++;
		if (!*kr_diag_summary((enum kr_diag_id)i) ||
		    (kr_diag_level((enum kr_diag_id)i) != KR_ERROR &&
		     kr_diag_level((enum kr_diag_id)i) != KR_WARNING))
			failures++, printf("FAIL catalogue entry %s\n", kr_diag_name((enum kr_diag_id)i));
		for (int j = 0; j < i; j++)
			if (strcmp(kr_diag_name((enum kr_diag_id)i), kr_diag_name((enum kr_diag_id)j)) == 0)
				failures++, printf("FAIL catalogue name %s twice\n", kr_diag_name((enum kr_diag_id)i));
	}
	checks++;
	if (kr_diag_level(KR_D_GLYPH) != KR_WARNING || kr_diag_level(KR_D_UTF8) != KR_ERROR)
		failures++, printf("FAIL catalogue levels\n");

	/* A renderer's collector moved into the main one: counts add up, messages sort together. */
	kr_diags *main_d = kr_diags_new(), *thread_d = kr_diags_new();
	kr_diag(main_d, "a.yaml", (kr_loc){5, 1}, KR_D_GLYPH, "second");
	kr_diag(thread_d, "a.yaml", (kr_loc){2, 3}, KR_D_WRITE, "first");
	kr_diag(thread_d, "b.pdf", (kr_loc){0, 0}, KR_D_RENDER, "third");
	kr_diags_move(main_d, thread_d);
	char out[512] = "";
	FILE *f = tmpfile();
	if (f) {
		kr_diags_flush(main_d, f);
		rewind(f);
		size_t got = fread(out, 1, sizeof out - 1, f);
		out[got] = '\0';
		fclose(f);
	}
	check_str("moved messages", out,
		  "a.yaml:2:3: error: first\na.yaml:5:1: warning: second\nb.pdf: error: third\n");
	checks++;
	if (kr_diags_errors(main_d) != 2 || kr_diags_warnings(main_d) != 1 ||
	    kr_diags_count(main_d, KR_D_WRITE) != 1 || kr_diags_errors(thread_d) != 0)
		failures++, printf("FAIL moved counts\n");
	kr_diags_free(main_d);
	kr_diags_free(thread_d);

#ifdef KR_ARENA_REDZONES
	arena_redzones();
#endif
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}

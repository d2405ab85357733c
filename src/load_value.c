/* Loading the values of one key: whole numbers, yen amounts, decimal numbers and dates, with
 * what a person most likely meant when one is written another way (full-width digits, a unit or
 * 円 in the value, 未確定 for an actual not yet known, a Japanese era date, 80,000). */
#include "load_value.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wareki.h"

/* s without its commas ("10,000" -> "10000"), in the arena. */
static char *without_commas(kr_arena *a, const char *s)
{
	char *out = kr_strdup(a, s), *o = out;
	for (const char *p = s; *p; p++)
		if (*p != ',')
			*o++ = *p;
	*o = '\0';
	return out;
}

/* s with its full-width digits and number signs half-width (１，０００ -> 1,000, －３ -> -3), in
 * the arena; NULL when s has no full-width digit. */
static char *half_width(kr_arena *a, const char *s)
{
	static const struct {
		unsigned char third;
		char ascii;
	} signs[] = {{0x8C, ','}, {0x8D, '-'}, {0x8E, '.'}, {0x8B, '+'}, {0x8F, '/'}};
	char *out = kr_strdup(a, s), *o = out;
	bool any = false;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			*o++ = (char)('0' + p[2] - 0x90), p += 3, any = true;
			continue;
		}
		bool sign = false;
		for (size_t i = 0; p[0] == 0xEF && p[1] == 0xBC && i < sizeof signs / sizeof signs[0]; i++)
			if (p[2] == signs[i].third)
				*o++ = signs[i].ascii, p += 3, sign = true, i = sizeof signs / sizeof signs[0];
		if (!sign)
			*o++ = (char)*p++;
	}
	*o = '\0';
	return any ? out : NULL;
}

static bool all_digits_or_commas(const char *s)
{
	for (; *s; s++)
		if ((*s < '0' || *s > '9') && *s != ',')
			return false;
	return true;
}

/* Full-width digits: says so with the value to write (commas kept for dates' sake only when
 * keep_separators).  True when it reported. */
static bool fullwidth_hint(const kr_loader *l, const kr_node *n, const char *key,
			   enum kr_diag_id id, bool keep_separators)
{
	char *h = half_width(l->arena, n->s);
	if (!h)
		return false;
	kr_diag(l->diags, l->file, n->loc, id,
		"'%s' is written with full-width digits (%s); write %s in half-width digits", key,
		n->s, keep_separators ? h : without_commas(l->arena, h));
	return true;
}

/* A date, month (parts 2) or year (parts 0) written in a Japanese era: says what it is in the
 * Western calendar.  True when it reported. */
static bool wareki_hint(const kr_loader *l, const kr_node *n, const char *key,
			enum kr_diag_id id, int parts)
{
	int y, m, d;
	if (!kr_wareki_parse(n->s, &y, &m, &d))
		return false;
	char fix[32];
	if (parts == 0 && m == 0)
		snprintf(fix, sizeof fix, "%d", y);
	else if (parts == 2 && m > 0 && d == 0)
		snprintf(fix, sizeof fix, "%04d-%02d", y, m);
	else if (parts == 3 && m > 0 && d > 0 && kr_date_valid(y, m, d))
		snprintf(fix, sizeof fix, "%04d-%02d-%02d", y, m, d);
	else
		return false;
	kr_diag(l->diags, l->file, n->loc, id,
		"'%s' is written in a Japanese era (%s); write it in the Western calendar: %s", key,
		n->s, fix);
	return true;
}

/* The words people write for a value not known yet, or for none. */
static bool unknown_word(const char *s)
{
	static const char *const words[] = {"-", "―", "－", "—", "‐", "ー", "未確定", "未定",
					    "集計中", "未集計", "調査中", "不明", "なし", "無し"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* "-" or 未確定 where a number goes: null for an actual not known yet, nothing for an amount.
 * True when it reported. */
static bool unknown_hint(const kr_loader *l, const kr_node *n, const kr_fielddef *f,
			 enum kr_diag_id id)
{
	if (!unknown_word(n->s))
		return false;
	if (f->nullable)
		kr_diag(l->diags, l->file, n->loc, id,
			"'%s: %s' is not a number; write %s: null while the value is not yet known (the "
			"handout then shows 未確定)",
			f->key, n->s, f->key);
	else if (f->type == KR_T_MONEY)
		kr_diag(l->diags, l->file, n->loc, id,
			"'%s: %s' is not an amount; when there is none, leave the value empty (%s:) or "
			"remove the line",
			f->key, n->s, f->key);
	else
		return false;
	return true;
}

/* "300件" for a KPI value: the number, and the unit that belongs in unit:.  True when it
 * reported. */
static bool unit_hint(const kr_loader *l, const kr_node *n, const char *key)
{
	if (strcmp(key, "target") != 0 && strcmp(key, "actual") != 0 && strcmp(key, "baseline") != 0)
		return false;
	const char *s = n->s, *p = s;
	if (*p == '-')
		p++;
	bool digit = false;
	while ((*p >= '0' && *p <= '9') || *p == ',' || *p == '.')
		digit |= *p >= '0' && *p <= '9', p++;
	const char *unit = p;
	while (*unit == ' ')
		unit++;
	if (!digit || !*unit || strpbrk(unit, "0123456789"))
		return false;
	char *num = without_commas(l->arena, kr_strndup(l->arena, s, (size_t)(p - s)));
	kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
		"'%s: %s' has its unit in the value; write %s: %s and give the unit as unit: %s", key, s,
		key, num, unit);
	return true;
}

static bool parse_int(const char *s, int64_t *v)
{
	if (!*s)
		return false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	errno = 0;
	long long x = strtoll(s, NULL, 10);
	if (errno == ERANGE)
		return false;
	*v = x;
	return true;
}

void kr_load_int(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_int *out)
{
	int64_t v;
	const char *digits = n->s[0] == '-' || n->s[0] == '+' ? n->s + 1 : n->s;
	if (n->plain && digits[0] == '0' && digits[1]) {
		kr_diag(l->diags, l->file, n->loc, KR_D_INTEGER,
			"'%s' must not start with 0 (some programs read %s as an octal number)", f->key,
			n->s);
		return;
	}
	if (!n->plain || !parse_int(n->s, &v) || v < INT_MIN || v > INT_MAX) {
		if (fullwidth_hint(l, n, f->key, KR_D_INTEGER, false) ||
		    (strcmp(f->key, "fiscal_year") == 0 && wareki_hint(l, n, f->key, KR_D_INTEGER, 0)))
			return;
		kr_diag(l->diags, l->file, n->loc, KR_D_INTEGER,
			"'%s' must be a whole number written without quotes, not '%s'", f->key, n->s);
		return;
	}
	*out = (kr_int){true, v, n->loc};
}

/* Explains how to write a yen amount the user wrote another way. */
static void money_error(const kr_loader *l, const kr_node *n, const char *key)
{
	/* What is shown is what was written; the digits are read half-width. */
	const char *s = n->s, *h = half_width(l->arena, s);
	char digits[64];
	size_t nd = 0;
	bool comma = false, frac = false, man = strstr(s, "万") != NULL, sen = strstr(s, "千") != NULL;
	for (const char *p = h ? h : s; *p && nd < sizeof digits - 1; p++) {
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
		else if (*p == ',')
			comma = true;
		else if (*p == '.')
			frac = true;
	}
	digits[nd] = '\0';
	char scaled[sizeof digits + 4];
	snprintf(scaled, sizeof scaled, "%s%s", digits, man ? "0000" : "000");
	const char *yen = strstr(s, "円");
	if (h && nd && !man && !sen && !frac && all_digits_or_commas(h))
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' is written with full-width digits (%s); write %s in half-width digits", key,
			s, digits);
	else if (s[0] == '-' && nd)
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY, "'%s' must not be negative (%s)", key, s);
	else if (yen && nd && !frac && !man && !sen && yen[strlen("円")] == '\0')
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must be written without 円: write %s", key, digits);
	else if ((man || sen) && nd && !frac && nd < 13)
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must be written in yen without 万 or 千: write %s", key, scaled);
	else if (frac)
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must be a whole number of yen, not %s", key, s);
	else if (comma && nd)
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must be written without separators: write %s, not %s", key, digits, s);
	else if (!n->plain && nd)
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must be a number without quotes: write %s", key, s);
	else
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must be a whole number of yen such as 43187320, not '%s'", key, s);
}

void kr_load_money(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_money *out)
{
	if (kr_node_is_null(n))
		return; /* written but empty: same as absent */
	const char *s = n->s;
	bool digits = *s != '\0';
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	if (!n->plain || !digits) {
		if (!unknown_hint(l, n, f, KR_D_MONEY))
			money_error(l, n, f->key);
		return;
	}
	size_t len = strlen(s);
	if (len > 1 && *s == '0') {
		/* YAML 1.1 readers take 0100 as an octal 64: say what to write instead. */
		while (len > 1 && *s == '0')
			s++, len--;
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' must not start with 0 (some programs read %s as an octal number); write %s",
			f->key, n->s, s);
		return;
	}
	if (len > 15) {
		kr_diag(l->diags, l->file, n->loc, KR_D_MONEY,
			"'%s' is too large: at most 15 digits (999,999,999,999,999 yen), what a "
			"spreadsheet keeps exactly",
			f->key);
		return;
	}
	*out = (kr_money){true, (int64_t)strtoll(s, NULL, 10), n->loc};
}

void kr_load_num(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_num *out)
{
	if (kr_node_is_null(n)) {
		if (f->nullable)
			*out = (kr_num){true, true, {0}, n->loc, false};
		else
			kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
				"'%s' must be a number, not empty", f->key);
		return;
	}
	const char *s = n->s;
	/* A target may be words instead: target_text takes them. */
	bool target = strcmp(f->key, "target") == 0;
	if (!n->plain) {
		if (unknown_hint(l, n, f, KR_D_NUMBER))
			return;
		if (target)
			kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
				"'%s' must be a number written without quotes, not \"%s\" (use "
				"target_text for a target in words)", f->key, s);
		else
			kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
				"'%s' must be a number written without quotes, not \"%s\"", f->key, s);
		return;
	}
	const char *p = *s == '-' || *s == '+' ? s + 1 : s;
	if (strcmp(p, ".nan") == 0 || strcmp(p, ".NaN") == 0 || strcmp(p, ".NAN") == 0 ||
	    strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0) {
		kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
			"'%s' must be a finite number, not %s", f->key, s);
		return;
	}
	kr_dec v;
	switch (kr_dec_parse(s, &v)) {
	case KR_DEC_OK:
		*out = (kr_num){true, false, v, n->loc, false};
		return;
	case KR_DEC_RANGE:
		kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
			"'%s' is out of range: %s (numbers must be below 1,000,000,000,000)", f->key, s);
		return;
	case KR_DEC_PRECISION:
		kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
			"'%s' has more than %d decimal places: %s", f->key, KR_DEC_DIGITS, s);
		return;
	default:
		if (fullwidth_hint(l, n, f->key, KR_D_NUMBER, false) || unknown_hint(l, n, f, KR_D_NUMBER) ||
		    unit_hint(l, n, f->key))
			return;
		if (strchr(s, ','))
			kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
				"'%s' must be written without separators: write %s, not %s", f->key,
				without_commas(l->arena, s), s);
		else if (target)
			kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
				"'%s' must be a number such as 10000 or 12.5, not '%s' (use target_text "
				"for a target in words)", f->key, s);
		else
			kr_diag(l->diags, l->file, n->loc, KR_D_NUMBER,
				"'%s' must be a number such as 10000 or 12.5, not '%s'", f->key, s);
	}
}

void kr_load_date(const kr_loader *l, const kr_node *n, const kr_fielddef *f, kr_date *out,
		  bool month)
{
	int y = 0, m = 0, d = 0, used = 0;
	const char *s = n->s;
	/* Digits and dashes exactly where YYYY-MM-DD has them: sscanf alone also takes "2017- 7- 3"
	 * and "2017-+7". */
	static const char shape_of[] = "dddd-dd-dd";
	size_t want = month ? 7 : 10;
	bool shape = strlen(s) == want;
	for (size_t i = 0; shape && i < want; i++)
		shape = shape_of[i] == 'd' ? s[i] >= '0' && s[i] <= '9' : s[i] == '-';
	shape = shape && (month ? sscanf(s, "%4d-%2d%n", &y, &m, &used) == 2
				: sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3);
	if (!shape || (size_t)used != strlen(s)) {
		if (fullwidth_hint(l, n, f->key, KR_D_DATE, true) ||
		    wareki_hint(l, n, f->key, KR_D_DATE, month ? 2 : 3))
			return;
		if (month)
			kr_diag(l->diags, l->file, n->loc, KR_D_DATE,
				"'%s' must be written YYYY-MM (e.g. 2017-03), not '%s'", f->key, s);
		else
			kr_diag(l->diags, l->file, n->loc, KR_D_DATE,
				"'%s' must be written YYYY-MM-DD (e.g. 2017-07-03), not '%s'", f->key, s);
		return;
	}
	if (!kr_date_valid(y, m, d) || (!month && d == 0)) {
		if (month)
			kr_diag(l->diags, l->file, n->loc, KR_D_DATE, "'%s' is not a real month: %s",
				f->key, s);
		else
			kr_diag(l->diags, l->file, n->loc, KR_D_DATE, "'%s' is not a real date: %s",
				f->key, s);
		return;
	}
	*out = (kr_date){true, y, m, d, n->loc};
}


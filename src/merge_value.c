/* Reading values as people type them in a spreadsheet: numbers stored as text with separators,
 * full-width digits or the unit, dashes and 未確定 for "not yet known", Excel's number strings. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

/* Words that mean "not yet known" in an actual's cell. */
static const char *const unknown_words[] = {
	"-", "―", "－", "ー", "—", "–", "‐", "−", "未確定", "未定", "不明", "集計中", "調査中", "未集計",
};

/* Full-width forms that NFKC maps to ASCII in a number: digits, separators, signs. */
static size_t fullwidth(const char *s, char *out)
{
	static const struct {
		const char *from;
		char to;
	} map[] = {{"，", ','}, {"．", '.'}, {"－", '-'}, {"−", '-'}, {"＋", '+'}, {"、", ','}};
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) { /* ０-９ */
		*out = (char)('0' + (u[2] - 0x90));
		return 3;
	}
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strncmp(s, map[i].from, strlen(map[i].from)) == 0) {
			*out = map[i].to;
			return strlen(map[i].from);
		}
	return 0;
}

/* s without leading and trailing ASCII and ideographic spaces (arena). */
static char *trim(kr_arena *a, const char *s)
{
	const char *e = s + strlen(s);
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "　", 3) == 0)
			s += 3;
		else
			break;
	}
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
			e--;
		else if (e - s >= 3 && strncmp(e - 3, "　", 3) == 0)
			e -= 3;
		else
			break;
	}
	return kr_strndup(a, s, (size_t)(e - s));
}

/* Thousands separators in the right places only: "17,420" yes, "1,7420" no. */
static bool grouped(const char *s)
{
	const char *p = *s == '-' ? s + 1 : s;
	const char *dot = strchr(p, '.');
	size_t n = dot ? (size_t)(dot - p) : strlen(p);
	size_t digits = 0;
	for (size_t i = n; i-- > 0;) {
		if (p[i] == ',') {
			if (digits != 3)
				return false;
			digits = 0;
		} else {
			digits++;
		}
	}
	return digits > 0 && digits <= 3 && (!dot || !strchr(dot, ','));
}

/* value * scale as a plain decimal; false when it is not whole yen or out of range. */
static enum kr_mread finish(kr_arena *a, const char *num, bool money, int scale, const char **out,
			    enum kr_mread ok)
{
	kr_dec v;
	enum kr_dec_status st = kr_dec_parse(num, &v);
	if (st == KR_DEC_SYNTAX)
		return KR_MR_NOT_NUMBER;
	if (st != KR_DEC_OK)
		return KR_MR_RANGE;
	if (v.m < 0)
		return KR_MR_NEGATIVE;
	if (money) {
		if (scale < 1 || v.m > INT64_MAX / scale)
			return KR_MR_RANGE;
		int64_t t = v.m * scale;
		if (t % KR_DEC_SCALE != 0)
			return KR_MR_FRACTION;
		int64_t yen = t / KR_DEC_SCALE;
		if (yen > INT64_C(999999999999999))
			return KR_MR_RANGE;
		*out = kr_sprintf(a, "%lld", (long long)yen);
		return ok;
	}
	char buf[KR_DEC_BUF];
	*out = kr_strdup(a, kr_dec_plain(v, buf));
	return ok;
}

enum kr_mread kr_mread_number(kr_arena *a, const char *typed, const char *unit, bool money,
			      int scale, const char **out)
{
	char *s = trim(a, typed);
	if (!*s)
		return KR_MR_UNKNOWN;
	for (size_t i = 0; i < sizeof unknown_words / sizeof unknown_words[0]; i++)
		if (strcmp(s, unknown_words[i]) == 0)
			return KR_MR_DASH;
	bool changed = false;
	/* The unit (or 円 or 千円 for money, which then says the scale whatever the cell's is)
	 * written after the number. */
	const char *units[] = {unit, money ? "円" : NULL, money ? "千円" : NULL};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t n = units[i] ? strlen(units[i]) : 0, len = strlen(s);
		if (n && len > n && strcmp(s + len - n, units[i]) == 0 &&
		    !(money && i == 1 && len >= n + 3 && strncmp(s + len - n - 3, "千", 3) == 0)) {
			s[len - n] = '\0';
			s = trim(a, s);
			changed = true;
			if (money)
				scale = i == 1 ? 1 : 1000;
			break;
		}
	}
	char *ascii = kr_alloc(a, strlen(s) + 1), *q = ascii;
	for (const char *p = s; *p;) {
		size_t k = fullwidth(p, q);
		if (k) {
			p += k, q++, changed = true;
		} else {
			*q++ = *p++;
		}
	}
	*q = '\0';
	if (strchr(ascii, ',')) {
		if (!grouped(ascii))
			return KR_MR_NOT_NUMBER;
		q = ascii;
		for (const char *p = ascii; *p; p++)
			if (*p != ',')
				*q++ = *p;
		*q = '\0';
		changed = true;
	}
	for (const char *p = ascii; *p; p++)
		if (!strchr("0123456789.-+", *p))
			return KR_MR_NOT_NUMBER;
	return finish(a, ascii, money, scale, out, changed ? KR_MR_NORMALISED : KR_MR_OK);
}

enum kr_mread kr_mread_cell_number(kr_arena *a, const char *v, bool money, int scale,
				   const char **out)
{
	char *end;
	double d = strtod(v, &end);
	if (*end || !isfinite(d) || fabs(d) >= 1e12)
		return *end ? KR_MR_NOT_NUMBER : KR_MR_RANGE;
	char buf[64];
	snprintf(buf, sizeof buf, "%.6f", d);
	if (fabs(strtod(buf, NULL) - d) > 1e-9 * (fabs(d) > 1 ? fabs(d) : 1))
		return KR_MR_RANGE; /* more than six decimals: typed so, not a float's rounding */
	return finish(a, buf, money, scale, out, KR_MR_OK);
}

const char *kr_mread_date(kr_arena *a, const char *serial)
{
	long days = (long)floor(strtod(serial, NULL));
	if (days < 1 || days > 2958465)
		return kr_strdup(a, serial);
	/* 1900 system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900 (serial 60),
	 * so from serial 61 on a serial is the days since 1899-12-30. */
	if (days < 60)
		days++;
	long z = days - 25569 + 719468; /* days since 0000-03-01, from days since 1899-12-30 */
	long era = z / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	long y = yoe + era * 400 + (m <= 2);
	return kr_sprintf(a, "%04ld-%02ld-%02ld", y, m, d);
}

const char *kr_mread_text(kr_arena *a, const char *s)
{
	char *out = kr_alloc(a, strlen(s) + 1), *q = out;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			*q++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*q++ = *p;
		}
	}
	while (q > out && (q[-1] == '\n' || q[-1] == ' '))
		q--;
	*q = '\0';
	return out;
}

const char **kr_mread_bullets(kr_arena *a, const char *s, size_t *n)
{
	size_t lines = 1;
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	const char **items = kr_alloc_array(a, lines, sizeof *items);
	*n = 0;
	for (const char *line = s; *line || line == s;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		bool bullet = strncmp(line, "・", 3) == 0;
		const char *body = bullet ? line + 3 : line;
		size_t blen = bullet ? len - 3 : len;
		if (bullet || *n == 0) {
			items[(*n)++] = kr_strndup(a, body, blen);
		} else { /* a line of the previous bullet */
			items[*n - 1] = kr_sprintf(a, "%s\n%.*s", items[*n - 1], (int)blen, body);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	/* Empty bullets (a blank line) are dropped. */
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (*items[i])
			items[k++] = items[i];
	*n = k;
	return items;
}

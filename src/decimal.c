/* Exact decimal parsing, formatting and percentage rounding. */
#include "decimal.h"

#include <stdio.h>
#include <string.h>

__extension__ typedef __int128 i128;

enum kr_dec_status kr_dec_parse(const char *s, kr_dec *out)
{
	bool neg = false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (!((*s >= '0' && *s <= '9') || (*s == '.' && s[1] >= '0' && s[1] <= '9')))
		return KR_DEC_SYNTAX;
	/* Collect up to 40 significant digits and the decimal exponent. */
	i128 mant = 0;
	int exp10 = 0, ndig = 0;
	bool seen_dot = false, any = false, overflow = false;
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			any = true;
			if (mant == 0 && *s == '0') {
				if (seen_dot)
					exp10--;
				continue;
			}
			if (ndig < 30) {
				mant = mant * 10 + (*s - '0');
				ndig++;
				if (seen_dot)
					exp10--;
			} else {
				if (*s != '0')
					overflow = true; /* digits beyond 30 that matter */
				if (!seen_dot)
					exp10++;
			}
		} else if (*s == '_' || *s == ',') {
			return KR_DEC_SYNTAX;
		} else if (*s == '.' && !seen_dot) {
			seen_dot = true;
		} else {
			break;
		}
	}
	if (!any)
		return KR_DEC_SYNTAX;
	if (*s == 'e' || *s == 'E') {
		s++;
		bool eneg = false;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		if (!(*s >= '0' && *s <= '9'))
			return KR_DEC_SYNTAX;
		int e = 0;
		while (*s >= '0' && *s <= '9') {
			if (e < 10000)
				e = e * 10 + (*s - '0');
			s++;
		}
		exp10 += eneg ? -e : e;
	}
	if (*s)
		return KR_DEC_SYNTAX;
	if (overflow)
		return KR_DEC_RANGE;
	/* value = mant * 10^exp10; we need mant * 10^(exp10 + 6) to be an integer. */
	int shift = exp10 + KR_DEC_DIGITS;
	if (mant == 0) {
		out->m = 0;
		return KR_DEC_OK;
	}
	while (shift < 0) {
		if (mant % 10 != 0)
			return KR_DEC_PRECISION;
		mant /= 10;
		shift++;
	}
	const i128 limit = (i128)KR_DEC_MAX_INT * KR_DEC_SCALE;
	while (shift > 0) {
		mant *= 10;
		shift--;
		if (mant >= limit)
			return KR_DEC_RANGE;
	}
	if (mant >= limit)
		return KR_DEC_RANGE;
	out->m = (int64_t)(neg ? -mant : mant);
	return KR_DEC_OK;
}

double kr_dec_to_double(kr_dec d)
{
	/* Split to keep the integer part exact in the double. */
	int64_t ip = d.m / KR_DEC_SCALE, fp = d.m % KR_DEC_SCALE;
	return (double)ip + (double)fp / (double)KR_DEC_SCALE;
}

int kr_dec_cmp(kr_dec a, kr_dec b)
{
	return (a.m > b.m) - (a.m < b.m);
}

static char *group_digits(uint64_t v, bool neg, char *buf)
{
	char tmp[32];
	int n = 0;
	do {
		if (n % 4 == 3)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	char *p = buf;
	if (neg)
		*p++ = '-';
	while (n)
		*p++ = tmp[--n];
	*p = '\0';
	return p;
}

char *kr_int_format(int64_t v, char *buf)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	group_digits(u, v < 0, buf);
	return buf;
}

char *kr_dec_format(kr_dec d, char *buf)
{
	uint64_t u = d.m < 0 ? (uint64_t)0 - (uint64_t)d.m : (uint64_t)d.m;
	char *p = group_digits(u / KR_DEC_SCALE, d.m < 0, buf);
	uint64_t frac = u % KR_DEC_SCALE;
	if (frac) {
		char f[KR_DEC_DIGITS + 1];
		snprintf(f, sizeof f, "%06llu", (unsigned long long)frac);
		int len = KR_DEC_DIGITS;
		while (len > 0 && f[len - 1] == '0')
			len--;
		f[len] = '\0';
		sprintf(p, ".%s", f);
	}
	return buf;
}

char *kr_dec_plain(kr_dec d, char *buf)
{
	kr_dec_format(d, buf);
	char *q = buf;
	for (const char *p = buf; *p; p++)
		if (*p != ',')
			*q++ = *p;
	*q = '\0';
	return buf;
}

static int64_t round_div(i128 num, i128 den)
{
	bool neg = (num < 0) != (den < 0);
	if (num < 0)
		num = -num;
	if (den < 0)
		den = -den;
	i128 q = (2 * num + den) / (2 * den); /* half away from zero */
	if (q > INT64_MAX)
		q = INT64_MAX; /* 10^12 / 0.000001 does not fit: saturate rather than wrap */
	return (int64_t)(neg ? -q : q);
}

int64_t kr_ratio_tenths(kr_dec num, kr_dec den)
{
	return round_div((i128)num.m * 1000, den.m);
}

int64_t kr_ratio_tenths_i(int64_t num, int64_t den)
{
	return round_div((i128)num * 1000, den);
}

char *kr_tenths_format(int64_t tenths, char *buf)
{
	uint64_t u = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
	char *p = group_digits(u / 10, tenths < 0, buf);
	sprintf(p, ".%d%%", (int)(u % 10));
	return buf;
}

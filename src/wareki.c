/* Japanese era dates and fiscal years. */
#include "wareki.h"

#include <stdio.h>
#include <string.h>

bool kr_date_valid(int y, int m, int d)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1873 || y > 9999 || m < 1 || m > 12)
		return false;
	if (d == 0)
		return true;
	int max = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d >= 1 && d <= max;
}

int kr_weekday(int y, int m, int d)
{
	/* Sakamoto's method. */
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (m < 3)
		y -= 1;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

struct era {
	const char *name, *abbr;
	int y, m, d; /* first day */
};

static const struct era eras[] = {
	{"令和", "R", 2019, 5, 1},
	{"平成", "H", 1989, 1, 8},
	{"昭和", "S", 1926, 12, 25},
	{"大正", "T", 1912, 7, 30},
	{"明治", "M", 1868, 1, 25},
};

static int ymd(int y, int m, int d) { return y * 10000 + m * 100 + d; }

static const struct era *era_of(int y, int m, int d)
{
	for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++)
		if (ymd(y, m, d) >= ymd(eras[i].y, eras[i].m, eras[i].d))
			return &eras[i];
	return &eras[sizeof eras / sizeof eras[0] - 1];
}

static void era_year(char *buf, size_t size, const char *name, int year)
{
	if (year == 1)
		snprintf(buf, size, "%s元年", name);
	else
		snprintf(buf, size, "%s%d年", name, year);
}

char *kr_wareki_day(int y, int m, int d, char *buf)
{
	const struct era *e = era_of(y, m, d);
	char ey[32];
	era_year(ey, sizeof ey, e->name, y - e->y + 1);
	snprintf(buf, KR_WAREKI_BUF, "%s%d月%d日", ey, m, d);
	return buf;
}

char *kr_wareki_month(int y, int m, char *buf)
{
	const struct era *e = era_of(y, m, 1);
	char ey[32];
	era_year(ey, sizeof ey, e->name, y - e->y + 1);
	snprintf(buf, KR_WAREKI_BUF, "%s%d月", ey, m);
	return buf;
}

char *kr_wareki_date(int y, int m, int d, char *buf)
{
	static const char *const wd[] = {"日", "月", "火", "水", "木", "金", "土"};
	kr_wareki_day(y, m, d, buf);
	size_t n = strlen(buf);
	snprintf(buf + n, KR_WAREKI_BUF - n, "(%s)", wd[kr_weekday(y, m, d)]);
	return buf;
}

kr_era_year kr_fiscal_era(const kr_doc *doc, int fy)
{
	bool before_reiwa = doc && doc->meeting.date.set &&
			    ymd(doc->meeting.date.y, doc->meeting.date.m, doc->meeting.date.d) <
				    ymd(2019, 5, 1);
	if (fy >= 2019 && !before_reiwa)
		return (kr_era_year){"令和", "R", fy - 2018};
	if (fy >= 1989)
		return (kr_era_year){"平成", "H", fy - 1988};
	if (fy >= 1926)
		return (kr_era_year){"昭和", "S", fy - 1925};
	return (kr_era_year){"西暦", "", fy};
}

char *kr_fy_long(const kr_doc *doc, int fy, char *buf)
{
	kr_era_year e = kr_fiscal_era(doc, fy);
	char ey[32];
	era_year(ey, sizeof ey, e.name, e.year);
	snprintf(buf, KR_WAREKI_BUF, "%s度", ey);
	return buf;
}

char *kr_fy_abbr(const kr_doc *doc, int fy, char *buf)
{
	kr_era_year e = kr_fiscal_era(doc, fy);
	snprintf(buf, KR_WAREKI_BUF, "%s%d", e.abbr, e.year);
	return buf;
}

char *kr_fy_short(const kr_doc *doc, int fy, char *buf)
{
	kr_fy_abbr(doc, fy, buf);
	size_t n = 0;
	while (buf[n])
		n++;
	snprintf(buf + n, KR_WAREKI_BUF - n, "年度");
	return buf;
}

/* A number at *p (half- or full-width digits, or 元 for 1), advancing *p past it; -1 if none. */
static int era_number(const char **p)
{
	if (strncmp(*p, "元", 3) == 0) {
		*p += 3;
		return 1;
	}
	int v = 0, n = 0;
	for (;; n++) {
		int digit;
		if (**p >= '0' && **p <= '9')
			digit = **p - '0', *p += 1;
		else if ((unsigned char)(*p)[0] == 0xEF && (unsigned char)(*p)[1] == 0xBC &&
			 (unsigned char)(*p)[2] >= 0x90 && (unsigned char)(*p)[2] <= 0x99)
			digit = (unsigned char)(*p)[2] - 0x90, *p += 3;
		else
			break;
		if (v > 1000)
			return -1;
		v = v * 10 + digit;
	}
	return n ? v : -1;
}

/* Skips one of the separators given (each a UTF-8 string), returning true if one was there. */
static bool skip_sep(const char **p, const char *const *seps)
{
	for (size_t i = 0; seps[i]; i++) {
		size_t n = strlen(seps[i]);
		if (strncmp(*p, seps[i], n) == 0) {
			*p += n;
			return true;
		}
	}
	return false;
}

bool kr_wareki_parse(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	const struct era *e = NULL;
	for (size_t i = 0; i < sizeof eras / sizeof eras[0] && !e; i++) {
		size_t n = strlen(eras[i].name);
		if (strncmp(p, eras[i].name, n) == 0)
			e = &eras[i], p += n;
		else if (*p == eras[i].abbr[0] || *p == eras[i].abbr[0] + 32)
			e = &eras[i], p += 1;
	}
	if (!e)
		return false;
	static const char *const after_year[] = {"年", ".", "/", "-", "．", "／", NULL};
	static const char *const after_month[] = {"月", ".", "/", "-", "．", "／", NULL};
	static const char *const after_day[] = {"日", NULL};
	int year = era_number(&p);
	if (year < 1)
		return false;
	*y = e->y + year - 1, *m = 0, *d = 0;
	if (skip_sep(&p, after_year) && (*m = era_number(&p)) > 0) {
		if (skip_sep(&p, after_month) && (*d = era_number(&p)) > 0)
			skip_sep(&p, after_day);
		else if (*d < 0)
			*d = 0;
	} else if (*m < 0) {
		*m = 0;
	}
	static const char *const tail[] = {"年度", "度", NULL};
	skip_sep(&p, tail);
	if (*p == '(' || strncmp(p, "（", 3) == 0) /* a weekday: (木) */
		p = p + strlen(p);
	while (*p == ' ')
		p++;
	return *p == '\0' && (*m == 0 || (*m >= 1 && *m <= 12));
}

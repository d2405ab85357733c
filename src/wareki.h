/* Japanese era (wareki) dates and fiscal years.
 * 平成 ends 2019-04-30, 令和 starts 2019-05-01; year 1 is written 元年. */
#ifndef KR_WAREKI_H
#define KR_WAREKI_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* True for a real Gregorian date (m 1..12, d in the month); d == 0 checks only the month. */
bool kr_date_valid(int y, int m, int d);

/* 0 = Sunday ... 6 = Saturday. */
int kr_weekday(int y, int m, int d);

/* "平成29年7月3日(月)"; dates before 1989-01-08 use 昭和.  buf of KR_WAREKI_BUF bytes. */
#define KR_WAREKI_BUF 64
char *kr_wareki_date(int y, int m, int d, char *buf);
/* Without the weekday: "平成29年3月1日"; a month: "平成29年3月" (its era as on the 1st). */
char *kr_wareki_day(int y, int m, int d, char *buf);
char *kr_wareki_month(int y, int m, char *buf);

/* The era in which a document writes fiscal year fy: a document dated before 2019-05-01 writes
 * every fiscal year in 平成 (2019 -> 平成31, 2020 -> 平成32); one dated on or after it (or undated)
 * writes years from 2019 on in 令和. */
typedef struct {
	const char *name;  /* "平成" */
	const char *abbr;  /* "H" */
	int year;          /* 1 = 元年 */
} kr_era_year;
kr_era_year kr_fiscal_era(const kr_doc *doc, int fy);

/* "平成28年度" / "令和元年度"; "H28年度" / "R1年度" for the short form. */
char *kr_fy_long(const kr_doc *doc, int fy, char *buf);
char *kr_fy_short(const kr_doc *doc, int fy, char *buf);
/* Without 年度: "H28", "R3" (as in "KPI(H28年度末)" templates write {fy}年度末). */
char *kr_fy_abbr(const kr_doc *doc, int fy, char *buf);

/* Reads a date, month or year written in an era, as people write them in handouts: 令和6年7月25日,
 * 令和6年7月25日(木), 令和元年5月, 令和5年度, 平成28, R6.7.25, H29/7/3, R5年度 (digits half- or
 * full-width).  Sets *y (Western), *m and *d (0 when not written) and returns true; false for
 * anything else. */
bool kr_wareki_parse(const char *s, int *y, int *m, int *d);

#endif

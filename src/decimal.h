/* Exact decimal numbers for KPI values: an int64 count of millionths.  Parsing and percentage
 * rounding are exact, so 77000 / 80000 rounds to 96.3 % the way a spreadsheet shows it. */
#ifndef KR_DECIMAL_H
#define KR_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KR_DEC_SCALE INT64_C(1000000)
#define KR_DEC_DIGITS 6                    /* fraction digits kept */
#define KR_DEC_MAX_INT INT64_C(1000000000000) /* |value| < 10^12 */

typedef struct {
	int64_t m; /* value * KR_DEC_SCALE */
} kr_dec;

enum kr_dec_status {
	KR_DEC_OK,
	KR_DEC_SYNTAX,    /* not a plain decimal number */
	KR_DEC_RANGE,     /* magnitude >= 10^12 */
	KR_DEC_PRECISION, /* more than KR_DEC_DIGITS fraction digits */
};

/* Parses [-]digits[.digits] (YAML int/float forms such as 1e3 are accepted when exact). */
enum kr_dec_status kr_dec_parse(const char *s, kr_dec *out);
double kr_dec_to_double(kr_dec d);
int kr_dec_cmp(kr_dec a, kr_dec b);

/* Writes d with thousands separators and without trailing fraction zeros ("17,420", "12.5").
 * buf must hold at least KR_DEC_BUF bytes. */
#define KR_DEC_BUF 40
char *kr_dec_format(kr_dec d, char *buf);
/* The same without separators, as YAML writes it ("17420", "12.5"). */
char *kr_dec_plain(kr_dec d, char *buf);

/* num / den as a percentage in tenths, rounded half away from zero; den must not be 0.  A result
 * beyond int64 saturates at +-INT64_MAX. */
int64_t kr_ratio_tenths(kr_dec num, kr_dec den);
/* The same for integers (money). */
int64_t kr_ratio_tenths_i(int64_t num, int64_t den);

/* "174.2%" from tenths; buf of KR_DEC_BUF bytes. */
char *kr_tenths_format(int64_t tenths, char *buf);

/* Writes an integer with thousands separators. */
char *kr_int_format(int64_t v, char *buf);

#endif

/* Limits of the output formats, checked at validation time (bounds.h). */
#include "bounds.h"

#include <string.h>

size_t kr_utf8_count(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

bool kr_limit_text(kr_diags *d, const char *file, kr_loc loc, const char *s, size_t max,
		   enum kr_diag_id id)
{
	size_t n = s ? kr_utf8_count(s) : 0;
	if (n <= max)
		return true;
	kr_diag(d, file, loc, id, "this text has %zu characters; the limit here is %zu, so shorten it",
		n, max);
	return false;
}

bool kr_limit_sheet_name(kr_diags *d, const char *file, kr_loc loc, const char *name)
{
	size_t n = kr_utf8_count(name), len = strlen(name);
	const char *bad = strpbrk(name, "[]:*?/\\");
	if (n == 0 || n > KR_SHEET_NAME_MAX)
		kr_diag(d, file, loc, KR_D_TEMPLATE,
			"a sheet name has 1 to %d characters; '%s' has %zu", KR_SHEET_NAME_MAX, name, n);
	else if (bad)
		kr_diag(d, file, loc, KR_D_TEMPLATE,
			"a sheet name cannot contain any of [ ] : * ? / \\ ; '%s' contains %c", name, *bad);
	else if (name[0] == '\'' || name[len - 1] == '\'')
		kr_diag(d, file, loc, KR_D_TEMPLATE,
			"a sheet name cannot start or end with an apostrophe: '%s'", name);
	else if (kr_sheet_names_clash(name, "History"))
		kr_diag(d, file, loc, KR_D_TEMPLATE,
			"'%s' is a name a spreadsheet keeps for itself; choose another sheet name", name);
	else
		return true;
	return false;
}

bool kr_sheet_names_clash(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
		char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

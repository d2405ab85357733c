/* For fuzz_render: every XML part of a written workbook must be well-formed UTF-8 XML, as Excel
 * demands (a part cut inside a character, or with a control character, makes Excel refuse the
 * whole file).  minizip reads the zip, expat parses each part; returns NULL when every part is
 * well-formed, else a static message naming the part and expat's reason. */
#ifndef KR_FUZZ_XML_CHECK_H
#define KR_FUZZ_XML_CHECK_H

#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <unzip.h>

static inline int kr_fuzz_xml_part(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcmp(name + n - 4, ".xml") == 0) ||
	       (n > 5 && strcmp(name + n - 5, ".rels") == 0);
}

static inline const char *kr_fuzz_xlsx_xml(const char *path, size_t *parts)
{
	static char why[512];
	unzFile z = unzOpen64(path);
	if (!z)
		return "not a zip file";
	const char *bad = NULL;
	*parts = 0;
	for (int r = unzGoToFirstFile(z); r == UNZ_OK && !bad; r = unzGoToNextFile(z)) {
		char name[256];
		if (unzGetCurrentFileInfo64(z, NULL, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK) {
			bad = "unreadable zip entry";
			break;
		}
		if (!kr_fuzz_xml_part(name))
			continue;
		if (unzOpenCurrentFile(z) != UNZ_OK) {
			bad = "cannot open a zip entry";
			break;
		}
		XML_Parser p = XML_ParserCreate("UTF-8"); /* whatever the part declares: UTF-8 */
		char buf[16384];
		int got;
		do {
			got = unzReadCurrentFile(z, buf, sizeof buf);
			if (got < 0 || XML_Parse(p, buf, got, got == 0) == XML_STATUS_ERROR) {
				snprintf(why, sizeof why, "%s: %s at line %lu", name,
					 got < 0 ? "inflate error"
						 : XML_ErrorString(XML_GetErrorCode(p)),
					 (unsigned long)XML_GetCurrentLineNumber(p));
				bad = why;
				break;
			}
		} while (got > 0);
		XML_ParserFree(p);
		unzCloseCurrentFile(z);
		++*parts;
	}
	unzClose(z);
	return bad;
}

#endif

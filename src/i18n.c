/* Locale and message catalogue set-up (see i18n.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The language the environment asks for messages in, the way setlocale reads it. */
static const char *wanted_language(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

/* The folder of the running program, or "" when /proc cannot tell. */
static void exe_dir(char *buf, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
	buf[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	else
		buf[0] = '\0';
}

static void bind_catalogue(void)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], build[PATH_MAX];
	exe_dir(dir, sizeof dir);
	const char *where = KR_LOCALE_DIR;
	if (dir[0] && realpath(KR_BUILD_DIR, build) && strcmp(dir, build) == 0)
		where = KR_BUILD_DIR "/locale";
	else if (dir[0]) {
		/* Installed: share/locale relative to bin, wherever the tree was installed to. */
		snprintf(path, sizeof path, "%s/%s", dir, KR_BIN_TO_LOCALE_DIR);
		if (access(path, R_OK | X_OK) == 0)
			where = path;
	}
	bindtextdomain(KR_TEXT_DOMAIN, where);
	bind_textdomain_codeset(KR_TEXT_DOMAIN, "UTF-8");
	textdomain(KR_TEXT_DOMAIN);
}

void kr_i18n_init(void)
{
	bool ctype = setlocale(LC_CTYPE, "") != NULL;
	bool messages = setlocale(LC_MESSAGES, "") != NULL;
	if ((!ctype || !messages) && strncmp(wanted_language(), "ja", 2) == 0) {
		/* ja_JP.UTF-8 is not generated here (Debian images ship only C and C.UTF-8): gettext
		 * ignores LANGUAGE in the C locale but not in C.UTF-8. */
		setlocale(LC_CTYPE, "C.UTF-8");
		setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "ja", 0);
	}
	bind_catalogue();
}

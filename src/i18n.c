/* Locale and message catalogue set-up (see i18n.h). */
#include "i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"

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

static void bind_catalogue(void)
{
	char dir[PATH_MAX];
	const char *where = KR_LOCALE_DIR;
	if (kr_installed_path(KR_BIN_TO_LOCALE_DIR, dir, sizeof dir))
		where = dir;
	else if (access(KR_BUILD_DIR "/locale", R_OK | X_OK) == 0)
		where = KR_BUILD_DIR "/locale";
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

/* Messages in the user's language through GNU gettext (text domain "kpireport").
 *
 * Every user-visible message is an English msgid translated where it is formatted: _() for a
 * literal, N_() to mark a literal that a table or variable carries to the place that translates
 * it (kr_vdiag translates its format; usage() and the summaries translate theirs).  po/ja.po holds
 * the Japanese; a test fails when a message lacks its translation. */
#ifndef KR_I18N_H
#define KR_I18N_H

#include <libintl.h>

#define KR_TEXT_DOMAIN "kpireport"
#define _(s) gettext(s)
#define N_(s) s

/* Sets the locale's message language and character type from the environment (numbers, dates
 * and collation stay those of the C locale, so outputs do not depend on the user's locale) and
 * binds the text domain: to the build tree's catalogue when the program runs from its build
 * folder, else to the installed share/locale beside the program.  When the environment asks for
 * Japanese but that locale was never generated on the machine, Japanese is used all the same. */
void kr_i18n_init(void);

#endif

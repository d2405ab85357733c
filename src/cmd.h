/* The commands of kpireport, one file each beside main.c, which holds their table. */
#ifndef KR_CMD_H
#define KR_CMD_H

#include "diag.h"

/* Prints "kpireport: MESSAGE" and the usage text to stderr; returns KR_EXIT_USAGE.  fmt is the
 * English message, translated here (NULL: the usage text alone). */
int kr_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kpireport merge (cmd_merge.c). */
int kr_cmd_merge(int argc, char **argv, kr_diags *d);

#endif

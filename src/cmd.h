/* The commands of kpireport, one file each beside main.c, which holds their table. */
#ifndef KR_CMD_H
#define KR_CMD_H

#include "diag.h"

/* Prints msg (if any) and the usage text to stderr; returns KR_EXIT_USAGE. */
int kr_usage(const char *msg);

/* kpireport merge (cmd_merge.c). */
int kr_cmd_merge(int argc, char **argv, kr_diags *d);

#endif

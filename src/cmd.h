/* The commands of kpireport, one file each beside main.c, which holds their table. */
#ifndef KR_CMD_H
#define KR_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Prints "kpireport: MESSAGE" and the usage text to stderr; returns KR_EXIT_USAGE.  fmt is the
 * English message, translated here (NULL: the usage text alone). */
int kr_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An option of a command: "-o DIR", "-oDIR", "--output DIR" or "--output=DIR" when it takes a
 * value (stored in *value; needs is the message when it is missing), or "-q" / "--quiet" when it
 * is a flag (sets *flag).  Either name may be NULL. */
typedef struct {
	const char *short_name, *long_name;
	const char **value;
	bool *flag;
	const char *needs;
} kr_option;

/* Sorts a command's arguments into its options and its files: options may come before or after
 * the files, "--" ends them, --help prints the usage.  Returns -1 when the command goes on (its
 * files are then argv[0] to argv[*argc - 1]); otherwise the exit status to return at once (0
 * after --help, 2 after a usage error, which it printed). */
int kr_options(const char *cmd, int *argc, char **argv, const kr_option *opts, size_t n);

/* kpireport merge (cmd_merge.c). */
int kr_cmd_merge(int argc, char **argv, kr_diags *d);

/* kpireport new (cmd_new.c). */
int kr_cmd_new(int argc, char **argv, kr_diags *d);

#endif

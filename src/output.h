/* Atomic output: every file is written to a temporary file in its destination folder, fsync'd and
 * renamed over the old one, so a failure or a signal never leaves a half-written file and never
 * loses the last good one.  Temporary files are registered so that SIGINT/SIGTERM remove them. */
#ifndef KR_OUTPUT_H
#define KR_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

typedef struct {
	char *final; /* destination path */
	char *tmp;   /* temporary file beside it; NULL once committed or aborted */
} kr_outfile;

/* Creates the temporary file (mkstemp, mode from the umask as for a new file) beside
 * final_path, after checking that final_path could be replaced at all (it is not a folder, its
 * name is not too long).  Works for any file: renderer outputs, a rewritten handout.  Returns 0,
 * or -1 after recording KR_D_WRITE. */
int kr_out_begin(kr_outfile *o, const char *final_path, kr_diags *d);
/* Writes len bytes into the file at path (truncating it): every write, the fsync and the close
 * are checked, and the size the file then has is compared with len.  Messages name shown (the
 * destination the user knows).  Returns 0, or -1 after recording KR_D_WRITE. */
int kr_write_file(const char *path, const char *shown, const void *buf, size_t len,
		  kr_diags *d);
/* A file made in memory, then written whole by kr_write_file: for renderers that print text.
 * kr_memfile_open returns the stream to print to (aborts when out of memory);
 * kr_memfile_write closes it, writes it to path (messages name shown) and frees it: 0, or -1
 * after recording KR_D_WRITE. */
typedef struct {
	FILE *f;
	char *buf;
	size_t len;
} kr_memfile;
FILE *kr_memfile_open(kr_memfile *m);
int kr_memfile_write(kr_memfile *m, const char *path, const char *shown, kr_diags *d);

/* A scratch file in $TMPDIR (default /tmp) for a library that takes a file name: preferably a
 * file without a name (O_TMPFILE, else mkstemp and unlink at once) reached as /proc/self/fd/N, so
 * that no exit path, a signal included, leaves it behind; without /proc it keeps its name until
 * the caller unlinks it (*named is then true).  prefix names it ("kpireport-font").  Returns
 * the descriptor and *path (malloc'd), or -1 with errno. */
int kr_scratch_file(const char *prefix, char **path, bool *named);

/* fsyncs the temporary file, renames it to the destination and fsyncs the folder. */
int kr_out_commit(kr_outfile *o, kr_diags *d);
/* Commits n outputs as one: under an exclusive lock of their folder (flock; another kpireport
 * committing into the same folder waits), each temporary file is fsync'd and renamed over its
 * destination; when a rename fails, the destinations already replaced get their previous files
 * back (kept as hard links until every rename succeeded).  All of o must share one folder.
 * Returns 0, or -1 after recording KR_D_WRITE with nothing replaced. */
int kr_out_commit_all(kr_outfile *o, size_t n, kr_diags *d);
/* Removes the temporary file (if any) and frees o's strings. */
void kr_out_abort(kr_outfile *o);

/* Temporary paths removed by the signal handler; at most a few at a time. */
void kr_tmp_register(const char *path);
void kr_tmp_unregister(const char *path);
/* Installs SIGINT/SIGTERM/SIGHUP handlers that remove registered files and exit. */
void kr_tmp_install_handlers(void);

/* Holds those signals back (they are handled at kr_signals_release) around work that makes
 * temporary files the handler cannot know of (libxlsxwriter's), or that must not be cut in two
 * (the renames of one document's outputs). */
typedef struct {
	sigset_t old;
} kr_signal_hold;
void kr_signals_hold(kr_signal_hold *h);
void kr_signals_release(const kr_signal_hold *h);

#endif

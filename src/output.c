/* Temporary files, atomic renames and their cleanup on signals. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

/* The signal handler needs to find live temporary files: this registry is the one piece of
 * global state outside main.c, and it only holds fixed-size copies (async-signal-safe reads). */
#define MAX_TMP 16
#define TMP_PATH 4096
static char registry[MAX_TMP][TMP_PATH];
static volatile sig_atomic_t registry_used[MAX_TMP];

void kr_tmp_register(const char *path)
{
	if (strlen(path) >= TMP_PATH)
		return;
	for (int i = 0; i < MAX_TMP; i++)
		if (!registry_used[i]) {
			memcpy(registry[i], path, strlen(path) + 1);
			registry_used[i] = 1;
			return;
		}
}

void kr_tmp_unregister(const char *path)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (registry_used[i] && strcmp(registry[i], path) == 0) {
			registry_used[i] = 0;
			return;
		}
}

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (registry_used[i])
			unlink(registry[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void kr_tmp_install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A full disk (or RLIMIT_FSIZE) must surface as a write error, not kill the process. */
	signal(SIGXFSZ, SIG_IGN);
}

void kr_signals_hold(kr_signal_hold *h)
{
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &h->old);
}

void kr_signals_release(const kr_signal_hold *h)
{
	pthread_sigmask(SIG_SETMASK, &h->old, NULL);
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		kr_oom();
	return p;
}

static mode_t file_mode(void)
{
	mode_t um = umask(0);
	umask(um);
	return 0666 & ~um;
}

int kr_out_begin(kr_outfile *o, const char *final_path, kr_diags *d)
{
	o->final = xstrdup(final_path);
	size_t n = strlen(final_path) + 16;
	o->tmp = malloc(n);
	if (!o->tmp)
		kr_oom();
	snprintf(o->tmp, n, "%s.tmpXXXXXX", final_path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		kr_diag(d, final_path, (kr_loc){0, 0}, KR_D_WRITE, "cannot create a file beside it: %s",
			strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	kr_tmp_register(o->tmp);
	if (fchmod(fd, file_mode()) != 0 || close(fd) != 0) {
		kr_diag(d, final_path, (kr_loc){0, 0}, KR_D_WRITE, "cannot prepare the file: %s",
			strerror(errno));
		return -1;
	}
	return 0;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	int e = errno;
	if (close(fd) != 0 && r == 0)
		return -1;
	errno = e;
	return r;
}

int kr_out_commit(kr_outfile *o, kr_diags *d)
{
	if (fsync_path(o->tmp, O_RDONLY) != 0) {
		kr_diag(d, o->final, (kr_loc){0, 0}, KR_D_WRITE, "cannot write: %s", strerror(errno));
		return -1;
	}
	if (rename(o->tmp, o->final) != 0) {
		kr_diag(d, o->final, (kr_loc){0, 0}, KR_D_WRITE, "cannot replace: %s", strerror(errno));
		return -1;
	}
	kr_tmp_unregister(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	/* Make the rename itself durable. */
	char *dir = xstrdup(o->final);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fsync_path(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
	free(dir);
	return 0;
}

void kr_out_abort(kr_outfile *o)
{
	if (o->tmp) {
		unlink(o->tmp);
		kr_tmp_unregister(o->tmp);
	}
	free(o->tmp);
	free(o->final);
	o->tmp = o->final = NULL;
}

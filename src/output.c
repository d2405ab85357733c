/* Temporary files, atomic renames and their cleanup on signals. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
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

/* The longest file name a folder takes (NAME_MAX on every Linux file system in use). */
#define KR_NAME_MAX 255
#define TMP_SUFFIX ".tmpXXXXXX"

/* The length of s cut to at most max bytes without cutting a UTF-8 character. */
static size_t utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* Checks that final_path can be replaced by a rename: not a folder or other non-file, and a
 * name the folder can hold. */
static int check_dest(const char *final_path, kr_diags *d)
{
	const char *slash = strrchr(final_path, '/');
	const char *base = slash ? slash + 1 : final_path;
	if (strlen(base) > KR_NAME_MAX) {
		kr_diag(d, final_path, KR_NO_LOC, KR_D_WRITE,
			"the file name is %zu bytes long; a folder holds names of at most %d bytes, so "
			"give the handout a shorter file name",
			strlen(base), KR_NAME_MAX);
		return -1;
	}
	struct stat st;
	if (lstat(final_path, &st) != 0)
		return 0; /* absent (or unreachable: mkstemp will say why) */
	if (S_ISDIR(st.st_mode)) {
		kr_diag(d, final_path, KR_NO_LOC, KR_D_WRITE,
			"a folder has this name, so the output cannot be written here; rename or "
			"remove the folder");
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		kr_diag(d, final_path, KR_NO_LOC, KR_D_WRITE,
			"something that is not a file has this name, so the output cannot be written "
			"here; remove it");
		return -1;
	}
	return 0;
}

int kr_out_begin(kr_outfile *o, const char *final_path, kr_diags *d)
{
	o->final = NULL;
	o->tmp = NULL;
	if (check_dest(final_path, d) != 0)
		return -1;
	o->final = xstrdup(final_path);
	/* STEM.EXT.tmpXXXXXX beside it, the name cut (at a character) so that it fits too. */
	const char *slash = strrchr(final_path, '/');
	size_t dir = slash ? (size_t)(slash - final_path) + 1 : 0;
	size_t keep = utf8_cut(final_path + dir, KR_NAME_MAX - (sizeof TMP_SUFFIX - 1));
	size_t n = dir + keep + sizeof TMP_SUFFIX;
	o->tmp = malloc(n);
	if (!o->tmp)
		kr_oom();
	snprintf(o->tmp, n, "%.*s%s", (int)(dir + keep), final_path, TMP_SUFFIX);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		kr_diag(d, final_path, KR_NO_LOC, KR_D_WRITE, "cannot create a file beside it: %s",
			strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	kr_tmp_register(o->tmp);
	if (fchmod(fd, file_mode()) != 0 || close(fd) != 0) {
		kr_diag(d, final_path, KR_NO_LOC, KR_D_WRITE, "cannot prepare the file: %s",
			strerror(errno));
		return -1;
	}
	return 0;
}

static int write_error(const char *shown, kr_diags *d, int fd)
{
	int e = errno;
	kr_diag(d, shown, KR_NO_LOC, KR_D_WRITE, "cannot write: %s", strerror(e));
	if (fd >= 0)
		close(fd);
	return -1;
}

int kr_write_file(const char *path, const char *shown, const void *buf, size_t len, kr_diags *d)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return write_error(shown, d, -1);
	const char *p = buf;
	for (size_t off = 0; off < len;) {
		size_t chunk = len - off < (1u << 30) ? len - off : (1u << 30);
		ssize_t k = write(fd, p + off, chunk);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return write_error(shown, d, fd);
		}
		off += (size_t)k;
	}
	if (fsync(fd) != 0)
		return write_error(shown, d, fd);
	struct stat st;
	if (fstat(fd, &st) != 0)
		return write_error(shown, d, fd);
	if ((unsigned long long)st.st_size != (unsigned long long)len) {
		kr_diag(d, shown, KR_NO_LOC, KR_D_WRITE,
			"cannot write: %zu bytes were written but the file holds %lld", len,
			(long long)st.st_size);
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
		return write_error(shown, d, -1);
	return 0;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	int e = errno;
	if (close(fd) != 0 && r == 0)
		return -1;
	errno = e;
	return r;
}

/* The folder of path ("." when it has none), malloc'd. */
static char *folder_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else
		*(slash == dir ? slash + 1 : slash) = '\0';
	return dir;
}

int kr_out_commit(kr_outfile *o, kr_diags *d)
{
	return kr_out_commit_all(o, 1, d);
}

/* The previous file at a destination, kept under a name of its own until the commit is done. */
typedef struct {
	char *path; /* NULL: there was none (or it could not be kept) */
	bool existed;
} backup;

static void keep_previous(const kr_outfile *o, backup *b)
{
	b->path = NULL;
	struct stat st;
	b->existed = lstat(o->final, &st) == 0;
	if (!b->existed)
		return;
	size_t n = strlen(o->tmp) + 2;
	b->path = malloc(n);
	if (!b->path)
		kr_oom();
	snprintf(b->path, n, "%s~", o->tmp);
	if (link(o->final, b->path) != 0) { /* a file system without hard links: no way back */
		free(b->path);
		b->path = NULL;
	}
}

/* Puts the previous file back at o's destination (or removes the new one if there was none). */
static void restore_previous(const kr_outfile *o, backup *b)
{
	if (b->path) {
		if (rename(b->path, o->final) == 0) {
			free(b->path);
			b->path = NULL;
		}
	} else if (!b->existed) {
		unlink(o->final);
	}
}

#define KR_LOCK_WAIT 60 /* seconds */

/* Takes the folder's lock, waiting at most KR_LOCK_WAIT seconds: signals are held meanwhile, so
 * a holder that never lets go (a stopped process) must not hold this build for ever.  Returns 0
 * with the lock (or on a file system without flock), -1 after the wait. */
static int lock_folder(int dfd)
{
	for (int tries = 0; tries < KR_LOCK_WAIT * 100; tries++) {
		if (flock(dfd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return 0; /* no flock here: go on unlocked */
		struct timespec ten_ms = {0, 10 * 1000 * 1000};
		nanosleep(&ten_ms, NULL);
	}
	return -1;
}

int kr_out_commit_all(kr_outfile *o, size_t n, kr_diags *d)
{
	for (size_t i = 0; i < n; i++)
		if (fsync_path(o[i].tmp, O_RDONLY) != 0) {
			kr_diag(d, o[i].final, KR_NO_LOC, KR_D_WRITE, "cannot write: %s",
				strerror(errno));
			return -1;
		}
	char *dir = folder_of(o[0].final);
	/* One kpireport at a time replaces outputs in a folder: two builds of handouts with the same
	 * stem must not leave the PDF of one beside the workbook of the other.  A file system
	 * without flock goes on unlocked. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0 && lock_folder(dfd) != 0) {
		kr_diag(d, o[0].final, KR_NO_LOC, KR_D_WRITE,
			"another program has held this folder for %d seconds while replacing files; "
			"nothing was replaced, so try again",
			KR_LOCK_WAIT);
		close(dfd);
		free(dir);
		return -1;
	}
	backup *b = calloc(n, sizeof *b);
	if (!b)
		kr_oom();
	int rc = 0;
	size_t done = 0;
	for (; done < n; done++) {
		keep_previous(&o[done], &b[done]);
		if (rename(o[done].tmp, o[done].final) != 0) {
			kr_diag(d, o[done].final, KR_NO_LOC, KR_D_WRITE, "cannot replace: %s",
				strerror(errno));
			rc = -1;
			break;
		}
	}
	if (rc != 0) /* put back what this commit replaced: the outputs stay a pair */
		for (size_t i = 0; i < done; i++)
			restore_previous(&o[i], &b[i]);
	for (size_t i = 0; i < n; i++) {
		if (b[i].path)
			unlink(b[i].path);
		free(b[i].path);
		if (i < done) {
			kr_tmp_unregister(o[i].tmp);
			free(o[i].tmp);
			o[i].tmp = NULL;
		}
	}
	free(b);
	/* Make the renames themselves durable. */
	if (rc == 0)
		fsync_path(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0)
		close(dfd); /* releases the lock */
	free(dir);
	return rc;
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

FILE *kr_memfile_open(kr_memfile *m)
{
	*m = (kr_memfile){0};
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		kr_oom();
	return m->f;
}

int kr_memfile_write(kr_memfile *m, const char *path, const char *shown, kr_diags *d)
{
	if (fclose(m->f) != 0 || !m->buf)
		kr_oom(); /* a memory stream fails only for want of memory */
	int rc = kr_write_file(path, shown, m->buf, m->len, d);
	free(m->buf);
	*m = (kr_memfile){0};
	return rc;
}

int kr_scratch_file(const char *prefix, char **path, bool *named)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	bool proc = access("/proc/self/fd", X_OK) == 0;
	size_t n = strlen(dir) + strlen(prefix) + sizeof "/-XXXXXX";
	char *name = malloc(n);
	if (!name)
		kr_oom();
	snprintf(name, n, "%s/%s-XXXXXX", dir, prefix);
	int fd = proc ? open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600) : -1;
	if (fd < 0) {
		fd = mkstemp(name);
		if (fd < 0) {
			int err = errno;
			free(name);
			errno = err;
			return -1;
		}
		if (proc)
			unlink(name);
	}
	if (proc) {
		free(name);
		name = malloc(32);
		if (!name)
			kr_oom();
		snprintf(name, 32, "/proc/self/fd/%d", fd);
	}
	*path = name;
	*named = !proc;
	return fd;
}

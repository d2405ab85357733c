/* The running program's installed tree (see paths.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool kr_installed_path(const char *rel, char *buf, size_t cap)
{
	char dir[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0)
		return false;
	dir[n] = '\0';
	char *slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	if (realpath(KR_BUILD_DIR, build) && strcmp(dir, build) == 0)
		return false; /* the build folder's program uses the build's and the source's files */
	int w = snprintf(buf, cap, "%s/%s", dir, rel);
	return w > 0 && (size_t)w < cap;
}

/* libFuzzer target: one small input is one handout, built in every output format when it is valid.
 *
 * Besides crashes and leaks it checks the output contract of kr_build: on success the folder holds
 * exactly one fuzz.EXT per format of kr_renderers (each starting as its format does, and
 * every XML part of the workbook well-formed UTF-8 XML, checked with expat), on failure it holds
 * nothing, and no temporary file is left in TMPDIR either way.  A breach aborts, so libFuzzer
 * keeps the input.  Each input gets a fresh mkdtemp folder, removed afterwards. */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "render.h"
#include "fuzz_pipeline.h"
#include "xml_check.h"

#define KR_FUZZ_MAX_INPUT 4096 /* rendering is slow; small inputs reach every layout path anyway */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char outbase[256];   /* the TMPDIR we were given: output folders go there */
static char tmpdir[320];    /* our own TMPDIR inside it, for the font subset */

static void fail(const char *what, const char *dir, const char *name)
{
	fprintf(stderr, "fuzz_render: %s: %s/%s\n", what, dir, name ? name : "");
	abort();
}

/* Checks that path starts with magic. */
static void check_magic(const char *dir, const char *name, const char *magic)
{
	char path[640], buf[32] = {0};
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail("cannot open the output", dir, name);
	size_t n = fread(buf, 1, strlen(magic) < sizeof buf ? strlen(magic) : sizeof buf, f);
	fclose(f);
	if (n != strlen(magic) || memcmp(buf, magic, n) != 0)
		fail("output does not start as it should", dir, name);
}

/* Removes every file in dir; returns how many there were.  With seen, checks each is an output
 * (fuzz.EXT of a format) that starts as it should, and marks its format. */
static size_t empty_dir(const char *dir, bool *seen)
{
	DIR *dp = opendir(dir);
	if (!dp)
		fail("cannot list", dir, NULL);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n++;
		size_t f = 0;
		while (seen && f < kr_n_renderers &&
		       !(strncmp(e->d_name, "fuzz", 4) == 0 && strcmp(e->d_name + 4, kr_renderers[f].ext) == 0))
			f++;
		if (seen && f < kr_n_renderers) {
			check_magic(dir, e->d_name, kr_renderers[f].magic);
			if (strcmp(kr_renderers[f].ext, ".xlsx") == 0) {
				char path[640];
				size_t parts = 0;
				snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
				const char *bad = kr_fuzz_xlsx_xml(path, &parts);
				if (bad || parts < 10)
					fail(bad ? bad : "too few XML parts in the workbook", dir, e->d_name);
			}
			seen[f] = true;
		} else {
			fprintf(stderr, "fuzz_render: unexpected file %s/%s\n", dir, e->d_name);
		}
		char path[640];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(dp);
	return n;
}

static void remove_tmpdir(void)
{
	rmdir(tmpdir);
}

static void render(const kr_doc *doc, kr_diags *d, FILE *sink)
{
	(void)sink;
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(outbase, sizeof outbase, "%s", base && *base ? base : "/tmp");
		snprintf(tmpdir, sizeof tmpdir, "%s/kr-fuzz-tmp-XXXXXX", outbase);
		if (!mkdtemp(tmpdir))
			fail("mkdtemp", tmpdir, NULL);
		setenv("TMPDIR", tmpdir, 1);
		atexit(remove_tmpdir);
	}
	char outdir[320];
	snprintf(outdir, sizeof outdir, "%s/kr-fuzz-out-XXXXXX", outbase);
	if (!mkdtemp(outdir))
		fail("mkdtemp", outdir, NULL);
	int status = kr_build(doc, outdir, KR_FORMATS_ALL, d, NULL);
	bool seen[32] = {false}, all = true;
	size_t n = empty_dir(outdir, seen);
	rmdir(outdir);
	for (size_t f = 0; f < kr_n_renderers; f++)
		all &= seen[f];
	if (status == KR_EXIT_OK && (n != kr_n_renderers || !all))
		fail("a successful build did not leave exactly one fuzz.EXT per format", outdir, NULL);
	if (status != KR_EXIT_OK && n != 0)
		fail("a failed build left files behind", outdir, NULL);
	if (empty_dir(tmpdir, NULL) != 0)
		fail("a temporary file was left behind", tmpdir, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > KR_FUZZ_MAX_INPUT)
		return 0;
	kr_fuzz_pipeline(data, size, render);
	return 0;
}

/* A post-pass over the workbook libxlsxwriter wrote, for its charts' text: libxlsxwriter 1.1.4
 * names a chart font for Latin script only (<a:latin>), so LibreOffice sets the Japanese of
 * titles and labels in its default Asian font (a Mincho) and takes the Latin letters of bold text
 * from another family (DejaVu Sans Bold).  The pass copies the zip entry by entry (compressed
 * data as it is) into a scratch file, rewriting xl/charts/chart*.xml: the same typeface for East Asian script
 * (<a:ea>), and regular weight where the default would be bold (a chart title). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unzip.h>
#include <zip.h>

#include "output.h"
#include "xlsx.h"

typedef struct {
	char *s;
	size_t n, cap;
} sbuf;

static void add(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		b->s = realloc(b->s, cap);
		if (!b->s)
			kr_oom();
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* The chart XML with <a:ea typeface="X"/> after every <a:latin typeface="X" .../>, and b="0" in
 * every <a:defRPr> that does not say. */
static void fix_xml(const char *in, size_t len, sbuf *out)
{
	static const char latin[] = "<a:latin typeface=\"", rpr[] = "<a:defRPr ";
	const char *p = in, *end = in + len;
	while (p < end) {
		const char *l = strstr(p, latin), *r = strstr(p, rpr);
		const char *next = !l ? r : !r ? l : l < r ? l : r;
		if (!next || next >= end) {
			add(out, p, (size_t)(end - p));
			break;
		}
		add(out, p, (size_t)(next - p));
		const char *close = strchr(next, '>');
		if (!close) {
			add(out, next, (size_t)(end - next));
			break;
		}
		add(out, next, (size_t)(close + 1 - next));
		if (next == l) {
			const char *name = l + sizeof latin - 1, *q = strchr(name, '"');
			if (q && q < close) {
				add(out, "<a:ea typeface=\"", 16);
				add(out, name, (size_t)(q - name));
				add(out, "\"/>", 3);
			}
		} else {
			const char *attrs = next + sizeof rpr - 1;
			char head[256];
			size_t hn = (size_t)(close - attrs) < sizeof head - 1 ? (size_t)(close - attrs)
									      : sizeof head - 1;
			memcpy(head, attrs, hn);
			head[hn] = '\0';
			if (!strstr(head, " b=") && strncmp(head, "b=", 2) != 0) {
				out->n -= (size_t)(close + 1 - next); /* again, with b="0" */
				add(out, rpr, sizeof rpr - 1);
				add(out, "b=\"0\" ", 6);
				add(out, attrs, (size_t)(close + 1 - attrs));
			}
		}
		p = close + 1;
	}
}

static bool is_chart(const char *name)
{
	size_t n = strlen(name);
	return strncmp(name, "xl/charts/chart", 15) == 0 && n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* Copies the current entry of uf into zf: raw, or rewritten when it is a chart. */
static bool copy_entry(unzFile uf, zipFile zf, const char *name, const unz_file_info64 *fi)
{
	zip_fileinfo zi = {.dosDate = fi->dosDate,
			   .internal_fa = fi->internal_fa,
			   .external_fa = fi->external_fa};
	memcpy(&zi.tmz_date, &fi->tmu_date, sizeof zi.tmz_date);
	int method = 0, level = 0;
	bool chart = is_chart(name), ok = true;
	if (unzOpenCurrentFile2(uf, &method, &level, chart ? 0 : 1) != UNZ_OK)
		return false;
	if (zipOpenNewFileInZip2_64(zf, name, &zi, NULL, 0, NULL, 0, NULL, method,
				    chart ? Z_DEFAULT_COMPRESSION : level, chart ? 0 : 1, 0) != ZIP_OK) {
		unzCloseCurrentFile(uf);
		return false;
	}
	sbuf data = {0};
	char buf[65536];
	for (int n; (n = unzReadCurrentFile(uf, buf, sizeof buf)) != 0;) {
		if (n < 0) {
			ok = false;
			break;
		}
		if (chart)
			add(&data, buf, (size_t)n);
		else if (zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK)
			ok = false;
	}
	if (ok && chart) {
		sbuf fixed = {0};
		fix_xml(data.s ? data.s : "", data.n, &fixed);
		ok = zipWriteInFileInZip(zf, fixed.s, (unsigned)fixed.n) == ZIP_OK;
		free(fixed.s);
	}
	free(data.s);
	ok &= unzCloseCurrentFile(uf) == UNZ_OK;
	ok &= (chart ? zipCloseFileInZip(zf)
		     : zipCloseFileInZipRaw64(zf, fi->uncompressed_size, fi->crc)) == ZIP_OK;
	return ok;
}

/* The file behind fd, read whole (malloc'd), or NULL with errno. */
static char *slurp(int fd, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return NULL;
	char *buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		kr_oom();
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, buf + got, (size_t)st.st_size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			errno = n < 0 ? errno : EIO;
			return NULL;
		}
		got += (size_t)n;
	}
	*len = got;
	return buf;
}

/* Copies the zip at path into the zip at out, rewriting the charts. */
static bool copy_zip(const char *path, const char *out)
{
	unzFile uf = unzOpen64(path);
	zipFile zf = uf ? zipOpen64(out, APPEND_STATUS_CREATE) : NULL;
	bool ok = uf && zf;
	for (int r = ok ? unzGoToFirstFile(uf) : UNZ_END_OF_LIST_OF_FILE; ok && r == UNZ_OK;
	     r = unzGoToNextFile(uf)) {
		char name[512];
		unz_file_info64 fi;
		ok = unzGetCurrentFileInfo64(uf, &fi, name, sizeof name, NULL, 0, NULL, 0) == UNZ_OK &&
		     copy_entry(uf, zf, name, &fi);
	}
	if (zf && zipClose(zf, NULL) != ZIP_OK)
		ok = false;
	if (uf)
		unzClose(uf);
	return ok;
}

bool kr_xw_fix_charts(const char *path, kr_diags *d, const char *shown)
{
	/* The new zip is made in a scratch file and then written over the workbook, so that the
	 * output's folder never holds two copies (a nearly full disk). */
	char *scratch = NULL;
	bool named = false;
	errno = 0;
	int fd = kr_scratch_file("kpireport-xlsx", &scratch, &named);
	bool ok = fd >= 0 && copy_zip(path, scratch);
	int en = errno;
	size_t len = 0;
	char *zip = ok ? slurp(fd, &len) : NULL;
	if (ok && !zip)
		ok = false, en = errno;
	if (fd >= 0)
		close(fd);
	if (named)
		unlink(scratch);
	free(scratch);
	if (ok) { /* kr_write_file reports its own failure */
		int rc = kr_write_file(path, shown, zip, len, d);
		free(zip);
		return rc == 0;
	}
	free(zip);
	if (en)
		kr_diag(d, shown, KR_NO_LOC, KR_D_WRITE, "cannot write the workbook's charts: %s",
			strerror(en));
	else
		kr_diag(d, shown, KR_NO_LOC, KR_D_WRITE,
			"cannot write the workbook's charts: the workbook written cannot be read back");
	return false;
}

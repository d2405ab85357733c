/* The merge's writing half: the changes patched into the YAML text, checked by re-parsing,
 * validated, then written atomically or shown as a unified diff. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "load.h"
#include "merge_int.h"
#include "i18n.h"
#include "output.h"
#include "validate.h"

static kr_pvalue pvalue(mctx *m, const change *c)
{
	kr_pvalue v = {KR_PV_TEXT, c->now, NULL, 0};
	if (c->kind == KR_MK_NUM || c->kind == KR_MK_MONEY)
		v.kind = *c->now ? KR_PV_NUMBER : KR_PV_NULL;
	else if (c->kind == KR_MK_TEXTS && (c->list || !*c->now)) {
		v.kind = KR_PV_LIST;
		v.items = kr_mread_bullets(m->a, c->now, &v.n);
	}
	if (c->kind == KR_MK_MONEY && !*c->now)
		v.kind = KR_PV_LIST; /* an emptied amount: the key goes */
	return v;
}

/* Prints what each workbook changed. */
void kr_merge_summary(mctx *m, char *const *workbooks, size_t n)
{
	for (size_t w = 0; w < n; w++) {
		const char *wb = strrchr(workbooks[w], '/') ? strrchr(workbooks[w], '/') + 1 : workbooks[w];
		size_t count = 0;
		for (size_t i = 0; i < m->n_ch; i++)
			if (strcmp(m->ch[i].wb, wb) == 0)
				count++;
		if (count == 0)
			fprintf(m->out, _("%s: no value differs from the handout."), wb);
		else
			fprintf(m->out, ngettext("%s: %zu value to change.", "%s: %zu values to change.",
						 count),
				wb, count);
		fputc('\n', m->out);
		for (size_t i = 0; i < m->n_ch; i++) {
			const change *c = &m->ch[i];
			if (strcmp(c->wb, wb) != 0)
				continue;
			fputs("  ", m->out);
			fprintf(m->out, _("%s: '%s' of 「%s」: 「%s」 → 「%s」"), c->cell, c->field,
				c->label, kr_merge_show(m->a, c->old), kr_merge_show(m->a, c->now));
			fputc('\n', m->out);
		}
	}
}

/* diff -u of the handout and its patched text (diffutils is part of every Debian system). */
static int print_diff(mctx *m, const char *text, size_t len)
{
	char a[] = "/tmp/kpireport-merge-XXXXXX", b[] = "/tmp/kpireport-merge-XXXXXX";
	const char *tmpdir = getenv("TMPDIR");
	char *pa = kr_sprintf(m->a, "%s/kpireport-a-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	char *pb = kr_sprintf(m->a, "%s/kpireport-b-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	(void)a, (void)b;
	int fa = mkstemp(pa), fb = fa >= 0 ? mkstemp(pb) : -1;
	int rc = KR_EXIT_IO;
	if (fa >= 0 && fb >= 0) {
		kr_tmp_register(pa);
		kr_tmp_register(pb);
		bool ok = write(fa, m->buf, m->len) == (ssize_t)m->len && write(fb, text, len) == (ssize_t)len;
		fflush(m->out);
		const char *label = strrchr(m->yaml, '/') ? strrchr(m->yaml, '/') + 1 : m->yaml;
		pid_t pid = ok ? fork() : -1;
		if (pid == 0) {
			if (fileno(m->out) != 1)
				dup2(fileno(m->out), 1);
			execlp("diff", "diff", "-u", "--label", kr_sprintf(m->a, "a/%s", label), "--label",
			       kr_sprintf(m->a, "b/%s", label), pa, pb, (char *)NULL);
			_exit(127);
		}
		int st = 0;
		if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) <= 1)
			rc = KR_EXIT_OK;
		else
			kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE,
				"cannot show the changes: the diff program failed");
		unlink(pa), unlink(pb);
		kr_tmp_unregister(pa);
		kr_tmp_unregister(pb);
	} else {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE,
			"cannot make a temporary file to show the changes: %s", strerror(errno));
	}
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return rc;
}

/* Replaces the handout with text, atomically, keeping its mode; refuses when the file changed
 * since it was read. */
static int write_handout(mctx *m, const char *text, size_t len)
{
	struct stat st;
	kr_outfile o = {0};
	if (stat(m->yaml, &st) != 0 || kr_out_begin(&o, m->yaml, m->d) != 0) {
		kr_out_abort(&o);
		return KR_EXIT_IO;
	}
	/* Every write, the fsync and the close checked, and the size (a full disk). */
	bool ok = kr_write_file(o.tmp, m->yaml, text, len, m->d) == 0;
	if (ok && chmod(o.tmp, st.st_mode & 07777) != 0) {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE, "cannot write: %s", strerror(errno));
		ok = false;
	}
	size_t now_len = 0;
	kr_diags *scratch = kr_diags_new();
	const char *now = ok ? kr_read_file(m->a, scratch, m->yaml, &now_len) : NULL;
	kr_diags_free(scratch);
	if (ok && (!now || now_len != m->len || memcmp(now, m->buf, m->len) != 0)) {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_WRITE,
			"the handout was changed by someone else during the merge; nothing was written; "
			"run the merge again");
		ok = false;
	}
	int rc = ok && kr_out_commit(&o, m->d) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
	kr_out_abort(&o);
	return rc;
}

int kr_merge_apply(mctx *m, const kr_merge_opts *o)
{
	kr_patch *p = kr_patch_new(m->a, m->buf, m->len, m->root);
	for (size_t i = 0; i < m->n_ch; i++) {
		change *c = &m->ch[i];
		if (kr_merge_same(c->kind, c->now, c->old))
			continue; /* changed and changed back by a later workbook */
		kr_pvalue v = pvalue(m, c);
		switch (kr_patch_set(p, c->path, c->n, c->schemas, &v)) {
		case KR_PATCH_OK:
			break;
		case KR_PATCH_ALIAS:
			kr_diag(m->d, m->yaml, c->loc, KR_D_PATCH,
				"'%s' of 「%s」 is shared through an alias (*name) and cannot be changed in "
				"place; change it by hand", c->field, c->label);
			break;
		case KR_PATCH_FLOW_NESTED:
			kr_diag(m->d, m->yaml, c->loc, KR_D_PATCH,
				"'%s' of 「%s」 would need a new mapping inside a {…} mapping; add it by hand",
				c->field, c->label);
			break;
		case KR_PATCH_SHARED_LINE:
			kr_diag(m->d, m->yaml, c->loc, KR_D_PATCH,
				"'%s' of 「%s」 was emptied, but its key shares a line with another; remove "
				"it by hand", c->field, c->label);
			break;
		case KR_PATCH_NO_PLACE:
		case KR_PATCH_SHAPE:
		default:
			kr_diag(m->d, m->yaml, c->loc, KR_D_PATCH,
				"'%s' of 「%s」 is not written the way the format expects here and cannot be "
				"changed in place; change it by hand", c->field, c->label);
		}
	}
	if (kr_diags_errors(m->d))
		return KR_EXIT_INVALID;
	if (kr_patch_count(p) == 0) {
		fprintf(m->out, _("%s: nothing to change."), m->yaml);
		fputc('\n', m->out);
		return KR_EXIT_OK;
	}
	size_t len;
	kr_node *root = NULL;
	char *text = kr_patch_result(p, m->d, m->yaml, &len, &root);
	if (!text)
		return KR_EXIT_INVALID;
	/* The merged handout must be valid: every rule, with positions in the merged text.  Its
	 * tree lives in the merge's arena, freed with the handout's document. */
	kr_diags *vd = kr_diags_new();
	kr_doc *doc = kr_doc_load_tree(m->a, root, m->yaml, text, len, vd);
	kr_validate(doc, vd);
	bool invalid = kr_diags_errors(vd) > 0;
	kr_diags_free(m->handout); /* the same messages, placed in the original text */
	m->handout = vd;
	if (invalid) {
		kr_diag(m->d, m->yaml, KR_NO_LOC, KR_D_PATCH,
			"the handout would be invalid after the merge, for the errors given with "
			"it (their positions are in the merged text); nothing was written");
		return KR_EXIT_INVALID;
	}
	if (o->dry_run)
		return print_diff(m, text, len);
	int rc = write_handout(m, text, len);
	if (rc == KR_EXIT_OK) {
		fprintf(m->out, ngettext("%s: %zu value written.", "%s: %zu values written.",
					 kr_patch_count(p)),
			m->yaml, kr_patch_count(p));
		fputc('\n', m->out);
	}
	return rc;
}


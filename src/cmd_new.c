/* kpireport new [--template NAME] FILE.yaml: a commented handout to start from.
 *
 * The skeleton is a valid handout of one project with a subproject and a KPI, the national
 * rating and policy scales, and a comment in Japanese on every line.  Fields the chosen template
 * does not print in its PDF are written commented out, with a note saying so, so that the new
 * file validates without a warning and builds as it is. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "cmd.h"
#include "i18n.h"
#include "output.h"
#include "template_load.h"

/* ALWAYS: every template gets the line; otherwise the line belongs to that project field. */
#define ALWAYS KR_FIELD_COUNT

/* A line of the skeleton; {template} expands to the template's name. */
typedef struct {
	enum kr_field field;
	const char *text;
} line;

static const line head[] = {
	{ALWAYS, "# kpireport の資料です。このファイルを書き換えて、委員会の資料（PDF と Excel のワークブック）を作ります。"},
	{ALWAYS, "#"},
	{ALWAYS, "# 書き方の決まり"},
	{ALWAYS, "# - 「キー: 値」の形で書きます。コロン「:」は半角で、その後ろに半角スペースを1つ入れます。"},
	{ALWAYS, "# - 字下げ（行の頭の空白）は半角スペースで揃えます。全角スペースやタブは使えません。"},
	{ALWAYS, "# - 「#」から行の終わりまではメモです。資料には印刷されません。"},
	{ALWAYS, "# - 「- 」で始まる行は、一覧（リスト）の1項目です。"},
	{ALWAYS, "# - 金額や数値は数字だけで書きます（43187320 のように。カンマ、「円」、「万」は付けません）。"},
	{ALWAYS, "#"},
	{ALWAYS, "# 誤りを確かめる:  kpireport validate このファイル"},
	{ALWAYS, "# 資料を作る:      kpireport build このファイル"},
	{ALWAYS, "# 説明書:          docs/ja/guide.md"},
	{ALWAYS, ""},
	{ALWAYS, "version: 1                  # 形式の版。1 のままにします。"},
	{ALWAYS, "template: {template}        # 表の様式（テンプレート）。kodaira-kpi か national-form2 です。"},
	{ALWAYS, ""},
	{ALWAYS, "meeting:                    # 会議（どれも省略できます）"},
	{ALWAYS, "  committee: ○○市まち・ひと・しごと創生総合戦略推進委員会   # 会議名"},
	{ALWAYS, "  session: 1                # 第何回の会議か（1 なら「第1回」と印刷されます）"},
	{ALWAYS, "  material: 資料1           # 資料番号"},
	{ALWAYS, "  date: 2024-07-25          # 開催日。西暦で 年-月-日 と書きます（令和6年7月25日 → 2024-07-25）。"},
	{ALWAYS, ""},
	{ALWAYS, "title: 地方創生推進交付金を活用した令和5年度実施事業の概要   # 表題"},
	{ALWAYS, "fiscal_year: 2023           # 報告する年度。西暦で書きます（令和5年度 → 2023）。"},
	{ALWAYS, ""},
	{ALWAYS, "# 事業の効果の選択肢（国の4段階）。良いものから順に書きます。各事業の rating: はこの label から選びます。"},
	{ALWAYS, "ratings:"},
	{ALWAYS, "  - label: 地方創生に非常に効果的であった"},
	{ALWAYS, "    criterion: 指標が目標値を上回った"},
	{ALWAYS, "  - label: 地方創生に相当程度効果があった"},
	{ALWAYS, "    criterion: 指標が目標値に達しなかったが、相当程度（7～8割）達成した"},
	{ALWAYS, "  - label: 地方創生に効果があった"},
	{ALWAYS, "    criterion: 指標が目標値に達しなかったが、事業開始前より改善した"},
	{ALWAYS, "  - label: 地方創生に対して効果がなかった"},
	{ALWAYS, "    criterion: 指標が事業開始前より悪化した"},
	{ALWAYS, ""},
	{ALWAYS, "# 今後の方針の選択肢（国の様式の例）。各事業の policy: の choice: はこの中から選びます。"},
	{ALWAYS, "policies:"},
	{ALWAYS, "  - 追加等更に発展させる"},
	{ALWAYS, "  - 事業内容の見直し（改善）"},
	{ALWAYS, "  - 事業の継続"},
	{ALWAYS, "  - 事業の中止"},
	{ALWAYS, "  - 予定通り事業終了"},
	{ALWAYS, ""},
	{ALWAYS, "projects:                   # 事業の一覧。事業ごとに「- name:」から書き始めます。"},
	{ALWAYS, "  - name: 移住定住促進事業  # 事業名"},
};

/* The project's fields: a line of a field the template does not print is commented out. */
static const line project[] = {
	{KR_FIELD_GRANT_PROGRAM, "    grant_program: 地方創生推進交付金   # 交付金の種類"},
	{KR_FIELD_DEPARTMENT, "    department: 企画政策課  # 担当課"},
	{KR_FIELD_COST, "    cost: 12000000          # 事業費（円）。数字だけで書きます。"},
	{KR_FIELD_GRANT, "    grant: 6000000          # 交付金（円）。事業費より多くはできません。"},
	{KR_FIELD_OVERVIEW, "    overview: >-            # 事業の概要。長い文は、次の行から字下げして続けます。"},
	{KR_FIELD_OVERVIEW, "      市の暮らしや仕事の情報を発信し、"},
	{KR_FIELD_OVERVIEW, "      移住を考える人のための相談会を開きます。"},
	{KR_FIELD_RATING, "    rating: 地方創生に相当程度効果があった   # 事業の効果（ratings の label から選びます）"},
	{KR_FIELD_RESULTS, "    results:                # 事業の実績・効果。「- 」で始めると箇条書きになります。"},
	{KR_FIELD_RESULTS, "      - 移住相談会を4回開き、延べ120人が参加しました。"},
	{KR_FIELD_RESULTS, "      - 市に移住した世帯は18世帯でした。"},
	{KR_FIELD_PLANS, "    plans: 相談会を年6回に増やし、オンラインでの相談も始めます。   # 今年度の取組み（予定）"},
	{KR_FIELD_POLICY, "    policy:                 # 今後の方針"},
	{KR_FIELD_POLICY, "      choice: 事業の継続    # policies の中から選びます"},
	{KR_FIELD_POLICY, "      reason: 目標に近い成果が出ているため、相談の機会を増やして続けます。   # 方針の理由"},
};

static const line tail[] = {
	{ALWAYS, "    # committee:            # 委員会の評価。会議の後に「#」を消して書きます。書かないと空欄で印刷されます。"},
	{ALWAYS, "    #   rating: 地方創生に効果があった"},
	{ALWAYS, "    #   comment: 移住した後の定着の状況も確かめてください。"},
	{ALWAYS, "    subprojects:            # 内訳の事業（なければこの行から下の内訳を消します）"},
	{ALWAYS, "      - name: 移住相談会の開催   # 内訳の事業名"},
	{ALWAYS, "        cost: 12000000      # 内訳の事業費（円）。内訳の合計を事業の事業費と同じにします。"},
	{ALWAYS, "        kpis:               # KPI（重要業績評価指標）。指標ごとに「- name:」から書きます。"},
	{ALWAYS, "          - name: 市に移住した世帯数   # 指標名"},
	{ALWAYS, "            unit: 世帯      # 単位"},
	{ALWAYS, "            target: 20      # 目標値（数字だけ）"},
	{ALWAYS, "            actual: 18      # 実績値。まだ分からないときは null と書きます。"},
	{ALWAYS, ""},
	{ALWAYS, "notes:                      # 表の下の注記（省略できます）"},
	{ALWAYS, "  - 事業費・交付金は令和5年度の決算額です。"},
};

/* Appends one line: {template} expanded, commented out (after its indentation) with "# " when
 * asked. */
static void put_line(FILE *f, const char *text, const char *tmpl, bool commented)
{
	size_t indent = strspn(text, " ");
	if (commented && text[indent])
		fprintf(f, "%.*s# ", (int)indent, text);
	else
		fprintf(f, "%.*s", (int)indent, text);
	const char *p = text + indent, *at = strstr(p, "{template}");
	if (at)
		fprintf(f, "%.*s%s%s\n", (int)(at - p), p, tmpl, at + strlen("{template}"));
	else
		fprintf(f, "%s\n", p);
}

static void put_lines(FILE *f, const line *v, size_t n, const char *tmpl)
{
	for (size_t i = 0; i < n; i++)
		put_line(f, v[i].text, tmpl, false);
}

/* The project's fields, those the template does not print commented out under a note. */
static void put_project(FILE *f, const kr_template *t, const char *tmpl)
{
	size_t n = sizeof project / sizeof project[0];
	enum kr_shown before = KR_SHOWN_PDF;
	for (size_t i = 0; i < n; i++) {
		enum kr_shown shown = kr_template_shows(t, project[i].field);
		if (shown != KR_SHOWN_PDF && shown != before) /* one note over a run of such fields */
			fprintf(f, shown == KR_SHOWN_WORKBOOK
					   ? "    # 次の項目は様式「%s」の PDF には印刷されません（ワークブックには出ます）。\n"
					   : "    # 次の項目は様式「%s」では印刷されません。\n",
				tmpl);
		put_line(f, project[i].text, tmpl, shown != KR_SHOWN_PDF);
		before = shown;
	}
}

/* The skeleton for template t (named tmpl), malloc'd in *buf. */
static size_t skeleton(const kr_template *t, const char *tmpl, char **buf)
{
	size_t len = 0;
	FILE *f = open_memstream(buf, &len);
	if (!f)
		kr_oom();
	put_lines(f, head, sizeof head / sizeof head[0], tmpl);
	put_project(f, t, tmpl);
	put_lines(f, tail, sizeof tail / sizeof tail[0], tmpl);
	if (fclose(f) != 0)
		kr_oom();
	return len;
}

static bool yaml_name(const char *path)
{
	size_t n = strlen(path);
	return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(path + n - 4, ".yml") == 0);
}

/* Writes the text as a new file: complete or not at all, and never over an existing one (the
 * temporary file is linked to the name, which fails when the name exists). */
static int write_new(const char *path, const char *text, size_t len, kr_diags *d)
{
	kr_outfile o = {0};
	int rc = KR_EXIT_IO;
	if (kr_out_begin(&o, path, d) == 0 && kr_write_file(o.tmp, path, text, len, d) == 0) {
		if (link(o.tmp, path) == 0)
			rc = KR_EXIT_OK;
		else if (errno == EEXIST)
			kr_diag(d, path, KR_NO_LOC, KR_D_WRITE,
				"the file already exists; kpireport new does not overwrite a file: choose "
				"another name, or remove the file first");
		else
			kr_diag(d, path, KR_NO_LOC, KR_D_WRITE, "cannot create: %s", strerror(errno));
	}
	kr_out_abort(&o);
	return rc;
}

int kr_cmd_new(int argc, char **argv, kr_diags *d)
{
	const char *tmpl = "kodaira-kpi";
	const kr_option opts[] = {
		{"-t", "--template", &tmpl, NULL, N_("--template needs a template name")},
	};
	int early = kr_options("new", &argc, argv, opts, 1);
	if (early >= 0)
		return early;
	if (argc != 1)
		return kr_usage("new needs exactly one FILE.yaml to create");
	const char *path = argv[0];
	if (!yaml_name(path))
		return kr_usage("the new file's name must end in .yaml, such as %s.yaml", path);
	struct stat st;
	if (lstat(path, &st) == 0) {
		kr_diag(d, path, KR_NO_LOC, KR_D_WRITE,
			"the file already exists; kpireport new does not overwrite a file: choose "
			"another name, or remove the file first");
		kr_diags_flush(d, stderr);
		return KR_EXIT_IO;
	}
	kr_arena *a = kr_arena_new();
	kr_doc *doc = kr_alloc(a, sizeof *doc);
	doc->arena = a;
	doc->path = path;
	doc->template_name = (kr_str){tmpl, KR_NO_LOC};
	doc->fiscal_year = (kr_int){true, 2023, KR_NO_LOC};
	const kr_template *t = kr_template_load(doc, d);
	int status = KR_EXIT_INVALID;
	if (t) {
		char *text = NULL;
		size_t len = skeleton(t, tmpl, &text);
		status = write_new(path, text, len, d);
		free(text);
	}
	kr_diags_flush(d, stderr);
	if (status == KR_EXIT_OK) {
		printf(_("wrote %s"), path);
		putchar('\n');
		status = fflush(stdout) == 0 ? KR_EXIT_OK : KR_EXIT_IO;
	}
	kr_arena_free(a);
	return status;
}

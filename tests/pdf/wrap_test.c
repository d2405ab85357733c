/* Unit test of kr_wrap (text.c): 禁則 at every width, numbers kept with their counters, words kept
 * whole when they fit, forced breaks, nothing lost, no line wider than its limit. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "font.h"
#include "text.h"

static int failures;

#define CHECK(cond, ...)                                                                  \
	do {                                                                              \
		if (!(cond)) {                                                            \
			failures++;                                                       \
			if (failures < 30) {                                              \
				printf("FAIL %s:%d: ", __FILE__, __LINE__);              \
				printf(__VA_ARGS__);                                      \
				printf("\n");                                             \
			}                                                                 \
		}                                                                         \
	} while (0)

static const char *const samples[] = {
	"・KPIについては、在宅ワークによる新規就労者数が目標に届かなかった。この点は特に、翌年度以降更なる取組が必要といえる。",
	"「こだいらコワーキングスペースすだち」の運営について、(一社)すだちが担うこととし、市は補助を含めた支援をする。",
	"サイトのアクセス件数は17,420件、達成率は174.2%、講習会の参加者は1,000人（目標200人）となった。",
	"ショッピングモール「ッ」とキャッチャー、ジャッジ、チェックイン。人々が集うまちづくり。",
	"詳細はhttps://www.city.example.lg.jp/kurashi/kosodate/shien/index.htmlを参照のこと。",
	"Supercalifragilisticexpialidocious-and-more-characters-than-a-line 長い英単語。",
	"ｺﾜｰｷﾝｸﾞｽﾍﾟｰｽでｾﾐﾅｰを開催（年2回程度）した。",
	"前半の段落。\n後半の段落は、改行の後から始まる。",
};

/* A 行頭禁則 character: must not start a line. */
static bool no_start(uint32_t c)
{
	static const char set[] = "）」』】〕〉》、。，．・：；！？ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶｧｨｩｪｫｯｬｭｮｰ｡｣､･)]},.%";
	for (size_t i = 0; set[i];)
		if (kr_utf8_next(set, sizeof set - 1, &i) == c)
			return true;
	return false;
}

static bool no_end(uint32_t c)
{
	static const char set[] = "（「『【〔〈《([{";
	for (size_t i = 0; set[i];)
		if (kr_utf8_next(set, sizeof set - 1, &i) == c)
			return true;
	return false;
}

static uint32_t first_cp(const char *s, size_t len)
{
	size_t i = 0;
	return kr_utf8_next(s, len, &i);
}

static uint32_t last_cp(const char *s, size_t len)
{
	size_t i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return kr_utf8_next(s, len, &i);
}

static size_t chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; n++)
		kr_utf8_next(s, len, &i);
	return n;
}

/* The keep-together strings of a sample that must never be split when they fit. */
static const char *const whole[] = {"17,420件", "174.2%", "1,000人", "200人", "https://", "ｺﾜｰｷﾝｸﾞ"};

static void check_sample(const kr_font *f, const char *s, double width)
{
	const double size = 7;
	size_t len = strlen(s);
	kr_lines L = {0};
	kr_wrap(f, size, s, len, width, width, &L);
	CHECK(L.n > 0, "no lines for %s", s);
	size_t pos = 0;
	for (size_t i = 0; i < L.n; i++) {
		const kr_line *ln = &L.v[i];
		const char *p = s + ln->start;
		/* nothing lost: only whitespace and "\n" between lines */
		for (size_t k = pos; k < ln->start; k++)
			CHECK(s[k] == ' ' || s[k] == '\n', "lost byte %zu of %s at width %.0f", k, s,
			      width);
		CHECK(ln->start >= pos, "lines overlap");
		pos = ln->start + ln->len;
		if (ln->len == 0)
			continue;
		double w = kr_font_text_width(f, p, ln->len, size);
		uint32_t end = last_cp(p, ln->len);
		if (end == 0x3001 || end == 0x3002) /* ぶら下げ: 、。 may hang past the edge */
			w -= kr_font_advance(f, end, size);
		CHECK(w <= width + 0.01 || chars(p, ln->len) == 1, "line '%.*s' is %.1f wide > %.0f",
		      (int)ln->len, p, w, width);
		bool after_nl = ln->start > 0 && s[ln->start - 1] == '\n';
		if (i > 0 && !after_nl)
			CHECK(!no_start(first_cp(p, ln->len)), "line starts with 禁則: '%.*s' (width %.0f)",
			      (int)ln->len, p, width);
		bool before_nl = pos < len && s[pos] == '\n';
		if (i + 1 < L.n && !before_nl)
			CHECK(!no_end(last_cp(p, ln->len)), "line ends with 禁則: '%.*s' (width %.0f)",
			      (int)ln->len, p, width);
	}
	CHECK(pos == len, "text after the last line lost: %s", s);
	for (size_t k = 0; k < sizeof whole / sizeof whole[0]; k++) {
		const char *w = strstr(s, whole[k]);
		if (!w || kr_font_text_width(f, whole[k], strlen(whole[k]), size) > width)
			continue;
		size_t a = (size_t)(w - s), b = a + strlen(whole[k]);
		bool inside = false;
		for (size_t i = 0; i < L.n; i++)
			if (L.v[i].start <= a && b <= L.v[i].start + L.v[i].len)
				inside = true;
		CHECK(inside, "'%s' split at width %.0f", whole[k], width);
	}
	kr_lines_free(&L);
}

int main(void)
{
	kr_diags *d = kr_diags_new();
	kr_font *f = kr_font_load("IPAexGothic", NULL, 0, d, NULL, (kr_loc){0, 0});
	if (!f) {
		kr_diags_flush(d, stdout);
		return 1;
	}
	for (double w = 28; w <= 300; w += 1.5) /* 4 characters and up */
		for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
			check_sample(f, samples[i], w);

	/* a forced break gives two lines even when everything fits */
	kr_lines L = {0};
	const char *s = "前半\n後半";
	kr_wrap(f, 7, s, strlen(s), 500, 500, &L);
	CHECK(L.n == 2, "\\n: %zu lines", L.n);
	kr_lines_free(&L);

	/* first_width differs from width (hanging indent) */
	s = "あいうえおかきくけこさしすせそたちつてと";
	kr_wrap(f, 10, s, strlen(s), 30, 100, &L);
	CHECK(L.n >= 2 && L.v[0].width <= 30.01 && L.v[1].width > 30, "first_width not honoured");
	kr_lines_free(&L);

	/* no last line of one character: the line before gives it a word (保育人材確保|事業) ... */
	s = "保育人材確保事業";
	kr_wrap(f, 7, s, strlen(s), 49.5, 49.5, &L);
	CHECK(L.n == 2 && L.v[1].len == strlen("事業"), "lone last line: %zu lines, last %.*s", L.n,
	      L.n ? (int)L.v[L.n - 1].len : 0, L.n ? s + L.v[L.n - 1].start : "");
	kr_lines_free(&L);
	/* ... or, where the renderer allows, a line 5 % tighter takes it in */
	kr_breaker *b = kr_breaker_new();
	kr_breaker_tune(b, 1e9, 0.05);
	s = "地方創生推進交付金を活用した事業の効果検証と改善";
	kr_wrap_with(b, f, 7, s, strlen(s), 161.5, 161.5, &L);
	CHECK(L.n == 1 && L.v[0].track < 0 && L.v[0].track >= -0.35 && L.v[0].width <= 161.5 + 1e-6,
	      "not tightened: %zu lines, track %.3f, width %.2f", L.n, L.n ? L.v[0].track : 0,
	      L.n ? L.v[0].width : 0);
	kr_lines_free(&L);
	/* 、 hangs past the width only when its ink fits in the room the renderer gives */
	s = "あいうえお、かきくけこ、さしすせそ。";
	kr_wrap_with(b, f, 7, s, strlen(s), 35.5, 35.5, &L);
	CHECK(L.n == 3 && L.v[0].width > 35.5, "、 does not hang with room: %zu lines", L.n);
	kr_lines_free(&L);
	kr_breaker_tune(b, 1.0, 0);
	kr_wrap_with(b, f, 7, s, strlen(s), 35.5, 35.5, &L);
	for (size_t i = 0; i < L.n; i++)
		CHECK(L.v[i].width <= 35.5 + 1e-6, "hangs into a 1 pt room: '%.*s' %.2f wide",
		      (int)L.v[i].len, s + L.v[i].start, L.v[i].width);
	kr_lines_free(&L);
	kr_breaker_free(b);
	CHECK(kr_font_ink_right(f, 0x3002, 10) > 2.5 && kr_font_ink_right(f, 0x3002, 10) < 3.5,
	      "ink of 。 %.2f", kr_font_ink_right(f, 0x3002, 10));

	/* coverage and advances */
	CHECK(kr_font_can_draw(f, 0x3042), "あ not drawable");
	CHECK(!kr_font_can_draw(f, 0x20BB7), "U+20BB7 drawable");
	CHECK(kr_font_can_draw(f, 0x29E3D), "U+29E3D (IPAexGothic has it, cmap format 12) not drawable");
	CHECK(kr_font_advance(f, 0x3042, 10) == 10, "あ advance %.2f", kr_font_advance(f, 0x3042, 10));

	/* a family fontconfig would substitute is an error naming the package */
	kr_font *g = kr_font_load("No Such Family 12345", NULL, 0, d, "t.yaml", (kr_loc){3, 4});
	CHECK(g == NULL && kr_diags_errors(d) == 1, "substitution not detected");
	kr_font_free(g);

	kr_font_free(f);
	kr_diags_free(d);
	if (failures)
		printf("%d failure(s)\n", failures);
	else
		printf("ok\n");
	return failures != 0;
}

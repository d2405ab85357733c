/* The arena allocator behind every loaded document and template. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_MIN 65536

#ifdef KR_ARENA_REDZONES
#include <sanitizer/asan_interface.h>
#define REDZONE 32 /* poisoned bytes after each allocation, and before a block's first */
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define REDZONE 0
#define POISON(p, n) ((void)0)
#define UNPOISON(p, n) ((void)0)
#endif

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

struct kr_arena {
	struct block *head;
};

_Noreturn void kr_oom(void)
{
	/* Straight to the descriptor: stderr may be a capture while renderers run (build.c). */
	static const char msg[] = "kpireport: out of memory\n";
	if (write(2, msg, sizeof msg - 1) < 0)
		abort();
	abort();
}

kr_arena *kr_arena_new(void)
{
	kr_arena *a = calloc(1, sizeof *a);
	if (!a)
		kr_oom();
	return a;
}

void kr_arena_free(kr_arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		UNPOISON(b->data, b->size);
		free(b);
	}
	free(a);
}

void *kr_alloc(kr_arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	const size_t want = size;
	if (size > SIZE_MAX - REDZONE - 2 * align)
		kr_oom();
	size = (size + REDZONE + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	struct block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t bs = size + REDZONE > BLOCK_MIN ? size + REDZONE : BLOCK_MIN;
		if (bs > SIZE_MAX - sizeof *b)
			kr_oom();
		b = malloc(sizeof *b + bs);
		if (!b)
			kr_oom();
		b->used = REDZONE;
		b->size = bs;
		POISON(b->data, bs);
		/* A big allocation goes behind the current block so the current one keeps filling. */
		if (a->head && bs > BLOCK_MIN) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += size;
#ifdef KR_ARENA_REDZONES
	UNPOISON(p, want);
	memset(p, 0, want);
#else
	(void)want;
	memset(p, 0, size);
#endif
	return p;
}

void *kr_alloc_array(kr_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		kr_oom();
	return kr_alloc(a, n * size);
}

void *kr_grow(kr_arena *a, void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return v;
	size_t c = *cap ? 2 * *cap : first;
	void *nv = kr_alloc_array(a, c, size);
	if (n)
		memcpy(nv, v, n * size);
	if (v)
		POISON(v, *cap * size); /* a pointer kept into the old array is stale */
	*cap = c;
	return nv;
}

char *kr_strndup(kr_arena *a, const char *s, size_t n)
{
	char *p = kr_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *kr_strdup(kr_arena *a, const char *s)
{
	return kr_strndup(a, s, strlen(s));
}

char *kr_sprintf(kr_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		kr_oom();
	char *p = kr_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* A bump allocator: everything allocated from one arena is freed by one kr_arena_free().
 * Allocation failure aborts with a message: a CLI cannot do anything useful without memory. */
#ifndef KR_ARENA_H
#define KR_ARENA_H

#include <stddef.h>

/* Under AddressSanitizer every allocation is followed by a poisoned redzone, the unused tail of
 * each block is poisoned and an array left behind by kr_grow is poisoned: an overrun of an arena
 * allocation is reported like one of malloc's.  Other builds compile none of it. */
#if defined(__SANITIZE_ADDRESS__)
#define KR_ARENA_REDZONES 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KR_ARENA_REDZONES 1
#endif
#endif

typedef struct kr_arena kr_arena;

kr_arena *kr_arena_new(void);
void kr_arena_free(kr_arena *a); /* NULL is fine */
void *kr_alloc(kr_arena *a, size_t size); /* zeroed, aligned for any type */
void *kr_alloc_array(kr_arena *a, size_t n, size_t size); /* checks n * size for overflow */
/* Makes room for one more element in an arena array of n used of *cap: returns v itself while
 * there is room, else a copy with twice the capacity (at least first) and updates *cap.  The old
 * block stays in the arena until it is freed. */
void *kr_grow(kr_arena *a, void *v, size_t n, size_t *cap, size_t size, size_t first);
char *kr_strdup(kr_arena *a, const char *s);
char *kr_strndup(kr_arena *a, const char *s, size_t n);
char *kr_sprintf(kr_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Aborts the process after printing "kpireport: out of memory". */
_Noreturn void kr_oom(void);

#endif

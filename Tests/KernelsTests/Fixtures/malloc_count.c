// Counts malloc/realloc/posix_memalign calls in a process, for RunAllocationTests (optional):
//   gcc -O2 -shared -fPIC Tests/KernelsTests/Fixtures/malloc_count.c -o /tmp/libmalloc_count.so -ldl
//   LD_PRELOAD=/tmp/libmalloc_count.so swift test --filter RunAllocationTests
// The test finds malloc_count() with dlsym and is skipped when it is absent.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdatomic.h>
static atomic_long count;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_memalign)(void **, size_t, size_t);
long malloc_count(void) { return atomic_load(&count); }
void *malloc(size_t n) { if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc"); atomic_fetch_add(&count, 1); return real_malloc(n); }
void *realloc(void *p, size_t n) { if (!real_realloc) real_realloc = dlsym(RTLD_NEXT, "realloc"); atomic_fetch_add(&count, 1); return real_realloc(p, n); }
int posix_memalign(void **p, size_t a, size_t n) { if (!real_memalign) real_memalign = dlsym(RTLD_NEXT, "posix_memalign"); atomic_fetch_add(&count, 1); return real_memalign(p, a, n); }

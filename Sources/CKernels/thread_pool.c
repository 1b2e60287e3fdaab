// Thread pool. Scaffolding: runs everything on the caller. Issue 5 replaces it with
// persistent pthread workers; the API stays.
#include "ckernels.h"
#include <stdlib.h>

struct ip_pool {
  int threads;
};

ip_pool *ip_pool_create(int threads) {
  if (threads < 1) return NULL;
  ip_pool *pool = calloc(1, sizeof *pool);
  if (pool) pool->threads = threads;
  return pool;
}

void ip_pool_destroy(ip_pool *pool) { free(pool); }

int ip_pool_threads(const ip_pool *pool) { return pool ? pool->threads : 1; }

void ip_pool_parallel_for(ip_pool *pool, int count, void (*fn)(void *ctx, int i), void *ctx) {
  (void)pool;
  for (int i = 0; i < count; i++) fn(ctx, i);
}

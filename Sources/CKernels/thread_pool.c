// Thread pool: persistent pthread workers created once in ip_pool_create. A call publishes a
// job and bumps a generation counter; a worker that finished its last job spins on that counter
// for a bounded time (the pool's spin, in microseconds) and then sleeps on a condition
// variable. The spin bridges the gaps between the layer calls of one forward pass, and, when
// long enough, the gap between passes; it costs a core for as long as it lasts (see
// docs/performance.md, "Thread pool"). A job has one share per thread; the share index, not
// the thread that runs it, fixes the work, so results are deterministic for a given thread
// count. Shares are claimed from an atomic counter: the caller runs share 0 and then claims any
// share no worker has started, so a worker that is asleep or descheduled delays nothing. A
// woken worker that finds itself on its caller's CPU moves off it (move_off_caller_cpu). No
// allocation on the hot path.
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE  // sched_getcpu, sched_setaffinity, CPU_SET
#endif
#include "gemm_internal.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define IP_PAUSE() _mm_pause()
#else
#define IP_PAUSE() ((void)0)
#endif

/// Pause instructions between two reads of the clock while spinning. A pause takes 10–150
/// cycles depending on the CPU (about 50 ns on the Zen 1 KVM guest of docs/performance.md) and
/// a clock read about 70 ns there, so the clock costs a few percent of the spin at most.
#define IP_PAUSES_PER_CLOCK_READ 16

/// Pause iterations the caller spins for the workers before it starts yielding its core.
#define IP_CALLER_SPINS 4000

static _Atomic int default_spin_us = IP_POOL_DEFAULT_SPIN_US;

typedef struct {
  float *data;
  size_t floats;
  char padding[48];  // keep each thread's entry on its own cache line
} scratch_entry;

struct ip_pool {
  int threads;
  pthread_t *workers;
  pthread_mutex_t mutex;
  pthread_cond_t wake;
  _Atomic int sleepers;              // workers waiting on `wake` (changed under mutex)
  _Atomic unsigned long generation;  // bumped per job
  long spin_ns;                      // how long an idle worker spins before it sleeps
  _Atomic int caller_cpu;            // CPU of the last call that had to wake sleepers; −1 unknown
  _Atomic int next_share;  // next unclaimed share of the current job (≥ threads: none left)
  _Atomic int done_shares;  // shares 1 … threads−1 finished
  _Atomic int busy;                  // a job is in flight (nested calls run serially)
  _Atomic int stop;
  void (*fn)(void *ctx, int thread, int threads);
  void *ctx;
  scratch_entry *scratch;  // one per thread
};

typedef struct {
  ip_pool *pool;
  int index;
} worker_arg;

/// Claims and runs shares of the current job until none is left.
static void run_shares(ip_pool *pool) {
  for (;;) {
    int share = atomic_fetch_add_explicit(&pool->next_share, 1, memory_order_acq_rel);
    if (share >= pool->threads) return;
    pool->fn(pool->ctx, share, pool->threads);
    atomic_fetch_add_explicit(&pool->done_shares, 1, memory_order_acq_rel);
  }
}

static long monotonic_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

/// Spins until the generation moves past `seen` or `spin_ns` have passed; returns the last
/// generation read.
static unsigned long spin_for_job(ip_pool *pool, unsigned long seen) {
  if (pool->spin_ns <= 0) return atomic_load_explicit(&pool->generation, memory_order_acquire);
  long deadline = monotonic_ns() + pool->spin_ns;
  for (;;) {
    for (int i = 0; i < IP_PAUSES_PER_CLOCK_READ; i++) {
      unsigned long now = atomic_load_explicit(&pool->generation, memory_order_acquire);
      if (now != seen) return now;
      IP_PAUSE();
    }
    if (monotonic_ns() >= deadline) return atomic_load_explicit(&pool->generation, memory_order_acquire);
  }
}

/// The CPU the calling thread runs on, or −1 where that can't be asked.
static int current_cpu(void) {
#if defined(__linux__)
  return sched_getcpu();
#else
  return -1;
#endif
}

/// The CPUs a worker may run on, read once when it starts.
typedef struct {
#if defined(__linux__)
  cpu_set_t allowed;
#endif
  int count;  // 0: unknown, or placement is not ours to change
} cpu_choice;

static cpu_choice read_cpu_choice(void) {
  cpu_choice choice = {0};
#if defined(__linux__)
  if (sched_getaffinity(0, sizeof choice.allowed, &choice.allowed) == 0) choice.count = CPU_COUNT(&choice.allowed);
#endif
  return choice;
}

/// A woken worker that the scheduler put on the CPU of the thread that woke it would wait for
/// that thread's share (or share the core with it) instead of running beside it: Linux places
/// a wakee next to its waker when it judges the cache worth it, and on the Zen 1 KVM guest of
/// docs/performance.md that happened to 35–46% of wake-ups after an idle gap, which made a
/// paced 2-thread pass slower than a 1-thread one. Such a worker moves itself to the other
/// CPUs it may use (its affinity minus the caller's CPU); it stays there until it collides again.
static void move_off_caller_cpu(ip_pool *pool, const cpu_choice *choice) {
#if defined(__linux__)
  int caller = atomic_load_explicit(&pool->caller_cpu, memory_order_relaxed);
  if (choice->count < 2 || caller < 0 || caller >= CPU_SETSIZE || !CPU_ISSET(caller, &choice->allowed)) return;
  if (sched_getcpu() != caller) return;
  cpu_set_t others = choice->allowed;
  CPU_CLR(caller, &others);
  sched_setaffinity(0, sizeof others, &others);
#else
  (void)pool;
  (void)choice;
#endif
}

static void *worker_main(void *raw) {
  worker_arg arg = *(worker_arg *)raw;
  free(raw);
  ip_pool *pool = arg.pool;
  const cpu_choice choice = read_cpu_choice();
  // Generation 0 is the pool's state at creation: a job published before this thread got
  // here still counts as new.
  unsigned long seen = 0;
  for (;;) {
    unsigned long now = spin_for_job(pool, seen);
    if (now == seen) {
      pthread_mutex_lock(&pool->mutex);
      // Announce the sleep before the last look at the generation; publish() bumps the
      // generation before it looks at `sleepers` (both sequentially consistent), so one of the
      // two sees the other and no wake-up is lost.
      atomic_fetch_add(&pool->sleepers, 1);
      while ((now = atomic_load(&pool->generation)) == seen) pthread_cond_wait(&pool->wake, &pool->mutex);
      atomic_fetch_sub(&pool->sleepers, 1);
      pthread_mutex_unlock(&pool->mutex);
      move_off_caller_cpu(pool, &choice);
    }
    seen = now;
    if (atomic_load_explicit(&pool->stop, memory_order_acquire)) return NULL;
    run_shares(pool);
  }
}

static void publish(ip_pool *pool) {
  atomic_fetch_add(&pool->generation, 1);
  // Spinning workers see the new generation by themselves; only sleepers need the (system
  // call) wake-up. Taking the mutex orders the broadcast after a sleeper's wait has begun.
  if (atomic_load(&pool->sleepers) > 0) {
    atomic_store_explicit(&pool->caller_cpu, current_cpu(), memory_order_relaxed);
    pthread_mutex_lock(&pool->mutex);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
  }
}

void ip_pool_set_default_spin_us(int microseconds) {
  if (microseconds < 0) microseconds = 0;
  if (microseconds > IP_POOL_MAX_SPIN_US) microseconds = IP_POOL_MAX_SPIN_US;
  atomic_store(&default_spin_us, microseconds);
}

int ip_pool_default_spin_us(void) { return atomic_load(&default_spin_us); }

ip_pool *ip_pool_create(int threads) { return ip_pool_create_spinning(threads, -1); }

ip_pool *ip_pool_create_spinning(int threads, int spin_us) {
  if (threads < 1 || threads > 1024) return NULL;
  ip_pool *pool = calloc(1, sizeof *pool);
  if (!pool) return NULL;
  pool->threads = threads;
  atomic_store(&pool->caller_cpu, -1);
  if (spin_us < 0) spin_us = ip_pool_default_spin_us();
  if (spin_us > IP_POOL_MAX_SPIN_US) spin_us = IP_POOL_MAX_SPIN_US;
  pool->spin_ns = (long)spin_us * 1000L;
  atomic_store(&pool->next_share, threads);  // no job yet: nothing to claim
  pool->scratch = calloc((size_t)threads, sizeof *pool->scratch);
  pool->workers = calloc((size_t)threads, sizeof *pool->workers);
  if (!pool->scratch || !pool->workers) {
    free(pool->scratch);
    free(pool->workers);
    free(pool);
    return NULL;
  }
  pthread_mutex_init(&pool->mutex, NULL);
  pthread_cond_init(&pool->wake, NULL);
  for (int t = 1; t < threads; t++) {
    worker_arg *arg = malloc(sizeof *arg);
    if (arg) *arg = (worker_arg){pool, t};
    if (!arg || pthread_create(&pool->workers[t], NULL, worker_main, arg) != 0) {
      free(arg);
      pool->threads = t;  // destroy joins the t − 1 workers started so far
      ip_pool_destroy(pool);
      return NULL;
    }
  }
  return pool;
}

void ip_pool_destroy(ip_pool *pool) {
  if (!pool) return;
  atomic_store_explicit(&pool->stop, 1, memory_order_release);
  publish(pool);
  for (int t = 1; t < pool->threads; t++) pthread_join(pool->workers[t], NULL);
  for (int t = 0; t < pool->threads; t++) free(pool->scratch[t].data);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->scratch);
  free(pool->workers);
  free(pool);
}

int ip_pool_threads(const ip_pool *pool) { return pool ? pool->threads : 1; }

int ip_pool_spin_us(const ip_pool *pool) { return pool ? (int)(pool->spin_ns / 1000) : 0; }

/// Set while this thread runs a job that could not get the pool (nested or concurrent call):
/// its scratch requests then return NULL, so it never shares thread 0's buffers.
static _Thread_local int running_without_pool = 0;

void ip_pool_run(ip_pool *pool, void (*fn)(void *ctx, int thread, int threads), void *ctx) {
  if (!pool) {
    fn(ctx, 0, 1);
    return;
  }
  if (running_without_pool || atomic_exchange(&pool->busy, 1)) {
    int saved = running_without_pool;
    running_without_pool = 1;
    fn(ctx, 0, 1);
    running_without_pool = saved;
    return;
  }
  if (pool->threads == 1) {
    fn(ctx, 0, 1);
    atomic_store_explicit(&pool->busy, 0, memory_order_release);
    return;
  }
  pool->fn = fn;
  pool->ctx = ctx;
  // Every share of the previous job has finished, so late workers find nothing to claim until
  // next_share is reset; fn/ctx are visible to whoever claims a share after the reset.
  atomic_store_explicit(&pool->done_shares, 0, memory_order_relaxed);
  atomic_store_explicit(&pool->next_share, 1, memory_order_release);
  publish(pool);
  fn(ctx, 0, pool->threads);
  run_shares(pool);  // shares no worker has claimed yet
  // Wait for shares a worker is still running; on an oversubscribed machine yield the core
  // after a while so that worker can finish instead of waiting out our time slice.
  for (int spin = 0; atomic_load_explicit(&pool->done_shares, memory_order_acquire) < pool->threads - 1; spin++) {
    if (spin < IP_CALLER_SPINS) IP_PAUSE();
    else sched_yield();
  }
  atomic_store_explicit(&pool->busy, 0, memory_order_release);
}

void ip_pool_run_on_caller(ip_pool *pool, void (*fn)(void *ctx, int thread, int threads), void *ctx) {
  if (!pool) {
    fn(ctx, 0, 1);
    return;
  }
  int saved = running_without_pool;
  int owns = !saved && !atomic_exchange(&pool->busy, 1);
  if (!owns) running_without_pool = 1;
  fn(ctx, 0, 1);
  running_without_pool = saved;
  if (owns) atomic_store_explicit(&pool->busy, 0, memory_order_release);
}

float *ip_pool_scratch(ip_pool *pool, int thread, size_t floats) {
  if (!pool || running_without_pool || thread < 0 || thread >= pool->threads) return NULL;
  scratch_entry *entry = &pool->scratch[thread];
  if (entry->floats < floats) {
    free(entry->data);
    size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    entry->data = aligned_alloc(64, bytes);
    entry->floats = entry->data ? floats : 0;
  }
  return entry->data;
}

typedef struct {
  int count;
  void (*fn)(void *ctx, int i);
  void *ctx;
} for_job;

static void run_range(void *raw, int thread, int threads) {
  for_job *job = raw;
  int begin = (int)((long)job->count * thread / threads);
  int end = (int)((long)job->count * (thread + 1) / threads);
  for (int i = begin; i < end; i++) job->fn(job->ctx, i);
}

void ip_pool_parallel_for(ip_pool *pool, int count, void (*fn)(void *ctx, int i), void *ctx) {
  if (count <= 0) return;
  if (!pool || count == 1) {
    for (int i = 0; i < count; i++) fn(ctx, i);
    return;
  }
  for_job job = {count, fn, ctx};
  ip_pool_run(pool, run_range, &job);
}

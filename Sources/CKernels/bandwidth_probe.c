// STREAM-style triad a[i] = b[i] + s*c[i] (McCalpin, "STREAM: Sustainable Memory Bandwidth in
// High Performance Computers", https://www.cs.virginia.edu/stream/ref.html): fp64 arrays, each
// thread works on its own slice, best pass counts, 24 bytes per element.
// Legend: n = elements of one thread's slice, a/b/c = that thread's slices of the arrays.
#include "ckernels_bandwidth.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double ip_bandwidth_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

size_t ip_probe_last_level_cache_bytes(void) {
  long bytes = -1;
#if defined(_SC_LEVEL3_CACHE_SIZE)
  bytes = sysconf(_SC_LEVEL3_CACHE_SIZE);
#endif
#if defined(_SC_LEVEL2_CACHE_SIZE)
  if (bytes <= 0) bytes = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
  return bytes > 0 ? (size_t)bytes : 0;
}

// One triad over n elements (n a multiple of 8, slices 64-byte aligned).
static void ip_triad(double *a, const double *b, const double *c, double s, size_t n) {
#if defined(__x86_64__)
  size_t bytes = n * sizeof(double);
  size_t i = 0;
  __asm__ volatile(
      "movsd %[s], %%xmm8\n\t"
      "unpcklpd %%xmm8, %%xmm8\n\t"
      "test %[bytes], %[bytes]\n\t"
      "jz 2f\n\t"
      "1:\n\t"
      "movapd (%[c],%[i]), %%xmm4\n\t movapd 16(%[c],%[i]), %%xmm5\n\t"
      "movapd 32(%[c],%[i]), %%xmm6\n\t movapd 48(%[c],%[i]), %%xmm7\n\t"
      "mulpd %%xmm8, %%xmm4\n\t mulpd %%xmm8, %%xmm5\n\t mulpd %%xmm8, %%xmm6\n\t mulpd %%xmm8, %%xmm7\n\t"
      "addpd (%[b],%[i]), %%xmm4\n\t addpd 16(%[b],%[i]), %%xmm5\n\t"
      "addpd 32(%[b],%[i]), %%xmm6\n\t addpd 48(%[b],%[i]), %%xmm7\n\t"
      "movapd %%xmm4, (%[a],%[i])\n\t movapd %%xmm5, 16(%[a],%[i])\n\t"
      "movapd %%xmm6, 32(%[a],%[i])\n\t movapd %%xmm7, 48(%[a],%[i])\n\t"
      "add $64, %[i]\n\t"
      "cmp %[bytes], %[i]\n\t"
      "jb 1b\n\t"
      "2:\n\t"
      : [i] "+r"(i)
      : [a] "r"(a), [b] "r"(b), [c] "r"(c), [s] "m"(s), [bytes] "r"(bytes)
      : "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "cc", "memory");
#else
  for (size_t i = 0; i < n; i++) a[i] = b[i] + s * c[i];
#endif
}

// Threads meet here before and after every pass (a reusable barrier: pthread_barrier_t is
// missing on some platforms).
typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int count;
  int waiting;
  unsigned long generation;
} ip_meeting;

static void ip_meet(ip_meeting *m) {
  pthread_mutex_lock(&m->lock);
  unsigned long generation = m->generation;
  if (++m->waiting == m->count) {
    m->waiting = 0;
    m->generation++;
    pthread_cond_broadcast(&m->changed);
  } else {
    while (generation == m->generation) pthread_cond_wait(&m->changed, &m->lock);
  }
  pthread_mutex_unlock(&m->lock);
}

typedef struct {
  double *a, *b, *c;
  size_t n;
  ip_meeting *meeting;
  double seconds;   // job 0 decides when to stop
  int *stop;        // written by job 0 between the two meetings of a pass
  double *best_seconds;
} ip_triad_job;

static void *ip_triad_worker(void *argument) {
  ip_triad_job *job = (ip_triad_job *)argument;
  for (size_t i = 0; i < job->n; i++) {  // touch the pages: faults stay outside the timing
    job->a[i] = 0;
    job->b[i] = 1;
    job->c[i] = 2;
  }
  int leader = job->best_seconds != NULL;
  double end = 0;
  int passes = 0;
  for (;;) {
    ip_meet(job->meeting);
    double t0 = ip_bandwidth_now();
    if (leader && end == 0) end = t0 + job->seconds;
    ip_triad(job->a, job->b, job->c, 3.0, job->n);
    ip_meet(job->meeting);  // the pass ends when the last thread finishes
    if (leader) {
      double took = ip_bandwidth_now() - t0;
      if (took > 0 && (*job->best_seconds == 0 || took < *job->best_seconds)) *job->best_seconds = took;
      passes++;
      *job->stop = passes >= 2 && ip_bandwidth_now() >= end;
    }
    ip_meet(job->meeting);  // everyone reads `stop` after the leader wrote it
    if (*job->stop) break;
  }
  return NULL;
}

double ip_probe_triad_gbps(size_t bytes_per_array, int threads, double seconds) {
  if (threads < 1 || threads > 1024) return -1;
  size_t slice = (bytes_per_array / (size_t)threads) & ~(size_t)63;
  if (slice < 4096) return -1;
  size_t n = slice / sizeof(double);
  double *arrays[3] = {NULL, NULL, NULL};
  ip_triad_job *jobs = calloc((size_t)threads, sizeof *jobs);
  pthread_t *ids = calloc((size_t)threads, sizeof *ids);
  double result = -1;
  int started = 0;
  if (!jobs || !ids) goto done;
  for (int k = 0; k < 3; k++) {
    if (posix_memalign((void **)&arrays[k], 64, slice * (size_t)threads) != 0) {
      arrays[k] = NULL;
      goto done;
    }
  }
  ip_meeting meeting = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, threads, 0, 0};
  int stop = 0;
  double best = 0;
  for (int t = 0; t < threads; t++) {
    size_t offset = n * (size_t)t;
    jobs[t] = (ip_triad_job){arrays[0] + offset, arrays[1] + offset, arrays[2] + offset, n, &meeting,
                             seconds > 0 ? seconds : 0.1, &stop, t == 0 ? &best : NULL};
  }
  for (int t = 1; t < threads; t++) {  // the caller runs job 0
    if (pthread_create(&ids[t], NULL, ip_triad_worker, &jobs[t]) != 0) break;
    started++;
  }
  if (started == threads - 1) {
    ip_triad_worker(&jobs[0]);
    if (best > 0) result = 3.0 * (double)slice * (double)threads / best * 1e-9;
  } else {
    // A thread failed to start: the started ones wait at the first meeting; release them by
    // counting only them, and tell them to stop after one pass.
    pthread_mutex_lock(&meeting.lock);
    meeting.count = started;
    stop = 1;
    if (meeting.waiting == started && started > 0) {
      meeting.waiting = 0;
      meeting.generation++;
      pthread_cond_broadcast(&meeting.changed);
    }
    pthread_mutex_unlock(&meeting.lock);
  }
  for (int t = 1; t <= started; t++) pthread_join(ids[t], NULL);
done:
  for (int k = 0; k < 3; k++) free(arrays[k]);
  free(jobs);
  free(ids);
  return result;
}

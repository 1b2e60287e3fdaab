// Pool probe: how long a job waits for a worker to start, with the worker asleep or spinning.
// The job's share 0 (run by the caller) waits until share 1 has started, so the caller cannot
// run share 1 itself and the latency measured is the worker's own. The wait reads the clock
// without PAUSE, as a computing caller would: on a KVM guest a PAUSE loop makes the hypervisor
// yield to the VM's other vCPUs (pause-loop exiting), which wakes a halted worker several times
// faster than a real job sees (18 µs against 50–150 µs on the Zen 1 guest of
// docs/performance.md).
#include <stdatomic.h>
#include <time.h>
#include "ckernels.h"
#include "ckernels_probe.h"

/// A worker that has not started after this long counts as lost; share 0 gives up waiting.
#define IP_WAKE_TIMEOUT_SECONDS 0.1

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct {
  _Atomic double started;  // when share 1 began (0 = not yet)
} wake_job;

static void wake_share(void *raw, int thread, int threads) {
  wake_job *job = raw;
  (void)threads;
  if (thread == 1) {
    atomic_store(&job->started, seconds_now());
    return;
  }
  if (thread != 0) return;
  double give_up = seconds_now() + IP_WAKE_TIMEOUT_SECONDS;
  while (atomic_load(&job->started) == 0 && seconds_now() < give_up) continue;
}

static void sleep_seconds(double seconds) {
  struct timespec request = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
  struct timespec remaining;
  while (nanosleep(&request, &remaining) != 0) request = remaining;
}

int ip_probe_pool_wake(ip_pool *pool, double gap_seconds, int trials, double *latencies) {
  if (!pool || ip_pool_threads(pool) < 2 || trials < 1 || !latencies) return -1;
  for (int trial = 0; trial < trials; trial++) {
    if (gap_seconds > 0) sleep_seconds(gap_seconds);
    wake_job job;
    atomic_init(&job.started, 0.0);
    double start = seconds_now();
    ip_pool_run(pool, wake_share, &job);
    double started = atomic_load(&job.started);
    latencies[trial] = started > 0 ? started - start : IP_WAKE_TIMEOUT_SECONDS;
  }
  return 0;
}

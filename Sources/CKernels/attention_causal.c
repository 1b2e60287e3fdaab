// Causal multi-head attention: per (batch, head) unit, scores = q_h·(k_h/√d)ᵀ through the
// packed GEMM, −FLT_MAX above the diagonal and in padded columns, row softmax in place, then
// out_h = p·v_h. The same steps and scratch layout as attention.c (legend: S = seq, D =
// head_dim; one S×S score block per thread); units split over threads in fixed ranges.
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "gemm_internal.h"
#include "include/ckernels_causal.h"

typedef struct {
  int isa, batch, seq, heads, head_dim;
  const float *q, *k, *v;
  int ld_q, ld_k, ld_v, ld_out;
  const int32_t *mask;
  float *out;
  ip_pool *pool;
} causal_job;

static size_t causal_round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

static size_t causal_unit_floats(const ip_gemm_table *t, int S, int D) {
  return causal_round_up((size_t)S, (size_t)t->nr) * (size_t)D + causal_round_up((size_t)D, (size_t)t->nr) * (size_t)S +
         (size_t)S * S + ip_gemm_block_floats(t) + 64;
}

static void causal_unit(const causal_job *job, const ip_gemm_table *t, int unit, float *work) {
  const int S = job->seq, D = job->head_dim;
  const int b = unit / job->heads, h = unit % job->heads;
  const size_t packed_k_floats = causal_round_up((size_t)S, (size_t)t->nr) * (size_t)D;
  float *packed_k = work;
  float *packed_v = packed_k + packed_k_floats;
  float *scores = packed_v + causal_round_up((size_t)D, (size_t)t->nr) * (size_t)S;
  float *abuf = scores + (size_t)S * S;
  const float *q = job->q + (size_t)b * S * job->ld_q + (size_t)h * D;
  const float *k = job->k + (size_t)b * S * job->ld_k + (size_t)h * D;
  const float *v = job->v + (size_t)b * S * job->ld_v + (size_t)h * D;
  float *out = job->out + (size_t)b * S * job->ld_out + (size_t)h * D;
  ip_pack_w_panels(job->isa, S, D, k, job->ld_k, packed_k);
  const float scale = 1.0f / sqrtf((float)D);
  for (size_t i = 0; i < packed_k_floats; i++) packed_k[i] *= scale;
  ip_gemm_columns(t, S, 0, S, D, q, job->ld_q, packed_k, NULL, IP_ACT_NONE, scores, S, abuf, ip_gemm_block_floats(t));
  const int32_t *mask = job->mask ? job->mask + (size_t)b * S : NULL;
  for (int i = 0; i < S; i++) {
    float *row = scores + (size_t)i * S;
    for (int j = i + 1; j < S; j++) row[j] = -FLT_MAX;
    for (int j = 0; mask && j <= i; j++)
      if (mask[j] == 0) row[j] = -FLT_MAX;
  }
  ip_softmax_rows(job->isa, scores, S, S, S);
  ip_sgemm_pack_b_kn(job->isa, D, S, v, job->ld_v, packed_v);
  ip_gemm_columns(t, S, 0, D, S, scores, S, packed_v, NULL, IP_ACT_NONE, out, job->ld_out, abuf, ip_gemm_block_floats(t));
}

static void causal_share(void *raw, int thread, int threads) {
  causal_job *job = raw;
  const ip_gemm_table *t = ip_gemm_table_for(job->isa);
  int units = job->batch * job->heads;
  int begin = (int)((long)units * thread / threads), end = (int)((long)units * (thread + 1) / threads);
  if (begin >= end) return;
  size_t need = causal_unit_floats(t, job->seq, job->head_dim);
  float *work = ip_pool_scratch(job->pool, thread, need);
  float *owned = NULL;
  if (!work) work = owned = malloc(need * sizeof(float));
  if (!work) return;
  for (int unit = begin; unit < end; unit++) causal_unit(job, t, unit, work);
  free(owned);
}

void ip_attention_causal(int isa, ip_pool *pool, int batch, int seq, int heads, int head_dim,
                         const float *q, int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                         const int32_t *mask, float *out, int ld_out) {
  if (batch <= 0 || seq <= 0 || heads <= 0 || head_dim <= 0) return;
  causal_job job = {isa, batch, seq, heads, head_dim, q, k, v, ld_q, ld_k, ld_v, ld_out, mask, out, pool};
  if (batch * heads == 1) ip_pool_run_on_caller(pool, causal_share, &job);
  else ip_pool_run(pool, causal_share, &job);
}

void ip_attention_causal_reference(int batch, int seq, int heads, int head_dim, const float *q,
                                   int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                                   const int32_t *mask, float *out, int ld_out) {
  double *p = malloc(sizeof(double) * (size_t)(seq > 0 ? seq : 1));
  if (!p) return;
  const double scale = 1.0 / sqrt((double)head_dim);
  for (int b = 0; b < batch; b++)
    for (int h = 0; h < heads; h++)
      for (int i = 0; i < seq; i++) {
        const float *qi = q + ((size_t)b * seq + i) * ld_q + (size_t)h * head_dim;
        double mx = -INFINITY, sum = 0.0;
        for (int j = 0; j < seq; j++) {
          const float *kj = k + ((size_t)b * seq + j) * ld_k + (size_t)h * head_dim;
          double s = 0.0;
          for (int d = 0; d < head_dim; d++) s += (double)qi[d] * kj[d];
          s *= scale;
          if (j > i || (mask && mask[(size_t)b * seq + j] == 0)) s = -FLT_MAX;
          p[j] = s;
          mx = s > mx ? s : mx;
        }
        for (int j = 0; j < seq; j++) sum += (p[j] = exp(p[j] - mx));
        float *oi = out + ((size_t)b * seq + i) * ld_out + (size_t)h * head_dim;
        for (int d = 0; d < head_dim; d++) {
          double acc = 0.0;
          for (int j = 0; j < seq; j++) acc += p[j] / sum * v[((size_t)b * seq + j) * ld_v + (size_t)h * head_dim + d];
          oi[d] = (float)acc;
        }
      }
  free(p);
}

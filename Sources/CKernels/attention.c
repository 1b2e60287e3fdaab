// Multi-head attention core: per (batch, head) unit, scores = q_h·(k_h/√d)ᵀ through the packed
// GEMM (k_h packed as the weight, scaled once), the mask on padded columns, row softmax in place,
// then out_h = p·v_h (v_h packed as a k×n operand). One seq×seq score block per thread at a time,
// in pool scratch; units split over threads in fixed contiguous ranges (deterministic per thread
// count).
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "gemm_internal.h"

typedef struct {
  int isa, batch, seq, heads, head_dim;
  const float *q, *k, *v;
  int ld_q, ld_k, ld_v, ld_out;
  const int32_t *mask;
  float *out;
  ip_pool *pool;
} attention_job;

static size_t round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

static void attention_unit(const attention_job *job, const ip_gemm_table *t, int unit, float *work) {
  const int S = job->seq, D = job->head_dim;
  const int b = unit / job->heads, h = unit % job->heads;
  const size_t packed_k_floats = round_up((size_t)S, (size_t)t->nr) * (size_t)D;
  float *packed_k = work;
  float *packed_v = packed_k + packed_k_floats;
  float *scores = packed_v + round_up((size_t)D, (size_t)t->nr) * (size_t)S;
  int *padded = (int *)(scores + (size_t)S * S);  // columns whose mask is 0
  float *abuf = (float *)(padded + round_up((size_t)S, 16));
  const float *q = job->q + (size_t)b * S * job->ld_q + (size_t)h * D;
  const float *k = job->k + (size_t)b * S * job->ld_k + (size_t)h * D;
  const float *v = job->v + (size_t)b * S * job->ld_v + (size_t)h * D;
  float *out = job->out + (size_t)b * S * job->ld_out + (size_t)h * D;
  // scores = q·(k/√D)ᵀ: the scale goes into the packed k (S·D multiplies, not S·S).
  ip_pack_w_panels(job->isa, S, D, k, job->ld_k, packed_k);
  const float scale = 1.0f / sqrtf((float)D);
  for (size_t i = 0; i < packed_k_floats; i++) packed_k[i] *= scale;
  ip_gemm_columns(t, S, 0, S, D, q, job->ld_q, packed_k, NULL, IP_ACT_NONE, scores, S, abuf, ip_gemm_block_floats(t));
  // A padded column's score is s − FLT_MAX, which rounds to −FLT_MAX for any finite score
  // below 2^103: set it, and only in the columns that are padded.
  int padded_count = 0;
  const int32_t *mask = job->mask ? job->mask + (size_t)b * S : NULL;
  for (int j = 0; mask && j < S; j++)
    if (mask[j] == 0) padded[padded_count++] = j;
  for (int i = 0; i < S && padded_count > 0; i++) {
    float *row = scores + (size_t)i * S;
    for (int p = 0; p < padded_count; p++) row[padded[p]] = -FLT_MAX;
  }
  ip_softmax_rows(job->isa, scores, S, S, S);
  ip_sgemm_pack_b_kn(job->isa, D, S, v, job->ld_v, packed_v);
  ip_gemm_columns(t, S, 0, D, S, scores, S, packed_v, NULL, IP_ACT_NONE, out, job->ld_out, abuf, ip_gemm_block_floats(t));
}

static size_t unit_floats(const ip_gemm_table *t, int S, int D) {
  return round_up((size_t)S, (size_t)t->nr) * (size_t)D + round_up((size_t)D, (size_t)t->nr) * (size_t)S +
         (size_t)S * S + round_up((size_t)S, 16) + ip_gemm_block_floats(t) + 64;
}

static void attention_share(void *raw, int thread, int threads) {
  attention_job *job = raw;
  const ip_gemm_table *t = ip_gemm_table_for(job->isa);
  int units = job->batch * job->heads;
  int begin = (int)((long)units * thread / threads), end = (int)((long)units * (thread + 1) / threads);
  if (begin >= end) return;
  size_t need = unit_floats(t, job->seq, job->head_dim);
  float *work = ip_pool_scratch(job->pool, thread, need);
  float *owned = NULL;
  if (!work) work = owned = malloc(need * sizeof(float));
  if (!work) return;
  for (int unit = begin; unit < end; unit++) attention_unit(job, t, unit, work);
  free(owned);
}

void ip_attention(int isa, ip_pool *pool, int batch, int seq, int heads, int head_dim,
                  const float *q, int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                  const int32_t *mask, float *out, int ld_out) {
  if (batch <= 0 || seq <= 0 || heads <= 0 || head_dim <= 0) return;
  attention_job job = {isa, batch, seq, heads, head_dim, q, k, v, ld_q, ld_k, ld_v, ld_out, mask, out, pool};
  if (batch * heads == 1) ip_pool_run_on_caller(pool, attention_share, &job);
  else ip_pool_run(pool, attention_share, &job);
}

void ip_attention_reference(int batch, int seq, int heads, int head_dim, const float *q,
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
          if (mask && mask[(size_t)b * seq + j] == 0) s = (float)(s - FLT_MAX);  // as the kernel: rounds to −FLT_MAX
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

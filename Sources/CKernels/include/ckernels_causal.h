// Causal multi-head attention (GPT-style decoders), beside ip_attention in ckernels.h.
#ifndef IP_CKERNELS_CAUSAL_H
#define IP_CKERNELS_CAUSAL_H

#include <stdint.h>
#include "ckernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/// ip_attention where query position i attends only to key positions 0…i: the scores of
/// columns j > i (and of padded columns, mask[b, j] = 0) are −FLT_MAX before the softmax, as
/// the exporters' `where(tril, s, finfo.min)` makes them. Same shapes, strides and threading.
void ip_attention_causal(int isa, ip_pool *pool, int batch, int seq, int heads, int head_dim,
                         const float *q, int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                         const int32_t *mask, float *out, int ld_out);

/// The scalar reference of ip_attention_causal (double accumulation, no pool).
void ip_attention_causal_reference(int batch, int seq, int heads, int head_dim, const float *q,
                                   int ld_q, const float *k, int ld_k, const float *v, int ld_v,
                                   const int32_t *mask, float *out, int ld_out);

#ifdef __cplusplus
}
#endif

#endif

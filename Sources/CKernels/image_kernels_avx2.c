// Image plane kernels for AVX2 + FMA: image_kernels_body.h with the target attribute on every
// function (the pragma attaches it to each), never a file-wide -mavx2.
#if defined(__x86_64__)
#include <immintrin.h>  // before the target pragma: the masked patch copies use its intrinsics
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define IP_IMAGE_TABLE_NAME ip_image_table_avx2
#define IP_IMAGE_LANES 8
#include "image_kernels_body.h"
#pragma clang attribute pop
#else
#include "image_internal.h"
const ip_image_table *ip_image_table_avx2(void) { return ip_image_table_scalar(); }
#endif

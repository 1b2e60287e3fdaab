// Image plane kernels for AVX-512 F: image_kernels_body.h with the target attribute on every
// function (the pragma attaches it to each), never a file-wide -mavx512f.
#if defined(__x86_64__)
#include <immintrin.h>  // before the target pragma: the masked patch copies use its intrinsics
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#define IP_IMAGE_TABLE_NAME ip_image_table_avx512
#define IP_IMAGE_LANES 16
#include "image_kernels_body.h"
#pragma clang attribute pop
#else
#include "image_internal.h"
const ip_image_table *ip_image_table_avx512(void) { return ip_image_table_scalar(); }
#endif

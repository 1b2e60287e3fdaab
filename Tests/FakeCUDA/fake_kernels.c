// The fake module loader and kernel launcher: each PTX kernel name the backend uses is run by a
// C version here, reading kernelParams exactly as the driver would (by the PTX parameter types).
#include "fake_internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

// Parameter signature per kernel: p = .u64 pointer, u = .u32, f = .f32.
static const struct { const char *op; const char *signature; } kernels[] = {
    {"bias_act", "pppuuu"}, {"add", "pppu"}, {"layer_norm", "ppppuuf"},
    {"softmax", "ppuupuu"}, {"embedding", "ppppppuuuu"}, {"permute", "ppuuuu"},
    {"mean_pool", "pppuuu"}, {"im2col", "ppuuuuuuuuuuuuuu"}, {"conv_direct", "ppppuuuuuuuuuuuuuuuu"},
    {"pool", "ppuuuuuuuuuuuuuuuuu"}, {"channel_affine", "ppppuuu"}, {"clip", "ppuff"},
};
enum { KERNEL_OPS = 12 };
typedef struct { int op; int type; } fake_function;
static fake_function functions[KERNEL_OPS * 3];
static int module_storage;

int cuModuleLoadDataEx(void **module, const void *image, unsigned count, int *options,
                       void **values) {
  int fail = fake_enter("cuModuleLoadDataEx");
  const char *ptx = image;
  if (!fail && strncmp(ptx, ".version", 8) != 0 && strncmp(ptx, "//", 2) != 0) fail = 218;
  if (fail) {
    for (unsigned i = 0; i + 1 < count + 1 && i < count; i++) {
      if (options[i] == 5) {  // CU_JIT_ERROR_LOG_BUFFER (size in option 6)
        size_t size = 0;
        for (unsigned j = 0; j < count; j++) if (options[j] == 6) size = (size_t)(uintptr_t)values[j];
        if (size) snprintf(values[i], size, "ptxas fatal: fake JIT rejected the module");
      }
    }
    return fail;
  }
  *module = &module_storage;
  return 0;
}

int cuModuleGetFunction(void **function, void *module, const char *name) {
  (void)module;
  int fail = fake_enter("cuModuleGetFunction");
  if (fail) return fail;
  static const char *types[] = {"f32", "f16", "bf16"};
  static const int type_codes[] = {FAKE_R_32F, FAKE_R_16F, FAKE_R_16BF};
  for (int k = 0; k < KERNEL_OPS; k++) {
    for (int t = 0; t < 3; t++) {
      char full[64];
      snprintf(full, sizeof full, "%s_%s", kernels[k].op, types[t]);
      if (strcmp(full, name) == 0) {
        functions[k * 3 + t].op = k;
        functions[k * 3 + t].type = type_codes[t];
        *function = &functions[k * 3 + t];
        return 0;
      }
    }
  }
  return 500;  // CUDA_ERROR_NOT_FOUND
}

static float activate(float x, unsigned activation) {
  switch (activation) {
  case 1: return x > 0 ? x : 0;
  case 2: return 0.5f * x * (1.0f + erff(x * 0.70710678f));
  case 3: return 0.5f * x * (1.0f + tanhf(0.7978845608f * (x + 0.044715f * x * x * x)));
  case 4: return tanhf(x);
  case 5: return 1.0f / (1.0f + expf(-x));
  default: return x;
  }
}

typedef union { void *p; unsigned u; float f; } argument;

// The window kernels (im2col, conv_direct, pool): the geometry starts at argument `g` in the
// order of PTXKernels.geometryParameters; positions are signed here, as plain C.
static void run_window(int op, int t, const argument *a) {
  int g = op == 7 ? 3 : op == 8 ? 7 : 6;
  int C = a[g].u, H = a[g + 1].u, W = a[g + 2].u, OH = a[g + 3].u, OW = a[g + 4].u;
  int KH = a[g + 5].u, KW = a[g + 6].u, SH = a[g + 7].u, SW = a[g + 8].u, PT = a[g + 9].u;
  int PL = a[g + 10].u, DH = a[g + 11].u, DW = a[g + 12].u;
  if (op == 7) {
    size_t P = (size_t)OH * OW, CK = (size_t)C * KH * KW;
    for (size_t i = 0; i < a[2].u; i++) {
      size_t p = i % P, ck = i / P % CK, b = i / P / CK;
      int c = (int)(ck / (KH * KW)), ky = (int)(ck % (KH * KW)) / KW, kx = (int)(ck % (KH * KW)) % KW;
      int iy = (int)(p / OW) * SH - PT + ky * DH, ix = (int)(p % OW) * SW - PL + kx * DW;
      int inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
      fake_store(a[1].p, i, t, inside ? fake_load(a[0].p, (((size_t)b * C + c) * H + iy) * W + ix, t) : 0);
    }
  } else if (op == 8) {
    int OC = a[5].u, G = a[6].u, Cg = C / G;
    for (size_t i = 0; i < a[4].u; i++) {
      int ox = (int)(i % OW), oy = (int)(i / OW % OH), oc = (int)(i / OW / OH % OC);
      size_t b = i / OW / OH / OC;
      float sum = a[2].p ? fake_load(a[2].p, oc, t) : 0;
      for (int cg = 0; cg < Cg; cg++) {
        size_t plane = b * C + (size_t)(oc / (OC / G)) * Cg + cg;
        for (int ky = 0; ky < KH; ky++) {
          for (int kx = 0; kx < KW; kx++) {
            int iy = oy * SH - PT + ky * DH, ix = ox * SW - PL + kx * DW;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
            sum += fake_load(a[0].p, (plane * H + iy) * W + ix, t) *
                   fake_load(a[1].p, (((size_t)oc * Cg + cg) * KH + ky) * KW + kx, t);
          }
        }
      }
      fake_store(a[3].p, i, t, sum);
    }
  } else {
    int kind = a[3].u, limit_h = a[4].u, limit_w = a[5].u;
    for (size_t i = 0; i < a[2].u; i++) {
      int ox = (int)(i % OW), oy = (int)(i / OW % OH);
      size_t plane = i / OW / OH;
      float largest = -INFINITY, sum = 0, count = 0;
      for (int ky = 0; ky < KH; ky++) {
        for (int kx = 0; kx < KW; kx++) {
          int iy = oy * SH - PT + ky * DH, ix = ox * SW - PL + kx * DW;
          if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
            float v = fake_load(a[0].p, (plane * H + iy) * W + ix, t);
            largest = v > largest ? v : largest;
            sum += v;
            count++;
          } else if (kind == 2 && iy < limit_h && ix < limit_w) {
            count++;
          }
        }
      }
      fake_store(a[1].p, i, t, kind == 0 ? largest : count > 0 ? sum / count : 0);
    }
  }
}

static void run(int op, int t, const argument *a, unsigned grid_x) {
  switch (op) {
  case 0: {  // bias_act(x, bias, y, total, columns, activation)
    for (unsigned i = 0; i < a[3].u; i++) {
      float v = fake_load(a[0].p, i, t) + (a[1].p ? fake_load(a[1].p, i % a[4].u, t) : 0);
      fake_store(a[2].p, i, t, activate(v, a[5].u));
    }
    break;
  }
  case 1:  // add(a, b, y, total)
    for (unsigned i = 0; i < a[3].u; i++)
      fake_store(a[2].p, i, t, fake_load(a[0].p, i, t) + fake_load(a[1].p, i, t));
    break;
  case 2: {  // layer_norm(x, gamma, beta, y, rows, columns, epsilon); one block per row
    unsigned columns = a[5].u;
    for (unsigned r = 0; r < a[4].u && r < grid_x; r++) {
      float mean = 0, variance = 0;
      for (unsigned c = 0; c < columns; c++) mean += fake_load(a[0].p, (size_t)r * columns + c, t);
      mean /= (float)columns;
      for (unsigned c = 0; c < columns; c++) {
        float d = fake_load(a[0].p, (size_t)r * columns + c, t) - mean;
        variance += d * d;
      }
      float inverse = 1.0f / sqrtf(variance / (float)columns + a[6].f);
      for (unsigned c = 0; c < columns; c++) {
        size_t i = (size_t)r * columns + c;
        float v = (fake_load(a[0].p, i, t) - mean) * inverse;
        fake_store(a[3].p, i, t, v * fake_load(a[1].p, c, t) + fake_load(a[2].p, c, t));
      }
    }
    break;
  }
  case 3: {  // softmax(x, y, rows, columns, mask, rows_per_mask_row, causal); one block per row
    unsigned columns = a[3].u, causal = a[6].u;
    const int32_t *mask = a[4].p;
    for (unsigned r = 0; r < a[2].u && r < grid_x; r++) {
      const int32_t *mask_row = mask ? mask + (size_t)(r / a[5].u) * columns : NULL;
      unsigned last = causal ? r % causal : columns;  // the last column a causal row sees
      float maximum = -INFINITY, sum = 0;
#define MASKED(c) ((mask_row && mask_row[c] == 0) || (c) > last)
      for (unsigned c = 0; c < columns; c++) {
        float v = MASKED(c) ? -1e9f : fake_load(a[0].p, (size_t)r * columns + c, t);
        if (v > maximum) maximum = v;
      }
      for (unsigned c = 0; c < columns; c++) {
        float v = MASKED(c) ? -1e9f : fake_load(a[0].p, (size_t)r * columns + c, t);
        sum += expf(v - maximum);
      }
      for (unsigned c = 0; c < columns; c++) {
        size_t i = (size_t)r * columns + c;
        float v = MASKED(c) ? -1e9f : fake_load(a[0].p, i, t);
        fake_store(a[1].p, i, t, expf(v - maximum) / sum);
      }
#undef MASKED
    }
    break;
  }
  case 4: {  // embedding(ids, types, word, position, type_table, y, total, sequence, hidden, offset)
    const int32_t *ids = a[0].p, *types = a[1].p;
    unsigned sequence = a[7].u, hidden = a[8].u;
    for (unsigned i = 0; i < a[6].u; i++) {
      unsigned token = i / hidden, h = i % hidden, s = token % sequence;
      float v = fake_load(a[2].p, (size_t)ids[token] * hidden + h, t);
      if (a[3].p) v += fake_load(a[3].p, (size_t)(s + a[9].u) * hidden + h, t);
      if (a[4].p) v += fake_load(a[4].p, (size_t)(types ? types[token] : 0) * hidden + h, t);
      fake_store(a[5].p, i, t, v);
    }
    break;
  }
  case 5: {  // permute(x, y, total, X, Y, d): [B, X, Y, d] → [B, Y, X, d]
    unsigned X = a[3].u, Y = a[4].u, d = a[5].u;
    for (unsigned i = 0; i < a[2].u; i++) {
      unsigned e = i % d, x = (i / d) % X, y = (i / d / X) % Y, b = i / d / X / Y;
      size_t source = (((size_t)b * X + x) * Y + y) * d + e;
      fake_store(a[1].p, i, t, fake_load(a[0].p, source, t));
    }
    break;
  }
  case 6: {  // mean_pool(x, mask, y, total, sequence, hidden)
    const int32_t *mask = a[1].p;
    unsigned sequence = a[4].u, hidden = a[5].u;
    for (unsigned i = 0; i < a[3].u; i++) {
      unsigned b = i / hidden, h = i % hidden;
      float sum = 0, count = 0;
      for (unsigned s = 0; s < sequence; s++) {
        float m = (float)mask[(size_t)b * sequence + s];
        sum += m * fake_load(a[0].p, ((size_t)b * sequence + s) * hidden + h, t);
        count += m;
      }
      fake_store(a[2].p, i, t, sum / (count > 1e-9f ? count : 1e-9f));
    }
    break;
  }
  case 7:  // im2col(x, cols, total, geometry…)
  case 8:  // conv_direct(x, w, bias, y, total, out_channels, groups, geometry…)
  case 9:  // pool(x, y, total, kind, limit_h, limit_w, geometry…)
    run_window(op, t, a);
    break;
  case 10: {  // channel_affine(x, scale, shift, y, total, plane, channels)
    for (unsigned i = 0; i < a[4].u; i++) {
      unsigned c = i / a[5].u % a[6].u;
      float v = fake_load(a[0].p, i, t);
      if (a[1].p) v *= fake_load(a[1].p, c, t);
      if (a[2].p) v += fake_load(a[2].p, c, t);
      fake_store(a[3].p, i, t, v);
    }
    break;
  }
  case 11:  // clip(x, y, total, minimum, maximum)
    for (unsigned i = 0; i < a[2].u; i++) {
      float v = fake_load(a[0].p, i, t);
      fake_store(a[1].p, i, t, fminf(fmaxf(v, a[3].f), a[4].f));
    }
    break;
  }
}

int cuLaunchKernel(void *function, unsigned grid_x, unsigned grid_y, unsigned grid_z,
                   unsigned block_x, unsigned block_y, unsigned block_z, unsigned shared,
                   void *stream, void **parameters, void **extra) {
  (void)grid_y; (void)grid_z; (void)block_y; (void)block_z; (void)shared; (void)stream;
  int fail = fake_enter("cuLaunchKernel");
  if (fail) return fail;
  if (!function || !parameters || extra || block_x == 0 || block_x > 1024 || grid_x == 0) return 1;
  const fake_function *f = function;
  const char *signature = kernels[f->op].signature;
  argument a[24];
  for (int i = 0; signature[i]; i++) {
    // Read exactly the PTX parameter's size from kernelParams[i], as the driver does.
    if (signature[i] == 'p') {
      uint64_t v;
      memcpy(&v, parameters[i], 8);
      a[i].p = (void *)(uintptr_t)v;
    } else if (signature[i] == 'u') {
      memcpy(&a[i].u, parameters[i], 4);
    } else {
      memcpy(&a[i].f, parameters[i], 4);
    }
  }
  // Elementwise kernels must cover every element with their grid; row kernels one row per block.
  static const int total_argument[KERNEL_OPS] = {3, 3, -1, -1, 6, 2, 3, 2, 4, 2, 4, 2};
  unsigned total = total_argument[f->op] < 0 ? 0 : a[total_argument[f->op]].u;
  if (total && (unsigned long long)grid_x * block_x < total) return 1;
  if ((f->op == 2 && grid_x < a[4].u) || (f->op == 3 && grid_x < a[2].u)) return 1;
  run(f->op, f->type, a, grid_x);
  return 0;
}

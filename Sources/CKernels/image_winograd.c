// 3×3 stride-1 convolutions as Winograd F(2×2, 3×3) (Lavin and Gray, "Fast Algorithms for
// Convolutional Neural Networks", CVPR 2016): each 2×2 block of outputs (a tile) comes from a
// 4×4 window of the input through 16 element-wise products per channel pair instead of 36
// multiply-adds, 2.25× fewer. Legend as in image_conv.c: m = OC, C = input channels, a "tile"
// is one such 2×2 block, T = ⌈OH/2⌉·⌈OW/2⌉ tiles a sample, the batch folded into the columns.
//
//   - At load, the weights become U = G g Gᵀ: 16 matrices of OC×C (one per point ξ of the 4×4
//     tile), each packed into the microkernel's A layout (ip_conv_pack_rows).
//   - A task takes a tile of columns (tiles) and a block of output channels. It transforms its
//     tiles' input windows, V = Bᵀ d B, straight into 16 packed panel matrices of C×tiles in its
//     thread's scratch (the transforms are per ISA: image_winograd_body.h); then, MC output
//     channels at a time, the 16 products M_ξ = U_ξ · V_ξ run on the packed GEMM's microkernels
//     (the same loops as image_conv.c's, C in KC slices), and the output transform Y = Aᵀ M A
//     adds the bias and the residual, clamps, and stores each 2×2 block in y.
//
// The transforms cost a few dozen additions per tile and channel against 16·m multiply-adds,
// so they pay for themselves even at 16 output channels; on the smallest maps the tiles are
// mostly padding (a 5×5 map is 9 tiles, 36 outputs for 25), so those stay on the im2col path
// (winograd_pays). Rounding: the transforms only add, subtract and halve, and the products are
// summed over C as in the GEMM; the outputs stay within the tolerance the tests hold the GEMM
// path to.
#include <stdlib.h>
#include "image_internal.h"

/// Fewer input or output channels than this stay on im2col. Measured down to 16 (Intel Ice Lake,
/// AVX-512, 1 thread, batch 1, against im2col: 16 channels on 56×56 0.86 of the time, on
/// 10×10 0.83); fewer were not.
#define IP_WINOGRAD_MIN_CHANNELS 16
/// Small maps: Winograd runs when its multiply-adds at batch 1, counted in the 16-column vectors
/// the microkernels run (16 per tile against im2col's 9 per pixel, each rounded up to a whole
/// vector of tiles or pixels), are at most 3/4 of im2col's; the rest of the gap pays for the
/// transforms. So 6×6 and larger maps take it (7×7: 16 tiles, one vector, against 49 pixels, four
/// vectors: 0.44), 5×5 (0.89) and 4×4 (1.78) stay on im2col. On an AMD Zen 4 (AVX-512; both ways
/// alternated in one process, 1 and 2 threads, docs/onnx.md), Winograd's time ÷ im2col's: 7×7 at
/// 128–512 channels 0.50–0.82 at batch 1 and 0.60–0.70 at batch 8, at 64 channels 0.70–1.04 and
/// 0.62–0.81; 6×6 at 256 channels 0.65–0.78 and 0.60–0.66; 5×5 at 64–512 channels 1.02–1.24 at
/// batch 1; 4×4 1.57–1.95.
static int winograd_pays(int out_height, int out_width) {
  const long tiles = (long)((out_height + 1) / 2) * ((out_width + 1) / 2), pixels = (long)out_height * out_width;
  return 64 * ((tiles + 15) / 16) <= 27 * ((pixels + 15) / 16);  // 16·⌈T/16⌉ ≤ ¾·9·⌈P/16⌉
}
/// A column tile's 16 V matrices (16·C·tile floats) stay under this (512 KiB, in L2 beside the
/// products), and a tile is at most IP_WINOGRAD_MAX_TILE tiles.
#define IP_WINOGRAD_V_FLOATS (128 * 1024)
#define IP_WINOGRAD_MAX_TILE 256
/// The 16 products of MC output channels (16·MC·tile floats) stay under this (256 KiB).
#define IP_WINOGRAD_M_FLOATS (64 * 1024)

static int round_up(int x, int to) { return (x + to - 1) / to * to; }

int ip_winograd_applies(const ip_image_shape *s) {
  return s->kernel_h == 3 && s->kernel_w == 3 && s->stride_h == 1 && s->stride_w == 1 && s->dilation_h == 1 &&
         s->dilation_w == 1 && s->groups == 1 && s->channels >= IP_WINOGRAD_MIN_CHANNELS &&
         s->out_channels >= IP_WINOGRAD_MIN_CHANNELS && winograd_pays(s->out_height, s->out_width);
}

/// U = G g Gᵀ for one 3×3 filter g (row-major), in double: G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
static void transform_filter(const float *g, double u[16]) {
  double t[4][3];  // G g
  for (int l = 0; l < 3; l++) {
    t[0][l] = g[l];
    t[1][l] = 0.5 * (g[l] + g[3 + l] + g[6 + l]);
    t[2][l] = 0.5 * (g[l] - g[3 + l] + g[6 + l]);
    t[3][l] = g[6 + l];
  }
  for (int i = 0; i < 4; i++) {  // (G g) Gᵀ
    u[4 * i + 0] = t[i][0];
    u[4 * i + 1] = 0.5 * (t[i][0] + t[i][1] + t[i][2]);
    u[4 * i + 2] = 0.5 * (t[i][0] - t[i][1] + t[i][2]);
    u[4 * i + 3] = t[i][2];
  }
}

void ip_winograd_pack_weights(const ip_gemm_table *t, const ip_image_shape *s, const float *w, float *packed) {
  const int m = s->out_channels, C = s->channels, MR = t->mr, KC = ip_conv_kc(t, C), padded_m = round_up(m, MR);
  const size_t matrix = (size_t)padded_m * C;
  for (int i = 0; i < padded_m; i++)
    for (int c = 0; c < C; c++) {
      double u[16] = {0};
      if (i < m) transform_filter(w + ((size_t)i * C + c) * 9, u);
      const size_t at = ip_conv_packed_at(MR, KC, padded_m, C, i, c);
      for (int xi = 0; xi < IP_WINOGRAD_POINTS; xi++) packed[(size_t)xi * matrix + at] = (float)u[xi];
    }
}

typedef struct {
  const ip_gemm_table *t;
  const ip_image_table *image;
  const ip_image_shape *s;
  const float *x, *packed;
  ip_conv_epilogue epilogue;
  float *y;
  ip_pool *pool;
  int columns;                 // batch·T: the tiles of all samples side by side
  int tile, tiles;             // column tiles: `tile` tiles each, `tiles` of them
  int row_block, row_blocks;   // output channels a task, and such blocks
  int mc;                      // output channels whose 16 products are held at once
} winograd_job;

/// c (rows × count, row stride ldm) = rows [ic, ic + rows) of U_ξ times V_ξ (C × count, packed
/// panels): loops 4 (KC) → 2 (NR, two panels at a time for the wide kernels) → 1 (MR).
static void multiply_point(const winograd_job *job, int xi, int ic, int rows, const float *v, int count, float *c,
                           int ldm) {
  const ip_gemm_table *t = job->t;
  const int MR = t->mr, NR = t->nr, C = job->s->channels, KC = ip_conv_kc(t, C);
  const int padded_m = round_up(job->s->out_channels, MR);
  const float *u = job->packed + (size_t)xi * padded_m * C;
  for (int pc = 0; pc < C; pc += KC) {
    const int kc = C - pc < KC ? C - pc : KC;
    const int flags = (pc == 0 ? IP_KERNEL_FIRST : 0) | (pc + kc == C ? IP_KERNEL_LAST : 0) | IP_KERNEL_PREFETCH_A;
    const float *a_slice = u + (size_t)pc * padded_m;
    for (int jr = 0, step; jr < count; jr += step) {
      const int left = count - jr, wide = t->wide_rows > 0 && left > NR;
      step = wide ? 2 * NR : NR;
      const int nr = left < step ? left : step;
      const float *panel = v + (size_t)jr * C + (size_t)pc * NR;
      for (int ir = 0; ir < rows; ir += MR) {
        const int mr = rows - ir < MR ? rows - ir : MR;
        const float *a = a_slice + (size_t)(ic + ir) * kc;
        float *dst = c + (size_t)ir * ldm + jr;
        if (wide)
          ip_run_wide(t, mr, kc, a, panel, panel + (size_t)C * NR, NR, dst, ldm, nr, NULL, flags, IP_ACT_NONE, NULL);
        else
          t->kernel_conv[mr](kc, a, panel, NR, dst, ldm, nr, NULL, flags);
      }
    }
  }
}

/// Cuts columns [j0, j0 + count) into runs (ip_winograd_run): at the end of each tile row and
/// each panel of NR columns. Returns how many (at most count).
static int tile_runs(const ip_image_shape *s, int NR, int j0, int count, ip_winograd_run *runs) {
  const int tw = (s->out_width + 1) / 2, tiles = tw * ((s->out_height + 1) / 2);
  int n = 0;
  for (int jj = 0; jj < count; n++) {
    const int t = (j0 + jj) % tiles;
    int run = tw - t % tw;
    if (run > count - jj) run = count - jj;
    if (run > NR - jj % NR) run = NR - jj % NR;
    runs[n] = (ip_winograd_run){jj, run, (j0 + jj) / tiles, t / tw, t % tw};
    jj += run;
  }
  return n;
}

/// One (column tile, row block) task; row block fastest. Each task transforms its own tiles'
/// inputs (16·C·tile additions against row_block·16·C·tile multiply-adds), so none waits.
static void winograd_task(void *raw, int index, int thread) {
  const winograd_job *job = raw;
  const ip_image_shape *s = job->s;
  const int NR = job->t->nr, C = s->channels, m = s->out_channels;
  const int j0 = index / job->row_blocks * job->tile, count = job->columns - j0 < job->tile ? job->columns - j0 : job->tile;
  const int m0 = index % job->row_blocks * job->row_block, m1 = m0 + job->row_block < m ? m0 + job->row_block : m;
  if (m0 >= m1) return;
  const int ldm = round_up(count, NR), tw = (s->out_width + 1) / 2;
  // One cache line more than the matrices need, so that the 16 written side by side (and read
  // side by side by the output transform) don't all fall into the same L1 sets when a matrix is
  // a multiple of 4 KiB.
  const size_t vstride = (size_t)ldm * C + 16, mstride = (size_t)job->mc * ldm + 16;
  const int th = (s->out_height + 1) / 2;
  const size_t block_floats = IP_WINOGRAD_BLOCK(count, th, tw);
  const size_t run_floats = (size_t)count * sizeof(ip_winograd_run) / sizeof(float);
  const size_t floats = IP_WINOGRAD_POINTS * (vstride + mstride) + block_floats + run_floats;
  float *v = ip_pool_scratch(job->pool, thread, floats), *owned = NULL;
  if (!v) v = owned = malloc(floats * sizeof(float));  // no pool (or nested call)
  if (!v) return;
  float *products = v + IP_WINOGRAD_POINTS * vstride, *block = products + IP_WINOGRAD_POINTS * mstride;
  ip_winograd_run *runs = (ip_winograd_run *)(void *)(block + block_floats);
  const int nruns = tile_runs(s, NR, j0, count, runs);
  job->image->winograd_input(s, NR, job->x, runs, nruns, count, vstride, v, block);
  for (int ic = m0; ic < m1; ic += job->mc) {
    const int rows = m1 - ic < job->mc ? m1 - ic : job->mc;
    for (int xi = 0; xi < IP_WINOGRAD_POINTS; xi++)
      multiply_point(job, xi, ic, rows, v + xi * vstride, count, products + xi * mstride, ldm);
    job->image->winograd_output(s, products, mstride, ldm, rows, ic, runs, nruns, &job->epilogue, job->y);
  }
  free(owned);
}

void ip_winograd_conv(const ip_gemm_table *t, const ip_image_table *image, ip_pool *pool, const ip_image_shape *s,
                      int batch, const float *x, const float *packed, const ip_conv_epilogue *epilogue, float *y) {
  const int NR = t->nr, MR = t->mr, C = s->channels, m = s->out_channels, threads = ip_pool_threads(pool);
  winograd_job job = {t, image, s, x, packed, *epilogue, y, pool};
  job.columns = batch * ((s->out_height + 1) / 2) * ((s->out_width + 1) / 2);
  int tile = IP_WINOGRAD_V_FLOATS / (IP_WINOGRAD_POINTS * C) / NR * NR;
  // at least two panels where the wide kernels take them in one pass
  const int least = t->wide_rows > 0 ? 2 * NR : NR;
  tile = tile < least ? least : tile > IP_WINOGRAD_MAX_TILE ? IP_WINOGRAD_MAX_TILE : tile;
  job.tile = tile < job.columns ? tile : job.columns;
  job.tiles = (job.columns + job.tile - 1) / job.tile;
  // At least 4 tasks a thread, so that threads claiming tasks as they free up end together:
  // first narrower column tiles, down to one panel, then blocks of output channels. Each block
  // transforms its tile's input again, so there only 2 tasks a thread: on an Intel Ice Lake, 2
  // threads, batch 1 (both ways alternated call by call), the 14×14 layer of 256 channels
  // 0.84–0.85 and the 28×28 one 0.94–0.95 of the time with 4.
  while (threads > 1 && job.tiles < 4 * threads && job.tile > NR) {
    job.tile = round_up(job.tile / 2, NR);
    job.tiles = (job.columns + job.tile - 1) / job.tile;
  }
  const int row_tiles = (m + MR - 1) / MR;
  int blocks = threads == 1 || job.tiles >= 4 * threads ? 1 : (2 * threads + job.tiles - 1) / job.tiles;
  blocks = blocks > row_tiles ? row_tiles : blocks;
  job.row_block = (row_tiles + blocks - 1) / blocks * MR;
  job.row_blocks = (m + job.row_block - 1) / job.row_block;
  const int mc = IP_WINOGRAD_M_FLOATS / (IP_WINOGRAD_POINTS * round_up(job.tile, NR)) / MR * MR;
  job.mc = mc < MR ? MR : mc > job.row_block ? job.row_block : mc;
  const double work = (double)batch * m * s->out_height * s->out_width * C * 9;
  ip_image_run_tasks(pool, job.tiles * job.row_blocks, work, winograd_task, &job);
}

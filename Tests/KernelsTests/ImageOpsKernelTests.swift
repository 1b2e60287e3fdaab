import CKernels
import Testing
import TestSupport

/// One convolution or pooling shape (ip_image_shape) with its output size derived.
struct ImageCase: CustomStringConvertible, Sendable {
  let channels: Int, height: Int, width: Int, outChannels: Int
  let kernel: (Int, Int), stride: (Int, Int), pads: (Int, Int, Int, Int), dilation: (Int, Int)
  let groups: Int, batch: Int

  init(
    _ channels: Int, _ height: Int, _ width: Int, out: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
    pads: (Int, Int, Int, Int) = (0, 0, 0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, batch: Int = 2
  ) {
    (self.channels, self.height, self.width, self.outChannels) = (channels, height, width, out)
    (self.kernel, self.stride, self.pads, self.dilation, self.groups, self.batch) = (kernel, stride, pads, dilation, groups, batch)
  }

  var shape: ip_image_shape {
    func size(_ input: Int, _ before: Int, _ after: Int, _ k: Int, _ s: Int, _ d: Int) -> Int32 {
      Int32((input + before + after - (d * (k - 1) + 1)) / s + 1)
    }
    return ip_image_shape(
      channels: Int32(channels), height: Int32(height), width: Int32(width), out_channels: Int32(outChannels),
      out_height: size(height, pads.0, pads.2, kernel.0, stride.0, dilation.0),
      out_width: size(width, pads.1, pads.3, kernel.1, stride.1, dilation.1), kernel_h: Int32(kernel.0),
      kernel_w: Int32(kernel.1), stride_h: Int32(stride.0), stride_w: Int32(stride.1), pad_top: Int32(pads.0),
      pad_left: Int32(pads.1), pad_bottom: Int32(pads.2), pad_right: Int32(pads.3), dilation_h: Int32(dilation.0),
      dilation_w: Int32(dilation.1), groups: Int32(groups))
  }

  var inputCount: Int { batch * channels * height * width }
  var outputCount: Int { let s = shape; return batch * outChannels * Int(s.out_height) * Int(s.out_width) }
  var patchLength: Int { channels / groups * kernel.0 * kernel.1 }

  var description: String {
    "\(batch)×\(channels)×\(height)×\(width) → \(outChannels), \(kernel.0)×\(kernel.1)/\(stride.0),\(stride.1) "
      + "pads \(pads) dilation \(dilation) groups \(groups)"
  }
}

/// ip_conv2d and ip_pool2d at every ISA level this CPU runs, 1 and 2 threads, against their
/// scalar references, on awkward shapes: odd channel counts, strides 2, asymmetric pads,
/// dilations, groups (GEMM and direct paths), depthwise 3×3, 1×1 and 7×7 kernels and maps,
/// a 1×1 image, and output tiles that end mid-row and mid-panel.
@Suite("ImageOps kernels: C convolution and pooling vs scalar references")
struct ImageOpsKernelTests {
  static let convolutions: [ImageCase] = [
    ImageCase(3, 9, 11, out: 5, kernel: (3, 3), pads: (1, 1, 1, 1)),  // 5 outputs: a partial MR tile
    ImageCase(7, 13, 10, out: 17, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1)),
    // 1×1 on maps of at most 64 pixels, more than 32 outputs: the pixels as the GEMM's rows. 49
    // pixels a sample (row panels that span two samples) with 33 and 70 outputs (a partial
    // panel; 3 panels: rows split at 2 threads); k = 700 in two depth slices; 15-pixel runs (not
    // whole 8×8 blocks of the transposed store); 700 outputs in two row chunks at 1 thread.
    ImageCase(16, 7, 7, out: 33, kernel: (1, 1)),
    ImageCase(40, 7, 7, out: 70, kernel: (1, 1), batch: 3),
    ImageCase(700, 8, 8, out: 37, kernel: (1, 1), batch: 1),
    ImageCase(24, 5, 3, out: 64, kernel: (1, 1), batch: 2),
    ImageCase(20, 7, 7, out: 700, kernel: (1, 1), batch: 2),
    ImageCase(6, 8, 9, out: 12, kernel: (1, 1), stride: (2, 2)),
    // 1×1 with at most 32 outputs: whole panels read in place from x, the last one of a
    // sample and those spanning two samples (72 pixels a sample) packed; 16 outputs a group of
    // two; k = 400 in two depth slices.
    ImageCase(24, 8, 9, out: 16, kernel: (1, 1), batch: 3),
    ImageCase(16, 6, 8, out: 12, kernel: (1, 1), groups: 2, batch: 2),
    ImageCase(400, 8, 9, out: 30, kernel: (1, 1), batch: 2),
    ImageCase(3, 23, 21, out: 8, kernel: (7, 7), stride: (2, 2), pads: (3, 3, 3, 3)),
    // Stride 2 on rows of 38 outputs: patch runs of 17–32 columns, packed with vector shuffles
    // whose last vector ends at the run's last input (a row's end).
    ImageCase(3, 12, 75, out: 6, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1), batch: 1),
    ImageCase(8, 9, 10, out: 8, kernel: (3, 2), stride: (1, 2), pads: (2, 0, 1, 1), dilation: (2, 1), groups: 2),
    ImageCase(8, 12, 12, out: 8, kernel: (3, 3), pads: (2, 2, 2, 2), dilation: (2, 2), groups: 8),  // dilated depthwise
    ImageCase(12, 15, 17, out: 12, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 12, batch: 3),  // depthwise 3×3/1
    ImageCase(9, 14, 13, out: 9, kernel: (3, 3), stride: (2, 2), pads: (0, 0, 1, 1), groups: 9),  // depthwise 3×3/2
    ImageCase(7, 9, 9, out: 7, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 7, batch: 3),  // 21 planes: a short last task
    // Depthwise 3×3/1 on maps of at most 64 pixels, output the input's size (AVX-512: a plane
    // as one flat run, 16 outputs a vector): 7×7 over 3 samples (tasks that cross samples), and
    // 8×6 with pads of 2 on one side only.
    ImageCase(20, 7, 7, out: 20, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 20, batch: 3),
    ImageCase(5, 8, 6, out: 5, kernel: (3, 3), pads: (2, 0, 0, 2), groups: 5),
    ImageCase(5, 10, 9, out: 5, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1), groups: 5),  // 3×3/2, odd width
    ImageCase(3, 33, 34, out: 3, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 3, batch: 1),  // too big for the flat loop
    ImageCase(4, 7, 3, out: 8, kernel: (3, 3), stride: (1, 2), pads: (1, 0, 0, 1), groups: 4),  // 1×2 strides, 3 wide
    ImageCase(3, 2, 8, out: 3, kernel: (3, 3), stride: (2, 1), pads: (1, 1, 1, 1), groups: 3),  // 2 rows: edge rows only
    ImageCase(5, 6, 2, out: 5, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 5),  // 3×3/1 on a 2-wide map: edges only
    ImageCase(4, 5, 7, out: 8, kernel: (3, 3), pads: (0, 1, 1, 0), groups: 4),  // 3×3/1, one-sided pads, multiplier 2
    ImageCase(6, 4, 9, out: 6, kernel: (3, 3), groups: 3),  // 3×3/1 without pads, 2 inputs a group
    // At most 16 outputs a row (one vector a row at AVX-512): 16 from a 32-wide row at stride 2,
    // 16 with uneven pads wider than 1, and 15 from an odd 31-wide row at strides 1 × 2.
    ImageCase(6, 9, 32, out: 6, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1), groups: 6),
    ImageCase(4, 16, 16, out: 4, kernel: (3, 3), pads: (2, 0, 1, 2), groups: 4, batch: 2),
    ImageCase(5, 11, 31, out: 5, kernel: (3, 3), stride: (1, 2), pads: (0, 1, 0, 0), groups: 5),
    // More than 16 outputs a row, too many for the flat loop (AVX-512: 16 a vector from the
    // unpadded plane, AVX2: 8, stride 1 two output rows at a time; at AVX2 also the stride-2
    // cases above, and plain loads for the vectors inside the row): 70 a row (a 6-lane last vector); 40
    // a row, 30 rows, two inputs a group (accumulated); 33 from 67-wide rows at stride 2 with
    // one-sided pads; 26 at strides 1 × 2 with pads of 2, accumulated.
    ImageCase(4, 30, 70, out: 4, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 4),
    ImageCase(6, 30, 40, out: 9, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 3),
    ImageCase(6, 21, 67, out: 6, kernel: (3, 3), stride: (2, 2), pads: (1, 0, 0, 1), groups: 6),
    ImageCase(8, 13, 50, out: 12, kernel: (3, 3), stride: (1, 2), pads: (0, 2, 1, 2), groups: 4),
    ImageCase(6, 11, 11, out: 12, kernel: (5, 5), stride: (2, 2), pads: (2, 2, 2, 2), groups: 6),  // multiplier 2
    ImageCase(8, 10, 10, out: 12, kernel: (3, 1), stride: (1, 2), pads: (1, 0, 1, 0), groups: 4),  // 3 per group: direct
    ImageCase(5, 1, 1, out: 4, kernel: (1, 1), batch: 5),  // 1×1 image
    ImageCase(4, 3, 3, out: 4, kernel: (3, 3), pads: (4, 4, 4, 4)),  // pads wider than the kernel reaches
    ImageCase(32, 20, 20, out: 40, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 3),  // several pixel tiles per sample
    ImageCase(5, 9, 6, out: 6, kernel: (3, 3), stride: (2, 1), pads: (1, 2, 0, 1), dilation: (1, 2), batch: 3),  // short rows
    ImageCase(64, 7, 7, out: 24, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 3),  // ResNet's last stage, small
    // Few column tiles, so row blocks share packed patches: two groups; two tiles of a deep patch
    // (k = 2700: several KC slices) with a panel across the samples' boundary and a partial last one.
    ImageCase(16, 9, 9, out: 64, kernel: (3, 3), pads: (1, 1, 1, 1), groups: 2, batch: 1),
    // (Dilated, so that it stays off Winograd.)
    ImageCase(300, 9, 9, out: 16, kernel: (3, 3), pads: (2, 2, 2, 2), dilation: (2, 2), batch: 2),
    // More weight rows (100) than an L2-sized tile's columns (96 at k = 2304): one tile of all 75
    // (a 5×5 map stays off Winograd).
    ImageCase(256, 5, 5, out: 100, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 3),
    // Stride 1 on rows longer than a panel: runs of 32 columns starting at a padded left edge
    // (masked loads from before the row, the padding never read) or ending at the right one,
    // and runs split across rows and samples; dilated taps reaching 3 columns into the left
    // pad; and a 9×9 window (81 taps), packed one tap at a time over all channels.
    ImageCase(5, 6, 45, out: 14, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 2),
    ImageCase(4, 5, 40, out: 13, kernel: (3, 3), pads: (1, 3, 1, 2), dilation: (1, 2)),
    ImageCase(2, 12, 12, out: 5, kernel: (9, 9), pads: (4, 4, 4, 4)),
    // Winograd F(2×2, 3×3) (3×3, stride 1, ≥ 16 channels in and out, maps of 6×6 and more): odd
    // output sizes (a last tile half outside), one-sided and no pads, 300 channels (KC slices),
    // 70 outputs on 30 tiles (one column tile: blocks of rows at 2 threads), column tiles that
    // span two samples; 7×7 and 6×6 maps at batch 1 (16 and 9 tiles: one-vector column edges)
    // and 8×8 at batch 3 (48 tiles: a three-vector wide edge).
    ImageCase(17, 11, 13, out: 19, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 2),
    ImageCase(40, 12, 10, out: 16, kernel: (3, 3), pads: (0, 2, 1, 0)),
    ImageCase(20, 14, 14, out: 16, kernel: (3, 3)),
    ImageCase(300, 10, 10, out: 24, kernel: (3, 3), pads: (1, 1, 1, 1)),
    ImageCase(16, 10, 12, out: 70, kernel: (3, 3), pads: (1, 1, 1, 1)),
    ImageCase(16, 30, 30, out: 16, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 2),
    ImageCase(64, 7, 7, out: 40, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 1),
    ImageCase(24, 6, 6, out: 16, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 1),
    ImageCase(16, 8, 8, out: 30, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 3),
    // Winograd with pads wider than the window reaches (tiles wholly in the padding), and a
    // 2×120 output: one tile row of 60 tiles, cut at the panels' edges mid-row.
    ImageCase(16, 6, 5, out: 16, kernel: (3, 3), pads: (4, 3, 2, 5)),
    ImageCase(16, 2, 120, out: 16, kernel: (3, 3), pads: (1, 1, 1, 1), batch: 2),
  ]

  static func floats(_ count: Int, seed: UInt64) -> [Float] { GemmTestSupport.randomFloats(count, seed: seed) }

  /// Guard words after the output catch a kernel writing past it; NaN inside catches one that
  /// reads the output before writing it.
  static let guards = 19
  static let guardWord: Float = 12345.5

  /// Runs ip_conv2d_reference with the epilogue's pointers taken from arrays.
  static func reference(
    _ shape: inout ip_image_shape, batch: Int, x: [Float], w: [Float], bias: [Float], residual: [Float]?, low: Float,
    high: Float
  ) -> [Float] {
    var y = [Float](repeating: 0, count: x.isEmpty ? 0 : Int(shape.out_channels * shape.out_height * shape.out_width) * batch)
    bias.withUnsafeBufferPointer { b in
      residual.withOptionalPointer { r in
        var epilogue = ip_conv_epilogue(bias: b.baseAddress, residual: r, low: low, high: high)
        ip_conv2d_reference(&shape, Int32(batch), x, w, &epilogue, &y)
      }
    }
    return y
  }

  @Test("ip_conv2d = ip_conv2d_reference", arguments: convolutions)
  func convolution(_ item: ImageCase) throws {
    var shape = item.shape
    #expect(ip_image_shape_check(&shape, nil, 0) == 0)
    let x = Self.floats(item.inputCount, seed: 1)
    let w = Self.floats(item.outChannels * item.patchLength, seed: 2)
    let bias = Self.floats(item.outChannels, seed: 3)
    let shortcut = Self.floats(item.outputCount, seed: 4)
    for (low, high, residual) in [(-Float.infinity, Float.infinity, nil), (0, 6, nil), (0, Float.infinity, shortcut)] {
      let expected = Self.reference(&shape, batch: item.batch, x: x, w: w, bias: bias, residual: residual, low: low, high: high)
      // The same sums on |x|, |w|, |bias|, |residual| bound each output's rounding: a k + 2 term
      // sum in Float has |error| ≤ γ(k+2)·Σ|terms| (see GemmTestSupport.tolerance), for both sums.
      let magnitude = Self.reference(
        &shape, batch: item.batch, x: x.map(abs), w: w.map(abs), bias: bias.map(abs), residual: residual?.map(abs), low: 0,
        high: .infinity)
      for level in GemmTestSupport.levels {
        var packed = [Float](repeating: .nan, count: max(ip_conv2d_packed_floats(level, &shape), 1))
        ip_conv2d_pack_weights(level, &shape, w, &packed)
        let usesPacked = ip_conv2d_packed_floats(level, &shape) > 0
        for threads in [1, 2] {
          let pool = ip_pool_create(Int32(threads))
          defer { ip_pool_destroy(pool) }
          var y = [Float](repeating: .nan, count: item.outputCount) + Array(repeating: Self.guardWord, count: Self.guards)
          packed.withUnsafeBufferPointer { p in
            bias.withUnsafeBufferPointer { b in
              residual.withOptionalPointer { r in
                var epilogue = ip_conv_epilogue(bias: b.baseAddress, residual: r, low: low, high: high)
                ip_conv2d(level, pool, &shape, Int32(item.batch), x, w, usesPacked ? p.baseAddress : nil, &epilogue, &y)
              }
            }
          }
          let bad = (0..<item.outputCount).filter {
            !(abs(y[$0] - expected[$0])
              <= GemmTestSupport.tolerance(k: item.patchLength + 1, magnitude: Double(magnitude[$0]), value: expected[$0]))
          }
          #expect(
            bad.isEmpty,
            "level \(level), \(threads) threads, clamp \(low)…\(high), residual \(residual != nil): \(bad.count) outputs differ, first at \(bad.first ?? -1)")
          #expect(y[item.outputCount...].allSatisfy { $0 == Self.guardWord }, "level \(level): wrote past the output")
        }
      }
    }
  }

  static let poolings: [(ImageCase, Int32)] = [
    (ImageCase(5, 13, 11, out: 5, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1)), Int32(IP_POOL_MAX.rawValue)),
    (ImageCase(3, 8, 9, out: 3, kernel: (2, 3), stride: (1, 2), pads: (1, 0, 0, 2), dilation: (2, 1)), Int32(IP_POOL_MAX.rawValue)),
    (ImageCase(5, 13, 11, out: 5, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1)), Int32(IP_POOL_AVERAGE.rawValue)),
    (ImageCase(4, 7, 6, out: 4, kernel: (2, 2), pads: (1, 1, 1, 1)), Int32(IP_POOL_AVERAGE_PADDED.rawValue)),
    (ImageCase(4, 7, 6, out: 4, kernel: (3, 2), stride: (2, 1), pads: (0, 1, 2, 0)), Int32(IP_POOL_AVERAGE_PADDED.rawValue)),
    (ImageCase(7, 7, 7, out: 7, kernel: (7, 7), batch: 3), Int32(IP_POOL_AVERAGE.rawValue)),  // global average
    (ImageCase(6, 1, 1, out: 6, kernel: (1, 1)), Int32(IP_POOL_AVERAGE.rawValue)),
    (ImageCase(70, 9, 9, out: 70, kernel: (9, 9), batch: 2), Int32(IP_POOL_AVERAGE.rawValue)),  // enough planes to share
    // Stride 2 on rows wide enough that whole vectors are dealt into the two phases (an odd
    // padded width: a lone last column); stride 3 and dilated taps that land in every phase.
    (ImageCase(3, 9, 41, out: 3, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1)), Int32(IP_POOL_MAX.rawValue)),
    (ImageCase(2, 10, 37, out: 2, kernel: (3, 3), stride: (1, 3), pads: (0, 1, 0, 1), dilation: (1, 2)), Int32(IP_POOL_AVERAGE.rawValue)),
    (ImageCase(2, 6, 50, out: 2, kernel: (2, 3), stride: (2, 2), dilation: (1, 3)), Int32(IP_POOL_MAX.rawValue)),
    // Stride 3 on a padded width of 37 (= 3·12 + 1): the phases need 39 floats, more than one line.
    (ImageCase(2, 6, 35, out: 2, kernel: (1, 3), stride: (1, 3), pads: (0, 1, 0, 1)), Int32(IP_POOL_MAX.rawValue)),
    // More than 1024 output rows and columns in all: the divisors go on the heap, not the stack.
    (ImageCase(1, 2, 1100, out: 1, kernel: (2, 3), pads: (1, 1, 1, 1)), Int32(IP_POOL_AVERAGE_PADDED.rawValue)),
    // Many small planes, several a task, the last task shorter: 203 global averages of 3×3, and
    // 2×2 max pools over 3·67 planes of 4×4.
    (ImageCase(203, 3, 3, out: 203, kernel: (3, 3)), Int32(IP_POOL_AVERAGE.rawValue)),
    (ImageCase(67, 4, 4, out: 67, kernel: (2, 2), stride: (2, 2), batch: 3), Int32(IP_POOL_MAX.rawValue)),
    // Max pools one output row a vector at AVX-512: 2×2/1 with one-sided pads (17 outputs a
    // row: a one-lane last vector), 3×3/2 on rows of 75 (three vectors, the last part-filled),
    // a 5×5/1 window with pads of 2 (taps outside the row on both sides), a 3×1 window.
    (ImageCase(6, 16, 16, out: 6, kernel: (2, 2), pads: (1, 1, 0, 0), batch: 2), Int32(IP_POOL_MAX.rawValue)),
    (ImageCase(3, 20, 75, out: 3, kernel: (3, 3), stride: (2, 2), pads: (1, 1, 1, 1)), Int32(IP_POOL_MAX.rawValue)),
    (ImageCase(2, 9, 20, out: 2, kernel: (5, 5), pads: (2, 2, 2, 2)), Int32(IP_POOL_MAX.rawValue)),
    (ImageCase(4, 7, 33, out: 4, kernel: (3, 1), stride: (1, 2), pads: (1, 0, 0, 0)), Int32(IP_POOL_MAX.rawValue)),
  ]

  @Test("ip_pool2d = ip_pool2d_reference", arguments: poolings)
  func pooling(_ item: ImageCase, kind: Int32) {
    var shape = item.shape
    #expect(ip_image_shape_check(&shape, nil, 0) == 0)
    let x = Self.floats(item.inputCount, seed: 4)
    var expected = [Float](repeating: 0, count: item.outputCount)
    ip_pool2d_reference(&shape, kind, Int32(item.batch), x, &expected)
    let window = item.kernel.0 * item.kernel.1
    for level in GemmTestSupport.levels {
      for threads in [1, 2] {
        let pool = ip_pool_create(Int32(threads))
        defer { ip_pool_destroy(pool) }
        var y = [Float](repeating: .nan, count: item.outputCount) + Array(repeating: Self.guardWord, count: Self.guards)
        ip_pool2d(level, pool, &shape, kind, Int32(item.batch), x, &y)
        // Max is exact; an average of at most `window` values in [-1, 1) is off by at most
        // γ(window)·window plus the division's rounding.
        let tolerance: Float = kind == Int32(IP_POOL_MAX.rawValue) ? 0 : Float(window + 2) * 1.2e-7
        let bad = (0..<item.outputCount).filter { !(abs(y[$0] - expected[$0]) <= tolerance) }
        #expect(bad.isEmpty, "level \(level), \(threads) threads: \(bad.count) outputs differ")
        #expect(y[item.outputCount...].allSatisfy { $0 == Self.guardWord }, "level \(level): wrote past the output")
      }
    }
  }

  @Test("ip_image_shape_check refuses shapes the kernels can't run", arguments: [
    (ImageCase(4, 5, 5, out: 6, kernel: (3, 3), groups: 4), "groups do not divide the channels"),
    (ImageCase(0, 5, 5, out: 6, kernel: (3, 3)), "a size, stride, dilation or group count is outside 1 … 2^24"),
    (ImageCase(4, 5, 5, out: 4, kernel: (3, 3), pads: (-1, 0, 0, 0)), "a pad is outside 0 … 4096"),
  ])
  func shapeCheck(_ item: ImageCase, message: String) {
    var shape = item.shape
    var buffer = [CChar](repeating: 0, count: 128)
    #expect(ip_image_shape_check(&shape, &buffer, 128) == -1)
    #expect(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) == message)
  }

  @Test("ip_image_shape_check refuses an output size that does not follow from the window")
  func wrongOutput() {
    var shape = ImageCase(4, 5, 5, out: 4, kernel: (3, 3)).shape
    shape.out_width += 1
    #expect(ip_image_shape_check(&shape, nil, 0) == -1)
  }
}

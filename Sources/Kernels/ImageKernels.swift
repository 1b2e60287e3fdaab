import CKernels
import ModelGraph

/// Kernels for the image ops on flattened `[batch, C·H·W]` values (NCHW per sample). The CPU
/// plan runs convolutions on the packed GEMM (`convolutionGEMM`); the reference pass runs the
/// direct loops of `run`, so each checks the other (ImageOpsTests). Pooling, channel affine and
/// clip are plain loops on the calling thread in both. Shapes were checked by the graph analysis.
enum ImageKernels {
  /// Runs `op` on `batch` samples from `x` into `y`; `weight` and `bias` are the op's tensors
  /// (convolution: weight, bias; channel affine: scale, shift); `width` is the input's C·H·W.
  static func run(
    _ op: Op, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, batch: Int, width: Int,
    weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>?
  ) {
    switch op {
    case let .convolution(_, _, spec):
      guard let weight else { return }
      convolution(spec, x: x, weight: weight, bias: bias, y: y, batch: batch)
    case let .pool(spec): pool(spec, x: x, y: y, batch: batch)
    case let .channelAffine(_, _, channels):
      guard let weight, let bias, channels > 0 else { return }
      let plane = width / channels
      for index in 0..<(batch * width) {
        let channel = (index / plane) % channels
        y[index] = x[index] * weight[channel] + bias[channel]
      }
    case let .clip(minimum, maximum):
      for index in 0..<(batch * width) { y[index] = min(max(x[index], minimum), maximum) }
    default: break
    }
  }

  /// Floats of scratch `convolutionGEMM` needs for `spec`: the patch matrix and its packed
  /// copy; nil when the direct loop runs instead: a size past what the C kernels index, or
  /// groups of fewer than 4 output channels (depthwise), where each GEMM would be one row.
  static func gemmScratchFloats(_ spec: ConvolutionSpec, instructionSet: InstructionSet) -> Int? {
    guard let output = spec.output, spec.outputChannels / spec.groups >= 4 else { return nil }
    let pixels = output.height * output.width
    let depth = spec.input.channels / spec.groups * spec.window.kernel[0] * spec.window.kernel[1]
    let patches = pixels.multipliedReportingOverflow(by: depth)
    guard !patches.overflow, patches.partialValue <= Int(Int32.max) else { return nil }
    return patches.partialValue + Int(ip_sgemm_packed_floats(instructionSet.cValue, Int32(pixels), Int32(depth)))
  }

  /// The convolution on the packed GEMM: per sample and group, the patches `P` (one row of
  /// `(C/groups)·kh·kw` inputs per output pixel, zeros for padding) are packed as the GEMM's
  /// weight operand and `y_g = W_g · Pᵀ` lands in NCHW order directly (m = output channels of
  /// the group, n = output pixels, k = patch length); the bias is added per channel after.
  static func convolutionGEMM(
    _ spec: ConvolutionSpec, instructionSet: InstructionSet, pool: OpaquePointer, x: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>, batch: Int,
    scratch: UnsafeMutablePointer<Float>
  ) {
    guard let output = spec.output else { return }
    let (input, window) = (spec.input, spec.window)
    let (inPerGroup, outPerGroup) = (input.channels / spec.groups, spec.outputChannels / spec.groups)
    let (kh, kw) = (window.kernel[0], window.kernel[1])
    let (pixels, depth) = (output.height * output.width, inPerGroup * kh * kw)
    let inPlane = input.height * input.width
    let packed = scratch + pixels * depth
    // Plain locals: the window's arrays read in the inner loops would cost retains and checks.
    let (strideH, strideW, padTop, padLeft) = (window.strides[0], window.strides[1], window.pads[0], window.pads[1])
    let (dilationH, dilationW, height, width) = (window.dilations[0], window.dilations[1], input.height, input.width)
    for b in 0..<batch {
      for group in 0..<spec.groups {
        let source = x + (b * input.channels + group * inPerGroup) * inPlane
        for i in 0..<output.height {
          for j in 0..<output.width {
            var row = scratch + (i * output.width + j) * depth
            for c in 0..<inPerGroup {
              let plane = source + c * inPlane
              for p in 0..<kh {
                let r = i * strideH - padTop + p * dilationH
                for q in 0..<kw {
                  let s = j * strideW - padLeft + q * dilationW
                  row.pointee = r >= 0 && r < height && s >= 0 && s < width ? plane[r * width + s] : 0
                  row += 1
                }
              }
            }
          }
        }
        ip_sgemm_pack_w(instructionSet.cValue, Int32(pixels), Int32(depth), scratch, Int32(depth), packed)
        let target = y + (b * spec.outputChannels + group * outPerGroup) * pixels
        ip_sgemm_packed(
          instructionSet.cValue, pool, Int32(outPerGroup), Int32(pixels), Int32(depth), weight + group * outPerGroup * depth,
          Int32(depth), packed, nil, Int32(IP_ACT_NONE.rawValue), target, Int32(pixels))
        if let bias {
          for o in 0..<outPerGroup {
            let value = bias[group * outPerGroup + o]
            for index in 0..<pixels { target[o * pixels + index] += value }
          }
        }
      }
    }
  }

  // y[b, o, i, j] = bias[o] + Σ_{c, p, q} x[b, g·Cg + c, i·s0 − pad0 + p·d0, j·s1 − pad1 + q·d1] · w[o, c, p, q]
  private static func convolution(
    _ spec: ConvolutionSpec, x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    y: UnsafeMutablePointer<Float>, batch: Int
  ) {
    guard let output = spec.output else { return }
    let (input, window) = (spec.input, spec.window)
    let (inPerGroup, outPerGroup) = (input.channels / spec.groups, spec.outputChannels / spec.groups)
    let (kh, kw) = (window.kernel[0], window.kernel[1])
    let inPlane = input.height * input.width, outPlane = output.height * output.width
    let (strideH, strideW, padTop, padLeft) = (window.strides[0], window.strides[1], window.pads[0], window.pads[1])
    let (dilationH, dilationW, height, width) = (window.dilations[0], window.dilations[1], input.height, input.width)
    for b in 0..<batch {
      let sample = x + b * input.channels * inPlane
      for o in 0..<spec.outputChannels {
        let group = o / outPerGroup
        let filter = weight + o * inPerGroup * kh * kw
        let target = y + (b * spec.outputChannels + o) * outPlane
        for i in 0..<output.height {
          for j in 0..<output.width {
            var sum: Float = bias?[o] ?? 0
            for c in 0..<inPerGroup {
              let plane = sample + (group * inPerGroup + c) * inPlane
              for p in 0..<kh {
                let row = i * strideH - padTop + p * dilationH
                guard row >= 0, row < height else { continue }
                for q in 0..<kw {
                  let column = j * strideW - padLeft + q * dilationW
                  guard column >= 0, column < width else { continue }
                  sum += plane[row * width + column] * filter[(c * kh + p) * kw + q]
                }
              }
            }
            target[i * output.width + j] = sum
          }
        }
      }
    }
  }

  private static func pool(_ spec: PoolSpec, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, batch: Int) {
    guard let output = spec.output else { return }
    let (input, window) = (spec.input, spec.window)
    let inPlane = input.height * input.width, outPlane = output.height * output.width
    let (kernelH, kernelW, strideH, strideW) = (window.kernel[0], window.kernel[1], window.strides[0], window.strides[1])
    let (padTop, padLeft, padBottom, padRight) = (window.pads[0], window.pads[1], window.pads[2], window.pads[3])
    let (dilationH, dilationW, height, width) = (window.dilations[0], window.dilations[1], input.height, input.width)
    let (isMax, countsPadding) = (spec.kind == .max, spec.countsPadding)
    for plane in 0..<(batch * input.channels) {
      let source = x + plane * inPlane, target = y + plane * outPlane
      for i in 0..<output.height {
        for j in 0..<output.width {
          var (largest, sum, count): (Float, Float, Int) = (-.infinity, 0, 0)
          for p in 0..<kernelH {
            let row = i * strideH - padTop + p * dilationH
            for q in 0..<kernelW {
              let column = j * strideW - padLeft + q * dilationW
              let inside = row >= 0 && row < height && column >= 0 && column < width
              // Padding counts toward the average only with count_include_pad (and only the
              // pads the spec gives, not positions past them).
              if inside {
                let value = source[row * width + column]
                largest = max(largest, value)
                sum += value
                count += 1
              } else if countsPadding, row < height + padBottom, column < width + padRight {
                count += 1
              }
            }
          }
          target[i * output.width + j] = isMax ? largest : (count > 0 ? sum / Float(count) : 0)
        }
      }
    }
  }
}

import ModelGraph

/// Loops for the image ops on flattened `[batch, C·H·W]` values (NCHW per sample): a direct
/// convolution, max and average pooling, per-channel affine and clip. Plain loops on the
/// calling thread; the CPU plan and the reference pass share them (ONNX Runtime's outputs on
/// the committed CNN exports are their independent check). Shapes were checked by the graph
/// analysis.
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
                let row = i * window.strides[0] - window.pads[0] + p * window.dilations[0]
                guard row >= 0, row < input.height else { continue }
                for q in 0..<kw {
                  let column = j * window.strides[1] - window.pads[1] + q * window.dilations[1]
                  guard column >= 0, column < input.width else { continue }
                  sum += plane[row * input.width + column] * filter[(c * kh + p) * kw + q]
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
    for plane in 0..<(batch * input.channels) {
      let source = x + plane * inPlane, target = y + plane * outPlane
      for i in 0..<output.height {
        for j in 0..<output.width {
          var (largest, sum, count): (Float, Float, Int) = (-.infinity, 0, 0)
          for p in 0..<window.kernel[0] {
            let row = i * window.strides[0] - window.pads[0] + p * window.dilations[0]
            for q in 0..<window.kernel[1] {
              let column = j * window.strides[1] - window.pads[1] + q * window.dilations[1]
              let inside = row >= 0 && row < input.height && column >= 0 && column < input.width
              // Padding counts toward the average only with count_include_pad (and only the
              // pads the spec gives, not positions past them).
              if inside {
                let value = source[row * input.width + column]
                largest = max(largest, value)
                sum += value
                count += 1
              } else if spec.countsPadding, row < input.height + window.pads[2], column < input.width + window.pads[3] {
                count += 1
              }
            }
          }
          target[i * output.width + j] = spec.kind == .max ? largest : (count > 0 ? sum / Float(count) : 0)
        }
      }
    }
  }
}

import CKernels
import ModelGraph

/// Kernels for the image ops on flattened `[batch, C·H·W]` values (NCHW per sample). The CPU
/// plan runs convolutions and pooling in C (`ip_conv2d`, `ip_pool2d`, with the shapes built
/// here); the reference pass runs the direct loops of `run`, so each checks the other
/// (ImageOpsTests). Channel affine and clip are plain loops in both (the plan folds them into
/// the convolution before them where it can). Shapes were checked by the graph analysis.
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
      guard let weight, let bias, channels > 0, width >= channels else { return }
      // Plane by plane, so the inner loop is a plain scale-and-shift the compiler vectorizes (a
      // division per element to find its channel made this 20 µs of a 120 µs pass at batch 8).
      let plane = width / channels
      for start in stride(from: 0, to: batch * width, by: plane) {
        let channel = start / plane % channels
        let (scale, shift) = (weight[channel], bias[channel])
        for index in start..<(start + plane) { y[index] = x[index] * scale + shift }
      }
    case let .clip(minimum, maximum):
      for index in 0..<(batch * width) { y[index] = min(max(x[index], minimum), maximum) }
    default: break
    }
  }

  /// The C kernels' shape of a convolution (`ip_conv2d`); nil when the spec has no output or a
  /// size the C kernels can't index (`ip_image_shape_check` says why, in `message`).
  static func shape(_ spec: ConvolutionSpec) -> (shape: ip_image_shape?, message: String) {
    guard let output = spec.output else { return (nil, "the window does not fit the input") }
    return checked(input: spec.input, output: output, window: spec.window, groups: spec.groups)
  }

  /// The C kernels' shape of a pooling (`ip_pool2d`), as `shape(_:)` for a convolution.
  static func shape(_ spec: PoolSpec) -> (shape: ip_image_shape?, message: String) {
    guard let output = spec.output else { return (nil, "the window does not fit the input") }
    return checked(input: spec.input, output: output, window: spec.window, groups: 1)
  }

  /// The `ip_pool_kind` of a pooling spec.
  static func poolKind(_ spec: PoolSpec) -> Int32 {
    Int32((spec.kind == .max ? IP_POOL_MAX : spec.countsPadding ? IP_POOL_AVERAGE_PADDED : IP_POOL_AVERAGE).rawValue)
  }

  private static func checked(
    input: ImageGeometry, output: ImageGeometry, window: ImageWindow, groups: Int
  ) -> (shape: ip_image_shape?, message: String) {
    let sizes = [input.channels, input.height, input.width, output.channels, output.height, output.width, groups]
      + window.kernel + window.strides + window.pads + window.dilations
    guard window.kernel.count == 2, window.strides.count == 2, window.pads.count == 4, window.dilations.count == 2,
      sizes.allSatisfy({ (0...Int(Int32.max)).contains($0) })
    else { return (nil, "a size is outside 0 … 2^31 − 1") }
    var shape = ip_image_shape(
      channels: Int32(input.channels), height: Int32(input.height), width: Int32(input.width),
      out_channels: Int32(output.channels), out_height: Int32(output.height), out_width: Int32(output.width),
      kernel_h: Int32(window.kernel[0]), kernel_w: Int32(window.kernel[1]), stride_h: Int32(window.strides[0]),
      stride_w: Int32(window.strides[1]), pad_top: Int32(window.pads[0]), pad_left: Int32(window.pads[1]),
      pad_bottom: Int32(window.pads[2]), pad_right: Int32(window.pads[3]), dilation_h: Int32(window.dilations[0]),
      dilation_w: Int32(window.dilations[1]), groups: Int32(groups))
    var message = [CChar](repeating: 0, count: 160)
    guard ip_image_shape_check(&shape, &message, message.count) == 0 else {
      return (nil, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return (shape, "")
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

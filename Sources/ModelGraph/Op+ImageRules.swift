// Rules of the image ops (convolution, pooling, per-channel affine, clip): each reads one
// flattened image value `[batch, C·H·W]` whose width must match the geometry the op carries.

extension NodeContext {
  /// The single input, a per-sample float value of `geometry`'s size.
  private func imageInput(_ geometry: ImageGeometry) throws -> ValueType {
    try expectInputCount(1)
    let (x, width) = try floatInput(0)
    guard x.dimensions == [.batch, .fixed(width)], geometry.elementCount == width else {
      throw GraphError.shapeMismatch(
        node: node.name, op: opName, detail: "an image of \(geometry) flattened to [batch, C·H·W], found \(x)")
    }
    return x
  }

  /// `2·B·C'H'W'·(C/groups)·kh·kw` FLOPs (+ `B·C'H'W'` for the bias). GPU launches: one
  /// direct kernel for a grouped layer; otherwise im2col (none for a pointwise layer), the
  /// batched GEMM and, with a bias, a per-channel add; im2col's patch matrix (`C·kh·kw` rows of
  /// `H'·W'` per sample) is written and read back: GPU scratch traffic.
  func convolution(weight weightName: String, bias biasName: String?, spec: ConvolutionSpec) throws -> OpAnalysis {
    _ = try imageInput(spec.input)
    guard let output = spec.output, let outputCount = output.elementCount else {
      throw GraphError.shapeMismatch(node: node.name, op: opName, detail: "window \(spec.window) and groups \(spec.groups) do not fit \(spec.input)")
    }
    let perGroup = spec.input.channels / spec.groups
    let shape = [spec.outputChannels, perGroup] + spec.window.kernel
    var weightElements = try weight(weightName, expected: "\(shape)") { $0 == shape }.count
    if let biasName {
      weightElements += try weight(biasName, expected: "[\(spec.outputChannels)]") { $0 == [spec.outputChannels] }.count
    }
    let depth = perGroup * spec.window.kernel[0] * spec.window.kernel[1]
    let products = Double(outputCount) * Double(depth)
    let patches = spec.groups == 1 && !spec.isPointwise ? Double(depth * output.height * output.width) : 0
    return OpAnalysis(
      output: .rows(width: outputCount),
      flops: (2 * products + (biasName == nil ? 0 : Double(outputCount))) * SymbolicCount.batch,
      weightBytes: SymbolicCount(Double(4 * weightElements)),
      launches: spec.groups > 1 ? 1 : (spec.isPointwise ? 1 : 2) + (biasName == nil ? 0 : 1),
      gpuScratchBytes: 2 * 4 * patches * SymbolicCount.batch)
  }

  /// One compare or add per window element per output.
  func pool(_ spec: PoolSpec) throws -> OpAnalysis {
    _ = try imageInput(spec.input)
    guard let output = spec.output, let outputCount = output.elementCount else {
      throw GraphError.shapeMismatch(node: node.name, op: opName, detail: "window \(spec.window) does not fit \(spec.input)")
    }
    let perOutput = Double(spec.window.kernel[0] * spec.window.kernel[1])
    return OpAnalysis(output: .rows(width: outputCount), flops: Double(outputCount) * perOutput * SymbolicCount.batch)
  }

  /// A multiply and an add per element; scale and shift `[channels]`.
  func channelAffine(scale: String, shift: String, channels: Int) throws -> OpAnalysis {
    try expectInputCount(1)
    let (x, width) = try floatInput(0)
    guard channels > 0, width % channels == 0, x.dimensions == [.batch, .fixed(width)] else {
      throw GraphError.shapeMismatch(node: node.name, op: opName, detail: "\(channels) channels of a flattened image, found \(x)")
    }
    let a = try weight(scale, expected: "[\(channels)]") { $0 == [channels] }
    let b = try weight(shift, expected: "[\(channels)]") { $0 == [channels] }
    return OpAnalysis(output: x, flops: 2 * x.elementCount, weightBytes: SymbolicCount(Double(4 * (a.count + b.count))))
  }

  /// Two compares per element; `minimum ≤ maximum`, neither NaN.
  func clip(minimum: Float, maximum: Float) throws -> OpAnalysis {
    guard !minimum.isNaN, !maximum.isNaN, minimum <= maximum else {
      throw GraphError.shapeMismatch(node: node.name, op: opName, detail: "bounds \(minimum) … \(maximum) (minimum ≤ maximum)")
    }
    return try elementwise(flopsPerElement: 2)
  }
}

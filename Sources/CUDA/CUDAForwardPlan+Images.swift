import ModelGraph

// How the image ops (CNNs) become GPU steps. Image values are NCHW, flattened per sample to
// `[batch, C·H·W]` as on the CPU.
extension CUDAForwardPlan {
  /// The geometry arguments of the window kernels (PTXKernels.geometryParameters).
  private static func geometry(_ input: ImageGeometry, _ output: ImageGeometry, _ window: ImageWindow) -> [Argument] {
    [
      input.channels, input.height, input.width, output.height, output.width, window.kernel[0],
      window.kernel[1], window.strides[0], window.strides[1], window.pads[0], window.pads[1],
      window.dilations[0], window.dilations[1],
    ].map { .value(UInt64($0)) }
  }

  /// The output geometry the analysis has already checked.
  private static func checkedOutput(_ output: ImageGeometry?, _ node: Node) throws -> ImageGeometry {
    guard let output else { throw CUDAError(.unsupported, "node '\(node.name)': the window does not fit its input") }
    return output
  }

  /// One group: per sample, `y[OC, P] = W[OC, C·KH·KW] · patches[C·KH·KW, P]` as one strided
  /// batched GEMM over the samples (the weight's stride 0), P = OH·OW, after `im2col` (skipped
  /// for a 1×1 stride-1 unpadded layer, whose input already is that matrix), then the bias per
  /// channel. Grouped layers (depthwise above all) run `conv_direct`: their per-group GEMMs
  /// would be tiny.
  mutating func planConvolution(
    _ node: Node, _ found: NodeAnalysis, output: String, weight: String, bias: String?, spec: ConvolutionSpec
  ) throws {
    let (x, _) = try value(node.inputs[0], of: node)
    let out = try Self.checkedOutput(spec.output, node)
    let window = spec.window
    let plane = out.height * out.width
    let total = batchSize * spec.outputChannels * plane
    let y = try define(output, shape: shape(of: found.output))
    let geometry = Self.geometry(spec.input, out, window)
    guard spec.groups == 1 else {
      append(
        .kernel(
          .convolutionDirect, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [
            .pointer(x), .pointer(.weight(weight)), .pointer(bias.map { .weight($0) } ?? .none), .pointer(y),
            .value(UInt64(total)), .value(UInt64(spec.outputChannels)), .value(UInt64(spec.groups)),
          ] + geometry))
      return
    }
    let depth = spec.input.channels * window.kernel[0] * window.kernel[1]
    var patches = x
    var scratchBuffer: Int?
    if !spec.isPointwise {
      let buffer = try scratch(elements: batchSize * depth * plane)
      scratchBuffer = buffer
      patches = .buffer(buffer)
      let count = batchSize * depth * plane
      append(
        .kernel(
          .im2col, gridX: Self.blocks(count), block: Self.elementwiseBlock,
          arguments: [.pointer(x), .pointer(patches), .value(UInt64(count))] + geometry))
    }
    append(
      .gemm(
        CUDAGemm(
          transposeA: false, transposeB: false, m: plane, n: spec.outputChannels, k: depth, alpha: 1,
          a: patches, lda: plane, strideA: depth * plane, b: .weight(weight), ldb: depth, strideB: 0,
          c: y, ldc: plane, strideC: spec.outputChannels * plane, batch: batchSize)))
    if let bias {
      append(
        .kernel(
          .channelAffine, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [
            .pointer(y), .pointer(.none), .pointer(.weight(bias)), .pointer(y), .value(UInt64(total)),
            .value(UInt64(plane)), .value(UInt64(spec.outputChannels)),
          ]))
    }
    if let scratchBuffer { releaseScratch(scratchBuffer) }
  }

  /// Max or average pooling, one thread per output (`pool`; kind 2 counts the pads).
  mutating func planPool(_ node: Node, _ found: NodeAnalysis, output: String, spec: PoolSpec) throws {
    let (x, _) = try value(node.inputs[0], of: node)
    let out = try Self.checkedOutput(spec.output, node)
    let window = spec.window
    let total = batchSize * out.channels * out.height * out.width
    let kind: UInt64 = spec.kind == .max ? 0 : spec.countsPadding ? 2 : 1
    let y = try define(output, shape: shape(of: found.output))
    append(
      .kernel(
        .pool, gridX: Self.blocks(total), block: Self.elementwiseBlock,
        arguments: [
          .pointer(x), .pointer(y), .value(UInt64(total)), .value(kind),
          .value(UInt64(spec.input.height + window.pads[2])), .value(UInt64(spec.input.width + window.pads[3])),
        ] + Self.geometry(spec.input, out, window)))
  }
}

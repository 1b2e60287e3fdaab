@testable import Kernels
import ModelGraph
import Testing
import TestSupport

/// The image ops: the CPU plan (convolution on the packed GEMM) against the reference pass
/// (direct loops), over groups, strides, pads, dilations and both poolings.
@Suite("Image ops: GEMM convolution vs direct loops")
struct ImageOpsTests {
  static func graph(groups: Int, stride: Int, pad: Int, dilation: Int) -> Graph {
    let input = ImageGeometry(channels: 4, height: 7, width: 6)
    let window = ImageWindow(kernel: [3, 2], strides: [stride, 1], pads: [pad, 0, pad, 1], dilations: [dilation, 1])
    let conv = ConvolutionSpec(input: input, outputChannels: 8, window: window, groups: groups)  // 4 per group: the GEMM path
    let out = conv.output!  // the cases below all fit: an invariant of this table
    let pool = PoolSpec(kind: .max, input: out, window: ImageWindow(kernel: [2, 2], strides: [1, 1], pads: [1, 1, 0, 0]))
    let average = PoolSpec(kind: .average, input: pool.output!, window: ImageWindow(kernel: [2, 2], pads: [1, 1, 1, 1]), countsPadding: true)
    var generator = SeededGenerator(seed: UInt64(groups * 100 + stride * 10 + pad + dilation))
    func tensor(_ shape: [Int]) -> Tensor {
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.nextSignedUnitFloat() })
    }
    let nodes = [
      Node(name: "conv", op: .convolution(weight: "w", bias: "b", spec: conv), inputs: ["features"], output: "c"),
      Node(name: "clip", op: .clip(minimum: -0.5, maximum: 0.7), inputs: ["c"], output: "d"),
      Node(name: "max", op: .pool(pool), inputs: ["d"], output: "e"),
      Node(name: "avg", op: .pool(average), inputs: ["e"], output: "f"),
    ]
    return Graph(
      name: "conv", architecture: "test", kind: .mlp(inputFeatures: input.elementCount!), nodes: nodes, output: "f",
      weights: ["w": tensor([8, 4 / groups, 3, 2]), "b": tensor([8])])
  }

  @Test("CPU plan = reference", arguments: [(1, 1, 0, 1), (2, 2, 1, 1), (2, 1, 2, 2), (1, 2, 1, 2)])
  func matches(groups: Int, stride: Int, pad: Int, dilation: Int) throws {
    let graph = Self.graph(groups: groups, stride: stride, pad: pad, dilation: dilation)
    var generator = SeededGenerator(seed: 5)
    let input = ModelInput.features(Tensor(shape: [3, 168], scalars: (0..<504).map { _ in generator.nextSignedUnitFloat() }))
    let reference = try ReferenceForward.run(graph, input: input)
    for instructionSet in InstructionSet.supported {
      for threads in [1, 2] {
        let fast = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads).forward(input)
        #expect(fast.shape == reference.shape)
        #expect(maxAbsDifference(fast.scalars, reference.scalars) <= 1e-5, "\(instructionSet) \(threads) threads")
      }
    }
  }

  /// Two residual blocks: conv → batch norm → ReLU → conv → Add(shortcut) → ReLU6, where the
  /// second block's shortcut is a 1×1 convolution that comes after the body in node order (so
  /// the Add folds into the shortcut's step, not the body's), then a global average pool.
  static func residualGraph(depthwise: Bool) -> Graph {
    let input = ImageGeometry(channels: 8, height: 9, width: 7)
    let same = ImageWindow(kernel: [3, 3], pads: [1, 1, 1, 1])
    let body = ConvolutionSpec(input: input, outputChannels: 8, window: same, groups: depthwise ? 8 : 1)
    let pointwise = ConvolutionSpec(input: input, outputChannels: 8, window: ImageWindow(kernel: [1, 1]), groups: 1)
    let global = PoolSpec(kind: .average, input: input, window: ImageWindow(kernel: [9, 7]))
    var generator = SeededGenerator(seed: depthwise ? 11 : 12)
    func tensor(_ shape: [Int], offset: Float = 0) -> Tensor {
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.nextSignedUnitFloat() * 0.5 + offset })
    }
    let perGroup = depthwise ? 1 : 8
    let nodes = [
      Node(name: "a1", op: .convolution(weight: "w1", bias: "b1", spec: body), inputs: ["features"], output: "a1"),
      Node(name: "bn1", op: .channelAffine(scale: "s1", shift: "t1", channels: 8), inputs: ["a1"], output: "n1"),
      Node(name: "r1", op: .activation(.relu), inputs: ["n1"], output: "r1"),
      Node(name: "a2", op: .convolution(weight: "w2", bias: nil, spec: body), inputs: ["r1"], output: "a2"),
      Node(name: "add1", op: .add, inputs: ["a2", "features"], output: "s1"),
      Node(name: "c1", op: .clip(minimum: 0, maximum: 6), inputs: ["s1"], output: "c1"),
      Node(name: "a3", op: .convolution(weight: "w3", bias: "b3", spec: body), inputs: ["c1"], output: "a3"),
      Node(name: "short", op: .convolution(weight: "w4", bias: nil, spec: pointwise), inputs: ["c1"], output: "short"),
      Node(name: "add2", op: .add, inputs: ["a3", "short"], output: "s2"),
      Node(name: "r2", op: .activation(.relu), inputs: ["s2"], output: "r2"),
      Node(name: "pool", op: .pool(global), inputs: ["r2"], output: "out"),
    ]
    return Graph(
      name: "residual", architecture: "test", kind: .mlp(inputFeatures: input.elementCount!), nodes: nodes, output: "out",
      weights: [
        "w1": tensor([8, perGroup, 3, 3]), "b1": tensor([8]), "s1": tensor([8], offset: 1), "t1": tensor([8]),
        "w2": tensor([8, perGroup, 3, 3]), "w3": tensor([8, perGroup, 3, 3]), "b3": tensor([8]), "w4": tensor([8, 8, 1, 1]),
      ])
  }

  @Test("CPU plan = reference with batch norm, residual Adds and clamps folded into convolutions", arguments: [false, true])
  func residual(depthwise: Bool) throws {
    let graph = Self.residualGraph(depthwise: depthwise)
    var generator = SeededGenerator(seed: 9)
    let input = ModelInput.features(Tensor(shape: [3, 504], scalars: (0..<1512).map { _ in generator.nextSignedUnitFloat() }))
    let reference = try ReferenceForward.run(graph, input: input)
    for instructionSet in InstructionSet.supported {
      for threads in [1, 2] {
        let model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads)
        // a1 (+ bn1, r1), a2 (+ add1, c1), a3, short (+ add2, r2), pool
        #expect(model.plan.steps.count == 5)
        let fast = try model.forward(input)
        #expect(fast.shape == reference.shape)
        #expect(maxAbsDifference(fast.scalars, reference.scalars) <= 1e-5, "\(instructionSet) \(threads) threads")
      }
    }
  }
}

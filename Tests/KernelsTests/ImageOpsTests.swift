import Kernels
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
}

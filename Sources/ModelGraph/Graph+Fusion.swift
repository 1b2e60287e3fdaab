// Which nodes the GPU backend runs together, so that the analysis counts the kernel launches the
// backend really issues (the roofline's launch term) and the CUDA plan fuses by the same rule.

extension Activation {
  /// Whether a cuBLASLt GEMM applies it in its epilogue (ReLU and tanh-GELU; the GPU backend
  /// runs the others as a bias/activation kernel after the GEMM).
  public var hasGEMMEpilogue: Bool { self == .relu || self == .geluTanh }
}

extension ConvolutionSpec {
  /// A 1×1, stride-1, unpadded convolution: its input already is the GEMM's patch matrix.
  public var isPointwise: Bool {
    window.kernel == [1, 1] && window.strides == [1, 1] && window.pads == [0, 0, 0, 0]
  }
}

extension Graph {
  /// For each value some node reads, the index of the last node that reads it (values nobody
  /// reads are absent): where a backend may free the value.
  public var lastReaders: [String: Int] {
    var last: [String: Int] = [:]
    for (index, node) in nodes.enumerated() {
      for input in node.inputs { last[input] = index }
    }
    return last
  }

  /// Dense nodes that absorb the activation node right after them: that node reads only the
  /// dense output, nothing else reads it, and it is not the graph's output. Keyed by the dense
  /// node's index; the value is the activation it absorbs (node index + 1).
  public var denseActivationFusions: [Int: Activation] {
    let lastUse = lastReaders
    var fused: [Int: Activation] = [:]
    var index = 0
    while index + 1 < nodes.count {
      let (node, next) = (nodes[index], nodes[index + 1])
      if case .dense = node.op, case .activation(let activation) = next.op, next.inputs == [node.output],
        lastUse[node.output] == index + 1, node.output != output
      {
        fused[index] = activation
        index += 2
      } else {
        index += 1
      }
    }
    return fused
  }
}

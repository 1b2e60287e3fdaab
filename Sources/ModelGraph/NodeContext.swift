/// The op-specific part of one node's analysis: its output type and its work.
struct OpAnalysis {
  var output: ValueType
  /// Floating-point operations.
  var flops: SymbolicCount = 0
  /// Bytes of weights read (fp32).
  var weightBytes: SymbolicCount = 0
  /// Bytes of intermediates the op writes and reads back (attention's scores).
  var intermediateBytes: SymbolicCount = 0
  /// Scratch memory held while the op runs.
  var scratchBytes: SymbolicCount = 0
  /// GPU kernel launches.
  var launches = 1
  /// Bytes the GPU backend writes and reads back beyond the values (a convolution's patches).
  var gpuScratchBytes: SymbolicCount = 0
  /// What the op's tables allow token inputs (embeddings only).
  var embeddingLimits: EmbeddingLimits?
}

/// One node under analysis: the types of its inputs, the graph it belongs to, and the checks
/// every op rule uses, each throwing a `GraphError` that names the node and its op.
struct NodeContext {
  let node: Node
  let inputs: [ValueType]
  let graph: Graph

  var opName: String { node.op.name }

  func expectInputCount(_ count: Int) throws {
    guard inputs.count == count else {
      throw GraphError.wrongInputCount(node: node.name, op: opName, expected: count, found: inputs.count)
    }
  }

  /// Input `index`, which must hold computed floats with a fixed last axis.
  func floatInput(_ index: Int) throws -> (type: ValueType, width: Int) {
    guard inputs[index].isFloat, let width = inputs[index].width else {
      throw wrongKind(index, expected: "a float value")
    }
    return (inputs[index], width)
  }

  /// Input `index`, which must hold `[batch, sequence, width]` floats.
  func perTokenInput(_ index: Int) throws -> (type: ValueType, width: Int) {
    let (type, width) = try floatInput(index)
    guard type.dimensions == [.batch, .sequence, .fixed(width)] else {
      throw wrongKind(index, expected: "[batch, sequence, width]")
    }
    return (type, width)
  }

  /// Input `index`, which must be exactly `wanted` (a token input by its role).
  func expectInput(_ index: Int, _ wanted: ValueType) throws {
    guard inputs[index] == wanted else { throw wrongKind(index, expected: wanted.description) }
  }

  func wrongKind(_ index: Int, expected: String) -> GraphError {
    .wrongInputKind(
      node: node.name, op: opName, value: node.inputs[index], expected: expected, found: inputs[index].description)
  }

  /// The weight `name`, whose shape must pass `fits`; `expected` describes the shape wanted.
  func weight(_ name: String, expected: @autoclosure () -> String, _ fits: ([Int]) -> Bool) throws -> Tensor {
    guard let tensor = graph.weights[name] else {
      throw GraphError.missingWeight(node: node.name, op: opName, tensor: name)
    }
    guard fits(tensor.shape) else {
      throw GraphError.weightShape(node: node.name, op: opName, tensor: name, expected: expected(), found: tensor.shape)
    }
    return tensor
  }
}

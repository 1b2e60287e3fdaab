/// A dense fp32 tensor in row-major order (the last axis varies fastest).
///
/// Shapes use the usual ML order: `[batch, features]` for MLP activations,
/// `[batch, sequence, hidden]` for encoder activations, `[out, in]` for dense weights
/// (PyTorch `nn.Linear` layout, so Hugging Face weights load without transposing).
public struct Tensor: Equatable, Sendable {
  /// Size of each axis; empty for a scalar.
  public var shape: [Int]
  /// The elements, `shape.reduce(1, *)` of them.
  public var scalars: [Float]

  /// Creates a tensor; the element count must match the shape (an invariant of our own code:
  /// untrusted shapes are checked by `ModelFile` before any tensor is built).
  public init(shape: [Int], scalars: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape has a negative axis: \(shape)")
    precondition(
      shape.reduce(1, *) == scalars.count,
      "Tensor shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// Creates a tensor of zeros.
  public init(zeros shape: [Int]) {
    self.init(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)))
  }

  /// Number of elements.
  public var count: Int { scalars.count }
}

/// What the graph analysis found for one node: the types it reads and writes and the work it
/// does, as formulas in the batch size `B` and the sequence length `S`.
public struct NodeAnalysis: Equatable, Sendable {
  /// The node's name.
  public var name: String
  /// The node's op.
  public var op: Op
  /// The types of the values the node reads, in input order.
  public var inputs: [ValueType]
  /// The type of the value the node writes.
  public var output: ValueType
  /// Floating-point operations (a multiply-add counts 2).
  public var flops: SymbolicCount
  /// Bytes moved at fp32: weights read + inputs read + output written + intermediates written
  /// and read back inside the op.
  public var bytes: SymbolicCount
  /// Bytes of scratch memory the op holds while it runs, beside its inputs and output
  /// (attention's `B·heads·S²` scores).
  public var scratchBytes: SymbolicCount
  /// GPU kernel launches the op needs.
  public var launches: Int
  /// Bytes at fp32 the GPU backend moves beyond `bytes` (a convolution's im2col patches).
  public var gpuScratchBytes: SymbolicCount

  /// The node's work for `batchSize` rows of `sequenceLength` tokens.
  public func cost(batchSize: Int, sequenceLength: Int) -> OpCost {
    OpCost(
      name: name, flops: flops.value(batchSize: batchSize, sequenceLength: sequenceLength),
      bytes: bytes.value(batchSize: batchSize, sequenceLength: sequenceLength), launches: launches,
      gpuScratchBytes: gpuScratchBytes.value(batchSize: batchSize, sequenceLength: sequenceLength))
  }
}

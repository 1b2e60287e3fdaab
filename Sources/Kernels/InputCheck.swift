import ModelGraph

/// Checks a `ModelInput` against a graph before a forward pass, so bad ids, lengths or shapes
/// give a clear error instead of an out-of-bounds read.
enum InputCheck {
  /// Returns the input's batch size and sequence length (1 for an MLP).
  /// - Throws: `ForwardPassError` for the first problem found.
  static func validate(_ input: ModelInput, graph: Graph, analysis: GraphAnalysis) throws -> (batchSize: Int, sequenceLength: Int) {
    switch (graph.kind, input) {
    case (.mlp(let features), .features(let tensor)):
      guard tensor.shape.count == 2, tensor.shape[1] == features, tensor.shape[0] >= 1 else {
        throw ForwardPassError.inputShape(
          detail: "features have shape \(tensor.shape); model '\(graph.name)' needs [batch ≥ 1, \(features)]")
      }
      guard tensor.scalars.count == tensor.shape[0] * features else {
        throw ForwardPassError.inputShape(detail: "features hold \(tensor.scalars.count) values for shape \(tensor.shape)")
      }
      return (tensor.shape[0], 1)
    case (.encoder(_, _, let maxPositions), .tokens(let batch)):
      return try validate(batch, maxPositions: maxPositions, limits: analysis.embeddingLimits)
    case (.mlp(let features), .tokens):
      throw ForwardPassError.wrongInputKind(graph: graph.name, expected: "float features [batch, \(features)] (it is an MLP)")
    case (.encoder, .features):
      throw ForwardPassError.wrongInputKind(graph: graph.name, expected: "token ids [batch, sequence] (it is an encoder)")
    }
  }

  private static func validate(_ batch: TokenBatch, maxPositions: Int, limits: EmbeddingLimits?) throws -> (batchSize: Int, sequenceLength: Int) {
    let (b, s) = (batch.batchSize, batch.sequenceLength)
    guard b >= 1, s >= 1 else {
      throw ForwardPassError.inputShape(detail: "token ids have shape [\(b), \(s)]; both batch and sequence must be at least 1")
    }
    let count = b.multipliedReportingOverflow(by: s)
    guard !count.overflow, batch.ids.count == count.partialValue, batch.mask.count == count.partialValue,
      batch.tokenTypes.count == count.partialValue
    else {
      throw ForwardPassError.inputShape(
        detail: "ids, mask and token types hold \(batch.ids.count), \(batch.mask.count) and \(batch.tokenTypes.count) values; "
          + "shape [\(b), \(s)] needs \(b * s) each")
    }
    var maximum = maxPositions > 0 ? maxPositions : Int.max
    if let usable = limits?.maximumSequenceLength { maximum = min(maximum, usable) }
    guard s <= maximum else { throw ForwardPassError.sequenceTooLong(length: s, maximum: maximum) }
    let vocabulary = limits?.vocabularySize ?? Int.max
    for index in 0..<count.partialValue {
      let id = batch.ids[index]
      guard id >= 0, Int(id) < vocabulary else {
        throw ForwardPassError.tokenOutOfRange(batch: index / s, position: index % s, id: id, vocabularySize: vocabulary)
      }
      let mask = batch.mask[index]
      guard mask == 0 || mask == 1 else {
        throw ForwardPassError.maskValue(batch: index / s, position: index % s, value: mask)
      }
      if let types = limits?.tokenTypeCount {
        let type = batch.tokenTypes[index]
        guard type >= 0, Int(type) < types else {
          throw ForwardPassError.tokenTypeOutOfRange(batch: index / s, position: index % s, type: type, typeCount: types)
        }
      }
    }
    return (b, s)
  }
}

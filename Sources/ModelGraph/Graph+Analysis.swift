extension Graph {
  /// Bytes of fp32 weights: 4 · `parameterCount`.
  public var weightBytes: Int { 4 * parameterCount }

  /// Checks the graph's structure (see `GraphAnalysis.init`): every value defined once and
  /// before use, input counts and types per op, every weight present with the shape its node
  /// needs, attributes in range, and the output written by a node.
  /// - Throws: `GraphError` naming the node at fault.
  public func validate() throws {
    _ = try GraphAnalysis(self)
  }

  /// FLOPs for one sample of `sequenceLength` tokens (`GraphAnalysis.flopsPerSample`); 0 for an
  /// invalid graph. Analyses the graph on each call; keep a `GraphAnalysis` to ask repeatedly.
  public func flopsPerSample(sequenceLength: Int) -> Double {
    (try? GraphAnalysis(self))?.flopsPerSample(sequenceLength: sequenceLength) ?? 0
  }

  /// Peak live activation bytes of one pass (`GraphAnalysis.activationBytes`); 0 for an invalid
  /// graph. Analyses the graph on each call; keep a `GraphAnalysis` to ask repeatedly.
  public func activationBytes(batchSize: Int, sequenceLength: Int) -> Int {
    (try? GraphAnalysis(self))?.activationBytes(batchSize: batchSize, sequenceLength: sequenceLength) ?? 0
  }
}

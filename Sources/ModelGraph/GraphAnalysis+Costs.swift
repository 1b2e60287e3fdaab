extension GraphAnalysis {
  /// Each node's work for one forward pass of `batchSize` rows of `sequenceLength` tokens
  /// (ignored for MLPs), in node order; the formulas are in `Op+Rules.swift`.
  public func costs(batchSize: Int, sequenceLength: Int) -> [OpCost] {
    nodes.map { $0.cost(batchSize: batchSize, sequenceLength: sequenceLength) }
  }

  /// FLOPs for one sample (batch 1) of `sequenceLength` tokens (ignored for MLPs).
  public func flopsPerSample(sequenceLength: Int) -> Double {
    costs(batchSize: 1, sequenceLength: sequenceLength).reduce(0) { $0 + $1.flops }
  }

  /// Peak bytes of live activations (fp32 values, int32 ids and masks) during one forward pass,
  /// running nodes in order and freeing each value after its last reader. At each node the
  /// inputs still needed, the node's output and its scratch (attention's `B·heads·S²` scores)
  /// are live; graph inputs count from the start if any node reads them.
  public func activationBytes(batchSize: Int, sequenceLength: Int) -> Int {
    func bytes(_ count: SymbolicCount) -> Int { Int(count.value(batchSize: batchSize, sequenceLength: sequenceLength)) }
    let graphNodes = graph.nodes
    var lastUse = graph.lastReaders
    lastUse[graph.output] = graphNodes.count
    var sizes: [String: Int] = [:]
    var live = 0
    for input in graph.kind.inputs where lastUse[input.name] != nil {
      sizes[input.name] = bytes(input.type.byteCount)
      live += sizes[input.name] ?? 0
    }
    var peak = live
    for (index, node) in graphNodes.enumerated() {
      let outputBytes = bytes(nodes[index].output.byteCount)
      peak = max(peak, live + outputBytes + bytes(nodes[index].scratchBytes))
      sizes[node.output] = outputBytes
      live += outputBytes
      for value in Set(node.inputs + [node.output]) where (lastUse[value] ?? index) <= index {
        live -= sizes[value] ?? 0
        sizes[value] = 0
      }
    }
    return peak
  }
}

import ModelGraph
import Records

/// The text `model inspect` prints for an ONNX file: producer, opsets, inputs and outputs with
/// their symbolic dims, initializers, content hash and the op histogram, then the lowered graph
/// (kind, nodes, FLOPs and peak memory per sample, as for every model).
struct ONNXSummary {
  var model: ONNXModel
  var lowered: ONNXLoweredModel

  func text(sequenceLengths: [Int]?) -> String {
    var lines: [String] = []
    let producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
    let name = model.graph.name.isEmpty ? "(unnamed graph)" : model.graph.name
    lines.append(
      "Model: \(name) (ONNX, IR version \(model.irVersion)\(producer.isEmpty ? "" : ", from " + producer)) from \(model.path)")
    lines.append("Opsets: " + model.opsetImports.map { "\($0.domain.isEmpty ? "ai.onnx" : $0.domain) \($0.version)" }.joined(separator: ", "))
    lines.append(contentsOf: Self.valueLines("Inputs", model.graph.runtimeInputs))
    lines.append(contentsOf: Self.valueLines("Outputs", model.graph.outputs))
    let initializers = model.graph.initializers
    let floatBytes = 4 * initializers.reduce(0) { $0 + ($1.floats?.count ?? 0) }
    var line = "Initializers: \(initializers.count) tensors, \(ReadableNumber.grouped(initializers.reduce(0) { $0 + $1.elementCount })) values "
      + "(\(ReadableNumber.bytes(Double(floatBytes))) of fp32 weights)"
    if !model.externalDataFiles.isEmpty { line += ", external data in " + model.externalDataFiles.joined(separator: ", ") }
    lines.append(line)
    if !model.functionNames.isEmpty { lines.append("Functions: " + model.functionNames.joined(separator: ", ")) }
    lines.append("Content hash: sha256:\(model.contentHash)")
    let histogram = model.graph.opHistogram
    let counts = histogram.map { "\(ReadableNumber.grouped($0.count)) \($0.op)" }.joined(separator: ", ")
    lines.append(
      "Nodes: \(ReadableNumber.grouped(histogram.reduce(0) { $0 + $1.count }))" + (counts.isEmpty ? "" : " (\(counts))"))
    let graphLines = ModelSummary(graph: lowered.graph, path: model.path).text(sequenceLengths: sequenceLengths)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.append("Lowered to (\(lowered.graph.architecture)):")
    for line in graphLines where !line.hasPrefix("Model: ") && !line.hasPrefix("Content hash: ") && !line.isEmpty {
      lines.append("  " + (line.hasPrefix("Kind: MLP, input 'features'") ? kindLine : line))
    }
    lines.append(contentsOf: workLines(sequenceLength: sequenceLengths?.first))
    return lines.joined(separator: "\n") + "\n"
  }

  /// FLOPs and bytes per op kind for one sample (batch 1) at the planned sequence length (the
  /// `--seq-len` given, else 128 capped by the model's positions; MLPs and CNNs have none).
  func workLines(sequenceLength requested: Int?) -> [String] {
    guard let analysis = try? GraphAnalysis(lowered.graph) else { return [] }
    var length = 1
    if case let .encoder(_, _, maxPositions) = lowered.graph.kind { length = requested ?? min(128, maxPositions) }
    var totals: [String: (nodes: Int, flops: Double, bytes: Double)] = [:]
    var order: [String] = []
    for (node, cost) in zip(analysis.nodes, analysis.costs(batchSize: 1, sequenceLength: length)) {
      let op = node.op.name
      if totals[op] == nil { order.append(op) }
      let found = totals[op] ?? (0, 0, 0)
      totals[op] = (found.nodes + 1, found.flops + cost.flops, found.bytes + cost.bytes)
    }
    let shape = "batch 1, \(length) tokens"
    var lines = ["Work per op (\(isTokenModel ? shape : "batch 1")):", "  op                  nodes        FLOPs        bytes"]
    for op in order.sorted(by: { (totals[$0]?.flops ?? 0) > (totals[$1]?.flops ?? 0) }) {
      guard let total = totals[op] else { continue }
      lines.append(
        "  \(ModelSummary.pad(op, 18, left: true)) \(ModelSummary.pad(String(total.nodes), 6)) \(ModelSummary.pad(ReadableNumber.flops(total.flops), 12)) "
          + ModelSummary.pad(ReadableNumber.bytes(total.bytes), 12))
    }
    return lines
  }

  /// The kind line of a float-input model, with the file's input name and per-sample dims
  /// (`image [batch, 3, 16, 16]`, flattened to C·H·W inside the graph).
  private var kindLine: String {
    let input = lowered.inputs.first { $0.value == "features" }
    let dims = (input?.sampleShape ?? []).map(String.init).joined(separator: ", ")
    let kind = (input?.sampleShape?.count ?? 1) > 1 ? "CNN" : "MLP"
    return "Kind: \(kind), input '\(input?.name ?? "features")' [batch, \(dims)], output '\(lowered.graph.output)'"
  }

  private var isTokenModel: Bool {
    if case .encoder = lowered.graph.kind { return true }
    return false
  }

  /// `Inputs:` and one line per value: name, element type and dims.
  static func valueLines(_ title: String, _ values: [ONNXValueInfo]) -> [String] {
    guard !values.isEmpty else { return ["\(title): none"] }
    let width = values.map(\.name.count).max() ?? 0
    return ["\(title):"] + values.map { "  \(ModelSummary.pad($0.name, width, left: true))  \($0.type?.description ?? "(no type)")" }
  }
}

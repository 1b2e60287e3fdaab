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
    lines.append("Lowered to:")
    lines.append(contentsOf: graphLines.filter { !$0.hasPrefix("Model: ") && !$0.hasPrefix("Content hash: ") && !$0.isEmpty }.map { "  " + $0 })
    return lines.joined(separator: "\n") + "\n"
  }

  /// `Inputs:` and one line per value: name, element type and dims.
  static func valueLines(_ title: String, _ values: [ONNXValueInfo]) -> [String] {
    guard !values.isEmpty else { return ["\(title): none"] }
    let width = values.map(\.name.count).max() ?? 0
    return ["\(title):"] + values.map { "  \(ModelSummary.pad($0.name, width, left: true))  \($0.type?.description ?? "(no type)")" }
  }
}

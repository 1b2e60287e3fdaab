import Foundation
import ModelGraph
import Records

/// The text `model inspect` prints for one model.
struct ModelSummary {
  var graph: Graph
  var path: String

  /// Sequence lengths shown for encoders when none is asked for (capped by the model's maximum).
  static let defaultSequenceLengths = [32, 128, 512]

  func text(sequenceLengths requested: [Int]?) -> String {
    var lines: [String] = []
    lines.append("Model: \(graph.name) (\(graph.architecture)) from \(path)")
    switch graph.kind {
    case let .mlp(inputFeatures):
      lines.append("Kind: MLP, input 'features' [batch, \(inputFeatures)], output '\(graph.output)'")
    case let .encoder(vocabularySize, hiddenSize, maxPositions):
      lines.append(
        "Kind: encoder, hidden size \(hiddenSize), vocabulary \(ReadableNumber.grouped(vocabularySize)), at most \(maxPositions) tokens, output '\(graph.output)'")
    }
    lines.append("Parameters: \(ReadableNumber.grouped(graph.parameterCount)) (\(ReadableNumber.bytes(Double(graph.weightBytes))) fp32 weights)")
    lines.append("Content hash: sha256:\(graph.contentHash)")
    lines.append(contentsOf: layerLines())
    let sequenceLengths: [Int]
    if case let .encoder(_, _, maxPositions) = graph.kind {
      sequenceLengths = requested ?? Self.defaultSequenceLengths.filter { $0 <= maxPositions }
      lines.append("Per sample (batch 1):")
      lines.append("  tokens       FLOPs   peak activations")
      for length in sequenceLengths.isEmpty ? [maxPositions] : sequenceLengths {
        lines.append(
          "  \(Self.pad(String(length), 6))  \(Self.pad(ReadableNumber.flops(graph.flopsPerSample(sequenceLength: length)), 11))   "
            + ReadableNumber.bytes(Double(graph.activationBytes(batchSize: 1, sequenceLength: length))))
      }
    } else {
      lines.append("Per sample (batch 1): \(ReadableNumber.flops(graph.flopsPerSample(sequenceLength: 1))), "
        + "peak activations \(ReadableNumber.bytes(Double(graph.activationBytes(batchSize: 1, sequenceLength: 1))))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line per node; repeated encoder layers after the first are summarized in one line.
  func layerLines() -> [String] {
    let shapes = (try? GraphAnalysis(graph).nodes) ?? []
    var counts: [String: Int] = [:]
    for node in graph.nodes { counts[node.op.name, default: 0] += 1 }
    var lines = ["Layers: \(graph.nodes.count) nodes (" + counts.keys.sorted().map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ") + ")"]
    var skipped = Set<String>()
    for (index, node) in graph.nodes.enumerated() {
      if node.name.hasPrefix("layer."), !node.name.hasPrefix("layer.0.") {
        skipped.insert(String(node.name.split(separator: ".").prefix(2).joined(separator: ".")))
        continue
      }
      var line = "  \(Self.pad(node.name, 26, left: true)) \(Self.pad(node.op.name, 10, left: true))"
      if index < shapes.count { line += " → \(shapes[index].output)" }
      if case let .dense(weight, _) = node.op, let tensor = graph.weights[weight] { line += "  weight \(tensor.shape)" }
      if case let .attention(heads) = node.op { line += "  \(heads) heads" }
      if case let .causalAttention(heads) = node.op { line += "  \(heads) heads, causal" }
      lines.append(line)
    }
    if !skipped.isEmpty {
      lines.append("  (\(skipped.count) more layer\(skipped.count == 1 ? "" : "s") like layer.0: \(skipped.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }.joined(separator: ", ")))")
    }
    return lines
  }

  static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    guard text.count < width else { return text }
    let padding = String(repeating: " ", count: width - text.count)
    return left ? text + padding : padding + text
  }
}

import ModelGraph

// The CPU's view of the shared graph analysis (module ModelGraph): every float value as rows ×
// width, per token or per sample. The analysis has checked the graph; nothing is checked here.
extension GraphAnalysis {
  /// The buffer shape of float value `value`; nil for token inputs and unknown names.
  func bufferShape(of value: String) -> BufferShape? {
    guard let type = type(of: value), type.isFloat, let width = type.width else { return nil }
    return BufferShape(scope: type.isPerToken ? .token : .sample, width: width)
  }

  /// The buffer shape of the graph's output (always a float value).
  var outputBufferShape: BufferShape {
    bufferShape(of: graph.output) ?? BufferShape(scope: .sample, width: 0)
  }
}

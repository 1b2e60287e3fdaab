import Foundation

/// The graph part of a native model file (`__metadata__.graph`): everything but the weights.
///
/// Encodes to and decodes from the JSON documented in docs/model-format.md. Decoding checks
/// every key and type and reports the node and key at fault; structural checks (shapes, value
/// order) are `Graph.validate()`'s job.
public struct GraphDescription: Equatable, Sendable {
  public var name: String
  public var architecture: String
  public var kind: ModelKind
  public var nodes: [Node]
  public var output: String

  /// Creates a description from its parts.
  public init(name: String, architecture: String, kind: ModelKind, nodes: [Node], output: String) {
    self.name = name
    self.architecture = architecture
    self.kind = kind
    self.nodes = nodes
    self.output = output
  }

  /// The description of `graph` (its weights left out).
  public init(of graph: Graph) {
    self.init(name: graph.name, architecture: graph.architecture, kind: graph.kind, nodes: graph.nodes, output: graph.output)
  }

  /// Canonical JSON bytes: keys sorted, no whitespace, so equal graphs give equal bytes (the
  /// content hash relies on this).
  public func jsonData() -> Data {
    let object: [String: Any] = [
      "name": name, "architecture": architecture, "kind": Self.kindObject(kind), "output": output,
      "nodes": nodes.map(Self.nodeObject),
    ]
    do {
      return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    } catch {
      // Invariant: the object holds only strings, numbers, arrays and dictionaries.
      fatalError("GraphDescription.jsonData: JSONSerialization rejected a graph of plain values: \(error)")
    }
  }

  static func kindObject(_ kind: ModelKind) -> [String: Any] {
    switch kind {
    case let .mlp(inputFeatures): ["type": "mlp", "input_features": inputFeatures]
    case let .encoder(vocabularySize, hiddenSize, maxPositions):
      ["type": "encoder", "vocab_size": vocabularySize, "hidden_size": hiddenSize, "max_positions": maxPositions]
    }
  }

  static func windowObject(_ window: ImageWindow) -> [String: Any] {
    ["kernel": window.kernel, "strides": window.strides, "pads": window.pads, "dilations": window.dilations]
  }

  static func nodeObject(_ node: Node) -> [String: Any] {
    var object: [String: Any] = ["name": node.name, "op": node.op.name, "inputs": node.inputs, "output": node.output]
    switch node.op {
    case let .dense(weight, bias):
      object["weight"] = weight
      object["bias"] = bias ?? NSNull()
    case let .layerNorm(gamma, beta, epsilon):
      object["gamma"] = gamma
      object["beta"] = beta
      // Through the Float's shortest decimal text, so 1e-12 is written as 1e-12.
      object["epsilon"] = Double(String(describing: epsilon)) ?? Double(epsilon)
    case let .embedding(word, position, tokenType, positionOffset):
      object["word"] = word
      object["position"] = position ?? NSNull()
      object["token_type"] = tokenType ?? NSNull()
      object["position_offset"] = positionOffset
    case let .attention(heads), let .causalAttention(heads):
      object["heads"] = heads
    case let .convolution(weight, bias, spec):
      object["weight"] = weight
      object["bias"] = bias ?? NSNull()
      object["input"] = [spec.input.channels, spec.input.height, spec.input.width]
      object["output_channels"] = spec.outputChannels
      object["groups"] = spec.groups
      object["window"] = Self.windowObject(spec.window)
    case let .pool(spec):
      object["input"] = [spec.input.channels, spec.input.height, spec.input.width]
      object["window"] = Self.windowObject(spec.window)
      object["counts_padding"] = spec.countsPadding
    case let .channelAffine(scale, shift, channels):
      object["scale"] = scale
      object["shift"] = shift
      object["channels"] = channels
    case let .clip(minimum, maximum):
      object["minimum"] = Double(String(describing: minimum)) ?? Double(minimum)
      object["maximum"] = Double(String(describing: maximum)) ?? Double(maximum)
    case .activation, .softmax, .add, .meanPool:
      break
    }
    return object
  }
}

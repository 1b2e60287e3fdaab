import Foundation
import Records

extension GraphDescription {
  /// Decodes graph JSON (`__metadata__.graph`); `path` is used in error messages.
  /// - Throws: `ModelFileError.graphNotJSON`, `.badGraph` (naming the node and key) or `.unknownOp`.
  public init(jsonData: Data, path: String) throws {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: jsonData)
    } catch {
      throw ModelFileError.graphNotJSON(path: path, detail: "it does not parse")
    }
    guard let root = object as? [String: Any] else {
      throw ModelFileError.graphNotJSON(path: path, detail: "the top level is not an object")
    }
    let reader = Fields(root, location: "(top level)", path: path)
    name = try reader.string("name")
    architecture = try reader.string("architecture")
    output = try reader.string("output")
    kind = try Self.decodeKind(reader.object("kind"), path: path)
    guard let rawNodes = root["nodes"] as? [Any] else {
      throw ModelFileError.badGraph(path: path, location: "(top level)", problem: "'nodes' must be a list of node objects")
    }
    guard rawNodes.count <= Graph.maximumNodes else {
      throw ModelFileError.invalidGraph(
        path: path, problem: .tooManyNodes(count: rawNodes.count, limit: Graph.maximumNodes))
    }
    nodes = try rawNodes.enumerated().map { index, raw in try Self.decodeNode(raw, index: index, path: path) }
  }

  static func decodeKind(_ fields: [String: Any], path: String) throws -> ModelKind {
    let reader = Fields(fields, location: "kind", path: path)
    switch try reader.string("type") {
    case "mlp":
      return .mlp(inputFeatures: try reader.integer("input_features"))
    case "encoder":
      return .encoder(
        vocabularySize: try reader.integer("vocab_size"), hiddenSize: try reader.integer("hidden_size"),
        maxPositions: try reader.integer("max_positions"))
    case let other:
      throw ModelFileError.badGraph(path: path, location: "kind", problem: "type '\(other)' is unknown; use 'mlp' or 'encoder'")
    }
  }

  static func decodeNode(_ raw: Any, index: Int, path: String) throws -> Node {
    guard let fields = raw as? [String: Any] else {
      throw ModelFileError.badGraph(path: path, location: "node \(index)", problem: "must be an object")
    }
    let name = try Fields(fields, location: "node \(index)", path: path).string("name")
    let reader = Fields(fields, location: "node '\(name)'", path: path)
    let opName = try reader.string("op")
    let output = try reader.string("output")
    guard let rawInputs = fields["inputs"] as? [Any], let inputs = rawInputs as? [String] else {
      throw ModelFileError.badGraph(path: path, location: "node '\(name)'", problem: "'inputs' must be a list of value names")
    }
    let op: Op
    if let activation = Activation(rawValue: opName) {
      op = .activation(activation)
    } else {
      switch opName {
      case "dense": op = .dense(weight: try reader.string("weight"), bias: try reader.optionalString("bias"))
      case "softmax": op = .softmax
      case "layer_norm":
        op = .layerNorm(
          gamma: try reader.string("gamma"), beta: try reader.string("beta"), epsilon: Float(try reader.number("epsilon")))
      case "add": op = .add
      case "embedding":
        op = .embedding(
          word: try reader.string("word"), position: try reader.optionalString("position"),
          tokenType: try reader.optionalString("token_type"),
          positionOffset: fields["position_offset"] == nil ? 0 : try reader.integer("position_offset"))
      case "attention": op = .attention(heads: try reader.integer("heads"))
      case "causal_attention": op = .causalAttention(heads: try reader.integer("heads"))
      case "mean_pool": op = .meanPool
      default: throw ModelFileError.unknownOp(path: path, node: name, op: opName)
      }
    }
    return Node(name: name, op: op, inputs: inputs, output: output)
  }
}

/// Typed access to one JSON object's keys, with errors naming the location and key.
private struct Fields {
  let fields: [String: Any]
  let location: String
  let path: String

  init(_ fields: [String: Any], location: String, path: String) {
    self.fields = fields
    self.location = location
    self.path = path
  }

  func fail(_ problem: String) -> ModelFileError {
    ModelFileError.badGraph(path: path, location: location, problem: problem)
  }

  func string(_ key: String) throws -> String {
    guard let value = fields[key] as? String else { throw fail("'\(key)' must be a string") }
    return value
  }

  func optionalString(_ key: String) throws -> String? {
    guard let value = fields[key], !(value is NSNull) else { return nil }
    guard let text = value as? String else { throw fail("'\(key)' must be a string or null") }
    return text
  }

  func integer(_ key: String) throws -> Int {
    guard let value = fields[key], let integer = UntrustedJSON.integer(value) else {
      throw fail("'\(key)' must be a whole number")
    }
    return integer
  }

  func number(_ key: String) throws -> Double {
    guard let value = fields[key], let number = UntrustedJSON.number(value) else { throw fail("'\(key)' must be a number") }
    return number
  }

  func object(_ key: String) throws -> [String: Any] {
    guard let value = fields[key] as? [String: Any] else { throw fail("'\(key)' must be an object") }
    return value
  }
}

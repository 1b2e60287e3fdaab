import ArgumentParsing
import Foundation
import Kernels
import ModelGraph
import Records

/// A model `model run` can feed: its graph and the tensor names `model inspect` prints (the
/// file's names for ONNX; `features`, `input_ids`, `token_type_ids`, `attention_mask` and the
/// graph output for native models and Hugging Face folders).
struct RunnableModel {
  var path: String
  var graph: Graph
  var lowered: ONNXLoweredModel?
  var inputNames: [String]
  var outputNames: [String]

  init(path: String, inputShapes: [String: [Int]] = [:]) throws {
    self.path = path
    if try ModelLoader.format(of: path) == .onnx {
      let model = try ONNXModel(path: path)
      let lowered = try usageErrorsForInputShapes { try ONNXLowering.lower(model, inputShapes: inputShapes) }
      self.lowered = lowered
      graph = lowered.graph
      inputNames = lowered.inputs.map(\.name)
      outputNames = lowered.outputs.map(\.name)
    } else {
      graph = try loadModel(path, inputShapes: inputShapes)
      inputNames = graph.inputNames
      outputNames = [graph.output]
    }
  }

  /// The graph whose output is `name`.
  func graph(forOutput name: String) throws -> Graph {
    var result = graph
    result.output = try value(forOutput: name)
    return result
  }

  /// The graph value behind output `name` (a native model's one output is the graph's).
  func value(forOutput name: String) throws -> String {
    guard let lowered else { return graph.output }
    guard let value = lowered.outputs.first(where: { $0.name == name })?.value else {
      throw ArgumentError("'\(path)' has no output '\(name)'.")
    }
    return value
  }

  /// `--input` and `--output` values resolved to tensor names: a value is `NAME=FILE` only when
  /// NAME is one of the model's tensor names; otherwise it is a file path.
  /// - Throws: `ArgumentError` (exit 64) for a missing, repeated or unnamed-where-named-needed tensor.
  func resolve(_ request: ModelRunRequest) throws -> (inputs: [String: String], outputs: [(name: String, path: String)]) {
    var named: [String: String] = [:], unnamed: [String] = []
    for value in request.inputs {
      if let (name, file) = Self.split(value, names: inputNames) {
        guard named[name] == nil else { throw ArgumentError("'--input \(name)=…' is given twice; give each input once.") }
        named[name] = file
      } else {
        unnamed.append(value)
      }
    }
    let list = inputNames.joined(separator: ", ")
    if lowered != nil {
      for (option, given) in [("mask", request.maskPath != nil), ("token-types", request.tokenTypesPath != nil), ("pool", request.pool)] where given {
        throw ArgumentError("'--\(option)' applies to native encoders; for an ONNX model name each input (--input NAME=FILE.npy; inputs: \(list)).")
      }
      if unnamed.count == 1, inputNames.count == 1, named.isEmpty { named[inputNames[0]] = unnamed.removeFirst() }
      if let value = unnamed.first, let equals = value.firstIndex(of: "="), !value[..<equals].contains("/") {
        let name = String(value[..<equals])
        let hint = closestMatch(to: name, in: inputNames).map { " Did you mean '\($0)'?" } ?? ""
        throw ArgumentError("'--input \(value)': the model has no input '\(name)'; its inputs: \(list).\(hint)")
      }
      if let value = unnamed.first {
        throw ArgumentError("'--input \(value)': name the input, e.g. '--input \(inputNames[0])=\(value)'; this model's inputs: \(list).")
      }
      for name in inputNames where named[name] == nil {
        throw ArgumentError("missing '--input \(name)=FILE.npy'; this model's inputs: \(list).")
      }
    } else {
      guard unnamed.count <= 1 else {
        throw ArgumentError("'--input' is given \(unnamed.count) times without a name; name each (inputs: \(list)).")
      }
      if let value = unnamed.first {
        guard named[inputNames[0]] == nil else { throw ArgumentError("'--input \(value)' and '--input \(inputNames[0])=…' both give \(inputNames[0]).") }
        named[inputNames[0]] = value
      }
      for (option, name, path) in [("mask", "attention_mask", request.maskPath), ("token-types", "token_type_ids", request.tokenTypesPath)] {
        guard let path else { continue }
        guard case .encoder = graph.kind else {
          throw ArgumentError("'--\(option)' applies to encoders; '\(self.path)' is an MLP (input: float32 features).")
        }
        guard named[name] == nil else { throw ArgumentError("'--\(option)' and '--input \(name)=…' both give \(name).") }
        named[name] = path
      }
      if request.pool, case .mlp = graph.kind {
        throw ArgumentError("'--pool' applies to encoders; '\(self.path)' is an MLP (input: float32 features).")
      }
      guard named[inputNames[0]] != nil else { throw ArgumentError("missing '--input \(inputNames[0])=FILE.npy' (or an unnamed --input).") }
    }
    return (named, try outputs(request))
  }

  private func outputs(_ request: ModelRunRequest) throws -> [(name: String, path: String)] {
    if let folder = request.outputFolder {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw ArgumentError("'--output-dir \(folder)': cannot create the folder (\(error.localizedDescription)).")
      }
      return outputNames.map { ($0, folder + "/" + Self.fileName(for: $0) + ".npy") }
    }
    var result: [(name: String, path: String)] = []
    for value in request.outputs {
      if let (name, file) = Self.split(value, names: outputNames) {
        result.append((name, file))
      } else if outputNames.count == 1 {
        result.append((outputNames[0], value))
      } else {
        throw ArgumentError(
          "'--output \(value)': this model has outputs \(outputNames.joined(separator: ", ")); name one "
            + "('--output \(outputNames[0])=\(value)') or use --output-dir DIR.")
      }
    }
    guard Set(result.map(\.path)).count == result.count else { throw ArgumentError("two outputs name the same file.") }
    return result
  }

  /// `NAME=FILE` split, when NAME is one of `names`.
  static func split(_ value: String, names: [String]) -> (String, String)? {
    guard let equals = value.firstIndex(of: "=") else { return nil }
    let name = String(value[..<equals])
    return names.contains(name) ? (name, String(value[value.index(after: equals)...])) : nil
  }

  /// A tensor name as a file name: characters other than letters, digits, `.`, `-` and `_`
  /// become `_` (ONNX names may hold `/` or `:`).
  static func fileName(for name: String) -> String {
    let kept = name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" }
    let text = String(kept)
    return text.isEmpty || text.hasPrefix(".") ? "_" + text : text
  }

  /// The model input from the named files.
  func input(from files: [String: String], request: ModelRunRequest) throws -> ModelInput {
    var byValue: [String: String] = [:]
    if let lowered {
      for binding in lowered.inputs { if let value = binding.value, let file = files[binding.name] { byValue[value] = file } }
    } else {
      byValue = files
    }
    switch graph.kind {
    case let .mlp(features):
      guard let file = byValue["features"] else { throw ArgumentError("missing the float features input.") }
      if let sample = lowered?.inputs.first(where: { $0.value == "features" })?.sampleShape, sample.count > 1 {
        return try readImages(file, sampleShape: sample)
      }
      return try readFeatures(file, features: features)
    case .encoder:
      guard let ids = byValue["input_ids"] else { throw ArgumentError("missing the token ids input.") }
      return .tokens(try readTokens(ids: ids, mask: byValue["attention_mask"], tokenTypes: byValue["token_type_ids"]))
    }
  }
}

private func readFeatures(_ path: String, features: Int) throws -> ModelInput {
  let array = try NPYFile.read(path: path)
  let tensor = try array.floatTensor()
  guard tensor.shape.count == 2, tensor.shape[1] == features, tensor.shape[0] >= 1 else {
    throw ForwardPassError.inputShape(
      detail: "\(path) has shape \(tensor.shape); this MLP takes float32 features [batch, \(features)] "
        + "(reshape a single row to [1, \(features)])")
  }
  return .features(tensor)
}

private func readTokens(ids idsPath: String, mask maskPath: String?, tokenTypes typesPath: String?) throws -> TokenBatch {
  let idsArray = try NPYFile.read(path: idsPath)
  guard idsArray.shape.count == 2 else {
    throw ForwardPassError.inputShape(
      detail: "\(idsPath) has shape \(idsArray.shape); an encoder takes token ids [batch, sequence] (reshape a single row to [1, n])")
  }
  let ids = try idsArray.int32Values()
  func companion(_ path: String?) throws -> [Int32]? {
    guard let path else { return nil }
    let array = try NPYFile.read(path: path)
    guard array.shape == idsArray.shape else {
      throw ForwardPassError.inputShape(detail: "\(path) has shape \(array.shape); it must match the token ids' \(idsArray.shape)")
    }
    return try array.int32Values()
  }
  return TokenBatch(
    batchSize: idsArray.shape[0], sequenceLength: idsArray.shape[1], ids: ids, mask: try companion(maskPath),
    tokenTypes: try companion(typesPath))
}


/// Images `[batch, C, H, W]` as the flattened features the graph reads.
private func readImages(_ path: String, sampleShape: [Int]) throws -> ModelInput {
  let tensor = try NPYFile.read(path: path).floatTensor()
  guard tensor.shape.count == sampleShape.count + 1, Array(tensor.shape.dropFirst()) == sampleShape, tensor.shape[0] >= 1 else {
    let dims = sampleShape.map(String.init).joined(separator: ", ")
    throw ForwardPassError.inputShape(detail: "\(path) has shape \(tensor.shape); this model takes float32 images [batch, \(dims)]")
  }
  return .features(Tensor(shape: [tensor.shape[0], tensor.count / tensor.shape[0]], scalars: tensor.scalars))
}

/// The type of a graph input, output or intermediate value (`TypeProto` in onnx.proto).
public indirect enum ONNXType: Sendable, Equatable, CustomStringConvertible {
  /// A dense tensor; `shape` is nil when the file gives no shape (rank unknown).
  case tensor(elementType: ONNXDataType, shape: [ONNXDimension]?)
  /// A sparse tensor.
  case sparseTensor(elementType: ONNXDataType, shape: [ONNXDimension]?)
  /// A sequence of values of one type (nil when the file leaves it out).
  case sequence(ONNXType?)
  /// A map from an integer or string key to values of one type.
  case map(key: ONNXDataType, value: ONNXType?)
  /// A value that may be absent.
  case optional(ONNXType?)
  /// An opaque type named by domain and name.
  case opaque(domain: String, name: String)
  /// A type this reader does not know (a newer onnx.proto), or a TypeProto with no value.
  case unknown

  /// As `model inspect` prints it: `float [batch, 3, 224, 224]`, `int64 [batch, sequence]`.
  public var description: String {
    func text(_ type: ONNXType?) -> String { type.map(\.description) ?? "?" }
    func shapeText(_ shape: [ONNXDimension]?) -> String {
      shape.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "[rank unknown]"
    }
    switch self {
    case let .tensor(elementType, shape): return "\(elementType.description.lowercased()) \(shapeText(shape))"
    case let .sparseTensor(elementType, shape): return "sparse \(elementType.description.lowercased()) \(shapeText(shape))"
    case let .sequence(element): return "sequence<\(text(element))>"
    case let .map(key, value): return "map<\(key.description.lowercased()), \(text(value))>"
    case let .optional(element): return "optional<\(text(element))>"
    case let .opaque(domain, name): return "opaque \(domain.isEmpty ? name : domain + "." + name)"
    case .unknown: return "unknown type"
    }
  }
}

/// One dim of a value's shape: a size, a symbolic name such as `batch` (`dim_param`), or unknown.
public enum ONNXDimension: Sendable, Equatable, Hashable, CustomStringConvertible {
  case value(Int)
  case parameter(String)
  case unknown

  /// The size, the name, or `?`.
  public var description: String {
    switch self {
    case let .value(size): String(size)
    case let .parameter(name): name
    case .unknown: "?"
    }
  }
}

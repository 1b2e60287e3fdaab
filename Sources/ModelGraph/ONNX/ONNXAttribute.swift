/// One attribute of an ONNX node (`AttributeProto`): a name and a typed value.
public struct ONNXAttribute: Sendable, Equatable {
  /// An attribute's value, by `AttributeProto.AttributeType`.
  public indirect enum Value: Sendable, Equatable {
    case float(Float)
    case int(Int64)
    /// Bytes; ONNX ops use UTF-8 text here (`auto_pad`, `approximate`, …), see `text`.
    case string([UInt8])
    case tensor(ONNXTensor)
    case graph(ONNXGraph)
    case type(ONNXType)
    case floats([Float])
    case ints([Int64])
    case strings([[UInt8]])
    case tensors([ONNXTensor])
    case graphs([ONNXGraph])
    case types([ONNXType])
    /// Inside a function body: the value of the calling node's attribute with this name.
    case reference(String)

    /// An INT value, or nil.
    public var int: Int64? {
      if case let .int(value) = self { return value }
      return nil
    }

    /// A FLOAT value, or nil.
    public var float: Float? {
      if case let .float(value) = self { return value }
      return nil
    }

    /// An INTS value, or nil.
    public var ints: [Int64]? {
      if case let .ints(values) = self { return values }
      return nil
    }

    /// A FLOATS value, or nil.
    public var floats: [Float]? {
      if case let .floats(values) = self { return values }
      return nil
    }

    /// A STRING value as UTF-8 text, or nil (not a string, or not valid UTF-8).
    public var text: String? {
      if case let .string(bytes) = self { return String(validating: bytes, as: UTF8.self) }
      return nil
    }

    /// A TENSOR value, or nil.
    public var tensor: ONNXTensor? {
      if case let .tensor(value) = self { return value }
      return nil
    }

    /// The graphs a GRAPH or GRAPHS value holds (If, Loop and Scan bodies); empty otherwise.
    public var subgraphs: [ONNXGraph] {
      switch self {
      case let .graph(graph): [graph]
      case let .graphs(graphs): graphs
      default: []
      }
    }
  }

  public var name: String
  public var value: Value

  /// Creates an attribute.
  public init(name: String, value: Value) {
    self.name = name
    self.value = value
  }
}

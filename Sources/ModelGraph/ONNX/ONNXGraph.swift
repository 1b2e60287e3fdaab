/// A graph read from an ONNX file (`GraphProto`): nodes in the file's order (ONNX requires
/// topological order), initializers and the declared inputs, outputs and intermediate types.
public struct ONNXGraph: Sendable, Equatable {
  public var name: String
  public var nodes: [ONNXNode]
  public var initializers: [ONNXTensor]
  /// Declared inputs. Files of IR version 3 and older also list every initializer here.
  public var inputs: [ONNXValueInfo]
  public var outputs: [ONNXValueInfo]
  /// Types of intermediate values, where the exporter recorded them.
  public var valueInfo: [ONNXValueInfo]

  /// Creates a graph.
  public init(
    name: String = "", nodes: [ONNXNode] = [], initializers: [ONNXTensor] = [], inputs: [ONNXValueInfo] = [],
    outputs: [ONNXValueInfo] = [], valueInfo: [ONNXValueInfo] = []
  ) {
    self.name = name
    self.nodes = nodes
    self.initializers = initializers
    self.inputs = inputs
    self.outputs = outputs
    self.valueInfo = valueInfo
  }

  /// The inputs a caller feeds: those without an initializer of the same name.
  public var runtimeInputs: [ONNXValueInfo] {
    let initialized = Set(initializers.map(\.name))
    return inputs.filter { !initialized.contains($0.name) }
  }

  /// The initializer named `name`, if any.
  public func initializer(named name: String) -> ONNXTensor? {
    initializers.first { $0.name == name }
  }

  /// Node counts by op, most frequent first, then by name. Ops outside the default domain are
  /// written `domain.op`. Counts subgraphs' nodes too, since they run as well.
  public var opHistogram: [(op: String, count: Int)] {
    var counts: [String: Int] = [:]
    func count(_ graph: ONNXGraph) {
      for node in graph.nodes {
        counts[node.qualifiedOpType, default: 0] += 1
        for attribute in node.attributes { attribute.value.subgraphs.forEach(count) }
      }
    }
    count(self)
    return counts.map { (op: $0.key, count: $0.value) }.sorted { ($1.count, $0.op) < ($0.count, $1.op) }
  }
}

/// One node of an ONNX graph (`NodeProto`).
public struct ONNXNode: Sendable, Equatable {
  /// The node's name; exporters usually give one, but it may be empty.
  public var name: String
  public var opType: String
  /// The operator set domain: "" (or "ai.onnx") for the standard ops.
  public var domain: String
  /// Input value names in order; "" marks an optional input left out.
  public var inputs: [String]
  public var outputs: [String]
  public var attributes: [ONNXAttribute]

  /// Creates a node.
  public init(
    name: String = "", opType: String, domain: String = "", inputs: [String] = [], outputs: [String] = [],
    attributes: [ONNXAttribute] = []
  ) {
    self.name = name
    self.opType = opType
    self.domain = domain
    self.inputs = inputs
    self.outputs = outputs
    self.attributes = attributes
  }

  /// `opType` for the standard domain, `domain.opType` otherwise.
  public var qualifiedOpType: String {
    domain.isEmpty || domain == "ai.onnx" ? opType : domain + "." + opType
  }

  /// The value of the attribute named `name`, if the node has it.
  public func attribute(_ name: String) -> ONNXAttribute.Value? {
    attributes.first { $0.name == name }?.value
  }
}

/// A named value's declared type (`ValueInfoProto`).
public struct ONNXValueInfo: Sendable, Equatable {
  public var name: String
  /// nil when the file gives no type.
  public var type: ONNXType?

  /// Creates a value info.
  public init(name: String, type: ONNXType?) {
    self.name = name
    self.type = type
  }
}

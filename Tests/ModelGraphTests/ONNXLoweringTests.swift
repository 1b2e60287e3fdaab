import ModelGraph
import Testing

/// The lowering on small graphs built in memory: patterns it maps, and what it refuses (an
/// unsupported op before anything else, then inputs and patterns, each naming the node).
@Suite("ONNX lowering")
struct ONNXLoweringTests {
  static func floats(_ name: String, _ dims: [Int], _ value: (Int) -> Float = { Float($0 % 7) / 10 }) -> ONNXTensor {
    ONNXTensor(name: name, dataType: .float, dims: dims, values: .floats((0..<dims.reduce(1, *)).map(value)))
  }

  static func input(_ name: String, _ dims: [ONNXDimension], _ type: ONNXDataType = .float) -> ONNXValueInfo {
    ONNXValueInfo(name: name, type: .tensor(elementType: type, shape: dims))
  }

  static func output(_ name: String) -> ONNXValueInfo { ONNXValueInfo(name: name, type: nil) }

  /// `x [batch, features] → Gemm(W [4, 6], b) → Relu → y`, the feature axis as given.
  static func mlp(features: ONNXDimension) -> ONNXGraph {
    ONNXGraph(
      nodes: [
        ONNXNode(name: "fc", opType: "Gemm", inputs: ["x", "W", "b"], outputs: ["h"], attributes: [ONNXAttribute(name: "transB", value: .int(1))]),
        ONNXNode(name: "act", opType: "Relu", inputs: ["h"], outputs: ["y"]),
      ],
      initializers: [floats("W", [4, 6]), floats("b", [4])], inputs: [input("x", [.parameter("batch"), features])],
      outputs: [output("y")])
  }

  @Test("Gemm and Relu become dense and relu; the file's names are kept")
  func gemm() throws {
    let lowered = try ONNXLowering.lower(Self.mlp(features: .value(6)), path: "m.onnx")
    #expect(lowered.graph.kind == .mlp(inputFeatures: 6))
    #expect(lowered.graph.nodes.map(\.op) == [.dense(weight: "W", bias: "b"), .activation(.relu)])
    #expect(lowered.inputs == [ONNXBinding(name: "x", value: "features", role: .data, sampleShape: [6])])
    #expect(lowered.outputs.map(\.name) == ["y"])
  }

  @Test("a symbolic feature axis needs --input-shape; one that contradicts the file is refused")
  func inputShape() throws {
    let graph = Self.mlp(features: .parameter("n"))
    #expect(throws: ONNXLoweringError.unsupportedInput(
      path: "m.onnx", input: "x", detail: "its per-sample dims are symbolic; give them with --input-shape x=N")) {
      try ONNXLowering.lower(graph, path: "m.onnx")
    }
    #expect(try ONNXLowering.lower(graph, path: "m.onnx", inputShapes: ["x": [6]]).graph.kind == .mlp(inputFeatures: 6))
    #expect(throws: ONNXLoweringError.inputShapeMismatch(path: "m.onnx", input: "x", given: [5], fixed: [6])) {
      try ONNXLowering.lower(Self.mlp(features: .value(6)), path: "m.onnx", inputShapes: ["x": [5]])
    }
    #expect(throws: ONNXLoweringError.unknownInput(path: "m.onnx", input: "image", known: ["x"])) {
      try ONNXLowering.lower(graph, path: "m.onnx", inputShapes: ["image": [6]])
    }
    let error = #expect(throws: ONNXLoweringError.self) { try ONNXLowering.lower(graph, path: "m.onnx", inputShapes: ["x": [7]]) }
    #expect(error?.description == "m.onnx: node 'fc' (Gemm): weight [4, 6] does not fit input width 7. infer-plan maps ONNX "
      + "graphs onto its fused kernels (dense, layer norm, attention, embedding, mean pool) and refuses what it cannot map; see docs/onnx.md.")
  }

  @Test("an unsupported op is reported before any input or shape problem", arguments: [("", "LSTM"), ("com.microsoft", "FusedMatMul")])
  func unsupportedOpFirst(domain: String, op: String) throws {
    let graph = ONNXGraph(
      nodes: [ONNXNode(name: "first", opType: "Relu", inputs: ["image"], outputs: ["a"]),
              ONNXNode(opType: op, domain: domain, inputs: ["a"], outputs: ["b"])],
      inputs: [Self.input("image", [.parameter("batch"), .value(3), .parameter("h"), .parameter("w"), .value(2)])], outputs: [Self.output("b")])
    let qualified = domain.isEmpty ? op : domain + "." + op
    #expect(throws: ONNXLoweringError.unsupportedOp(path: "c.onnx", node: "#1 (\(op))", op: qualified, supported: ONNXLowering.supportedOps)) {
      try ONNXLowering.lower(graph, path: "c.onnx")
    }
  }

  @Test("MatMul + Add fold into one dense with bias; a decomposed layer norm without γ and β gets ones and zeros")
  func matMulAndNorm() throws {
    let nodes = [
      ONNXNode(name: "mm", opType: "MatMul", inputs: ["x", "W"], outputs: ["m"]),
      ONNXNode(name: "bias", opType: "Add", inputs: ["B", "m"], outputs: ["h"]),
      ONNXNode(name: "mean", opType: "ReduceMean", inputs: ["h"], outputs: ["mu"], attributes: [ONNXAttribute(name: "axes", value: .ints([-1]))]),
      ONNXNode(name: "sub", opType: "Sub", inputs: ["h", "mu"], outputs: ["c"]),
      ONNXNode(name: "sq", opType: "Mul", inputs: ["c", "c"], outputs: ["c2"]),
      ONNXNode(name: "var", opType: "ReduceMean", inputs: ["c2"], outputs: ["v"], attributes: [ONNXAttribute(name: "axes", value: .ints([-1]))]),
      ONNXNode(name: "eps", opType: "Add", inputs: ["v", "E"], outputs: ["ve"]),
      ONNXNode(name: "sqrt", opType: "Sqrt", inputs: ["ve"], outputs: ["sd"]),
      ONNXNode(name: "div", opType: "Div", inputs: ["c", "sd"], outputs: ["y"]),
    ]
    let graph = ONNXGraph(
      nodes: nodes, initializers: [Self.floats("W", [6, 4]), Self.floats("B", [1, 4]), Self.floats("E", []) { _ in 1e-5 }],
      inputs: [Self.input("x", [.parameter("batch"), .value(6)])], outputs: [Self.output("y")])
    let lowered = try ONNXLowering.lower(graph, path: "n.onnx")
    #expect(lowered.graph.nodes.map(\.op.name) == ["dense", "layer_norm"])
    guard case let .dense(weight, bias) = lowered.graph.nodes[0].op, case let .layerNorm(gamma, beta, epsilon) = lowered.graph.nodes[1].op else {
      Issue.record("unexpected ops")
      return
    }
    // MatMul's [in, out] weight is stored transposed, as [out, in].
    let w = try #require(lowered.graph.weights[weight])
    #expect(w.shape == [4, 6] && w.scalars[1] == Self.floats("W", [6, 4]).floats?[4])
    #expect(bias == "B")
    #expect(lowered.graph.weights[gamma]?.scalars == [1, 1, 1, 1] && lowered.graph.weights[beta]?.scalars == [0, 0, 0, 0])
    #expect(epsilon == 1e-5)
  }

  @Test("an elementwise chain is an activation only when it computes one: x·x is refused where it is read")
  func elementwiseChain() throws {
    func graph(_ nodes: [ONNXNode]) -> ONNXGraph {
      ONNXGraph(
        nodes: [ONNXNode(name: "act", opType: "Relu", inputs: ["x"], outputs: ["a"])] + nodes,
        initializers: [Self.floats("half", []) { _ in 0.5 }, Self.floats("one", []) { _ in 1 }, Self.floats("root2", []) { _ in Float(2).squareRoot() }],
        inputs: [Self.input("x", [.parameter("batch"), .value(4)])], outputs: [Self.output("y")])
    }
    // 0.5 · a · (1 + erf(a/√2)) in the dynamo exporter's order.
    let gelu = try ONNXLowering.lower(graph([
      ONNXNode(name: "d", opType: "Div", inputs: ["a", "root2"], outputs: ["b"]), ONNXNode(name: "e", opType: "Erf", inputs: ["b"], outputs: ["c"]),
      ONNXNode(name: "p", opType: "Add", inputs: ["c", "one"], outputs: ["f"]), ONNXNode(name: "h", opType: "Mul", inputs: ["half", "f"], outputs: ["g"]),
      ONNXNode(name: "m", opType: "Mul", inputs: ["a", "g"], outputs: ["y"]),
    ]), path: "g.onnx")
    #expect(gelu.graph.nodes.map(\.op) == [.activation(.relu), .activation(.gelu)])
    let square = #expect(throws: ONNXLoweringError.self) {
      try ONNXLowering.lower(graph([ONNXNode(name: "odd", opType: "Mul", inputs: ["a", "a"], outputs: ["y"])]), path: "p.onnx")
    }
    #expect(square?.description.hasPrefix(
      "p.onnx: node 'graph output' (output): reads 'y', an elementwise function of 'a' that is none of the kernels' activations") == true)
  }

  @Test("ops in an arrangement the kernels do not cover are refused, naming the node", arguments: [
    ("MatMul", ["a", "a"], "multiplies two computed values other than attention's q·kᵀ and probabilities·v"),
    ("Sub", ["a", "x"], "Sub of a value and a value matches no supported pattern"),
    ("Softmax0", ["a"], "softmax over axis 0; only the last axis is supported"),
  ])
  func refusedPattern(op: String, inputs: [String], detail: String) throws {
    let attributes = op == "Softmax0" ? [ONNXAttribute(name: "axis", value: .int(0))] : []
    let graph = ONNXGraph(
      nodes: [ONNXNode(name: "act", opType: "Relu", inputs: ["x"], outputs: ["a"]),
              ONNXNode(name: "odd", opType: op == "Softmax0" ? "Softmax" : op, inputs: inputs, outputs: ["y"], attributes: attributes)],
      inputs: [Self.input("x", [.parameter("batch"), .value(4)])], outputs: [Self.output("y")])
    #expect(throws: ONNXLoweringError.unsupportedPattern(path: "p.onnx", node: "odd", op: op == "Softmax0" ? "Softmax" : op, detail: detail)) {
      try ONNXLowering.lower(graph, path: "p.onnx")
    }
  }
}

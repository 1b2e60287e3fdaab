// Where the lowering meets the graph: binding the file's inputs, turning pending pattern
// stages into nodes, and building the final `Graph` with its model kind.

extension ONNXLowerer {
  /// Binds the file's runtime inputs: one float `[batch, features]` input (an MLP), or integer
  /// `[batch, sequence]` inputs (an encoder: ids, token types, mask, told apart by use).
  mutating func bindInputs(_ graph: ONNXGraph, inputShapes: [String: [Int]]) throws -> [ONNXBinding] {
    let runtime = graph.runtimeInputs
    for name in inputShapes.keys where !runtime.contains(where: { $0.name == name }) {
      throw ONNXLoweringError.unknownInput(path: path, input: name, known: runtime.map(\.name))
    }
    for initializer in graph.initializers { values[initializer.name] = .constant(LoweringConstant(initializer)) }
    var floats: [String] = []
    for input in runtime {
      guard case let .tensor(elementType, shape)? = input.type, let shape, !shape.isEmpty else {
        throw ONNXLoweringError.unsupportedInput(path: path, input: input.name, detail: "needs a tensor type with a known rank")
      }
      // Per-sample dims (batch excluded); -1 marks a symbolic one.
      var perSample = shape.dropFirst().map { dimension -> Int in
        if case let .value(size) = dimension { return size }
        return -1
      }
      if let given = inputShapes[input.name] {
        let fits = given.count == perSample.count && zip(given, perSample).allSatisfy { $1 == -1 || $0 == $1 }
        guard fits else {
          throw ONNXLoweringError.inputShapeMismatch(
            path: path, input: input.name, given: given, fixed: perSample.map { $0 == -1 ? nil : $0 })
        }
        perSample = given
      }
      switch elementType {
      case .float, .float16, .bfloat16, .double:
        guard perSample.count == 1 || perSample.count == 3 else {
          throw ONNXLoweringError.unsupportedInput(
            path: path, input: input.name,
            detail: "a float input of rank \(shape.count) (\(input.type?.description ?? "")); infer-plan runs float inputs "
              + "[batch, features] (MLPs) and [batch, channels, height, width] (CNNs)")
        }
        guard perSample.allSatisfy({ $0 > 0 }) else {
          let example = perSample.count == 1 ? "N" : "CxHxW"
          throw ONNXLoweringError.unsupportedInput(
            path: path, input: input.name, detail: "its per-sample dims are symbolic; give them with --input-shape \(input.name)=\(example)")
        }
        let geometry = perSample.count == 3 ? ImageGeometry(channels: perSample[0], height: perSample[1], width: perSample[2]) : nil
        guard let features = geometry.map({ $0.elementCount }) ?? perSample[0], features <= Int(Int32.max) else {
          throw ONNXLoweringError.unsupportedInput(path: path, input: input.name, detail: "\(perSample) is too large")
        }
        floats.append(input.name)
        sampleShapes[input.name] = perSample
        values[input.name] = .tensor("features")
        dims["features"] = [.batch, .fixed(features)]
        images["features"] = geometry
      case .int64, .int32:
        guard shape.count == 2 else {
          throw ONNXLoweringError.unsupportedInput(
            path: path, input: input.name, detail: "an integer input of rank \(shape.count); token inputs are [batch, sequence]")
        }
        isEncoder = true
        values[input.name] = .tokenInput(input.name)
      default:
        throw ONNXLoweringError.unsupportedInput(path: path, input: input.name, detail: "element type \(elementType) is not supported")
      }
    }
    guard floats.count <= 1, floats.isEmpty || !isEncoder else {
      throw ONNXLoweringError.unsupportedGraph(
        path: path, detail: "inputs \(runtime.map(\.name).joined(separator: ", ")): infer-plan runs models with one float "
          + "input [batch, features] or integer token inputs [batch, sequence]")
    }
    guard !runtime.isEmpty else { throw ONNXLoweringError.unsupportedGraph(path: path, detail: "the graph has no inputs") }
    return runtime.map {
      ONNXBinding(name: $0.name, value: floats.contains($0.name) ? "features" : nil, role: .data, sampleShape: sampleShapes[$0.name])
    }
  }

  /// The graph value of ONNX value `name`, making nodes for a pending stage (and remembering them).
  mutating func materialize(_ name: String) throws -> String {
    let found = try value(name)
    if case let .tensor(graphName) = found { return graphName }
    let made = try materialize(found, base: name, nodeName: origins[name] ?? current)
    values[name] = .tensor(made)
    return made
  }

  private mutating func materialize(_ value: LoweredValue, base: String, nodeName: String) throws -> String {
    switch value {
    case let .tensor(name): return name
    case let .dense(input, weight, bias):
      let inputDims = try graphDims(input)
      let outputs = weights[weight]?.shape.first ?? 0
      return emit(
        .dense(weight: weight, bias: bias), inputs: [input], output: base, dims: inputDims.dropLast() + [.fixed(outputs)],
        name: nodeName)
    case let .embedding(parts): return try emitEmbedding(parts, base: base, nodeName: nodeName)
    case let .norm(input, .normalized(epsilon)):
      let width = try width(input)
      let gamma = filledWeight(base + ".gamma", count: width, value: 1)
      let beta = filledWeight(base + ".beta", count: width, value: 0)
      return emit(.layerNorm(gamma: gamma, beta: beta, epsilon: Float(epsilon)), inputs: [input], output: base, dims: try graphDims(input), name: nodeName)
    case let .norm(input, .scaled(epsilon, gamma)):
      let beta = filledWeight(base + ".beta", count: try width(input), value: 0)
      return emit(.layerNorm(gamma: gamma, beta: beta, epsilon: Float(epsilon)), inputs: [input], output: base, dims: try graphDims(input), name: nodeName)
    case let .pointwise(x, expression):
      if expression.isIdentity { return x }
      guard let activation = expression.activation else {
        throw refuse("reads '\(base)', an elementwise function of '\(x)' that is none of the kernels' activations "
          + "(\(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      return emit(.activation(activation), inputs: [x], output: base, dims: try graphDims(x), name: nodeName)
    default:
      throw refuse("reads '\(base)', \(Self.describe(value)), which has no kernel of its own")
    }
  }

  private mutating func emitEmbedding(_ parts: EmbeddingParts, base: String, nodeName: String) throws -> String {
    guard let word = parts.word, let wordInput = parts.wordInput, let table = weights[word] else {
      throw refuse("an embedding sum without a word-table lookup of the token ids")
    }
    try assign(.tokenIDs, to: wordInput)
    if let typeInput = parts.tokenTypeInput { try assign(.tokenTypes, to: typeInput) }
    let op = Op.embedding(word: word, position: parts.position, tokenType: parts.tokenType, positionOffset: 0)
    return emit(op, inputs: ["input_ids", "token_type_ids"], output: base, dims: [.batch, .sequence, .fixed(table.shape[1])], name: nodeName)
  }

  /// Words for a pending stage in messages.
  static func describe(_ value: LoweredValue) -> String {
    switch value {
    case .tensor: "a value"
    case .tokenInput: "an integer input"
    case .constant: "a constant"
    case .positions: "position ids"
    case .zeros: "integer zeros"
    case .embedding: "an embedding sum"
    case .dense: "a MatMul"
    case .maskTerm: "a value computed from the attention mask"
    case .norm: "part of a decomposed layer norm"
    case .pointwise: "an elementwise expression"
    case .ones, .causalMask: "a causal mask"
    case .splitHeads, .heads: "attention heads"
    case let .attention(_, stage): "attention \(stage)"
    case .maskedHidden, .maskedSum, .maskCount: "part of a mean pooling"
    }
  }

  /// The graph: outputs bound, model kind found (MLP width or encoder tables).
  mutating func finish(_ onnxGraph: ONNXGraph, inputs: [ONNXBinding]) throws -> ONNXLoweredModel {
    current = "graph output"
    currentOp = "output"
    var outputs: [ONNXBinding] = []
    for output in onnxGraph.outputs {
      let value = try materialize(output.name)
      guard nodes.contains(where: { $0.output == value }) else {
        throw ONNXLoweringError.unsupportedGraph(path: path, detail: "output '\(output.name)' is a graph input, not computed")
      }
      outputs.append(ONNXBinding(name: output.name, value: value, role: .data))
    }
    guard let first = outputs.first?.value else { throw ONNXLoweringError.unsupportedGraph(path: path, detail: "the graph has no outputs") }
    let kind: ModelKind
    if isEncoder {
      guard let embedding = nodes.first(where: { if case .embedding = $0.op { true } else { false } }),
        case let .embedding(word, position, _, _) = embedding.op, let table = weights[word]
      else {
        throw ONNXLoweringError.unsupportedGraph(
          path: path, detail: "integer inputs but no embedding lookup; infer-plan runs token models that start with one")
      }
      let positions = position.flatMap { weights[$0]?.shape.first } ?? 1 << 20
      kind = .encoder(vocabularySize: table.shape[0], hiddenSize: table.shape[1], maxPositions: positions)
    } else {
      guard case let .fixed(features)? = dims["features"]?.last else {
        throw ONNXLoweringError.unsupportedGraph(path: path, detail: "no float features input")
      }
      kind = .mlp(inputFeatures: features)
    }
    if hasUnmaskedAttention, let mask = roles.first(where: { $0.value == .attentionMask })?.key {
      // The fused kernel would apply the mask the file's attention ignores.
      throw ONNXLoweringError.unsupportedGraph(
        path: path, detail: "attention ignores mask input '\(mask)' that other nodes read; the fused kernel applies it everywhere")
    }
    let hasCausalAttention = nodes.contains { if case .causalAttention = $0.op { true } else { false } }
    let roleNames: [ValueRole: String] = [.tokenIDs: "input_ids", .tokenTypes: "token_type_ids", .attentionMask: "attention_mask"]
    let boundInputs = inputs.map { binding -> ONNXBinding in
      guard let role = roles[binding.name] else { return binding }
      return ONNXBinding(name: binding.name, value: roleNames[role], role: role, sampleShape: binding.sampleShape)
    }
    let name = onnxGraph.name.isEmpty || onnxGraph.name == "main_graph" || onnxGraph.name == "torch_jit"
      ? fileStem(path) : onnxGraph.name
    let graph = Graph(
      name: name, architecture: !isEncoder ? (images["features"] != nil ? "ONNX CNN" : "ONNX MLP") : hasCausalAttention ? "ONNX decoder" : "ONNX encoder", kind: kind, nodes: nodes, output: first,
      weights: weights)
    _ = try GraphAnalysis(graph)
    return ONNXLoweredModel(graph: graph, inputs: boundInputs, outputs: outputs)
  }

  private func fileStem(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    return file.hasSuffix(".onnx") ? String(file.dropLast(5)) : file
  }
}

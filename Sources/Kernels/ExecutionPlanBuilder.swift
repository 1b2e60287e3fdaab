import CKernels
import ModelGraph

/// Builds an `ExecutionPlan`: fusion, buffer assignment and weight lists (see its doc comment).
struct ExecutionPlanBuilder {
  let graph: Graph
  let analysis: GraphAnalysis
  /// Values to keep readable after the pass besides the graph output.
  let kept: Set<String>
  var plan = ExecutionPlan()
  var slotOf: [String: Int] = [:]
  var freeSlots: [Int] = []
  var pinned = Set<Int>()
  var weightIndex: [String: Int] = [:]
  var packedIndex: [String: Int] = [:]
  /// Index of the last node reading each value (after fusion).
  var lastUse: [String: Int] = [:]

  init(graph: Graph, analysis: GraphAnalysis, keeping kept: Set<String> = []) {
    self.graph = graph
    self.analysis = analysis
    self.kept = kept
  }

  /// Nodes folded into the step before them, in order: a dense's activation; a convolution's
  /// channel affine (batch norm), then an Add of a value made before the convolution (a residual
  /// shortcut), then a ReLU or clip. Each folded value must be read only by the next node of the
  /// chain and be neither the graph output nor a kept value.
  func fusions() -> [Int: [Int]] {
    var readers: [String: [Int]] = [:]
    for (index, node) in graph.nodes.enumerated() {
      for input in Set(node.inputs) { readers[input, default: []].append(index) }
    }
    func soleReader(of node: Node) -> Int? {
      guard node.output != graph.output, !kept.contains(node.output), let users = readers[node.output], users.count == 1
      else { return nil }
      return users[0]
    }
    var producer: [String: Int] = [:]
    for (index, node) in graph.nodes.enumerated() { producer[node.output] = index }
    var fused: [Int: [Int]] = [:]
    for (index, node) in graph.nodes.enumerated() {
      switch node.op {
      case .dense:
        guard let user = soleReader(of: node), case .activation = graph.nodes[user].op else { continue }
        fused[index] = [user]
      case .convolution:
        var chain: [Int] = []
        var last = node
        if let user = soleReader(of: last), case .channelAffine = graph.nodes[user].op {
          chain.append(user)
          last = graph.nodes[user]
        }
        // The Add's other operand must exist when the convolution runs: a graph input or a value
        // made by an earlier node, of the same shape (so it can be read beside the output).
        if let user = soleReader(of: last), case .add = graph.nodes[user].op,
          let other = graph.nodes[user].inputs.first(where: { $0 != last.output }),
          graph.nodes[user].inputs.count == 2, producer[other].map({ $0 < index }) ?? true,
          analysis.bufferShape(of: other) == analysis.bufferShape(of: last.output)
        {
          chain.append(user)
          last = graph.nodes[user]
        }
        if let user = soleReader(of: last) {
          switch graph.nodes[user].op {
          case .activation(.relu), .clip: chain.append(user)
          default: break
          }
        }
        if !chain.isEmpty { fused[index] = chain }
      default: continue
      }
    }
    return fused
  }

  mutating func build() {
    let fused = fusions()
    let skipped = Set(fused.values.joined())
    let order = graph.nodes.indices.filter { !skipped.contains($0) }
    // The node each step writes (the last one folded into it) and what it reads.
    let writes = order.map { graph.nodes[fused[$0]?.last ?? $0].output }
    // What each step reads: its node's inputs and those of the nodes folded into it, less the
    // values made inside the chain (a residual Add's shortcut is read by the convolution's step).
    let reads = order.map { index -> [String] in
      let chain = [index] + (fused[index] ?? [])
      let made = Set(chain.map { graph.nodes[$0].output })
      return chain.flatMap { graph.nodes[$0].inputs }.filter { !made.contains($0) }
    }
    for (position, inputs) in reads.enumerated() {
      for input in inputs { lastUse[input] = position }
    }
    for value in kept.union([graph.output]) { lastUse[value] = order.count }  // alive to the end
    if case .mlp = graph.kind {
      let slot = newSlot(for: "features")
      slotOf["features"] = slot
      pinned.insert(slot)
      plan.featuresSlot = slot
    }
    for (position, index) in order.enumerated() {
      let node = graph.nodes[index]
      let output = writes[position]
      let outputShape = analysis.bufferShape(of: output) ?? BufferShape(scope: .sample, width: 0)
      let inPlace = Self.writesInPlace(node.op)
      let dying = reads[position].filter { lastUse[$0] == position && slotOf[$0] != nil && !pinned.contains(slotOf[$0]!) }
      var outputSlot: Int
      if inPlace, let reuse = dying.first(where: { analysis.bufferShape(of: $0) == outputShape }), let slot = slotOf[reuse] {
        outputSlot = slot
        plan.slotShapes[slot].append(outputShape)
      } else {
        outputSlot = newSlot(for: output)
      }
      slotOf[output] = outputSlot
      for input in Set(dying) where slotOf[input] != outputSlot {
        if let slot = slotOf[input] { freeSlots.append(slot) }
      }
      plan.steps.append(step(for: node, fusedWith: (fused[index] ?? []).map { graph.nodes[$0] }, output: outputSlot))
      if lastUse[output] == nil { freeSlots.append(outputSlot) }  // a value nobody reads
    }
    plan.outputSlot = slotOf[graph.output] ?? 0
    plan.outputShape = analysis.outputBufferShape
    for value in kept {
      if let slot = slotOf[value], let shape = analysis.bufferShape(of: value) { plan.keptSlots[value] = (slot, shape) }
    }
  }

  static func writesInPlace(_ op: Op) -> Bool {
    switch op {
    case .activation, .add, .softmax, .layerNorm, .channelAffine, .clip: true
    case .dense, .embedding, .attention, .causalAttention, .meanPool, .convolution, .pool: false
    }
  }

  /// A free slot holding values of the same scope — the narrowest one already wide enough
  /// (best fit), else the widest (which grows least) — or a new one.
  mutating func newSlot(for value: String) -> Int {
    let shape = analysis.bufferShape(of: value) ?? BufferShape(scope: .sample, width: 0)
    let fitting = freeSlots.enumerated().filter { _, slot in plan.slotShapes[slot].contains { $0.scope == shape.scope } }
    let wideEnough = fitting.filter { width(of: $0.element, shape.scope) >= shape.width }
    let best =
      wideEnough.min { width(of: $0.element, shape.scope) < width(of: $1.element, shape.scope) }
      ?? fitting.max { width(of: $0.element, shape.scope) < width(of: $1.element, shape.scope) }
    if let best {
      freeSlots.remove(at: best.offset)
      plan.slotShapes[best.element].append(shape)
      return best.element
    }
    plan.slotShapes.append([shape])
    return plan.slotShapes.count - 1
  }

  func width(of slot: Int, _ scope: RowScope) -> Int {
    plan.slotShapes[slot].filter { $0.scope == scope }.map(\.width).max() ?? 0
  }

  mutating func plain(_ name: String) -> Int {
    if let index = weightIndex[name] { return index }
    plan.weights.append(name)
    weightIndex[name] = plan.weights.count - 1
    return plan.weights.count - 1
  }

  mutating func packed(_ name: String, n: Int, k: Int) -> Int {
    if let index = packedIndex[name] { return index }
    plan.packedWeights.append((name, n, k))
    packedIndex[name] = plan.packedWeights.count - 1
    return plan.packedWeights.count - 1
  }

  mutating func step(for node: Node, fusedWith followers: [Node], output: Int) -> PlanStep {
    let slots = slotOf
    let slot = { (name: String) in slots[name] ?? 0 }
    let shape = analysis.bufferShape(of: node.inputs.first ?? "") ?? BufferShape(scope: .token, width: 0)
    switch node.op {
    case let .dense(weight, bias):
      let outWidth = analysis.bufferShape(of: node.output)?.width ?? 0
      var epilogue = Int32(IP_ACT_NONE.rawValue)
      if let activation = followers.first, case .activation(let kind) = activation.op { epilogue = ExecutionPlan.epilogue(kind) }
      return .dense(
        input: slot(node.inputs[0]), output: output, scope: shape.scope, inWidth: shape.width, outWidth: outWidth,
        packed: packed(weight, n: outWidth, k: shape.width), bias: bias.map { plain($0) }, activation: epilogue)
    case .activation(let kind):
      return .activation(kind, input: slot(node.inputs[0]), output: output, scope: shape.scope, width: shape.width)
    case .softmax:
      return .softmax(input: slot(node.inputs[0]), output: output, scope: shape.scope, width: shape.width)
    case let .layerNorm(gamma, beta, epsilon):
      return .layerNorm(
        input: slot(node.inputs[0]), output: output, scope: shape.scope, width: shape.width,
        gamma: plain(gamma), beta: plain(beta), epsilon: epsilon)
    case .add:
      return .add(first: slot(node.inputs[0]), second: slot(node.inputs[1]), output: output, scope: shape.scope, width: shape.width)
    case let .embedding(word, position, tokenType, positionOffset):
      return .embedding(
        output: output, width: analysis.bufferShape(of: node.output)?.width ?? 0, word: plain(word),
        position: position.map { plain($0) }, tokenType: tokenType.map { plain($0) }, positionOffset: positionOffset)
    case .attention(let heads), .causalAttention(let heads):
      let causal = if case .causalAttention = node.op { true } else { false }
      return .attention(
        query: slot(node.inputs[0]), key: slot(node.inputs[1]), value: slot(node.inputs[2]), output: output,
        width: shape.width, heads: heads, causal: causal)
    case .meanPool:
      return .meanPool(input: slot(node.inputs[0]), output: output, width: shape.width)
    case let .convolution(weight, bias, spec):
      return convolution(node, weight: weight, bias: bias, spec: spec, followers: followers, input: slot(node.inputs[0]), output: output)
    case let .pool(spec):
      let (cShape, reason) = ImageKernels.shape(spec)
      guard let cShape else {
        plan.unsupportedImage = plan.unsupportedImage ?? (node.name, reason)
        return .image(node.op, input: slot(node.inputs[0]), output: output, width: shape.width, weight: nil, bias: nil)
      }
      return .pool(cShape, kind: ImageKernels.poolKind(spec), input: slot(node.inputs[0]), output: output)
    case .clip:
      return .image(node.op, input: slot(node.inputs[0]), output: output, width: shape.width, weight: nil, bias: nil)
    case let .channelAffine(scale, shift, _):
      return .image(node.op, input: slot(node.inputs[0]), output: output, width: shape.width, weight: plain(scale), bias: plain(shift))
    }
  }

  /// The step of a convolution and the nodes folded into it: a channel affine multiplies each
  /// output channel's weights and bias (w'ₒ = wₒ·scaleₒ, b'ₒ = bₒ·scaleₒ + shiftₒ, exact up to
  /// rounding), a ReLU or clip sets the clamp of the store.
  mutating func convolution(
    _ node: Node, weight: String, bias: String?, spec: ConvolutionSpec, followers: [Node], input: Int, output: Int
  ) -> PlanStep {
    var (weightName, biasName) = (weight, bias)
    var (low, high) = (-Float.infinity, Float.infinity)
    var residual: Int?
    var current = node.output
    for follower in followers {
      defer { current = follower.output }
      switch follower.op {
      case .add:
        guard let other = follower.inputs.first(where: { $0 != current }), let otherSlot = slotOf[other] else {
          fatalError("ExecutionPlanBuilder: fusions() folded an Add whose shortcut has no slot yet")
        }
        residual = otherSlot
      case let .channelAffine(scale, shift, channels):
        guard let w = graph.weights[weight]?.scalars, let scales = graph.weights[scale]?.scalars,
          let shifts = graph.weights[shift]?.scalars, channels == spec.outputChannels, scales.count == channels,
          shifts.count == channels, w.count % channels == 0
        else { fatalError("ExecutionPlanBuilder: the graph analysis passed a channel affine that does not fit its convolution") }
        let perChannel = w.count / channels
        let biases = bias.flatMap { graph.weights[$0]?.scalars } ?? [Float](repeating: 0, count: channels)
        weightName = "\(weight)·\(follower.name)"
        biasName = "\(bias ?? node.name + ".bias")·\(follower.name)"
        plan.derivedWeights[weightName] = Tensor(
          shape: graph.weights[weight]?.shape ?? [w.count], scalars: w.indices.map { w[$0] * scales[$0 / perChannel] })
        plan.derivedWeights[biasName ?? ""] = Tensor(
          shape: [channels], scalars: (0..<channels).map { biases[$0] * scales[$0] + shifts[$0] })
      case .activation(.relu): low = 0
      case let .clip(minimum, maximum): (low, high) = (minimum, maximum)
      default: fatalError("ExecutionPlanBuilder: fusions() folded \(follower.op) into a convolution")
      }
    }
    let (cShape, reason) = ImageKernels.shape(spec)
    guard let cShape else {
      plan.unsupportedImage = plan.unsupportedImage ?? (node.name, reason)
      return .image(node.op, input: input, output: output, width: 0, weight: plain(weightName), bias: biasName.map { plain($0) })
    }
    var packed: Int?
    var shapeCopy = cShape
    if ip_conv2d_packed_floats(Int32(IP_ISA_SCALAR.rawValue), &shapeCopy) > 0 {
      plan.convolutions.append((weightName, cShape))
      packed = plan.convolutions.count - 1
    }
    return .convolution(
      cShape, input: input, output: output, weight: packed == nil ? plain(weightName) : nil, packed: packed,
      bias: biasName.map { plain($0) }, residual: residual, low: low, high: high)
  }
}

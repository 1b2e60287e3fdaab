import CKernels
import ModelGraph

extension CPUModel {
  /// Runs one forward pass on the inputs loaded into `workspace`; the output stays in the
  /// workspace (`output(of:)`). Allocates nothing: every buffer was made by `makeWorkspace`.
  /// - Throws: `ForwardPassError` if the workspace belongs to another model or has no input.
  public func run(_ workspace: CPUWorkspace) throws {
    try checkOwner(workspace)
    guard workspace.isLoaded else {
      throw ForwardPassError.unsupported(detail: "the workspace has no input; call load(_:into:) before run.")
    }
    locked {
      for step in plan.steps { execute(step, workspace) }
    }
  }

  // Each case reads its input slots and writes its output slot; shapes were checked when the
  // plan and the workspace were made.
  private func execute(_ step: PlanStep, _ workspace: CPUWorkspace) {
    let batchSize = workspace.batchSize
    let sequenceLength = workspace.sequenceLength
    let slots = workspace.slots
    func rows(_ scope: RowScope) -> Int { scope == .token ? batchSize * sequenceLength : batchSize }
    switch step {
    case let .dense(input, output, scope, inWidth, outWidth, packed, bias, activation):
      // c (rows×n) = act(a (rows×k) · wᵀ + bias), w packed once at init.
      ip_sgemm_packed(
        instructionSet.cValue, pool.pool, Int32(rows(scope)), Int32(outWidth), Int32(inWidth), slots[input],
        Int32(inWidth), packedWeights[packed], bias.map { UnsafePointer(plainWeights[$0]) }, activation,
        slots[output], Int32(outWidth))
    case let .activation(kind, input, output, scope, width):
      let (x, y) = (slots[input], slots[output])
      pool.forEachRange(rows(scope) * width, grain: 4096) { _, range in
        RowKernels.activation(kind, x, y, elements: range)
      }
    case let .softmax(input, output, scope, width):
      let (x, y) = (slots[input], slots[output])
      pool.forEachRange(rows(scope), grain: 16) { _, range in RowKernels.softmax(x, y, rows: range, width: width) }
    case let .layerNorm(input, output, scope, width, gamma, beta, epsilon):
      let (x, y, g, b) = (slots[input], slots[output], plainWeights[gamma], plainWeights[beta])
      pool.forEachRange(rows(scope), grain: 16) { _, range in
        RowKernels.layerNorm(x, y, rows: range, width: width, gamma: g, beta: b, epsilon: epsilon)
      }
    case let .add(first, second, output, scope, width):
      let (a, b, y) = (slots[first], slots[second], slots[output])
      pool.forEachRange(rows(scope) * width, grain: 4096) { _, range in RowKernels.add(a, b, y, elements: range) }
    case let .embedding(output, width, word, position, tokenType, positionOffset):
      let (ids, types, y) = (workspace.ids, workspace.tokenTypes, slots[output])
      let wordTable = plainWeights[word]
      let positionTable = position.map { UnsafePointer(plainWeights[$0]) }
      let typeTable = tokenType.map { UnsafePointer(plainWeights[$0]) }
      pool.forEachRange(batchSize * sequenceLength, grain: 8) { _, range in
        SequenceKernels.embedding(
          ids: ids, types: types, tokens: range, sequenceLength: sequenceLength, width: width, word: wordTable,
          position: positionTable, tokenType: typeTable, positionOffset: positionOffset, y: y)
      }
    case let .attention(query, key, value, output, width, heads):
      let (q, k, v, y, mask, scores) = (slots[query], slots[key], slots[value], slots[output], workspace.mask, workspace.scores)
      pool.forEachRange(batchSize * heads) { part, range in
        SequenceKernels.attention(
          q: q, k: k, v: v, mask: mask, y: y, tasks: range, sequenceLength: sequenceLength, width: width,
          heads: heads, scores: scores + part * sequenceLength)
      }
    case let .meanPool(input, output, width):
      let (x, y, mask) = (slots[input], slots[output], workspace.mask)
      pool.forEachRange(batchSize) { _, range in
        SequenceKernels.meanPool(x, mask: mask, y: y, batches: range, sequenceLength: sequenceLength, width: width)
      }
    }
  }
}

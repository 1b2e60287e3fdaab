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
      let (x, y, count) = (slots[input], slots[output], rows(scope) * width)
      if x != y { y.update(from: x, count: count) }
      let epilogue = ExecutionPlan.epilogue(kind)
      pool.forEachRange(count, grain: 4096) { _, range in
        ip_activation_apply(instructionSet.cValue, epilogue, y + range.lowerBound, range.count)
      }
    case let .softmax(input, output, scope, width):
      let (x, y, count) = (slots[input], slots[output], rows(scope))
      if x != y { y.update(from: x, count: count * width) }
      pool.forEachRange(count, grain: 16) { _, range in
        ip_softmax_rows(instructionSet.cValue, y + range.lowerBound * width, Int32(range.count), Int32(width), Int32(width))
      }
    case let .layerNorm(input, output, scope, width, gamma, beta, epsilon):
      let (x, y, g, b, w) = (slots[input], slots[output], plainWeights[gamma], plainWeights[beta], Int32(width))
      pool.forEachRange(rows(scope), grain: 16) { _, range in
        ip_layer_norm_rows(
          instructionSet.cValue, x + range.lowerBound * width, w, y + range.lowerBound * width, w, Int32(range.count), w,
          g, b, epsilon)
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
      // Per (batch, head): softmax(q·kᵀ/√d + mask term)·v through the packed GEMM, split over
      // the pool; one S×S score block per thread in the pool's scratch.
      let w = Int32(width)
      ip_attention(
        instructionSet.cValue, pool.pool, Int32(batchSize), Int32(sequenceLength), Int32(heads),
        Int32(width / heads), slots[query], w, slots[key], w, slots[value], w, workspace.mask, slots[output], w)
    case let .meanPool(input, output, width):
      let (x, y, mask) = (slots[input], slots[output], workspace.mask)
      pool.forEachRange(batchSize) { _, range in
        SequenceKernels.meanPool(x, mask: mask, y: y, batches: range, sequenceLength: sequenceLength, width: width)
      }
    }
  }
}

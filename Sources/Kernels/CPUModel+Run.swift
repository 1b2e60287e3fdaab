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
    lockRun()
    defer { unlockRun() }
    for index in plan.steps.indices { execute(plan.steps[index], keep: oneRowKeep[index], workspace) }
  }

  // Each case reads its input slots and writes its output slot; shapes were checked when the
  // plan and the workspace were made. Grains keep each part of a split at roughly 10–30 µs of
  // work, so small ops (batch 1) run on the caller instead of paying for a pool dispatch.
  func execute(_ step: PlanStep, keep: Float, _ workspace: CPUWorkspace) {
    let batchSize = workspace.batchSize
    let sequenceLength = workspace.sequenceLength
    let slots = workspace.slots
    let tokenRows = batchSize * sequenceLength
    switch step {
    case let .dense(input, output, scope, inWidth, outWidth, packed, bias, activation):
      // c (rows×n) = act(a (rows×k) · wᵀ + bias), w packed once at init; one row streams the
      // part of w past the cache budget (WeightStreaming).
      let rows = scope == .token ? tokenRows : batchSize
      ip_sgemm_packed_keep(
        instructionSet.cValue, pool.pool, Int32(rows), Int32(outWidth), Int32(inWidth), slots[input],
        Int32(inWidth), packedWeights[packed], bias == nil ? nil : UnsafePointer(plainWeights[bias ?? 0]), activation,
        slots[output], Int32(outWidth), rows == 1 ? keep : 1)
    case let .activation(kind, input, output, scope, width):
      let (x, y, count) = (slots[input], slots[output], (scope == .token ? tokenRows : batchSize) * width)
      if x != y { y.update(from: x, count: count) }
      var job = RangeJob(.activation(ExecutionPlan.epilogue(kind)), y: y)
      job.isa = instructionSet.cValue
      pool.run(job, total: count, grain: 8192)
    case let .softmax(input, output, scope, width):
      let (x, y, count) = (slots[input], slots[output], (scope == .token ? tokenRows : batchSize))
      if x != y { y.update(from: x, count: count * width) }
      var job = RangeJob(.softmax, y: y)
      (job.isa, job.width) = (instructionSet.cValue, width)
      pool.run(job, total: count, grain: 64)
    case let .layerNorm(input, output, scope, width, gamma, beta, epsilon):
      var job = RangeJob(.layerNorm, y: slots[output])
      (job.isa, job.x, job.width) = (instructionSet.cValue, UnsafePointer(slots[input]), width)
      (job.gamma, job.beta, job.epsilon) = (UnsafePointer(plainWeights[gamma]), UnsafePointer(plainWeights[beta]), epsilon)
      pool.run(job, total: (scope == .token ? tokenRows : batchSize), grain: 64)
    case let .add(first, second, output, scope, width):
      var job = RangeJob(.add, y: slots[output])
      (job.x, job.second) = (UnsafePointer(slots[first]), UnsafePointer(slots[second]))
      pool.run(job, total: (scope == .token ? tokenRows : batchSize) * width, grain: 32768)
    case let .embedding(output, width, word, position, tokenType, positionOffset):
      var job = RangeJob(.embedding, y: slots[output])
      (job.ids, job.types, job.width, job.sequenceLength) = (UnsafePointer(workspace.ids), UnsafePointer(workspace.tokenTypes), width, sequenceLength)
      job.word = UnsafePointer(plainWeights[word])
      if let position { job.position = UnsafePointer(plainWeights[position]) }
      if let tokenType { job.tokenType = UnsafePointer(plainWeights[tokenType]) }
      job.positionOffset = positionOffset
      pool.run(job, total: batchSize * sequenceLength, grain: 64)
    case let .attention(query, key, value, output, width, heads, causal):
      // Per (batch, head): softmax(q·kᵀ/√d + mask term)·v through the packed GEMM, split over
      // the pool; one S×S score block per thread in the pool's scratch.
      let w = Int32(width)
      (causal ? ip_attention_causal : ip_attention)(
        instructionSet.cValue, pool.pool, Int32(batchSize), Int32(sequenceLength), Int32(heads),
        Int32(width / heads), slots[query], w, slots[key], w, slots[value], w, workspace.mask, slots[output], w)
    case let .convolution(shape, input, output, weight, packed, bias, residual, low, high):
      // Threaded over the pool inside; patches and padded planes in the pool's scratch.
      var shape = shape
      var epilogue = ip_conv_epilogue(
        bias: bias.map { UnsafePointer(plainWeights[$0]) }, residual: residual.map { UnsafePointer(slots[$0]) }, low: low,
        high: high)
      ip_conv2d(
        instructionSet.cValue, pool.pool, &shape, Int32(batchSize), slots[input], weight.map { UnsafePointer(plainWeights[$0]) },
        packed.map { UnsafePointer(convolutionWeights[$0]) }, &epilogue, slots[output])
    case let .pool(shape, kind, input, output):
      var shape = shape
      ip_pool2d(instructionSet.cValue, pool.pool, &shape, kind, Int32(batchSize), slots[input], slots[output])
    case let .image(op, input, output, width, weight, bias):
      ImageKernels.run(
        op, x: UnsafePointer(slots[input]), y: slots[output], batch: batchSize, width: width,
        weight: weight.map { UnsafePointer(plainWeights[$0]) }, bias: bias.map { UnsafePointer(plainWeights[$0]) })
    case let .meanPool(input, output, width):
      var job = RangeJob(.meanPool, y: slots[output])
      (job.x, job.mask, job.width, job.sequenceLength) = (UnsafePointer(slots[input]), UnsafePointer(workspace.mask), width, sequenceLength)
      pool.run(job, total: batchSize, grain: 1)
    }
  }
}

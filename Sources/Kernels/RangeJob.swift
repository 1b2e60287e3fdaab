import CKernels

/// One range-parallel op as plain data (pointers and sizes), so the pool's C callback can run
/// it with no closure context: a pass allocates nothing, in debug builds too.
///
/// `run(range)` handles elements, rows, tokens or batch rows `range` depending on `kind`;
/// ranges never interact, so results don't depend on how they are split.
struct RangeJob {
  enum Kind {
    /// In place over elements: y = act(y) (`ip_activation_apply`).
    case activation(Int32)
    /// In place over rows of `width`: y = softmax(y) (`ip_softmax_rows`).
    case softmax
    /// Rows of `width`: y = layerNorm(x) (`ip_layer_norm_rows`).
    case layerNorm
    /// Elements: y = x + second.
    case add
    /// Token rows: y = word[id] + position[offset + s] + tokenType[type].
    case embedding
    /// Batch rows: y[b] = masked mean of x[b, ·].
    case meanPool
  }

  var kind: Kind
  var isa: Int32 = 0
  var x: UnsafePointer<Float>?
  var second: UnsafePointer<Float>?
  var y: UnsafeMutablePointer<Float>
  var width = 0
  var sequenceLength = 1
  var gamma: UnsafePointer<Float>?
  var beta: UnsafePointer<Float>?
  var epsilon: Float = 0
  var ids: UnsafePointer<Int32>?
  var types: UnsafePointer<Int32>?
  var mask: UnsafePointer<Int32>?
  var word: UnsafePointer<Float>?
  var position: UnsafePointer<Float>?
  var tokenType: UnsafePointer<Float>?
  var positionOffset = 0

  init(_ kind: Kind, y: UnsafeMutablePointer<Float>) {
    self.kind = kind
    self.y = y
  }

  // Pointers a kind needs were set by CPUModel.execute; a missing one is a broken invariant of
  // that code, so the run does nothing rather than read out of bounds.
  func run(_ range: Range<Int>) {
    let (start, count) = (range.lowerBound, range.count)
    switch kind {
    case .activation(let activation):
      ip_activation_apply(isa, activation, y + start, count)
    case .softmax:
      ip_softmax_rows(isa, y + start * width, Int32(count), Int32(width), Int32(width))
    case .layerNorm:
      guard let x else { return }
      let w = Int32(width)
      ip_layer_norm_rows(isa, x + start * width, w, y + start * width, w, Int32(count), w, gamma, beta, epsilon)
    case .add:
      guard let x, let second else { return }
      RowKernels.add(x, second, y, elements: range)
    case .embedding:
      guard let ids, let types, let word else { return }
      SequenceKernels.embedding(
        ids: ids, types: types, tokens: range, sequenceLength: sequenceLength, width: width, word: word,
        position: position, tokenType: tokenType, positionOffset: positionOffset, y: y)
    case .meanPool:
      guard let x, let mask else { return }
      SequenceKernels.meanPool(x, mask: mask, y: y, batches: range, sequenceLength: sequenceLength, width: width)
    }
  }
}

/// Fast kernels for the ops that read token ids or the attention mask: embedding, attention
/// and mean pooling. Shapes: values are `[batch, sequence, width]` row-major; ids, token types
/// and mask are `[batch, sequence]` Int32.
enum SequenceKernels {
  /// y[t] = word[id[t]] + position[offset + t mod sequence] + tokenType[type[t]] for token rows
  /// `tokens` (ids were checked against the tables in `load`).
  static func embedding(
    ids: UnsafePointer<Int32>, types: UnsafePointer<Int32>, tokens: Range<Int>, sequenceLength: Int, width: Int,
    word: UnsafePointer<Float>, position: UnsafePointer<Float>?, tokenType: UnsafePointer<Float>?,
    positionOffset: Int, y: UnsafeMutablePointer<Float>
  ) {
    for t in tokens {
      let output = y + t * width
      let wordRow = word + Int(ids[t]) * width
      for i in 0..<width { output[i] = wordRow[i] }
      if let position { RowKernels.axpy(1, position + (positionOffset + t % sequenceLength) * width, output, width) }
      if let tokenType { RowKernels.axpy(1, tokenType + Int(types[t]) * width, output, width) }
    }
  }

  /// Multi-head attention for the (batch, head) pairs `tasks` (pair = batch·heads + head).
  ///
  /// For each query row i: s_j = q_i·k_j/√d, or −Float.greatestFiniteMagnitude where
  /// mask[j] = 0; p = softmax(s); y_i = Σ_j p_j·v_j. Only one score row (`scores`, at least
  /// `sequenceLength` floats) is materialised per worker.
  static func attention(
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, mask: UnsafePointer<Int32>,
    y: UnsafeMutablePointer<Float>, tasks: Range<Int>, sequenceLength: Int, width: Int, heads: Int,
    scores: UnsafeMutablePointer<Float>
  ) {
    let length = sequenceLength
    let d = width / heads
    let scale = 1 / Float(d).squareRoot()
    let masked = -Float.greatestFiniteMagnitude
    for task in tasks {
      let (b, h) = task.quotientAndRemainder(dividingBy: heads)
      let base = b * length * width + h * d
      let batchMask = mask + b * length
      for i in 0..<length {
        let query = q + base + i * width
        for j in 0..<length {
          scores[j] = batchMask[j] == 0 ? masked : RowKernels.dot(query, k + base + j * width, d) * scale
        }
        RowKernels.softmaxRow(scores, scores, length)
        let output = y + base + i * width
        for c in 0..<d { output[c] = 0 }
        for j in 0..<length where scores[j] != 0 {
          RowKernels.axpy(scores[j], v + base + j * width, output, d)
        }
      }
    }
  }

  /// y[b] = Σ_s mask[b,s]·x[b,s] / Σ_s mask[b,s] for batch rows `batches`; zeros where the
  /// mask has no 1.
  static func meanPool(
    _ x: UnsafePointer<Float>, mask: UnsafePointer<Int32>, y: UnsafeMutablePointer<Float>, batches: Range<Int>,
    sequenceLength: Int, width: Int
  ) {
    for b in batches {
      let output = y + b * width
      for i in 0..<width { output[i] = 0 }
      var count = 0
      for s in 0..<sequenceLength where mask[b * sequenceLength + s] != 0 {
        RowKernels.axpy(1, x + (b * sequenceLength + s) * width, output, width)
        count += 1
      }
      guard count > 0 else { continue }
      let inverse = 1 / Float(count)
      for i in 0..<width { output[i] *= inverse }
    }
  }
}

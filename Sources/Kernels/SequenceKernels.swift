/// Fast kernels for the ops that read token ids or the attention mask: embedding and mean
/// pooling (attention is `ip_attention`). Shapes: values are `[batch, sequence, width]`
/// row-major; ids, token types and mask are `[batch, sequence]` Int32.
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

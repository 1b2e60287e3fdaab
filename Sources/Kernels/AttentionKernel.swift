/// Multi-head self-attention over raw buffers, tiled for registers.
///
/// Shapes: q, k, v and y are `[batch, sequence, width]` row-major; head h owns columns
/// `h·d ..< (h+1)·d` (d = width/heads); mask is `[batch, sequence]` Int32. Per (batch, head)
/// pair: kᵀ of the head is copied to scratch (`d × S`), then for each block of `rowsPerTile`
/// query rows the scores `q·kᵀ/√d` are computed as a 4×8 register tile over the d-long sums,
/// masked keys get `−Float.greatestFiniteMagnitude`, each row is soft-maxed in place
/// (`VectorExp`), and `y = p·v` is accumulated as a 4×8 tile over the S-long sums. A worker
/// holds only kᵀ of one head and a 4 × S block of scores (`scratchFloats`), never S × S.
enum AttentionKernel {
  static let rowsPerTile = 4

  /// Floats of per-worker scratch for sequences of `sequenceLength` and heads of `headWidth`.
  static func scratchFloats(sequenceLength: Int, headWidth: Int) -> Int {
    (headWidth + rowsPerTile) * sequenceLength
  }

  /// Runs the (batch, head) pairs `tasks` (pair = batch·heads + head).
  static func run(
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, mask: UnsafePointer<Int32>,
    y: UnsafeMutablePointer<Float>, tasks: Range<Int>, sequenceLength: Int, width: Int, heads: Int,
    scratch: UnsafeMutablePointer<Float>
  ) {
    let length = sequenceLength
    let d = width / heads
    let keysTransposed = scratch
    let scores = scratch + d * length
    for task in tasks {
      let (b, h) = task.quotientAndRemainder(dividingBy: heads)
      let base = b * length * width + h * d
      // kᵀ: keysTransposed[c·S + j] = k[j, c].
      for j in 0..<length {
        let key = k + base + j * width
        for c in 0..<d { keysTransposed[c * length + j] = key[c] }
      }
      var row = 0
      while row < length {
        let rows = min(rowsPerTile, length - row)
        scoreTile(q + base + row * width, rows: rows, width: width, keysTransposed, d: d, length: length, scores)
        for r in 0..<rows {
          let scoreRow = scores + r * length
          for j in 0..<length where mask[b * length + j] == 0 { scoreRow[j] = -Float.greatestFiniteMagnitude }
          VectorExp.softmaxRow(scoreRow, length)
        }
        valueTile(scores, rows: rows, length: length, v + base, width: width, d: d, y + base + row * width)
        row += rows
      }
    }
  }

  // scores[r·S + j] = (q_r · k_j)/√d for r < rows (≤ 4), j < S.
  @inline(__always)
  private static func scoreTile(
    _ q: UnsafePointer<Float>, rows: Int, width: Int, _ keysTransposed: UnsafePointer<Float>, d: Int, length: Int,
    _ scores: UnsafeMutablePointer<Float>
  ) {
    let scale = 1 / Float(d).squareRoot()
    // Missing rows (rows < 4) reuse row 0's query; their results are not stored.
    let q0 = q, q1 = rows > 1 ? q + width : q, q2 = rows > 2 ? q + 2 * width : q, q3 = rows > 3 ? q + 3 * width : q
    var j = 0
    while j + 8 <= length {
      var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
      for c in 0..<d {
        let key = RowKernels.load(keysTransposed + c * length + j)
        a0 += q0[c] * key
        a1 += q1[c] * key
        a2 += q2[c] * key
        a3 += q3[c] * key
      }
      RowKernels.store(a0 * scale, scores + j)
      if rows > 1 { RowKernels.store(a1 * scale, scores + length + j) }
      if rows > 2 { RowKernels.store(a2 * scale, scores + 2 * length + j) }
      if rows > 3 { RowKernels.store(a3 * scale, scores + 3 * length + j) }
      j += 8
    }
    while j < length {
      for r in 0..<rows {
        var sum: Float = 0
        for c in 0..<d { sum += q[r * width + c] * keysTransposed[c * length + j] }
        scores[r * length + j] = sum * scale
      }
      j += 1
    }
  }

  // y[r, c] = Σ_j p[r, j]·v[j, c] for r < rows (≤ 4), c < d.
  @inline(__always)
  private static func valueTile(
    _ p: UnsafePointer<Float>, rows: Int, length: Int, _ v: UnsafePointer<Float>, width: Int, d: Int,
    _ y: UnsafeMutablePointer<Float>
  ) {
    let p0 = p, p1 = rows > 1 ? p + length : p, p2 = rows > 2 ? p + 2 * length : p, p3 = rows > 3 ? p + 3 * length : p
    var c = 0
    while c + 8 <= d {
      var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
      for j in 0..<length {
        let value = RowKernels.load(v + j * width + c)
        a0 += p0[j] * value
        a1 += p1[j] * value
        a2 += p2[j] * value
        a3 += p3[j] * value
      }
      RowKernels.store(a0, y + c)
      if rows > 1 { RowKernels.store(a1, y + width + c) }
      if rows > 2 { RowKernels.store(a2, y + 2 * width + c) }
      if rows > 3 { RowKernels.store(a3, y + 3 * width + c) }
      c += 8
    }
    while c < d {
      for r in 0..<rows {
        var sum: Float = 0
        for j in 0..<length { sum += p[r * length + j] * v[j * width + c] }
        y[r * width + c] = sum
      }
      c += 1
    }
  }
}

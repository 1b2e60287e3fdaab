import CKernels
import Testing
import TestSupport

/// Row softmax, row layer norm and the attention core vs their Double references.
@Suite("Vector math row kernels and attention")
struct VectorMathRowsTests {
  /// 1, the AVX2 width ± 1, the AVX-512 width ± 1, two widths past it, a prime, MiniLM's 384.
  static let widths: [Int32] = [1, 7, 8, 9, 15, 16, 17, 31, 33, 97, 384]

  @Test("softmax rows (with −FLT_MAX masked entries)", arguments: GemmTestSupport.levels, widths)
  func softmax(level: Int32, cols: Int32) {
    let rows = 3, ld = Int(cols) + 1
    var x = GemmTestSupport.randomFloats(rows * ld, seed: UInt64(cols), scale: 8)
    x[0] = -.greatestFiniteMagnitude  // a masked entry
    for j in 0..<Int(cols) { x[2 * ld + j] = -.greatestFiniteMagnitude }  // a fully masked row
    var got = x, want = x
    ip_softmax_rows(level, &got, Int32(rows), cols, Int32(ld))
    ip_softmax_rows_reference(&want, Int32(rows), cols, Int32(ld))
    // Each probability comes from one exp (≤ 3e-7 relative) and a sum of `cols` terms (relative
    // error ≤ γ(cols)), so |error| ≤ p·(6e-7 + 2γ(cols)): bound it by 1e-6 + cols·1.2e-7.
    let tolerance = 1e-6 + Float(cols) * 1.2e-7
    #expect(maxAbsDifference(got, want) <= tolerance)
    #expect(got[(Int(cols) - 1)] == want[Int(cols) - 1] || abs(got[Int(cols) - 1] - want[Int(cols) - 1]) <= tolerance)
    #expect(x[ld - 1] == got[ld - 1], "the stride padding is left alone")
  }

  @Test("no rows or no columns: nothing is written", arguments: GemmTestSupport.levels)
  func emptyRows(level: Int32) {
    var x: [Float] = [3, 1, 2, 5]
    ip_softmax_rows(level, &x, 0, 4, 4)
    ip_softmax_rows(level, &x, 1, 0, 4)
    var y = [Float](repeating: 7, count: 4)
    ip_layer_norm_rows(level, x, 4, &y, 4, 0, 4, nil, nil, 1e-5)
    ip_layer_norm_rows(level, x, 4, &y, 4, 1, 0, nil, nil, 1e-5)
    #expect(x == [3, 1, 2, 5] && y == [7, 7, 7, 7])
  }

  @Test("layer norm rows", arguments: GemmTestSupport.levels, widths)
  func layerNorm(level: Int32, cols: Int32) {
    let rows = 4, ld = Int(cols) + 2
    let x = GemmTestSupport.randomFloats(rows * ld, seed: 40 + UInt64(cols), scale: 3).map { $0 + 5 }
    let gamma = GemmTestSupport.randomFloats(Int(cols), seed: 41)
    let beta = GemmTestSupport.randomFloats(Int(cols), seed: 42)
    var got = [Float](repeating: -7, count: rows * ld), want = got
    ip_layer_norm_rows(level, x, Int32(ld), &got, Int32(ld), Int32(rows), cols, gamma, beta, 1e-12)
    ip_layer_norm_rows_reference(x, Int32(ld), &want, Int32(ld), Int32(rows), cols, gamma, beta, 1e-12)
    // Float sums of `cols` terms: mean and variance carry relative error ≤ γ(cols) (×|x|/σ for
    // the centred values); outputs are O(|gamma|·|x − mean|/σ + |beta|) ≤ ~4, hence 4e-6 + cols·4e-7.
    #expect(maxAbsDifference(got, want) <= 4e-6 + Float(cols) * 4e-7)
    var inPlace = x
    ip_layer_norm_rows(level, inPlace, Int32(ld), &inPlace, Int32(ld), Int32(rows), cols, nil, nil, 1e-5)
    var plain = [Float](repeating: -7, count: rows * ld)
    ip_layer_norm_rows_reference(x, Int32(ld), &plain, Int32(ld), Int32(rows), cols, nil, nil, 1e-5)
    for i in 0..<rows { for j in 0..<Int(cols) { #expect(abs(inPlace[i * ld + j] - plain[i * ld + j]) <= 4e-6 + Float(cols) * 4e-7) } }
  }

  /// (batch, seq, heads, headDim): 1, tile ± 1 and primes, fused-QKV strides.
  static let attentionShapes: [(Int, Int, Int, Int)] = [
    (1, 1, 1, 8), (2, 7, 3, 5), (1, 13, 2, 16), (2, 33, 4, 17), (3, 17, 1, 64), (2, 5, 3, 1), (1, 16, 2, 7),
    (2, 12, 1, 13),
  ]

  @Test("attention vs reference with padding masks", arguments: GemmTestSupport.levels, [1, 2] as [Int32])
  func attention(level: Int32, threads: Int32) throws {
    let pool = try #require(ip_pool_create(threads))
    defer { ip_pool_destroy(pool) }
    for (index, (batch, seq, heads, headDim)) in Self.attentionShapes.enumerated() {
      let hidden = heads * headDim
      let ld = 3 * hidden + 1  // q, k, v as column slices of one fused buffer
      let qkv = GemmTestSupport.randomFloats(batch * seq * ld, seed: 60 + UInt64(index), scale: 2)
      var mask = [Int32](repeating: 1, count: batch * seq)
      if seq > 2 { mask[seq - 1] = 0; mask[seq - 2] = 0 }  // right padding in sequence 0
      if seq > 4 { mask[1] = 0 }  // and a padded column inside it
      if batch > 1 { for j in 0..<seq { mask[seq + j] = 0 } }  // a fully padded sequence
      let passMask = index % 3 != 2  // every third shape: no mask at all (NULL)
      let outLd = hidden + 3
      var got = [Float](repeating: 99, count: batch * seq * outLd), want = got
      qkv.withUnsafeBufferPointer { buffer in
        let q = buffer.baseAddress!, k = q + hidden, v = q + 2 * hidden
        mask.withUnsafeBufferPointer { maskBuffer in
          let m = passMask ? maskBuffer.baseAddress : nil
          ip_attention(level, pool, Int32(batch), Int32(seq), Int32(heads), Int32(headDim), q, Int32(ld), k, Int32(ld),
                       v, Int32(ld), m, &got, Int32(outLd))
          ip_attention_reference(Int32(batch), Int32(seq), Int32(heads), Int32(headDim), q, Int32(ld), k, Int32(ld),
                                 v, Int32(ld), m, &want, Int32(outLd))
        }
      }
      // Scores: dot products of headDim terms of |q·k| ≤ 4 → error ≤ γ(headDim)·4·headDim, amplified
      // at most ×|v| ≤ 2 through softmax's Lipschitz constant 1 per row; outputs are convex
      // combinations of v (|v| ≤ 2) with weight errors ≤ 1e-6 + seq·1.2e-7 each.
      let tolerance = 2e-6 * Float(headDim) + 2 * Float(seq) * (1e-6 + Float(seq) * 1.2e-7)
      let error = maxAbsDifference(got, want)
      #expect(error <= tolerance, "shape \(batch)×\(seq)×\(heads)×\(headDim): error \(error)")
      #expect(got.enumerated().allSatisfy { $0.offset % outLd < hidden || $0.element == 99 }, "padding kept")
    }
  }
}

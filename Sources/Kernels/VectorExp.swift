/// e^x on eight lanes, and the softmax built on it.
///
/// Method (Cephes `expf`): n = round(x·log₂e) with the 1.5·2²³ rounding trick, r = x − n·ln2
/// (ln2 split in two for an exact product), e^r by its degree-6 Taylor polynomial
/// (|r| ≤ ln2/2, truncation r⁷/7! ≤ 1.2e-7), times 2ⁿ built in the exponent bits.
/// Relative error ≤ 3e-7 (measured 2.4e-7, about 2 ulp) for x in [−87, 88]; below −87.3 the result is 0
/// (e^−87.3 ≈ 1.2e-38 is the smallest normal float), so a masked score gives weight exactly 0.
enum VectorExp {
  @inline(__always)
  static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x.clamped(lowerBound: SIMD8(repeating: -87.3), upperBound: SIMD8(repeating: 88.3))
    let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5·2²³: the sum's low mantissa bits hold round(t)
    let shifted = clamped * 1.442_695_04 + magic
    let n = shifted - magic
    let r = clamped - n * 0.693_145_751_953_125 - n * 1.428_606_765_330_187e-6
    var p = SIMD8<Float>(repeating: 1.0 / 720)
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
    let scale = unsafeBitCast((exponent &+ 127) &<< 23, to: SIMD8<Float>.self)
    return (p * scale).replacing(with: 0, where: x .< -87.3)
  }

  /// Softmax of x[0..<n] in place, shifted by the row maximum.
  @inline(__always)
  static func softmaxRow(_ x: UnsafeMutablePointer<Float>, _ n: Int) {
    guard n > 0 else { return }
    var largest = x[0]
    var i = 0
    if n >= 8 {
      var lanes = RowKernels.load(x)
      i = 8
      while i + 8 <= n {
        lanes = pointwiseMax(lanes, RowKernels.load(x + i))
        i += 8
      }
      largest = lanes.max()
    }
    while i < n {
      largest = max(largest, x[i])
      i += 1
    }
    let shift = SIMD8<Float>(repeating: largest)
    var sums = SIMD8<Float>()
    i = 0
    while i + 8 <= n {
      let e = exp(RowKernels.load(x + i) - shift)
      RowKernels.store(e, x + i)
      sums += e
      i += 8
    }
    var total = sums.sum()
    while i < n {
      let e = exp(SIMD8<Float>(repeating: x[i] - largest))[0]
      x[i] = e
      total += e
      i += 1
    }
    let inverse = 1 / total
    let inverseLanes = SIMD8<Float>(repeating: inverse)
    i = 0
    while i + 8 <= n {
      RowKernels.store(RowKernels.load(x + i) * inverseLanes, x + i)
      i += 8
    }
    while i < n {
      x[i] *= inverse
      i += 1
    }
  }
}

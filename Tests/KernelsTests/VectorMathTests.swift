import CKernels
import Foundation
import Testing

/// Error bounds of the vectorized exp/erf/tanh, measured against libm (in Double) over dense
/// sweeps. The bounds are the ones documented in ckernels.h and docs/performance.md.
@Suite("Vector math error bounds")
struct VectorMathTests {
  /// Evenly spaced points in [low, high], `count` of them, plus the endpoints.
  static func sweep(_ low: Float, _ high: Float, count: Int) -> [Float] {
    (0...count).map { low + (high - low) * Float($0) / Float(count) }
  }

  static func evaluate(_ fn: (Int32, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void,
                       level: Int32, _ x: [Float]) -> [Float] {
    var y = [Float](repeating: .nan, count: x.count)
    fn(level, x, &y, x.count)
    return y
  }

  @Test("exp: relative error ≤ 3e-7 on [-87, 88]", arguments: GemmTestSupport.levels)
  func exp(level: Int32) {
    let x = Self.sweep(-87, 88, count: 200_003)
    let y = Self.evaluate(ip_vexp, level: level, x)
    var worst = 0.0
    for i in x.indices {
      let want = Foundation.exp(Double(x[i]))
      worst = max(worst, abs(Double(y[i]) - want) / want)
    }
    #expect(worst <= 3e-7, "max relative error \(worst)")
  }

  @Test("exp: large negative inputs give (almost) 0, no NaN", arguments: GemmTestSupport.levels)
  func expUnderflow(level: Int32) {
    let x: [Float] = [-88, -100, -1000, -Float.greatestFiniteMagnitude, 0, 1]
    let y = Self.evaluate(ip_vexp, level: level, x)
    #expect(y[0...3].allSatisfy { $0 >= 0 && $0 < 1e-37 })
    #expect(y[4] == 1)
    #expect(abs(y[5] - Float(M_E)) <= 3e-7 * Float(M_E))
  }

  @Test("erf: absolute error ≤ 3e-7 on [-6, 6], exact limits beyond", arguments: GemmTestSupport.levels)
  func erf(level: Int32) {
    let x = Self.sweep(-6, 6, count: 200_001) + [-50, 50, 1e-20, -1e-20]
    let y = Self.evaluate(ip_verf, level: level, x)
    var worst = 0.0
    for i in x.indices { worst = max(worst, abs(Double(y[i]) - Foundation.erf(Double(x[i])))) }
    #expect(worst <= 3e-7, "max absolute error \(worst)")
    // NaN stays NaN (not ±1); from |x| = 4 on, erf is ±1 in float (erfc(4) < half an ulp of 1).
    let special = Self.evaluate(ip_verf, level: level, [.nan, .infinity, -.infinity, 4, -4, 9])
    #expect(special[0].isNaN, "erf(NaN) = \(special[0])")
    #expect(Array(special[1...]) == [1, -1, 1, -1, 1], "erf at ±∞, ±4, 9: \(special[1...])")
  }

  @Test("tanh: absolute and relative error ≤ 3e-7", arguments: GemmTestSupport.levels)
  func tanh(level: Int32) {
    let x = Self.sweep(-12, 12, count: 240_001) + [1e-20, -3e-5, 100, -100]
    let y = Self.evaluate(ip_vtanh, level: level, x)
    var worstAbsolute = 0.0, worstRelative = 0.0
    for i in x.indices {
      let want = Foundation.tanh(Double(x[i]))
      let error = abs(Double(y[i]) - want)
      worstAbsolute = max(worstAbsolute, error)
      if want != 0 { worstRelative = max(worstRelative, error / abs(want)) }
    }
    #expect(worstAbsolute <= 3e-7, "max absolute error \(worstAbsolute)")
    #expect(worstRelative <= 3e-7, "max relative error \(worstRelative)")
  }

  @Test("activations match the reference", arguments: GemmTestSupport.levels, GemmTestSupport.activations)
  func activations(level: Int32, activation: Int32) {
    let x = Self.sweep(-20, 20, count: 4_001) + [0, -0.0, 1e-30, -1e-30, 60, -60]
    var got = x
    ip_activation_apply(level, activation, &got, got.count)
    var want = x
    ip_activation_reference(activation, &want, want.count)
    var worst: Float = 0
    for i in x.indices { worst = max(worst, abs(got[i] - want[i]) / (1 + abs(want[i]))) }
    #expect(worst <= 1e-6, "max error \(worst) (scaled by 1 + |y|)")
  }
}

import Foundation
import Testing

@testable import Kernels

/// `VectorExp.exp` against `Foundation.exp` in Double: the documented bound is 3e-7 relative on
/// [−87, 88], and exactly 0 below −87.3 (so masked attention scores weigh nothing).
@Suite("VectorExp")
struct VectorExpTests {
  @Test("relative error ≤ 3e-7 on a dense sweep of [−87, 88]")
  func accuracy() {
    var worst = 0.0
    var x: Float = -87
    while x <= 88 {
      let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0013 })
      let found = VectorExp.exp(lanes)
      for lane in 0..<8 {
        let exact = Foundation.exp(Double(lanes[lane]))
        worst = max(worst, abs(Double(found[lane]) - exact) / exact)
      }
      x += 0.0107
    }
    #expect(worst <= 3e-7, "worst relative error \(worst)")
  }

  @Test("underflow gives exactly 0, and softmax of an all-masked row is uniform")
  func edges() {
    let found = VectorExp.exp(SIMD8<Float>(-Float.greatestFiniteMagnitude, -1000, -88, -87.4, 0, 1, -0.0, .leastNormalMagnitude))
    #expect(Array(0..<4).map { found[$0] } == [0, 0, 0, 0])
    #expect(found[4] == 1 && found[6] == 1 && abs(found[5] - 2.718_281_8) < 1e-6)
    var row = [Float](repeating: -Float.greatestFiniteMagnitude, count: 11)
    row.withUnsafeMutableBufferPointer { VectorExp.softmaxRow($0.baseAddress!, 11) }
    #expect(row.allSatisfy { abs($0 - 1 / 11) < 1e-7 })
  }
}

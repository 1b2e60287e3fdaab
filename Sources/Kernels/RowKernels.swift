import Foundation
import ModelGraph

/// Fast fp32 kernels for the ops other than dense, over raw row-major buffers.
///
/// Each works on a range of rows so callers can split rows over the pool; rows never interact,
/// so results do not depend on the split. `x` and `y` may be the same buffer (in-place).
/// Sums run in `SIMD8<Float>` lanes (two accumulators), so they differ from the `Double`
/// reference by summation order only: a few ulps of the row's magnitude.
enum RowKernels {
  @inline(__always)
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
  }

  /// Σ a[i]·b[i] for i < n.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= n {
      acc0 += load(a + i) * load(b + i)
      acc1 += load(a + i + 8) * load(b + i + 8)
      i += 16
    }
    if i + 8 <= n {
      acc0 += load(a + i) * load(b + i)
      i += 8
    }
    var sum = (acc0 + acc1).sum()
    while i < n {
      sum += a[i] * b[i]
      i += 1
    }
    return sum
  }

  /// y[i] += alpha·x[i] for i < n.
  @inline(__always)
  static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let a = SIMD8<Float>(repeating: alpha)
    while i + 8 <= n {
      store(load(y + i) + a * load(x + i), y + i)
      i += 8
    }
    while i < n {
      y[i] += alpha * x[i]
      i += 1
    }
  }

  /// Σ x[i] for i < n.
  @inline(__always)
  static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= n {
      acc += load(x + i)
      i += 8
    }
    var total = acc.sum()
    while i < n {
      total += x[i]
      i += 1
    }
    return total
  }

  /// Layer norm of each row: `(x − mean)/√(var + ε)·γ + β`, biased variance (two passes, so
  /// no cancellation from E[x²] − E[x]²).
  static func layerNorm(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Range<Int>, width: Int,
    gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
  ) {
    guard width > 0 else { return }
    for row in rows {
      let input = x + row * width
      let output = y + row * width
      let mean = sum(input, width) / Float(width)
      var squares = SIMD8<Float>()
      let meanLanes = SIMD8<Float>(repeating: mean)
      var i = 0
      while i + 8 <= width {
        let d = load(input + i) - meanLanes
        squares += d * d
        i += 8
      }
      var variance = squares.sum()
      while i < width {
        let d = input[i] - mean
        variance += d * d
        i += 1
      }
      variance /= Float(width)
      let scale = 1 / (variance + epsilon).squareRoot()
      let scaleLanes = SIMD8<Float>(repeating: scale)
      i = 0
      while i + 8 <= width {
        store((load(input + i) - meanLanes) * scaleLanes * load(gamma + i) + load(beta + i), output + i)
        i += 8
      }
      while i < width {
        output[i] = (input[i] - mean) * scale * gamma[i] + beta[i]
        i += 1
      }
    }
  }

  /// Softmax of each row, shifted by the row maximum.
  static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Range<Int>, width: Int) {
    for row in rows {
      softmaxRow(x + row * width, y + row * width, width)
    }
  }

  @inline(__always)
  static func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ width: Int) {
    guard width > 0 else { return }
    var largest = x[0]
    for i in 1..<max(width, 1) where x[i] > largest { largest = x[i] }
    var total: Float = 0
    for i in 0..<width {
      let e = Foundation.exp(x[i] - largest)
      y[i] = e
      total += e
    }
    let inverse = 1 / total
    for i in 0..<width { y[i] *= inverse }
  }

  /// y = act(x) element-wise over `elements`.
  static func activation(_ kind: Activation, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, elements: Range<Int>) {
    switch kind {
    case .relu:
      var i = elements.lowerBound
      while i + 8 <= elements.upperBound {
        store(pointwiseMax(load(x + i), SIMD8<Float>()), y + i)
        i += 8
      }
      while i < elements.upperBound {
        y[i] = max(x[i], 0)
        i += 1
      }
    case .gelu:
      for i in elements { y[i] = 0.5 * x[i] * (1 + Foundation.erf(x[i] * 0.707_106_78)) }
    case .geluTanh:
      for i in elements {
        let v = x[i]
        y[i] = 0.5 * v * (1 + Foundation.tanh(0.797_884_56 * (v + 0.044715 * v * v * v)))
      }
    case .tanh:
      for i in elements { y[i] = Foundation.tanh(x[i]) }
    case .sigmoid:
      for i in elements { y[i] = 1 / (1 + Foundation.exp(-x[i])) }
    }
  }

  /// y = a + b element-wise over `elements`.
  static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, elements: Range<Int>) {
    var i = elements.lowerBound
    while i + 8 <= elements.upperBound {
      store(load(a + i) + load(b + i), y + i)
      i += 8
    }
    while i < elements.upperBound {
      y[i] = a[i] + b[i]
      i += 1
    }
  }
}

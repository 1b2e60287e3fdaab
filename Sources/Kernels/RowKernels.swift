/// Small SIMD helpers over raw fp32 buffers for the ops the C kernels don't cover (residual
/// add, embedding sums, mean pooling). Each works on a range so callers can split work over the
/// pool; ranges never interact, so results do not depend on the split. Inputs and output may
/// be the same buffer (in place).
enum RowKernels {
  @inline(__always)
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }

  @inline(__always)
  static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
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

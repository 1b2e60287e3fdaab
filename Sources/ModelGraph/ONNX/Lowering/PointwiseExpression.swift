import Foundation

/// An elementwise function of one graph value `x`, built from the ONNX arithmetic that reads it
/// (Add, Sub, Mul, Div, Pow with constants or with `x` again; Erf, Tanh, Sqrt, Sigmoid, Relu).
///
/// Exporters write activations as such chains: GELU as `x · 0.5 · (1 + erf(x/√2))`, tanh GELU
/// as `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, in any order of the products. When another
/// op reads the chain, `activation` compares it with each activation the kernels have at many
/// points, so any arrangement of the same function maps onto the same fused kernel, and
/// anything else is refused rather than approximated.
indirect enum PointwiseExpression: Sendable, Equatable {
  case x
  case constant(Double)
  case binary(String, PointwiseExpression, PointwiseExpression)
  case unary(String, PointwiseExpression)

  /// The value at `x`.
  func evaluate(_ x: Double) -> Double {
    switch self {
    case .x: return x
    case let .constant(value): return value
    case let .binary(op, a, b):
      let (left, right) = (a.evaluate(x), b.evaluate(x))
      switch op {
      case "Add": return left + right
      case "Sub": return left - right
      case "Mul": return left * right
      case "Div": return left / right
      case "Pow": return pow(left, right)
      case "Max": return max(left, right)
      default: return min(left, right)
      }
    case let .unary(op, a):
      let value = a.evaluate(x)
      switch op {
      case "Erf": return erf(value)
      case "Tanh": return tanh(value)
      case "Sqrt": return value.squareRoot()
      case "Sigmoid": return 1 / (1 + exp(-value))
      default: return max(0, value)  // Relu
      }
    }
  }

  /// Points the comparison checks: both tails and the curved middle of every activation.
  static let samples: [Double] = stride(from: -8.0, through: 8.0, by: 0.125).map { $0 } + [-0.01, 0.003, 0.05]

  /// Whether the expression equals `function` at every sample point (to 1e-5 of the value).
  func matches(_ function: (Double) -> Double) -> Bool {
    Self.samples.allSatisfy { point in
      let (found, wanted) = (evaluate(point), function(point))
      return found.isFinite && abs(found - wanted) <= 1e-5 * max(1, abs(wanted))
    }
  }

  /// The kernel activation this expression computes, if any.
  var activation: Activation? {
    Activation.allCases.first { matches($0.reference) }
  }

  /// Whether the expression is `x` itself (a multiply by 1, an add of 0).
  var isIdentity: Bool { matches { $0 } }
}

extension Activation {
  /// The function as `docs/forward-pass.md` defines it, in Double.
  var reference: (Double) -> Double {
    switch self {
    case .relu: { max(0, $0) }
    case .gelu: { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }
    case .geluTanh: { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }
    case .tanh: { Foundation.tanh($0) }
    case .sigmoid: { 1 / (1 + exp(-$0)) }
    }
  }
}

import CKernels
import TestSupport

/// Shared helpers for the Gemm*/VectorMath* suites: ISA levels, random data, a tolerance.
enum GemmTestSupport {
  /// Every instruction-set level this CPU runs (one test per level it supports).
  static let levels: [Int32] = Array(0...ip_cpu_best_isa())

  /// The activations a GEMM epilogue can fuse (ip_activation raw values).
  static let activations: [Int32] = [
    IP_ACT_NONE, IP_ACT_RELU, IP_ACT_GELU_ERF, IP_ACT_GELU_TANH, IP_ACT_TANH, IP_ACT_SIGMOID,
  ].map { Int32($0.rawValue) }

  /// `count` uniform values in [-scale, scale), reproducible per seed.
  static func randomFloats(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float.random(in: -scale..<scale, using: &generator) }
  }

  /// Unit round-off of Float (2⁻²⁴).
  static let unitRoundoff = Double(Float.ulpOfOne) / 2

  /// Tolerance for one GEMM output. Derivation: a dot product of k terms plus a bias, summed in
  /// Float in any order (with or without FMA), has |error| ≤ γ(k+1)·S where γ(n) = n·u/(1 − n·u),
  /// u = 2⁻²⁴ and S = |bias| + Σ|a_p·w_p| (Higham, Accuracy and Stability, §3.1). The kernel and
  /// the reference each carry such an error, so the pre-activation values differ by at most
  /// 2·γ(k+1)·S. Every epilogue is Lipschitz with constant ≤ 1.13 (GELU's maximum slope; ReLU,
  /// tanh 1; sigmoid 0.25), and the vectorized epilogue adds its own error, below 1e-6·(1 + |y|)
  /// (the vector-math bounds below, scaled by GELU's |x|/2 factor). Hence
  /// tolerance = 1.13·2·γ(k+1)·S + 1e-6·(1 + |y|).
  static func tolerance(k: Int, magnitude: Double, value: Float) -> Float {
    let n = Double(k + 1) * unitRoundoff
    let gamma = n / (1 - n)
    return Float(1.13 * 2 * gamma * magnitude) + 1e-6 * (1 + abs(value))
  }
}

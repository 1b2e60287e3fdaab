/// Non-negative least squares for a handful of unknowns: minimise `Σ_i (Σ_j A_ij x_j − y_i)²`
/// subject to `x ≥ 0`.
///
/// With k ≤ 4 unknowns every support (subset of unknowns allowed to be non-zero) is tried: the
/// optimum is the unconstrained least-squares solution on its own support (the Karush–Kuhn–Tucker
/// conditions of Lawson & Hanson, "Solving Least Squares Problems", 1974, ch. 23), so the best of
/// the feasible support solutions is the global optimum of this convex problem. Each support is
/// solved from its normal equations with the columns scaled to unit length first (the unknowns
/// of the CPU projection differ by orders of magnitude). Among supports whose residuals agree to
/// 1e-9 (relative), the smaller support wins: two unknowns whose columns are proportional cannot
/// be told apart, and the simpler answer is the one to report.
public enum NonNegativeLeastSquares {
  /// The solution, and its residual sum of squares.
  public struct Solution: Equatable, Sendable {
    public var x: [Double]
    public var residualSquares: Double
  }

  /// Solves for the unknowns marked `free`; the others stay 0.
  /// - Returns: nil when no unknown is free or `rows` is empty.
  /// - Precondition: every row has `free.count` entries and `targets.count == rows.count`.
  public static func solve(rows: [[Double]], targets: [Double], free: [Bool]) -> Solution? {
    precondition(rows.count == targets.count && rows.allSatisfy { $0.count == free.count }, "NNLS shapes must agree")
    let columns = free.indices.filter { free[$0] }
    guard !columns.isEmpty, !rows.isEmpty else { return nil }
    let zero = Solution(x: Array(repeating: 0, count: free.count), residualSquares: targets.reduce(0) { $0 + $1 * $1 })
    var best = zero
    var bestSize = 0
    // Supports by size, smallest first, so a tie keeps the smaller one.
    let supports = (1..<(1 << columns.count)).map { mask in columns.indices.filter { mask & (1 << $0) != 0 }.map { columns[$0] } }
      .sorted { $0.count < $1.count }
    for support in supports {
      guard let x = leastSquares(rows: rows, targets: targets, support: support, width: free.count),
        x.allSatisfy({ $0 >= 0 && $0.isFinite })
      else { continue }
      let squares = residualSquares(rows: rows, targets: targets, x: x)
      if squares < best.residualSquares - 1e-9 * max(best.residualSquares, 1e-300) || (bestSize == 0 && squares <= best.residualSquares) {
        best = Solution(x: x, residualSquares: squares)
        bestSize = support.count
      }
    }
    return best
  }

  static func residualSquares(rows: [[Double]], targets: [Double], x: [Double]) -> Double {
    var sum = 0.0
    for (row, target) in zip(rows, targets) {
      var value = -target
      for (a, v) in zip(row, x) { value += a * v }
      sum += value * value
    }
    return sum
  }

  /// Unconstrained least squares on the columns in `support` (others 0); nil when singular.
  static func leastSquares(rows: [[Double]], targets: [Double], support: [Int], width: Int) -> [Double]? {
    let k = support.count
    let norms = support.map { column in rows.reduce(0) { $0 + $1[column] * $1[column] }.squareRoot() }
    guard norms.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
    // Normal equations on unit-length columns: (AᵀA) z = Aᵀy, x = z / norm.
    var matrix = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
    for (row, target) in zip(rows, targets) {
      for i in 0..<k {
        let ai = row[support[i]] / norms[i]
        for j in 0..<k { matrix[i][j] += ai * row[support[j]] / norms[j] }
        matrix[i][k] += ai * target
      }
    }
    // Gaussian elimination with partial pivoting.
    for pivot in 0..<k {
      guard let best = (pivot..<k).max(by: { abs(matrix[$0][pivot]) < abs(matrix[$1][pivot]) }),
        abs(matrix[best][pivot]) > 1e-12
      else { return nil }
      matrix.swapAt(pivot, best)
      for r in 0..<k where r != pivot {
        let factor = matrix[r][pivot] / matrix[pivot][pivot]
        for c in pivot...k { matrix[r][c] -= factor * matrix[pivot][c] }
      }
    }
    var x = [Double](repeating: 0, count: width)
    for i in 0..<k { x[support[i]] = matrix[i][k] / matrix[i][i] / norms[i] }
    return x
  }
}

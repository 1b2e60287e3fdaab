extension CPUPassModel {
  /// The measured points of one thread count: each batch size's work and median seconds.
  public typealias Points = [(work: PassWork, seconds: Double)]

  /// Fits one model per measured thread count of one host, on *relative* error, with
  /// non-negative least squares (`NonNegativeLeastSquares`), so batch 1 weighs as much as the
  /// largest batch.
  ///
  /// At a fixed sequence length a pass's FLOPs grow in proportion to the batch size and its bytes
  /// are weights plus activations per row, `M(b) = M₀ + M₁·b`. So one thread count's times
  /// determine only a slope and an intercept, `t = A·F/(g·n) + B`, never `a`, `m` and `o` apart:
  ///
  /// 1. Per thread count: `A, B ≥ 0` by NNLS on `((A·x + B) − t)/t` over its batch sizes. One batch
  ///    size: all compute (`B = 0`, the old peak-ratio rule).
  /// 2. Memory against overhead: the memory part of the intercept, `m·M₀/BW(n)`, grows as fewer
  ///    threads get a smaller bandwidth share, while overhead stays. With two or more thread
  ///    counts of different shares, `m, o ≥ 0` are fitted to their intercepts (NNLS, relative
  ///    error); with one (or no host bandwidth) the intercept is all overhead, and the note says so.
  /// 3. Each count keeps its own slope and intercept: `a = A − m·(M₁/BW(n)) / (F/(g·n) per row)`
  ///    and `o = B − m·M₀/BW(n)`, `m` lowered where either would go below 0.
  ///
  /// - Returns: the model per thread count (counts without a positive time are left out).
  public static func fit(_ counts: [(threads: Int, points: Points)], host: CPUFigures) -> [Int: CPUPassModel] {
    var lines: [Line] = []
    for (threads, points) in counts {
      if let line = Line(points, threads: threads, host: host) { lines.append(line) }
    }
    let (memoryFactor, splitNote) = memorySplit(lines)
    var models: [Int: CPUPassModel] = [:]
    for line in lines {
      var m = memoryFactor
      if line.interceptBytesSeconds > 0 { m = min(m, line.intercept / line.interceptBytesSeconds) }
      if line.slopeBytesRatio > 0 { m = min(m, line.slope / line.slopeBytesRatio) }
      let notes = [line.note, line.note == nil ? splitNote : nil].compactMap { $0 }
      models[line.threads] = CPUPassModel(
        computeFactor: max(0, line.slope - m * line.slopeBytesRatio),
        memoryFactor: m, overheadSeconds: max(0, line.intercept - m * line.interceptBytesSeconds),
        fixedNote: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
    return models
  }

  /// One thread count's slope and intercept, and how its bytes split into those two.
  struct Line {
    var threads: Int
    /// `A`: seconds per second of peak compute.
    var slope: Double
    /// `B`: seconds per pass.
    var intercept: Double
    /// `M₁/BW(n)` per unit of `F/(g·n)`: how much slope one unit of `m` explains.
    var slopeBytesRatio: Double
    /// `M₀/BW(n)`: how much intercept one unit of `m` explains (0 without bandwidth).
    var interceptBytesSeconds: Double
    var note: String?

    init?(_ points: Points, threads: Int, host: CPUFigures) {
      let usable = points.filter { $0.seconds > 0 && $0.seconds.isFinite }
      guard !usable.isEmpty else { return nil }
      self.threads = threads
      let compute = usable.map { $0.work.computeSeconds(on: host, threads: threads) }
      let memory = usable.map { $0.work.memorySeconds(on: host, threads: threads) ?? 0 }
      // Bytes as `M₀/BW + r·x` over the points (exact when M is affine in the batch size).
      let (ratio, base) = Self.affine(memory, over: compute)
      slopeBytesRatio = max(0, ratio)
      interceptBytesSeconds = max(0, base)
      if usable.count == 1 || compute.allSatisfy({ $0 == compute[0] }) {
        let seconds = usable.map(\.seconds).reduce(0, +) / Double(usable.count)
        slope = compute[0] > 0 ? seconds / compute[0] : 0
        intercept = compute[0] > 0 ? 0 : seconds
        note = "1 batch size: all compute (memory and overhead not fitted)"
        return
      }
      let rows = zip(usable, compute).map { point, x in [x / point.seconds, 1 / point.seconds] }
      guard let solution = NonNegativeLeastSquares.solve(rows: rows, targets: rows.map { _ in 1 }, free: [true, true])
      else { return nil }
      slope = solution.x[0]
      intercept = solution.x[1]
      note = nil
    }

    /// Least-squares `y ≈ r·x + c`; (0, mean y) when x does not vary.
    static func affine(_ y: [Double], over x: [Double]) -> (ratio: Double, base: Double) {
      let n = Double(x.count)
      let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
      var sxy = 0.0, sxx = 0.0
      for (xi, yi) in zip(x, y) {
        sxy += (xi - meanX) * (yi - meanY)
        sxx += (xi - meanX) * (xi - meanX)
      }
      guard sxx > 0 else { return (0, meanY) }
      let ratio = sxy / sxx
      return (ratio, meanY - ratio * meanX)
    }
  }

  /// `m` from the intercepts of thread counts with different bandwidth shares; 0 (all overhead)
  /// with the reason when they cannot tell memory from overhead.
  static func memorySplit(_ lines: [Line]) -> (Double, String?) {
    let usable = lines.filter { $0.note == nil && $0.intercept > 0 && $0.interceptBytesSeconds > 0 }
    let shares = usable.map(\.interceptBytesSeconds)
    guard usable.count >= 2, let low = shares.min(), let high = shares.max(), high > 1.01 * low else {
      let reason = lines.contains { $0.interceptBytesSeconds > 0 }
        ? "one thread count: the fixed part is taken as overhead (memory not told apart)"
        : "no host bandwidth: the fixed part is taken as overhead"
      return (0, reason)
    }
    let rows = usable.map { [$0.interceptBytesSeconds / $0.intercept, 1 / $0.intercept] }
    guard let solution = NonNegativeLeastSquares.solve(rows: rows, targets: rows.map { _ in 1 }, free: [true, true])
    else { return (0, nil) }
    return (solution.x[0], nil)
  }
}

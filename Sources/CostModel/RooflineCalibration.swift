import ModelGraph
import Profiles
import Records

/// Fits the GPU roofline's figures for one precision to measured passes, with the planner's own
/// counts (the graph analysis's ops and launches) and the hardware profile's peaks, so that the
/// calibrated estimate reproduces the sweep it came from:
///
///     t(b) = Σ_ops max(F / (P·e_c), B / (BW·e_m)) + launches · t_launch
///
/// (no separate fixed cost per pass: a constant launch count makes it the same unknown).
///
/// For a given split of the ops into compute-bound and memory-bound ones the time is linear in
/// `1/e_c`, `1/e_m` and `t_launch`; with `1/e = 1 + y` (a device cannot beat its peak, so `y ≥ 0`)
/// the three unknowns `y_c`, `y_m`, `t_launch ≥ 0` are fitted by non-negative least squares on
/// relative error (`NonNegativeLeastSquares`), so batch 1 weighs as much as batch 1024. The
/// split depends on the ratio `r = (P·e_c)/(BW·e_m)` (an op is compute-bound when its FLOPs per
/// byte exceed `r`); every split the ops' own FLOPs-per-byte values produce is tried. Within a
/// split the fit minimises the worst relative error (Lawson's reweighting, below), and the split
/// whose fit, run through the roofline itself, has the smallest worst error wins: the check the
/// calibration answers to is "every measured batch size within ±x%".
public enum RooflineCalibration {
  /// A fitted calibration and its root-mean-square relative error over the points.
  public struct Fit: Equatable, Sendable {
    public var computeEfficiency: Double
    public var memoryEfficiency: Double
    public var launchOverheadSeconds: Double
    public var relativeError: Double
    /// The largest relative error over the points (what the fit makes small).
    public var worstRelativeError: Double
  }

  /// Rounds of reweighting towards the smallest worst error (a few dozen settle it).
  static let minimaxRounds = 40
  /// Weight of the rows that prefer efficiencies near the peak: small beside a sweep's relative
  /// residuals (a y of 1, e = 0.5, costs as much as one point 5% off).
  static let preferPeakWeight = 0.05

  /// Fits `points` (each pass's ops at fp32 byte counts and its measured median seconds) on `gpu`
  /// at `precision`. nil without a point of positive time.
  public static func fit(_ points: [(ops: [OpCost], seconds: Double)], gpu: GPUSpec, precision: Precision) -> Fit? {
    let usable = points.filter { $0.seconds > 0 && $0.seconds.isFinite && !$0.ops.isEmpty }
    guard !usable.isEmpty else { return nil }
    let peak = RooflineEstimator.peakFLOPS(of: gpu, precision: precision)
    let bandwidth = gpu.bandwidthGBps * 1e9
    guard peak > 0, bandwidth > 0 else { return nil }
    let passes = usable.map { point in
      (ops: point.ops.map { $0.scaled(toBytesPerValue: precision.bytesPerElement) }, seconds: point.seconds)
    }
    // Candidate splits: thresholds between the ops' FLOPs-per-byte values (in units of P/BW).
    var intensities = Set<Double>()
    for pass in passes { for op in pass.ops where op.gpuBytes > 0 { intensities.insert((op.flops / op.gpuBytes) * bandwidth / peak) } }
    let sorted = intensities.sorted()
    var thresholds = [0.0] + zip(sorted, sorted.dropFirst()).map { ($0 + $1) / 2 } + [(sorted.last ?? 0) * 2 + 1]
    thresholds = thresholds.filter { $0 >= 0 }
    var best: Fit?
    for threshold in thresholds {
      guard var fit = fit(passes, threshold: threshold, peak: peak, bandwidth: bandwidth) else { continue }
      // Judge the fit by the roofline itself (each op on whichever side its max puts it), so a
      // split that the fitted ratio contradicts is judged by what it would really predict.
      let errors = passes.map { pass in
        let compute = peak * fit.computeEfficiency, memory = bandwidth * fit.memoryEfficiency
        let predicted = pass.ops.reduce(0.0) { total, op in
          total + max(op.flops / compute, op.gpuBytes / memory) + Double(op.launches) * fit.launchOverheadSeconds
        }
        return predicted / pass.seconds - 1
      }
      fit.worstRelativeError = errors.map(abs).max() ?? 0
      fit.relativeError = (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
      if best == nil || fit.worstRelativeError < best!.worstRelativeError - 1e-12 { best = fit }
    }
    return best
  }

  /// The fit for one split: ops whose FLOPs per byte (× BW/P) exceed `threshold` are compute-bound.
  static func fit(_ passes: [(ops: [OpCost], seconds: Double)], threshold: Double, peak: Double, bandwidth: Double) -> Fit? {
    var rows: [[Double]] = []
    var targets: [Double] = []
    for pass in passes {
      var compute = 0.0, memory = 0.0, launches = 0.0
      for op in pass.ops {
        let intensity = op.gpuBytes > 0 ? (op.flops / op.gpuBytes) * bandwidth / peak : .infinity
        if intensity > threshold { compute += op.flops / peak } else { memory += op.gpuBytes / bandwidth }
        launches += Double(op.launches)
      }
      // t − (compute + memory) = y_c·compute + y_m·memory + t_launch·launches, on relative error.
      rows.append([compute / pass.seconds, memory / pass.seconds, launches / pass.seconds])
      targets.append((pass.seconds - compute - memory) / pass.seconds)
    }
    let free = [rows.contains { $0[0] > 0 }, rows.contains { $0[1] > 0 }, rows.contains { $0[2] > 0 }]
    guard free.contains(true) else { return nil }
    // One sweep cannot tell a pass's fixed part apart: low memory efficiency on the weights and
    // launch overhead explain it alike (and so can compute and memory on the batch-proportional
    // part). Two light rows pull y_c and y_m towards 0, so among fits that explain the sweep
    // equally well the one with efficiencies nearest the peaks wins and the fixed part goes to
    // the launches; it is the reading that carries over to another GPU (a launch costs about the
    // same on any GPU; DRAM efficiency of a large read does too).
    let preferPeak = [[preferPeakWeight, 0, 0], [0, preferPeakWeight, 0]]
    // Lawson's iteratively reweighted least squares towards the smallest worst relative error
    // (C. L. Lawson, "Contributions to the theory of linear least maximum approximation", 1961):
    // each round multiplies a point's weight by its absolute residual.
    var weights = [Double](repeating: 1 / Double(rows.count), count: rows.count)
    var best: (x: [Double], worst: Double)?
    for _ in 0..<minimaxRounds {
      let scale = weights.map { $0.squareRoot() }
      guard let solution = NonNegativeLeastSquares.solve(
        rows: zip(rows, scale).map { row, s in row.map { $0 * s } } + preferPeak,
        targets: zip(targets, scale).map { $0 * $1 } + [0, 0], free: free)
      else { break }
      let residuals = zip(rows, targets).map { row, target in abs(zip(row, solution.x).reduce(-target) { $0 + $1.0 * $1.1 }) }
      let worst = residuals.max() ?? 0
      if best == nil || worst < best!.worst { best = (solution.x, worst) }
      let next = zip(weights, residuals).map { $0 * $1 }
      let total = next.reduce(0, +)
      guard total > 0 else { break }
      weights = next.map { $0 / total }
    }
    guard let (x, worst) = best else { return nil }
    let squares = NonNegativeLeastSquares.residualSquares(rows: rows, targets: targets, x: x)
    return Fit(
      computeEfficiency: 1 / (1 + x[0]), memoryEfficiency: 1 / (1 + x[1]), launchOverheadSeconds: x[2],
      relativeError: (squares / Double(passes.count)).squareRoot(), worstRelativeError: worst)
  }
}

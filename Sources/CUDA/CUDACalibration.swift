import ModelGraph
import Records

/// One measured point for calibration: its time and the work it did.
public struct CUDACalibrationPoint: Equatable, Sendable {
  /// Measured time of one pass (median), seconds.
  public var measuredSeconds: Double
  /// FLOPs and bytes of each node of the pass (the shared graph analysis, bytes at the pass's
  /// precision), the same counts the roofline estimate uses.
  public var costs: [OpCost]
  /// Kernels and GEMMs launched per pass.
  public var launches: Int

  public init(measuredSeconds: Double, costs: [OpCost], launches: Int) {
    self.measuredSeconds = measuredSeconds
    self.costs = costs
    self.launches = launches
  }
}

/// The roofline estimate's three free parameters, fitted to measured GPU passes:
///
///     time ≈ Σ_ops max(FLOPs / (peakFLOPs · e_c), bytes / (peakBW · e_m)) + launches · t_launch
///
/// `e_c` (compute efficiency) and `e_m` (memory efficiency) are searched on a log grid from
/// 0.0005 to 1 (64 values each): a device can't beat its peak, and on a pass dominated by launch
/// overhead (a small MLP) the efficiencies are not identifiable and would otherwise drift to
/// whatever bound the grid has (measured on an H200: mlp-large fitted e_c = 2.0 before the cap);
/// for each pair the launch overhead `t_launch ≥ 0` has a closed form (weighted least squares
/// with weights 1/time², i.e. relative errors, so batch 1 counts as much as batch 1024). The
/// pair with the smallest root-mean-square relative error wins. The three separate only when the
/// points span small batches (launch-bound) and large ones (compute- or memory-bound): fit a
/// sweep, not a single point.
public struct CUDACalibration: Equatable, Sendable {
  public var computeEfficiency: Double
  public var memoryEfficiency: Double
  public var launchOverheadSeconds: Double
  /// Root-mean-square relative error of the fit over its points (0.05 = 5%).
  public var relativeError: Double
  /// The peaks the efficiencies are relative to.
  public var peakFlopsPerSecond: Double
  public var peakBytesPerSecond: Double

  /// The fitted model's time for one pass.
  public func predictedSeconds(costs: [OpCost], launches: Int) -> Double {
    Self.rooflineSeconds(
      costs, peakFlops: peakFlopsPerSecond * computeEfficiency,
      peakBytes: peakBytesPerSecond * memoryEfficiency) + Double(launches) * launchOverheadSeconds
  }

  static func rooflineSeconds(_ costs: [OpCost], peakFlops: Double, peakBytes: Double) -> Double {
    costs.reduce(0) { $0 + max($1.flops / peakFlops, $1.gpuBytes / peakBytes) }
  }

  /// Fits the three parameters to `points`; nil without points or with non-positive peaks.
  public static func fit(
    _ points: [CUDACalibrationPoint], peakFlopsPerSecond: Double, peakBytesPerSecond: Double
  ) -> CUDACalibration? {
    let usable = points.filter { $0.measuredSeconds > 0 }
    guard !usable.isEmpty, peakFlopsPerSecond > 0, peakBytesPerSecond > 0 else { return nil }
    let grid = (0..<64).map { 0.0005 * pow2000(Double($0) / 63) }
    var best: CUDACalibration?
    for computeEfficiency in grid {
      for memoryEfficiency in grid {
        let roofline = usable.map {
          rooflineSeconds(
            $0.costs, peakFlops: peakFlopsPerSecond * computeEfficiency,
            peakBytes: peakBytesPerSecond * memoryEfficiency)
        }
        // t = Σ w·L·(T − R) / Σ w·L², w = 1/T².
        var numerator = 0.0
        var denominator = 0.0
        for (point, r) in zip(usable, roofline) {
          let weight = 1 / (point.measuredSeconds * point.measuredSeconds)
          numerator += weight * Double(point.launches) * (point.measuredSeconds - r)
          denominator += weight * Double(point.launches * point.launches)
        }
        let launch = denominator > 0 ? max(0, numerator / denominator) : 0
        var squares = 0.0
        for (point, r) in zip(usable, roofline) {
          let predicted = r + Double(point.launches) * launch
          let error = (predicted - point.measuredSeconds) / point.measuredSeconds
          squares += error * error
        }
        let error = (squares / Double(usable.count)).squareRoot()
        if best == nil || error < best!.relativeError {
          best = CUDACalibration(
            computeEfficiency: computeEfficiency, memoryEfficiency: memoryEfficiency,
            launchOverheadSeconds: launch, relativeError: error,
            peakFlopsPerSecond: peakFlopsPerSecond, peakBytesPerSecond: peakBytesPerSecond)
        }
      }
    }
    return best
  }

  /// 2000^x without Foundation (the grid spans 0.0005 … 1).
  private static func pow2000(_ x: Double) -> Double {
    var result = 1.0
    var term = 1.0
    let logarithm = 7.600_902_459_542_082  // ln 2000
    for n in 1...40 {
      term *= x * logarithm / Double(n)
      result += term
    }
    return result
  }
}

extension Measurement {
  /// This row with the calibration's efficiencies and launch overhead filled in.
  public func calibrated(by calibration: CUDACalibration) -> Measurement {
    var row = self
    row.computeEfficiency = calibration.computeEfficiency
    row.memoryEfficiency = calibration.memoryEfficiency
    row.launchOverheadSeconds = calibration.launchOverheadSeconds
    return row
  }
}

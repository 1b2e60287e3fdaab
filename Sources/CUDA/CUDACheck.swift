import Dispatch
import ModelGraph
import Records

/// The checks `infer-plan gpu-check` runs on a real GPU: outputs against the host reference,
/// event time against the host clock, and timed sweep points.
public enum CUDACheck {
  /// GPU output against the reference for one model and precision.
  public struct Correctness: Sendable {
    public var maxAbsDifference: Double
    /// Smallest cosine similarity between GPU and reference rows after masked mean pooling
    /// (encoders only).
    public var pooledCosine: Double?
    /// Allowed max |difference|: 1e-3 for fp32, 2e-2 for tf32/fp16/bf16 (docs/gpu.md, "Checking
    /// on a real GPU").
    public var tolerance: Double
    public var passed: Bool { maxAbsDifference <= tolerance && (pooledCosine ?? 1) >= 0.999 }
  }

  /// The output tolerance of `precision`: 1e-3 for fp32, whose sums only reorder; 2e-2 where data
  /// is stored in 10 (tf32, fp16) or 7 (bf16) fraction bits (docs/gpu.md, "Checking on a real GPU").
  public static func tolerance(_ precision: CUDAPrecision) -> Double { precision == .fp32 ? 1e-3 : 2e-2 }

  /// Compares `output` with `reference`; for encoders (`mask` given) also the pooled cosine.
  public static func compare(
    _ output: Tensor, _ reference: Tensor, precision: CUDAPrecision, mask: [Int32]?
  ) -> Correctness {
    var worst = output.shape == reference.shape ? 0.0 : .infinity
    if output.shape == reference.shape {
      for (a, b) in zip(output.scalars, reference.scalars) {
        let difference = Double(abs(a - b))
        worst = difference.isNaN ? .infinity : max(worst, difference)
      }
    }
    var cosine: Double?
    if let mask, output.shape.count == 3, output.shape == reference.shape {
      let (batch, sequence, hidden) = (output.shape[0], output.shape[1], output.shape[2])
      var smallest = 1.0
      for b in 0..<batch {
        var pooledGPU = [Double](repeating: 0, count: hidden)
        var pooledReference = pooledGPU
        for s in 0..<sequence where mask[b * sequence + s] != 0 {
          for h in 0..<hidden {
            pooledGPU[h] += Double(output.scalars[(b * sequence + s) * hidden + h])
            pooledReference[h] += Double(reference.scalars[(b * sequence + s) * hidden + h])
          }
        }
        let dot = zip(pooledGPU, pooledReference).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (pooledGPU.reduce(0) { $0 + $1 * $1 } * pooledReference.reduce(0) { $0 + $1 * $1 }).squareRoot()
        smallest = min(smallest, norms > 0 ? dot / norms : 0)
      }
      cosine = smallest
    }
    return Correctness(maxAbsDifference: worst, pooledCosine: cosine, tolerance: tolerance(precision))
  }

  /// Event time against the host clock over repeated passes.
  public struct TimingSanity: Sendable {
    public var runs: Int
    /// Runs where event > host + 2 µs, or host − event > max(20% of host, 50 µs × launches).
    public var violations: Int
    public var medianHostSeconds: Double
    public var medianDeviceSeconds: Double
    public var launches: Int
    public var passed: Bool { violations == 0 }
  }

  /// Monotonic host clock in seconds.
  public static func hostSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// Runs `pass` `runs` times after `warmups`, comparing each run's event time with the host
  /// time around `run()` (which returns only after the stream synchronizes). The 2 µs slack
  /// covers the events' ~0.5 µs resolution.
  public static func timingSanity(_ pass: CUDAForwardPass, warmups: Int = 5, runs: Int = 20)
    throws -> TimingSanity
  {
    for _ in 0..<warmups { try pass.run() }
    var hosts: [Double] = []
    var devices: [Double] = []
    var violations = 0
    for _ in 0..<runs {
      let start = hostSeconds()
      try pass.run()
      let host = hostSeconds() - start
      let device = pass.lastDeviceSeconds ?? .infinity
      hosts.append(host)
      devices.append(device)
      let allowed = max(0.2 * host, 50e-6 * Double(pass.launches))
      if device > host + 2e-6 || host - device > allowed { violations += 1 }
    }
    return TimingSanity(
      runs: runs, violations: violations, medianHostSeconds: Quantiles.median(hosts) ?? 0,
      medianDeviceSeconds: Quantiles.median(devices) ?? 0, launches: pass.launches)
  }

  /// One timed sweep point.
  public struct SweepPoint: Sendable {
    public var batchSize: Int
    public var sequenceLength: Int
    /// Host (wall) seconds of each timed run, in order.
    public var hostSeconds: [Double]
    /// Event (device) seconds of each timed run.
    public var deviceSeconds: [Double]
    public var peakMemoryBytes: Int
    public var launches: Int
    public var costs: [OpCost]
  }

  /// Times one shape: warm-up for at least 3 runs and 0.1 s, then at least `minimumRuns` runs
  /// and `minimumSeconds`, stopping at `maximumSeconds` (after at least 3 runs).
  public static func sweepPoint(
    _ backend: CUDABackend, batchSize: Int, sequenceLength: Int, minimumRuns: Int = 10,
    minimumSeconds: Double = 0.25, maximumSeconds: Double = 2
  ) throws -> SweepPoint {
    let pass = try backend.prepareSeeded(batchSize: batchSize, sequenceLength: sequenceLength)
    let warmStart = hostSeconds()
    var warmups = 0
    while warmups < 3 || (hostSeconds() - warmStart < 0.1 && warmups < 1000) {
      try pass.run()
      warmups += 1
    }
    var hosts: [Double] = []
    var devices: [Double] = []
    let start = hostSeconds()
    while hosts.count < minimumRuns || hostSeconds() - start < minimumSeconds {
      if hosts.count >= 3 && hostSeconds() - start > maximumSeconds { break }
      let before = hostSeconds()
      try pass.run()
      hosts.append(hostSeconds() - before)
      devices.append(pass.lastDeviceSeconds ?? 0)
    }
    return SweepPoint(
      batchSize: batchSize, sequenceLength: sequenceLength, hostSeconds: hosts,
      deviceSeconds: devices, peakMemoryBytes: pass.peakMemoryBytes, launches: pass.launches,
      costs: pass.costs)
  }
}

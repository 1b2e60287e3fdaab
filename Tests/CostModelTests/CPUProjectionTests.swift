import PlanningFixtures
import Records
import Testing

@testable import CostModel

@Suite("CPU projection: compute + memory + overhead")
struct CPUProjectionTests {
  static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)
  }

  // MARK: non-negative least squares

  /// (rows, targets, free) → x.
  static let nnlsCases: [([[Double]], [Double], [Bool], [Double])] = [
    // Exact and positive: the unconstrained solution.
    ([[1, 0], [0, 1], [1, 1]], [2, 3, 5], [true, true], [2, 3]),
    // Unconstrained would make x1 negative (−1): the optimum puts it at 0 and refits x0.
    ([[1, 1], [2, 1], [3, 1]], [3, 5, 7].map { -$0 + 10 }, [true, true], [0, 5]),
    // A fixed unknown stays 0.
    ([[1, 0], [0, 1]], [2, 3], [true, false], [2, 0]),
    // Proportional columns cannot be told apart: the smaller support wins.
    ([[1, 2], [2, 4], [3, 6]], [1, 2, 3], [true, true], [1, 0]),
  ]

  @Test("NNLS: exact, clamped at 0, fixed unknowns, ties go to the smaller support", arguments: nnlsCases)
  func nnls(_ c: ([[Double]], [Double], [Bool], [Double])) throws {
    let solution = try #require(NonNegativeLeastSquares.solve(rows: c.0, targets: c.1, free: c.2))
    for (found, wanted) in zip(solution.x, c.3) { #expect(abs(found - wanted) < 1e-9, "x = \(solution.x)") }
  }

  @Test("NNLS: the clamped answer is the true optimum (no feasible point on a grid does better)")
  func nnlsOptimum() throws {
    let rows: [[Double]] = [[1, 1, 1], [2, 1, 0.5], [3, 1, 0.2], [8, 1, 0.1]]
    let targets: [Double] = [1, 0.9, 1.4, 3]
    let solution = try #require(NonNegativeLeastSquares.solve(rows: rows, targets: targets, free: [true, true, true]))
    let grid = stride(from: 0.0, through: 2, by: 0.1)
    for a in grid { for b in grid { for c in grid {
      #expect(NonNegativeLeastSquares.residualSquares(rows: rows, targets: targets, x: [a, b, c])
        >= solution.residualSquares - 1e-12)
    } } }
  }

  // MARK: the pass model

  static let host = CPUFigures(perCoreGFLOPS: 40, physicalCores: 2, memoryBandwidthGBps: 20)

  /// A model with F ∝ b and M = weights + b · activations, like an MLP.
  static func work(_ batch: Int) -> PassWork {
    PassWork(flops: 4e6 * Double(batch), bytes: 8e6 + 1e5 * Double(batch))
  }

  static func points(_ truth: [Int: CPUPassModel], batches: [Int]) -> [(threads: Int, points: CPUPassModel.Points)] {
    truth.keys.sorted().map { threads in
      (threads: threads, points: batches.map { b in
        (work: Self.work(b), seconds: truth[threads]!.seconds(Self.work(b), on: Self.host, threads: threads))
      })
    }
  }

  /// (a at 1 thread, a at 2 threads, m, o) → recovered from 5 batch sizes at 1 and 2 threads.
  static let recoveryCases: [(Double, Double, Double, Double)] = [
    (2.0, 2.4, 1.5, 20e-6), (1.2, 1.2, 0, 5e-6), (3, 3.5, 2, 0), (0.5, 0.7, 1, 1e-4),
  ]

  @Test("fit recovers a per thread count and the shared m, o from times the model made", arguments: recoveryCases)
  func recovery(_ c: (Double, Double, Double, Double)) throws {
    let truth = [
      1: CPUPassModel(computeFactor: c.0, memoryFactor: c.2, overheadSeconds: c.3),
      2: CPUPassModel(computeFactor: c.1, memoryFactor: c.2, overheadSeconds: c.3),
    ]
    let fitted = CPUPassModel.fit(Self.points(truth, batches: [1, 4, 16, 64, 256]), host: Self.host)
    for (threads, model) in truth {
      let found = try #require(fitted[threads])
      #expect(abs(found.computeFactor - model.computeFactor) < 1e-6 * max(1, model.computeFactor), "\(found)")
      #expect(abs(found.memoryFactor - model.memoryFactor) < 1e-6 * max(1, model.memoryFactor), "\(found)")
      #expect(abs(found.overheadSeconds - model.overheadSeconds) < 1e-10, "\(found)")
      #expect(found.fixedNote == nil)
    }
  }

  /// Batch sizes and thread counts → the note (what was fixed) and whether the times are kept.
  static let fewPointCases: [([Int], [Int], String?)] = [
    ([8], [2], "1 batch size: all compute (memory and overhead not fitted)"),
    ([1, 64], [2], "one thread count: the fixed part is taken as overhead (memory not told apart)"),
    ([1, 8, 64], [1, 2], nil),
  ]

  @Test("what the points cannot tell apart is fixed, and said; the measured times are kept", arguments: fewPointCases)
  func fewPoints(_ c: ([Int], [Int], String?)) throws {
    var truth: [Int: CPUPassModel] = [:]
    for threads in c.1 { truth[threads] = CPUPassModel(computeFactor: 2, memoryFactor: 0.5, overheadSeconds: 1e-5) }
    let measured = Self.points(truth, batches: c.0)
    let fitted = CPUPassModel.fit(measured, host: Self.host)
    for (threads, points) in measured {
      let model = try #require(fitted[threads])
      #expect(model.fixedNote == c.2)
      for point in points {
        #expect(Self.close(model.seconds(point.work, on: Self.host, threads: threads), point.seconds, 1e-6))
      }
      if c.0.count == 1 { #expect(model.memoryFactor == 0 && model.overheadSeconds == 0) }
      if c.1.count == 1 && c.0.count > 1 { #expect(model.memoryFactor == 0 && model.overheadSeconds > 1e-5) }
    }
  }

  @Test("no host bandwidth: the memory term is 0 and the note says why")
  func noBandwidth() throws {
    let host = CPUFigures(perCoreGFLOPS: 40, physicalCores: 2, memoryBandwidthGBps: nil)
    let points = [1, 8, 64].map { b in (work: Self.work(b), seconds: 1e-5 + 2 * Self.work(b).flops / 80e9) }
    let model = try #require(CPUPassModel.fit([(threads: 2, points: points)], host: host)[2])
    #expect(model.memoryFactor == 0 && abs(model.computeFactor - 2) < 1e-6 && abs(model.overheadSeconds - 1e-5) < 1e-10)
    #expect(model.fixedNote == "no host bandwidth: the fixed part is taken as overhead")
  }

  // MARK: transfer

  static let target = CPUFigures(perCoreGFLOPS: 160, physicalCores: 4, memoryBandwidthGBps: 60)

  /// (a, m, o, measured threads, target threads) → expected factor at batch 16.
  static let transferCases: [(Double, Double, Double, Int, Int, Double)] = [
    // All compute: the old rule (g_H · n_H) / (g_T · n_T).
    (1, 0, 0, 2, 2, (40.0 * 2) / (160 * 2)),
    (1, 0, 0, 2, 1, (40.0 * 2) / (160 * 1)),
    // All memory: host share (20 GB/s on 2 of 2 cores) over target share (60 × 2/4 = 30 GB/s).
    (0, 1, 0, 2, 2, 20.0 / 30),
    // Fewer threads than measured: memory stays at the measured count's share.
    (0, 1, 0, 2, 1, 20.0 / 30),
    // All overhead: unchanged anywhere.
    (0, 0, 1e-4, 2, 1, 1),
  ]

  @Test("transfer: compute by peak × cores, memory by bandwidth share, overhead as is", arguments: transferCases)
  func transfer(_ c: (Double, Double, Double, Int, Int, Double)) {
    let model = CPUPassModel(computeFactor: c.0, memoryFactor: c.1, overheadSeconds: c.2)
    let factor = CPUProjection.timeFactor(
      model: model, work: Self.work(16), host: Self.host, measuredThreads: c.3, target: Self.target, threads: c.4)
    #expect(Self.close(factor, c.5), "factor \(factor)")
  }

  @Test("projecting onto the measuring host itself changes nothing")
  func identity() {
    let model = CPUPassModel(computeFactor: 1.7, memoryFactor: 0.8, overheadSeconds: 3e-5)
    for batch in [1, 8, 128] {
      let factor = CPUProjection.timeFactor(
        model: model, work: Self.work(batch), host: Self.host, measuredThreads: 2, target: Self.host, threads: 2)
      #expect(Self.close(factor, 1))
    }
  }

  @Test("a mixed pass: the projected time is the sum of the three terms on the target")
  func mixed() {
    let model = CPUPassModel(computeFactor: 2, memoryFactor: 1.5, overheadSeconds: 2e-5)
    let w = Self.work(32)
    let hostSeconds = 2 * w.flops / (40e9 * 2) + 1.5 * w.bytes / 20e9 + 2e-5
    let targetSeconds = 2 * w.flops / (160e9 * 1) + 1.5 * w.bytes / (60e9 * 2 / 4) + 2e-5
    let factor = CPUProjection.timeFactor(model: model, work: w, host: Self.host, measuredThreads: 2, target: Self.target, threads: 1)
    #expect(Self.close(factor, targetSeconds / hostSeconds))
  }
}

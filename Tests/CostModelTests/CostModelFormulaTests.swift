import ModelGraph
import PlanningFixtures
import Foundation
import Testing

@testable import CostModel

@Suite("CostModel formulas")
struct CostModelFormulaTests {
  static let threadCases: [([Int], Int, [Int])] = [
    ([1, 2], 4, [1, 2]),  // never more threads than measured
    ([2], 1, [1]),  // a 1-core instance gets 1 thread
    ([8], 16, [1, 2, 4, 8]),
    ([3], 8, [1, 2, 3]),
    ([], 4, []),
  ]

  @Test("Projected thread counts are capped by the measured maximum and the cores", arguments: threadCases)
  func threadCounts(_ c: ([Int], Int, [Int])) {
    #expect(CPUProjection.threadCounts(measuredThreads: c.0, physicalCores: c.1) == c.2)
  }

  @Test("Roofline: max(compute, memory) per op + launches + fixed overhead")
  func roofline() {
    let ops = [OpCost(name: "compute", flops: 1e12, bytes: 1e6, launches: 2), OpCost(name: "memory", flops: 1e3, bytes: 1.4e9, launches: 1)]
    let gpu = PlannerFixtures.t4
    let e = RooflineEfficiencies.defaults
    // fp16: 1e12 / (65e12 × 0.35) + (1.4e9 × 0.5) / (320e9 × 0.7) + 3 × 5 µs + 100 µs
    let fp16 = RooflineEstimator.forwardSeconds(ops: ops, gpu: gpu, precision: .fp16, efficiencies: e)
    let expected16 = 1e12 / (65e12 * 0.35) + 0.7e9 / (320e9 * 0.7) + 15e-6 + 100e-6
    #expect(abs(fp16 - expected16) < 1e-12)
    // fp32 on a T4 (no TF32): 8.1 TFLOP/s × 0.5; full bytes
    let fp32 = RooflineEstimator.forwardSeconds(ops: ops, gpu: gpu, precision: .fp32, efficiencies: e)
    let expected32 = 1e12 / (8.1e12 * 0.5) + 1.4e9 / (320e9 * 0.7) + 15e-6 + 100e-6
    #expect(abs(fp32 - expected32) < 1e-12)
    #expect(RooflineEstimator.peakFLOPS(of: PlannerFixtures.a10g, precision: .fp32) == 35e12)
  }

  static let fillCases: [(Double, Double, Double, Double)] = [
    // max batch, rate per replica, max delay → fill seconds
    (1, 100, 0.005, 0),
    (8, 1000, 0.005, 0.005),  // 7 / 1000 = 7 ms > D
    (8, 7000, 0.005, 0.001),
    (4, 0, 0.002, 0.002),
  ]

  @Test("Batch fill time: min((b − 1) / λ, D)", arguments: fillCases)
  func fill(_ c: (Double, Double, Double, Double)) {
    let fill = ClosedFormLatencyPredictor.fillSeconds(maxBatch: c.0, perReplicaRate: c.1, maxDelaySeconds: c.2)
    #expect(abs(fill - c.3) < 1e-15)
  }

  @Test("Kingman mean wait equals the M/M/1 and M/D/1 closed forms")
  func kingman() {
    // M/M/1: ρ/(1−ρ)·S; M/D/1 (Pollaczek–Khinchine): ρS / (2(1−ρ)).
    let mm1 = ClosedFormLatencyPredictor.kingmanMeanWait(utilization: 0.5, arrivalSCV: 1, serviceSCV: 1, meanServiceSeconds: 0.002)
    #expect(abs(mm1 - 0.002) < 1e-15)
    let md1 = ClosedFormLatencyPredictor.kingmanMeanWait(utilization: 0.8, arrivalSCV: 1, serviceSCV: 0, meanServiceSeconds: 0.001)
    #expect(abs(md1 - 0.8 * 0.001 / (2 * 0.2)) < 1e-15)
    #expect(ClosedFormLatencyPredictor.kingmanMeanWait(utilization: 1, arrivalSCV: 1, serviceSCV: 1, meanServiceSeconds: 1) == .infinity)
  }

  @Test("M/M/1 p99 sojourn: the exponential-tail quantiles give ln(100)/(μ−λ) for the wait")
  func mm1Quantile() {
    let mu = 1000.0, lambda = 600.0, rho = lambda / mu
    let meanWait = rho / (mu - lambda)
    let wait99 = ClosedFormLatencyPredictor.waitQuantile(0.99, meanWait: meanWait, utilization: rho)
    // M/M/1: P(Wq > t) = ρ e^{−(μ−λ)t} → t₉₉ = ln(100ρ)/(μ−λ).
    #expect(abs(wait99 - log(100 * rho) / (mu - lambda)) < 1e-12)
    #expect(ClosedFormLatencyPredictor.waitQuantile(0.5, meanWait: meanWait, utilization: 0.4) == 0)
  }

  @Test("Prediction adds fill, queueing and service; bands widen with utilization")
  func prediction() throws {
    let curve = BatchLatencyCurve(points: [
      BatchLatencyPoint(batchSize: 1, medianSeconds: 0.001, meanSeconds: 0.001, p99Seconds: 0.0015, cv: 0)
    ])
    let predictor = ClosedFormLatencyPredictor()
    let light = try predictor.predict(ServingSetup(
      curve: curve, maxBatchSize: 1, maxBatchingDelaySeconds: 0.005, replicas: 1, requestsPerSecond: 10, relativeSpread: 0.1))
    #expect(abs(light.utilization - 0.01) < 1e-12)
    #expect(abs(light.p50Seconds - 0.001) < 1e-12)  // ρ < 0.5: no wait at the median
    #expect(abs(light.p99Seconds - 0.0015) < 1e-12)  // ρ < 0.01 + ε: no wait at p99 either
    let busy = try predictor.predict(ServingSetup(
      curve: curve, maxBatchSize: 1, maxBatchingDelaySeconds: 0.005, replicas: 2, requestsPerSecond: 1400, relativeSpread: 0.1))
    #expect(abs(busy.utilization - 0.7) < 1e-12)
    // M/D/1 mean wait ρS/(2(1−ρ)), tail ρ·e^{−tρ/E[W]}
    let meanWait = 0.7 * 0.001 / (2 * 0.3)
    #expect(abs(busy.p99Seconds - (meanWait / 0.7 * log(70) + 0.0015)) < 1e-12)
    #expect(abs(busy.p99HighSeconds - busy.p99Seconds * 1.1 * (1 + (0.7 / 0.3) / 2)) < 1e-12)
    #expect(abs(busy.p99LowSeconds - busy.p99Seconds * 0.9) < 1e-12)
    let overloaded = try predictor.predict(ServingSetup(
      curve: curve, maxBatchSize: 1, maxBatchingDelaySeconds: 0, replicas: 1, requestsPerSecond: 2000, relativeSpread: 0.1))
    #expect(!overloaded.stable)
  }

  @Test("Curve interpolates linearly and never goes below the smallest batch")
  func curve() {
    let curve = BatchLatencyCurve(points: [
      BatchLatencyPoint(batchSize: 8, medianSeconds: 0.002, meanSeconds: 0.002, p99Seconds: 0.003, cv: 0.1),
      BatchLatencyPoint(batchSize: 1, medianSeconds: 0.001, meanSeconds: 0.001, p99Seconds: 0.002, cv: 0.2),
    ])
    #expect(curve.medianSeconds(at: 1) == 0.001)
    #expect(curve.medianSeconds(at: 0.5) == 0.001)
    #expect(abs(curve.medianSeconds(at: 4.5) - 0.0015) < 1e-15)
    #expect(abs(curve.cv(at: 4.5) - 0.15) < 1e-15)
    #expect(abs(curve.medianSeconds(at: 15) - 0.003) < 1e-15)  // last slope extended
  }
}

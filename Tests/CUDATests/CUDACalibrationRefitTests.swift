import Foundation
import ModelGraph
import Records
import TestSupport
import Testing

@testable import CUDA

/// The committed H200 sweeps (`Benchmarks/measurements/h200-minilm-*.csv`, docs/gpu.md) were
/// calibrated against per-kernel counts the GPU backend kept itself. The calibration now fits
/// the shared graph analysis's counts, the ones the roofline applies the efficiencies to.
/// Refitting the committed medians that way must land on the same efficiencies (the same cells
/// of the fit's grid) and within 1% of the same launch overhead.
@Suite("GPU calibration on the graph analysis's counts")
struct CUDACalibrationRefitTests {
  /// The H200 of those sweeps as its driver described it (132 SMs at 1.98 GHz: 66.9 TFLOP/s
  /// FP32; 6144-bit bus at 3.134 GHz: 4.81 TB/s; Benchmarks/measurements/h200-devices.txt).
  static let h200 = CUDADeviceInfo(
    ordinal: 0, name: "NVIDIA H200", memoryBytes: 140 << 30, multiprocessorCount: 132,
    clockRateKilohertz: 1_980_000, memoryClockRateKilohertz: 3_134_000, memoryBusWidthBits: 6144,
    l2CacheBytes: 60 << 20, computeCapabilityMajor: 9, computeCapabilityMinor: 0)

  @Test("refitting the committed minilm sweeps gives the committed calibration", arguments: [CUDAPrecision.fp16, .fp32])
  func refit(precision: CUDAPrecision) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let rows = try MeasurementsTable.read(
      path: root.appendingPathComponent("Benchmarks/measurements/h200-minilm-\(precision.rawValue).csv").path)
    // The costs depend on shapes only, so zero weights will do.
    let analysis = try GraphAnalysis(ModelPreset.minilm.zeroWeightGraph)
    let points = try rows.map { row in
      let plan = try CUDAForwardPlan(
        analysis: analysis, batchSize: row.batchSize, sequenceLength: row.sequenceLength, precision: precision)
      return CUDACalibrationPoint(measuredSeconds: row.stats.medianMs / 1000, costs: plan.costs, launches: plan.launches)
    }
    #expect(points.map(\.launches) == Array(repeating: 110, count: rows.count))  // docs/gpu.md: 110 launches
    let fit = try #require(
      CUDACalibration.fit(
        points, peakFlopsPerSecond: Self.h200.peakFlopsPerSecond(for: precision),
        peakBytesPerSecond: Self.h200.peakBandwidthBytesPerSecond))
    let committed = try #require(rows.first)
    #expect(fit.computeEfficiency == committed.computeEfficiency)
    #expect(fit.memoryEfficiency == committed.memoryEfficiency)
    let launch = try #require(committed.launchOverheadSeconds)
    #expect(abs(fit.launchOverheadSeconds / launch - 1) < 0.01)
    #expect(fit.relativeError < 0.1)
  }
}

import Foundation
import Records
import Testing

@testable import Profiling

@Suite("Measurement.fromSamples and Pacing")
struct MeasurementFromSamplesTests {
  @Test("an under-load row built from samples carries statistics, throughput and warnings")
  func underLoadRow() throws {
    let device = DeviceDescription(kind: .cpu, name: "Test CPU", instructionSet: "avx2", memoryBytes: 1 << 30)
    let built = try #require(
      Records.Measurement.fromSamples(
        [2, 4, 4, 4, 5, 5, 7, 9], labels: testLabels, device: device, precision: .fp32, threads: 1, batchSize: 8,
        sequenceLength: 0, mode: .underLoad, idleGapSeconds: 0, peakMemoryBytes: 123, build: .release,
        timestamp: "2026-11-26T12:00:00Z", wantedRuns: 8))
    let row = built.measurement
    #expect(row.mode == .underLoad && row.runs == 8 && row.stats.medianMs == 4.5 && row.stats.p90Ms == 9)
    #expect(row.throughput == 8 / 0.0045)
    #expect(row.samplesMs == [2, 4, 4, 4, 5, 5, 7, 9])
    #expect(built.warnings.map(\.summary) == ["CV 42.8% over 8 runs"])
    #expect(row.warnings == ["CV 42.8% over 8 runs"])
    #expect(Records.Measurement.fromSamples(
      [], labels: testLabels, device: device, precision: .fp32, threads: 1, batchSize: 1, sequenceLength: 0,
      mode: .paced, idleGapSeconds: 0.001, peakMemoryBytes: 0, build: .release, timestamp: "") == nil)
  }

  @Test("pacing for a Poisson rate idles 1/λ")
  func pacingForRate() {
    #expect(Pacing.matching(requestsPerSecond: 1000) == .paced(idleGapSeconds: 0.001))
    #expect(Pacing.matching(requestsPerSecond: 3) == .paced(idleGapSeconds: 0.333333333))
    #expect(Pacing.matching(requestsPerSecond: 0) == nil)
    #expect(Pacing.matching(requestsPerSecond: .infinity) == nil)
  }
}

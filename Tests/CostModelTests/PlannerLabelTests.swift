import PlanningFixtures
import Records
import Testing

@testable import CostModel

@Suite("Planner labels")
struct PlannerLabelTests {
  @Test("Labels: local measured, x86 projected, Arm estimated, GPU estimated")
  func defaultLabels() {
    let candidates = PlannerFixtures.planner().makeCandidates()
    func labels(_ name: String) -> Set<LatencyLabel> { Set(candidates.filter { $0.hardwareName == name }.map(\.label)) }
    #expect(labels("local") == [.measured])
    #expect(labels("c7i.large") == [.projected])
    #expect(labels("t4g.small") == [.estimated])
    #expect(labels("g4dn.xlarge") == [.estimated])
    #expect(candidates.first { $0.hardwareName == "t4g.small" }?.labelNote == "Arm from an x86 measurement on this machine")
  }

  @Test("A row for a hardware name makes it measured; GPU rows calibrate the others")
  func measuredAndCalibrated() throws {
    let gpuRow = PlannerFixtures.row(
      hardware: "g4dn.xlarge", kind: .cuda, device: "T4", precision: .fp16, threads: 1, batch: 32, medianMs: 0.4,
      computeEfficiency: 0.2, memoryEfficiency: 0.5, launchOverheadSeconds: 8e-6)
    let planner = PlannerFixtures.planner(measurements: PlannerFixtures.smallMeasurements + [gpuRow])
    let candidates = planner.makeCandidates()
    let measured = try #require(candidates.first { $0.hardwareName == "g4dn.xlarge" && $0.batchSize == 32 && $0.precision == .fp16 })
    #expect(measured.label == .measured)
    #expect(abs(measured.curve.medianSeconds(at: 32) - 0.4e-3) < 1e-15)
    let otherBatch = try #require(candidates.first { $0.hardwareName == "g4dn.xlarge" && $0.batchSize == 8 && $0.precision == .fp16 })
    #expect(otherBatch.label == .calibrated)
    let a10g = try #require(candidates.first { $0.hardwareName == "g5.xlarge" && $0.batchSize == 8 && $0.precision == .fp16 })
    #expect(a10g.label == .calibrated)
    #expect(a10g.labelNote == "efficiencies from g4dn.xlarge (T4)")
    // Refitted on the T4 profile's peaks with the plan's own counts: it reproduces the row.
    let (efficiencies, _) = planner.calibration(precision: .fp16, groups: planner.measuredGroups())
    #expect(efficiencies.perForwardOverheadSeconds == 0)
    let t4 = RooflineEstimator.forwardSeconds(
      ops: PlannerFixtures.small.ops(batchSize: 32), gpu: PlannerFixtures.t4, precision: .fp16, efficiencies: efficiencies)
    #expect(abs(t4 / 0.4e-3 - 1) < 1e-6)
    let expected = RooflineEstimator.forwardSeconds(
      ops: PlannerFixtures.small.ops(batchSize: 8), gpu: PlannerFixtures.a10g, precision: .fp16, efficiencies: efficiencies)
    #expect(a10g.curve.medianSeconds(at: 8) == expected)
  }

  @Test("GPU rows of a machine no profile describes calibrate with the figures they carry")
  func storedCalibration() {
    let gpuRow = PlannerFixtures.row(
      kind: .cuda, device: "T4", precision: .fp16, threads: 1, batch: 32, medianMs: 0.4,
      computeEfficiency: 0.2, memoryEfficiency: 0.5, launchOverheadSeconds: 8e-6)
    let planner = PlannerFixtures.planner(measurements: PlannerFixtures.smallMeasurements + [gpuRow])
    let (efficiencies, source) = planner.calibration(precision: .fp16, groups: planner.measuredGroups())
    #expect(efficiencies.computeEfficiencyFP16 == 0.2)
    #expect(efficiencies.memoryEfficiency == 0.5)
    #expect(efficiencies.launchOverheadSeconds == 8e-6)
    #expect(efficiencies.perForwardOverheadSeconds == 0)  // the fitted launch overhead absorbed it
    #expect(source == "the Intel Xeon (test host) host's T4")
  }

  @Test("Memory is sized by the precision's element: tf32 rows at 4 bytes like fp32, fp16 at 2")
  func precisionSizing() throws {
    let rows = [Precision.tf32, .fp16].map { precision in
      PlannerFixtures.row(kind: .cuda, device: "T4", precision: precision, threads: 1, batch: 8, medianMs: 0.4)
    }
    let candidates = PlannerFixtures.planner(measurements: PlannerFixtures.smallMeasurements + rows).makeCandidates()
    for (precision, bytes) in [(Precision.tf32, 4), (.fp16, 2)] {
      let candidate = try #require(candidates.first { $0.hardwareName == "local" && $0.deviceKind == .cuda && $0.precision == precision })
      #expect(candidate.label == .measured)
      #expect(candidate.memoryNeededBytes == PlannerFixtures.small.memoryBytes(batchSize: 8, bytesPerValue: bytes))
    }
  }

  @Test("The roofline runs tf32 like fp32: same peak, FP32 efficiency, full bytes")
  func tf32Roofline() {
    let ops = PlannerFixtures.small.ops(batchSize: 8)
    let e = RooflineEfficiencies.defaults
    let fp32 = RooflineEstimator.forwardSeconds(ops: ops, gpu: PlannerFixtures.a10g, precision: .fp32, efficiencies: e)
    #expect(RooflineEstimator.forwardSeconds(ops: ops, gpu: PlannerFixtures.a10g, precision: .tf32, efficiencies: e) == fp32)
    #expect(e.computeEfficiency(precision: .tf32) == e.computeEfficiencyFP32)
    #expect(e.computeEfficiency(precision: .bf16) == e.computeEfficiencyFP16)
  }

  @Test("The most realistic mode wins per batch size: under-load over paced over back-to-back")
  func modePreference() throws {
    let rows = [
      PlannerFixtures.row(threads: 1, batch: 1, medianMs: 0.05, mode: .backToBack),
      PlannerFixtures.row(threads: 1, batch: 1, medianMs: 0.07, mode: .underLoad),
      PlannerFixtures.row(threads: 1, batch: 1, medianMs: 0.06, mode: .paced),
    ]
    let groups = PlannerFixtures.planner(measurements: rows).measuredGroups()
    #expect(groups.count == 1)
    #expect(abs(groups[0].curve.medianSeconds(at: 1) - 0.07e-3) < 1e-15)
    #expect(!groups[0].backToBack)
  }

  @Test("Without any CPU measurement no CPU instance is planned; GPUs still are")
  func noMeasurements() {
    let plan = PlannerFixtures.planner(measurements: []).plan(for: PlanRequest(requestsPerSecond: 10))
    #expect(plan.options.allSatisfy { $0.deviceKind == .cuda })
    #expect(plan.recommendation.chosen?.deviceKind == .cuda)
    #expect(plan.breakEvenRequestsPerSecond == nil)
  }
}

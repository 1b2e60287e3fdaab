import PlanningFixtures
import Profiles
import Records
import Testing

@testable import CostModel

@Suite("Planner: rows carry their host")
struct PlannerHostTests {
  /// Another machine as the planning host: it measured nothing the fixed rows hold.
  static let otherMachine = PlanningHost(
    measuring: MeasuringHost(
      cpuModel: "AMD EPYC 7551 32-Core Processor", instructionSet: "avx2", physicalCores: 2, perCoreGFLOPS: 35,
      memoryBandwidthGBps: 11),
    memoryBytes: 4 * PlannerFixtures.gib)

  /// What a plan says about each option, labels and names included.
  static func summary(_ plan: Plan) -> [String] {
    plan.options.map { option in
      "\(option.displayName)|\(option.candidate.deviceName)|\(option.candidate.precision)|\(option.candidate.threads)|"
        + "\(option.batchSize)|\(option.label)|\(option.candidate.labelNote)|\(option.serviceTimeSeconds)|"
        + "\(option.p99Seconds ?? -1)|\(option.monthlyUSD ?? -1)|\(option.replicas)"
    }
  }

  @Test("A plan from saved rows is the same whatever machine plans it", arguments: [nil, otherMachine])
  func independentOfPlanningMachine(planning: PlanningHost?) {
    let request = PlanRequest(requestsPerSecond: 50, budgetUSDPerMonth: 200, latencySLOSeconds: 0.05)
    let reference = PlannerFixtures.planner(host: nil).plan(for: request)
    let plan = PlannerFixtures.planner(host: planning).plan(for: request)
    #expect(Self.summary(plan) == Self.summary(reference))
    #expect(plan.recommendation.chosen?.displayName == reference.recommendation.chosen?.displayName)
  }

  /// Planning host → how the fixed rows' machine is named, as a local option and in projected notes.
  static let namingCases: [(PlanningHost?, String, String)] = [
    (PlannerFixtures.host, "this machine", "from this machine"),
    (nil, "Intel Xeon (test host) (avx512)", "from Intel Xeon (test host) (avx512)"),
    (otherMachine, "Intel Xeon (test host) (avx512)", "from Intel Xeon (test host) (avx512)"),
  ]

  @Test("Local rows are named by their host; 'this machine' only when measured in this run", arguments: namingCases)
  func naming(_ c: (PlanningHost?, String, String)) throws {
    let candidates = PlannerFixtures.planner(host: c.0).makeCandidates()
    let local = try #require(candidates.first { $0.hardwareName == "local" })
    #expect(local.displayName == c.1)
    #expect(local.replicasPerInstance >= 1)
    let projected = try #require(candidates.first { $0.hardwareName == "c7i.large" })
    #expect(projected.label == .projected && projected.labelNote == c.2)
  }

  @Test("Projected times: each measured point × the fitted model's target ÷ host time, per thread count")
  func projectedTimes() throws {
    let planner = PlannerFixtures.planner(host: nil)
    let host = CPUFigures(perCoreGFLOPS: 150, physicalCores: 2, memoryBandwidthGBps: 40)
    let target = CPUFigures(perCoreGFLOPS: 200, physicalCores: 4, memoryBandwidthGBps: 106)
    let measured = Dictionary(grouping: PlannerFixtures.smallMeasurements, by: \.threads)
    let models = CPUPassModel.fit(
      measured.keys.sorted().map { threads in
        (threads: threads, points: measured[threads]!.map { (work: planner.passWork(batchSize: $0.batchSize), seconds: $0.stats.medianMs / 1000) })
      }, host: host)
    let candidates = planner.makeCandidates().filter { $0.hardwareName == "c7i.2xlarge" }
    #expect(Set(candidates.map(\.threads)) == [1, 2])  // never more threads than measured
    for candidate in candidates {
      let row = try #require(measured[candidate.threads]?.first { $0.batchSize == candidate.batchSize })
      let factor = CPUProjection.timeFactor(
        model: try #require(models[candidate.threads]), work: planner.passWork(batchSize: candidate.batchSize),
        host: host, measuredThreads: candidate.threads, target: target, threads: candidate.threads)
      let expected = row.stats.medianMs / 1000 * factor
      #expect(abs(candidate.curve.medianSeconds(at: Double(candidate.batchSize)) - expected) < 1e-12 * max(1, expected))
    }
  }

  @Test("CPU rows without host figures: named when a CPU profile would be projected from them")
  func missingHostFigures() {
    let hostless = PlannerFixtures.smallMeasurements.map { row -> Measurement in
      var row = row
      row.host = nil
      return row
    }
    #expect(PlannerFixtures.planner(measurements: hostless).cpuRowsMissingHostFigures() == ["local"])
    #expect(PlannerFixtures.planner().cpuRowsMissingHostFigures() == [])
    let gpuOnly = PlannerFixtures.hardware.filter { $0.gpuCount > 0 }
    #expect(PlannerFixtures.planner(measurements: hostless, hardware: gpuOnly).cpuRowsMissingHostFigures() == [])
    // Rows that measure the only CPU profile need no projection.
    let c7i = PlannerFixtures.hardware.filter { $0.name == "c7i.large" }
    let asC7i = hostless.map { row -> Measurement in
      var row = row
      row.hardware = "c7i.large"
      return row
    }
    #expect(PlannerFixtures.planner(measurements: asC7i, hardware: c7i).cpuRowsMissingHostFigures() == [])
    #expect(PlannerFixtures.planner(measurements: asC7i).cpuRowsMissingHostFigures() == ["c7i.large"])
    // Without host figures no CPU is projected from them.
    let candidates = PlannerFixtures.planner(measurements: hostless).makeCandidates()
    #expect(!candidates.contains { $0.label == .projected })
  }

  @Test("Rows of another measuring host are a source of their own, named by it")
  func twoHosts() throws {
    let zen = MeasuringHost(
      cpuModel: "AMD EPYC 7551 32-Core Processor", instructionSet: "avx2", physicalCores: 2, perCoreGFLOPS: 35,
      memoryBandwidthGBps: 11)
    let rows = PlannerFixtures.smallMeasurements.map { row -> Measurement in
      var row = row
      row.host = zen
      row.instructionSet = "avx2"
      row.stats.medianMs *= 3
      return row
    }
    let candidates = PlannerFixtures.planner(measurements: PlannerFixtures.smallMeasurements + rows).makeCandidates()
    let names = Set(candidates.filter { $0.hardwareName == "local" }.map(\.displayName))
    #expect(names == ["this machine", "AMD EPYC 7551 (avx2)"])
    // This machine (measured in this run) is the first source.
    #expect(candidates.first { $0.hardwareName == "c7i.large" }?.labelNote == "from this machine")
  }
}

@Suite("Planner: one machine measured in several runs")
struct PlannerSeveralRunsTests {
  @Test("Rows of one machine from two profile runs (figures differ) are one source with both thread counts")
  func twoRuns() throws {
    let rows = PlannerFixtures.smallMeasurements.map { row -> Measurement in
      var row = row
      if row.threads == 2 { row.host?.perCoreGFLOPS = 160 }  // the second run's probe read higher
      return row
    }
    let planner = PlannerFixtures.planner(measurements: rows, host: nil)
    let sources = planner.projectionSources(planner.measuredGroups())
    #expect(sources.count == 1)
    #expect(Set(sources[0].groups.map(\.threads)) == [1, 2])
    #expect(sources[0].host.perCoreGFLOPS == 155)  // the median of 150 (4 rows) and 160 (4 rows)
    let threads = Set(planner.makeCandidates().filter { $0.hardwareName == "c7i.2xlarge" }.map(\.threads))
    #expect(threads == [1, 2])
  }
}

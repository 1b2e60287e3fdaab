import PlanningFixtures
import Records
import Testing

@testable import CostModel

@Suite("Saved tables judged like fresh ones")
struct SavedTableReviewTests {
  static func row(cv: Double = 0.05, p99Ms: Double? = nil, mode: MeasurementMode = .paced, isa: String = "avx512",
                  build: String = "release", samples: [Double] = []) -> Measurement {
    var row = PlannerFixtures.row(threads: 2, batch: 1, medianMs: 0.06, p99Ms: p99Ms, cv: cv, mode: mode)
    row.instructionSet = isa
    row.buildConfiguration = build
    row.samplesMs = samples
    return row
  }

  /// Row → the messages after "m.csv: cpu batch 1, 2 threads (MODE): ".
  static let qualityCases: [(Measurement, [String])] = [
    (row(), []),
    (row(cv: 2.6), ["CV 260.0% over 100 runs (above 10%); re-profile on a quiet machine, or with a longer --min-time."]),
    (row(p99Ms: 1.08), ["p99 18.0× median over 100 runs (above 2×); re-profile on a quiet machine to see whether the tail persists."]),
    (row(samples: [0.5, 0.06, 0.06]), ["first run 8.3× median (above 3×): the warm-up was too short; re-profile with a longer --min-time."]),
    (row(build: "debug"), ["debug build: not representative; use -c release (re-profile with a release build: `swift build -c release`)."]),
  ]

  @Test("the quality warnings a fresh row would get", arguments: qualityCases)
  func quality(_ c: (Measurement, [String])) {
    let prefix = "m.csv: cpu batch 1, 2 threads (\(c.0.mode.rawValue)): "
    #expect(SavedTableReview.qualityWarnings([c.0], path: "m.csv") == c.1.map { prefix + $0 })
  }

  /// (mode, rate, fastest median ms) → warns?
  static let gapCases: [(MeasurementMode, Double, Bool)] = [
    (.backToBack, 100.0 / 60, true),  // 600 ms gap, 0.06 ms pass
    (.backToBack, 10_000, false),  // 0.1 ms gap: under 10× the pass
    (.paced, 100.0 / 60, false),  // paced rows exist
  ]

  @Test("back-to-back rows at a request gap over 10× the pass name --paced", arguments: gapCases)
  func idleGap(_ c: (MeasurementMode, Double, Bool)) {
    let warnings = SavedTableReview.idleGapWarnings(
      [Self.row(mode: c.0)], path: "m.csv", requestsPerSecond: c.1, profileCommand: "infer-plan profile --model m.bin --out m.csv")
    #expect(warnings.count == (c.2 ? 1 : 0))
    if c.2 { #expect(warnings[0].hasSuffix("`infer-plan profile --model m.bin --out m.csv --paced 600ms`.")) }
  }

  /// Kernel level of the rows (the host's best is avx512) → warns?
  static let levelCases: [(String, Bool)] = [("avx512", false), ("avx2", true), ("scalar", true)]

  @Test("rows forced below their host's best level are named", arguments: levelCases)
  func forcedLevel(_ c: (String, Bool)) {
    let warnings = SavedTableReview.forcedLevelWarnings([Self.row(isa: c.0), Self.row(isa: c.0)], path: "m.csv")
    #expect(warnings.count == (c.1 ? 1 : 0))
    if c.1 { #expect(warnings[0].hasPrefix("m.csv: the CPU rows ran at \(c.0) on a CPU with avx512 (INFER_PLAN_ISA forced it)")) }
  }
}

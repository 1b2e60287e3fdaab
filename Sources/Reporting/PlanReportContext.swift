import CostModel
import Profiles
import Records

/// Everything the report, CSV and JSON show besides the plan itself: provenance and settings.
public struct PlanReportContext: Sendable {
  public var toolVersion: String
  /// The model as the user named it (a path or preset).
  public var modelPath: String
  /// The volume as the user wrote it ("100/min"), echoed next to the SI figure.
  public var volumeText: String?
  /// This machine, when the plan measured it in this run (nil for a plan from saved tables).
  public var host: PlanningHost?
  /// Every measurement row the plan used.
  public var measurements: [Measurement]
  /// Where they came from: files given with `--measurements`, or "measured now".
  public var measurementSources: [String]
  public var hardware: [HardwareProfile]
  /// The profiles folder used and why ("--profiles", "$INFER_PLAN_PROFILES", "./Profiles", …).
  public var profilesDirectory: String
  public var workloadName: String?
  /// `--hardware` filter, if any.
  public var hardwareFilter: [String]
  /// What became of this machine's GPU: "none here: libcuda.so.1 not found: …" or a hint to
  /// measure it; nil when not looked for.
  public var gpuStatus: String?
  /// Warnings to print last (measurement quality, debug build, no GPU, …).
  public var warnings: [String]
  /// Colour only on a terminal without NO_COLOR (decided by the caller).
  public var useColor: Bool
  /// Rows of the options table (the rest is counted and left to CSV/JSON).
  public var maxRows: Int
  /// Results of `infer-plan validate --json` given with `--validation`, shown as the
  /// PREDICTION CHECK section and `prediction_checks` in JSON; empty: neither appears.
  public var predictionChecks: [PredictionCheck]

  public init(
    toolVersion: String, modelPath: String, volumeText: String? = nil, host: PlanningHost?,
    measurements: [Measurement], measurementSources: [String], hardware: [HardwareProfile],
    profilesDirectory: String, workloadName: String? = nil, hardwareFilter: [String] = [],
    warnings: [String] = [], useColor: Bool = false, maxRows: Int = 12, gpuStatus: String? = nil,
    predictionChecks: [PredictionCheck] = []
  ) {
    self.predictionChecks = predictionChecks
    self.gpuStatus = gpuStatus
    self.toolVersion = toolVersion
    self.modelPath = modelPath
    self.volumeText = volumeText
    self.host = host
    self.measurements = measurements
    self.measurementSources = measurementSources
    self.hardware = hardware
    self.profilesDirectory = profilesDirectory
    self.workloadName = workloadName
    self.hardwareFilter = hardwareFilter
    self.warnings = warnings
    self.useColor = useColor
    self.maxRows = maxRows
  }

  /// The machines that measured the CPU rows, each with the level its kernels ran at, in row
  /// order without repeats; rows of one machine from several runs share one entry with the
  /// median of their figures (`MeasuringHost.combined`), as the projection uses them.
  public var measuringHosts: [(host: MeasuringHost, instructionSet: String)] {
    var groups: [(hosts: [MeasuringHost], instructionSet: String)] = []
    for row in measurements where row.deviceKind == .cpu {
      guard let host = row.host else { continue }
      if let index = groups.firstIndex(where: { $0.instructionSet == row.instructionSet && $0.hosts[0].isSameMachine(as: host) }) {
        groups[index].hosts.append(host)
      } else {
        groups.append(([host], row.instructionSet))
      }
    }
    return groups.compactMap { group in MeasuringHost.combined(group.hosts).map { ($0, group.instructionSet) } }
  }

  /// How the report names the machine behind a row: "here" when measured in this run, the
  /// `--as` hardware name, else the measuring host's short CPU name.
  public func place(of row: Measurement) -> String {
    guard row.hardware == "local" else { return row.hardware }
    if let host, row.host == host.measuring, row.deviceKind == .cpu { return "here" }
    return MeasuringHost.shortName(row.host?.cpuModel ?? row.deviceName)
  }
}

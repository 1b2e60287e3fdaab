import Profiles
import Records

/// One way to serve the model, before the volume is known: a hardware × device × precision ×
/// threads × max batch size, with its service-time curve and where that curve comes from.
public struct ServingCandidate: Sendable {
  /// Profiles hardware name, or "local" for this machine.
  public var hardwareName: String
  /// The instance's profile; nil for this machine (which has no price).
  public var profile: HardwareProfile?
  public var deviceKind: DeviceKind
  /// "cpu" or the GPU's short name ("T4", "A100-40GB").
  public var deviceName: String
  public var precision: Precision
  /// CPU threads per replica (GPU: 1).
  public var threads: Int
  /// Largest batch the batcher forms.
  public var batchSize: Int
  public var curve: BatchLatencyCurve
  public var label: LatencyLabel
  /// A few words on the label ("from this machine", "Arm from an x86 measurement on this machine", "efficiencies from T4").
  public var labelNote: String
  /// Relative spread of the service time for the bands (see `LatencyLabel.baseRelativeSpread`).
  public var relativeSpread: Double
  /// Replicas one instance hosts: GPUs per instance, or ⌊physical cores ÷ threads⌋ (CPU),
  /// further limited by memory.
  public var replicasPerInstance: Int
  /// Bytes one replica holds (weights + activations at this batch and precision).
  public var memoryNeededBytes: Int
  /// Bytes one device offers (GPU memory, or instance RAM for a CPU).
  public var memoryAvailableBytes: Int
  /// Why this candidate cannot run at all (memory, cores); nil when it can.
  public var excludedReason: String?

  public init(
    hardwareName: String, profile: HardwareProfile?, deviceKind: DeviceKind, deviceName: String,
    precision: Precision, threads: Int, batchSize: Int, curve: BatchLatencyCurve, label: LatencyLabel,
    labelNote: String, relativeSpread: Double, replicasPerInstance: Int, memoryNeededBytes: Int,
    memoryAvailableBytes: Int, excludedReason: String? = nil, displayName: String? = nil
  ) {
    self.hardwareName = hardwareName
    self.profile = profile
    self.deviceKind = deviceKind
    self.deviceName = deviceName
    self.precision = precision
    self.threads = threads
    self.batchSize = batchSize
    self.curve = curve
    self.label = label
    self.labelNote = labelNote
    self.relativeSpread = relativeSpread
    self.replicasPerInstance = replicasPerInstance
    self.memoryNeededBytes = memoryNeededBytes
    self.memoryAvailableBytes = memoryAvailableBytes
    self.excludedReason = excludedReason
    self.displayName = displayName ?? (hardwareName == "local" ? "this machine" : hardwareName)
  }

  /// How the report names the hardware: the profile's name; for "local" rows "this machine" when
  /// measured in this run, else the measuring host ("AMD EPYC 7551 (avx2)").
  public var displayName: String

  /// On-demand USD per hour of one instance; nil for this machine.
  public var usdPerHour: Double? { profile?.usdPerHour }
}

/// Which kind of device a backend drives.
public enum DeviceKind: String, Sendable, Codable, CaseIterable {
  case cpu
  case cuda
}

/// What a backend knows about the device it runs on (for reports and the measurements table).
public struct DeviceDescription: Equatable, Sendable {
  public var kind: DeviceKind
  /// e.g. "Intel(R) Xeon(R) Platinum 8481C" or "NVIDIA H100 80GB HBM3".
  public var name: String
  /// Instruction set chosen at run time ("avx512", "avx2", "scalar") or, on a GPU, "sm_90".
  public var instructionSet: String
  /// Memory the device can use for weights + activations, in bytes.
  public var memoryBytes: Int

  public init(kind: DeviceKind, name: String, instructionSet: String, memoryBytes: Int) {
    self.kind = kind
    self.name = name
    self.instructionSet = instructionSet
    self.memoryBytes = memoryBytes
  }
}

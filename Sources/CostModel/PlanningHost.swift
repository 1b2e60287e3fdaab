/// This machine's CPU as the planner needs it: the anchor for projecting measurements to
/// other CPUs. Filled in by the command from the profiler's host probe (tests use fixed values).
public struct PlanningHost: Sendable, Equatable {
  /// e.g. "Intel(R) Xeon(R) Platinum 8481C".
  public var cpuName: String
  /// "x86_64" or "arm64" (the family a projection stays within).
  public var architecture: String
  /// Instruction set the kernels chose: "avx512", "avx2", "scalar", "neon".
  public var instructionSet: String
  /// Physical cores (not hardware threads).
  public var physicalCores: Int
  /// Measured FP32 peak of one core in GFLOP/s (an FMA-throughput loop).
  public var perCoreGFLOPS: Double
  /// Memory the process can use, in bytes (the does-it-fit check for "this machine").
  public var memoryBytes: Int

  public init(
    cpuName: String, architecture: String, instructionSet: String, physicalCores: Int,
    perCoreGFLOPS: Double, memoryBytes: Int
  ) {
    self.cpuName = cpuName
    self.architecture = architecture
    self.instructionSet = instructionSet
    self.physicalCores = physicalCores
    self.perCoreGFLOPS = perCoreGFLOPS
    self.memoryBytes = memoryBytes
  }
}

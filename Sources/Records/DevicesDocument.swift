/// What `infer-plan devices --json FILE` found, schema `infer-plan.devices/1`.
///
/// The CPU with its measured per-core FP32 peak and copy bandwidth, and every GPU with its
/// driver-reported figures; FLOP/s, bytes and bytes per second as plain numbers. Files written
/// before string tags (the integer schema 1) read as version 1. The keys are documented in
/// docs/profiling.md.
public struct DevicesDocument: VersionedDocument, Equatable {
  public static let name = "devices"
  public static let title = "a devices report"
  public static let readableVersions = [1]
  public static let legacyIntegerVersions = [1]
  public static func remedy(path: String) -> String { "write one with `infer-plan devices --json \(path)`" }

  public var toolVersion: String
  /// `release` or `debug`.
  public var build: String
  public var inputs: Inputs
  public var cpu: CPU
  public var gpus: [GPU]
  public var cudaDriverVersion: String?
  public var cublasVersion: String?
  /// Why no GPU is usable; nil when one is.
  public var gpuUnavailableReason: String?

  enum CodingKeys: String, CodingKey {
    case toolVersion = "tool_version"
    case build, inputs, cpu, gpus
    case cudaDriverVersion = "cuda_driver_version"
    case cublasVersion = "cublas_version"
    case gpuUnavailableReason = "gpu_unavailable_reason"
  }

  public init(
    toolVersion: String, build: String, inputs: Inputs, cpu: CPU, gpus: [GPU], cudaDriverVersion: String?,
    cublasVersion: String?, gpuUnavailableReason: String?
  ) {
    self.toolVersion = toolVersion
    self.build = build
    self.inputs = inputs
    self.cpu = cpu
    self.gpus = gpus
    self.cudaDriverVersion = cudaDriverVersion
    self.cublasVersion = cublasVersion
    self.gpuUnavailableReason = gpuUnavailableReason
  }

  /// The environment variables that changed what was found.
  public struct Inputs: Codable, Sendable, Equatable {
    public var inferPlanISA: String?
    public var cudaVisibleDevices: String?

    enum CodingKeys: String, CodingKey {
      case inferPlanISA = "infer_plan_isa"
      case cudaVisibleDevices = "cuda_visible_devices"
    }

    public init(inferPlanISA: String?, cudaVisibleDevices: String?) {
      self.inferPlanISA = inferPlanISA
      self.cudaVisibleDevices = cudaVisibleDevices
    }
  }

  /// This machine's CPU.
  public struct CPU: Codable, Sendable, Equatable {
    public var modelName: String
    public var logicalCores: Int
    public var physicalCores: Int
    public var sockets: Int
    public var threadsPerCore: Int
    /// The level the kernels use (`INFER_PLAN_ISA` may force it below the detected one).
    public var instructionSet: String
    public var detectedInstructionSet: String
    public var memoryTotalBytes: Int
    public var memoryAvailableBytes: Int
    /// Measured FP32 FLOP/s of one core (FMA loop at `instruction_set`).
    public var peakFlopsPerCore: Double
    /// Measured STREAM-style copy bandwidth, bytes per second.
    public var copyBandwidthBytesPerS: Double
    public var copyBandwidthThreads: Int
    /// Measured STREAM-style triad bandwidth over the same threads, bytes per second (the
    /// figure a measurements row carries as `host_memory_bandwidth_gbs`).
    public var triadBandwidthBytesPerS: Double

    enum CodingKeys: String, CodingKey {
      case modelName = "model_name"
      case logicalCores = "logical_cores"
      case physicalCores = "physical_cores"
      case sockets
      case threadsPerCore = "threads_per_core"
      case instructionSet = "instruction_set"
      case detectedInstructionSet = "detected_instruction_set"
      case memoryTotalBytes = "memory_total_bytes"
      case memoryAvailableBytes = "memory_available_bytes"
      case peakFlopsPerCore = "peak_flops_per_core"
      case copyBandwidthBytesPerS = "copy_bandwidth_bytes_per_s"
      case copyBandwidthThreads = "copy_bandwidth_threads"
      case triadBandwidthBytesPerS = "triad_bandwidth_bytes_per_s"
    }

    public init(
      modelName: String, logicalCores: Int, physicalCores: Int, sockets: Int, threadsPerCore: Int,
      instructionSet: String, detectedInstructionSet: String, memoryTotalBytes: Int, memoryAvailableBytes: Int,
      peakFlopsPerCore: Double, copyBandwidthBytesPerS: Double, copyBandwidthThreads: Int,
      triadBandwidthBytesPerS: Double
    ) {
      self.modelName = modelName
      self.logicalCores = logicalCores
      self.physicalCores = physicalCores
      self.sockets = sockets
      self.threadsPerCore = threadsPerCore
      self.instructionSet = instructionSet
      self.detectedInstructionSet = detectedInstructionSet
      self.memoryTotalBytes = memoryTotalBytes
      self.memoryAvailableBytes = memoryAvailableBytes
      self.peakFlopsPerCore = peakFlopsPerCore
      self.copyBandwidthBytesPerS = copyBandwidthBytesPerS
      self.copyBandwidthThreads = copyBandwidthThreads
      self.triadBandwidthBytesPerS = triadBandwidthBytesPerS
    }
  }

  /// One GPU the driver lists.
  public struct GPU: Codable, Sendable, Equatable {
    public var ordinal: Int
    public var name: String
    /// `sm_<major><minor>`.
    public var instructionSet: String
    /// `<major>.<minor>`.
    public var computeCapability: String
    public var multiprocessors: Int
    public var memoryBytes: Int
    /// Whether infer-plan can run on it.
    public var usable: Bool
    public var peakFP32FlopsPerS: Double
    public var peakBandwidthBytesPerS: Double

    enum CodingKeys: String, CodingKey {
      case ordinal, name
      case instructionSet = "instruction_set"
      case computeCapability = "compute_capability"
      case multiprocessors
      case memoryBytes = "memory_bytes"
      case usable
      case peakFP32FlopsPerS = "peak_fp32_flops_per_s"
      case peakBandwidthBytesPerS = "peak_bandwidth_bytes_per_s"
    }

    public init(
      ordinal: Int, name: String, instructionSet: String, computeCapability: String, multiprocessors: Int,
      memoryBytes: Int, usable: Bool, peakFP32FlopsPerS: Double, peakBandwidthBytesPerS: Double
    ) {
      self.ordinal = ordinal
      self.name = name
      self.instructionSet = instructionSet
      self.computeCapability = computeCapability
      self.multiprocessors = multiprocessors
      self.memoryBytes = memoryBytes
      self.usable = usable
      self.peakFP32FlopsPerS = peakFP32FlopsPerS
      self.peakBandwidthBytesPerS = peakBandwidthBytesPerS
    }
  }
}

import Units

/// Where a figure came from, and when: every price and spec in `Profiles/` carries one.
public struct SourceNote: Equatable, Sendable {
  /// e.g. "SkyPilot catalog v9 aws/vms.csv @2c3d7ea" or "NVIDIA A100 datasheet".
  public var source: String
  /// ISO date the figure was read, e.g. "2026-11-26".
  public var asOf: String

  public init(source: String, asOf: String) {
    self.source = source
    self.asOf = asOf
  }
}

/// A GPU model's figures (per GPU), for the roofline estimate and the does-it-fit check.
public struct GPUSpec: Equatable, Sendable {
  /// Short device name used in reports and JSON: "T4", "L4", "A10G", "L40S", "A100-40GB", "H100".
  public var name: String
  public var computeCapability: String
  /// FP32 peak on the CUDA cores (no tensor cores): what plain fp32 kernels can reach.
  public var fp32TFLOPS: Double
  /// TF32 tensor-core peak (dense); nil where the GPU has none (T4).
  public var tf32TFLOPS: Double?
  /// FP16 tensor-core peak with FP32 accumulate (dense).
  public var fp16TFLOPS: Double
  /// BF16 tensor-core peak with FP32 accumulate (dense); nil where the GPU has no BF16 (T4).
  public var bf16TFLOPS: Double?
  /// Usable device memory in bytes (the figure the device reports, not the marketed one).
  public var memoryBytes: Int
  public var bandwidthGBps: Double
  public var source: SourceNote

  public init(
    name: String, computeCapability: String, fp32TFLOPS: Double, tf32TFLOPS: Double?,
    fp16TFLOPS: Double, bf16TFLOPS: Double?, memoryBytes: Int, bandwidthGBps: Double,
    source: SourceNote
  ) {
    self.name = name
    self.computeCapability = computeCapability
    self.fp32TFLOPS = fp32TFLOPS
    self.tf32TFLOPS = tf32TFLOPS
    self.fp16TFLOPS = fp16TFLOPS
    self.bf16TFLOPS = bf16TFLOPS
    self.memoryBytes = memoryBytes
    self.bandwidthGBps = bandwidthGBps
    self.source = source
  }
}

/// A CPU's figures per physical core, for projecting a measurement made on another CPU.
public struct CPUSpec: Equatable, Sendable {
  /// e.g. "Intel Xeon Sapphire Rapids", "AWS Graviton3".
  public var model: String
  /// "x86_64" or "arm64": a measurement projects only within the same architecture family;
  /// across families the figure is *estimated*.
  public var architecture: String
  /// Widest SIMD the CPU runs: "avx512", "avx2", "sve", "neon".
  public var instructionSet: String
  /// Peak FP32 GFLOP/s of one physical core (FMA throughput × width × all-core clock).
  public var perCoreGFLOPS: Double
  public var source: SourceNote
  /// Memory bandwidth of the whole instance in GB/s (10^9 bytes per second): a STREAM-style
  /// triad (`a[i] = b[i] + s·c[i]`, 2 reads + 1 write counted) running on all its physical cores.
  /// Required for CPU-only instances in profile files; nil for a GPU instance's host when unknown.
  public var memoryBandwidthGBps: Double?
  /// Where `memoryBandwidthGBps` came from (a measurement, or a derivation written out).
  public var memoryBandwidthSource: SourceNote?

  public init(
    model: String, architecture: String, instructionSet: String, perCoreGFLOPS: Double, source: SourceNote,
    memoryBandwidthGBps: Double? = nil, memoryBandwidthSource: SourceNote? = nil
  ) {
    self.model = model
    self.architecture = architecture
    self.instructionSet = instructionSet
    self.perCoreGFLOPS = perCoreGFLOPS
    self.source = source
    self.memoryBandwidthGBps = memoryBandwidthGBps
    self.memoryBandwidthSource = memoryBandwidthSource
  }
}

/// One rentable instance type: its price, CPU and (optionally) GPUs.
public struct HardwareProfile: Equatable, Sendable {
  /// Instance name, unique across the profiles: "c7i.xlarge", "g4dn.xlarge", "n2-standard-4".
  public var name: String
  /// "aws", "gcp", "azure".
  public var cloud: String
  public var region: String
  /// On-demand price in USD per hour (Linux).
  public var usdPerHour: Double
  public var priceSource: SourceNote
  /// Other ways to pay (spot, 1- and 3-year commitments), where a source gives them.
  public var prices = PriceOptions()
  public var vCPUs: Int
  /// vCPUs per physical core: 2 with SMT (most Intel/AMD instances), 1 on Graviton, c7a, t2d.
  public var threadsPerCore: Int
  public var memoryBytes: Int
  public var cpu: CPUSpec
  /// GPUs on the instance (0 for CPU-only).
  public var gpuCount: Int
  public var gpu: GPUSpec?
  /// Burstable instances only: the sustained CPU share per vCPU (0.2 = 20%) before extra charges.
  public var burstableBaseline: Double?
  /// Burstable instances only: USD per vCPU-hour of CPU use above the baseline (unlimited mode,
  /// averaged over 24 hours). nil when not burstable, or built in code without it.
  public var surplusUSDPerVCPUHour: Double? = nil
  /// Where `burstableBaseline` and `surplusUSDPerVCPUHour` came from (nil when not burstable, or built in code).
  public var burstableSource: SourceNote? = nil
  /// Where the profile was defined, "hardware/aws.yaml:12" (nil when built in code).
  public var origin: String? = nil

  public init(
    name: String, cloud: String, region: String, usdPerHour: Double, priceSource: SourceNote,
    vCPUs: Int, threadsPerCore: Int, memoryBytes: Int, cpu: CPUSpec, gpuCount: Int, gpu: GPUSpec?,
    burstableBaseline: Double? = nil
  ) {
    self.name = name
    self.cloud = cloud
    self.region = region
    self.usdPerHour = usdPerHour
    self.priceSource = priceSource
    self.vCPUs = vCPUs
    self.threadsPerCore = threadsPerCore
    self.memoryBytes = memoryBytes
    self.cpu = cpu
    self.gpuCount = gpuCount
    self.gpu = gpu
    self.burstableBaseline = burstableBaseline
  }

  /// Physical cores: vCPUs ÷ threads per core.
  public var physicalCores: Int { max(1, vCPUs / max(1, threadsPerCore)) }

  /// Whether the instance is burstable (has a CPU baseline).
  public var isBurstable: Bool { burstableBaseline != nil }

  /// Memory bandwidth of the instance's CPU (GB/s, STREAM-style triad over all physical cores), if known.
  public var memoryBandwidthGBps: Double? { cpu.memoryBandwidthGBps }

  /// GPU memory in bytes across all GPUs on the instance (0 without GPUs).
  public var totalGPUMemoryBytes: Int { (gpu?.memoryBytes ?? 0) * gpuCount }
}

/// A request workload: how much traffic, how fast it must be answered, what may be spent.
public struct WorkloadProfile: Equatable, Sendable {
  public var name: String
  /// Average request rate in requests per second.
  public var requestsPerSecond: Double
  /// Peak rate ÷ average rate (≥ 1); replicas are sized for the peak. Default 1.
  public var peakFactor: Double
  /// p99 latency objective in seconds; nil = none.
  public var latencySLOSeconds: Double?
  /// Budget in USD per month; nil = none.
  public var budgetUSDPerMonth: Double?
  /// Hours billed per month (`BillingMonth.hours`, 730, by default).
  public var hoursPerMonth: Double
  /// Tokens per request for encoders (nil = `PlanningDefaults.sequenceLength`).
  public var sequenceLength: Int?
  public var source: SourceNote?
  /// Where the profile was defined, "workloads/small-api.yaml" (nil when built in code).
  public var origin: String? = nil
  /// The day of traffic, when the file gives `hourly_rates` or a `shape`; nil: one constant rate.
  public var traffic: WorkloadTraffic? = nil

  public init(
    name: String, requestsPerSecond: Double, peakFactor: Double = 1, latencySLOSeconds: Double? = nil,
    budgetUSDPerMonth: Double? = nil, hoursPerMonth: Double = BillingMonth.hours, sequenceLength: Int? = nil,
    source: SourceNote? = nil
  ) {
    self.name = name
    self.requestsPerSecond = requestsPerSecond
    self.peakFactor = peakFactor
    self.latencySLOSeconds = latencySLOSeconds
    self.budgetUSDPerMonth = budgetUSDPerMonth
    self.hoursPerMonth = hoursPerMonth
    self.sequenceLength = sequenceLength
    self.source = source
  }
}

/// A serverless platform priced per request and per resource-second (AWS Lambda, Google Cloud
/// Run), as read from `Profiles/serverless/*.yaml` (format in docs/profiles.md). Every figure
/// group carries its own source and date.
public struct ServerlessProfile: Equatable, Sendable {
  /// How the platform sizes and bills an instance.
  public enum Billing: String, Equatable, Sendable, CaseIterable {
    /// Memory is chosen and CPU follows from it (AWS Lambda); billed per request and per
    /// GiB-second of memory while a request runs.
    case function
    /// CPU and memory chosen separately, billed only while requests run (and while an instance
    /// starts or shuts down), plus a fee per request (Cloud Run request-based billing).
    case request
    /// CPU and memory billed for an instance's whole lifetime, no request fee (Cloud Run
    /// instance-based billing).
    case instance
  }

  /// Unit prices. Memory is priced per GiB-second (AWS's "GB-second" is memory in MB ÷ 1,024
  /// times seconds, the same unit).
  public struct Prices: Equatable, Sendable {
    public var usdPerMillionRequests: Double
    public var usdPerGiBSecond: Double
    /// nil where CPU is included in the memory price (`function` billing).
    public var usdPerVCPUSecond: Double?
    public var source: SourceNote
  }

  /// Memory sizes an instance may have, in MiB.
  public struct Memory: Equatable, Sendable {
    public var minMiB: Int
    public var maxMiB: Int
    /// Sizes go up in steps of this many MiB from `minMiB`.
    public var stepMiB: Int
    public var source: SourceNote
  }

  /// One CPU size a `request` or `instance` platform offers, with the memory it allows.
  public struct VCPUChoice: Equatable, Sendable {
    public var vcpus: Double
    public var minMemoryMiB: Int
    public var maxMemoryMiB: Int
  }

  /// The CPU an instance gets: either in proportion to memory (`function`), or one of `choices`.
  public struct CPU: Equatable, Sendable {
    /// MiB of memory that buy one vCPU's worth of CPU time (Lambda: 1,769); nil with `choices`.
    public var mibPerVCPU: Double?
    /// The most vCPUs an instance can have.
    public var maxVCPUs: Double
    /// The CPU sizes offered, smallest first (empty with `mibPerVCPU`).
    public var choices: [VCPUChoice]
    public var source: SourceNote
  }

  /// Concurrency, instance-count and duration limits (defaults unless the text says otherwise).
  public struct Limits: Equatable, Sendable {
    /// Requests one instance handles at the same time by default.
    public var perInstance: Int
    /// The most requests one instance can be set to handle at the same time.
    public var maxPerInstance: Int
    /// Default cap on instances (or concurrent executions) per region, account or service.
    public var maxInstances: Int
    /// Instances kept running when idle by default (0 = scales to zero).
    public var minInstances: Int
    /// The longest a request may run, in seconds; nil when not recorded.
    public var timeoutSeconds: Double?
    public var source: SourceNote
  }

  /// What a cold start costs before the model loads: the platform's own start, and how long an
  /// idle instance is kept warm. Model load time is measured separately.
  public struct ColdStart: Equatable, Sendable {
    /// Seconds to get a fresh instance running the container or runtime; nil when no source gives one.
    public var platformSeconds: Double?
    /// Seconds an idle instance is typically kept before it is reclaimed; nil when not known.
    public var keepWarmSeconds: Double?
    public var source: SourceNote
  }

  /// A GPU an instance can have, priced per second on top of CPU and memory.
  public struct GPU: Equatable, Sendable {
    /// Short GPU name as in the hardware profiles: "L4".
    public var name: String
    public var usdPerSecond: Double
    public var minVCPUs: Double
    public var minMemoryMiB: Int
    /// Seconds until a new GPU instance can use the GPU.
    public var startSeconds: Double
    public var source: SourceNote
  }

  /// Unique across hardware and serverless profiles: "aws-lambda-arm64".
  public var name: String
  public var cloud: String
  public var region: String
  /// The product: "aws-lambda", "gcp-cloud-run".
  public var platform: String
  /// "x86_64" or "arm64".
  public var architecture: String
  public var billing: Billing
  public var prices: Prices
  public var memory: Memory
  public var cpu: CPU
  public var limits: Limits
  public var coldStart: ColdStart
  public var gpu: GPU?
  /// Where the profile was defined, "serverless/aws-lambda.yaml:7" (nil when built in code).
  public var origin: String? = nil

  /// The vCPUs an instance with `memoryMiB` gets: memory ÷ `mibPerVCPU` (at most `maxVCPUs`) for
  /// `function` billing, else the smallest choice that allows that memory; nil when no size fits.
  public func vcpus(forMemoryMiB memoryMiB: Int) -> Double? {
    guard memoryMiB >= memory.minMiB, memoryMiB <= memory.maxMiB else { return nil }
    if let mibPerVCPU = cpu.mibPerVCPU { return min(Double(memoryMiB) / mibPerVCPU, cpu.maxVCPUs) }
    return cpu.choices.first { memoryMiB >= $0.minMemoryMiB && memoryMiB <= $0.maxMemoryMiB }?.vcpus
  }
}

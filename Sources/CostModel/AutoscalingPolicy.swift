import Records

/// How an autoscaled fleet follows the traffic, in whole instances, decided once a minute.
///
/// The rule is the Kubernetes HorizontalPodAutoscaler's, with the per-replica capacity as its
/// target: each minute the wanted count is `⌈λ / (capacity × replicas per instance)⌉` within
/// `minInstances…maxInstances`; a higher count launches instances at once, which serve
/// `scaleUpDelaySeconds` later (billed from launch); a lower count is applied only when every
/// wanted count of the last `scaleDownCooldownSeconds` is that low (HPA's scale-down
/// stabilization window: it takes the highest recommendation in the window).
public struct AutoscalingPolicy: Sendable, Equatable {
  /// Fewest instances kept running (at least 1: the fleet never scales to zero).
  public var minInstances: Int
  /// Most instances; nil = as many as the traffic needs.
  public var maxInstances: Int?
  /// Launch to serving: instance start plus model load, seconds.
  public var scaleUpDelaySeconds: Double
  /// Scale-down stabilization window, seconds.
  public var scaleDownCooldownSeconds: Double

  public init(minInstances: Int = 1, maxInstances: Int? = nil, scaleUpDelaySeconds: Double, scaleDownCooldownSeconds: Double = Self.defaultCooldownSeconds) {
    self.minInstances = max(1, minInstances)
    self.maxInstances = maxInstances
    self.scaleUpDelaySeconds = scaleUpDelaySeconds
    self.scaleDownCooldownSeconds = scaleDownCooldownSeconds
  }

  /// 300 s: the HorizontalPodAutoscaler's default scale-down stabilization window (Kubernetes API
  /// reference, autoscaling/v2 HPAScalingRules `stabilizationWindowSeconds`: "If not set, use the
  /// default values: For scale up: 0 … For scale down: 300"; read 2026-12-05).
  public static let defaultCooldownSeconds = 300.0

  /// Seconds from launching a CPU instance to it running the server: 60. An EC2 Linux instance
  /// took 25.8 s on average from the launch call to SSH (github.com/brevdev/ec2-coldboot-research,
  /// `@fix_plan.md`, c7i/m7i/t3 types, 2025); joining a cluster and starting the container are
  /// taken as another ~35 s [assumption].
  public static let cpuInstanceStartSeconds = 60.0
  /// Seconds from launching a GPU instance to it running the server: 180 (the CPU figure plus
  /// driver initialisation and a multi-GB CUDA image pull) [assumption: no public measurement
  /// found; override with --scale-up-delay].
  public static let gpuInstanceStartSeconds = 180.0
  /// Bytes per second a replica reads its weights at: 125 MiB/s, an EBS gp3 volume's default
  /// (and least) provisioned throughput (Amazon EC2 API reference, CreateVolume/ModifyVolume
  /// `Throughput`: "Valid Range: 125 - 2000 MiB/s", default 125; read 2026-12-05 in the AWS SDK for
  /// Kotlin reference at docs.aws.amazon.com/sdk-for-kotlin, ec2 ModifyVolumeRequest.throughput).
  public static let modelLoadBytesPerSecond = 125.0 * 1_048_576

  /// The default scale-up delay for `kind`: instance start + weights ÷ `modelLoadBytesPerSecond`.
  public static func defaultScaleUpDelaySeconds(kind: DeviceKind, weightBytes: Int) -> Double {
    scaleUpDelaySeconds(instanceStartSeconds: kind == .cpu ? cpuInstanceStartSeconds : gpuInstanceStartSeconds, weightBytes: weightBytes)
  }

  /// Launch to serving for an instance that starts in `instanceStartSeconds` and then loads
  /// `weightBytes` at `modelLoadBytesPerSecond`.
  public static func scaleUpDelaySeconds(instanceStartSeconds: Double, weightBytes: Int) -> Double {
    instanceStartSeconds + Double(weightBytes) / modelLoadBytesPerSecond
  }
}

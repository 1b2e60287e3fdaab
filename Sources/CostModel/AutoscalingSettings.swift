import Records

/// The autoscaling limits a user gives (`--min-replicas`, `--max-replicas`, `--scale-up-delay`,
/// `--cooldown`); what is nil takes the default of `AutoscalingPolicy`.
public struct AutoscalingSettings: Sendable, Equatable {
  /// Fewest replicas kept serving (rounded up to whole instances); nil: 1 instance.
  public var minReplicas: Int?
  /// Most replicas (rounded down to whole instances, at least 1); nil: no limit.
  public var maxReplicas: Int?
  /// Launch to serving, seconds; nil: `AutoscalingPolicy.defaultScaleUpDelaySeconds`.
  public var scaleUpDelaySeconds: Double?
  /// Scale-down stabilization window, seconds; nil: `AutoscalingPolicy.defaultCooldownSeconds`.
  public var scaleDownCooldownSeconds: Double?

  public init(minReplicas: Int? = nil, maxReplicas: Int? = nil, scaleUpDelaySeconds: Double? = nil, scaleDownCooldownSeconds: Double? = nil) {
    self.minReplicas = minReplicas
    self.maxReplicas = maxReplicas
    self.scaleUpDelaySeconds = scaleUpDelaySeconds
    self.scaleDownCooldownSeconds = scaleDownCooldownSeconds
  }

  /// The policy for a fleet of `replicasPerInstance`-replica instances of `kind` serving a model
  /// of `weightBytes`.
  public func policy(replicasPerInstance: Int, kind: DeviceKind, weightBytes: Int) -> AutoscalingPolicy {
    let perInstance = max(1, replicasPerInstance)
    let minInstances = minReplicas.map { max(1, ($0 + perInstance - 1) / perInstance) } ?? 1
    let maxInstances = maxReplicas.map { max(minInstances, $0 / perInstance) }
    return AutoscalingPolicy(
      minInstances: minInstances, maxInstances: maxInstances,
      scaleUpDelaySeconds: scaleUpDelaySeconds
        ?? AutoscalingPolicy.defaultScaleUpDelaySeconds(kind: kind, weightBytes: weightBytes),
      scaleDownCooldownSeconds: scaleDownCooldownSeconds ?? AutoscalingPolicy.defaultCooldownSeconds)
  }
}

import CostModel
import Records

/// The plan as JSON (the contract in docs/planning.md, "6. JSON"): `schema`, `tool_version`, `inputs`, `options`,
/// `recommendation` (one option plus `outcome` and `reasons`), `other_class`,
/// `break_even_rate`; snake_case keys, seconds, USD, requests per second; null where unknown.
public enum PlanJSON {
  /// The `schema` value of a plan document.
  public static let schema = "infer-plan.plan/1"

  /// The whole document.
  public static func document(for plan: Plan, context: PlanReportContext) -> JSONValue {
    let recommendation: JSONValue
    if let chosen = plan.recommendation.chosen, case .object(var members) = option(chosen) {
      members.append(("outcome", .string(plan.recommendation.outcome.rawValue)))
      members.append(("budget_excess_usd", .number(plan.recommendation.budgetExcessUSD(for: plan.request))))
      members.append(("reasons", .array(plan.recommendation.reasons.map { .string($0) })))
      recommendation = .object(members)
    } else {
      recommendation = .null
    }
    var members: [(String, JSONValue)] = [
      ("schema", .string(schema)),
      ("tool_version", .string(context.toolVersion)),
      ("inputs", inputs(plan, context)),
      ("options", .array(plan.options.map(option))),
      ("recommendation", recommendation),
      ("other_class", plan.recommendation.otherClass.map(option) ?? .null),
      ("break_even_rate", .number(plan.breakEvenRequestsPerSecond)),
      ("cheaper_above_break_even", .string(plan.cheaperAboveBreakEven.map { $0 == .cpu ? "cpu" : "gpu" })),
      ("at_ten_times_volume", plan.atTenTimesVolume.map(option) ?? .null),
      ("worth_measuring", plan.recommendation.worthMeasuring.map(option) ?? .null),
      ("warnings", .array(context.warnings.map { .string($0) })),
    ]
    // Only with --validation, so that plans without one keep their exact form.
    if !context.predictionChecks.isEmpty {
      members.append(("prediction_checks", .array(context.predictionChecks.map(\.json))))
    }
    return .object(members)
  }

  static func inputs(_ plan: Plan, _ context: PlanReportContext) -> JSONValue {
    let r = plan.request
    var members: [(String, JSONValue)] = [
      ("model", .string(context.modelPath)),
      ("model_name", .string(plan.model.name)),
      ("architecture", .string(plan.model.architecture)),
      ("parameters", .integer(plan.model.parameterCount)),
      ("sequence_length", .integer(plan.model.sequenceLength)),
      ("volume", .number(r.requestsPerSecond)),
      ("peak_factor", .number(r.peakFactor)),
      ("peak_rate", .number(r.peakRequestsPerSecond)),
      ("budget_usd_per_month", .number(r.budgetUSDPerMonth)),
      ("latency_slo", .number(r.latencySLOSeconds)),
      ("hours_per_month", .number(r.hoursPerMonth)),
      ("target_utilization", .number(r.targetUtilization)),
      ("max_batching_delay", .number(r.maxBatchingDelaySeconds)),
      ("workload", .string(context.workloadName)),
      ("profiles", .string(context.profilesDirectory)),
      ("hardware", context.hardwareFilter.isEmpty ? .null : .array(context.hardwareFilter.map { .string($0) })),
      ("measurements", .array(context.measurementSources.map { .string($0) })),
      ("host", context.host.map { host in
        .object([
          ("cpu", .string(host.cpuName)), ("architecture", .string(host.architecture)),
          ("instruction_set", .string(host.instructionSet)), ("physical_cores", .integer(host.physicalCores)),
          ("per_core_gflops", .number(host.perCoreGFLOPS)), ("memory_bytes", .integer(host.memoryBytes)),
        ])
      } ?? .null),
    ]
    if !context.predictionChecks.isEmpty {
      members.append(("validation", .array(context.predictionChecks.map { .string($0.path) })))
    }
    return .object(members)
  }

  /// One option object (the same keys for every option).
  public static func option(_ option: PlanOption) -> JSONValue {
    let c = option.candidate
    let p = option.prediction
    return .object([
      ("hardware", .string(c.hardwareName)),
      ("device_class", .string(option.deviceKind == .cpu ? "cpu" : "gpu")),
      ("device", .string(c.deviceName)),
      ("precision", .string(c.precision)),
      ("threads", .integer(c.threads)),
      ("batch", .integer(c.batchSize)),
      ("service_time", .number(option.serviceTimeSeconds)),
      ("replicas", p == nil ? .null : .integer(option.replicas)),
      ("instances", p == nil ? .null : .integer(option.instances)),
      ("utilization", .number(p?.utilization)),
      ("mean_batch", .number(p?.meanBatchSize)),
      ("p50", .number(p?.p50Seconds)),
      ("p50_low", .number(p?.p50LowSeconds)),
      ("p50_high", .number(p?.p50HighSeconds)),
      ("p99", .number(p?.p99Seconds)),
      ("p99_low", .number(p?.p99LowSeconds)),
      ("p99_high", .number(p?.p99HighSeconds)),
      ("usd_per_hour", .number(c.usdPerHour)),
      ("monthly_usd", .number(option.monthlyUSD)),
      ("usd_per_million", .number(option.usdPerMillion)),
      ("meets_slo", .bool(option.meetsSLO)),
      ("within_budget", .bool(option.withinBudget)),
      ("cpu_load", .number(option.cpuLoad)),
      ("label", .string(c.label.rawValue)),
      ("label_note", .string(c.labelNote)),
      ("latency_method", .string(p?.method)),
      ("excluded_reason", .string(option.excludedReason)),
    ])
  }

  /// A key that identifies an option within one plan.
  static func identity(_ option: PlanOption) -> String {
    let c = option.candidate
    return "\(c.hardwareName)|\(c.deviceKind.rawValue)|\(c.deviceName)|\(c.precision)|\(c.threads)|\(c.batchSize)"
  }
}

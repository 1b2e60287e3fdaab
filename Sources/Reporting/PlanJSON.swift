import CostModel
import Records

/// The plan as a `PlanDocument` (the JSON contract of `--json`, documented in docs/planning.md).
public enum PlanJSON {
  /// The `schema` value of a plan document.
  public static var schema: String { PlanDocument.schemaTag.description }

  /// The whole document.
  public static func document(for plan: Plan, context: PlanReportContext) -> PlanDocument {
    let r = plan.recommendation
    let recommendation = r.chosen.map { chosen in
      PlanDocument.Recommendation(option: option(chosen), outcome: r.outcome.rawValue, budgetExcessUSD: nil, reasons: r.reasons)
    }
    let cheapest = r.cheapestMeetingSLO.map { cheapest in
      PlanDocument.CheapestMeetingSLO(option: option(cheapest), budgetExcessUSD: r.budgetExcessUSD(for: plan.request))
    }
    let relaxations = r.relaxations.map { relaxation in
      PlanDocument.Relaxation(
        constraint: relaxation.constraint.rawValue, value: relaxation.value, option: option(relaxation.option),
        text: PlanHeadline.relaxationText(relaxation))
    }
    return PlanDocument(
      toolVersion: context.toolVersion, inputs: inputs(plan, context), outcome: r.outcome.rawValue,
      headline: PlanHeadline.text(plan), recommendation: recommendation, cheapestMeetingSLO: cheapest,
      fastestWithinBudget: r.fastestWithinBudget.map(option), relaxations: relaxations, reasons: r.reasons,
      options: plan.options.map(option), otherClass: r.otherClass.map(option),
      breakEvens: plan.breakEvens.map { PlanDocument.BreakEven(rate: $0.rate, cheaperAbove: className($0.cheaperAbove)) },
      volumeSweep: plan.volumeSweep.map {
        PlanDocument.VolumeSweepPoint(rate: $0.rate, cpuMonthlyUSD: $0.cpuMonthlyUSD, gpuMonthlyUSD: $0.gpuMonthlyUSD)
      },
      atTenTimesVolume: plan.atTenTimesVolume.map(option), worthMeasuring: r.worthMeasuring.map(option),
      warnings: context.warnings,
      predictionChecks: context.predictionChecks.isEmpty ? nil : context.predictionChecks.map(PlanDocument.CheckedPrediction.init),
      traffic: traffic(plan))
  }

  static func inputs(_ plan: Plan, _ context: PlanReportContext) -> PlanDocument.Inputs {
    let r = plan.request
    let host = context.measuringHosts.first.map { measured in
      PlanDocument.Host(
        cpu: measured.host.cpuModel, architecture: measured.host.architecture, instructionSet: measured.instructionSet,
        physicalCores: measured.host.physicalCores, perCoreGFLOPS: measured.host.perCoreGFLOPS,
        memoryBandwidthGBps: measured.host.memoryBandwidthGBps,
        memoryBytes: measured.host == context.host?.measuring ? context.host?.memoryBytes : nil)
    }
    return PlanDocument.Inputs(
      model: context.modelPath, modelName: plan.model.name, architecture: plan.model.architecture,
      parameters: plan.model.parameterCount, sequenceLength: plan.model.sequenceLength, volume: r.requestsPerSecond,
      peakFactor: r.peakFactor, peakRate: r.peakRequestsPerSecond, budgetUSDPerMonth: r.budgetUSDPerMonth,
      latencySLO: r.latencySLOSeconds, hoursPerMonth: r.hoursPerMonth, targetUtilization: r.targetUtilization,
      maxBatchingDelay: r.maxBatchingDelaySeconds, batchingDelays: r.batchingDelays, workload: context.workloadName,
      profiles: context.profilesDirectory, hardware: context.hardwareFilter.isEmpty ? nil : context.hardwareFilter,
      measurements: context.measurementSources, host: host,
      validation: context.predictionChecks.isEmpty ? nil : context.predictionChecks.map(\.path))
  }

  /// One option (the same keys for every option).
  public static func option(_ option: PlanOption) -> PlanDocument.Option {
    let c = option.candidate
    let p = option.prediction
    return PlanDocument.Option(
      hardware: c.hardwareName, deviceClass: className(option.deviceKind), device: c.deviceName,
      precision: c.precision, threads: c.threads, batch: c.batchSize, batchingDelay: option.batchingDelaySeconds,
      serviceTime: option.serviceTimeSeconds, replicas: p == nil ? nil : option.replicas,
      instances: p == nil ? nil : option.instances, utilization: p?.utilization, meanBatch: p?.meanBatchSize,
      p50: p?.p50Seconds, p50Low: p?.p50LowSeconds, p50High: p?.p50HighSeconds, p99: p?.p99Seconds,
      p99Low: p?.p99LowSeconds, p99High: p?.p99HighSeconds, usdPerHour: c.usdPerHour, monthlyUSD: option.monthlyUSD,
      surplusUSDPerMonth: option.surplusUSDPerMonth, usdPerMillion: option.usdPerMillion, meetsSLO: option.meetsSLO,
      sloMissReason: option.sloMissReason, withinBudget: option.withinBudget, cpuLoad: option.cpuLoad,
      label: c.label.rawValue, labelNote: c.labelNote,
      latencyMethod: p == nil ? nil : option.isSimulated ? "simulated" : "screen", excludedReason: option.excludedReason)
  }

  /// `cpu` or `gpu`.
  static func className(_ kind: DeviceKind) -> String { kind == .cpu ? "cpu" : "gpu" }

  /// A key that identifies an option within one plan.
  static func identity(_ option: PlanOption) -> String {
    let c = option.candidate
    return "\(c.hardwareName)|\(c.deviceKind.rawValue)|\(c.deviceName)|\(c.precision)|\(c.threads)|\(c.batchSize)"
  }
}

import CostModel
import Records

/// The plan as text for a person: the answer first, then why, where it flips, the options,
/// what the figures rest on, and warnings last (docs/planning.md, "5. The report"). Fits 80
/// columns; colour only when `context.useColor`.
public struct TerminalReport {
  public var plan: Plan
  public var context: PlanReportContext
  var style: Style { Style(enabled: context.useColor) }

  public init(plan: Plan, context: PlanReportContext) {
    self.plan = plan
    self.context = context
  }

  /// The whole report, ending with a newline.
  public func render() -> String {
    var lines: [String] = []
    if plan.recommendation.outcome != .fits {
      // Nothing meets both limits: the first line says so.
      lines += TextLayout.wrap(style.bold(PlanHeadline.text(plan)), firstIndent: "", indent: "  ")
    }
    lines += header()
    lines.append("")
    lines += recommendationSection()
    lines.append("")
    let traffic = trafficSection()
    if !traffic.isEmpty {
      lines += traffic
      lines.append("")
    }
    lines += optionsSection()
    lines.append("")
    lines += measurementsSection()
    lines.append("")
    if !context.predictionChecks.isEmpty {
      lines += predictionCheckSection()
      lines.append("")
    }
    lines += assumptionsSection()
    let warnings = warningsSection()
    if !warnings.isEmpty {
      lines.append("")
      lines += warnings
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func header() -> [String] {
    let model = plan.model
    var first = "infer-plan \(context.toolVersion) · \(context.modelPath) (\(model.architecture), "
      + "\(ReadableNumber.count(Double(model.parameterCount))) params, \(ReadableNumber.bytes(Double(model.weightBytes)))"
    if model.sequenceLength > 0 { first += ", \(model.sequenceLength) tokens" }
    first += ")"
    let r = plan.request
    var second = "volume \(context.volumeText.map { "\($0) = " } ?? "")\(ReadableNumber.rate(r.requestsPerSecond))"
    if r.peakFactor > 1 { second += " (peak ×\(ReadableNumber.significant(r.peakFactor)))" }
    second += " · budget " + (r.budgetUSDPerMonth.map { ReadableNumber.usd($0) + "/month" } ?? "none")
    second += " · SLO " + (r.latencySLOSeconds.map { "p99 ≤ " + ReadableNumber.duration($0) } ?? "none")
    return TextLayout.wrap(first, firstIndent: "", indent: "  ") + TextLayout.wrap(second, firstIndent: "", indent: "  ")
  }

  func recommendationSection() -> [String] {
    var lines = [style.bold("RECOMMENDATION")]
    let recommendation = plan.recommendation
    if let chosen = recommendation.chosen {
      lines += TextLayout.wrap(summary(chosen, withMarks: true))
      lines += TextLayout.wrap(latencyLine(chosen))
    } else {
      lines += TextLayout.wrap("None: no option meets both the SLO and the budget.")
      if let cheapest = recommendation.cheapestMeetingSLO {
        var text = "Cheapest meeting the SLO: " + summary(cheapest, withMarks: true)
        if let excess = recommendation.budgetExcessUSD(for: plan.request) { text += " (\(ReadableNumber.usd(excess)) over)" }
        lines += TextLayout.wrap(text)
        lines += TextLayout.wrap(latencyLine(cheapest), firstIndent: "    ", indent: "    ")
      }
      if let fastest = recommendation.fastestWithinBudget {
        lines += TextLayout.wrap("Fastest within the budget: " + summary(fastest, withMarks: false))
        lines += TextLayout.wrap(latencyLine(fastest), firstIndent: "    ", indent: "    ")
      }
      for relaxation in recommendation.relaxations {
        lines += TextLayout.wrap("Relax the " + PlanHeadline.relaxationText(relaxation) + ".")
      }
    }
    lines += TextLayout.wrap("Why: " + recommendation.reasons.joined(separator: " "), indent: "  ")
    if let other = recommendation.otherClass {
      lines += TextLayout.wrap("Other class: " + summary(other, withMarks: false)
        + ", p99 \(other.p99Seconds.map(ReadableNumber.duration) ?? "—") (\(other.label.rawValue)).")
    }
    lines += TextLayout.wrap(breakEvenLine())
    if let ten = plan.atTenTimesVolume {
      lines += TextLayout.wrap("At 10× the volume (\(ReadableNumber.rate(plan.request.requestsPerSecond * 10))): "
        + summary(ten, withMarks: false) + ".")
    }
    if let worth = recommendation.worthMeasuring {
      lines += TextLayout.wrap("Worth measuring: \(worth.displayName) (\(worth.candidate.labelNote), "
        + "\(ReadableNumber.usd(worth.monthlyUSD ?? 0))/month) is cheaper but only estimated: no measurement of that CPU family yet.")
    }
    return lines
  }

  /// "CPU, batch 1, 1 × t3.small (aws us-east-1, 1 thread/replica): $15.18/month ✓"
  func summary(_ option: PlanOption, withMarks: Bool) -> String {
    let c = option.candidate
    var place = [String]()
    if let profile = c.profile { place.append("\(profile.cloud) \(profile.region)") }
    if option.deviceKind == .cpu {
      place.append("\(c.threads) thread\(c.threads == 1 ? "" : "s")/replica")
      if option.replicas != option.instances { place.append("\(option.replicas) replicas") }
    } else {
      place.append("\(c.deviceName) \(c.precision)")
      if option.replicas != option.instances { place.append("\(option.replicas) GPUs") }
    }
    var text = "\(option.deviceClassName), batch \(c.batchSize), \(option.instances) × \(c.displayName) (\(place.joined(separator: ", ")))"
    if let monthly = option.monthlyUSD {
      text += ": \(ReadableNumber.usd(monthly))/month"
      if withMarks && plan.request.budgetUSDPerMonth != nil { text += " " + style.mark(option.withinBudget) }
    }
    return text
  }

  func latencyLine(_ option: PlanOption) -> String {
    guard let p = option.prediction else { return "latency: not predicted" }
    var text = "p50 \(ReadableNumber.duration(p.p50Seconds)) · p99 \(ReadableNumber.duration(p.p99Seconds)) "
      + "(band \(ReadableNumber.duration(p.p99LowSeconds))–\(ReadableNumber.duration(p.p99HighSeconds)))"
    if plan.request.latencySLOSeconds != nil { text += " " + style.mark(option.meetsSLO) }
    text += " · utilization \(ReadableNumber.percent(p.utilization))"
    if let load = option.cpuLoad, let vCPUs = option.candidate.profile?.vCPUs {
      text += " · CPU load \(ReadableNumber.percent(load)) of \(vCPUs) vCPUs"
    }
    return text
  }

  func breakEvenLine() -> String {
    guard !plan.breakEvens.isEmpty else {
      return "Break-even: CPU and GPU do not swap places between "
        + "\(ReadableNumber.rate(BreakEvenSearch.lowestRate)) and \(ReadableNumber.rate(BreakEvenSearch.highestRate))"
        + " (or one class has no option meeting the SLO)."
    }
    func name(_ kind: DeviceKind) -> String { kind == .cpu ? "CPU" : "GPU" }
    let crossings = plan.breakEvens
    let below = crossings[0].cheaperAbove == .cpu ? "GPU" : "CPU"
    var text: String
    if crossings.count == 1 {
      text = "Break-even: \(below) is cheaper below and \(name(crossings[0].cheaperAbove)) above "
        + "≈ \(ReadableNumber.rate(crossings[0].rate))"
    } else {
      text = "Break-even: the cheaper class changes \(crossings.count) times: \(below) below "
        + "≈ \(ReadableNumber.rate(crossings[0].rate))"
      for (crossing, next) in zip(crossings, crossings.dropFirst()) {
        text += ", \(name(crossing.cheaperAbove)) to ≈ \(ReadableNumber.rate(next.rate))"
      }
      text += ", \(name(crossings[crossings.count - 1].cheaperAbove)) above"
    }
    return text + " (cheapest option of each meeting the SLO)."
  }
}

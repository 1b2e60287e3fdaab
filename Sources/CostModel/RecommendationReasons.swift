import Records

/// The plain sentences behind a recommendation, each with its figures.
enum RecommendationReasons {
  static func sentences(
    chosen: PlanOption, outcome: RecommendationOutcome, other: PlanOption?, request: PlanRequest
  ) -> [String] {
    var reasons: [String] = []
    let utilization = chosen.utilization ?? 0
    let replicaWord = chosen.replicas == 1 ? "replica" : "replicas"
    let threadText = chosen.deviceKind == .cpu
      ? ", \(chosen.candidate.threads) thread\(chosen.candidate.threads == 1 ? "" : "s")" : ", \(chosen.candidate.precision)"
    reasons.append(
      "At \(ReadableNumber.rate(request.peakRequestsPerSecond))\(request.peakFactor > 1 ? " (peak)" : "") "
        + "\(chosen.replicas) \(chosen.deviceClassName) \(replicaWord) on \(chosen.displayName) "
        + "(batch \(chosen.batchSize)\(threadText)) \(chosen.replicas == 1 ? "is" : "are each") busy "
        + "\(ReadableNumber.percent(utilization)) of the time; a batch of \(chosen.batchSize) takes "
        + "\(ReadableNumber.duration(chosen.serviceTimeSeconds)) (\(chosen.label.rawValue), \(chosen.candidate.labelNote)).")
    if let load = chosen.cpuLoad, let baseline = chosen.candidate.profile?.burstableBaseline {
      reasons.append(
        "CPU load stays at \(ReadableNumber.percent(load)) of \(chosen.candidate.profile?.vCPUs ?? 0) vCPUs, under the "
          + "\(ReadableNumber.percent(baseline)) burstable baseline, so no CPU-credit charges.")
    }
    switch outcome {
    case .fits:
      var sentence = "It costs \(ReadableNumber.usd(chosen.monthlyUSD ?? 0))/month"
      if let budget = request.budgetUSDPerMonth { sentence += ", within the \(ReadableNumber.usd(budget)) budget" }
      if let slo = request.latencySLOSeconds, let p99 = chosen.p99Seconds {
        sentence += ", and its p99 of \(ReadableNumber.duration(p99)) meets the \(ReadableNumber.duration(slo)) SLO"
      }
      reasons.append(sentence + ".")
    case .overBudget:
      let monthly = chosen.monthlyUSD ?? 0
      let budget = request.budgetUSDPerMonth ?? 0
      let ratio = budget > 0 ? " (\(ReadableNumber.significant(monthly / budget))× the budget)" : ""
      reasons.append(
        "Nothing fits the budget: the cheapest option meeting the SLO costs \(ReadableNumber.usd(monthly))/month, "
          + "\(ReadableNumber.usd(monthly - budget)) over the \(ReadableNumber.usd(budget)) budget\(ratio).")
    case .noneMeetsSLO:
      reasons.append(
        "No option meets the p99 SLO of \(ReadableNumber.duration(request.latencySLOSeconds ?? 0)); this is the "
          + "fastest, at p99 \(ReadableNumber.duration(chosen.p99Seconds ?? .infinity)) and "
          + "\(ReadableNumber.usd(chosen.monthlyUSD ?? 0))/month.")
    case .noOptions:
      break
    }
    if let other {
      reasons.append(otherClassSentence(chosen: chosen, other: other))
    } else {
      reasons.append("No \(chosen.deviceKind == .cpu ? "GPU" : "CPU") option could be evaluated to compare with.")
    }
    return reasons
  }

  static func otherClassSentence(chosen: PlanOption, other: PlanOption) -> String {
    let chosenCost = chosen.monthlyUSD ?? 0, otherCost = other.monthlyUSD ?? 0
    var sentence = "The best \(other.deviceClassName) option (\(other.displayName), \(other.deviceName), "
      + "batch \(other.batchSize)) costs \(ReadableNumber.usd(otherCost))/month"
    if chosenCost > 0 && otherCost > chosenCost {
      sentence += ", \(ReadableNumber.significant(otherCost / chosenCost))× more"
    } else if otherCost > 0 && otherCost < chosenCost {
      sentence += ", \(ReadableNumber.significant(chosenCost / otherCost))× less"
    }
    if let utilization = other.utilization {
      sentence += "; its \(other.deviceClassName) would be busy \(ReadableNumber.percent(utilization)) of the time"
    }
    if let p99 = other.p99Seconds { sentence += " at p99 \(ReadableNumber.duration(p99))" }
    if !other.meetsSLO { sentence += ", missing the SLO" }
    return sentence + " (\(other.label.rawValue))."
  }
}

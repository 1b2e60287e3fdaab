import Records

/// The plain sentences behind a recommendation, each with its figures.
enum RecommendationReasons {
  static func sentences(_ recommendation: Recommendation, request: PlanRequest) -> [String] {
    guard let headline = recommendation.headline else {
      // Nothing founded meets the SLO or is within the budget.
      var reasons = [
        "No option meets the p99 SLO of \(ReadableNumber.duration(request.latencySLOSeconds ?? 0)), and none is within the "
          + "\(ReadableNumber.usd(request.budgetUSDPerMonth ?? 0)) budget."
      ]
      if let other = recommendation.otherClass { reasons.append(otherClassSentence(other)) }
      return reasons
    }
    var reasons = [setupSentence(headline, request: request)]
    if let load = headline.cpuLoad, let profile = headline.candidate.profile, let baseline = profile.burstableBaseline {
      if let surplus = headline.surplusUSDPerMonth, surplus > 0 {
        reasons.append(
          "CPU load is \(ReadableNumber.percent(load)) of \(profile.vCPUs) vCPUs, over the \(ReadableNumber.percent(baseline)) "
            + "burstable baseline: the surplus credits cost \(ReadableNumber.usd(surplus))/month (included).")
      } else {
        reasons.append(
          "CPU load stays at \(ReadableNumber.percent(load)) of \(profile.vCPUs) vCPUs, under the "
            + "\(ReadableNumber.percent(baseline)) burstable baseline, so no CPU-credit charges.")
      }
    }
    let monthly = headline.monthlyUSD ?? 0
    switch recommendation.outcome {
    case .fits:
      var sentence = "It costs \(ReadableNumber.usd(monthly))/month"
      if let budget = request.budgetUSDPerMonth { sentence += ", within the \(ReadableNumber.usd(budget)) budget" }
      if let slo = request.latencySLOSeconds, let p99 = headline.p99Seconds {
        sentence += ", and its p99 of \(ReadableNumber.duration(p99)) meets the \(ReadableNumber.duration(slo)) SLO"
      }
      reasons.append(sentence + ".")
    case .overBudget:
      let budget = request.budgetUSDPerMonth ?? 0
      let ratio = budget > 0 ? " (\(ReadableNumber.significant(monthly / budget))× the budget)" : ""
      reasons.append(
        "Nothing fits the budget: the cheapest option meeting the SLO costs \(ReadableNumber.usd(monthly))/month, "
          + "\(ReadableNumber.usd(monthly - budget)) over the \(ReadableNumber.usd(budget)) budget\(ratio).")
    case .noneMeetsSLO:
      var sentence = "No option meets the p99 SLO of \(ReadableNumber.duration(request.latencySLOSeconds ?? 0)); the fastest"
      if let budget = request.budgetUSDPerMonth { sentence += " within the \(ReadableNumber.usd(budget)) budget" }
      sentence += " has p99 \(ReadableNumber.duration(headline.p99Seconds ?? .infinity)) at \(ReadableNumber.usd(monthly))/month"
      if let reason = headline.sloMissReason { sentence += " (\(reason))" }
      reasons.append(sentence + ".")
    case .infeasible, .noOptions:
      break
    }
    if let other = recommendation.otherClass {
      reasons.append(otherClassSentence(other, comparedWith: headline))
    } else {
      reasons.append("No \(headline.deviceKind == .cpu ? "GPU" : "CPU") option could be evaluated to compare with.")
    }
    return reasons
  }

  /// "At 1.67/s 1 CPU replica on t3.small (batch 1, 1 thread) is busy 0.3% of the time; …"
  static func setupSentence(_ option: PlanOption, request: PlanRequest) -> String {
    let replicaWord = option.replicas == 1 ? "replica" : "replicas"
    let threadText = option.deviceKind == .cpu
      ? ", \(option.candidate.threads) thread\(option.candidate.threads == 1 ? "" : "s")" : ", \(option.candidate.precision)"
    let delayText = option.batchSize > 1 ? ", batching delay \(ReadableNumber.duration(option.batchingDelaySeconds))" : ""
    return "At \(ReadableNumber.rate(request.peakRequestsPerSecond))\(request.peakFactor > 1 ? " (peak)" : "") "
      + "\(option.replicas) \(option.deviceClassName) \(replicaWord) on \(option.displayName) "
      + "(batch \(option.batchSize)\(threadText)\(delayText)) \(option.replicas == 1 ? "is" : "are each") busy "
      + "\(ReadableNumber.percent(option.utilization ?? 0)) of the time; a batch of \(option.batchSize) takes "
      + "\(ReadableNumber.duration(option.serviceTimeSeconds)) (\(option.label.rawValue), \(option.candidate.labelNote))."
  }

  static func otherClassSentence(_ other: PlanOption, comparedWith chosen: PlanOption? = nil) -> String {
    let chosenCost = chosen?.monthlyUSD ?? 0, otherCost = other.monthlyUSD ?? 0
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

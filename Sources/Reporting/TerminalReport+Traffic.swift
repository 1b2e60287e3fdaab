import CostModel
import Records

extension TerminalReport {
  /// The day of traffic: which way of paying won and by how much against the fixed on-demand
  /// fleet, what the user accepts for it, then every quote per finalist. Empty without traffic.
  func trafficSection() -> [String] {
    guard let answer = plan.traffic else { return [] }
    let traffic = answer.traffic
    var lines = [style.bold("TRAFFIC AND WAYS TO PAY") + " (one simulated day × 730/24; estimated)"]
    lines += TextLayout.wrap(
      "Traffic: \(traffic.origin) · mean \(ReadableNumber.rate(traffic.meanRequestsPerSecond)), peak "
        + "\(ReadableNumber.rate(traffic.peakRequestsPerSecond)) (×\(ReadableNumber.significant(traffic.peakToMean)))")
    if let serverless = answer.serverlessWinner {
      var text = "Cheapest meeting the SLO: serverless \(serverless.platform) (\(serverless.memoryMiB) MiB): "
        + "\(ReadableNumber.usd(serverless.monthlyUSD))/month, day p99 \(ReadableNumber.duration(serverless.p99Seconds ?? 0))"
      if let baseline = answer.baseline {
        let saved = baseline.quote.monthlyUSD - serverless.monthlyUSD
        text += "; \(ReadableNumber.usd(saved)) (\(ReadableNumber.percent(saved / baseline.quote.monthlyUSD))) less than "
          + "the fixed on-demand fleet of the plan above (\(ReadableNumber.usd(baseline.quote.monthlyUSD)))"
      }
      lines += TextLayout.wrap(text + ".")
      lines += TextLayout.wrap("In exchange: " + coldStartText(serverless) + ".", firstIndent: "    ", indent: "    ")
    } else if let winner = answer.winner {
      var text = "Cheapest meeting the SLO: \(winner.quote.summary) on \(optionName(winner.fleet.option)): "
        + "\(ReadableNumber.usd(winner.quote.monthlyUSD))/month, day p99 \(ReadableNumber.duration(winner.quote.p99Seconds))"
      if let baseline = answer.baseline, baseline.quote.monthlyUSD > winner.quote.monthlyUSD + 0.005 {
        let saved = baseline.quote.monthlyUSD - winner.quote.monthlyUSD
        text += "; \(ReadableNumber.usd(saved)) (\(ReadableNumber.percent(saved / baseline.quote.monthlyUSD))) less than "
          + "the fixed on-demand fleet of the plan above (\(ReadableNumber.usd(baseline.quote.monthlyUSD)))"
      } else {
        text += "; the fixed on-demand fleet of the plan above stays the cheapest way"
      }
      lines += TextLayout.wrap(text + ".")
      if let tradeOff = winner.quote.tradeOff {
        lines += TextLayout.wrap("In exchange: " + tradeOff + ".", firstIndent: "    ", indent: "    ")
      }
    } else {
      lines += TextLayout.wrap("No way to pay meets the SLO over the whole day (ramps included).")
    }
    for fleet in answer.fleets {
      lines += TextLayout.wrap(
        "\(optionName(fleet.option)) · scale-up delay \(ReadableNumber.duration(fleet.policy.scaleUpDelaySeconds))"
          + "\(plan.request.autoscaling.scaleUpDelaySeconds == nil ? " (default)" : "") · cooldown "
          + "\(ReadableNumber.duration(fleet.policy.scaleDownCooldownSeconds)) · \(replicaRange(fleet)):")
      for quote in fleet.quotes {
        var text = "\(ReadableNumber.usd(quote.monthlyUSD)) · p99 \(ReadableNumber.duration(quote.p99Seconds))"
        if plan.request.latencySLOSeconds != nil { text += " " + style.mark(quote.meetsSLO) }
        text += " · \(quote.summary)"
        if !quote.isAllowed { text += " (shown only: needs --allow spot)" }
        if let source = quote.source { text += " [price as of \(source.asOf)]" }
        lines += TextLayout.wrap(text, firstIndent: "    ", indent: "      ")
      }
    }
    if let burstiness = traffic.burstiness, burstiness > 2 {
      lines += TextLayout.wrap(
        "Bursts: per-second counts vary \(ReadableNumber.significant(burstiness))× as much as Poisson arrivals would "
          + "within a minute; the simulation draws Poisson arrivals, so the day's p99 may be low, and a burst "
          + "starts more cold serverless instances than counted here.")
    }
    lines += serverlessLines(answer)
    return lines
  }

  /// One line per serverless platform priced for the day.
  func serverlessLines(_ answer: TrafficAnswer) -> [String] {
    guard !answer.serverless.isEmpty else { return [] }
    var lines = TextLayout.wrap("Serverless CPU functions (1 request per instance at a time; CPU time estimated from the plan's CPUs):")
    for estimate in answer.serverless {
      var text = "\(ReadableNumber.usd(estimate.monthlyUSD)) · p99 "
        + (estimate.p99Seconds.map(ReadableNumber.duration) ?? "unknown")
      if let slo = plan.request.latencySLOSeconds {
        text += " " + style.mark(estimate.p99Seconds.map { $0 <= slo } ?? false)
      }
      text += " · \(estimate.platform), \(estimate.memoryMiB) MiB = \(ReadableNumber.significant(estimate.vCPUs)) vCPU, "
        + "\(ReadableNumber.duration(estimate.durationSeconds)) a request; " + coldStartText(estimate)
      if estimate.isCrossFamilyEstimate { text += "; CPU time only estimated from another CPU family: worth measuring" }
      if !estimate.fitsConcurrency {
        text += "; the peak needs \(ReadableNumber.significant(estimate.peakConcurrency)) concurrent requests, over the "
          + "default limit of \(estimate.concurrencyLimit)"
      }
      lines += TextLayout.wrap(text, firstIndent: "    ", indent: "      ")
    }
    return lines
  }

  /// "cold starts 0.35 s on 1.2% of requests (keep-warm 300 s, assumed)"
  func coldStartText(_ estimate: ServerlessEstimate) -> String {
    let cold = estimate.coldStartSeconds.map { "cold starts of \(ReadableNumber.duration($0))" }
      ?? "cold starts of unknown length (no public start figure: measure one)"
    return "\(cold) on \(ReadableNumber.percent(estimate.coldShare)) of requests (keep-warm "
      + "\(ReadableNumber.duration(estimate.keepWarmSeconds))\(estimate.keepWarmAssumed ? ", assumed" : ""))"
  }

  /// "c7i.large CPU batch 1"
  func optionName(_ option: PlanOption) -> String {
    "\(option.displayName) \(option.deviceClassName) batch \(option.batchSize)"
  }

  /// "replicas 1–4 (1 per instance)"
  func replicaRange(_ fleet: FleetComparison) -> String {
    let perInstance = fleet.replicasPerInstance
    let low = fleet.autoscaled.baseInstances * perInstance, high = fleet.autoscaled.peakInstances * perInstance
    return "replicas \(low == high ? "\(low)" : "\(low)–\(high)") (\(perInstance) per instance)"
  }
}

import CostModel
import Records

extension PlanJSON {
  /// The plan document's `traffic` object; nil without a day of traffic.
  static func traffic(_ plan: Plan) -> PlanDocument.Traffic? {
    guard let answer = plan.traffic else { return nil }
    let day = answer.traffic
    let hourly = (0..<24).map { hour in day.minuteRates[(hour * 60)..<(hour * 60 + 60)].reduce(0, +) / 60 }
    let fleets = answer.fleets.map(fleet)
    let baseline = answer.baseline?.quote.monthlyUSD
    var winner = answer.winner.map { winner in
      PlanDocument.Winner(
        fleet: answer.winnerIndex, way: winner.quote.way.rawValue, monthlyUSD: winner.quote.monthlyUSD,
        baselineMonthlyUSD: baseline, savingUSD: baseline.map { $0 - winner.quote.monthlyUSD })
    }
    if let serverless = answer.serverlessWinner {
      winner = PlanDocument.Winner(
        fleet: nil, platform: serverless.platform, way: "serverless", monthlyUSD: serverless.monthlyUSD,
        baselineMonthlyUSD: baseline, savingUSD: baseline.map { $0 - serverless.monthlyUSD })
    }
    let serverless = answer.serverless.map { estimate in
      PlanDocument.Serverless(
        platform: estimate.platform, memoryMiB: estimate.memoryMiB, vcpus: estimate.vCPUs, duration: estimate.durationSeconds,
        coldStart: estimate.coldStartSeconds, coldShare: estimate.coldShare, keepWarm: estimate.keepWarmSeconds,
        keepWarmAssumed: estimate.keepWarmAssumed, monthlyUSD: estimate.monthlyUSD, p99: estimate.p99Seconds,
        peakConcurrency: estimate.peakConcurrency, concurrencyLimit: estimate.concurrencyLimit)
    }
    return PlanDocument.Traffic(
      origin: day.origin, meanRate: day.meanRequestsPerSecond, peakRate: day.peakRequestsPerSecond,
      peakToMean: day.peakToMean, burstiness: day.burstiness, hourlyRates: hourly, fleets: fleets, serverless: serverless,
      winner: winner)
  }

  static func fleet(_ fleet: FleetComparison) -> PlanDocument.Fleet {
    let c = fleet.option.candidate
    let perInstance = fleet.replicasPerInstance
    return PlanDocument.Fleet(
      hardware: c.hardwareName, device: c.deviceName, precision: c.precision.rawValue, batch: c.batchSize,
      threads: c.threads, replicasPerInstance: perInstance, minReplicas: fleet.policy.minInstances * perInstance,
      maxReplicas: (fleet.policy.maxInstances ?? fleet.autoscaled.peakInstances) * perInstance,
      scaleUpDelay: fleet.policy.scaleUpDelaySeconds, cooldown: fleet.policy.scaleDownCooldownSeconds,
      fixedInstances: fleet.fixed.peakInstances, autoscaledBaseInstances: fleet.autoscaled.baseInstances,
      autoscaledPeakInstances: fleet.autoscaled.peakInstances, instanceHoursPerDay: fleet.autoscaled.instanceHoursPerDay,
      lagMinutes: fleet.autoscaled.lagMinutes,
      waysToPay: fleet.quotes.map { quote in
        PlanDocument.Quote(
          way: quote.way.rawValue, monthlyUSD: quote.monthlyUSD, p99: quote.p99Seconds, meetsSLO: quote.meetsSLO,
          allowed: quote.isAllowed, summary: quote.summary, tradeOff: quote.tradeOff, priceSource: quote.source?.source,
          priceAsOf: quote.source?.asOf)
      })
  }
}

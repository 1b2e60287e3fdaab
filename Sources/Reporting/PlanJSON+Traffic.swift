import CostModel
import Records

extension PlanJSON {
  /// The plan document's `traffic` object; nil without a day of traffic.
  static func traffic(_ plan: Plan) -> PlanDocument.Traffic? {
    guard let answer = plan.traffic else { return nil }
    let day = answer.traffic
    let hourly = (0..<24).map { hour in day.minuteRates[(hour * 60)..<(hour * 60 + 60)].reduce(0, +) / 60 }
    let fleets = answer.fleets.map(fleet)
    let winner = answer.winner.map { winner in
      let index = answer.winnerIndex ?? 0
      let baseline = answer.baseline?.quote.monthlyUSD
      return PlanDocument.Winner(
        fleet: index, way: winner.quote.way.rawValue, monthlyUSD: winner.quote.monthlyUSD, baselineMonthlyUSD: baseline,
        savingUSD: baseline.map { $0 - winner.quote.monthlyUSD })
    }
    return PlanDocument.Traffic(
      origin: day.origin, meanRate: day.meanRequestsPerSecond, peakRate: day.peakRequestsPerSecond,
      peakToMean: day.peakToMean, burstiness: day.burstiness, hourlyRates: hourly, fleets: fleets, winner: winner)
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

import Foundation
import Records

/// A fleet sized and priced for one candidate at one rate.
struct SizedFleet: Equatable {
  var replicas: Int
  var instances: Int
  /// Instances plus any surplus CPU credits (USD per month).
  var monthlyUSD: Double
  /// Surplus CPU credits billed in unlimited mode (USD per month); nil when not burstable.
  var surplusUSDPerMonth: Double?
  /// Average share of the instances' vCPUs kept busy; nil for GPUs.
  var cpuLoad: Double?
}

extension Planner {
  /// Sizes `candidate` for `request` from its per-replica capacity:
  ///
  ///     c         = max(1, ⌈peak / capacity⌉)
  ///     instances = ⌈c / replicas per instance⌉; replicas = instances × replicas per instance
  ///     monthly   = instances × USD/hour × hours per month (+ surplus credits, see `burstable`)
  ///
  /// nil when it would need more than `replicaLimit` replicas.
  func size(_ candidate: ServingCandidate, capacity: ReplicaCapacity, at request: PlanRequest) -> SizedFleet? {
    let needed = max(1, (request.peakRequestsPerSecond / capacity.ratePerSecond * (1 - 1e-12)).rounded(.up))
    guard needed.isFinite, needed <= Double(Self.replicaLimit) else { return nil }
    return priced(candidate, replicas: Int(needed), delay: capacity.batchingDelaySeconds, at: request)
  }

  /// Whole instances for `replicas` replicas, priced; a burstable instance either pays its
  /// surplus credits or adds instances to stay under its baseline, whichever is cheaper.
  func priced(_ candidate: ServingCandidate, replicas needed: Int, delay: Double, at request: PlanRequest) -> SizedFleet {
    let perInstance = max(1, candidate.replicasPerInstance)
    var instances = (needed + perInstance - 1) / perInstance
    let price = candidate.usdPerHour ?? 0
    var fleet = SizedFleet(
      replicas: instances * perInstance, instances: instances, monthlyUSD: Double(instances) * price * request.hoursPerMonth)
    guard candidate.deviceKind == .cpu else { return fleet }
    let vCPUs = Double(candidate.profile?.vCPUs ?? host?.measuring.physicalCores ?? candidate.threads)
    let work = busyVCPUs(candidate, replicas: instances * perInstance, delay: delay, at: request)
    fleet.cpuLoad = work / (Double(instances) * vCPUs)
    guard let profile = candidate.profile, let baseline = profile.burstableBaseline, baseline > 0 else { return fleet }
    fleet.surplusUSDPerMonth = 0
    guard let load = fleet.cpuLoad, load > baseline else { return fleet }
    let surplus = profile.surplusUSDPerVCPUHour.map { (load - baseline) * Double(instances) * vCPUs * $0 * request.hoursPerMonth }
    let underBaseline = Int((work / (baseline * vCPUs) * (1 - 1e-12)).rounded(.up))
    let payingSurplus = fleet.monthlyUSD + (surplus ?? .infinity)
    let staying = Double(underBaseline) * price * request.hoursPerMonth
    if staying < payingSurplus {
      instances = underBaseline
      fleet = SizedFleet(
        replicas: instances * perInstance, instances: instances, monthlyUSD: staying, surplusUSDPerMonth: 0,
        cpuLoad: work / (Double(instances) * vCPUs))
    } else {
      fleet.monthlyUSD = payingSurplus
      fleet.surplusUSDPerMonth = surplus
    }
    return fleet
  }

  /// vCPUs the fleet keeps busy on average: `λ_avg · S(b̄) / b̄ × threads`, with b̄ the batch the
  /// closed form expects at one replica's share of the average rate. Credits accrue on the 24-hour
  /// average, so the average rate counts, not the peak. Computed rather than taken from the
  /// simulation so that a fleet's price is a deterministic, non-decreasing function of the rate.
  func busyVCPUs(_ candidate: ServingCandidate, replicas: Int, delay: Double, at request: PlanRequest) -> Double {
    let rate = request.requestsPerSecond
    let share = rate / Double(max(1, replicas))
    let b = Double(max(1, candidate.batchSize))
    let fill = ClosedFormLatencyPredictor.fillSeconds(maxBatch: b, perReplicaRate: share, maxDelaySeconds: delay)
    let batch = min(b, 1 + share * fill)
    return rate * candidate.curve.meanSeconds(at: batch) / batch * Double(candidate.threads)
  }
}

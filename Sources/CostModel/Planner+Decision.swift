import Foundation
import Records

/// The one latency model that decides every verdict of a plan: sizing, SLO pass or miss, the
/// recommendation, the break-even volumes and the 10× answer (docs/planning.md, "3. Deciding").
///
/// 1. The closed form screens every candidate (`Planner.evaluate`): fast figures for the table.
/// 2. Candidates that could be recommended (priced, runnable, not a CPU estimated from another
///    instruction-set family) are decided by the deciding predictor (the serving simulation in
///    the tool), cheapest lower bound first per device class: a `ReplicaCapacity` search gives
///    the per-replica rate and batching delay that meet the limits, the fleet is sized from it,
///    priced (burstable surplus included) and predicted once more at its own per-replica rate.
/// 3. A class stops when the next candidate's lower bound (`⌈λ·S(b) / (b·u)⌉` replicas in whole
///    instances, which no capacity can beat) costs as much as the cheapest option of that class
///    already meeting the SLO or more. Candidates never decided keep their screen figures, marked so.
///    Candidates whose batch-1 service time alone is over the SLO are clearly out and are not
///    decided; a class where `unsuccessfulLimit` decided candidates in a row miss the SLO stops.
/// 4. When nothing meets the SLO within the budget, the six cheapest-bounded candidates within
///    the budget are decided too, so the lowest p99 within the budget is a decided one.
struct DecisionPipeline {
  var planner: Planner
  /// Predicts each decided fleet at its own rate: its figures and SLO verdict.
  var predictor: any LatencyPredictor
  /// The same model with a smaller sample, for the many trial rates of a capacity search.
  var searchPredictor: any LatencyPredictor
  var cache: ReplicaCapacityCache

  /// Candidates decided anyway when nothing fits, to find the fastest within the budget.
  static let withinBudgetExtras = 6
  /// Decided candidates of a class that miss the SLO before the class stops: bounds the work
  /// when a class cannot meet the SLO at all.
  static let unsuccessfulLimit = 8

  /// The decidable candidates of `kind`, cheapest lower bound first (ties: smaller batch, which
  /// waits less), without those clearly out.
  func order(_ candidates: [(Int, ServingCandidate)], kind: DeviceKind, at request: PlanRequest) -> [(Int, Double)] {
    let kept = candidates.filter { $0.1.deviceKind == kind && Self.isDecidable($0.1) && !Self.isClearlyOut($0.1, request) }
    let bounded: [(index: Int, bound: Double, batch: Int)] = kept.map { ($0.0, lowerBoundUSD($0.1, at: request), $0.1.batchSize) }
    let sorted = bounded.sorted { a, b in a.bound != b.bound ? a.bound < b.bound : a.batch < b.batch }
    return sorted.map { ($0.index, $0.bound) }
  }

  /// Whether the batch-1 service time alone is over the SLO.
  static func isClearlyOut(_ candidate: ServingCandidate, _ request: PlanRequest) -> Bool {
    guard let slo = request.latencySLOSeconds else { return false }
    return candidate.curve.medianSeconds(at: 1) > slo
  }

  /// `screened` (the closed form's options at `request`) with the founded ones decided.
  func decide(_ screened: [PlanOption], at request: PlanRequest) -> [PlanOption] {
    var options = screened
    let indexed = options.indices.map { ($0, options[$0].candidate) }
    for kind in [DeviceKind.cpu, .cuda] {
      var best = Double.infinity
      var misses = 0
      for (index, bound) in order(indexed, kind: kind, at: request) {
        guard bound < best, misses < Self.unsuccessfulLimit else { break }
        options[index] = option(options[index].candidate, at: request, screen: options[index])
        if options[index].meetsSLO, options[index].isEligible, let cost = options[index].monthlyUSD {
          best = min(best, cost)
        } else if best == .infinity {
          misses += 1
        }
      }
    }
    let decidable = options.indices.filter { Self.isDecidable(options[$0]) }
    let fits = options.contains { $0.isDecided && $0.meetsSLO && $0.withinBudget && $0.isEligible }
    if !fits, let budget = request.budgetUSDPerMonth {
      let extras = decidable.filter { !options[$0].isDecided }
        .map { ($0, lowerBoundUSD(options[$0].candidate, at: request)) }
        .filter { $0.1 <= budget }
        .sorted { (options[$0.0].p99Seconds ?? .infinity) < (options[$1.0].p99Seconds ?? .infinity) }
        .prefix(Self.withinBudgetExtras)
      for (index, _) in extras {
        options[index] = option(options[index].candidate, at: request, screen: options[index])
      }
    }
    return options
  }

  /// The cheapest option of `kind` meeting the SLO at `request`, budget ignored (what the
  /// break-even search and the volume sweep compare), by the same capacities as the plan; nil
  /// when none does. Costs come from the capacities alone (no final prediction), so a sweep
  /// point costs arithmetic once the capacities are known.
  func cheapestMeetingSLO(_ candidates: [ServingCandidate], kind: DeviceKind, at request: PlanRequest) -> Double? {
    var best = Double.infinity
    var misses = 0
    for (index, bound) in order(Array(candidates.enumerated()), kind: kind, at: request) {
      guard bound < best, misses < Self.unsuccessfulLimit else { break }
      let candidate = candidates[index]
      guard let capacity = capacity(candidate, request: request, slo: request.latencySLOSeconds),
            let sized = planner.size(candidate, capacity: capacity, at: request) else {
        if best == .infinity { misses += 1 }
        continue
      }
      best = min(best, sized.monthlyUSD)
    }
    return best.isFinite ? best : nil
  }

  /// `candidate` decided at `request`: sized from its capacity under the SLO (or, when none
  /// meets it, under the utilization target alone), priced and predicted.
  func option(_ candidate: ServingCandidate, at request: PlanRequest, screen: PlanOption) -> PlanOption {
    var option = screen
    option.isDecided = true
    let slo = request.latencySLOSeconds
    let reachable = slo != nil && !Self.isClearlyOut(candidate, request)
    let underSLO = reachable ? capacity(candidate, request: request, slo: slo) : nil
    guard let capacity = underSLO ?? capacity(candidate, request: request, slo: nil) else {
      option.excludedReason = option.excludedReason ?? "no rate keeps one replica stable at the target utilization"
      return option
    }
    guard let sized = planner.size(candidate, capacity: capacity, at: request) else {
      option.excludedReason = "would need more than \(Planner.replicaLimit) replicas"
      return option
    }
    option.batchingDelaySeconds = capacity.batchingDelaySeconds
    option.replicas = sized.replicas
    option.instances = sized.instances
    option.monthlyUSD = sized.monthlyUSD
    option.surplusUSDPerMonth = sized.surplusUSDPerMonth
    option.usdPerMillion = request.requestsPerMonth > 0 ? sized.monthlyUSD / (request.requestsPerMonth / 1e6) : nil
    option.withinBudget = request.budgetUSDPerMonth.map { sized.monthlyUSD <= $0 + 1e-9 } ?? true
    option.cpuLoad = sized.cpuLoad
    let prediction = try? predictor.predict(ServingSetup(
      curve: candidate.curve, maxBatchSize: candidate.batchSize, maxBatchingDelaySeconds: capacity.batchingDelaySeconds,
      replicas: sized.replicas, requestsPerSecond: request.peakRequestsPerSecond,
      relativeSpread: candidate.relativeSpread))
    option.prediction = prediction ?? option.prediction
    let stable = prediction?.stable ?? false
    if let slo {
      option.meetsSLO = underSLO != nil && stable && (prediction?.p99Seconds ?? .infinity) <= slo
    } else {
      option.meetsSLO = stable
    }
    if let slo, !option.meetsSLO, option.sloMissReason == nil {
      option.sloMissReason = underSLO == nil
        ? "no replica count meets the \(ReadableNumber.duration(slo)) SLO: one replica's p99 stays above it even at low load"
        : "the fleet sized for the SLO predicts p99 \(ReadableNumber.duration(prediction?.p99Seconds ?? .infinity)) at its own rate"
    }
    return option
  }

  /// The capacity of `candidate` under `slo` (nil: the utilization target alone), searched once
  /// per plan.
  func capacity(_ candidate: ServingCandidate, request: PlanRequest, slo: Double?) -> ReplicaCapacity? {
    let key = "\(candidate.hardwareName)|\(candidate.deviceKind)|\(candidate.deviceName)|\(candidate.precision)|"
      + "\(candidate.threads)|\(candidate.batchSize)|\(slo.map { "\($0)" } ?? "none")"
    return cache.value(key) {
      ReplicaCapacitySearch(predictor: searchPredictor, targetUtilization: request.clampedUtilization, latencySLOSeconds: slo)
        .capacity(of: candidate, delays: request.batchingDelays)
    }
  }

  /// The least `candidate` can cost at `request`: full batches at the target utilization, whole
  /// instances, no surplus.
  func lowerBoundUSD(_ candidate: ServingCandidate, at request: PlanRequest) -> Double {
    guard let price = candidate.usdPerHour else { return .infinity }
    let b = Double(candidate.batchSize)
    let fullRate = request.clampedUtilization * b / candidate.curve.meanSeconds(at: b)
    guard fullRate.isFinite, fullRate > 0 else { return .infinity }
    let replicas = max(1, (request.peakRequestsPerSecond / fullRate).rounded(.up))
    let instances = (replicas / Double(max(1, candidate.replicasPerInstance))).rounded(.up)
    return instances * price * request.hoursPerMonth
  }

  /// Whether an option's candidate could be recommended: runnable, priced, and not a CPU
  /// estimated from another instruction-set family.
  static func isDecidable(_ option: PlanOption) -> Bool { isDecidable(option.candidate) }

  static func isDecidable(_ candidate: ServingCandidate) -> Bool {
    candidate.excludedReason == nil && candidate.usdPerHour != nil && candidate.replicasPerInstance >= 1
      && !(candidate.deviceKind == .cpu && candidate.label == .estimated)
  }
}

import Foundation
import Profiles
import Records
import Units

extension Planner {
  /// Finalists followed through the day per device class: enough to see whether autoscaling or
  /// another way to pay reorders the cheapest few, cheap enough to keep a plan within seconds.
  static let trafficFinalistsPerClass = 2
  /// Requests simulated per rate step of a day: 4,000 (40 beyond the p99 per step; the day
  /// mixes dozens of steps, so its p99 rests on far more).
  static let dayRequestsPerStep = 4_000

  /// The day of `request.traffic` for the cheapest options meeting the SLO at the peak: their
  /// fixed and autoscaled fleets and every priced way to pay; nil without traffic or finalists.
  func trafficAnswer(_ options: [PlanOption], recommendation: Recommendation, request: PlanRequest, pipeline: DecisionPipeline)
    -> TrafficAnswer?
  {
    guard let traffic = request.traffic else { return nil }
    var finalists: [PlanOption] = []
    for kind in [DeviceKind.cpu, .cuda] {
      finalists += options.filter {
        $0.deviceKind == kind && $0.isDecided && $0.meetsSLO && Recommender.isFounded($0)
      }.prefix(Self.trafficFinalistsPerClass)
    }
    if let headline = recommendation.headline, !finalists.contains(where: { Self.sameCandidate($0.candidate, headline.candidate) }) {
      finalists.insert(headline, at: 0)
    }
    // Each finalist's day is independent: follow them in parallel (results kept in finalist order,
    // each from its own seeded simulations, so the plan does not depend on the core count).
    let chosen = finalists
    let fleets = parallelMap(chosen.count) { compareFleets(chosen[$0], traffic: traffic, request: request, pipeline: pipeline) }
      .compactMap { $0 }
      + gpuEndpointFleets(options, traffic: traffic, request: request, pipeline: pipeline)
    guard !fleets.isEmpty else { return nil }
    let meeting = fleets.flatMap { fleet in
      fleet.quotes.filter { $0.meetsSLO && $0.isAllowed }.map { (fleet: fleet, quote: $0) }
    }
    let budget = request.budgetUSDPerMonth ?? .infinity
    let fitting = meeting.filter { $0.quote.monthlyUSD <= budget + 1e-9 }
    let winner = (fitting.isEmpty ? meeting : fitting).min { $0.quote.monthlyUSD < $1.quote.monthlyUSD }
    let baselineFleet = recommendation.headline.flatMap { headline in
      fleets.first { Self.sameCandidate($0.option.candidate, headline.candidate) }
    } ?? fleets[0]
    var answer = TrafficAnswer(
      traffic: traffic, fleets: fleets, winner: winner,
      baseline: baselineFleet.quotes.first.map { (fleet: baselineFleet, quote: $0) })
    answer.serverless = serverlessEstimates(options, traffic: traffic, request: request)
    let fleetBest = winner?.quote.monthlyUSD ?? .infinity
    answer.serverlessWinner = answer.serverless.filter { estimate in
      guard estimate.fitsConcurrency, !estimate.isCrossFamilyEstimate, let p99 = estimate.p99Seconds,
        estimate.monthlyUSD < fleetBest
      else { return false }
      return (request.latencySLOSeconds.map { p99 <= $0 } ?? true) && estimate.monthlyUSD <= budget + 1e-9
    }.min { $0.monthlyUSD < $1.monthlyUSD }
    return answer
  }

  /// Per-second GPU endpoints (a serverless profile with a `gpu`, e.g. Cloud Run with an L4) as
  /// fleets of the same comparison: the cheapest option on that GPU meeting the SLO, re-priced at the
  /// platform's per-second rate for its smallest GPU instance (`(min vCPUs × vCPU-s + min GiB ×
  /// GiB-s + GPU-s) × 3,600` USD/hour), one replica per instance, scale-up delay = the platform's
  /// GPU start + model load. Its fixed fleet is the same count kept as minimum instances (billed in
  /// full while idle).
  func gpuEndpointFleets(_ options: [PlanOption], traffic: DailyTraffic, request: PlanRequest, pipeline: DecisionPipeline)
    -> [FleetComparison]
  {
    serverless.compactMap { platform -> FleetComparison? in
      guard let gpu = platform.gpu, let vCPUPrice = platform.prices.usdPerVCPUSecond else { return nil }
      let onGPU = options.filter {
        // Screened options count too: the capacity below is searched with the deciding model.
        $0.deviceKind == .cuda && $0.deviceName == gpu.name && $0.meetsSLO && Recommender.isFounded($0)
      }
      guard let base = onGPU.first, var profile = base.candidate.profile else { return nil }
      let usdPerHour = (gpu.minVCPUs * vCPUPrice + Double(gpu.minMemoryMiB) / 1024 * platform.prices.usdPerGiBSecond
        + gpu.usdPerSecond) * 3600
      profile.name = platform.name
      profile.cloud = platform.cloud
      profile.region = platform.region
      profile.usdPerHour = usdPerHour
      profile.priceSource = platform.prices.source
      profile.prices = PriceOptions()
      profile.gpuCount = 1
      var candidate = base.candidate
      candidate.hardwareName = platform.name
      candidate.displayName = platform.name
      candidate.profile = profile
      candidate.replicasPerInstance = 1
      guard let capacity = pipeline.capacity(candidate, request: request, slo: request.latencySLOSeconds),
        let sized = size(candidate, capacity: capacity, at: request)
      else { return nil }
      var option = base
      option.candidate = candidate
      option.replicas = sized.replicas
      option.instances = sized.instances
      option.monthlyUSD = sized.monthlyUSD
      var endpointRequest = request
      if endpointRequest.autoscaling.scaleUpDelaySeconds == nil {
        endpointRequest.autoscaling.scaleUpDelaySeconds =
          AutoscalingPolicy.scaleUpDelaySeconds(instanceStartSeconds: gpu.startSeconds, weightBytes: model.weightBytes)
      }
      return compareFleets(option, traffic: traffic, request: endpointRequest, pipeline: pipeline)
    }
  }

  /// Each serverless platform priced with the service time of a 1-thread, batch-1 replica on a
  /// CPU of its architecture: the median over the plan's candidates of that architecture (the
  /// platforms don't say which CPU runs a function, so the figure is an estimate).
  func serverlessEstimates(_ options: [PlanOption], traffic: DailyTraffic, request: PlanRequest) -> [ServerlessEstimate] {
    serverless.compactMap { platform in
      let matching = options.filter {
        $0.deviceKind == .cpu && $0.candidate.threads == 1 && $0.batchSize == 1 && $0.candidate.excludedReason == nil
          && $0.candidate.profile?.cpu.architecture == platform.architecture
      }
      let curves = matching.map(\.candidate.curve).sorted { $0.meanSeconds(at: 1) < $1.meanSeconds(at: 1) }
      guard !curves.isEmpty else { return nil }
      let median = curves[curves.count / 2]
      let needed = matching.map(\.candidate.memoryNeededBytes).max() ?? model.weightBytes
      var estimate = ServerlessEstimate.estimate(
        platform, traffic: traffic, serviceSeconds: median.meanSeconds(at: 1),
        p99ServiceSeconds: median.points.first?.p99Seconds, neededBytes: needed,
        weightBytes: model.weightBytes, hoursPerMonth: request.hoursPerMonth)
      estimate?.isCrossFamilyEstimate = matching.allSatisfy(Recommender.isCrossFamilyEstimate)
      return estimate
    }
  }

  /// `option`'s fixed and autoscaled fleets over `traffic`, with every priced way to pay.
  func compareFleets(_ option: PlanOption, traffic: DailyTraffic, request: PlanRequest, pipeline: DecisionPipeline)
    -> FleetComparison?
  {
    let candidate = option.candidate
    guard let price = candidate.usdPerHour, option.instances > 0 else { return nil }
    let slo = request.latencySLOSeconds
    guard let capacity = pipeline.capacity(candidate, request: request, slo: slo)
      ?? pipeline.capacity(candidate, request: request, slo: nil)
    else { return nil }
    let b = Double(candidate.batchSize)
    let saturation = b / candidate.curve.meanSeconds(at: b)
    guard saturation.isFinite, saturation > 0, let model = try? SimulatedLatencyPredictor.serviceTimeModel(candidate.curve)
    else { return nil }
    let samples = DaySampleCache(
      simulation: ServingSimulation(serviceTimes: model), maxBatchSize: candidate.batchSize,
      delay: capacity.batchingDelaySeconds)
    let simulator = FleetDaySimulator(
      capacityPerReplica: capacity.ratePerSecond, saturationRatePerSecond: saturation,
      replicasPerInstance: candidate.replicasPerInstance, latencies: samples.sortedLatencies)
    let policy = request.autoscaling.policy(
      replicasPerInstance: candidate.replicasPerInstance, kind: candidate.deviceKind, weightBytes: self.model.weightBytes)
    let fixed = simulator.fixed(traffic, instances: option.instances)
    let autoscaled = simulator.autoscaled(traffic, policy: policy)
    var quotes = Self.quotes(
      fixed: fixed, autoscaled: autoscaled, fixedInstances: option.instances, policy: policy,
      profile: candidate.profile, usdPerHour: price, request: request)
    // The fixed fleet is the plan's own option: keep its price (a burstable's surplus included).
    if let monthly = option.monthlyUSD, !quotes.isEmpty { quotes[0].monthlyUSD = monthly }
    return FleetComparison(
      option: option, policy: policy, replicasPerInstance: candidate.replicasPerInstance, fixed: fixed,
      autoscaled: autoscaled, quotes: quotes)
  }

  /// Every way to pay the profiles price, for the fleets of one option.
  static func quotes(
    fixed: FleetDay, autoscaled: FleetDay, fixedInstances: Int, policy: AutoscalingPolicy, profile: HardwareProfile?,
    usdPerHour price: Double, request: PlanRequest
  ) -> [PaymentQuote] {
    let hours = request.hoursPerMonth
    func meets(_ day: FleetDay) -> Bool { day.p99Seconds.isFinite && (request.latencySLOSeconds.map { day.p99Seconds <= $0 } ?? true) }
    let range = autoscaled.baseInstances == autoscaled.peakInstances
      ? "\(autoscaled.peakInstances)" : "\(autoscaled.baseInstances)–\(autoscaled.peakInstances)"
    let lag = autoscaled.lagMinutes > 0
      ? "\(autoscaled.lagMinutes) min a day with fewer instances serving than wanted (scale-up delay "
        + "\(ReadableNumber.duration(policy.scaleUpDelaySeconds)))" : nil
    var quotes = [
      PaymentQuote(
        way: .fixedOnDemand, monthlyUSD: WaysToPay.fixedOnDemand(instances: fixedInstances, usdPerHour: price, hoursPerMonth: hours),
        p99Seconds: fixed.p99Seconds, meetsSLO: meets(fixed), isAllowed: true,
        summary: "fixed fleet of \(fixedInstances) on demand, sized for the peak", tradeOff: nil, source: nil),
      PaymentQuote(
        way: .autoscaled, monthlyUSD: WaysToPay.autoscaled(autoscaled, usdPerHour: price, hoursPerMonth: hours),
        p99Seconds: autoscaled.p99Seconds, meetsSLO: meets(autoscaled), isAllowed: true,
        summary: "autoscaled \(range) on demand", tradeOff: lag, source: nil),
    ]
    let commitments: [(PaymentWay, PriceOption?, String)] = [
      (.commit1Year, profile?.prices.commit1Year, "1-year"), (.commit3Year, profile?.prices.commit3Year, "3-year"),
    ]
    for (way, committed, term) in commitments {
      guard let committed else { continue }
      let (cost, whole) = WaysToPay.committed(
        fixedInstances: fixedInstances, autoscaled: autoscaled, usdPerHour: price,
        committedUSDPerHour: committed.usdPerHour, hoursPerMonth: hours)
      let day = whole ? fixed : autoscaled
      let allCommitted = whole || autoscaled.baseInstances == autoscaled.peakInstances
      quotes.append(PaymentQuote(
        way: way, monthlyUSD: cost, p99Seconds: day.p99Seconds, meetsSLO: meets(day), isAllowed: true,
        summary: allCommitted
          ? "\(whole ? "fixed fleet" : "fleet") of \(day.peakInstances) on a \(term) commitment"
          : "autoscaled \(range), \(autoscaled.baseInstances) on a \(term) commitment, the rest on demand",
        tradeOff: "a \(term) commitment: paid whether used or not" + (whole ? "" : (lag.map { "; " + $0 } ?? "")),
        source: committed.source))
    }
    let onDemand = min(policy.minInstances, autoscaled.baseInstances)
    // Spot only where some of the fleet runs above the on-demand minimum.
    if let spot = profile?.prices.spot, autoscaled.instanceHoursPerDay > 24 * Double(onDemand) + 1e-9 {
      let interruption = spot.interruption.map { " (interruption frequency \($0) a month)" } ?? ""
      quotes.append(PaymentQuote(
        way: .spot,
        monthlyUSD: WaysToPay.spot(
          autoscaled, minInstances: policy.minInstances, usdPerHour: price, spotUSDPerHour: spot.usdPerHour, hoursPerMonth: hours),
        p99Seconds: autoscaled.p99Seconds, meetsSLO: meets(autoscaled), isAllowed: request.allowsSpot,
        summary: "autoscaled \(range), \(onDemand) on demand as the fallback, the rest on spot",
        tradeOff: "spot instances can be taken back at short notice\(interruption); until replaced, the "
          + "\(onDemand) on-demand instance\(onDemand == 1 ? " carries" : "s carry") the load"
          + (request.allowsSpot ? "" : "; not recommended without --allow spot"),
        source: spot.source))
    }
    return quotes
  }
}

/// One replica's latency samples per rate step of a day, simulated once each.
final class DaySampleCache: Sendable {
  let simulation: ServingSimulation
  let maxBatchSize: Int
  let delay: Double
  private let stored = SharedMemo<Double, [Double]>()

  init(simulation: ServingSimulation, maxBatchSize: Int, delay: Double) {
    self.simulation = simulation
    self.maxBatchSize = maxBatchSize
    self.delay = delay
  }

  /// Ascending latencies of one replica at `rate` requests/s, the first 2% (empty queue) left out;
  /// seed 1, so a plan is repeatable.
  func sortedLatencies(_ rate: Double) -> [Double] {
    stored.value(rate) {
      let configuration = ServingConfiguration(
        arrivals: .poisson(ratePerSecond: rate), replicas: 1, maxBatchSize: maxBatchSize, maxDelaySeconds: delay)
      let latencies = (try? simulation.requestLatencies(configuration, requests: Planner.dayRequestsPerStep, seed: 1)) ?? []
      return Array(latencies.dropFirst(latencies.count / 50)).sorted()
    }
  }
}

import Foundation
import Records

/// What one replication measured.
struct ReplicationOutcome: Sendable {
  var p50 = 0.0, p90 = 0.0, p99 = 0.0, p999 = 0.0, mean = 0.0
  var utilization = 0.0
  var meanBatchSize = 0.0
  var throughput = 0.0
  var countedRequests = 0
  var meanWait = 0.0
  var waitProbability = 0.0
}

/// Totals of one queue served by one or more replicas.
struct QueueTotals {
  var busySeconds = 0.0
  var lastEndSeconds = 0.0
  var batches = 0
  /// Summed wait (batch start − arrival) and count of requests that waited at all, after the
  /// warm-up.
  var waitSeconds = 0.0
  var waited = 0
}

extension ServingSimulation {
  /// Runs one replication: draws arrivals, serves them, and summarises.
  static func runReplication(
    configuration: ServingConfiguration, model: ServiceTimeModel, requests: Int, seed: UInt64,
    warmupFraction: Double
  ) -> ReplicationOutcome {
    var random = SimulationRandom(seed: seed)
    let arrivals = makeArrivals(configuration.arrivals, requests: requests, random: &random)
    var run = serveAll(
      arrivals: arrivals, configuration: configuration, model: model, warmupFraction: warmupFraction,
      random: &random)
    var outcome = ReplicationOutcome()
    guard !run.countedLatencies.isEmpty, let firstArrival = arrivals.first else { return outcome }
    run.countedLatencies.sort()
    let counted = run.countedLatencies
    outcome.p50 = Quantiles.nearestRank(0.50, ofSorted: counted)
    outcome.p90 = Quantiles.nearestRank(0.90, ofSorted: counted)
    outcome.p99 = Quantiles.nearestRank(0.99, ofSorted: counted)
    outcome.p999 = Quantiles.nearestRank(0.999, ofSorted: counted)
    outcome.mean = counted.reduce(0, +) / Double(counted.count)
    outcome.meanWait = run.totals.waitSeconds / Double(counted.count)
    outcome.waitProbability = Double(run.totals.waited) / Double(counted.count)
    let span = max(run.totals.lastEndSeconds - min(firstArrival, run.totals.lastEndSeconds), .leastNonzeroMagnitude)
    outcome.utilization = run.totals.busySeconds / (Double(configuration.replicas) * span)
    outcome.meanBatchSize = Double(arrivals.count) / Double(max(run.totals.batches, 1))
    outcome.throughput = Double(arrivals.count) / span
    outcome.countedRequests = counted.count
    return outcome
  }

  /// The arrival times of one replication: `requests` Poisson arrivals, or the trace.
  static func makeArrivals(_ process: ArrivalProcess, requests: Int, random: inout SimulationRandom) -> [Double] {
    switch process {
    case let .poisson(rate):
      var times = [Double](repeating: 0, count: requests)
      let meanGap = 1 / rate
      var time = 0.0
      for index in 0..<requests {
        time += random.nextExponential(mean: meanGap)
        times[index] = time
      }
      return times
    case let .trace(times):
      return times
    }
  }

  /// Every request's latency, in arrival order, plus totals.
  struct ServedRun {
    /// Latency of every request, in arrival order.
    var latencies: [Double]
    /// Latencies after each queue's warm-up (unordered).
    var countedLatencies: [Double]
    var totals: QueueTotals
  }

  /// Routes `arrivals` to the replicas and serves every queue.
  static func serveAll(
    arrivals: [Double], configuration: ServingConfiguration, model: ServiceTimeModel, warmupFraction: Double,
    random: inout SimulationRandom
  ) -> ServedRun {
    let count = arrivals.count
    let replicas = configuration.replicas
    var result = ServedRun(latencies: [Double](repeating: 0, count: count), countedLatencies: [], totals: QueueTotals())
    result.countedLatencies.reserveCapacity(count)

    func serveGroup(_ groupArrivals: [Double], indices: StrideTo<Int>, samplers: inout [ServiceTimeSampler]) {
      let warmup = Int(Double(groupArrivals.count) * warmupFraction)
      var groupLatencies = [Double](repeating: 0, count: groupArrivals.count)
      let totals = groupArrivals.withUnsafeBufferPointer { arrivalBuffer in
        groupLatencies.withUnsafeMutableBufferPointer { latencyBuffer in
          serveQueue(
            arrivals: arrivalBuffer, samplers: &samplers, configuration: configuration,
            latencies: latencyBuffer, countingFrom: warmup, random: &random)
        }
      }
      result.totals.busySeconds += totals.busySeconds
      result.totals.lastEndSeconds = max(result.totals.lastEndSeconds, totals.lastEndSeconds)
      result.totals.batches += totals.batches
      result.totals.waitSeconds += totals.waitSeconds
      result.totals.waited += totals.waited
      for (position, index) in indices.enumerated() { result.latencies[index] = groupLatencies[position] }
      result.countedLatencies.append(contentsOf: groupLatencies[warmup...])
    }

    switch configuration.routing {
    case .shared:
      var samplers = (0..<replicas).map { _ in model.makeSampler(maxBatchSize: configuration.maxBatchSize) }
      serveGroup(arrivals, indices: stride(from: 0, to: count, by: 1), samplers: &samplers)
    case .roundRobin:
      for replica in 0..<min(replicas, count) {
        let indices = stride(from: replica, to: count, by: replicas)
        let groupArrivals = indices.map { arrivals[$0] }
        var samplers = [model.makeSampler(maxBatchSize: configuration.maxBatchSize)]
        serveGroup(groupArrivals, indices: indices, samplers: &samplers)
      }
    }
    return result
  }

  /// Serves one FIFO queue with `samplers.count` replicas under the batching rule, writing each
  /// request's latency (end of its batch − its arrival) at its index, and summing waits from
  /// request `warmup` on.
  ///
  /// The replica that frees up first takes the next batch. Starting from the oldest waiting
  /// request (arrival a₀) and that replica's free time f: t₀ = max(f, a₀); if B requests have
  /// arrived by t₀ it takes B at t₀; otherwise it starts at max(t₀, min(arrival of the B-th
  /// waiting request, a₀ + D)) and takes those arrived by then (≤ B). With D = ∞ and fewer than B
  /// left in the run, the last batch starts at the last arrival (the final flush). Batches leave in
  /// order, so a heap of free times is all the state the queue needs.
  static func serveQueue(
    arrivals: UnsafeBufferPointer<Double>, samplers: inout [ServiceTimeSampler],
    configuration: ServingConfiguration, latencies: UnsafeMutableBufferPointer<Double>,
    countingFrom warmup: Int, random: inout SimulationRandom
  ) -> QueueTotals {
    let count = arrivals.count
    let maxBatch = configuration.maxBatchSize
    let maxDelay = configuration.maxDelaySeconds
    let replicas = samplers.count
    var heap = FreeTimeHeap(replicas: replicas)
    var lastEnd = [Double](repeating: 0, count: replicas)
    var totals = QueueTotals()
    var next = 0
    while next < count {
      let (free, replica) = heap.popEarliest()
      let oldest = arrivals[next]
      let ready = max(free, oldest)
      var taken = 0
      while taken < maxBatch, next + taken < count, arrivals[next + taken] <= ready { taken += 1 }
      var start = ready
      if taken < maxBatch {
        let fullIndex = next + maxBatch - 1
        let fillTime: Double
        if fullIndex < count {
          fillTime = arrivals[fullIndex]
        } else {
          fillTime = maxDelay.isInfinite ? arrivals[count - 1] : .infinity
        }
        start = max(ready, min(fillTime, oldest + maxDelay))
        while taken < maxBatch, next + taken < count, arrivals[next + taken] <= start { taken += 1 }
      }
      let idleGap = start - lastEnd[replica]
      let service = samplers[replica].next(batchSize: taken, idleGapSeconds: idleGap, random: &random)
      let end = start + service
      for index in next..<(next + taken) {
        latencies[index] = end - arrivals[index]
        if index >= warmup, start > arrivals[index] {
          totals.waitSeconds += start - arrivals[index]
          totals.waited += 1
        }
      }
      next += taken
      lastEnd[replica] = end
      totals.busySeconds += service
      totals.batches += 1
      totals.lastEndSeconds = max(totals.lastEndSeconds, end)
      heap.push(freeAt: end, replica: replica)
    }
    return totals
  }
}

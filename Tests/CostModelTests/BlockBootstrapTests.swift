import Foundation
import Testing

@testable import CostModel

@Suite("Block bootstrap")
struct BlockBootstrapTests {
  /// Lag-1 autocorrelation of a series.
  static func lag1(_ x: [Double]) -> Double {
    let mean = x.reduce(0, +) / Double(x.count)
    var numerator = 0.0, denominator = 0.0
    for i in x.indices {
      denominator += (x[i] - mean) * (x[i] - mean)
      if i > 0 { numerator += (x[i] - mean) * (x[i - 1] - mean) }
    }
    return numerator / denominator
  }

  /// A planted AR(1) series: x_t = 1 ms · (1 + 0.2 · y_t), y_t = φ y_{t−1} + √(1−φ²) ε_t, so its
  /// lag-1 autocorrelation is φ.
  static func plantedSeries(phi: Double, count: Int, seed: UInt64) -> [Double] {
    var random = SimulationRandom(seed: seed)
    var y = 0.0
    var series: [Double] = []
    for _ in 0..<count {
      y = phi * y + (1 - phi * phi).squareRoot() * random.nextStandardNormal()
      series.append(0.001 * max(0.05, 1 + 0.2 * y))
    }
    return series
  }

  @Test func blocksKeepThePlantedCorrelationAndIIDDestroysIt() throws {
    let series = Self.plantedSeries(phi: 0.9, count: 4_000, seed: 3)
    let planted = Self.lag1(series)
    #expect(abs(planted - 0.9) < 0.05)
    var random = SimulationRandom(seed: 11)
    let blocks = try BlockBootstrap(sequences: [series], blockLength: 100).resample(count: 20_000, random: &random)
    let iid = try BlockBootstrap(sequences: [series], blockLength: 1).resample(count: 20_000, random: &random)
    // Each block boundary breaks one lag-1 pair in 100, so about 0.99 of the correlation stays.
    #expect(abs(Self.lag1(blocks) - planted) < 0.05)
    #expect(abs(Self.lag1(iid)) < 0.05)
    // Both keep the distribution's mean.
    let mean = series.reduce(0, +) / Double(series.count)
    #expect(abs(blocks.reduce(0, +) / 20_000 - mean) < 0.02 * mean)
    #expect(abs(iid.reduce(0, +) / 20_000 - mean) < 0.02 * mean)
  }

  /// A block wraps around the end of its sequence and never mixes two sequences.
  @Test func blocksWrapWithinOneSequence() throws {
    let bootstrap = try BlockBootstrap(sequences: [[1, 2, 3], [10, 20, 30, 40, 50]], blockLength: 4)
    var random = SimulationRandom(seed: 5)
    let series = bootstrap.resample(count: 400, random: &random)
    for start in stride(from: 0, to: 400, by: 4) {
      let block = Array(series[start..<start + 4])
      let small = block.allSatisfy { $0 < 10 }, large = block.allSatisfy { $0 >= 10 }
      #expect(small || large)
      for i in 1..<4 {
        let step = block[i] / block[i - 1]
        #expect(small ? [2, 1.5, 1 / 3].contains(step) : [2, 1.5, 4 / 3.0, 1.25, 1 / 5.0].contains(step))
      }
    }
  }

  @Test(arguments: [(100, 0.001, 25), (100_000, 0.001, 250), (1_000, 0.000_01, 250), (8, 0.001, 2)])
  func defaultBlockLength(samples: Int, meanSeconds: Double, expected: Int) {
    #expect(BlockBootstrap.defaultBlockLength(sampleCount: samples, meanSeconds: meanSeconds) == expected)
  }

  /// A measured model keeps slow phases together, so its p99 under load exceeds that of an
  /// i.i.d. draw from the same samples (the effect the note measured: 12–95% at load ≥ 0.6).
  @Test func correlatedServiceRaisesP99() throws {
    let series = Self.plantedSeries(phi: 0.98, count: 5_000, seed: 9)
    let options = SimulationOptions(requestsPerReplication: 20_000, replications: 4, seed: 2)
    let configuration = ServingConfiguration(
      arrivals: .poisson(ratePerSecond: 750), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0)
    func p99(blockLength: Int) throws -> Double {
      let model = try ServiceTimeModel(
        sequencesByBatchSize: [1: [series]], blockLength: blockLength, basis: "planted", source: "planted")
      return try #require(ServingSimulation(serviceTimes: model).run(configuration, options: options).p99?.value)
    }
    #expect(try p99(blockLength: 200) > 1.2 * p99(blockLength: 1))
  }
}

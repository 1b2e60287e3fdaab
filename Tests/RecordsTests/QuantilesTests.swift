import Records
import Testing

@Suite("Quantiles: the one percentile and median")
struct QuantilesTests {
  @Test("nearest rank on 1…100 gives the q-th sample exactly")
  func nearestRankOnHundred() {
    let sorted = (1...100).map(Double.init)
    for (quantile, expected) in [(0.5, 50.0), (0.9, 90), (0.99, 99), (1, 100), (0, 1), (0.07, 7), (0.001, 1)] {
      #expect(Quantiles.nearestRank(quantile, ofSorted: sorted) == expected, "q = \(quantile)")
    }
  }

  /// Every whole percent on every n up to 300 against the exact integer rank ⌈percent·n/100⌉,
  /// so a quantile whose binary value is a hair off (0.07, 0.29, 0.57, …) gives no off-by-one rank.
  @Test("Decimal quantiles give the exact integer rank")
  func exactRanks() {
    for n in 1...300 {
      let sorted = (1...n).map(Double.init)
      for percent in 0...100 {
        let rank = min(max((percent * n + 99) / 100, 1), n)
        #expect(Quantiles.nearestRank(Double(percent) / 100, ofSorted: sorted) == Double(rank), "n \(n), p\(percent)")
      }
    }
    // 0.999 and 0.025 at the sizes the simulation uses.
    let large = (1...200_000).map(Double.init)
    #expect(Quantiles.nearestRank(0.999, ofSorted: large) == 199_800)
    #expect(Quantiles.nearestRank(0.025, ofSorted: Array(large.prefix(40))) == 1)
    #expect(Quantiles.nearestRank(0.975, ofSorted: Array(large.prefix(40))) == 39)
  }

  @Test("Median: the middle sample, or the mean of the middle two; nil for none", arguments: [
    ([3.0], 3.0), ([4, 1, 3, 2], 2.5), ([5, 1, 9], 5), ([2, 2], 2),
  ] as [([Double], Double)])
  func median(_ c: ([Double], Double)) {
    #expect(Quantiles.median(c.0) == c.1)
    #expect(Quantiles.median(ofSorted: c.0.sorted()) == c.1)
  }

  @Test("No samples, no median")
  func emptyMedian() {
    #expect(Quantiles.median([]) == nil)
  }
}

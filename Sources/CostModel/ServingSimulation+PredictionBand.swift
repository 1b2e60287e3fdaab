/// A predicted latency with the band a live run is expected to land in.
public struct PredictionBand: Sendable, Equatable {
  /// Lowest and highest latency (seconds) one live run is expected to show.
  public var low: Double
  public var high: Double
  /// What the band rests on, in words, for reports.
  public var basis: String
}

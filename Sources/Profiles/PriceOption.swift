/// One way to pay for an instance other than on demand (spot, or a 1- or 3-year commitment):
/// an effective price per hour with its source and date.
public struct PriceOption: Equatable, Sendable {
  /// USD per instance-hour. Spot: the figure to plan with (the mean over the region's zones when
  /// read). Commitments: the effective hourly rate with no upfront payment.
  public var usdPerHour: Double
  /// Spot only: the lowest and highest zone price in the region when read (spot prices move).
  public var rangeUSDPerHour: ClosedRange<Double>?
  /// Spot only: the provider's interruption-frequency bracket when read, e.g. ">20%" (AWS Spot
  /// Instance Advisor: the share of instances interrupted in a month).
  public var interruption: String?
  public var source: SourceNote

  public init(
    usdPerHour: Double, rangeUSDPerHour: ClosedRange<Double>? = nil, interruption: String? = nil, source: SourceNote
  ) {
    self.usdPerHour = usdPerHour
    self.rangeUSDPerHour = rangeUSDPerHour
    self.interruption = interruption
    self.source = source
  }
}

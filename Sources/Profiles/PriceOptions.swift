/// The ways to pay for an instance besides its on-demand `usdPerHour`; each is nil where no
/// source gives it.
public struct PriceOptions: Equatable, Sendable {
  /// Spot (AWS), Spot VM (GCP) or Azure Spot: can be taken away at short notice.
  public var spot: PriceOption?
  /// 1-year commitment, no upfront (AWS Reserved Instance or Savings Plan, GCP committed use
  /// discount, Azure reservation; the source says which).
  public var commit1Year: PriceOption?
  /// 3-year commitment, no upfront.
  public var commit3Year: PriceOption?

  public init(spot: PriceOption? = nil, commit1Year: PriceOption? = nil, commit3Year: PriceOption? = nil) {
    self.spot = spot
    self.commit1Year = commit1Year
    self.commit3Year = commit3Year
  }

  /// Whether no other way to pay is known.
  public var isEmpty: Bool { spot == nil && commit1Year == nil && commit3Year == nil }
}

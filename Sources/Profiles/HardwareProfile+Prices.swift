import YAMLLite

extension HardwareProfile {
  static let priceKeys = ["spot", "commit_1y", "commit_3y", "note"]
  static let spotKeys = ["usd_per_hour", "range_usd_per_hour", "interruption", "source", "as_of", "note"]
  static let commitKeys = ["usd_per_hour", "source", "as_of", "note"]

  /// Reads the optional `prices:` block (format in docs/profiles.md): `spot`, `commit_1y` and
  /// `commit_3y`, each with its own `usd_per_hour`, `source` and `as_of`.
  ///
  /// A spot price may not exceed the on-demand one (`onDemand`) and must lie in its
  /// `range_usd_per_hour`; a commitment must cost less than on demand, and 3 years no more
  /// than 1 year.
  static func readPrices(_ fields: FieldReader, onDemand: Double) throws(ProfileError) -> PriceOptions {
    guard let block = try fields.optionalNested(
      "prices", meaning: "other ways to pay: spot, commit_1y, commit_3y", context: "prices", allowed: priceKeys)
    else { return PriceOptions() }
    try block.checkNote()
    var options = PriceOptions()
    if let spot = try block.optionalNested(
      "spot", meaning: "the spot price", context: "spot", allowed: spotKeys)
    {
      let price = try spot.number("usd_per_hour", meaning: "spot price to plan with, USD per hour")
      guard price <= onDemand else {
        throw spot.invalid("usd_per_hour", "must not exceed the on-demand price (\(onDemand)), found \(price).")
      }
      let range = try spot.optionalRange("range_usd_per_hour", meaning: "lowest and highest zone price")
      if let range, !range.contains(price) {
        throw spot.invalid(
          "usd_per_hour", "must lie in range_usd_per_hour [\(range.lowerBound), \(range.upperBound)], found \(price).")
      }
      let interruption = try spot.optionalString(
        "interruption", meaning: "interruption-frequency bracket, e.g. \">20%\"")
      try spot.checkNote()
      options.spot = PriceOption(
        usdPerHour: price, rangeUSDPerHour: range, interruption: interruption, source: try spot.sourceNote())
    }
    options.commit1Year = try readCommitment(block, key: "commit_1y", onDemand: onDemand)
    options.commit3Year = try readCommitment(block, key: "commit_3y", onDemand: onDemand)
    if let oneYear = options.commit1Year, let threeYears = options.commit3Year,
      threeYears.usdPerHour > oneYear.usdPerHour
    {
      throw block.invalid(
        "commit_3y", "must not cost more per hour than commit_1y (\(oneYear.usdPerHour)), found \(threeYears.usdPerHour).")
    }
    return options
  }

  static func readCommitment(_ block: FieldReader, key: String, onDemand: Double) throws(ProfileError) -> PriceOption? {
    guard let entry = try block.optionalNested(
      key, meaning: "a committed price", context: key, allowed: commitKeys)
    else { return nil }
    let price = try entry.number("usd_per_hour", meaning: "effective USD per hour, no upfront payment")
    guard price < onDemand else {
      throw entry.invalid("usd_per_hour", "must be below the on-demand price (\(onDemand)), found \(price).")
    }
    try entry.checkNote()
    return PriceOption(usdPerHour: price, source: try entry.sourceNote())
  }
}

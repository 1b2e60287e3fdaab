import Profiles

/// One way to pay for a fleet over a day of traffic.
public enum PaymentWay: String, Sendable, CaseIterable {
  /// On demand, a fixed fleet sized for the day's peak (what a plan without a traffic shape prices).
  case fixedOnDemand = "fixed_on_demand"
  /// On demand, the fleet following the traffic (`AutoscalingPolicy`).
  case autoscaled
  /// The base (instances billed every minute of the day) on a 1-year commitment, the rest of the
  /// autoscaled fleet on demand; or the whole fixed fleet committed, whichever is cheaper.
  case commit1Year = "commit_1y"
  /// As `commit1Year` with the 3-year price.
  case commit3Year = "commit_3y"
  /// The minimum instances on demand (the fallback when spot capacity is taken away), the rest of
  /// the autoscaled fleet on spot.
  case spot
}

/// A fleet's monthly cost paid one way, and what that way asks of the user.
public struct PaymentQuote: Sendable, Equatable {
  public var way: PaymentWay
  /// USD per month (730 hours).
  public var monthlyUSD: Double
  /// p99 over the day of the fleet this quote pays for (seconds).
  public var p99Seconds: Double
  public var meetsSLO: Bool
  /// Whether the plan may recommend it: spot only with `--allow spot`.
  public var isAllowed: Bool
  /// How the fleet is paid: "autoscaled 1–3 instances, 1 on a 1-year commitment".
  public var summary: String
  /// What the user accepts in exchange; nil when nothing beyond the fixed fleet.
  public var tradeOff: String?
  /// Where the price came from (spot and commitments); nil for on demand.
  public var source: SourceNote?
}

/// The monthly cost of each way to pay, from the billed instance-hours of a day (×730/24).
///
///     fixed on demand   N × p × H                                 N instances all month
///     autoscaled        h × p × H/24                              h instance-hours a day
///     committed         min(N × c × H, b × c × H + (h − 24b) × p × H/24)   b = base instances
///     spot              m × p × H + (h − 24m) × s × H/24          m = minimum instances
///
/// with p the on-demand, c the committed and s the spot USD per hour and H = 730 hours.
public enum WaysToPay {
  public static func fixedOnDemand(instances: Int, usdPerHour: Double, hoursPerMonth: Double) -> Double {
    Double(instances) * usdPerHour * hoursPerMonth
  }

  public static func autoscaled(_ day: FleetDay, usdPerHour: Double, hoursPerMonth: Double) -> Double {
    day.instanceHoursPerDay * usdPerHour * hoursPerMonth / 24
  }

  /// The committed cost and whether the fixed fleet (rather than the autoscaled one's base) is
  /// the cheaper to commit.
  public static func committed(
    fixedInstances: Int, autoscaled day: FleetDay, usdPerHour: Double, committedUSDPerHour: Double, hoursPerMonth: Double
  ) -> (monthlyUSD: Double, wholeFixedFleet: Bool) {
    let whole = Double(fixedInstances) * committedUSDPerHour * hoursPerMonth
    let base = Double(day.baseInstances)
    let split = base * committedUSDPerHour * hoursPerMonth
      + max(0, day.instanceHoursPerDay - 24 * base) * usdPerHour * hoursPerMonth / 24
    return whole < split ? (whole, true) : (split, false)
  }

  public static func spot(
    _ day: FleetDay, minInstances: Int, usdPerHour: Double, spotUSDPerHour: Double, hoursPerMonth: Double
  ) -> Double {
    let onDemand = Double(min(minInstances, day.baseInstances))
    return onDemand * usdPerHour * hoursPerMonth
      + max(0, day.instanceHoursPerDay - 24 * onDemand) * spotUSDPerHour * hoursPerMonth / 24
  }
}

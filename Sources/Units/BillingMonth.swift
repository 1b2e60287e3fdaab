/// The month infer-plan bills and converts rates in: 730 hours (8760 h ÷ 12), the convention
/// cloud price pages and calculators use for a monthly price from an hourly one. Rates given
/// per month (`2M/month`), budgets per day or hour, workloads' `hours_per_month` default and
/// the plan's monthly cost all use it.
public enum BillingMonth {
  /// Hours in a billed month: 730.
  public static let hours = 730.0
}

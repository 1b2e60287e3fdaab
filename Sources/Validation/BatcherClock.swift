/// The batcher's clock: seconds since the run began.
public protocol BatcherClock: AnyObject {
  var nowSeconds: Double { get }
  /// Waits until `nowSeconds >= deadline`.
  func sleep(untilSeconds deadline: Double)
}

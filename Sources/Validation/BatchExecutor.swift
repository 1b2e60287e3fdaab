/// Runs one batch of the model.
public protocol BatchExecutor: AnyObject {
  /// Runs a forward pass over `batchSize` requests and returns when it is done.
  func run(batchSize: Int) throws
}

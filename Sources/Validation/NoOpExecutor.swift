/// A model whose pass does nothing (the request-path probe).
final class NoOpExecutor: BatchExecutor, Sendable {
  func run(batchSize: Int) throws {}
}

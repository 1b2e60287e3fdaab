/// The shape of one float value, independent of batch size and sequence length.
struct BufferShape: Equatable, Sendable {
  var scope: RowScope
  var width: Int

  /// Rows for a batch: `batch × sequence` per-token, `batch` per-sample.
  func rows(batchSize: Int, sequenceLength: Int) -> Int {
    scope == .token ? batchSize * sequenceLength : batchSize
  }
}

import Dispatch
import Profiling
import Records

/// Where a measurement is, for the one progress line on a terminal's stderr: "point 3/12,
/// ETA ~8 s". The ETA is the mean time of the points done so far times the points left (a
/// sweep that stops early at its latency limit ends sooner).
final class MeasurementProgress {
  /// Points in all: devices or thread counts × batch sizes × pacings.
  let total: Int
  private(set) var done = 0
  private let start = DispatchTime.now().uptimeNanoseconds

  init(total: Int) { self.total = max(1, total) }

  /// The points of one sweep with `options`.
  static func points(_ options: ProfilerOptions) -> Int {
    Set(options.batchSizes).count * max(1, options.pacings.count)
  }

  /// Counts a finished point.
  func finishPoint() { done = min(total, done + 1) }

  /// "point 3/12, ETA ~8 s" (no ETA before the first point finishes).
  var text: String {
    var text = "point \(min(total, done + 1))/\(total)"
    if done > 0 && done < total {
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      text += ", ETA ~" + ReadableNumber.duration(elapsed / Double(done) * Double(total - done))
    }
    return text
  }
}

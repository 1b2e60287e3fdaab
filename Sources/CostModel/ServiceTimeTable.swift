import Foundation

/// Parses the `--service-table` text: comma-separated `BATCH:TIME` entries, TIME with a unit
/// `us`, `µs`, `ms` or `s` ("1:1.2ms,8:1.9ms").
public enum ServiceTimeTable {
  /// The entries as (batch size, seconds), in the given order.
  /// - Throws: `SimulationError.emptyTable`, `.badTableEntry` naming the entry and what is wrong,
  ///   `.duplicateBatchSize`.
  public static func parse(_ text: String) throws -> [(batchSize: Int, seconds: Double)] {
    let entries = text.split(separator: ",", omittingEmptySubsequences: true)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    guard !entries.isEmpty else { throw SimulationError.emptyTable }
    var result: [(batchSize: Int, seconds: Double)] = []
    for entry in entries {
      let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2 else { throw SimulationError.badTableEntry(entry, reason: "expected one ':'") }
      guard let batchSize = Int(parts[0]) else {
        throw SimulationError.badTableEntry(entry, reason: "'\(parts[0])' is not a whole number")
      }
      guard batchSize >= 1 else { throw SimulationError.badTableEntry(entry, reason: "the batch size must be at least 1") }
      guard let seconds = seconds(String(parts[1])) else {
        throw SimulationError.badTableEntry(entry, reason: "'\(parts[1])' is not a time with a unit (us, ms, s)")
      }
      guard seconds.isFinite, seconds > 0 else {
        throw SimulationError.badTableEntry(entry, reason: "the time must be finite and above 0")
      }
      if result.contains(where: { $0.batchSize == batchSize }) { throw SimulationError.duplicateBatchSize(batchSize) }
      result.append((batchSize, seconds))
    }
    return result
  }

  static func seconds(_ text: String) -> Double? {
    for (suffix, scale) in [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)] where text.hasSuffix(suffix) {
      return Double(text.dropLast(suffix.count)).map { $0 * scale }
    }
    return nil
  }
}

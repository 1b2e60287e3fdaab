import Foundation

/// The size in bytes of the file at `path`, or nil when it can't be found out: readers of
/// untrusted files check it against their limit before reading anything.
public func fileSize(_ path: String) -> Int? {
  guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else { return nil }
  return Int(clamping: size.int64Value)
}

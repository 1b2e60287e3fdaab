import Foundation
import Records

/// File-system helpers shared by the model and `.npy` readers and writers.
enum FileAccess {
  /// A short reason for a failed read or write ("no such file", "permission denied", …).
  static func reason(for error: Error, path: String) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
    if isDirectory.boolValue { return "it is a folder" }
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain, let message = strerror(Int32(underlying.code))
    {
      return String(cString: message).lowercased()
    }
    if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
    return nsError.localizedDescription
  }

  /// Writes `data` to `path` atomically (`AtomicFile`), so readers never see a half-written file.
  /// - Returns: nil on success, or a short reason.
  static func writeAtomically(_ data: Data, to path: String) -> String? {
    do { try AtomicFile.write(data, to: path) } catch { return error.reason }
    return nil
  }

  /// Checks before slow work that `path` could be written: its folder exists and is writable and
  /// `path` is not a folder. - Returns: nil when writable, or a short reason.
  static func writeProblem(at path: String) -> String? {
    do { try AtomicFile.checkWritable(path) } catch { return error.reason }
    return nil
  }
}

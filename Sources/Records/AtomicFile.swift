import Foundation

/// Writes files so that no half-written file is ever left: to a temporary file in the same
/// folder, then renamed over the destination (rename is atomic within one file system).
public enum AtomicFile {
  /// Writes `data` to `path` atomically.
  /// - Throws: `MeasurementsTableError.cannotWrite` with the system's reason.
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try data.write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw MeasurementsTableError.cannotWrite(path: path, reason: reason(of: error, folder: folder.path))
    }
    if rename(temporary.path, url.path) != 0 {
      let message = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw MeasurementsTableError.cannotWrite(path: path, reason: message)
    }
  }

  /// Checks, before any slow work, that a file can be created at `path`: its folder exists
  /// and is writable, and `path` itself is not a folder.
  /// - Throws: `MeasurementsTableError.cannotWrite` saying which.
  public static func checkWritable(_ path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw MeasurementsTableError.cannotWrite(path: path, reason: "it is a folder")
    }
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw MeasurementsTableError.cannotWrite(path: path, reason: "folder \(folder) does not exist")
    }
    guard access(folder, W_OK) == 0 else {
      throw MeasurementsTableError.cannotWrite(path: path, reason: "folder \(folder) is not writable")
    }
  }

  private static func reason(of error: any Error, folder: String) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
  }
}

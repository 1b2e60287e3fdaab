import Foundation

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

  /// Writes `data` to `path` atomically: to a temporary file in the same folder, then renamed
  /// over `path`, so readers never see a half-written file.
  /// - Returns: nil on success, or a short reason.
  static func writeAtomically(_ data: Data, to path: String) -> String? {
    if let problem = writeProblem(at: path) { return problem }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else {
      let code = errno
      unlink(temporary)
      return code != 0 ? String(cString: strerror(code)).lowercased() : "cannot create a file in \(folder)"
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      return String(cString: strerror(code)).lowercased()
    }
    return nil
  }

  /// Checks before slow work that `path` could be written: its folder exists and is writable and
  /// `path` is not a folder. - Returns: nil when writable, or a short reason.
  static func writeProblem(at path: String) -> String? {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      return "folder \(folder) does not exist"
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      return "it is a folder"
    }
    return FileManager.default.isWritableFile(atPath: folder) ? nil : "folder \(folder) is not writable"
  }
}

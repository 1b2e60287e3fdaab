import Foundation

/// A file that could not be written. Nothing is left behind: neither a half-written file nor
/// the temporary one.
public enum AtomicFileError: Error, Equatable, CustomStringConvertible {
  case folderMissing(path: String, folder: String)
  case folderNotWritable(path: String, folder: String)
  case isFolder(path: String)
  case writeFailed(path: String, reason: String)

  /// The file that could not be written.
  public var path: String {
    switch self {
    case let .folderMissing(path, _), let .folderNotWritable(path, _), let .isFolder(path), let .writeFailed(path, _): path
    }
  }

  /// Why, without the path: "folder /x does not exist", "it is a folder", … (for callers that
  /// word the message around an option).
  public var reason: String {
    switch self {
    case let .folderMissing(_, folder): "folder \(folder) does not exist"
    case let .folderNotWritable(_, folder): "folder \(folder) is not writable"
    case .isFolder: "it is a folder"
    case let .writeFailed(_, reason): reason
    }
  }

  public var description: String {
    switch self {
    case let .folderMissing(path, folder):
      "\(path): the folder '\(folder)' does not exist; create it or choose another path."
    case let .folderNotWritable(path, folder):
      "\(path): the folder '\(folder)' is not writable; choose another path."
    case let .isFolder(path):
      "\(path): is a folder, not a file; give the name of a file inside it."
    case let .writeFailed(path, reason):
      "\(path): could not be written (\(reason)); nothing was left behind."
    }
  }
}

/// Writes files whole or not at all: into a temporary file in the same folder, then renamed
/// over the destination (rename is atomic within one file system), so a reader never sees a
/// half-written file and a failed write leaves the old file as it was.
public enum AtomicFile {
  /// Checks, before any slow work, that a file can be created at `path`: its folder exists and
  /// is writable, and `path` itself is not a folder.
  /// - Throws: `AtomicFileError` saying which.
  public static func checkWritable(_ path: String) throws(AtomicFileError) {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw AtomicFileError.isFolder(path: path)
    }
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
      throw AtomicFileError.folderMissing(path: path, folder: folder)
    }
    guard access(folder, W_OK) == 0 else { throw AtomicFileError.folderNotWritable(path: path, folder: folder) }
  }

  /// Writes `text` (UTF-8) to `path` atomically.
  /// - Throws: `AtomicFileError`.
  public static func write(_ text: String, to path: String) throws(AtomicFileError) { try write(Data(text.utf8), to: path) }

  /// Writes `data` to `path` atomically.
  /// - Throws: `AtomicFileError`.
  public static func write(_ data: Data, to path: String) throws(AtomicFileError) {
    // A SIGINT or SIGTERM now waits until the file is in place (or the write has failed and
    // cleaned up), so neither a half-written file nor the temporary outlives the process.
    try TerminationGuard.whileWriting { () throws(AtomicFileError) in try unguardedWrite(data, to: path) }
  }

  private static func unguardedWrite(_ data: Data, to path: String) throws(AtomicFileError) {
    try checkWritable(path)
    let url = URL(fileURLWithPath: path)
    // Unique per call, so two writers of one file (threads or processes) never share a temporary.
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    do {
      try data.write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw AtomicFileError.writeFailed(path: path, reason: systemReason(of: error))
    }
    if rename(temporary.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw AtomicFileError.writeFailed(path: path, reason: reason)
    }
  }

  /// The system's short reason ("No space left on device") behind a Foundation write error.
  private static func systemReason(of error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
  }
}

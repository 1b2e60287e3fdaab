import Foundation

/// A problem writing an output file.
public enum OutputFileError: Error, Equatable, CustomStringConvertible {
  case folderMissing(path: String, folder: String)
  case notWritable(path: String, folder: String)
  case isFolder(path: String)
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case let .folderMissing(path, folder):
      "\(path): the folder '\(folder)' does not exist; create it or choose another path."
    case let .notWritable(path, folder):
      "\(path): the folder '\(folder)' is not writable; choose another path."
    case let .isFolder(path):
      "\(path): is a folder; give a file name, e.g. \(path)/plan.csv."
    case let .writeFailed(path, reason):
      "\(path): could not be written (\(reason)); nothing was left behind."
    }
  }
}

/// Writes files whole or not at all: into a temporary file in the same folder, then renamed
/// over the target (rename is atomic within one file system).
public enum OutputFile {
  /// Checks, before any slow work, that `path` can be written: its folder exists and is
  /// writable, and it is not a folder itself.
  public static func checkWritable(_ path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw OutputFileError.isFolder(path: path)
    }
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw OutputFileError.folderMissing(path: path, folder: folder)
    }
    guard access(folder, W_OK) == 0 else { throw OutputFileError.notWritable(path: path, folder: folder) }
  }

  /// Writes `text` to `path` atomically.
  public static func write(_ text: String, to path: String) throws {
    try checkWritable(path)
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    do {
      try Data(text.utf8).write(to: temporary)
      if rename(temporary.path, path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw OutputFileError.writeFailed(path: path, reason: reason)
      }
    } catch let error as OutputFileError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw OutputFileError.writeFailed(path: path, reason: error.localizedDescription)
    }
  }
}

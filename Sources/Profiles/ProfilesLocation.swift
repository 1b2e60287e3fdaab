import Foundation

/// The profiles folder in use and how it was chosen; the report prints `description`.
public struct ProfilesLocation: Equatable, Sendable, CustomStringConvertible {
  /// How the folder was chosen, in lookup order.
  public enum Origin: String, Equatable, Sendable {
    /// `--profiles DIR`.
    case option = "--profiles"
    /// `$INFER_PLAN_PROFILES`.
    case environment = "$INFER_PLAN_PROFILES"
    /// `./Profiles` in the current directory.
    case currentDirectory = "./Profiles"
    /// A `Profiles` folder next to or above the executable (the repository's, for a build in `.build/`).
    case executable = "next to the executable"
  }

  /// Absolute, standardized path of the folder.
  public var directory: String
  public var origin: Origin

  public init(directory: String, origin: Origin) {
    self.directory = directory
    self.origin = origin
  }

  /// "/work/Profiles (from --profiles)".
  public var description: String { "\(directory) (from \(origin.rawValue))" }

  /// Finds the profiles folder: `option` (`--profiles DIR`), else `environment`
  /// (`$INFER_PLAN_PROFILES`, ignored when empty), else `currentDirectory/Profiles`, else the
  /// first `Profiles` folder in the executable's folder or one of its parents. A folder given
  /// explicitly must exist; one found automatically must hold a `hardware` folder, so an
  /// unrelated "Profiles" folder is skipped. Reads no environment itself: `main` passes it in.
  ///
  /// - Parameters:
  ///   - option: the value of `--profiles`, or nil.
  ///   - environment: the value of `INFER_PLAN_PROFILES`, or nil.
  ///   - currentDirectory: the working directory, to resolve relative paths.
  ///   - executablePath: the running executable's path, or nil.
  ///   - isDirectory: whether a path is an existing folder (the file system by default).
  /// - Throws: `ProfileError.missingDirectory` for an explicit folder that doesn't exist,
  ///   `ProfileError.notFound` listing the places tried.
  public static func find(
    option: String?, environment: String?, currentDirectory: String, executablePath: String?,
    isDirectory: (String) -> Bool = ProfilesLocation.folderExists
  ) throws(ProfileError) -> ProfilesLocation {
    func absolute(_ path: String) -> String {
      let url = path.hasPrefix("/")
        ? URL(fileURLWithPath: path) : URL(fileURLWithPath: currentDirectory).appendingPathComponent(path)
      return url.standardized.path
    }
    if let option {
      let path = absolute(option)
      guard isDirectory(path) else { throw .missingDirectory(path: path, from: Origin.option.rawValue) }
      return ProfilesLocation(directory: path, origin: .option)
    }
    if let environment, !environment.isEmpty {
      let path = absolute(environment)
      guard isDirectory(path) else { throw .missingDirectory(path: path, from: Origin.environment.rawValue) }
      return ProfilesLocation(directory: path, origin: .environment)
    }
    var tried: [String] = []
    let local = absolute("Profiles")
    tried.append(local)
    if isDirectory(local + "/hardware") { return ProfilesLocation(directory: local, origin: .currentDirectory) }
    if let executablePath {
      var folder = URL(fileURLWithPath: absolute(executablePath)).deletingLastPathComponent()
      while true {
        let candidate = folder.appendingPathComponent("Profiles").standardized.path
        tried.append(candidate)
        if isDirectory(candidate + "/hardware") { return ProfilesLocation(directory: candidate, origin: .executable) }
        let parent = folder.deletingLastPathComponent().standardized
        if parent.path == folder.standardized.path || tried.count > 64 { break }
        folder = parent
      }
    }
    throw .notFound(tried: tried)
  }

  /// Whether `path` is an existing folder.
  public static func folderExists(_ path: String) -> Bool {
    var isFolder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
  }
}

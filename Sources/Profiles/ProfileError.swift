import YAMLLite

/// A problem found while finding or reading the profiles: each names the file, line and key,
/// what was found, and how to fix it.
public enum ProfileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The YAML-lite text itself is malformed.
  case syntax(YAMLLiteError)
  /// A folder or file could not be read.
  case unreadable(path: String, reason: String)
  /// No profiles folder was given or found; `tried` lists the places looked at.
  case notFound(tried: [String])
  /// A folder given with `--profiles` or `$INFER_PLAN_PROFILES` does not exist.
  case missingDirectory(path: String, from: String)
  /// The profiles folder holds no hardware files.
  case noHardware(directory: String)
  /// A required key is absent; `meaning` says what it holds.
  case missingKey(file: String, line: Int, context: String, key: String, meaning: String)
  /// A key that the format doesn't have, with the closest known key if any.
  case unknownKey(file: String, line: Int, context: String, key: String, suggestion: String?, known: [String])
  /// A value of the wrong kind ("expected a number, found a string 'abc'").
  case wrongType(file: String, line: Int, context: String, key: String, expected: String, found: String)
  /// A value of the right kind outside its range or format.
  case invalidValue(file: String, line: Int, context: String, key: String, problem: String)
  /// Two hardware or workload profiles share a name.
  case duplicateName(name: String, file: String, line: Int, firstDefinedAt: String)
  /// No hardware profile has this name.
  case unknownHardware(name: String, suggestion: String?, known: [String])
  /// No workload profile has this name.
  case unknownWorkload(name: String, suggestion: String?, known: [String])

  public var description: String {
    switch self {
    case .syntax(let error):
      return error.description
    case let .unreadable(path, reason):
      return "\(path): can't read it (\(reason))."
    case let .notFound(tried):
      return "no profiles folder found (looked for \(tried.joined(separator: ", "))). "
        + "Pass --profiles DIR or set INFER_PLAN_PROFILES to a folder holding hardware/*.yaml."
    case let .missingDirectory(path, from):
      return "profiles folder '\(path)' (from \(from)) does not exist; give a folder holding hardware/*.yaml."
    case let .noHardware(directory):
      return "\(directory): no hardware/*.yaml files; add at least one (see docs/profiles.md)."
    case let .missingKey(file, line, context, key, meaning):
      return "\(file):\(line): \(context): missing key '\(key)' (\(meaning))."
    case let .unknownKey(file, line, context, key, suggestion, known):
      let hint = suggestion.map { " Did you mean '\($0)'?" } ?? " Known keys: \(known.joined(separator: ", "))."
      return "\(file):\(line): \(context): unknown key '\(key)'.\(hint)"
    case let .wrongType(file, line, context, key, expected, found):
      return "\(file):\(line): \(context): '\(key)' must be \(expected), found \(found)."
    case let .invalidValue(file, line, context, key, problem):
      return "\(file):\(line): \(context): '\(key)' \(problem)"
    case let .duplicateName(name, file, line, first):
      return "\(file):\(line): profile name '\(name)' is already defined at \(first); names must be unique."
    case let .unknownHardware(name, suggestion, known):
      return "unknown hardware '\(name)'." + Self.hint(suggestion, known)
    case let .unknownWorkload(name, suggestion, known):
      return "unknown workload '\(name)'." + Self.hint(suggestion, known)
    }
  }

  static func hint(_ suggestion: String?, _ known: [String]) -> String {
    if let suggestion { return " Did you mean '\(suggestion)'?" }
    if known.isEmpty { return " No profiles are loaded." }
    return " Known: \(known.joined(separator: ", "))."
  }
}
